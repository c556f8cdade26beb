"""Numbers, amounts, percentages and clock times, parsed the way each
language writes them, so two variants of a story can be compared figure by
figure.

Indonesian ``$14,3 miliar`` and English ``$14.3 billion`` are the same
figure: Babel parses each locale's separators strictly, and scale words and
their abbreviations multiply (``1.5K`` = ``1,5 ribu``, ``2M`` = ``2 juta``,
``3B`` = ``3 miliar``; in Indonesian ``Rp5 M`` is 5 miliar). A number that is
malformed for the page's language but well formed in English (``Linux 6.4``,
``Ubuntu 20.04`` in an Indonesian story) is read the English way; version
numbers (``v1.2``, ``2.19.0``, ``versi 3.12``) are not figures. Give text
through :func:`bilingual.newsroom.prose.prose_text` first: code, URLs, IP
addresses and log lines are not figures either.
"""

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

Figure = tuple[Decimal, str]  # (value, "number" | "percent" | "time")

SCALE_WORDS = {
    "ribu": 3,
    "thousand": 3,
    "juta": 6,
    "million": 6,
    "miliar": 9,
    "milyar": 9,
    "billion": 9,
    "triliun": 12,
    "trillion": 12,
}
# Abbreviations differ: an Indonesian "M" is miliar, an English one million.
SCALE_ABBREVIATIONS = {
    "id": {"K": 3, "k": 3, "rb": 3, "jt": 6, "M": 9, "T": 12},
    "en": {"K": 3, "k": 3, "M": 6, "mn": 6, "B": 9, "bn": 9, "T": 12, "tn": 12},
}
# A number may follow a currency written solid ("Rp2,5", "$14.3"), but not
# another digit or separator. Abbreviations are case-sensitive ("5m" is
# five metres), words are not.
FIGURE = re.compile(
    r"(?<![\d.,])(?P<number>\d+(?:[.,]\d+)*)"
    r"(?:(?P<abbreviation>[KkMBT]|rb|jt|mn|bn|tn)\b|\s(?P<spaced>M|B|T|rb|jt|bn)\b)?"
    r"(?P<percent>\s?%|\s+(?i:persen|percent|per cent)\b)?"
    r"(?:\s+(?P<scale>(?i:" + "|".join(SCALE_WORDS) + r"))\b)?"
)
# Version numbers: after "v", "versi", "version", "rilis" or "release", and
# three or more dotted parts that are not an Indonesian thousands grouping.
VERSION = re.compile(
    r"\b(?:[vV]|(?i:versi|version|rilis|release)\s)\d+(?:\.\d+)+\w*"
    r"|(?<![\d.,])(?!\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d.,]?\d))\d+(?:\.\d+){2,}(?![\d.,]?\d)"
)
# Clock times: 14:30 everywhere, and 14.30 in Indonesian next to a word that
# says it is a time ("pukul 14.30", "14.30 WIB", "08.00 hingga 16.00").
CLOCK = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])([.:])([0-5]\d)(?![\d.,:]?\d)")
TIME_BEFORE = re.compile(r"\b(?:pukul|jam|pkl|hingga|sampai|s\.d\.)\W*$|[–-]\s*$", re.I)
TIME_AFTER = re.compile(
    r"^\s*(?:(?:[–-]|hingga\b|sampai\b|s\.d\.)\s*\d{1,2}[.:][0-5]\d(?![\d.,]?\d)|(?:WIB|WITA|WIT)\b)"
)


def _is_time(text: str, match: re.Match[str]) -> bool:
    if match[2] == ":":
        return True
    before = text[max(0, match.start() - 24) : match.start()]
    return bool(TIME_BEFORE.search(before) or TIME_AFTER.match(text[match.end() :]))


def _number(raw: str, lang: str) -> Decimal | None:
    """``raw`` as the page's language writes numbers, else as English does."""
    for locale in dict.fromkeys((lang, "en")):
        try:
            return parse_decimal(raw, locale=locale, strict=True)
        except NumberFormatError:
            continue
    return None


def figures(text: str, lang: str) -> set[Figure]:
    """The set of figures in ``text``, kind being "number", "percent" or
    "time" (minutes since midnight)."""
    found: set[Figure] = set()
    times = [m for m in CLOCK.finditer(text) if lang == "id" or m[2] == ":"]
    for match in (m for m in times if _is_time(text, m)):
        found.add((Decimal(int(match[1]) * 60 + int(match[3])), "time"))
        text = text[: match.start()] + " " * len(match[0]) + text[match.end() :]
    text = VERSION.sub(lambda m: " " * len(m[0]), text)
    abbreviations = SCALE_ABBREVIATIONS.get(lang, SCALE_ABBREVIATIONS["en"])
    for match in FIGURE.finditer(text):
        value = _number(match["number"], lang)
        if value is None:
            continue
        abbreviation = match["abbreviation"] or match["spaced"]
        if abbreviation and abbreviation in abbreviations:
            value *= Decimal(10) ** abbreviations[abbreviation]
        if match["scale"]:
            value *= Decimal(10) ** SCALE_WORDS[match["scale"].lower()]
        found.add((value.normalize(), "percent" if match["percent"] else "number"))
    return found


def describe(figure: Figure) -> str:
    value, kind = figure
    if kind == "time":
        return f"{int(value) // 60:02d}:{int(value) % 60:02d}"
    text = f"{value:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text + ("%" if kind == "percent" else "")
