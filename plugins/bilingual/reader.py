"""A Markdown reader that knows which language a file is in.

It replaces Pelican's MarkdownReader for two reasons. Correctness: the
language comes from the file name (``story.id.md``), a ``Lang:`` header that
disagrees stops the build, every date is ISO 8601 converted to the
newsroom's time zone before Pelican computes URLs from it, and every problem
of every file is collected (``problems``) instead of stopping at the first.
Speed: the header is parsed here instead of by a second Markdown pass, one
converter is reused for every file, and large folders are converted on every
core (``prefetch.py``).
"""

import difflib
import logging
import os
import pickle
import re
from collections.abc import Container, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from pelican.readers import BaseReader

from .body import body_options
from .build_state import sources_folder
from .content_tree import Containment
from .dates import parse_iso
from .errors import ContentError, problem
from .hosts import normalise
from .images import HOSTS_SETTING, ImageRules
from .prefetch import MINIMUM_FILES, Prefetcher, sources_beside
from .read_ahead import will_read
from .renditions import cache_folder
from .settings import SLUG, inside, language_codes, workers
from .source import MARKDOWN_SUFFIXES, Source, SourceConverter
from .source_cache import SourceCache
from .taxonomy import term_slug
from .workers import start_method

logger = logging.getLogger(__name__)

DATE_FIELDS = ("date", "modified")
TERM_FIELDS = {"category": "category", "tags": "tag", "authors": "author", "author": "author"}
# Every header field the site reads (see the writer's guide); others are
# typos unless declared in BILINGUAL_FIELDS.
KNOWN_FIELDS = (
    "title", "date", "modified", "category", "tags", "authors", "author", "summary",
    "slug", "lang", "status", "image", "image_alt", "image_caption", "image_credit",
    "image_srcset", "aliases", "correction", "source", "translator", "translation",
    "original", "original-hash",
)  # fmt: skip
NUMBERED = re.compile(r"^correction-\d+$")
STATUSES = ("published", "draft", "hidden")


def split_name(source_path: str, languages: Container[str]) -> tuple[str, str | None]:
    """``…/story.id.md`` -> (``…/story``, ``id``); lang is None if absent."""
    stem, _ext = os.path.splitext(source_path)
    base, dot, lang = stem.rpartition(".")
    if not dot or lang not in languages:
        return stem, lang if dot else None
    return base, lang


def image_rules(settings: Mapping[str, Any]) -> ImageRules:
    return ImageRules(
        settings["PATH"],
        tuple(settings["STATIC_PATHS"]),
        normalise(settings[HOSTS_SETTING]),
        cache_folder(settings),
    )


def is_article(relative: str, settings: Mapping[str, Any]) -> bool:
    return inside(relative, settings["ARTICLE_PATHS"])


# Pelican ships no types: BaseReader is Any to mypy.
class BilingualMarkdownReader(BaseReader):  # type: ignore[misc]
    enabled = True
    file_extensions = [suffix.lstrip(".") for suffix in MARKDOWN_SUFFIXES]

    def __init__(self, settings: Mapping[str, Any]) -> None:
        super().__init__(settings)
        self._markdown = body_options(settings)
        self._rules = image_rules(settings)
        self._converter = SourceConverter(self._markdown, self._rules)
        self._prefetcher: Prefetcher | None = None
        # Sources converted by earlier builds (source_cache.py).
        self._kept = SourceCache(sources_folder(settings), settings["PATH"])
        self._first_read = True  # the first file read decides whether to prefetch
        self._languages = language_codes(settings)
        self._zone = ZoneInfo(settings["TIMEZONE"])
        self._fields = KNOWN_FIELDS + tuple(f.lower() for f in settings["BILINGUAL_FIELDS"])
        self.problems: list[str] = []  # every content error met, for the whole build
        self.unread: set[str] = set()  # files skipped because of them
        self._contained = Containment(settings["PATH"])

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """(html, metadata); a file with problems is recorded and skipped, so
        the build can report every problem of every file at once."""
        try:
            return self._read(source_path)
        except ContentError as error:
            self.problems.extend(error.problems)
            relative = os.path.relpath(source_path, self.settings["PATH"])
            self.unread.add(relative.replace(os.sep, "/"))
            return "", {"status": "skip"}

    def finish(self) -> None:
        """Reading is over: stop any workers still converting ahead."""
        if self._prefetcher is not None:
            self._prefetcher.close()
            self._prefetcher = None

    def _source(self, relative: str) -> Source:
        """The converted file: kept from an earlier build when its bytes are
        unchanged, else converted, in the workers when many are to convert."""
        kept = self._kept.get(relative)
        if kept is not None:
            return kept
        source, pickled = self._convert(relative)
        self._kept.put(relative, source, pickled)
        return source

    def _convert(self, relative: str) -> tuple[Source, bytes | None]:
        """The converted file, and its pickle when a worker converted it."""
        if self._first_read:
            self._first_read = False
            count = workers(self.settings)
            files = sources_beside(relative, self.settings) if count > 1 else []
            root = self.settings["PATH"]
            # Not the files the live preview read ahead, nor those converted before.
            files = [f for f in files if will_read(os.path.join(root, f))]
            files = [f for f in files if not self._kept.has(f)]
            if len(files) >= MINIMUM_FILES:
                self._prefetcher = Prefetcher(
                    self._markdown, self._rules, files, count, start_method(self.settings)
                )
        result = self._prefetcher.take(relative) if self._prefetcher else None
        if result is None:  # not converted ahead
            return self._converter.convert(relative), None
        if isinstance(result, ContentError):
            raise result
        source: Source = pickle.loads(result)
        return source, result

    def _read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        root = self.settings["PATH"]
        relative = os.path.relpath(source_path, root).replace(os.sep, "/")
        if not self._contained.holds(source_path):
            raise ContentError()  # never read; validate.contained names the link
        key, lang = split_name(relative, self._languages)
        if lang not in self._languages:
            raise ContentError(
                problem(
                    relative,
                    "lang",
                    f"the file name must end in '.<lang>.md' with <lang> one of "
                    f"{', '.join(self._languages)}"
                    + (f" (found {lang!r})" if lang else " (it has no language suffix)"),
                )
            )
        source = self._source(relative)
        header, line = dict(source.header), source.lines.get
        problems = [
            problem(relative, name, "given more than once", line(name))
            for name in dict.fromkeys(source.duplicates)
        ]
        for name in header:
            if name in ("save_as", "url"):
                continue  # reported below, with what to write instead
            if name not in self._fields and not NUMBERED.match(name):
                problems.append(problem(relative, name, self._unknown(name), line(name)))
        if "author" in header and "authors" in header:
            # Pelican would keep Authors and drop Author without a word.
            problems.append(
                problem(relative, "author", "given together with 'authors'; list every name in"
                        " 'authors' and delete 'author'", line("author"))
            )  # fmt: skip
        for name in ("save_as", "url"):
            if name in header:
                problems.append(
                    problem(relative, name, "not allowed; URLs come from the slug and the site's"
                            " URL patterns (use Slug:)", line(name))
                )  # fmt: skip
        header_lang = header.pop("lang", lang).strip()
        if header_lang != lang:
            problems.append(
                problem(relative, "lang", f"header says {header_lang!r} but the file name says"
                        f" {lang!r}", line("lang"))
            )  # fmt: skip

        metadata: dict[str, Any] = {
            "lang": lang,
            "translation_key": key,
            "body_fingerprint": source.fingerprint,
            "source_hash": source.file_digest,  # what page digests start from
            "word_count": source.word_count,
        }
        for name, value in header.items():
            if name in self._fields or NUMBERED.match(name):
                try:
                    metadata[name] = self._field(relative, name, value)
                except ValueError as error:
                    problems.append(problem(relative, name, str(error), line(name)))
        required = ("title", "date", "category") if is_article(relative, self.settings) else ()
        for name in required or ("title",):
            if not str(header.get(name, "")).strip():
                problems.append(
                    problem(relative, name, f"missing; add a '{name.title()}:' line", line(name))
                )
        # What the HTML sanitizer removed, for the build summary.
        metadata["html_removed"] = list(source.removed)
        metadata.setdefault("slug", os.path.basename(key))
        if not SLUG.match(metadata["slug"]):
            problems.append(
                problem(relative, "slug", f"{metadata['slug']!r} must match [a-z0-9-]+ "
                        "(lower-case letters, digits and single hyphens)", line("slug"))
            )  # fmt: skip
        if problems:
            raise ContentError(*problems)
        if source.image:
            metadata["image"] = source.image.url
            metadata["image_width"], metadata["image_height"] = source.image_size
        if source.image_srcset:
            # "images/a-640.jpg 640w, images/a-1280.jpg 1280w": other sizes of Image
            metadata["image_srcset"] = [(i.url, d) for i, d in source.image_srcset]
        return source.html, metadata

    def _unknown(self, name: str) -> str:
        close = difflib.get_close_matches(name, self._fields, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown field; {hint}Declare custom fields in BILINGUAL_FIELDS in pelicanconf.py"

    def _field(self, relative: str, name: str, value: str) -> Any:
        """One header field as the site uses it; ValueError says what is wrong."""
        if name in DATE_FIELDS:
            return parse_iso(value, self._zone)
        if name == "status":
            status = value.strip().lower()
            if status not in STATUSES:
                raise ValueError(f"{value!r} must be one of {', '.join(STATUSES)}")
            return status
        if name in TERM_FIELDS:
            names = [value] if name == "category" else value.split(",")
            kind = TERM_FIELDS[name]
            for term in (n.strip() for n in names):
                if term and not re.search(r"[^\W_]", term_slug(kind, term, self.settings)):
                    if "<" in term:  # the slug is made from the text of HTML: none is left
                        raise ValueError(
                            f"{term!r} is read as HTML, which leaves no text to make a URL"
                            " from; write the name without < and >"
                        )
                    raise ValueError(
                        f"{term!r} has no letters or digits to make a URL from; write a name"
                    )
        return self.process_metadata(name, value)
