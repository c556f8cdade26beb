"""Vanilla Pelican on the benchmark corpus: default theme, no plugins.

What a Pelican user would write for the same corpus: the language from the
file name, translations paired by slug, the same time zone and pagination,
Pelican's default outputs (index, archives, categories, tags, authors, feeds).
"""

PATH = "content"
SITENAME = "Bench"
SITEURL = "https://bench.example.org"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "id"
FILENAME_METADATA = r"(?P<basename>.*)\.(?P<lang>[a-z]{2})"
STATIC_PATHS = ["images"]
DEFAULT_PAGINATION = 10
LOAD_CONTENT_CACHE = False
READERS = {"rst": None}
# Explicitly none: Pelican would otherwise load every installed namespace
# plugin, including pelican-i18n-subsites from bench/requirements.txt.
PLUGINS = []
