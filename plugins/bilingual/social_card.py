"""The social card of a story without a hero image: 1200×630, its title in
its own language wrapped on the site's background colour, the site's name
below, drawn with Pillow and the font bundled in the theme
(``theme/fonts/``). The same text, colours and font give the same PNG,
byte for byte.
"""

import io
from dataclasses import dataclass, replace

from PIL import Image, ImageDraw, ImageFont

from .renditions import CARD_SIZE

MARGIN = 80
TITLE_SIZES = (68, 60, 52, 46)  # the largest that fits in MAX_LINES
MAX_LINES = 5
NAME_SIZE = 36
RULE = 10  # the accent rule above the site's name
DRAWING = "2"  # raise when a card's pixels or encoding change (part of its cache key)


@dataclass(frozen=True)
class CardText:
    """What a drawn card shows and how: the whole of its cache key."""

    title: str
    site_name: str
    background: str
    foreground: str
    accent: str
    font: str  # path of the TrueType font

    def key_text(self) -> str:
        """The card's text and colours for its cache key. The font counts
        by its bytes (the key holds their digest), not by its path, which
        differs between checkouts: a moved project would draw every card
        again."""
        return repr(replace(self, font=""))


def wrap(title: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """``title`` in lines no wider than ``width`` px; a word longer than a
    line is cut at the letter that overflows."""
    lines: list[str] = []
    line = ""
    for word in title.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while font.getlength(word) > width:
            cut = next(i for i in range(1, len(word) + 1) if font.getlength(word[:i]) > width)
            lines.append(word[: cut - 1])
            word = word[cut - 1 :]
        line = word
    if line:
        lines.append(line)
    return lines


def fit_title(title: str, font_path: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose lines fit; at the smallest, the lines
    past ``MAX_LINES`` are cut with an ellipsis."""
    for size in TITLE_SIZES:
        font = ImageFont.truetype(font_path, size)
        lines = wrap(title, font, width)
        if len(lines) <= MAX_LINES:
            return font, lines
    kept = lines[:MAX_LINES]
    last = kept[-1]
    while last and font.getlength(last + " …") > width:
        last = last[:-1]
    kept[-1] = f"{last.rstrip()} …"
    return font, kept


def draw_card(text: CardText) -> bytes:
    """The card as PNG bytes."""
    card = Image.new("RGB", CARD_SIZE, text.background)
    draw = ImageDraw.Draw(card)
    inner = CARD_SIZE[0] - 2 * MARGIN
    font, lines = fit_title(text.title, text.font, inner)
    line_height = round(font.size * 1.2)
    y = MARGIN
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=text.foreground)
        y += line_height
    name_font = ImageFont.truetype(text.font, NAME_SIZE)
    bottom = CARD_SIZE[1] - MARGIN
    draw.rectangle((MARGIN, bottom - NAME_SIZE - 2 * RULE, MARGIN + 96, bottom - NAME_SIZE - RULE),
                   fill=text.accent)  # fmt: skip
    draw.text((MARGIN, bottom), text.site_name, font=name_font, fill=text.foreground, anchor="ls")
    out = io.BytesIO()
    # Octree keeps the flat colours and the text's edges (no pixel off by
    # more than 14 of 255), 6× faster than median cut with zlib's maximum,
    # and the file is smaller (14.5 against 16 KB for a five-line title).
    palette = card.quantize(64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(out, "PNG", compress_level=6)
    return out.getvalue()
