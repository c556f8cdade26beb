"""A Markdown reader that knows which language a file is in.

It replaces Pelican's MarkdownReader for two reasons. Correctness: the
language comes from the file name (``story.id.md``), a ``Lang:`` header that
disagrees stops the build, and every date is converted to the newsroom's time
zone before Pelican computes URLs from it. Speed: one Markdown converter is
reused for every file, and the header is parsed here instead of by a second
conversion pass.
"""

import hashlib
import logging
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from markdown import Markdown
from PIL import Image as PILImage
from pelican.readers import BaseReader

from .errors import ContentError
from .settings import language_codes

logger = logging.getLogger(__name__)

HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<value>.*)$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG = re.compile(r"<[^>]+>")
STATIC_LINK = re.compile(r"""href=["']\{(?:static|attach)\}(?P<path>[^"'#?]+)""")
STATIC_SRC = re.compile(r"""src=["']\{(?:static|attach)\}(?P<path>[^"'#?]+)""")
IMG = re.compile(r"<img\b[^>]*>")
DATE_FIELDS = ("date", "modified")


def split_header(text):
    """Split a Pelican Markdown file into ({key: value}, body).

    Keys are lower-cased; a key given twice is an error the caller reports.
    """
    lines = text.split("\n")
    header, duplicates, key = {}, [], None
    for number, line in enumerate(lines):
        if not line.strip():
            return header, duplicates, "\n".join(lines[number + 1 :])
        match = HEADER_LINE.match(line)
        if match:
            key = match["key"].lower()
            if key in header:
                duplicates.append(key)
            header[key] = match["value"].strip()
            continue
        match = CONTINUATION.match(line)
        if match and key:
            header[key] = f"{header[key]} {match['value'].strip()}".strip()
            continue
        # No header at all, or the header ended without a blank line.
        if number == 0:
            return {}, [], text
        return header, duplicates, "\n".join(lines[number:])
    return header, duplicates, ""


def body_fingerprint(body):
    """A short hash of a story body that ignores line endings and trailing
    blanks: what a translation records as the version it translates."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    normalised = "\n".join(lines).strip("\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def split_name(source_path, languages):
    """``…/story.id.md`` -> (``…/story``, ``id``); lang is None if absent."""
    stem, _ext = os.path.splitext(source_path)
    base, dot, lang = stem.rpartition(".")
    if not dot or lang not in languages:
        return stem, lang if dot else None
    return base, lang


class BilingualMarkdownReader(BaseReader):
    enabled = True
    file_extensions = ["md", "markdown", "mkd", "mdown"]

    def __init__(self, settings):
        super().__init__(settings)
        config = dict(settings["MARKDOWN"])
        extensions = list(config.pop("extensions", []))
        configs = dict(config.pop("extension_configs", {}))
        configs.pop("markdown.extensions.meta", None)
        extensions = [e for e in extensions if e != "markdown.extensions.meta"]
        extensions += [e for e in configs if e not in extensions]
        self._md = Markdown(extensions=extensions, extension_configs=configs, **config)
        self._languages = language_codes(settings)
        self._zone = ZoneInfo(settings["TIMEZONE"])

    def read(self, source_path):
        try:
            return self._read(source_path)
        except ContentError as error:
            logger.error("%s", error)
            raise

    def _read(self, source_path):
        relative = os.path.relpath(source_path, self.settings["PATH"])
        key, lang = split_name(relative.replace(os.sep, "/"), self._languages)
        if lang not in self._languages:
            raise ContentError(
                f"{relative}: field 'lang': the file name must end in "
                f"'.<lang>.md' with <lang> one of {', '.join(self._languages)}"
                f" (found {lang!r})"
            )

        with open(source_path, encoding="utf-8-sig") as f:
            text = f.read().replace("\r\n", "\n").replace("\r", "\n")
        header, duplicates, body = split_header(text)
        if duplicates:
            raise ContentError(
                f"{relative}: field {duplicates[0]!r}: given more than once"
            )

        header_lang = header.pop("lang", lang).strip()
        if header_lang != lang:
            raise ContentError(
                f"{relative}: field 'lang': header says {header_lang!r} but the "
                f"file name says {lang!r}"
            )

        metadata = {"lang": lang, "translation_key": key, "body_fingerprint": body_fingerprint(body)}
        for name, value in header.items():
            metadata[name] = self._field(relative, name, value)
        metadata.setdefault("slug", os.path.basename(key))
        if not SLUG.match(metadata["slug"]):
            raise ContentError(
                f"{relative}: field 'slug': {metadata['slug']!r} must match "
                "[a-z0-9-]+ (lower-case letters, digits and single hyphens)"
            )

        self._md.reset()
        content = self._md.convert(body)
        content = IMG.sub(lambda m: self._sized_image(relative, m), content)
        self._check_links(relative, content)
        if "image" in metadata:
            image = metadata["image"] = metadata["image"].strip().lstrip("/")
            size = self._image_size(relative, "image", image)
            metadata["image_width"], metadata["image_height"] = size
        metadata["word_count"] = len(TAG.sub(" ", content).split())
        return content, metadata

    def _image_size(self, relative, field, path):
        """(width, height) of a file under the content folder; stops the
        build, naming the file and field, when it does not exist."""
        full = os.path.join(self.settings["PATH"], os.path.normpath(path))
        if not os.path.isfile(full):
            raise ContentError(f"{relative}: field {field!r}: {path} does not exist under content/")
        try:
            with PILImage.open(full) as picture:
                return picture.size
        except OSError:
            return None, None  # not a raster image (an SVG): no intrinsic size

    def _sized_image(self, relative, match):
        """Give a body image its width and height, and load it lazily."""
        tag = match.group(0)
        source = STATIC_SRC.search(tag)
        extra = ' loading="lazy" decoding="async"'
        if source:
            path = source["path"]
            if not path.startswith("/"):
                path = os.path.join(os.path.dirname(relative), path)
            width, height = self._image_size(relative, "body", path.lstrip("/"))
            if width and "width=" not in tag:
                extra += f' width="{width}" height="{height}"'
        return tag[:4] + extra + tag[4:]

    def _check_links(self, relative, content):
        for match in STATIC_LINK.finditer(content):
            path = match["path"]
            if not path.startswith("/"):
                path = os.path.join(os.path.dirname(relative), path)
            self._image_size(relative, "body", path.lstrip("/"))

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
