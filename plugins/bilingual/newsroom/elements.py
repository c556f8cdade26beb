"""The elements of a built page, in document order, from one pass of the
standard library's HTML parser: what ``make check`` reads links, ids,
scripts and resources from.

Each element is the one Beautiful Soup's ``html.parser`` tree holds (the
same nesting, void elements and repeated attributes, its attribute lists
joined by single spaces), so the check finds what it found when it read
that tree, without the cost of building it: it needs only each element's
name, attributes, parent and, for a script, its text. Whether the page
parses cleanly is html5lib's job (``markup``).
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from bs4.builder import HTMLTreeBuilder

# Beautiful Soup's rules: elements closed as soon as they open, and the
# attributes that hold a list of words (class, rel…), per element name.
VOID = frozenset(HTMLTreeBuilder.DEFAULT_EMPTY_ELEMENT_TAGS or ())
_LISTS = HTMLTreeBuilder.DEFAULT_CDATA_LIST_ATTRIBUTES
WORD_LISTS = {name: frozenset(_LISTS["*"] | names) for name, names in _LISTS.items()}
ANY_WORD_LISTS = frozenset(_LISTS["*"])
WORD = re.compile(r"\S+")
ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(slots=True)
class Element:
    name: str
    attrs: dict[str, str]  # a valueless attribute is ""; a list of words, joined by spaces
    parent: str  # the enclosing element's name, "" at the top of the page
    text: str = ""  # a <script>'s content


def ascii_lower(value: str) -> str:
    """``value`` with A-Z lowered, as CSS matches HTML's case-insensitive
    attribute values (rel, http-equiv…)."""
    return value.translate(ASCII_LOWER)


def words(value: str) -> list[str]:
    return WORD.findall(value)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.elements: list[Element] = []
        self.open: list[str] = []  # the open elements' names, innermost last
        self.open_count: dict[str, int] = {}
        self.closed_void: list[str] = []  # void elements an end tag may still follow
        self.script: Element | None = None  # the <script> whose content comes next

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]], void_closes: bool = True
    ) -> None:
        values = {name: value or "" for name, value in attrs}  # the last repeat wins
        for name in WORD_LISTS.get(tag, ANY_WORD_LISTS).intersection(values):
            values[name] = " ".join(words(values[name]))
        element = Element(tag, values, self.open[-1] if self.open else "")
        self.elements.append(element)
        self.open.append(tag)
        self.open_count[tag] = self.open_count.get(tag, 0) + 1
        if tag == "script":
            self.script = element
        if void_closes and tag in VOID:
            self._close(tag)
            self.closed_void.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs, void_closes=False)
        self._close(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.closed_void:
            self.closed_void.remove(tag)
        else:
            self._close(tag)

    def handle_data(self, data: str) -> None:
        if self.cdata_elem == "script" and self.script is not None:
            self.script.text += data

    def _close(self, tag: str) -> None:
        """Close the innermost open ``tag`` and everything open inside it;
        an end tag with no open element of its name closes nothing."""
        if not self.open_count.get(tag):
            return
        while self.open:
            name = self.open.pop()
            self.open_count[name] -= 1
            if name == tag:
                return


def elements(html: str) -> list[Element]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.elements
