"""Numbers, amounts, percentages and years, parsed the way each language
writes them, so two variants of a story can be compared figure by figure.

Indonesian ``$14,3 miliar`` and English ``$14.3 billion`` are the same
figure: Babel parses each locale's separators and the scale words multiply.
"""

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

SCALES = {
    "ribu": 3, "thousand": 3,
    "juta": 6, "million": 6,
    "miliar": 9, "milyar": 9, "billion": 9,
    "triliun": 12, "trillion": 12,
}
PERCENT = {"%", "persen", "percent", "per cent"}
FIGURE = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)*)"
    r"(?P<percent>\s?%|\s+persen\b|\s+percent\b|\s+per cent\b)?"
    r"(?:\s+(?P<scale>ribu|juta|miliar|milyar|triliun|thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)


def figures(text, lang):
    """The set of figures in ``text``: (Decimal value, is_percentage)."""
    found = set()
    for match in FIGURE.finditer(text):
        raw = match["number"].rstrip(".,")
        try:
            value = parse_decimal(raw, locale=lang, strict=False)
        except NumberFormatError:
            continue
        if match["scale"]:
            value *= Decimal(10) ** SCALES[match["scale"].lower()]
        found.add((value.normalize(), bool(match["percent"])))
    return found


def describe(figure):
    value, percent = figure
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return text + ("%" if percent else "")
