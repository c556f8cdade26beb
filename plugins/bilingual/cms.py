"""The browser editor at ``/admin/`` (Decap CMS), configured from settings.

Written only when ``BILINGUAL_CMS`` is on: ``admin/index.html`` (noindex),
``admin/config.yml`` built here from the site's languages and metadata, so
the editor cannot drift from what the reader accepts, and Decap's own files
copied from the npm package ``make cms-install`` pins (``cms/``), never
loaded from a CDN.

Decap writes one file per language side by side (i18n ``multiple_files``:
``{slug}.{locale}.md``), which is our layout, with YAML front matter, which
the reader accepts (``front_matter.py``). Category and tag fields offer the
existing terms of the file's own language (``admin/warta.js``).
"""

import glob
import os
from collections.abc import Iterable
from typing import Any

import yaml

from .settings import Settings, language_codes

ADMIN = "admin"
# Decap's entry script, its lazily loaded chunks and its WebAssembly.
DIST_FILES = ("decap-cms.js", "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")


def dist_files(folder: str) -> list[str]:
    """The files of Decap's ``dist/`` folder the editor loads, sorted."""
    found = sorted({p for pattern in DIST_FILES for p in glob.glob(os.path.join(folder, pattern))})
    if not any(p.endswith(os.sep + "decap-cms.js") for p in found):
        raise FileNotFoundError(
            f"{folder}/decap-cms.js is missing: run 'make cms-install' (npm ci in cms/) before"
            " building with BILINGUAL_CMS = True"
        )
    return found


def folder(settings: Settings, paths: str) -> str:
    """The first folder of the setting ``paths`` (``ARTICLE_PATHS``…) as
    Decap names it, relative to the repository (``content/articles``): the
    working folder, where ``make cms`` starts decap-server, or the folder
    that holds the content folder when that is elsewhere."""
    content = os.path.abspath(settings["PATH"])
    here = os.getcwd()
    inside = content == here or content.startswith(here + os.sep)
    root = here if inside else os.path.dirname(content)
    return os.path.relpath(os.path.join(content, first(settings, paths)), root).replace(os.sep, "/")


def first(settings: Settings, paths: str) -> str:
    """The first folder of ``paths``, as settings name it (``images``)."""
    return str(settings[paths][0]).strip("/")


def config(settings: Settings, terms: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    """The Decap configuration; ``terms`` is {kind: {lang: [names]}} for the
    category and tag choices."""
    languages = language_codes(settings)
    backend = dict(settings["BILINGUAL_CMS_BACKEND"])
    result: dict[str, Any] = {
        "backend": backend,
        # Used only when the editor is opened on localhost with decap-server
        # running (make cms); a published editor signs in through `backend`.
        "local_backend": {"url": f"http://127.0.0.1:{settings['BILINGUAL_CMS_PROXY_PORT']}/api/v1"},
        "media_folder": folder(settings, "STATIC_PATHS"),
        "public_folder": "/" + first(settings, "STATIC_PATHS"),
        "site_url": settings.get("SITEURL") or "/",
        "locale": "en",
        "i18n": {
            "structure": "multiple_files",
            "locales": languages,
            "default_locale": languages[0],
        },
        "collections": [_stories(settings, terms), _pages(settings)],
    }
    return result


def _stories(settings: Settings, terms: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    def choice(kind: str, **extra: Any) -> dict[str, Any]:
        return {"widget": "warta-term", "terms": terms.get(kind, {}), "i18n": True, **extra}

    return {
        "name": "stories",
        "label": "Stories · Berita",
        "label_singular": "Story · Berita",
        "folder": folder(settings, "ARTICLE_PATHS"),
        "path": "{{year}}/{{slug}}",
        # Repository-relative: a story's pictures go to content/images/,
        # not beside the story.
        "media_folder": "/" + folder(settings, "STATIC_PATHS"),
        "public_folder": "/" + first(settings, "STATIC_PATHS"),
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "i18n": True,
        "slug": "{{slug}}",
        "summary": "{{title}} ({{year}}-{{month}}-{{day}})",
        "sortable_fields": ["date", "title"],
        "fields": [
            {"name": "title", "label": "Title · Judul", "widget": "string", "i18n": True},
            {
                "name": "date",
                "label": "Date · Tanggal",
                "widget": "datetime",
                "i18n": "duplicate",
                # The offset keeps the instant whatever the browser's zone;
                # the reader converts it to TIMEZONE.
                "format": "YYYY-MM-DDTHH:mmZ",
                "date_format": "YYYY-MM-DD",
                "time_format": "HH:mm",
            },
            {"name": "category", "label": "Category · Rubrik", **choice("category")},
            {"name": "tags", "label": "Tags", "required": False, **choice("tag", multiple=True)},
            {
                "name": "authors",
                "label": "Authors · Penulis",
                "widget": "string",
                "hint": "Sari Wulandari, Budi Santoso",
                "required": False,
                # Not "duplicate": Decap would then write `authors: null` into
                # the other language's file of a story without authors.
                "i18n": True,
            },
            {
                "name": "summary",
                "label": "Summary · Ringkasan",
                "widget": "text",
                "required": False,
                "i18n": True,
            },
            *_image_fields(),
            {
                "name": "status",
                "label": "Status",
                "widget": "select",
                "options": ["published", "draft", "hidden"],
                "default": "draft",
                "i18n": True,
            },
            {
                "name": "corrections",
                "label": "Corrections · Koreksi",
                "widget": "list",
                "required": False,
                "i18n": True,
                "fields": [
                    {"name": "date", "widget": "string", "hint": "2026-03-02 10:00"},
                    {"name": "text", "widget": "string"},
                ],
            },
            {
                "name": "aliases",
                "label": "Old URLs · Alamat lama",
                "widget": "list",
                "required": False,
                "i18n": True,
            },
            {"name": "body", "label": "Story · Isi berita", "widget": "markdown", "i18n": True},
        ],
    }


def _image_fields() -> list[dict[str, Any]]:
    text = {"widget": "string", "required": False, "i18n": True}
    return [
        {
            "name": "image",
            "label": "Image · Gambar",
            "widget": "image",
            "required": False,
            "i18n": True,
        },
        {"name": "image_alt", "label": "Image text · Teks gambar", **text},
        {"name": "image_caption", "label": "Caption · Keterangan", **text},
        {"name": "image_credit", "label": "Credit · Kredit", **text},
    ]


def _pages(settings: Settings) -> dict[str, Any]:
    return {
        "name": "pages",
        "label": "Pages · Halaman",
        "folder": folder(settings, "PAGE_PATHS"),
        "path": "{{slug}}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "i18n": True,
        "fields": [
            {"name": "title", "label": "Title · Judul", "widget": "string", "i18n": True},
            {"name": "body", "label": "Text · Isi", "widget": "markdown", "i18n": True},
        ],
    }


def config_yaml(settings: Settings, terms: dict[str, dict[str, list[str]]]) -> str:
    return str(yaml.safe_dump(config(settings, terms), allow_unicode=True, sort_keys=False))


def term_names(
    settings: Settings, found: Iterable[tuple[str, str, str]]
) -> dict[str, dict[str, list[str]]]:
    """{kind: {lang: sorted names}} from (kind, lang, name) of published
    terms and from the BILINGUAL_TERMS mapping."""
    names: dict[str, dict[str, set[str]]] = {}
    mapped = (
        (kind, lang, name)
        for kind, groups in settings.get("BILINGUAL_TERMS", {}).items()
        for group in groups
        for lang, name in group.items()
    )
    for kind, lang, name in (*found, *mapped):
        if kind in ("category", "tag"):
            names.setdefault(kind, {}).setdefault(lang, set()).add(name)
    return {k: {lang: sorted(n) for lang, n in sorted(v.items())} for k, v in sorted(names.items())}


def admin_page(settings: Settings) -> str:
    """``admin/index.html``: Decap, our term widget and our stylesheet for
    the preview; kept out of search engines and the search index."""
    stylesheet = f"../{settings['THEME_STATIC_DIR']}/css/style.css"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Warta · Editor</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body data-pagefind-ignore="all">
<script src="decap-cms.js"></script>
<script src="warta.js" data-preview-css="{stylesheet}"></script>
</body>
</html>
"""
