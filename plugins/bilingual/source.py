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
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape as html_escape
from html import unescape as html_unescape
from urllib.parse import quote, unquote

from .body import BodyConverter, BodyOptions
from .content_tree import Containment
from .editorial import CORRECTION_KEY
from .errors import ContentError, problem
from .front_matter import has_front_matter, has_toml_front_matter, read_front_matter
from .images import Image, ImageRules, resolve, size
from .known_files import KnownFiles
from .settings import inside

# The file suffixes of a story or page (after the language: story.id.md).
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")

HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^(?: {4}|\t)(?P<value>.*)$")
TAG = re.compile(r"<[^>]+>")
MEDIA = re.compile(r"<(?P<tag>img|source|video|audio|track)\b[^>]*>")
MEDIA_URL = re.compile(r'\b(?P<name>src|srcset|poster)="(?P<value>[^"]*)"')
# href=" not preceded by a word character: the \b after the literal, so the
# pattern is found by a fast scan for it (as body.ID).
LINK = re.compile(r'href="(?<!\whref=")(?P<value>[^"#?]*)')
# A link that names a file of a static folder: {static}/images/…, images/…,
# /images/…, ../images/… (the folder itself is checked against settings).
STATIC_TARGET = re.compile(r"^(?:\{(?:static|attach)\}/?|/|(?:\.\.?/)+)?")


# Every header field the site reads (see the writer's guide); others are
# typos unless declared in BILINGUAL_FIELDS.
KNOWN_FIELDS = (
    "title", "date", "modified", "category", "tags", "authors", "author", "summary",
    "slug", "lang", "status", "image", "image_alt", "image_caption", "image_credit",
    "image_srcset", "aliases", "correction", "source", "translator", "translation",
    "original", "original-hash",
)  # fmt: skip
# A line that names a field, perhaps with a slip: ``Tags : a``, `` Authors: b``.
FIELD_LIKE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z0-9_-]*)\s*:")
# Free-text fields an editor may wrap onto the next line without indenting
# it; any other field ends the header at a line that is not ``Key: value``.
WRAPPING_FIELDS = ("title", "summary", "image_alt", "image_caption", "image_credit", "source")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# The bytes a CONTROL character's UTF-8 encoding starts with: itself below
# 0x80, 0xC2 for U+0080–U+009F, 0xEF for U+FFFE and U+FFFF. A text whose
# encoding has none of them has no CONTROL character (the usual case).
CONTROL_LEADS = frozenset({*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xC2, 0xEF})
NO_CONTROL_LEAD = bytes(b for b in range(256) if b not in CONTROL_LEADS)


@dataclass
class Header:
    """A Pelican Markdown header or YAML front matter: fields (lower-cased
    keys), the line each field starts on, keys given twice, the body and the
    body's first line, and problems of the front matter as (field, message,
    line)."""

    fields: dict[str, str]
    lines: dict[str, int]
    duplicates: list[str]
    body: str
    body_line: int
    problems: list[tuple[str, str, int | None]] = field(default_factory=list)


def parse_header(text: str) -> Header:
    if has_front_matter(text):
        front = read_front_matter(text, KNOWN_FIELDS)
        return Header(
            front.fields, front.lines, front.duplicates, front.body, front.body_line, front.problems
        )
    if has_toml_front_matter(text):
        toml = "Hugo's TOML front matter (+++) is not read; write it as YAML between '---' lines"
        return Header({}, {}, [], text, 1, [("front matter", toml, 1)])
    lines = text.split("\n")
    fields: dict[str, str] = {}
    starts: dict[str, int] = {}
    duplicates: list[str] = []
    key = None

    def done(number: int, skip: int) -> Header:
        return Header(
            fields, starts, duplicates, "\n".join(lines[number + skip :]), number + skip + 1
        )

    for number, line in enumerate(lines):
        if not line.strip():
            return done(number, 1) if fields else Header({}, {}, [], text, 1)
        match = HEADER_LINE.match(line)
        if match:
            key = match["key"].lower()
            if key in fields:
                duplicates.append(key)
            fields[key], starts[key] = match["value"].strip(), number + 1
            continue
        match = CONTINUATION.match(line)
        if key and (match or key in WRAPPING_FIELDS):
            value = match["value"] if match else line
            fields[key] = f"{fields[key]} {value.strip()}".strip()
            continue
        # No header at all, or the header ended without a blank line.
        if number == 0:
            return Header({}, {}, [], text, 1)
        header = done(number, 0)
        buried = _buried_fields(lines[number:])
        if buried:
            # A slip ('Penulis Budi', 'Tags : a') ended the header: the field
            # lines after it would be published as the story's first words.
            header.problems.append(
                ("header", f"{line.strip()!r} ends the header: it is not a 'Key: value' line,"
                 f" so the header lines from here on ({', '.join(buried)}) would be published"
                 " as the story's text; write it as 'Key: value' or delete it", number + 1)
            )  # fmt: skip
        return header
    return done(len(lines), 0)


def _buried_fields(lines: list[str]) -> list[str]:
    """The fields (as written) that ``lines``, up to the first blank one,
    name: lines the header would have held."""
    names: list[str] = []
    for line in lines:
        if not line.strip():
            break
        match = FIELD_LIKE.match(line)
        key = match["key"] if match else ""
        if key.lower() in KNOWN_FIELDS or CORRECTION_KEY.match(key.lower()):
            names.append(key)
    return names


def split_header(text: str) -> tuple[dict[str, str], list[str], str]:
    """Split a Pelican Markdown file into ({key: value}, duplicates, body).

    Keys are lower-cased; a key given twice is listed in ``duplicates``.
    """
    header = parse_header(text)
    return header.fields, header.duplicates, header.body


def image_reference(text: str, path: str) -> tuple[str, int | None]:
    """Where the story ``text`` names the image ``path`` (relative to the
    content folder: ``images/a b.jpg``): ("image", the header's line), else
    ("body", the first body line that names it), else ("body", None). For a
    problem with the file found after reading, when only its path is left."""
    header = parse_header(text)
    if path in unquote(header.fields.get("image", "")):
        return "image", header.lines.get("image")
    # also in ../images/…, {static}/images/…
    return "body", body_line(header, (path, quote(path, safe="/")))


def body_line(header: Header, needles: Iterable[str]) -> int | None:
    """The file's line of the first of ``needles`` found in the body."""
    for needle in needles:
        at = header.body.find(needle)
        if at >= 0:
            return header.body_line + header.body.count("\n", 0, at)
    return None


def control_characters(text: str) -> list[tuple[int, str]]:
    """(line, "U+000B") for each invisible control character, as pasted from
    word processors: feeds cannot carry them (XML 1.0 forbids them)."""
    if not text.encode("utf-8", "surrogatepass").translate(None, NO_CONTROL_LEAD):
        return []  # a scan of the bytes in C, faster than the pattern's
    return [
        (text.count("\n", 0, m.start()) + 1, f"U+{ord(m.group()):04X}")
        for m in CONTROL.finditer(text)
    ]


def file_digest(data: bytes) -> str:
    """The SHA-256 of a source file's bytes: ``Source.file_digest``, and the
    name the build cache keeps its ``Source`` under (``source_cache.py``)."""
    return hashlib.sha256(data).hexdigest()


def body_fingerprint(body: str) -> str:
    """A short hash of a story body that ignores line endings and trailing
    blanks: what a translation records as the version it translates."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").split("\n")]
    normalised = "\n".join(lines).strip("\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:12]


def read_text(path: str, relative: str | None = None) -> str:
    """A source file as text: BOM dropped, line endings normalised. A file
    that is not UTF-8 is a ``ContentError`` naming the line and the byte."""
    with open(path, "rb") as f:
        return decode_text(f.read(), relative or path)


def decode_text(data: bytes, relative: str) -> str:
    """``read_text`` of a file's bytes ``data``, named ``relative`` in messages."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise ContentError(
            problem(
                relative,
                "file",
                f"not UTF-8: byte 0x{data[error.start]:02x} at "
                f"column {column} (save the file as UTF-8 in your editor)",
                line,
            )
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass
class Source:
    header: dict[str, str]
    duplicates: list[str]
    html: str
    word_count: int
    fingerprint: str
    lines: dict[str, int] = field(default_factory=dict)  # header field -> line number
    image: Image | None = None
    image_size: tuple[int | None, int | None] = (None, None)
    image_srcset: list[tuple[Image, str]] = field(default_factory=list)  # [(Image, descriptor)]
    removed: tuple[str, ...] = ()  # what the HTML sanitizer removed from the body
    file_digest: str = ""  # the SHA-256 of the bytes converted (source_cache.py)


class SourceConverter:
    def __init__(self, options: BodyOptions, rules: ImageRules):
        self._body = BodyConverter(options)
        self._rules = rules
        self._known = KnownFiles(rules.cache)  # read only: image_store saves what it learns
        self._contained = Containment(rules.root)  # for this build, as the reader's

    def convert(self, relative: str) -> Source:
        """The ``Source`` of the file at ``relative`` (to the content root);
        ``ContentError`` listing every problem found in it."""
        with open(os.path.join(self._rules.root, relative), "rb") as f:
            data = f.read()
        text = decode_text(data, relative)
        header = parse_header(text)
        problems = [
            problem(relative, "body" if line >= header.body_line else "header",
                    f"invisible control character {code} (pasted from a word processor?);"
                    " delete it", line)
            for line, code in control_characters(text)
        ]  # fmt: skip
        if header.problems:  # the fields cannot be trusted: say only what is wrong with them
            raise ContentError(
                *problems, *(problem(relative, name, why, at) for name, why, at in header.problems)
            )
        converted = self._body.convert(header.body, relative, header.body_line)
        found = BodyImages(self, relative, header)
        html = MEDIA.sub(found.replace, converted.html)
        html = LINK.sub(found.link, html)
        problems += found.problems
        source = Source(
            header.fields,
            header.duplicates,
            html,
            len(TAG.sub(" ", html).split()),
            body_fingerprint(header.body),
            header.lines,
        )
        source.removed = converted.removed
        source.file_digest = file_digest(data)
        fields = header.fields
        line = header.lines.get
        if fields.get("image"):
            try:
                source.image = resolve(self._rules, relative, fields["image"], self._contained)
                source.image_size = size(self._rules, source.image, self._known)
            except ValueError as error:
                problems.append(problem(relative, "image", str(error), line("image")))
        for candidate in fields.get("image_srcset", "").split(","):
            if not candidate.strip():
                continue
            written, *descriptor = candidate.split()
            try:
                image = resolve(self._rules, relative, written, self._contained)
                source.image_srcset.append((image, " ".join(descriptor)))
            except ValueError as error:
                problems.append(problem(relative, "image_srcset", str(error), line("image_srcset")))
        if problems:
            raise ContentError(*problems)
        return source


class BodyImages:
    """The files a body loads or links (images, audio, video, posters, and
    links into the static folders) resolved like ``Image:``, with sizes and
    lazy loading on images; problems are collected with the body line they
    were written on. Runs on sanitised HTML: attributes are double-quoted."""

    def __init__(self, converter: SourceConverter, relative: str, header: Header) -> None:
        self._rules = converter._rules
        self._known = converter._known
        self._contained = converter._contained
        self._relative = relative
        self._header = header
        self.problems: list[str] = []

    def locate(self, written: str) -> Image | None:
        try:
            return resolve(self._rules, self._relative, written, self._contained)
        except ValueError as error:
            self.problems.append(problem(self._relative, "body", str(error), self._line(written)))
            return None

    def replace(self, match: re.Match[str]) -> str:
        """One media tag with its URLs resolved and rewritten."""
        tag, first, written = match.group(0), None, ""

        def rewrite(attribute: re.Match[str]) -> str:
            nonlocal first, written
            name, value = attribute["name"], html_unescape(attribute["value"])
            if name == "srcset":
                new = ", ".join(self._candidate(c) for c in value.split(",") if c.strip())
            else:
                image = self.locate(value)
                if first is None and image is not None:
                    first, written = image, value
                new = value if image is None else self._url(image)
            return f'{name}="{html_escape(new)}"'

        tag = MEDIA_URL.sub(rewrite, tag)
        if match["tag"] != "img":
            return tag
        extra = "".join(
            f' {name}="{value}"'
            for name, value in (("loading", "lazy"), ("decoding", "async"))
            if f"{name}=" not in tag
        )
        width, height = None, None
        if first:
            try:
                width, height = size(self._rules, first, self._known)
            except ValueError as error:
                self.problems.append(
                    problem(self._relative, "body", str(error), self._line(written))
                )
        if width and "width=" not in tag:
            extra += f' width="{width}" height="{height}"'
        return tag[:4] + extra + tag[4:]

    def link(self, match: re.Match[str]) -> str:
        """A link into a static folder (``/images/map.pdf``) resolves too."""
        value = html_unescape(match["value"])
        if not inside(STATIC_TARGET.sub("", value), self._rules.static_paths):
            return match.group(0)
        image = self.locate(value)
        new = value if image is None else self._url(image)
        return f'href="{html_escape(new)}'  # the quote closes after any #fragment

    def _candidate(self, candidate: str) -> str:
        written, *descriptor = candidate.split()
        image = self.locate(written)
        if image is not None and not image.remote:
            self.problems.append(
                problem(self._relative, "body", f"srcset names {written}: other sizes of a local "
                        "image are not written by hand; keep one image in src", self._line(written))
            )  # fmt: skip
        return " ".join([written, *descriptor])

    @staticmethod
    def _url(image: Image) -> str:
        """Pelican's ``{static}`` link for a local file (it turns it into the
        file's URL, percent-encoded, on each page), the URL of a remote one."""
        return image.url if image.remote else "{static}/" + image.path

    def _line(self, written: str) -> int | None:
        """The body line where ``written`` stands as a link or attribute
        value (else as any text)."""
        needles = [f"{q}{w}" for w in (written, unquote(written)) for q in ("(", '"', "'", "=")]
        return body_line(self._header, [*needles, written, unquote(written)])
