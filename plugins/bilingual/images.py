"""Where the images a story names are: every path form authors write, resolved
to one file under the content folder, or refused with a reason.

Authors write ``{static}/images/x.jpg``, ``images/x.jpg``, ``/images/x.jpg``,
``../images/x.jpg``, names with spaces, and percent-encoded names
(``3.%20iOS%20hiking.jpg``). Each resolves to the file under a static folder
(``content/images/``), or the build stops naming the story, the field and the
paths tried. Remote images come only from hosts listed in settings.
"""

import os
import re
import struct
import warnings
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from PIL import Image as PILImage
from PIL import ImageSequence, UnidentifiedImageError

from .content_tree import Containment
from .hosts import allowed
from .known_files import KnownFiles
from .settings import inside
from .svg import svg_size

# What a raster file's extension promises (Pillow's format name); any other
# extension (.svg, .mp4, .pdf) is passed through without being opened.
RASTER_FORMATS = {
    ".jpg": "JPEG", ".jpeg": "JPEG", ".jpe": "JPEG", ".png": "PNG", ".webp": "WEBP",
    ".gif": "GIF", ".avif": "AVIF", ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP",
}  # fmt: skip
# EXIF orientations that turn the picture a quarter: width and height swap.
QUARTER_TURNS = (5, 6, 7, 8)
ORIENTATION = 0x0112
# Formats Pillow names differently from the extension it is written with:
# a camera's multi-picture JPEG (MPO) is a JPEG.
SAME_FORMAT = {"MPO": "JPEG"}

# Formats published as they are, whose header says nothing of the frames
# after it: each is decoded whole, once while the file is unchanged.
DECODED_WHOLE = ("GIF",)
# What Pillow raises for a file cut off in its frames.
BROKEN = (OSError, SyntaxError, ValueError, EOFError, struct.error)

LINK_PREFIX = re.compile(r"^\{(?:static|attach)\}")
LEADING_DOTS = re.compile(r"^(?:\.\.?/)+")
HOSTS_SETTING = "BILINGUAL_IMAGE_HOSTS"


@dataclass(frozen=True)
class ImageRules:
    """What an image path may name: files under ``static_paths`` of the
    content folder ``root``, or URLs on ``remote_hosts``."""

    root: str
    static_paths: tuple[str, ...]
    remote_hosts: tuple[str, ...] = ()
    cache: str = ""  # the image cache folder, whose ``KnownFiles`` spare reading images


@dataclass(frozen=True)
class Image:
    """A resolved image: ``path`` is the file relative to the content folder
    (``images/3. iOS hiking.jpg``) or, for a remote image, the URL."""

    path: str
    remote: bool = False

    @property
    def url(self) -> str:
        """The image's site path or URL, percent-encoded for HTML."""
        return self.path if self.remote else quote(self.path, safe="/")


def resolve(
    rules: ImageRules, relative: str, written: str, contained: Containment | None = None
) -> Image:
    """The image ``written`` in the file ``relative`` names, or ValueError
    saying what is wrong and which paths were tried. ``contained``: the
    caller's ``Containment`` of ``rules.root``, which remembers the folders
    it resolved (a converter keeps one for its build); else a new one."""
    written = written.strip()
    parts = urlsplit(written)
    if parts.scheme in ("http", "https") or written.startswith("//"):
        host = (parts.hostname or "").lower()
        if not allowed(host, rules.remote_hosts):
            raise ValueError(
                f"{written} is on {host or 'an unknown host'}, which is not in "
                f"{HOSTS_SETTING}: copy the image into content/images/, or add the host "
                f"to {HOSTS_SETTING} in pelicanconf.py (and to the CSP's img-src)"
            )
        return Image(written, remote=True)
    if parts.scheme:
        raise ValueError(f"{written[:40]} is not a file: copy the image into content/images/")
    path = unquote(LINK_PREFIX.sub("", parts.path))
    if path.startswith("/"):
        candidates = [path.lstrip("/")]
    else:
        candidates = [os.path.join(os.path.dirname(relative), path), LEADING_DOTS.sub("", path)]
    tried = []
    for candidate in dict.fromkeys(candidates):
        candidate = os.path.normpath(candidate).replace(os.sep, "/")
        if candidate == ".." or candidate.startswith("../") or os.path.isabs(candidate):
            continue
        tried.append(f"content/{candidate}")
        full = os.path.join(rules.root, candidate)
        if (
            inside(candidate, rules.static_paths)
            and os.path.isfile(full)
            and (contained or Containment(rules.root)).holds(full)
        ):
            return Image(candidate)
    if not tried:
        raise ValueError(f"{written} points outside content/")
    folders = " or ".join(f"content/{p}/" for p in rules.static_paths)
    raise ValueError(f"{written} is not a file under {folders} (tried {', '.join(tried)})")


def size(
    rules: ImageRules, image: Image, known: KnownFiles | None = None
) -> tuple[int | None, int | None]:
    """(width, height) of a local image as shown (its EXIF orientation
    applied); (None, None) for a remote image or a file that is not an image
    by its extension (video, PDF). ValueError for a raster file that is
    broken, larger than Pillow's ``MAX_IMAGE_PIXELS`` (a decompression bomb)
    or not the format its extension says, a GIF cut off in its frames, or an
    SVG that is cut off or states no size (``svg.py``). Reads the header (a
    PNG whose EXIF may follow its pixels, a GIF and an SVG whole), or nothing
    when ``known`` remembers the unchanged file."""
    if image.remote:
        return None, None
    return inspect(os.path.join(rules.root, image.path), image.path, known)


def inspected(path: str) -> bool:
    """Whether the file at ``path`` is an image ``inspect`` reads (by its extension)."""
    extension = os.path.splitext(path)[1].lower()
    return extension in RASTER_FORMATS or extension == ".svg"


def inspect(full: str, name: str, known: KnownFiles | None = None) -> tuple[int | None, int | None]:
    """``size`` of the file at ``full``, named ``name`` in messages."""
    if known is not None and inspected(name):
        shown = known.recall(full, "shown")
        if shown is None:
            shown = _inspect(full, name)
            known.learn(full, "shown", list(shown))
        return shown[0], shown[1]
    return _inspect(full, name)


def _inspect(full: str, name: str) -> tuple[int | None, int | None]:
    extension = os.path.splitext(name)[1].lower()
    if extension == ".svg":
        return svg_size(full, name)
    expected = RASTER_FORMATS.get(extension)
    if expected is None:
        return None, None
    limit = PILImage.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(full) as picture:
                width, height = picture.size
                found = SAME_FORMAT.get(picture.format or "", picture.format)
                turned = picture.getexif().get(ORIENTATION) in QUARTER_TURNS
                whole = found == expected and found in DECODED_WHOLE
                whole = whole and (not limit or width * height <= limit)  # not a bomb's
                cut_off = _frames_error(picture) if whole else None
    except PILImage.DecompressionBombError:
        width, height, found, turned, cut_off = limit or 0, limit or 0, expected, False, None
    except UnidentifiedImageError:
        raise ValueError(
            f"{name} is not a readable {expected} image (not one, or broken)"
        ) from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ValueError(f"{name} is not a readable {expected} image ({error})") from None
    if limit and width * height > limit:
        raise ValueError(
            f"{name} has more pixels than the build accepts ({limit:,}): a decompression"
            " bomb or a scan too large to publish; resize it before adding it"
        )
    if found != expected:
        raise ValueError(
            f"{name} holds {found} data but its name ends in {os.path.splitext(name)[1]}:"
            f" rename it to {os.path.splitext(name)[0]}{_suffix(found)}"
        )
    if cut_off:
        raise ValueError(f"{name} cannot be decoded ({cut_off}); export it again")
    return (height, width) if turned else (width, height)


def _frames_error(picture: PILImage.Image) -> str | None:
    """What is wrong with the frames of a file published as it is, if
    anything: opening it read only the header, and a file cut off after it
    would be published broken. Every frame is decoded."""
    try:
        for frame in ImageSequence.Iterator(picture):
            frame.load()
    except BROKEN as error:
        return str(error) or type(error).__name__
    return None


def _suffix(pillow_format: str | None) -> str:
    return next((s for s, f in RASTER_FORMATS.items() if f == pillow_format), ".?")
