"""``make new``: a story's language variants, side by side, ready to write;
``make translated``: record which version of the original a translation
translates."""

import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from bilingual.source import MARKDOWN_SUFFIXES, split_header

from .stories import Story

PLACEHOLDER = {
    "id": "Tulis berita di sini.",
    "en": "Write the story here.",
}


def new_story(content_dir, settings, title, slug=None, category=None, authors=None, now=None):
    """Write one draft file per language; refuse to overwrite. Returns paths."""
    languages = [settings["DEFAULT_LANG"]] + [
        c for c in settings["BILINGUAL_LANGUAGES"] if c != settings["DEFAULT_LANG"]
    ]
    slug = slug or slugify(title, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise ValueError(f"SLUG {slug!r} must match [a-z0-9-]+")
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
    categories = _categories(settings, category or "", languages)
    os.makedirs(folder, exist_ok=True)
    for lang, path in zip(languages, paths, strict=True):
        header = [
            f"Title: {title}",
            f"Slug: {slug}",
            f"Date: {now:%Y-%m-%d %H:%M}",
            f"Category: {categories[lang]}",
            "Tags: ",
            f"Authors: {authors or settings.get('AUTHOR', '')}",
            "Summary: ",
            "Status: draft",
        ]
        with open(path, "x", encoding="utf-8") as f:
            f.write("\n".join(header) + "\n\n" + PLACEHOLDER.get(lang, "") + "\n")
    return paths


def _categories(settings, name, languages):
    """The category in each language, through BILINGUAL_TERMS when mapped."""
    for group in settings.get("BILINGUAL_TERMS", {}).get("category", []):
        if name in group.values():
            return {lang: group.get(lang, name) for lang in languages}
    return dict.fromkeys(languages, name)


def stamp_translations(content_dir, story: Story, default_lang):
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
        head = [line for line in head if not line.lower().startswith("original-hash:")]
        head.append(f"Original-Hash: {original.fingerprint}")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(head) + "\n\n" + body)
        stamped.append(variant.path)
    return stamped
