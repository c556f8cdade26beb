"""Newsroom metadata: old URLs (``Aliases``), dated corrections, the source a
story is based on, and who translated it and how.

Parsed once per content object when the site is linked; a malformed value
stops the build with the file and the field.

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
from typing import Any, NoReturn

from .dates import parse_iso
from .errors import ContentError
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


def _fail(content: Content, field: str, message: str) -> NoReturn:
    raise ContentError(f"{content.relative_source_path}: field {field!r}: {message}")


def aliases(content: Content) -> list[str]:
    """Old slugs or site paths this content was published under."""
    raw = content.metadata.get("aliases", "")
    found: list[str] = (
        [a.strip() for a in raw.split(",") if a.strip()] if isinstance(raw, str) else raw
    )
    bad = [a for a in found if not SLUG_OR_PATH.match(a) or ".." in a]
    if bad:
        _fail(content, "aliases", f"{', '.join(map(repr, bad))}: each must be a slug or a path"
              " of [a-z0-9-] segments")  # fmt: skip
    return found


def corrections(content: Content, zone: tzinfo) -> list[Correction]:
    """Dated corrections, oldest first."""
    found: list[Correction] = []
    for key, value in content.metadata.items():
        if not CORRECTION_KEY.match(key):
            continue
        when, bar, text = str(value).partition("|")
        if not bar or not text.strip():
            _fail(content, key, "write it as '2025-08-01 10:00 | what was corrected'")
        try:
            moment = parse_iso(when, zone)
        except ValueError as error:
            _fail(content, key, str(error))
        found.append(Correction(moment, text.strip()))
    return sorted(found, key=lambda c: c.date)


def source(content: Content) -> Credit | None:
    """The report a story is based on: ``Name | URL`` (URL optional)."""
    raw = content.metadata.get("source")
    if not raw:
        return None
    name, _bar, url = str(raw).partition("|")
    url = url.strip()
    if url and not url.startswith(("https://", "http://")):
        _fail(content, "source", f"{url!r} is not an http(s) address")
    return Credit(name.strip(), url)


def translator(content: Content) -> Credit | None:
    raw = content.metadata.get("translator")
    return Credit(str(raw).strip()) if raw else None


def translation_method(content: Content) -> str | None:
    raw = str(content.metadata.get("translation", "")).strip().lower()
    if raw and raw not in TRANSLATION_METHODS:
        _fail(content, "translation", f"{raw!r} must be one of {', '.join(TRANSLATION_METHODS)}")
    return raw or None


def alias_path(content: Content, alias: str, settings: Settings, prefix: str) -> tuple[str, str]:
    """(url, save_as) where an alias of ``content`` lives: a path alias under
    its language's root (``prefix``), a slug alias through the content's own
    URL pattern. Section names are not available as old URLs."""
    if "/" in alias:
        if alias.split("/", 1)[0] in reserved_segments(settings):
            _fail(content, "aliases", f"{alias!r} starts with a section of the site")
        url = prefix + alias.strip("/") + "/"
        return url, url + "index.html"
    if content.__class__.__name__ != "Article" and alias in reserved_segments(settings):
        _fail(content, "aliases", f"{alias!r} is a section of the site")
    values = {**url_fields(content), "slug": alias}
    kind = "ARTICLE" if content.__class__.__name__ == "Article" else "PAGE"
    infix = "" if content.in_default_lang else "_LANG"
    url = settings[f"{kind}{infix}_URL"].format(**values)
    return url, settings[f"{kind}{infix}_SAVE_AS"].format(**values)
