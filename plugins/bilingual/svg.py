"""The size an SVG states, in CSS pixels, read from its root element.

A page reserves an image's space from its ``width`` and ``height``; an SVG
states them on its root ``<svg>`` element, in px, unitless, or in an
absolute unit (an inch is 96 px, as CSS has it: ``21cm`` is 794 px), else
through its ``viewBox``. A length in ``%``, ``em`` or ``ex`` depends on where
the SVG is shown: the ``viewBox`` gives the size then. One given length and
a ``viewBox`` give the other by the box's shape, as a browser draws it.

A file whose root element cannot be read (cut off inside it, or not an SVG
at all), that ends before its closing ``</svg>``, or that states no size is
a ``ValueError`` saying what to fix.
"""

import re

# The root element: quoted values may hold ">".
ROOT = re.compile(r"""<svg\b(?:[^>"']|"[^"]*"|'[^']*')*>""")
END = re.compile(r"</svg\b[^>]*>")
ATTRIBUTE = re.compile(r"""\s(width|height|viewBox)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
LENGTH = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*(px|in|cm|mm|pt|pc)?")
PX_PER_UNIT = {"px": 1.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "pt": 96 / 72, "pc": 16.0}
ADVICE = "give its <svg> element a width and height in px (or a viewBox) and export it again"


def svg_size(full: str, name: str) -> tuple[int, int]:
    """(width, height) in pixels of the SVG at ``full``, named ``name`` in
    messages; ValueError for a broken file or one that states no size."""
    with open(full, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    root = ROOT.search(text)
    if root is None:
        raise ValueError(
            f"{name} has no readable <svg> element (the file is cut off or is not an SVG):"
            " export it again"
        )
    if not root[0].endswith("/>") and END.search(text, root.end()) is None:
        raise ValueError(
            f"{name} ends before its closing </svg> (the file is cut off): export it again"
        )
    found = {key: double or single for key, double, single in ATTRIBUTE.findall(root[0])}
    width, height = _pixels(found.get("width")), _pixels(found.get("height"))
    box = _view_box(found.get("viewBox"))
    if box is not None and (width is None or height is None):
        if width is not None:
            height = width * box[1] / box[0]
        elif height is not None:
            width = height * box[0] / box[1]
        else:
            width, height = box
    shown = (round(width or 0), round(height or 0))
    if min(shown) < 1:
        raise ValueError(f"{name} states no size: {ADVICE}")
    return shown


def _pixels(length: str | None) -> float | None:
    """A length in CSS pixels, or None for none or a relative one (``50%``)."""
    match = LENGTH.fullmatch((length or "").strip())
    if match is None:
        return None
    return float(match[1]) * PX_PER_UNIT[match[2] or "px"]


def _view_box(value: str | None) -> tuple[float, float] | None:
    """The ``viewBox``'s width and height, when both are positive."""
    parts = (value or "").replace(",", " ").split()
    try:
        width, height = (float(p) for p in parts[2:]) if len(parts) == 4 else (0.0, 0.0)
    except ValueError:
        return None
    return (width, height) if width > 0 and height > 0 else None
