"""``<picture>`` markup for the images ``renditions.py`` plans, for the
templates: the hero and card images (``picture(content, role)``) and every
image of a body (the ``responsive`` filter).

Each planned image becomes one ``<source type srcset sizes>`` per modern
format and an ``<img src srcset sizes width height alt>`` in the fallback
format (the original's; PNG or JPEG for a TIFF or BMP), each offering the
widths its files were kept at (``Plan.encoded``). ``sizes`` comes from ``BILINGUAL_IMAGE_SIZES``, per place (hero,
lead, card, body), matching the widths style.css gives them. The first
image a reader sees (a story's hero, the home page's lead) is fetched at
once with ``fetchpriority="high"``. On a page without a hero (a story
without ``Image:``, a page) the first image of the body may be the largest
thing in view: it is ``loading="eager"``, at the browser's own priority,
since it may as well sit below several paragraphs. Every other image is
``loading="lazy"`` and ``decoding="async"``. An image without a plan (SVG,
GIF, remote) keeps the plain ``<img>`` it had, eager in that first place.
"""

import functools
import re
from collections.abc import Iterable, Mapping
from html import unescape
from typing import Any, Literal
from urllib.parse import quote, unquote

from jinja2 import pass_context
from markupsafe import Markup, escape

from .image_store import ImageIndex
from .renditions import MIME, Plan
from .structured import preview_image

Ctx = Mapping[str, Any]  # the template context
Content = Any  # a Pelican Article or Page
IMG_OR_PICTURE = re.compile(r"<(?P<close>/?)picture\b[^>]*>|<img\b(?P<attrs>[^>]*)>")
ATTRIBUTE = re.compile(r'\s(?P<name>[a-zA-Z-]+)(?:="(?P<value>[^"]*)")?')
# What the picture markup sets; any other attribute of a body image stays.
CROPPED_ROLES = ("card", "lead")  # shown at 16:9 by style.css: the card crops
CROP_DEFAULT_WIDTH = 960  # the crop ``src`` names for browsers without ``srcset``
REPLACED = ("src", "srcset", "sizes", "width", "height", "loading", "decoding", "fetchpriority")
Loading = Literal["high", "eager", "lazy"]
# What ends the <img>, by how it loads: the page's first image (a hero, a
# lead), the first of a body on a page without a hero, every other image.
LOADING: dict[Loading, str] = {
    "high": ' fetchpriority="high">',
    "eager": ' loading="eager">',
    "lazy": ' loading="lazy" decoding="async">',
}


def picture_markup(
    plan: Plan,
    siteurl: str,
    sizes: str,
    loading: Loading,
    attributes: Mapping[str, str],
    crop: bool = False,
) -> Markup:
    """The ``<picture>`` of ``plan``; ``attributes`` (alt, class, …) go on the
    ``<img>``. With ``crop`` (a story card), the plan's 16:9 card crops."""
    head, tail = _around_attributes(plan, sizes, crop)
    extra = "".join(f' {escape(k)}="{escape(v)}"' for k, v in attributes.items())
    site = str(escape(siteurl))  # a Markup would escape the pieces it joins
    return Markup(f"{site.join(head)}{extra}{tail}{LOADING[loading]}</picture>")


@functools.lru_cache(maxsize=4096)
def _around_attributes(plan: Plan, sizes: str, crop: bool) -> tuple[tuple[str, ...], str]:
    """The escaped markup of ``picture_markup`` before the ``<img>``'s own
    attributes (the sources, ``src``, ``srcset``, ``sizes``) and after them
    (``width``, ``height``), the same on every page that shows the picture
    in one place: made once. The part before comes as the pieces between
    which the page's site URL goes (``make html`` makes it relative: one
    per depth of folders)."""
    src, width, height = _frame(plan, crop)
    shown = escape(sizes)
    pieces = ["<picture>"]  # each but the last is followed by the site URL

    def urls(start: str, files: Iterable[tuple[str, int]], end: str) -> None:
        pieces[-1] += start
        for n, (name, w) in enumerate(files):
            pieces[-1] += ", " if n else ""
            pieces.append(f"/{name} {w}w")  # names come percent-encoded: nothing to escape
        pieces[-1] += end

    for fmt in plan.formats:
        urls(f'<source type="{MIME[fmt]}" srcset="', _files(plan, fmt, crop), f'" sizes="{shown}">')
    pieces[-1] += '<img src="'
    pieces.append(f'/{src}" srcset="')
    urls("", _files(plan, plan.fallback, crop), f'" sizes="{shown}"')
    return tuple(pieces), f' width="{width}" height="{height}"'


def _files(plan: Plan, fmt: str, crop: bool) -> list[tuple[str, int]]:
    """(percent-encoded file, width) of each rendition or card crop in ``fmt``."""
    return [
        (_encoded(plan, name), w) for name, w in (plan.crop_srcset if crop else plan.srcset)(fmt)
    ]


def _frame(plan: Plan, crop: bool) -> tuple[str, int, int]:
    """(percent-encoded ``src``, width, height) of the picture or its crop."""
    if crop:
        offered = plan.crops_offered(plan.fallback)
        fitting = [w for w in offered if w <= CROP_DEFAULT_WIDTH]
        src = plan.crop_name(fitting[-1] if fitting else offered[0], plan.fallback)
        left, top, right, bottom = plan.crop_box()
        return _encoded(plan, src), right - left, bottom - top
    return _encoded(plan, plan.name(plan.default_width, plan.fallback)), plan.width, plan.height


def _encoded(plan: Plan, name: str) -> str:
    """The file ``name`` of ``plan`` percent-encoded: its path's stem, then a
    role of digits, letters and dots that needs no encoding."""
    return _quoted(plan.stem) + name[len(plan.stem) :]


@functools.lru_cache(maxsize=4096)
def _quoted(path: str) -> str:
    return quote(path, safe="/")


@pass_context
def picture(
    ctx: Ctx, content: Content, role: str, eager: bool = False, css_class: str = "",
    alt: str | None = None,
) -> Markup:  # fmt: skip
    """The hero or card image of ``content``: ``role`` is ``hero``, ``lead``
    or ``card`` (which ``sizes`` to use); ``eager`` for the page's first image."""
    image = content.metadata.get("image") or ""
    if alt is None:
        alt = content.metadata.get("image_alt") or content.metadata.get("image_caption") or ""
    attributes = {"class": css_class} if css_class else {}
    attributes["alt"] = alt
    plan = _index(ctx).plans.get(unquote(image)) if image else None
    siteurl = ctx["SITEURL"]
    if plan is not None:
        sizes = ctx["BILINGUAL_IMAGE_SIZES"][role]
        crop = role in CROPPED_ROLES and bool(plan.crop_widths)
        return picture_markup(plan, siteurl, sizes, "high" if eager else "lazy", attributes, crop)
    src = image if "://" in image else f"{siteurl}/{image}"
    found = {"src": src, **attributes}
    if content.metadata.get("image_width"):
        found["width"] = content.metadata["image_width"]
        found["height"] = content.metadata["image_height"]
    srcset = content.metadata.get("image_srcset")
    if srcset:  # other sizes written by hand (Image_Srcset), for an image without a plan
        found["srcset"] = ", ".join(f"{siteurl}/{path} {d}" for path, d in srcset)
        found["sizes"] = ctx["BILINGUAL_IMAGE_SIZES"][role]
    if eager:
        found["fetchpriority"] = "high"
    else:
        found.update(loading="lazy", decoding="async")
    return Markup("<img{}>").format(
        Markup("").join(Markup(' {}="{}"').format(k, v) for k, v in found.items())
    )


@pass_context
def responsive(ctx: Ctx, html: str, eager_first: bool = False) -> Markup:
    """A body with each local raster ``<img>`` (not already in a
    ``<picture>``) turned into a lazy ``<picture>``; with ``eager_first``
    (a page without a hero) its first image, whatever it is, eager."""
    index, siteurl = _index(ctx), ctx["SITEURL"]
    sizes = ctx["BILINGUAL_IMAGE_SIZES"]["body"]
    depth, first = 0, eager_first

    def replace(match: re.Match[str]) -> str:
        nonlocal depth, first
        if match["attrs"] is None:
            depth += -1 if match["close"] else 1
            return match.group(0)
        loading: Loading = "eager" if first else "lazy"
        first = False
        attributes = {
            a["name"]: unescape(a["value"] or "") for a in ATTRIBUTE.finditer(match["attrs"])
        }
        src = attributes.get("src", "")
        plan = None
        if depth <= 0 and src.startswith(f"{siteurl}/"):
            plan = index.plans.get(unquote(src[len(siteurl) + 1 :]))
        if plan is None:
            return _eager_img(attributes) if loading == "eager" else match.group(0)
        kept = {k: v for k, v in attributes.items() if k not in REPLACED}
        return str(picture_markup(plan, siteurl, sizes, loading, kept))

    return Markup(IMG_OR_PICTURE.sub(replace, str(html)))


def _eager_img(attributes: Mapping[str, str]) -> str:
    """An ``<img>`` without a plan (SVG, GIF, remote) with ``attributes``,
    loaded at once."""
    kept = "".join(
        f' {name}="{escape(value)}"'
        for name, value in attributes.items()
        if name not in ("loading", "decoding", "fetchpriority")
    )
    return f"<img{kept}{LOADING['eager']}"


def _index(ctx: Ctx) -> ImageIndex:
    index: ImageIndex = ctx.get("bilingual_images") or ImageIndex()
    return index


def install_picture(generator: Any) -> None:
    """generator_init: the image helpers for templates."""
    generator.env.globals["picture"] = picture
    generator.env.filters["responsive"] = responsive
    generator.env.globals["social_image"] = pass_context(preview_image)
