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

import logging
import os
import pickle
from collections.abc import Container, Mapping, Sequence
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import BaseReader

from .body import body_options
from .build_state import sources_folder
from .content_tree import Containment, tree_of
from .errors import ContentError, problem
from .fields import DATE_FIELDS, check_header, field_rules, header_problems
from .hosts import normalise
from .images import HOSTS_SETTING, ImageRules
from .pelican_internals import read_in_order, readers_of
from .prefetch import MINIMUM_FILES, Prefetcher
from .read_ahead import will_read
from .renditions import cache_folder
from .settings import language_codes, workers
from .source import MARKDOWN_SUFFIXES, Source, SourceConverter
from .source_cache import SourceCache
from .workers import start_method

logger = logging.getLogger(__name__)


def split_name(source_path: str, languages: Container[str]) -> tuple[str, str | None]:
    """``…/story.id.md`` -> (``…/story``, ``id``); lang is None if absent."""
    stem, _ext = os.path.splitext(source_path)
    base, dot, lang = stem.rpartition(".")
    if not dot or lang not in languages:
        return stem, lang if dot else None
    return base, lang


def suffix_problem(relative: str, lang: str | None, languages: Sequence[str]) -> str:
    """What is wrong with the name of the story or page at ``relative``,
    which ends in ``lang`` (None: no suffix) instead of one of ``languages``."""
    return problem(
        relative,
        "lang",
        f"the file name must end in '.<lang>.md' with <lang> one of {', '.join(languages)}"
        + (f" (found {lang!r})" if lang else " (it has no language suffix)"),
    )


def image_rules(settings: Mapping[str, Any]) -> ImageRules:
    return ImageRules(
        settings["PATH"],
        tuple(settings["STATIC_PATHS"]),
        normalise(settings[HOSTS_SETTING]),
        cache_folder(settings),
    )


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
        self._listed: list[str] = []  # what the generator reads, in order (``listed``)
        self._languages = language_codes(settings)
        self._fields = field_rules(settings)
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

    def listed(self, files: list[str]) -> None:
        """The files the generator reading with this reader lists, in the
        order it reads them: those in Markdown may be converted ahead."""
        normal = (os.path.normpath(f).replace(os.sep, "/") for f in files)
        self._listed = [f for f in normal if f.endswith(MARKDOWN_SUFFIXES)]

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
            root = self.settings["PATH"]
            count = workers(self.settings)
            # Not those the live preview read ahead, nor the files converted before.
            files = self._listed if count > 1 else []
            files = [f for f in files if will_read(os.path.join(root, f))]
            files = [f for f in files if not self._kept.has(f)]
            files = [f for f in files if self._contained.holds(os.path.join(root, f))]
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
        if lang is None or lang not in self._languages:
            raise ContentError(suffix_problem(relative, lang, self._languages))
        try:
            source = self._source(relative)
        except ContentError as error:  # say what else is wrong with the file too
            root = self.settings["PATH"]
            header = header_problems(root, relative, lang, key, self._fields)
            raise ContentError(*header, *error.problems) from None
        values, problems = check_header(
            relative, lang, key, source.header, source.duplicates, source.lines, self._fields
        )
        if problems:
            raise ContentError(*problems)
        metadata: dict[str, Any] = {
            "lang": lang,
            "translation_key": key,
            "body_fingerprint": source.fingerprint,
            "source_hash": source.file_digest,  # what page digests start from
            "word_count": source.word_count,
            # What the HTML sanitizer removed, for the build summary.
            "html_removed": list(source.removed),
        }
        for name, value in values.items():
            parsed = name in DATE_FIELDS or name == "status"
            metadata[name] = value if parsed else self.process_metadata(name, value)
        if source.image:
            metadata["image"] = source.image.url
            metadata["image_width"], metadata["image_height"] = source.image_size
        if source.image_srcset:
            # "images/a-640.jpg 640w, images/a-1280.jpg 1280w": other sizes of Image
            metadata["image_srcset"] = [(i.url, d) for i, d in source.image_srcset]
        return source.html, metadata


def read_as_listed(generator: Any) -> None:
    """generator_init: an article or page generator lists its files from
    the build's one listing of the content folder (``content_tree.py``),
    not a walk of its own, and reads them sorted by path, the order its
    Markdown reader converts them ahead in (``prefetch.py``). In Pelican's
    own order, that of a set, the build waited for the file it asked for
    while the workers converted others, and read most of them after the
    workers were done, on one core."""
    if not isinstance(generator, ArticlesGenerator | PagesGenerator):
        return

    def list_files(
        paths: list[str], excludes: list[str], extensions: tuple[str, ...]
    ) -> list[str] | None:
        return tree_of(generator.context).files_in(paths, excludes, extensions)

    def on_listed(files: list[str]) -> None:
        for reader in readers_of(generator):
            if isinstance(reader, BilingualMarkdownReader):
                reader.listed(files)

    read_in_order(generator, list_files, on_listed)
