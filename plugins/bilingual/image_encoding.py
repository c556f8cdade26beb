"""Pixels in, published files out: Pillow's part of the image pipeline.

Every function here takes the source file's bytes and returns the bytes of
the files to publish, and nothing else: no timestamps, no paths, no state,
so the same source and settings always give the same files (the cache in
``image_store.py`` relies on it, and so do incremental builds).

Each published file is re-encoded from the decoded pixels: the EXIF
orientation is applied first, colours are converted to sRGB, and nothing of
the source's metadata is written (no EXIF, XMP, GPS, camera serial,
software, comments) except Artist and Copyright when ``keep_rights`` asks.
A clean TIFF original is compressed (zlib, lossless). A truncated or
unreadable file is a ``ValueError`` saying so.

A rendition is kept only when it weighs less than every wider one kept in
its format, and than the whole picture in that format where it is at hand:
resampling a flat screenshot adds colours, and its 960 px PNG can weigh
ten times its 1000 px original. Left out, a browser takes the wider,
lighter file; when the widest goes, the whole picture stands in at its own
width. This holds for the fallback of every image and for every format of
a graphic (a photo's lossy renditions lighten as they narrow); a card's
crops are weighed against each other only. A graphic of 256 colours or
fewer is resized to a PNG of a palette (quantized to 256 colours when
resampling added more) or of full colour, whichever is smaller. Both rules
look only at the bytes made, so a build gives the same files every time.
"""

import io
import warnings
from collections.abc import Sequence
from typing import Any

from PIL import Image, ImageCms, ImageOps, features

from .renditions import CARD_SIZE, ORIGINAL, ImageSettings, Plan, crop_role, role

Files = dict[str, bytes]  # role -> bytes

# EXIF tags a newsroom may choose to keep (BILINGUAL_IMAGE_KEEP_RIGHTS).
RIGHTS_TAGS = (0x013B, 0x8298)  # Artist, Copyright
SRGB = ImageCms.createProfile("sRGB")
WEBP_EFFORT = 4  # libwebp's method: 4 is its default balance of time and size
# Downscale by whole factors first, then Lanczos: as sharp, several times faster.
REDUCING_GAP = 3.0
CARD_MATTE = "white"  # what shows through a transparent hero on its social card
AVIF_SPEED = 8  # libavif's speed 0-10: 8 is ~7× faster than 6 for ~10% more bytes
PALETTE = 256  # the colours a PNG palette holds
TIFF_COMPRESSION = "tiff_adobe_deflate"  # zlib: smaller than LZW, read by every TIFF reader


def decode(data: bytes) -> tuple[Image.Image, bytes]:
    """The image as shown (orientation applied, sRGB, fully decoded, no
    metadata) and the EXIF rights fields to keep, as EXIF bytes."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = Image.open(io.BytesIO(data))
            source.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValueError(f"cannot be decoded ({error}); export it again") from None
    exif = source.getexif()
    rights = Image.Exif()
    for tag in RIGHTS_TAGS:
        if exif.get(tag):
            rights[tag] = exif[tag]
    shown = _eight_bits(ImageOps.exif_transpose(source) or source)
    alpha = "A" in shown.getbands() or "transparency" in shown.info
    mode = "RGBA" if alpha else "RGB"
    profile = source.info.get("icc_profile")
    converted = None
    if profile and shown.mode in ("RGB", "RGBA", "CMYK"):
        try:
            icc = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            converted = ImageCms.profileToProfile(shown, icc, SRGB, outputMode=mode)
        except ImageCms.PyCMSError:
            converted = None  # a broken profile: the pixels as they are
    shown = converted or (shown if shown.mode == mode else shown.convert(mode))
    clean = shown.copy()
    clean.info = {}
    return clean, rights.tobytes() if len(rights) else b""


def encode(
    image: Image.Image,
    fmt: str,
    photo: bool,
    settings: ImageSettings,
    exif: bytes,
    few_colours: bool = False,
) -> bytes:
    """``image`` in ``fmt`` (avif, webp, jpeg, png, or another extension of
    the original's format) with the site's quality for a photo or a graphic;
    ``few_colours``: the source had 256 colours or fewer, so a PNG of more
    (added by resampling) may take a palette of 256 if that is smaller."""
    fmt = {"jpg": "jpeg", "jpe": "jpeg", "tif": "tiff"}.get(fmt.lower(), fmt.lower())
    options: dict[str, Any] = {}
    if exif:
        options["exif"] = exif
    if fmt == "jpeg":
        image = image.convert("RGB")
        quality = settings.quality_of("jpeg")
        options.update(quality=quality, optimize=True, progressive=True)
    elif fmt == "webp" and photo:
        options.update(quality=settings.quality_of("webp"), method=WEBP_EFFORT)
    elif fmt == "webp":  # screenshots and charts stay sharp
        options.update(lossless=True, quality=80, method=WEBP_EFFORT)
    elif fmt == "avif":
        options.update(quality=settings.quality_of("avif"), speed=AVIF_SPEED, max_threads=1)
    elif fmt == "png":
        return _png(image, few_colours, options)
    elif fmt == "tiff" and features.check("libtiff"):
        # Lossless and deterministic; written raw, an agency's 9.9 MB LZW
        # scan came out at 11.5 MB.
        options.update(compression=TIFF_COMPRESSION)
    return _saved(image, fmt, options)


def _png(image: Image.Image, few_colours: bool, options: dict[str, Any]) -> bytes:
    """``image`` as a PNG: a palette of its colours when it has 256 or
    fewer; else, for a source of ``few_colours``, the smaller of a palette
    of 256 and full colour; else full colour."""
    options = {**options, "optimize": False, "compress_level": 9}
    colours = image.getcolors(PALETTE) if image.mode in ("RGB", "RGBA") else None
    if colours is not None:
        # A screenshot or chart of 256 colours or fewer: a palette holds it
        # exactly, and a palette of just those colours takes fewer bits a pixel.
        exact = image.quantize(len(colours), method=_quantizer(image), dither=Image.Dither.NONE)
        return _saved(exact, "png", options)
    full = _saved(image, "png", options)
    if not few_colours or image.mode not in ("RGB", "RGBA"):
        return full
    # Resampled text and edges: shades between a few colours, which 256
    # hold with no visible change (median cut, for an opaque image, keeps
    # its flat areas exact).
    nearest = image.quantize(PALETTE, method=_quantizer(image), dither=Image.Dither.NONE)
    paletted = _saved(nearest, "png", options)
    return paletted if len(paletted) < len(full) else full


def _saved(image: Image.Image, fmt: str, options: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt.upper(), **options)
    return out.getvalue()


def derive(data: bytes, plan: Plan, settings: ImageSettings) -> Files:
    """{role: bytes} of the original (re-encoded in its own format, full
    size) and every derivative of ``plan`` (``Plan.roles``) but the
    renditions that weigh too much (module docstring)."""
    image, exif = decode(data)
    rights = exif if settings.keep_rights else b""
    few = _few_colours(image, plan.photo)
    original = encode(image, plan.original_format, plan.photo, settings, rights)
    files = {ORIGINAL: original}
    if image.width in plan.widths and plan.fallback == plan.original_format:
        files[role(image.width, plan.fallback)] = original  # the same file
    resized = image
    for width in sorted(plan.widths, reverse=True):  # each from the next larger: faster
        height = max(1, round(plan.height * width / plan.width))
        if width != image.width:
            resized = resized.resize(
                (width, height), Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP
            )
        for fmt in plan.all_formats:
            if role(width, fmt) not in files:
                files[role(width, fmt)] = encode(resized, fmt, plan.photo, settings, rights, few)
    # A photo's modern renditions only get lighter as they narrow (and its
    # whole AVIF would take seconds to make): a graphic's are weighed too.
    for fmt in plan.all_formats if not plan.photo else (plan.fallback,):
        whole = files.get(role(image.width, fmt))
        if whole is None and fmt == plan.original_format:
            whole = original
        elif whole is None and few:  # a graphic of few colours: quick to encode whole
            whole = encode(image, fmt, plan.photo, settings, rights, few)
        widest_first = sorted((w for w in plan.widths if w < image.width), reverse=True)
        weighed = [role(w, fmt) for w in widest_first]
        limit = None if whole is None else len(whole)
        if lightest_only(files, weighed, limit) and whole is not None:
            files[role(image.width, fmt)] = whole  # in place of the wider ones
    return files


def hero_files(data: bytes, plan: Plan, settings: ImageSettings, card: str) -> Files:
    """A hero's social card (role ``card``) and its 16:9 card crops
    (``Plan.crop_roles``) but those that weigh more than a wider one, from
    one decoding."""
    image, exif = decode(data)
    rights = exif if settings.keep_rights else b""
    few = _few_colours(image, plan.photo)
    files = {card: _social_card(image, settings)}
    resized = image.crop(plan.crop_box())
    widest_first = sorted(plan.crop_widths, reverse=True)
    for width in widest_first:  # each from the next larger
        size = plan.crop_size(width)
        if size != resized.size:
            resized = resized.resize(size, Image.Resampling.LANCZOS, reducing_gap=REDUCING_GAP)
        for fmt in plan.all_formats:
            files[crop_role(*size, fmt)] = encode(resized, fmt, plan.photo, settings, rights, few)
    for fmt in plan.all_formats if not plan.photo else (plan.fallback,):
        lightest_only(files, [crop_role(*plan.crop_size(w), fmt) for w in widest_first])
    return files


def lightest_only(files: Files, widest_first: Sequence[str], limit: int | None = None) -> bool:
    """Remove from ``files`` each role of ``widest_first`` (one format's
    renditions, widest first) that weighs as much as a wider one kept, or
    as ``limit`` (the original's bytes); whether the widest was removed."""
    lightest, widest_gone = limit, False
    for n, name in enumerate(widest_first):
        weight = len(files[name])
        if lightest is not None and weight >= lightest:
            del files[name]
            widest_gone = widest_gone or n == 0
        else:
            lightest = weight
    return widest_gone


def _few_colours(image: Image.Image, photo: bool) -> bool:
    """Whether a graphic has 256 colours or fewer (a screenshot, a chart)."""
    return not photo and image.getcolors(PALETTE) is not None


def _social_card(image: Image.Image, settings: ImageSettings) -> bytes:
    card = ImageOps.fit(_opaque(image), CARD_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    return encode(card, "jpeg", True, settings, b"")


def _opaque(image: Image.Image) -> Image.Image:
    """``image`` in RGB, its transparent parts white as on a page: a JPEG
    card has no transparency, and dropping it would show whatever colour
    the hidden pixels hold (black, for most charts and logos)."""
    if image.mode != "RGBA":
        return image.convert("RGB")
    flat = Image.new("RGB", image.size, CARD_MATTE)
    flat.paste(image, mask=image.getchannel("A"))
    return flat


def _eight_bits(image: Image.Image) -> Image.Image:
    """A 16-bit greyscale picture (a scan, a PNG from an editor) scaled to
    8 bits: converted as it is, every value above 255 would turn white."""
    if not image.mode.startswith("I;16"):
        return image
    return image.convert("I").point(lambda value: value * (1 / 257)).convert("L")


def _quantizer(image: Image.Image) -> Image.Quantize:
    return Image.Quantize.FASTOCTREE if image.mode == "RGBA" else Image.Quantize.MEDIANCUT
