"""The header fields a story or page may give, and how each is checked.

One set of rules for the build (``reader.py``) and the editorial commands
(``newsroom/status.py``): ``make status`` refuses what the build refuses,
with the same messages. ``check_header`` takes a file's header as read
(``source.parse_header``) and returns the values the site uses with every
problem found, each naming the file, the line and the field.
"""

import difflib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .dates import parse_iso
from .editorial import (
    CORRECTION_KEY,
    alias_section,
    parse_aliases,
    parse_correction,
    parse_source,
    parse_translation,
)
from .errors import ContentError, problem
from .settings import SLUG, inside, language_codes, reserved_segments
from .source import KNOWN_FIELDS, parse_header, read_text
from .taxonomy import term_slug

DATE_FIELDS = ("date", "modified")
TERM_FIELDS = {"category": "category", "tags": "tag", "authors": "author", "author": "author"}
NUMBERED = re.compile(r"^correction-\d+$")
STATUSES = ("published", "draft", "hidden")
# Fields Pelican drops when given empty (its METADATA_PROCESSORS): written
# blank, they are as if not written. ``Status:`` left blank stays an error.
EMPTY_IS_ABSENT = ("tags", "authors", "author", "category", "slug")
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class FieldRules:
    """What a header is checked against: the site's settings, languages,
    time zone and the fields it reads (``KNOWN_FIELDS`` and
    ``BILINGUAL_FIELDS``)."""

    settings: Mapping[str, Any]
    languages: tuple[str, ...]
    zone: ZoneInfo
    fields: tuple[str, ...]


def field_rules(settings: Mapping[str, Any]) -> FieldRules:
    declared = tuple(f.lower() for f in settings["BILINGUAL_FIELDS"])
    return FieldRules(
        settings, tuple(language_codes(settings)), ZoneInfo(settings["TIMEZONE"]),
        KNOWN_FIELDS + declared,
    )  # fmt: skip


def term_names(value: str) -> list[str]:
    """The names in a Tags or Authors field, split as Pelican splits them:
    on semicolons when there is one, else on commas."""
    separator = ";" if ";" in value else ","
    return [name.strip() for name in value.split(separator) if name.strip()]


def check_header(
    relative: str,
    lang: str,
    key: str,
    header: Mapping[str, str],
    duplicates: Sequence[str],
    lines: Mapping[str, int],
    rules: FieldRules,
) -> tuple[dict[str, Any], list[str]]:
    """({field: value}, problems) of the header of the file at ``relative``
    (language ``lang``, translation key ``key``). Values are as written but
    for dates (aware datetimes in the newsroom's zone), ``status`` (lower
    case) and ``slug`` (always given: the file's name when not written);
    ``lang`` is checked against the file name (blank: not written) and left
    out, and so is a field of ``EMPTY_IS_ABSENT`` left blank."""
    line = lines.get
    problems = [
        problem(relative, name, "given more than once", line(name))
        for name in dict.fromkeys(duplicates)
    ]
    for name in header:
        if name not in (*rules.fields, "save_as", "url") and not NUMBERED.match(name):
            problems.append(problem(relative, name, _unknown(name, rules.fields), line(name)))
    if "author" in header and "authors" in header:
        # Pelican would keep Authors and drop Author without a word.
        problems.append(
            problem(relative, "author", "given together with 'authors'; list every name in"
                    " 'authors' and delete 'author'", line("author"))
        )  # fmt: skip
    for name in ("save_as", "url"):
        if name in header:
            problems.append(
                problem(relative, name, "not allowed; URLs come from the slug and the site's"
                        " URL patterns (use Slug:)", line(name))
            )  # fmt: skip
    header_lang = header.get("lang", "").strip() or lang  # blank: as if not written
    if header_lang != lang:
        problems.append(
            problem(relative, "lang", f"header says {header_lang!r} but the file name says"
                    f" {lang!r}", line("lang"))
        )  # fmt: skip
    article = inside(relative, rules.settings["ARTICLE_PATHS"])
    required = ("title", "date", "category") if article else ("title",)
    values: dict[str, Any] = {}
    for name, value in header.items():
        if name == "lang" or not (name in rules.fields or NUMBERED.match(name)):
            continue
        if not value.strip() and (name in EMPTY_IS_ABSENT or name in required):
            continue  # as if not written; a required field is named below
        try:
            values[name] = _value(name, value, rules, article)
        except ValueError as error:
            problems.append(problem(relative, name, str(error), line(name)))
    for name in required:
        if not header.get(name, "").strip():
            fix = "fill in the" if name in header else "add a"
            problems.append(
                problem(relative, name, f"missing; {fix} '{name.title()}:' line", line(name))
            )
    written = "slug" in values
    slug = values.setdefault("slug", os.path.basename(key)).strip()
    values["slug"] = slug
    if not SLUG.match(slug):
        # Without a Slug: line the file's name is the slug: say so.
        source = "" if written else ", and comes from the file's name: add a 'Slug:' line"
        problems.append(
            problem(relative, "slug", f"{slug!r} must match [a-z0-9-]+ (lower-case letters,"
                    f" digits and single hyphens){source}", line("slug"))
        )  # fmt: skip
    elif not article and slug in reserved_segments(rules.settings):
        # A page's slug is its first URL segment: keep section names free.
        problems.append(
            problem(relative, "slug", f"{slug!r} is reserved for a section of the site;"
                    " choose another", line("slug"))
        )  # fmt: skip
    return values, problems


def header_problems(root: str, relative: str, lang: str, key: str, rules: FieldRules) -> list[str]:
    """``check_header``'s problems of the file at ``relative`` under ``root``,
    read again: for a file whose body could not be converted, so that one
    run names every problem in it; an empty list when its bytes or its front matter
    cannot be read (the conversion named that)."""
    try:
        header = parse_header(read_text(os.path.join(root, relative), relative))
    except (ContentError, OSError):
        return []
    if header.problems:
        return []
    fields, duplicates, lines = header.fields, header.duplicates, header.lines
    return check_header(relative, lang, key, fields, duplicates, lines, rules)[1]


def _value(name: str, value: str, rules: FieldRules, article: bool) -> str | datetime:
    """One field's value as the site uses it (of a story when ``article``,
    else of a page): dates parsed, the status in lower case, any other
    value as written once checked; ValueError says what is wrong."""
    if name in DATE_FIELDS:
        return parse_iso(value, rules.zone)
    if name == "status":
        status = value.strip().lower()
        if status not in STATUSES:
            raise ValueError(f"{value!r} must be one of {', '.join(STATUSES)}")
        return status
    if CORRECTION_KEY.match(name):
        parse_correction(value, rules.zone)
    elif name == "source":
        parse_source(value)
    elif name == "translation":
        parse_translation(value)
    elif name == "aliases":
        for alias in parse_aliases(value):
            taken = alias_section(alias, rules.settings, page=not article)
            if taken:
                raise ValueError(taken)
    elif name == "original" and value.strip() not in rules.languages:
        raise ValueError(
            f"{value.strip()!r} is not a language of the site; write one of"
            f" {', '.join(rules.languages)}"
        )
    elif name in TERM_FIELDS:
        # Pelican takes Category and Author whole, and splits Tags and Authors.
        whole = name in ("category", "author")
        for term in [value.strip()] if whole else term_names(value):
            why = term_problem(TERM_FIELDS[name], term, rules.settings)
            if why:
                raise ValueError(why)
    return value


def term_problem(kind: str, term: str, settings: Mapping[str, Any]) -> str | None:
    """Why ``term`` cannot name a category, tag or author (``kind``), whose
    page's URL is made from its text; None when it can."""
    markup = TAG.search(term)
    if markup:  # a URL is made from the text of HTML: the markup is left out
        return (
            f"{term!r} is read as HTML ({markup.group()}), which its URL leaves out;"
            " write the name without < and >"
        )
    if term and not re.search(r"[^\W_]", term_slug(kind, term, settings)):
        return f"{term!r} has no letters or digits to make a URL from; write a name"
    return None


def _unknown(name: str, fields: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    declare = "declared in BILINGUAL_FIELDS in pelicanconf.py"
    if close:
        return f"unknown field; did you mean '{close[0]}'? A newsroom's own fields are {declare}"
    return f"unknown field; a newsroom's own fields are {declare}"
