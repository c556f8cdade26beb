"""The plugin's settings: defaults in one place, validated once per build.

Every setting the plugin adds starts with ``BILINGUAL_``; the plugin README
gives each one a heading. ``configure`` also switches off the Pelican outputs
that cannot be per-language, because our generator writes them instead; a
site that sets one of those to anything but Pelican's default gets an error,
not a setting silently ignored.
"""

import multiprocessing
import os
import re
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any, TypeVar

from .errors import ContentError
from .pelican_internals import DRAFT_OUTPUTS, PELICAN_OUTPUTS_OFF, pelican_default
from .safe_html import html_policy

# Pelican's settings: a dict of every kind of value, keyed by name.
Settings = Mapping[str, Any]
_Settings = TypeVar("_Settings", bound=MutableMapping[str, Any])

DEFAULTS: dict[str, Any] = {
    # Language code -> {"name", "og_locale", "words_per_minute", "sections"}.
    # The order is the display order; DEFAULT_LANG must be one of them.
    "BILINGUAL_LANGUAGES": {
        "en": {
            "name": "English",
            "og_locale": "en_US",
            "words_per_minute": 220,
            "sections": {
                "category": "category",
                "tag": "tag",
                "author": "author",
                "archives": "archives",
                "search": "search",
            },
        },
    },
    # {"category": [{"id": "Teknologi", "en": "Technology"}, ...], "tag": [...]}
    "BILINGUAL_TERMS": {},
    # The publication behind the site, for JSON-LD `publisher`: {"name",
    # "email", "masthead"} (masthead: the site path of the masthead page).
    "BILINGUAL_PUBLISHER": {},
    # Shown after times, e.g. "20.00 WIB".
    "BILINGUAL_TIMEZONE_LABEL": "",
    # Live preview (`make devserver`): drafts are written at their final URLs,
    # listed like published stories, and every page is marked noindex.
    "BILINGUAL_PREVIEW_DRAFTS": False,
    # Processes that convert Markdown and render pages in parallel; 0 = one
    # per core, 1 = everything in the Pelican process, in order.
    "BILINGUAL_WORKERS": 0,
    # How worker processes start: "fork", "spawn" or "forkserver"; empty =
    # "fork" where the platform has it, else "spawn" (Windows). The output
    # is the same with each.
    "BILINGUAL_START_METHOD": "",
    # Incremental builds (build_state.py): the build cache folder and the
    # previous build's output. The build driver (make html, make publish,
    # make devserver) sets both; empty: every build is cold.
    "BILINGUAL_BUILD_CACHE": "",
    "BILINGUAL_PREVIOUS_OUTPUT": "",
    # URLs per sitemap file; past it, a sitemap index and one file per language.
    "BILINGUAL_SITEMAP_LIMIT": 50000,
    # Header fields of our own, beyond those the writer's guide lists
    # (lower-case names); any other unknown field is an error.
    "BILINGUAL_FIELDS": [],
    # Hosts that body and hero images may be loaded from (e.g. "cdn.example.org");
    # every other remote image is an error. Add them to the CSP's img-src too.
    "BILINGUAL_IMAGE_HOSTS": [],
    # The browser editor at /admin/ (Decap CMS, cms.py): off keeps the public
    # site free of it. BACKEND is Decap's `backend` (who signs in, which
    # repository and branch); the local proxy of `make cms` listens on PROXY_PORT.
    "BILINGUAL_CMS": False,
    "BILINGUAL_CMS_BACKEND": {"name": "github", "repo": "", "branch": "main"},
    "BILINGUAL_CMS_PROXY_PORT": 8081,
    # The folder of cms/package.json, warta.js and node_modules/ (make cms-install).
    "BILINGUAL_CMS_FOLDER": os.path.join(os.path.dirname(__file__), "..", "..", "cms"),
    # Responsive images (renditions.py): the widths published for every
    # raster image (never wider than the original), the modern formats
    # offered before the original's own (AVIF where Pillow writes it), and
    # the encoders' quality for photos (PNG graphics are lossless WebP).
    # Steps of about 4/3: Lighthouse's phone (412 px at 1.75×) needs 665 px
    # for a full-width image, and gets 720 rather than 800 (31% too many pixels).
    "BILINGUAL_IMAGE_WIDTHS": (480, 720, 960, 1280, 1600),
    # Widths of a hero's 16:9 crop, which story cards show (() for none):
    # steps close enough that a phone's screen gets little more than it shows.
    "BILINGUAL_IMAGE_CARD_WIDTHS": (480, 720, 960, 1280),
    "BILINGUAL_IMAGE_FORMATS": ("avif", "webp"),
    "BILINGUAL_IMAGE_QUALITY": {"jpeg": 82, "webp": 80, "avif": 55},
    # Keep the EXIF Artist and Copyright fields in published images; every
    # other metadata field (GPS, camera, serial, software) is always removed.
    "BILINGUAL_IMAGE_KEEP_RIGHTS": False,
    # The `sizes` of each place an image is shown, matching style.css.
    "BILINGUAL_IMAGE_SIZES": {
        "hero": "(min-width: 50rem) 46rem, calc(100vw - 2rem)",
        "lead": "(min-width: 72rem) 40rem, (min-width: 64em) calc(60vw - 4rem), calc(100vw - 2rem)",
        "card": "(min-width: 60.5rem) 22rem, (min-width: 40rem) 50vw, calc(100vw - 2rem)",
        "body": "(min-width: 50rem) 42rem, calc(100vw - 2rem)",
    },
    # Where encoded images are kept between builds; empty: <CACHE_PATH>/images.
    "BILINGUAL_IMAGE_CACHE": "",
    # The card drawn for a story without a hero image (og:image): colours,
    # and the font, relative to the theme (its licence beside it).
    "BILINGUAL_SOCIAL_CARD": {
        "background": "#a11d1d",
        "foreground": "#ffffff",
        "accent": "#fbfaf7",
        "font": "fonts/DejaVuSans-Bold.ttf",
    },
    # Where the theme's gettext catalogs live (<dir>/<lang>/LC_MESSAGES/);
    # empty means <THEME>/translations.
    "BILINGUAL_CATALOG_DIR": "",
    # Raw HTML in story and page bodies (safe_html.py): what may pass the
    # sanitizer. A key given in pelicanconf.py replaces that key's default.
    "BILINGUAL_HTML": {
        "tags": [
            *("p", "div", "span", "br", "hr", "wbr", "h2", "h3", "h4", "h5", "h6"),
            *("a", "em", "strong", "b", "i", "u", "s", "small", "mark", "q", "cite"),
            *("abbr", "dfn", "time", "sup", "sub", "del", "ins", "bdi", "bdo"),
            *("ruby", "rt", "rp", "kbd", "samp", "var", "code", "pre"),
            *("ul", "ol", "li", "dl", "dt", "dd", "blockquote", "details", "summary"),
            *("figure", "figcaption", "img", "picture", "source", "audio", "video"),
            *("track", "iframe", "table", "caption", "colgroup", "col", "thead"),
            *("tbody", "tfoot", "tr", "th", "td"),
        ],
        "attributes": {
            "*": ["id", "class", "lang", "dir", "title"],
            "a": ["href", "hreflang", "aria-label"],
            "img": ["src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"],
            "source": ["src", "srcset", "sizes", "type", "media", "width", "height"],
            "audio": ["src", "controls", "preload", "loop", "muted"],
            "video": ["src", "controls", "preload", "loop", "muted", "poster", "width", "height"],
            "track": ["src", "kind", "srclang", "label", "default"],
            # `sandbox` and `loading="lazy"` are always set; a missing
            # `title` is filled in ("Embedded content from <host>").
            "iframe": ["src", "width", "height", "allow", "allowfullscreen", "referrerpolicy"],
            "blockquote": ["cite"],
            "q": ["cite"],
            "del": ["cite", "datetime"],
            "ins": ["cite", "datetime"],
            "time": ["datetime"],
            "details": ["open"],
            "ol": ["start", "reversed", "type"],
            "li": ["value"],
            "col": ["span"],
            "colgroup": ["span"],
            "th": ["colspan", "rowspan", "headers", "scope", "abbr"],
            "td": ["colspan", "rowspan", "headers"],
        },
        # Relative URLs and #fragments always pass.
        "url_schemes": ["http", "https", "mailto", "tel"],
        # An iframe stays only when its https:// address is on one of these
        # hosts; each needs to be in the Content-Security-Policy's frame-src.
        "iframe_hosts": ["www.youtube.com", "www.youtube-nocookie.com", "player.vimeo.com"],
        # Never allow-scripts together with allow-same-origin: the pair lets
        # the embedded page lift its own sandbox (the HTML checker rejects it).
        "iframe_sandbox": "allow-scripts allow-presentation allow-popups allow-popups-to-escape-sandbox",
    },
}

# Why the plugin switches each of Pelican's outputs off (PELICAN_OUTPUTS_OFF,
# DRAFT_OUTPUTS), for the error when pelicanconf.py sets one: the first
# entry whose key is part of the setting's name.
WHY_OFF = {
    "DRAFT_": "drafts are never written, except by the live preview"
    " (BILINGUAL_PREVIEW_DRAFTS), which writes them at their final URLs",
    "FEED_": "Pelican's feeds mix languages; the plugin writes one feed per language"
    " and per category",
    "ARTICLE_TRANSLATION_ID": "variants are paired by file name (story.id.md, story.en.md)",
    "PAGE_TRANSLATION_ID": "variants are paired by file name (page.id.md, page.en.md)",
    "": "Pelican's index, archive and taxonomy pages mix languages; the plugin writes"
    " one per language, at the sections named in BILINGUAL_LANGUAGES",
}

SECTIONS = ("category", "tag", "author", "archives", "search")
LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$")
# The one slug rule: story and page slugs, URL sections, scaffolded slugs.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def configure(settings: _Settings) -> _Settings:
    """Fill in defaults, validate, and switch off Pelican's own listings
    (``PELICAN_OUTPUTS_OFF``, ``DRAFT_OUTPUTS``)."""
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    preview = settings["BILINGUAL_PREVIEW_DRAFTS"]
    drafts = {draft: settings[final] if preview else "" for draft, final in DRAFT_OUTPUTS.items()}
    switched_off = {**PELICAN_OUTPUTS_OFF, **drafts}
    overridden = [
        f"settings: {name} = {settings[name]!r} would have no effect: {_why_off(name)};"
        " remove it from pelicanconf.py"
        for name, value in switched_off.items()
        if settings.get(name) not in (value, pelican_default(name))
    ]
    if overridden:
        raise ContentError(*overridden)
    settings.update(switched_off)

    if settings.get("LOAD_CONTENT_CACHE"):
        raise ContentError(
            "settings: LOAD_CONTENT_CACHE must stay False: a file read from Pelican's cache"
            " would skip the content checks (a broken story would vanish without a word)"
        )
    if settings.get("STATIC_CREATE_LINKS"):
        raise ContentError(
            "settings: STATIC_CREATE_LINKS must stay False: a hard link to a static file"
            " gives it a new change time, which the build cache compares, so every build"
            " would start cold (build_state.py)"
        )
    method = settings["BILINGUAL_START_METHOD"]
    if method and method not in multiprocessing.get_all_start_methods():
        raise ContentError(
            f"settings: BILINGUAL_START_METHOD {method!r} must be empty (the platform's"
            f" default) or one of {', '.join(multiprocessing.get_all_start_methods())}"
        )
    count = settings["BILINGUAL_WORKERS"]
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ContentError(
            f"settings: BILINGUAL_WORKERS {count!r} must be a whole number: 0 (one per core),"
            " 1 (everything in the Pelican process) or more"
        )
    siteurl = settings.get("SITEURL", "")
    if siteurl and not re.match(r"^https?://[^/\s?#@]+(/[^\s?#]*)?$", siteurl):
        raise ContentError(
            f"settings: SITEURL {siteurl!r} must be an absolute address with its scheme and"
            " no query, fragment or password, e.g. https://example.org or https://example.org/news"
        )
    if settings.get("MARKDOWN") != pelican_default("MARKDOWN"):
        raise ContentError(
            "settings: MARKDOWN is not read: story Markdown is configured in"
            " plugins/bilingual/body.py (see the plugin's README); remove MARKDOWN"
        )
    html_policy({**DEFAULTS["BILINGUAL_HTML"], **settings["BILINGUAL_HTML"]})
    check_image_settings(settings)

    languages = settings["BILINGUAL_LANGUAGES"]
    default = settings["DEFAULT_LANG"]
    if default not in languages:
        raise ContentError(f"settings: DEFAULT_LANG {default!r} is not in BILINGUAL_LANGUAGES")
    for code, spec in languages.items():
        if not LANG_CODE.match(code):
            raise ContentError(f"settings: BILINGUAL_LANGUAGES key {code!r} is not a BCP 47 code")
        for field in ("name", "og_locale", "words_per_minute", "sections"):
            if field not in spec:
                raise ContentError(f"settings: BILINGUAL_LANGUAGES[{code!r}] lacks {field!r}")
        for section in SECTIONS:
            segment = spec["sections"].get(section, "")
            if not SLUG.match(segment):
                raise ContentError(
                    f"settings: BILINGUAL_LANGUAGES[{code!r}]['sections']"
                    f"[{section!r}] must match [a-z0-9-]+, not {segment!r}"
                )
    return settings


def check_image_settings(settings: Settings) -> None:
    """The image settings, or a ContentError naming the one that is wrong."""
    for name, example in (
        ("BILINGUAL_IMAGE_WIDTHS", "(480, 720, 960, 1280, 1600)"),
        ("BILINGUAL_IMAGE_CARD_WIDTHS", "(480, 720, 960, 1280)"),
    ):
        widths = settings[name]
        empty_allowed = name == "BILINGUAL_IMAGE_CARD_WIDTHS"
        if (not widths and not empty_allowed) or not all(
            isinstance(w, int) and not isinstance(w, bool) and w > 0 for w in widths
        ):
            raise ContentError(
                f"settings: {name} {widths!r} must be whole numbers of pixels, e.g. {example}"
            )
    for fmt in settings["BILINGUAL_IMAGE_FORMATS"]:
        if fmt not in ("avif", "webp"):
            raise ContentError(
                f"settings: BILINGUAL_IMAGE_FORMATS {fmt!r} must be 'avif' or 'webp'"
            )
    quality = settings["BILINGUAL_IMAGE_QUALITY"]
    for fmt in ("jpeg", "webp", "avif"):
        if not isinstance(quality.get(fmt), int) or not 1 <= quality[fmt] <= 100:
            raise ContentError(
                f"settings: BILINGUAL_IMAGE_QUALITY[{fmt!r}] must be a whole number from 1 to 100"
            )
    missing = {"hero", "lead", "card", "body"} - set(settings["BILINGUAL_IMAGE_SIZES"])
    if missing:
        raise ContentError(f"settings: BILINGUAL_IMAGE_SIZES lacks {', '.join(sorted(missing))}")
    card = settings["BILINGUAL_SOCIAL_CARD"]
    for key in ("background", "foreground", "accent", "font"):
        if key not in card:
            raise ContentError(f"settings: BILINGUAL_SOCIAL_CARD lacks {key!r}")


def _why_off(name: str) -> str:
    """Why the plugin switches Pelican's setting ``name`` off."""
    return next(why for part, why in WHY_OFF.items() if part in name)


def workers(settings: Settings) -> int:
    """Processes to read and render with: ``BILINGUAL_WORKERS``, 0 being
    one per core. (The live preview too: each of its builds is a process
    forked from the warm builder, which has no other thread.)"""
    return settings["BILINGUAL_WORKERS"] or os.cpu_count() or 1


def language_codes(settings: Settings) -> list[str]:
    """Language codes, the default first, then in settings order."""
    default = settings["DEFAULT_LANG"]
    return [default] + [c for c in settings["BILINGUAL_LANGUAGES"] if c != default]


def reserved_segments(settings: Settings) -> set[str]:
    """First URL segments a page slug may not take."""
    # "admin": the browser editor's folder (cms.py), when BILINGUAL_CMS is on.
    reserved = {"page", "feeds", "theme", "images", "pagefind", "drafts", "og", "admin"}
    for code, spec in settings["BILINGUAL_LANGUAGES"].items():
        reserved.add(code)
        reserved.update(spec["sections"].values())
    return reserved


def inside(path: str, folders: Iterable[str]) -> bool:
    """Whether ``path`` (relative to the content folder) lies in one of
    ``folders`` as settings name them (``"articles"``, ``"/images/"``; an
    empty name is the content folder itself)."""
    for folder in folders:
        folder = folder.strip("/")
        if not folder or path == folder or path.startswith(folder + "/"):
            return True
    return False
