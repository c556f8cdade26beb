"""One Markdown source file turned into HTML: the costly, Pelican-free part
of reading, so it can run in worker processes.

``SourceConverter.convert`` reads the file, splits the metadata header from
the body, converts the body with one reused Markdown instance, gives every
image its size and lazy loading, and checks that every ``{static}`` link and
the ``Image:`` header name a file. Errors are ``ContentError`` messages that
name the file and the field.
"""

import hashlib
import os
import re
from dataclasses import dataclass

from markdown import Markdown
from PIL import Image as PILImage

from .errors import ContentError

# The file suffixes of a story or page (after the language: story.id.md).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")

HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<value>.*)$")
TAG = re.compile(r"<[^>]+>")
STATIC_LINK = re.compile(r"""href=["']\{(?:static|attach)\}(?P<path>[^"'#?]+)""")
STATIC_SRC = re.compile(r"""src=["']\{(?:static|attach)\}(?P<path>[^"'#?]+)""")
IMG = re.compile(r"<img\b[^>]*>")


def split_header(text):
    """Split a Pelican Markdown file into ({key: value}, duplicates, body).

    Keys are lower-cased; a key given twice is listed in ``duplicates``.
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


def read_text(path):
    """A source file as text: BOM dropped, line endings normalised. A file
    that is not UTF-8 is a ``ContentError`` naming the line and the byte."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentError(
            f"{path}: not UTF-8: byte 0x{data[error.start]:02x} at line {line}, column {column}"
            " (save the file as UTF-8 in your editor)"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Source:
    header: dict
    duplicates: list
    html: str
    word_count: int
    fingerprint: str
    image_size: tuple = (None, None)


def markdown_options(settings):
    """Pelican's MARKDOWN setting without the meta extension: we parse the
    header ourselves, once."""
    config = dict(settings["MARKDOWN"])
    extensions = list(config.pop("extensions", []))
    configs = dict(config.pop("extension_configs", {}))
    configs.pop("markdown.extensions.meta", None)
    extensions = [e for e in extensions if e != "markdown.extensions.meta"]
    extensions += [e for e in configs if e not in extensions]
    return {"extensions": extensions, "extension_configs": configs, **config}


class SourceConverter:
    def __init__(self, markdown, root):
        self._md = Markdown(**markdown)
        self._root = root

    def convert(self, relative):
        """The ``Source`` of the file at ``relative`` (to the content root)."""
        text = read_text(os.path.join(self._root, relative))
        header, duplicates, body = split_header(text)
        self._md.reset()
        html = self._md.convert(body)
        html = IMG.sub(lambda m: self._sized_image(relative, m), html)
        for match in STATIC_LINK.finditer(html):
            self._size(relative, "body", _resolve(relative, match["path"]))
        source = Source(
            header, duplicates, html, len(TAG.sub(" ", html).split()), body_fingerprint(body)
        )
        if header.get("image"):
            source.image_size = self._size(relative, "image", header["image"].strip().lstrip("/"))
        for candidate in header.get("image_srcset", "").split(","):
            if candidate.strip():
                self._size(relative, "image_srcset", candidate.split()[0].lstrip("/"))
        return source

    def _size(self, relative, field, path):
        """(width, height) of a file under the content folder, (None, None)
        for a file that is not a raster image; stops the build, naming the
        file and field, when it does not exist."""
        full = os.path.join(self._root, os.path.normpath(path))
        if not os.path.isfile(full):
            raise ContentError(f"{relative}: field {field!r}: {path} does not exist under content/")
        try:
            with PILImage.open(full) as picture:
                return picture.size
        except OSError:
            return None, None

    def _sized_image(self, relative, match):
        """Give a body image its width and height, and load it lazily."""
        tag = match.group(0)
        source = STATIC_SRC.search(tag)
        extra = ' loading="lazy" decoding="async"'
        if source:
            width, height = self._size(relative, "body", _resolve(relative, source["path"]))
            if width and "width=" not in tag:
                extra += f' width="{width}" height="{height}"'
        return tag[:4] + extra + tag[4:]


def _resolve(relative, path):
    """A ``{static}`` path: from the content root when it starts with "/",
    else from the linking file's folder."""
    if path.startswith("/"):
        return path.lstrip("/")
    return os.path.normpath(os.path.join(os.path.dirname(relative), path))
