"""``make new``: a story's language variants, side by side, ready to write;
``make translated``: record which version of the original a translation
translates."""

import os
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from bilingual.fields import term_names, term_problem
from bilingual.front_matter import has_front_matter
from bilingual.settings import SLUG, language_codes
from bilingual.source import MARKDOWN_SUFFIXES, split_header

from .stories import Story

PLACEHOLDER = {
    "id": "Tulis berita di sini.",
    "en": "Write the story here.",
}


# A slug made from a long title is cut at a word boundary to this length: a
# file name stays far below the 255 bytes file systems allow, a URL readable.
MAX_SLUG = 80
# Line breaks and other control characters would end a header line early.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def new_story(
    content_dir: str,
    settings: Mapping[str, Any],
    title: str | None,
    slug: str | None = None,
    category: str | None = None,
    authors: str | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Write one draft file per language; refuse to overwrite. Returns paths.

    ``title`` and ``category`` are required; a value that cannot stand on one
    header line, or a slug that is not ``[a-z0-9-]+``, is a ``ValueError``."""
    languages = language_codes(settings)
    for name, value in (("TITLE", title), ("CATEGORY", category), ("AUTHORS", authors)):
        if value and CONTROL.search(value):
            raise ValueError(f"{name} must be one line without control characters: {value!r}")
    if title is None or not title.strip():
        raise ValueError('TITLE is required: make new TITLE="..." CATEGORY=...')
    if category is None or not category.strip():
        example = (known_categories(settings, languages[0]) or ["Teknologi"])[0]
        raise ValueError(
            f'CATEGORY is required, the section the story belongs in: make new TITLE="..." '
            f"CATEGORY={example}"
        )
    # The header's rules for terms (fields.py), the names split as the header's.
    for given, kind, names in (
        ("CATEGORY", "category", [category.strip()]),
        ("AUTHORS", "author", term_names(authors or "")),
    ):
        for name in names:
            why = term_problem(kind, name, settings)
            if why:
                raise ValueError(f"{given}: {why}")
    slug = slug or story_slug(title, settings)
    if not SLUG.fullmatch(slug):
        raise ValueError(f"SLUG {slug!r} must match [a-z0-9-]+ (lower-case letters, digits, -)")
    if len(slug) > MAX_SLUG:
        raise ValueError(f"SLUG is {len(slug)} characters long; keep it to {MAX_SLUG} or fewer")
    now = now or datetime.now(ZoneInfo(settings["TIMEZONE"]))
    folder = os.path.join(content_dir, "articles", f"{now:%Y}")
    paths = [os.path.join(folder, f"{slug}.{lang}.md") for lang in languages]
    existing = [
        os.path.join(folder, f"{slug}.{lang}{ext}")
        for lang in languages
        for ext in MARKDOWN_SUFFIXES
        if os.path.exists(os.path.join(folder, f"{slug}.{lang}{ext}"))
    ]
    if existing:
        raise FileExistsError(f"{existing[0]} already exists; not overwriting it")
    categories = _categories(settings, category.strip(), languages)
    os.makedirs(folder, exist_ok=True)
    for lang, path in zip(languages, paths, strict=True):
        header = [
            f"Title: {title.strip()}",
            f"Slug: {slug}",
            f"Date: {now:%Y-%m-%d %H:%M}",
            f"Category: {categories[lang]}",
            "Tags: ",
            f"Authors: {(authors or settings.get('AUTHOR') or '').strip()}",
            "Summary: ",
            "Status: draft",
        ]
        with open(path, "x", encoding="utf-8") as f:
            f.write("\n".join(header) + "\n\n" + PLACEHOLDER.get(lang, "") + "\n")
    return paths


def story_slug(title: str, settings: Mapping[str, Any]) -> str:
    """The slug of a title, cut at a word boundary to ``MAX_SLUG`` characters."""
    slug: str = slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    if not slug:
        raise ValueError(f"cannot make a slug from the title {title!r}; give one with SLUG=")
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[: MAX_SLUG + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:MAX_SLUG]


def known_categories(settings: Mapping[str, Any], lang: str) -> list[str]:
    """The categories ``BILINGUAL_TERMS`` names in ``lang``, sorted."""
    groups = settings.get("BILINGUAL_TERMS", {}).get("category", [])
    return sorted({group[lang] for group in groups if lang in group})


def _categories(settings: Mapping[str, Any], name: str, languages: Sequence[str]) -> dict[str, str]:
    """The category in each language, through BILINGUAL_TERMS when mapped."""
    for group in settings.get("BILINGUAL_TERMS", {}).get("category", []):
        if name in group.values():
            return {lang: group.get(lang, name) for lang in languages}
    return dict.fromkeys(languages, name)


def stamp_translations(content_dir: str, story: Story, default_lang: str) -> list[str]:
    """Write the original's body hash into each translation's header."""
    original = story.original(default_lang)
    stamped = []
    for variant in story.variants.values():
        if variant is original:
            continue
        path = os.path.join(content_dir, variant.path)
        with open(path, encoding="utf-8-sig") as f:
            text = f.read().replace("\r\n", "\n")
        header, _duplicates, body = split_header(text)
        head = text[: len(text) - len(body)].rstrip("\n").split("\n")
        closing = head.pop() if has_front_matter(text) else None  # YAML: "---" or "..."
        head = [line for line in head if not line.lower().startswith("original-hash:")]
        if closing is None:
            head.append(f"Original-Hash: {original.fingerprint}")
        else:
            # Quoted: the browser editor reads YAML 1.2, where 006978654e97 is
            # a number and 012345678901 loses its 0, and would save it so.
            head += [f'original-hash: "{original.fingerprint}"', closing]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(head) + ("\n" if closing else "\n\n") + body)
        stamped.append(variant.path)
    return stamped
