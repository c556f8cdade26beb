"""Pure functions that tie the language variants of a story together.

Nothing here touches Pelican: inputs are plain values (translation keys,
language codes, URLs), so the rules in DESIGN.md are unit-tested directly.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

Item = TypeVar("Item")


@dataclass(frozen=True)
class Alternate:
    """One entry of a page's hreflang set."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class SwitchTarget:
    """Where the language switcher sends a reader of ``lang``.

    ``available`` is False when the page has no counterpart in ``lang`` and
    the switcher falls back to that language's home.
    """

    lang: str
    url: str
    available: bool


@dataclass(frozen=True)
class Alternates:
    lang: str
    url: str
    hreflang: tuple[Alternate, ...]
    switcher: tuple[SwitchTarget, ...]


def group_variants(
    items: Iterable[Item], key: Callable[[Item], str], lang: Callable[[Item], str]
) -> tuple[dict[str, dict[str, Item]], list[tuple[str, str, Item, Item]]]:
    """Group items by translation key: {key: {lang: item}}.

    Returns (groups, clashes); ``clashes`` lists (key, lang, first, second)
    for two items claiming the same language of the same story.
    """
    groups: defaultdict[str, dict[str, Item]] = defaultdict(dict)
    clashes: list[tuple[str, str, Item, Item]] = []
    for item in items:
        variants = groups[key(item)]
        code = lang(item)
        if code in variants:
            clashes.append((key(item), code, variants[code], item))
        else:
            variants[code] = item
    return dict(groups), clashes


def original_language(
    variants: Mapping[str, object], default_lang: str, declared: str | None = None
) -> str | None:
    """The language a story was written in: declared, else the default
    language when that variant exists, else the first variant's language."""
    if declared in variants:
        return declared
    if default_lang in variants:
        return default_lang
    return next(iter(variants)) if variants else None


def alternates(
    lang: str,
    url: str,
    counterparts: Mapping[str, str],
    languages: Sequence[str],
    homes: Mapping[str, str],
    nearest: Mapping[str, str] | None = None,
) -> Alternates:
    """The hreflang set and switcher targets of one page.

    ``counterparts`` maps language -> URL of each existing counterpart (the
    page's own language excluded); ``homes`` maps language -> home URL;
    ``languages`` is the ordered language list, the default first.
    ``nearest`` maps language -> URL of the closest page where there is no
    exact counterpart (the last page of a shorter listing): the switcher
    goes there, but hreflang, which must be reciprocal, leaves it out.
    """
    nearest = nearest or {}
    present = {lang: url, **counterparts}
    hreflang = [Alternate(code, present[code]) for code in languages if code in present]
    x_default = present.get(languages[0], url)
    hreflang.append(Alternate("x-default", x_default))
    switcher = tuple(
        SwitchTarget(code, counterparts[code], True)
        if code in counterparts
        else SwitchTarget(code, nearest[code], True)
        if code in nearest
        else SwitchTarget(code, homes[code], False)
        for code in languages
        if code != lang
    )
    return Alternates(lang, url, tuple(hreflang), switcher)


def counterpart_page(number: int, counterpart_pages: int) -> int:
    """Page ``number`` of a listing maps to the same page of its counterpart
    listing, or to the counterpart's last page when it has fewer pages."""
    return min(number, counterpart_pages)


def staleness(
    recorded_hash: str,
    original_fingerprint: str,
    original_changed: datetime | None,
    translation_touched: datetime | None,
    missing_corrections: int,
) -> tuple[bool, str]:
    """(stale, why) of a translation against its original: the one rule the
    build's notice and ``make status`` share. A translation is stale when
    it lacks a correction the original has, when its recorded
    ``Original-Hash`` no longer matches the original's body, or, with no
    hash recorded, when the original was modified after the translation was
    last touched (``why`` then says the dates were compared)."""
    if missing_corrections > 0:
        return True, f"lacks {missing_corrections} correction(s) the original has"
    if recorded_hash:
        return recorded_hash != original_fingerprint, ""
    note = "no Original-Hash recorded: compared Modified dates"
    changed, touched = original_changed, translation_touched
    return bool(changed and touched and changed > touched), note
