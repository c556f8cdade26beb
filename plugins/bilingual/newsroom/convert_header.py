"""``make frontmatter``: a Pelican ``Key: value`` header rewritten as YAML
front matter with the same fields, so the browser editor can open the file.

The YAML is written so that ``front_matter.read_front_matter`` reads back
exactly the text ``source.parse_header`` read from the old header, and the
body is kept as it was: the page is the same byte for byte, and a
translation's ``Original-Hash`` (a hash of the original's body only,
``source.body_fingerprint``) stays valid. Every value is a double-quoted
string (``3.10``, ``yes``, ``null``, ``0012`` and dates stay the text they
were); tags, aliases and corrections become the lists the editor shows.
Each converted text is read back before it is written: a field that would
read differently is an error naming the file and the field, and nothing is
written.

``Date`` and ``Modified`` are the exception: the editor's date field keeps
an offset (``cms.py``), and reads a date without one in the browser's own
zone, so an editor outside the newsroom's zone would move the story by
hours on saving. They are written with the newsroom's offset
(``2025-07-30 20:00`` becomes ``2025-07-30T20:00+07:00``): the same instant,
which the reader converts back to newsroom time.
"""

import codecs
import os
from collections.abc import Sequence
from datetime import tzinfo

import yaml

from bilingual.dates import parse_iso
from bilingual.editorial import CORRECTION_KEY
from bilingual.errors import ContentError, problem
from bilingual.fields import DATE_FIELDS  # written with the newsroom's offset
from bilingual.front_matter import (
    CLOSINGS,
    OPENING,
    has_front_matter,
    has_toml_front_matter,
    read_front_matter,
)
from bilingual.source import KNOWN_FIELDS, parse_header, read_text

# Written as a YAML list when the header's "a, b" reads back the same.
LIST_FIELDS = ("tags", "aliases")


class ConversionError(ValueError):
    """A header that cannot be written as front matter: names the file."""


def quoted(text: str) -> str:
    """``text`` as one double-quoted YAML scalar on one line."""
    dumped = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=1_000_000)
    return str(dumped).removesuffix("\n").removesuffix("\n...")


def _as_list(value: str) -> list[str] | None:
    """The items of ``a, b`` when writing them as a list reads back as the
    same text; else None (the value stays one string)."""
    items = [item.strip() for item in value.split(",")]
    if not all(items) or any(";" in item for item in items) or ", ".join(items) != value:
        return None
    return items


def _corrections(fields: dict[str, str]) -> list[str] | None:
    """YAML lines of a ``corrections:`` list for Correction, Correction-2, …
    numbered without a gap; None otherwise (they pass through as they are)."""
    keys = [key for key in fields if CORRECTION_KEY.match(key)]
    expected = ["correction", *(f"correction-{n}" for n in range(2, len(keys) + 1))]
    if not keys or sorted(keys) != sorted(expected):
        return None
    lines = ["corrections:"]
    for key in expected:
        value = fields[key]
        when, bar, text = value.partition(" | ")
        if bar and when and text and when == when.strip() and text == text.strip():
            lines += [f"  - date: {quoted(when)}", f"    text: {quoted(text)}"]
        else:
            lines.append(f"  - {quoted(value)}")
    return lines


def with_offset(value: str, zone: tzinfo) -> str:
    """``value`` (a header date) as the same instant with ``zone``'s offset;
    as it was when it is not a date (the reader reports it)."""
    try:
        moment = parse_iso(value, zone)
    except ValueError:
        return value
    offset = moment.strftime("%z")
    return moment.strftime("%Y-%m-%dT%H:%M") + offset[:3] + ":" + offset[3:]


def same_value(key: str, given: str | None, back: str | None, zone: tzinfo) -> bool:
    if given is None or back is None or key not in DATE_FIELDS:
        return given == back
    try:
        return parse_iso(given, zone) == parse_iso(back, zone)
    except ValueError:
        return given == back


def yaml_block(fields: dict[str, str], zone: tzinfo) -> list[str]:
    """The lines between the ``---`` lines for header ``fields``, in their order."""
    fields = {k: with_offset(v, zone) if k in DATE_FIELDS else v for k, v in fields.items()}
    corrections = _corrections(fields)
    lines: list[str] = []
    for key, value in fields.items():
        if corrections is not None and CORRECTION_KEY.match(key):
            lines += corrections
            corrections = []  # written at the first correction's place
            continue
        items = _as_list(value) if key in LIST_FIELDS else None
        if key in LIST_FIELDS and not value:
            lines.append(f"{key}: []")
        elif items is not None:
            lines.append(f"{key}: [{', '.join(quoted(item) for item in items)}]")
        else:
            lines.append(f"{key}: {quoted(value)}")
    return lines


def convert(text: str, name: str, zone: tzinfo) -> str | None:
    """``text`` (line endings normalised) with its header as front matter;
    None when it has front matter already. ``ConversionError`` names ``name``."""
    if has_front_matter(text):
        return None
    if has_toml_front_matter(text):
        raise ConversionError(problem(name, "front matter", "TOML (+++) is not converted", 1))
    header = parse_header(text)
    if header.problems:
        raise ConversionError(problem(name, *header.problems[0]))
    if not header.fields:
        raise ConversionError(problem(name, "header", "no 'Key: value' header to convert", 1))
    if header.duplicates:
        key = header.duplicates[0]
        raise ConversionError(
            problem(name, key, "given more than once; keep one", header.lines[key])
        )
    result = "\n".join([OPENING, *yaml_block(header.fields, zone), CLOSINGS[0], header.body])
    back = read_front_matter(result, KNOWN_FIELDS)
    if back.problems:
        key, message, _line = back.problems[0]
        message = f"would not read as front matter: {message}"
        raise ConversionError(problem(name, key, message, header.lines.get(key)))
    given = {key: value for key, value in header.fields.items() if value}
    for key in sorted(given.keys() | back.fields.keys()):
        if not same_value(key, given.get(key), back.fields.get(key), zone):
            message = (
                f"{given.get(key)!r} would read as {back.fields.get(key)!r} in front matter (the"
                " name means something else there); rename it or convert the file by hand"
            )
            raise ConversionError(problem(name, key, message, header.lines.get(key)))
    if back.body != header.body:  # cannot happen: the body follows the block as it was
        raise ConversionError(problem(name, "body", "would change"))
    return result


def convert_files(
    content_dir: str, paths: Sequence[str], zone: tzinfo
) -> tuple[list[str], list[str]]:
    """Convert the files ``paths`` (relative to ``content_dir``): (converted,
    skipped as front matter already). Every file is checked before any is
    written: a ``ConversionError`` lists each problem and nothing changes."""
    results: dict[str, tuple[str, str]] = {}
    skipped: list[str] = []
    errors: list[str] = []
    for relative in paths:
        path = os.path.join(content_dir, relative)
        with open(path, "rb") as f:
            data = f.read()
        try:
            converted = convert(read_text(path, relative), relative, zone)
        except ConversionError as error:
            errors.append(str(error))
            continue
        except ContentError as error:
            errors.extend(error.problems)
            continue
        if converted is None:
            skipped.append(relative)
            continue
        if b"\r\n" in data:  # line endings as the file had them
            converted = converted.replace("\n", "\r\n")
        results[path] = (
            relative,
            ("\ufeff" if data.startswith(codecs.BOM_UTF8) else "") + converted,
        )
    if errors:
        raise ConversionError("\n".join(errors))
    for path, (_relative, text) in results.items():
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return [relative for relative, _text in results.values()], skipped
