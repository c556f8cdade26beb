"""YAML front matter, the way Hugo, Jekyll and Git-based CMSs write it,
turned into the same fields a Pelican ``Key: value`` header gives.

A file that starts with a ``---`` line has a YAML block, closed by ``---``
or ``...``. It is read with ``yaml.safe_load``'s loader (no Python objects),
and every value becomes the text a Pelican header would hold for it, so the
reader treats both styles alike and the output is the same byte for byte:

    categories: [Teknologi]        -> category: Teknologi
    tags: [AI, Data]               -> tags: AI, Data
    author: [Sari, Budi]           -> authors: Sari, Budi
    description: …                 -> summary: …
    draft: true                    -> status: draft
    date: 2025-07-01 10:00:00      -> date: 2025-07-01 10:00:00 (newsroom time, as written)
    corrections: [{date, text}]    -> correction, correction-2, …

Other keys pass through with their own name, so unknown keys meet the same
rule as in a Pelican header. An empty value counts as no key (a browser
editor writes ``tags: []`` for a field left empty). Each field keeps the
line its key is on.
"""

import datetime
import re
from collections.abc import Container
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .editorial import CORRECTION_KEY

OPENING = "---"
CLOSINGS = ("---", "...")
# Other spellings (Hugo, Jekyll) of our fields.
SPELLINGS = {"categories": "category", "description": "summary"}
# Fields that hold a list: written as a YAML list or as one comma-separated string.
LIST_FIELDS = ("tags", "authors", "aliases", "image_srcset")
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
BOOL = "tag:yaml.org,2002:bool"
# The tags plain YAML resolves to; an explicit other tag (!!python/object,
# !!binary, !secret) asks for a meaning the site does not give, so it is an
# error instead of being read as its text.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
# A Pelican header below the YAML block: what a YAML editor (the browser
# editor, a migration script) leaves when it could not read that header and
# wrote its own fields above it. Published, it would show as text.
BURIED_HEADER = re.compile(r"^title:[ \t]*\S", re.IGNORECASE)
BURIED_MESSAGE = (
    "starts with a 'Title:' header line below the YAML front matter, which would be published as"
    " text; move its fields into the front matter and delete the header lines"
)
TAG_MESSAGE = "the YAML tag {} is not allowed; write a plain value"
# What to do about YAML's most common complaints, by words of its message.
HINTS = (
    ("'\\t'", "indent with spaces, not tabs"),
    (
        "mapping values are not allowed",
        "a value that holds ': ' must be in quotes: title: \"A: B\"",
    ),
)


@dataclass
class FrontMatter:
    """Fields (lower-cased keys, Pelican header text), the line each key is
    on, keys given twice, problems as (field, message, line), the body and
    the body's first line."""

    fields: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    duplicates: list[str] = field(default_factory=list)
    problems: list[tuple[str, str, int | None]] = field(default_factory=list)
    body: str = ""
    body_line: int = 1


def has_front_matter(text: str) -> bool:
    return text.split("\n", 1)[0].rstrip() == OPENING


def has_toml_front_matter(text: str) -> bool:
    """Hugo's other style, ``+++`` and TOML, which the site does not read."""
    return text.split("\n", 1)[0].rstrip() == "+++"


def read_front_matter(text: str, known: Container[str]) -> FrontMatter:
    """The fields of the YAML block that opens ``text`` (see the module).
    ``known``: the site's own fields. A list for one that takes one value
    (``correction-2`` too) is an error; a list for any other key is read as
    a list, so that the header's check names an unknown key as unknown,
    with the field it may be a typo of (``categoris: [Kota]``), and a field
    the newsroom declared (``BILINGUAL_FIELDS``) holds ``a, b``."""
    lines = text.split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in CLOSINGS), None)
    if end is None:
        return FrontMatter(
            problems=[
                (
                    "front matter",
                    "the '---' block is never closed; end it with a line of '---' before the story",
                    1,
                )
            ],  # fmt: skip
            body=text,
        )
    result = FrontMatter(body="\n".join(lines[end + 1 :]), body_line=end + 2)
    buried = next((i for i in range(end + 1, len(lines)) if lines[i].strip()), None)
    if buried is not None and BURIED_HEADER.match(lines[buried]):
        result.problems.append(("body", BURIED_MESSAGE, buried + 1))
    block = "\n".join(lines[1:end])
    loader = yaml.SafeLoader(block)
    try:
        node = loader.get_single_node()
        seen: set[int] = set()
        if node is not None and node.tag not in PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            result.problems.append(("front matter", TAG_MESSAGE.format(tag), 2))
        elif node is not None and not isinstance(node, MappingNode):
            result.problems.append(
                ("front matter", "must be 'key: value' lines, not a list or a value", 2)
            )
        elif node is not None:
            _fields(loader, node, result, seen, known)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 2 if mark else None  # the block starts on line 2
        message = " ".join(str(p) for p in (error.context, error.problem) if p)
        message += "".join(f" ({hint})" for words, hint in HINTS if words in message)
        result.problems.append(("front matter", f"not valid YAML: {message}", line))
    except yaml.YAMLError as error:
        result.problems.append(("front matter", f"not valid YAML: {error}", None))
    except RecursionError:
        result.problems.append(("front matter", "nested too deeply; use plain values", None))
    finally:
        loader.dispose()
    return result


def _explicit_tag(root: Node, seen: set[int]) -> tuple[str, int] | None:
    """The first tag under ``root`` that plain YAML would not give, with its
    line: (``!!python/object:os.system``, 3). Nodes in ``seen`` are skipped
    and each node visited is added, so aliases (``*a``) cost nothing however
    often they repeat."""
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            return shown, node.start_mark.line + 2
        if isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return None


def _fields(
    loader: yaml.SafeLoader,
    node: MappingNode,
    result: FrontMatter,
    seen: set[int],
    known: Container[str],
) -> None:
    given: set[str] = set()

    def put(name: str, value: str, line: int) -> None:
        if name in given:
            result.duplicates.append(name)
        given.add(name)
        if not value:
            return  # an empty value, as editors leave optional fields, is no value
        result.fields[name], result.lines[name] = value, line

    draft: tuple[bool, int] | None = None
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 2
        if not isinstance(key_node, ScalarNode):
            result.problems.append(("front matter", "a key must be a name, not a list", line))
            continue
        key = str(key_node.value).strip().lower()
        name = SPELLINGS.get(key, key)
        tag = _explicit_tag(key_node, seen) or _explicit_tag(value_node, seen)
        if tag is not None:
            result.problems.append((key, TAG_MESSAGE.format(tag[0]), tag[1]))
            continue
        try:
            if key == "draft":
                value = loader.construct_object(value_node, deep=True)
                if not isinstance(value, bool):
                    raise ValueError("must be true or false")
                draft = (value, line)
            elif key == "corrections":
                for number, item in enumerate(_items(value_node), start=1):
                    put("correction" if number == 1 else f"correction-{number}",
                        _correction(item), item.start_mark.line + 2)  # fmt: skip
            elif name == "category":
                put(name, _one(value_node), line)
            elif key == "author" and isinstance(value_node, SequenceNode):
                put("authors", _list(value_node, "authors"), line)
            elif name in LIST_FIELDS or not (name in known or CORRECTION_KEY.match(name)):
                put(name, _list(value_node, name), line)
            else:
                put(name, _text(value_node), line)
        except ValueError as error:
            result.problems.append((key, str(error), line))
    if draft is not None and draft[0]:
        if result.fields.get("status", "draft").strip().lower() != "draft":
            result.problems.append(
                ("draft", "'draft: true' and a 'status' that is not draft; keep one", draft[1])
            )
        elif "status" not in result.fields:
            put("status", "draft", draft[1])


def _text(node: Node) -> str:
    """A scalar as the text a Pelican header would hold: dates in ISO 8601
    (a time without an offset stays newsroom time), nothing for null."""
    if not isinstance(node, ScalarNode):
        raise ValueError("must be a single value, not a list or a mapping")
    if node.tag == NULL:
        return ""
    if node.tag == TIMESTAMP:
        try:
            moment = yaml.SafeLoader("").construct_yaml_timestamp(node)
        except ValueError:  # 2025-13-01: the reader says it is not on the calendar
            return str(node.value).strip()
        if isinstance(moment, datetime.datetime):
            return moment.isoformat(sep=" ")
        return str(moment.isoformat())
    # A value written over several lines (`|` or `>`) is one line of text, as
    # a Pelican header joins a title wrapped onto the next line.
    return " ".join(part.strip() for part in str(node.value).split("\n") if part.strip())


def _items(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    return [] if node.tag == NULL else [node]


def _one(node: Node) -> str:
    """The one category of a story: a name, or a list of one."""
    items = _items(node)
    if len(items) > 1:
        names = ", ".join(_text(i) for i in items)
        raise ValueError(f"a story has one category; found {len(items)} ({names})")
    return _text(items[0]) if items else ""


def _list(node: Node, name: str) -> str:
    """A list as Pelican's header writes it: ``a, b`` (``a; b`` when a
    name holds a comma, as in ``Doe, Jane; Doe, John``)."""
    if not isinstance(node, SequenceNode):
        return _text(node)
    items = [_text(i) for i in node.value]
    if any(";" in i for i in items):
        raise ValueError(f"an item holds a ';' ({', '.join(repr(i) for i in items if ';' in i)})")
    if name == "authors" and any("," in i for i in items):
        return "; ".join(items)
    if any("," in i for i in items):
        raise ValueError(f"an item holds a ',' ({', '.join(repr(i) for i in items if ',' in i)})")
    return ", ".join(items)


def _correction(node: Node) -> str:
    """``2025-08-01 10:00 | text``, from that string or ``{date, text}``."""
    if isinstance(node, MappingNode):
        parts = {str(k.value).strip().lower(): v for k, v in node.value}
        if set(parts) != {"date", "text"}:
            raise ValueError("each correction has a date and a text: {date: …, text: …}")
        return f"{_text(parts['date'])} | {_text(parts['text'])}"
    return _text(node)
