"""A Markdown reader that knows which language a file is in.

It replaces Pelican's MarkdownReader for two reasons. Correctness: the
language comes from the file name (``story.id.md``), a ``Lang:`` header that
disagrees stops the build, and every date is converted to the newsroom's time
zone before Pelican computes URLs from it. Speed: the header is parsed here
instead of by a second Markdown pass, one converter is reused for every
file, and large folders are converted on every core (``prefetch.py``).
"""

import logging
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pelican.readers import BaseReader

from .body import body_options
from .errors import ContentError
from .prefetch import MINIMUM_FILES, Prefetcher, read_workers, sources_beside
from .settings import language_codes
from .source import MARKDOWN_SUFFIXES, SourceConverter

logger = logging.getLogger(__name__)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_FIELDS = ("date", "modified")


def split_name(source_path, languages):
    """``…/story.id.md`` -> (``…/story``, ``id``); lang is None if absent."""
    stem, _ext = os.path.splitext(source_path)
    base, dot, lang = stem.rpartition(".")
    if not dot or lang not in languages:
        return stem, lang if dot else None
    return base, lang


class BilingualMarkdownReader(BaseReader):
    enabled = True
    file_extensions = [suffix.lstrip(".") for suffix in MARKDOWN_SUFFIXES]

    def __init__(self, settings):
        super().__init__(settings)
        self._markdown = body_options(settings)
        self._converter = SourceConverter(self._markdown, settings["PATH"])
        self._prefetcher = None
        self._first_read = True  # the first file read decides whether to prefetch
        self._languages = language_codes(settings)
        self._zone = ZoneInfo(settings["TIMEZONE"])

    def read(self, source_path):
        try:
            return self._read(source_path)
        except ContentError as error:
            logger.error("%s", error)
            raise

    def _source(self, relative):
        """The converted file: from the workers when its folder is large."""
        if self._first_read:
            self._first_read = False
            workers = read_workers(self.settings)
            files = sources_beside(relative, self.settings) if workers > 1 else []
            if len(files) >= MINIMUM_FILES:
                self._prefetcher = Prefetcher(self._markdown, self.settings["PATH"], files, workers)
        result = self._prefetcher.take(relative) if self._prefetcher else None
        if result is None:
            return self._converter.convert(relative)
        if isinstance(result, ContentError):
            raise result
        return result

    def _read(self, source_path):
        relative = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        key, lang = split_name(relative, self._languages)
        if lang not in self._languages:
            raise ContentError(
                f"{relative}: field 'lang': the file name must end in "
                f"'.<lang>.md' with <lang> one of {', '.join(self._languages)}"
                f" (found {lang!r})"
            )
        source = self._source(relative)
        header = dict(source.header)
        if source.duplicates:
            raise ContentError(f"{relative}: field {source.duplicates[0]!r}: given more than once")

        for field in ("save_as", "url"):
            if field in header:
                raise ContentError(
                    f"{relative}: field {field!r}: not allowed; URLs come from the slug"
                    " and the site's URL patterns (use Slug:)"
                )
        header_lang = header.pop("lang", lang).strip()
        if header_lang != lang:
            raise ContentError(
                f"{relative}: field 'lang': header says {header_lang!r} but the "
                f"file name says {lang!r}"
            )

        metadata = {
            "lang": lang,
            "translation_key": key,
            "body_fingerprint": source.fingerprint,
            "word_count": source.word_count,
        }
        for name, value in header.items():
            metadata[name] = self._field(relative, name, value)
        # What the HTML sanitizer removed, for the build summary.
        metadata["html_removed"] = list(source.removed)
        metadata.setdefault("slug", os.path.basename(key))
        if not SLUG.match(metadata["slug"]):
            raise ContentError(
                f"{relative}: field 'slug': {metadata['slug']!r} must match "
                "[a-z0-9-]+ (lower-case letters, digits and single hyphens)"
            )
        if "image" in metadata:
            metadata["image"] = metadata["image"].strip().lstrip("/")
            metadata["image_width"], metadata["image_height"] = source.image_size
        if "image_srcset" in metadata:
            # "images/a-640.jpg 640w, images/a-1280.jpg 1280w": other sizes of Image
            metadata["image_srcset"] = [
                (path.lstrip("/"), " ".join(rest))
                for path, *rest in (
                    c.split() for c in metadata["image_srcset"].split(",") if c.strip()
                )
            ]
        return source.html, metadata

    def _field(self, relative, name, value):
        """Process one header field the way Pelican does, naming it on error."""
        if name in DATE_FIELDS:
            try:
                parsed = self.process_metadata(name, value)
            except (ValueError, OverflowError):
                raise ContentError(
                    f"{relative}: field {name!r}: cannot read {value!r} as a date"
                    " (write it as 2025-07-30 20:00)"
                ) from None
            return self._in_newsroom_time(parsed)
        try:
            return self.process_metadata(name, value)
        except Exception as error:  # Pelican's processors raise various types
            raise ContentError(f"{relative}: field {name!r}: {error}") from None

    def _in_newsroom_time(self, moment: datetime) -> datetime:
        """Attach the newsroom's zone to naive dates; convert aware ones."""
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self._zone)
        return moment.astimezone(self._zone)
