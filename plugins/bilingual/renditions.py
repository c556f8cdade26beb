"""Which files the build publishes for each raster image, and their names: a
pure function of the image's path, its size and the image settings, so the
markup (read time, templates) and the encoder (``image_store.py``) agree
without talking to each other.

For ``images/kawah.jpg`` (3000 px wide) with widths (480, 800, 1200, 1600)
and formats ("avif", "webp"), the output holds, next to the original::

    images/kawah.jpg            the original, re-encoded without metadata
    images/kawah-480w.avif …    each width in each modern format
    images/kawah-480w.jpg  …    each width in the original format (fallback)
    images/kawah-og.jpg         1200×630 social card (heroes only)
    images/kawah-480x270.avif … a story's card: the hero cropped to 16:9
                                (heroes only, each of ``card_widths``)

A card shows its picture at 16:9 (style.css ``.card-image``), so a card
offers the centred 16:9 crop rather than the whole picture, half of which
``object-fit: cover`` would hide after downloading it. Widths are never
larger than the original (or its crop); an original narrower than the
largest width adds its own width. A photo (JPEG) gets every modern format;
a graphic (PNG and other lossless sources: screenshots, charts) gets
lossless WebP only, since AVIF blurs text. SVG and GIF are published as
they are.

The fallback is the original's format, except for a TIFF (only Safari
shows one) or a BMP (uncompressed): those fall back to JPEG for a photo
and PNG for a graphic (``images/pindai.tif`` -> ``images/pindai-480w.png``),
the original itself still published as it is named.

Which widths are offered is known only once they are encoded: a resized
screenshot can weigh more than a wider one, or than the whole picture
(``image_encoding.derive`` keeps only the lighter ones, and may add the
picture's own width). Until then a plan names every file the encoder may
make (``roles``); ``Plan.encoded`` gives the plan of the files it did
make, which the markup offers.
"""

import dataclasses
import functools
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from PIL import features

from .images import RASTER_FORMATS

# Formats the browser may pick in <source type>, best first.
MIME = {"avif": "image/avif", "webp": "image/webp"}
PASS_THROUGH = ("GIF",)  # animations stay as they are (and SVG is not raster)
PHOTO_FORMATS = ("JPEG",)
# Originals no browser but Safari shows (TIFF) or sent uncompressed (BMP):
# their fallback is JPEG for a photo, PNG for a graphic.
NOT_FOR_THE_WEB = ("TIFF", "BMP")
CARD_SIZE = (1200, 630)
CROP = (16, 9)  # the shape of a card's image: .card-image's aspect-ratio in style.css
ORIGINAL = "original"  # the role of the re-encoded original in the cache


@dataclass(frozen=True)
class ImageSettings:
    """The settings that shape the published files (part of the cache key)."""

    widths: tuple[int, ...] = (480, 720, 960, 1280, 1600)
    card_widths: tuple[int, ...] = (480, 720, 960, 1280)
    formats: tuple[str, ...] = ("avif", "webp")
    quality: tuple[tuple[str, int], ...] = (("jpeg", 82), ("webp", 80), ("avif", 55))
    keep_rights: bool = False  # keep EXIF Artist and Copyright

    def quality_of(self, fmt: str) -> int:
        return dict(self.quality)[fmt]


@dataclass(frozen=True)
class Plan:
    """The files published for the image at ``path``: ``width`` × ``height``
    as shown, in ``widths``, each in ``formats`` (modern, best first) and in
    the fallback format."""

    path: str
    width: int
    height: int
    photo: bool
    widths: tuple[int, ...]
    formats: tuple[str, ...]
    crop_widths: tuple[int, ...] = ()  # a hero's 16:9 card crops; () for other images
    # The widths of each format whose file the encoder made, and of each
    # format's card crops ((format, widths), …); () before encoding: then
    # every format offers ``widths`` (``crop_widths``).
    made_widths: tuple[tuple[str, tuple[int, ...]], ...] = ()
    made_crop_widths: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @functools.cached_property
    def original_format(self) -> str:
        """The original's extension, which names its format."""
        return os.path.splitext(self.path)[1].lstrip(".")

    @functools.cached_property
    def fallback(self) -> str:
        """The extension of the fallback format: the original's, or for a
        TIFF or BMP ``jpg`` (a photo) or ``png`` (a graphic)."""
        if RASTER_FORMATS.get(f".{self.original_format.lower()}") in NOT_FOR_THE_WEB:
            return "jpg" if self.photo else "png"
        return self.original_format

    @functools.cached_property
    def all_formats(self) -> tuple[str, ...]:
        """The modern formats, best first, then the fallback."""
        return tuple(dict.fromkeys((*self.formats, self.fallback)))

    @functools.cached_property
    def candidates(self) -> tuple[int, ...]:
        """The widths the encoder may make in each format: ``widths``, and
        the picture's own (the whole picture stands in for wider renditions
        that weigh more than itself)."""
        return tuple(sorted({*self.widths, self.width}))

    def encoded(self, made: Collection[str], cropped: Collection[str] = ()) -> "Plan":
        """This plan offering the files the encoder made: ``made`` (the
        roles of the image's cache entry) and ``cropped`` (of its card crops')."""
        return dataclasses.replace(
            self,
            made_widths=tuple(
                (fmt, tuple(w for w in self.candidates if role(w, fmt) in made))
                for fmt in self.all_formats
            ),
            made_crop_widths=tuple(
                (
                    fmt,
                    tuple(
                        w for w in self.crop_widths if crop_role(*self.crop_size(w), fmt) in cropped
                    ),
                )
                for fmt in self.all_formats
            ),
        )

    def offered(self, fmt: str) -> tuple[int, ...]:
        """The widths the markup offers in ``fmt``."""
        return dict(self.made_widths).get(fmt, self.widths)

    def crops_offered(self, fmt: str) -> tuple[int, ...]:
        """The card crop widths the markup offers in ``fmt``."""
        return dict(self.made_crop_widths).get(fmt, self.crop_widths)

    @functools.cached_property
    def stem(self) -> str:
        """``images/kawah.jpg`` -> ``images/kawah``: what every file's name starts with."""
        return os.path.splitext(self.path)[0]

    def name(self, width: int, fmt: str) -> str:
        """``images/kawah.jpg`` at 800 px in WebP: ``images/kawah-800w.webp``."""
        return f"{self.stem}-{role(width, fmt)}"

    def roles(self) -> dict[str, str]:
        """{role: published name} of the original and every derivative
        (before encoding, every one the encoder may make); a role
        (``800w.webp``) names the file in the cache, whatever the image is
        called."""
        named = {ORIGINAL: self.path}
        for fmt in self.all_formats:
            for width in self.offered(fmt) if self.made_widths else self.candidates:
                found = role(width, fmt)
                named[found] = f"{self.stem}-{found}"
        return named

    def crop_box(self) -> tuple[int, int, int, int]:
        """The centred 16:9 part of the picture as shown (left, top, right, bottom)."""
        return self._crop_box

    @functools.cached_property
    def _crop_box(self) -> tuple[int, int, int, int]:
        width = min(self.width, round(self.height * CROP[0] / CROP[1]))
        height = min(self.height, round(width * CROP[1] / CROP[0]))
        left, top = (self.width - width) // 2, (self.height - height) // 2
        return left, top, left + width, top + height

    def crop_size(self, width: int) -> tuple[int, int]:
        """(width, height) of the card crop ``width`` px wide."""
        left, top, right, bottom = self._crop_box
        return width, max(1, round((bottom - top) * width / (right - left)))

    def crop_name(self, width: int, fmt: str) -> str:
        """``images/kawah.jpg`` cropped 720 px wide in AVIF: ``images/kawah-720x405.avif``."""
        return f"{self.stem}-{crop_role(*self.crop_size(width), fmt)}"

    def crop_roles(self) -> dict[str, str]:
        """{role: published name} of every card crop (the candidates, before encoding)."""
        named = {}
        for fmt in self.all_formats:
            for width in self.crops_offered(fmt):
                found = crop_role(*self.crop_size(width), fmt)
                named[found] = f"{self.stem}-{found}"
        return named

    def crop_srcset(self, fmt: str) -> list[tuple[str, int]]:
        """(file, width) of each card crop offered in ``fmt``."""
        return [(self.crop_name(w, fmt), w) for w in self.crops_offered(fmt)]

    def shape(self) -> str:
        """What the files depend on besides the pixels (for the cache key):
        the fallback format too, so an entry made when a TIFF fell back to
        TIFF is never taken for one with PNG files."""
        return f"{self.widths}|{self.formats}|{self.photo}|{self.fallback}"

    def crop_shape(self) -> str:
        """What the card crops depend on besides the pixels (for the cache key)."""
        return f"{self.crop_box()}|{self.crop_widths}|{self.shape()}"

    def srcset(self, fmt: str) -> list[tuple[str, int]]:
        """(file, width) of each width offered in ``fmt``."""
        return [(self.name(w, fmt), w) for w in self.offered(fmt)]

    @property
    def default_width(self) -> int:
        """The fallback's width ``src`` names for browsers without ``srcset``."""
        offered = self.offered(self.fallback)
        fitting = [w for w in offered if w <= 1200]
        return fitting[-1] if fitting else offered[0]


def role(width: int, fmt: str) -> str:
    return f"{width}w.{fmt}"


def crop_role(width: int, height: int, fmt: str) -> str:
    return f"{width}x{height}.{fmt}"


def web_fallbacks(plans: Mapping[str, Plan]) -> dict[str, str]:
    """The percent-encoded site path of each original no browser but Safari
    shows, or that comes uncompressed (TIFF, BMP) -> its fallback rendition's,
    the one a page's ``src`` names: for the plain ``<img>`` of a feed."""
    return {
        quote(path, safe="/"): quote(found.name(found.default_width, found.fallback), safe="/")
        for path, found in plans.items()
        if found.fallback != found.original_format
    }


def card_name(path: str) -> str:
    """The social card cropped from the hero ``path``."""
    return f"{os.path.splitext(path)[0]}-og.jpg"


def derivable(path: str) -> bool:
    """Whether the file at ``path`` gets derivatives (a raster image that is
    not a GIF); its extension is checked against its content at read time."""
    fmt = RASTER_FORMATS.get(os.path.splitext(path)[1].lower())
    return fmt is not None and fmt not in PASS_THROUGH


def widths_for(width: int, wanted: tuple[int, ...]) -> tuple[int, ...]:
    """The widths published for an original ``width`` px wide: each wanted
    width it is wider than, and its own when it is narrower than the largest."""
    kept = {w for w in wanted if w <= width}
    if width < max(wanted):
        kept.add(width)
    return tuple(sorted(kept))


def plan(
    path: str, width: int, height: int, settings: ImageSettings, hero: bool = False
) -> Plan | None:
    """The files for a raster image, or None for one published as it is; a
    story's ``hero`` also gets its card crops."""
    if not derivable(path) or not width or not height:
        return None
    photo = RASTER_FORMATS[os.path.splitext(path)[1].lower()] in PHOTO_FORMATS
    formats = settings.formats if photo else tuple(f for f in settings.formats if f == "webp")
    found = Plan(path, width, height, photo, widths_for(width, settings.widths), formats)
    if not hero or not settings.card_widths:
        return found
    left, _top, right, _bottom = found.crop_box()
    crops = widths_for(right - left, settings.card_widths)
    return Plan(path, width, height, photo, found.widths, formats, crops)


def image_settings(settings: Mapping[str, Any]) -> ImageSettings:
    """``ImageSettings`` from Pelican's settings (validated by ``settings.configure``)."""
    return ImageSettings(
        tuple(settings["BILINGUAL_IMAGE_WIDTHS"]),
        tuple(settings["BILINGUAL_IMAGE_CARD_WIDTHS"]),
        tuple(f for f in settings["BILINGUAL_IMAGE_FORMATS"] if features.check(f)),
        tuple(sorted(settings["BILINGUAL_IMAGE_QUALITY"].items())),
        bool(settings["BILINGUAL_IMAGE_KEEP_RIGHTS"]),
    )


def cache_folder(settings: Mapping[str, Any]) -> str:
    """The image cache: ``BILINGUAL_IMAGE_CACHE``, else ``<CACHE_PATH>/images``."""
    return settings["BILINGUAL_IMAGE_CACHE"] or os.path.join(settings["CACHE_PATH"], "images")
