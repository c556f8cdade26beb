"""Numbers, amounts, percentages and years, parsed the way each language
writes them, so two variants of a story can be compared figure by figure.

Indonesian ``$14,3 miliar`` and English ``$14.3 billion`` are the same
figure: Babel parses each locale's separators and the scale words multiply.
"""

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

SCALES = {
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
# A number may follow a currency written solid ("Rp2,5", "$14.3"), but not
# another digit or separator.
FIGURE = re.compile(
    r"(?<![\d.,])(?P<number>\d+(?:[.,]\d+)*)"
    r"(?P<percent>\s?%|\s+persen\b|\s+percent\b|\s+per cent\b)?"
    r"(?:\s+(?P<scale>ribu|juta|miliar|milyar|triliun|thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)


# Clock times: 14:30 everywhere, and 14.30 in Indonesian, where a dot
# followed by two digits cannot be a thousands separator.
CLOCK = {"id": re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])[.:]([0-5]\d)(?![\d.,:])")}
CLOCK_DEFAULT = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3]):([0-5]\d)(?![\d.,:])")


def figures(text, lang):
    """The set of figures in ``text``: (Decimal value, kind), kind being
    "number", "percent" or "time" (minutes since midnight)."""
    found = set()
    clock = CLOCK.get(lang, CLOCK_DEFAULT)
    for match in clock.finditer(text):
        found.add((Decimal(int(match[1]) * 60 + int(match[2])), "time"))
    text = clock.sub(" ", text)
    for match in FIGURE.finditer(text):
        raw = match["number"].rstrip(".,")
        try:
            value = parse_decimal(raw, locale=lang, strict=False)
        except NumberFormatError:
            continue
        if match["scale"]:
            value *= Decimal(10) ** SCALES[match["scale"].lower()]
        found.add((value.normalize(), "percent" if match["percent"] else "number"))
    return found


def describe(figure):
    value, kind = figure
    if kind == "time":
        return f"{int(value) // 60:02d}:{int(value) % 60:02d}"
    text = f"{value:f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text + ("%" if kind == "percent" else "")
