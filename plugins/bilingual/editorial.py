"""Newsroom metadata: old URLs (``Aliases``), dated corrections, the source a
story is based on, and who translated it and how.

Each field is checked when its file is read (``fields.check_header``, which
names the file, the line and the field, for the build and ``make status``
alike); the site is linked only from files that passed, so the functions
that take a content object parse values known to be well formed.

    Aliases: old-slug, 2025/06/older-slug
    Correction: 2025-08-01 10:00 | The spokesperson's title was wrong.
    Correction-2: 2025-08-02 | A second correction.
    Source: Example Wire | https://example.org/report
    Translator: Sari Wulandari
    Translation: human            (or machine-assisted, machine)
"""

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from .dates import parse_iso
from .pelican_internals import url_fields
from .settings import Settings, reserved_segments

Content = Any  # a Pelican Article or Page

CORRECTION_KEY = re.compile(r"^correction(?:-\d+)?$")
SLUG_OR_PATH = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)*/?$")
TRANSLATION_METHODS = ("human", "machine-assisted", "machine")


@dataclass(frozen=True)
class Correction:
    date: datetime
    text: str


@dataclass(frozen=True)
class Credit:
    name: str
    url: str = ""


def parse_aliases(raw: str | list[str]) -> list[str]:
    """The old slugs or paths written in ``raw``; ValueError says which are not."""
    found = [a.strip() for a in raw.split(",") if a.strip()] if isinstance(raw, str) else raw
    bad = [a for a in found if not SLUG_OR_PATH.match(a) or ".." in a]
    if bad:
        raise ValueError(
            f"{', '.join(map(repr, bad))}: each must be a slug or a path of [a-z0-9-] segments"
        )
    return found


def alias_section(alias: str, settings: Settings, page: bool) -> str | None:
    """What is wrong with ``alias`` (of a page, or of a story) taking a
    section of the site's URL space, or None. Section names are not
    available as old URLs."""
    if "/" in alias:
        if alias.split("/", 1)[0] in reserved_segments(settings):
            return f"{alias!r} starts with a section of the site"
    elif page and alias in reserved_segments(settings):
        return f"{alias!r} is a section of the site"
    return None


def parse_correction(value: str, zone: tzinfo) -> Correction:
    """``2025-08-01 10:00 | what was corrected``; ValueError says what is wrong."""
    when, bar, text = str(value).partition("|")
    if not bar or not text.strip():
        raise ValueError("write it as '2025-08-01 10:00 | what was corrected'")
    return Correction(parse_iso(when, zone), text.strip())


def parse_source(raw: str) -> Credit | None:
    """``Name | URL`` (URL optional); ValueError for a URL that is not http(s)."""
    if not raw:
        return None
    name, _bar, url = str(raw).partition("|")
    url = url.strip()
    if url and not url.startswith(("https://", "http://")):
        raise ValueError(f"{url!r} is not an http(s) address")
    return Credit(name.strip(), url)


def parse_translation(raw: str) -> str | None:
    """How a translation was made, or None; ValueError for another word."""
    method = str(raw).strip().lower()
    if method and method not in TRANSLATION_METHODS:
        raise ValueError(f"{method!r} must be one of {', '.join(TRANSLATION_METHODS)}")
    return method or None


def aliases(content: Content) -> list[str]:
    """Old slugs or site paths this content was published under."""
    return parse_aliases(content.metadata.get("aliases", ""))


def corrections(content: Content, zone: tzinfo) -> list[Correction]:
    """Dated corrections, oldest first."""
    found = [
        parse_correction(value, zone)
        for key, value in content.metadata.items()
        if CORRECTION_KEY.match(key)
    ]
    return sorted(found, key=lambda c: c.date)


def source(content: Content) -> Credit | None:
    """The report a story is based on: ``Name | URL`` (URL optional)."""
    return parse_source(content.metadata.get("source"))


def translator(content: Content) -> Credit | None:
    raw = content.metadata.get("translator")
    return Credit(str(raw).strip()) if raw else None


def translation_method(content: Content) -> str | None:
    return parse_translation(content.metadata.get("translation", ""))


def alias_path(content: Content, alias: str, settings: Settings, prefix: str) -> tuple[str, str]:
    """(url, save_as) where an alias of ``content`` lives: a path alias under
    its language's root (``prefix``), a slug alias through the content's own
    URL pattern (``alias_section`` kept section names out when it was read)."""
    if "/" in alias:
        url = prefix + alias.strip("/") + "/"
        return url, url + "index.html"
    values = {**url_fields(content), "slug": alias}
    kind = "ARTICLE" if content.__class__.__name__ == "Article" else "PAGE"
    infix = "" if content.in_default_lang else "_LANG"
    url = settings[f"{kind}{infix}_URL"].format(**values)
    return url, settings[f"{kind}{infix}_SAVE_AS"].format(**values)
