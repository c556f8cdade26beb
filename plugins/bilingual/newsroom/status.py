"""Translation status of every story and page, with editorial advisories.

Per language a variant is ``original``, ``ok`` (an up-to-date translation),
``stale`` (the original changed after it was translated, or has a correction
the translation lacks), ``draft``, ``hidden``, ``scheduled`` (dated in the
future) or ``missing``. Staleness compares the ``Original-Hash`` the
translation recorded with the original's body; without one it falls back to
``Modified`` dates and says so.
"""

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from functools import lru_cache, partial
from typing import Any, NotRequired, TypedDict
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from bilingual import validate
from bilingual.body import body_options
from bilingual.content_tree import scan
from bilingual.dates import parse_iso
from bilingual.editorial import CORRECTION_KEY
from bilingual.errors import ContentError, in_order
from bilingual.fields import check_header, field_rules, header_problems, term_names
from bilingual.reader import image_rules, split_name, suffix_problem
from bilingual.settings import inside, language_codes
from bilingual.source import MARKDOWN_SUFFIXES, SourceConverter
from bilingual.taxonomy import term_slug
from bilingual.terms import equivalents
from bilingual.variants import staleness

from .figures import describe, figures
from .langcheck import identify
from .prose import drop_code, prose_text
from .stories import Story, Variant

BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


class LanguageState(TypedDict):
    state: str  # original, ok, stale, draft, hidden, scheduled or missing
    file: NotRequired[str]
    note: NotRequired[str]


class Row(TypedDict):
    key: str
    kind: str
    original: str
    languages: dict[str, LanguageState]


class Totals(TypedDict):
    available: int
    missing: int
    stale: int
    draft: int
    scheduled: int
    percent: int


class Report(TypedDict):
    """What ``make status`` prints (``JSON=1``: as JSON)."""

    stories: list[Row]
    totals: dict[str, Totals]
    advisories: list[str]


def _date(value: str | None, zone: tzinfo) -> datetime | None:
    """A header date as an aware datetime in the newsroom's zone, as the
    reader sees it; None when absent or unreadable."""
    try:
        return parse_iso(value, zone) if value else None
    except ValueError:
        return None  # the build reports it


def variant_state(
    variant: Variant, original: Variant, zone: tzinfo, now: datetime | None = None
) -> tuple[str, str]:
    """(state, note) of one variant against the story's original."""
    if variant.status in ("draft", "hidden"):
        return variant.status, ""
    published = _date(variant.header.get("date"), zone)
    if published and published > (now or datetime.now(zone)):
        return "scheduled", f"goes live after {published:%Y-%m-%d %H:%M}"
    if variant is original:
        return "original", ""
    stale, note = staleness(
        variant.header.get("original-hash", "").strip(),
        original.fingerprint,
        _date(original.header.get("modified"), zone),
        _date(variant.header.get("modified"), zone) or _date(variant.header.get("date"), zone),
        len(_corrections(original)) - len(_corrections(variant)),
    )
    return ("stale" if stale else "ok"), note


def _corrections(variant: Variant) -> list[str]:
    return [key for key in variant.header if CORRECTION_KEY.match(key)]


def language_findings(variant: Variant, html: str) -> list[str]:
    """Paragraphs not in the variant's language (``lang``-marked text and
    code exempt)."""
    soup = BeautifulSoup(html, "html.parser")
    drop_code(soup)
    numbered = list(enumerate(soup.find_all(BLOCKS), start=1))
    for marked in soup.find_all(lang=True):
        marked.decompose()  # emptied in place: later blocks keep their numbers
    findings: list[str] = []
    whole = identify(" ".join(b.get_text(" ") for _n, b in numbered))
    if whole and whole != variant.lang:
        findings.append(f"{variant.path}: the text reads as '{whole}', not '{variant.lang}'")
        return findings
    for number, block in numbered:
        found = identify(block.get_text(" "))
        if found and found != variant.lang:
            excerpt = block.get_text(" ")[:60]
            findings.append(
                f"{variant.path}: paragraph {number} reads as '{found}': \"{excerpt}…\""
            )
    return findings


def figure_findings(story: Story, html_by_lang: Mapping[str, str]) -> list[str]:
    """Figures present in one variant and absent from another."""
    found = {lang: figures(prose_text(html), lang) for lang, html in html_by_lang.items()}
    findings: list[str] = []
    langs = sorted(found)
    for lang in langs:
        for other in langs:
            if other == lang:
                continue
            missing = sorted(found[lang] - found[other])
            if missing:
                findings.append(
                    f"{story.key}: figures in '{lang}' but not in '{other}': "
                    + ", ".join(describe(f) for f in missing)
                )
    return findings


def image_findings(variant: Variant) -> list[str]:
    return [
        f"{variant.path}: image {m['src']} has no alt text"
        for m in IMAGE.finditer(variant.body)
        if not m["alt"].strip()
    ]


def report(
    stories: Mapping[str, Story], settings: Mapping[str, Any], unread: Sequence[str] = ()
) -> Report:
    """Everything ``make status`` prints, as plain data; ``ContentError``
    with every problem of a file, or of where it is, that the build would
    stop on, in every file (problems between files are the build's alone),
    with ``unread``, those of the files ``read_stories`` could not read; in
    the build's order."""
    languages = language_codes(settings)
    # The build's reading: Markdown, sanitising, images, header fields.
    converter = SourceConverter(body_options(settings), image_rules(settings))
    rules = field_rules(settings)
    zone = ZoneInfo(settings["TIMEZONE"])
    rows: list[Row] = []
    advisories: list[str] = []
    problems = placement_problems(settings) + list(unread)
    for story in stories.values():
        original = story.original(languages[0])
        row: Row = {
            "key": story.key,
            "kind": story.kind,
            "original": original.lang,
            "languages": {},
        }
        html_by_lang: dict[str, str] = {}
        for lang in languages:
            variant = story.variants.get(lang)
            if variant is None:
                row["languages"][lang] = {"state": "missing"}
                continue
            state, note = variant_state(variant, original, zone)
            row["languages"][lang] = {"state": state, "file": variant.path}
            if note:
                row["languages"][lang]["note"] = note
            try:
                source = converter.convert(variant.path)
            except ContentError as error:
                root = settings["PATH"]
                problems += header_problems(root, variant.path, lang, story.key, rules)
                problems += error.problems
                continue
            problems += check_header(
                variant.path, lang, story.key, source.header, source.duplicates, source.lines,
                rules,
            )[1]  # fmt: skip
            html = source.html
            advisories += image_findings(variant)
            if variant.status != "draft":
                advisories += language_findings(variant, html)
                html_by_lang[lang] = html
        if len(html_by_lang) > 1:
            advisories += figure_findings(story, html_by_lang)
        rows.append(row)
    if problems:
        raise ContentError(*in_order(problems))
    advisories += term_conflicts(stories, settings, languages)
    return {"stories": rows, "totals": totals(rows, languages), "advisories": advisories}


def placement_problems(settings: Mapping[str, Any]) -> list[str]:
    """What the build says of files for where they are or how they are
    named, before reading them: a symbolic link, Markdown outside the story
    and page folders, another file in them, a story without a language in
    its name. ``stories.read_stories`` reads none of those."""
    tree = scan(settings)
    languages = language_codes(settings)
    folders = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]
    unnamed = [
        suffix_problem(path, lang, languages)
        for path in tree.files
        if path.endswith(MARKDOWN_SUFFIXES) and inside(path, folders)
        for _key, lang in [split_name(path, languages)]
        if lang not in languages
    ]
    return validate.contained(tree) + validate.only_markdown(tree, settings) + unnamed


def term_conflicts(
    stories: Mapping[str, Story], settings: Mapping[str, Any], languages: Sequence[str]
) -> list[str]:
    """The category and tag pairs the build could not work out
    (``taxonomy.localise_terms``): across the variants it lists (a
    published original and its published translations, not drafts, hidden
    or scheduled ones), the names as Pelican takes them (one category, tags
    split by ``term_names``), compared by their URL slugs."""
    zone = ZoneInfo(settings["TIMEZONE"])
    listed = [_listed(story, languages[0], zone) for story in stories.values()]
    conflicts: list[str] = []
    for kind, field in (("category", "category"), ("tag", "tags")):
        twins = [
            {lang: _terms(v, field) for lang, v in variants.items()}
            for variants in listed
            if len(variants) > 1
        ]
        explicit = settings.get("BILINGUAL_TERMS", {}).get(kind, [])
        slugify = lru_cache(maxsize=None)(partial(term_slug, kind, settings=settings))
        _mapping, found = equivalents(explicit, twins, languages, slugify)
        conflicts += [f"{kind}: {c}" for c in found]
    return conflicts


def _listed(story: Story, default_lang: str, zone: tzinfo) -> dict[str, Variant]:
    """{lang: variant} of a story whose original the build lists, with the
    translations it lists beside it; empty for a page or an unlisted original."""
    original = story.original(default_lang)
    listed = {
        lang: variant
        for lang, variant in story.variants.items()
        if variant_state(variant, original, zone)[0] in ("original", "ok", "stale")
    }
    return listed if story.kind == "article" and original.lang in listed else {}


def _terms(variant: Variant, field: str) -> set[str]:
    value = variant.header.get(field, "")
    if field == "category":
        return {value.strip()} if value.strip() else set()
    return set(term_names(value))


def totals(rows: Sequence[Row], languages: Sequence[str]) -> dict[str, Totals]:
    """Per language: how many stories it has, and the share translated."""
    result: dict[str, Totals] = {}
    for lang in languages:
        states = [r["languages"][lang]["state"] for r in rows]
        available = sum(s in ("original", "ok", "stale") for s in states)
        result[lang] = {
            "available": available,
            "missing": states.count("missing"),
            "stale": states.count("stale"),
            "draft": states.count("draft"),
            "scheduled": states.count("scheduled"),
            "percent": round(100 * available / len(rows)) if rows else 100,
        }
    return result


def needs_work(data: Report) -> bool:
    """True when anything is missing or stale (the strict pre-publish gate)."""
    return any(t["missing"] or t["stale"] for t in data["totals"].values())


def format_table(data: Report, languages: Sequence[str]) -> str:
    width = max([len(r["key"]) for r in data["stories"]] + [5])
    lines = [f"{'story':<{width}}  " + "  ".join(f"{lang:<8}" for lang in languages)]
    for row in data["stories"]:
        states = [row["languages"][lang]["state"] for lang in languages]
        lines.append(f"{row['key']:<{width}}  " + "  ".join(f"{s:<8}" for s in states))
        notes = {v["note"] for v in row["languages"].values() if v.get("note")}
        lines += [f"{'':<{width}}  ({note})" for note in sorted(notes)]
    lines.append("")
    for lang, t in data["totals"].items():
        lines.append(
            f"{lang}: {t['available']} of {len(data['stories'])} available ({t['percent']}%),"
            f" {t['missing']} missing, {t['stale']} stale, {t['draft']} draft,"
            f" {t['scheduled']} scheduled"
        )
    if data["advisories"]:
        lines += ["", "Advisories:"] + [f"- {a}" for a in data["advisories"]]
    return "\n".join(lines)
