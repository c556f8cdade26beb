"""Site settings for development builds (`make html`, `make devserver`).

`publishconf.py` imports these and adds what only the public site needs.
Settings the translation-linking plugin adds start with `BILINGUAL_` and are
documented in `plugins/bilingual/README.md`.
"""

SITENAME = "Warta"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["bilingual"]

# Languages: the first is the default and lives at the site root; the others
# live under /<code>/. Names are the ones readers use, not CLDR's autonyms.
DEFAULT_LANG = "id"
BILINGUAL_LANGUAGES = {
    "id": {
        "name": "Bahasa Indonesia",
        "og_locale": "id_ID",
        "words_per_minute": 180,
        "sections": {
            "category": "kategori",
            "tag": "tag",
            "author": "penulis",
            "archives": "arsip",
            "search": "cari",
        },
    },
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
}

# Category and tag equivalence across languages. Terms not listed here are
# paired when the translated stories agree on them without ambiguity.
BILINGUAL_TERMS = {
    "category": [
        {"id": "Teknologi", "en": "Technology"},
    ],
    "tag": [
        {"id": "Kecerdasan Buatan", "en": "Artificial Intelligence"},
        {"id": "Sumber Terbuka", "en": "Open Source"},
        {"id": "Meta", "en": "Meta"},
        {"id": "Mark Zuckerberg", "en": "Mark Zuckerberg"},
    ],
}

# The publication behind the site (JSON-LD publisher); its masthead page is
# content/pages/masthead.*.md.
BILINGUAL_PUBLISHER = {
    "name": "Warta",
    "email": "redaksi@warta.example.org",
    "masthead": "redaksi/",
}

# A story dated in the future is scheduled: not published until a build runs
# after its time (the publishing workflow rebuilds hourly).
WITH_FUTURE_DATES = False

# The newsroom's clock: every date is converted to it when it is read.
TIMEZONE = "Asia/Jakarta"
BILINGUAL_TIMEZONE_LABEL = "WIB"
# Pelican's own strftime dates are not used; dates come from Babel (CLDR).
LOCALE = ("C",)

# Directory-style URLs (…/slug/index.html). Listing, taxonomy, archive and
# feed URLs are the plugin's, localised per language (see its README).
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = "{lang}/" + ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_LANG_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
PAGE_LANG_URL = "{lang}/" + PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_LANG_URL + "index.html"

DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Markdown only: the reStructuredText reader warns about the "id" locale.
# (HTML sources are not stories either: one file per language in Markdown.)
READERS = {"rst": None, "html": None, "htm": None}
# Markdown is the plugin's, not Pelican's MARKDOWN setting: the build, the
# summaries and the newsroom commands share one configuration, in
# plugins/bilingual/body.py (see the plugin's README, "Markdown"). Raw HTML
# in stories is sanitized with the allowlist BILINGUAL_HTML (same README).
# Summary is plain text, escaped by the theme like every other field.
FORMATTED_FIELDS = []
SUMMARY_MAX_LENGTH = 50

# Pelican's feeds are not per-language: the plugin switches them off and
# writes its own. Pelican checks its feed settings before any plugin runs and,
# with SITEURL empty, warns (a failure under --fatal warnings) unless the
# feeds it writes by default are off here too.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
    # Each build makes new environments (the live preview too), so checking
    # template files for changes on every include only costs time.
    "auto_reload": False,
}

# Content cache off by default: cold builds are the ones we trust.
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True

# Editor, backup and OS files are never content (swap files, `x.md~`,
# `#x.md#`, Finder and Explorer files).
IGNORE_FILES = [".*", "*~", "#*#", "*.swp", "*.swo", "Thumbs.db", "desktop.ini"]
