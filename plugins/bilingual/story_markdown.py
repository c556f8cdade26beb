"""The newsroom's additions to Markdown, as one Python-Markdown extension.

- A list may start right after a paragraph line, as in CommonMark and as
  most authors write it ("termasuk:" then "- Citra satelit"): a blank line
  is inserted before it, never inside a code fence.
- A ``#`` heading in the body becomes ``<h2>``: the page title is the page's
  only ``<h1>``. A heading deeper than the one before it by more than one
  level is raised until it is one level deeper; other levels stay as written.
- Every ``<h2>``–``<h4>`` gets a visible link to itself, named for screen
  readers in the story's language (the ``#`` is drawn by the stylesheet, so
  it is not part of the heading's text, the summary or the search index).
- Table alignment becomes a class (``align-center``), not an inline style or
  the obsolete ``align`` attribute.
- Every heading without an id (``{#x}`` gives one) gets one from its text
  (``heading_id``): Unicode kept, lower-cased, unique in the page (``_1``,
  ``_2``…) and never one of the theme's own ids.

Heading ids are the ones Python-Markdown's ``toc`` extension gives (same
text, same slug function, same uniqueness rule: its helpers are reused),
without the table of contents that extension also builds and serializes
for every file: the site never shows one.
"""

import html
import re
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import (
    escape_cdata,
    remove_fnrefs,
    render_inner_html,
    run_postprocessors,
    strip_tags,
    unescape,
    unique,
)
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.slugs import slugify

# Ids the theme's templates give elements of every story and page.
THEME_IDS = frozenset({"main", "search", "corrections-title", "related-title"})
ANCHORED = ("h2", "h3", "h4")

FENCE = re.compile(r"^(?P<indent>[ \t]*(?:>[ \t]?)*)(?P<fence>`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^(?P<quote>[ \t]*(?:>[ \t]?)*)[ ]{0,3}(?:[-*+]|1[.)])[ \t]+\S")
RULE = re.compile(r"^[ \t]*(?:>[ \t]?)*[ ]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
INDENTED = re.compile(r"^(?: {4}|\t)")

_unicode_slug = slugify(case="lower")

# The tags Markdown gives headings, and their levels.
HEADINGS = {f"h{level}": level for level in range(1, 7)}
# In a heading's text: what Markdown's serializer or postprocessors change
# (escapes, entities, stashed HTML and footnote placeholders use \x02…\x03).
MARKUP = re.compile("[&<>\x02\x03]")


def free_id(wanted: str, used: set[str]) -> str:
    """``wanted``, else ``wanted-2``, ``wanted-3``…: the first not in
    ``used``, which it joins. Ids written by hand never repeat one another
    or take one of the theme's own ids (the skip link's target)."""
    name, number = wanted, 1
    while name in used:
        number += 1
        name = f"{wanted}-{number}"
    used.add(name)
    return name


def heading_id(text: str, separator: str) -> str:
    """A heading's id: its text in lower case, Unicode letters kept, runs of
    separators folded; "section" when nothing is left; never a theme id."""
    slug = re.sub(f"{re.escape(separator)}+", separator, _unicode_slug(text, separator))
    slug = slug.strip(separator) or "section"
    return f"{slug}{separator}1" if slug in THEME_IDS else slug


def separate_lists(lines: list[str]) -> list[str]:
    """Insert a blank line where a list starts right after a paragraph line,
    outside fenced code. A list item only interrupts a paragraph the way
    CommonMark allows: a bullet, or an ordered item numbered 1."""
    result: list[str] = []
    fence = ""  # the open fence's marker, or "" outside a fence
    block_is_list = block_is_code = False  # what the current block began as
    previous = ""
    for line in lines:
        opening = FENCE.match(line)
        if fence:
            if (
                opening
                and opening["fence"][0] == fence[0]
                and len(opening["fence"]) >= len(fence)
                and not line[opening.end() :].strip()
            ):
                fence = ""
                result.append(line)
                previous = ""  # what follows a fence starts a new block
                continue
        elif opening:
            fence = opening["fence"]
        elif not line.strip():
            block_is_list = block_is_code = False
        else:
            item = LIST_ITEM.match(line)
            if not previous.strip():
                block_is_list, block_is_code = bool(item), bool(INDENTED.match(line))
            elif item and not RULE.match(line) and not block_is_list and not block_is_code:
                result.append(item["quote"].rstrip())
                block_is_list = True
        result.append(line)
        previous = line
    return result


class ListAfterParagraph(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return separate_lists(lines)


class DemoteTitleHeadings(Treeprocessor):
    """``#`` in the body is a section heading: ``<h1>`` becomes ``<h2>``;
    and no heading skips a level (``###`` right under the title becomes
    ``<h2>``, ``####`` under a ``##`` becomes ``<h3>``), so the outline that
    screen readers announce, and the HTML checker reads, has no holes."""

    def run(self, root: etree.Element) -> None:
        previous = 1  # the page title
        for element in root.iter():
            written = HEADINGS.get(element.tag)  # a comment's tag is a function: None
            if written:
                level = min(max(written, 2), previous + 1)
                element.tag = f"h{level}"
                previous = level


class AlignmentClasses(Treeprocessor):
    """Table cell alignment as a class the stylesheet styles."""

    def run(self, root: etree.Element) -> None:
        for cell in _cells(root):
            align = cell.attrib.pop("align", None)
            if align:
                classes = [*cell.get("class", "").split(), f"align-{align}"]
                cell.set("class", " ".join(classes))


class HeadingIds(Treeprocessor):
    """An id for every heading that has none, and every heading's plain
    text by id (``names``: the last heading's, when ids were given twice).

    The text is what ``toc`` reads: the heading rendered as HTML (stashed
    raw HTML, code spans and entities included, footnote references left
    out), tags stripped, whitespace collapsed; a ``data-toc-label``
    attribute replaces it and is dropped. A heading of plain text and no
    markup is its own text: nothing is rendered for it."""

    def __init__(self, md: Markdown):
        super().__init__(md)
        self.names: dict[str, str] = {}
        self.headings: list[etree.Element] = []  # in document order
        self.empty = 0  # headings with neither text nor anything else in them

    def run(self, root: etree.Element) -> None:
        # Every id in the page, headings get none of them. An id given twice
        # (``{#hari}`` on two headings) or a theme's is renamed here, as
        # ``body.unique_ids`` renames raw HTML's, so anchors link to the id
        # the heading keeps.
        used: set[str] = set(THEME_IDS)
        self.headings = []
        for element in root.iter():
            if "id" in element.attrib:
                element.attrib["id"] = free_id(element.attrib["id"], used)
            if element.tag in HEADINGS:
                self.headings.append(element)
        self.empty = sum(1 for h in self.headings if len(h) == 0 and not (h.text or "").strip())
        counters: dict[str, int] = {}
        self.names = {}
        for heading in self.headings:
            name = self._name(heading)
            if "id" not in heading.attrib:
                slug = heading_id(html.unescape(name), "-")
                # counters (Markdown 3.11.3; its stubs lag): many equal headings stay linear
                heading.attrib["id"] = unique(slug, used, counters)  # type: ignore[call-arg]
            label = heading.attrib.pop("data-toc-label", None)
            if label is not None:
                name = escape_cdata(strip_tags(run_postprocessors(unescape(label), self.md)))
            ident = heading.attrib["id"]
            self.names[unescape(ident) if "\x02" in ident else ident] = html.unescape(name)

    def _name(self, heading: etree.Element) -> str:
        """The heading's text as ``toc`` reads it: HTML, entities kept."""
        text = heading.text or ""
        if (
            len(heading) == 0
            and not MARKUP.search(text)
            and not any(value and MARKUP.search(value) for value in heading.attrib.values())
        ):
            return " ".join(text.split())
        return strip_tags(render_inner_html(remove_fnrefs(heading), self.md))


class HeadingAnchors(Treeprocessor):
    """A link to itself at the end of every h2–h4 (after ``HeadingIds``)."""

    def __init__(self, md: Markdown, label: str, ids: HeadingIds):
        super().__init__(md)
        self.label = label
        self.ids = ids

    def run(self, root: etree.Element) -> None:
        names = self.ids.names
        for heading in self.ids.headings:
            ident = heading.get("id")
            if heading.tag in ANCHORED and ident:
                anchor = etree.SubElement(heading, "a")
                anchor.set("class", "heading-anchor")
                anchor.set("href", f"#{ident}")
                anchor.set("aria-label", self.label % {"section": names.get(ident, "")})


def _cells(root: etree.Element) -> Iterator[etree.Element]:
    for element in root.iter():
        if element.tag in ("th", "td"):
            yield element


class StoryMarkdownExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "anchor_label": [
                "Link to the section “%(section)s”",
                "aria-label of a heading's link to itself; %(section)s is the heading",
            ],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # After fences (25) and raw HTML blocks (20) are stashed.
        md.preprocessors.register(ListAfterParagraph(md), "list_after_paragraph", 19)
        # After attribute lists (8), before ids are made (5, where toc ran);
        # anchors after them; all before backslash escapes are restored (0).
        md.treeprocessors.register(DemoteTitleHeadings(md), "demote_title_headings", 6.5)
        md.treeprocessors.register(AlignmentClasses(md), "alignment_classes", 6.4)
        ids = HeadingIds(md)
        md.treeprocessors.register(ids, "heading_ids", 5)
        label = self.getConfig("anchor_label")
        md.treeprocessors.register(HeadingAnchors(md, label, ids), "heading_anchors", 4)
