"""A story body as HTML: the site's one Markdown configuration, then the
sanitizer. The build (``source.py``), the summaries made from bodies and
every ``newsroom`` command convert with ``BodyConverter``, so a story reads
the same everywhere.

Pelican's ``MARKDOWN`` setting is not read: what the stylesheet, the
writer's guides and the HTML allowlist describe is this configuration
(``settings.configure`` stops a build that sets ``MARKDOWN``).

- ``pymdownx.superfences`` and ``pymdownx.highlight`` (PyMdown Extensions):
  fenced code, also inside list items, highlighted by Pygments with CSS
  classes; everything inside a fence is escaped.
- Python-Markdown's ``footnotes``, ``tables``, ``def_list``, ``abbr`` and
  ``attr_list``.
- Our ``story_markdown`` extension: lists after paragraph lines, ``#``
  demoted to ``<h2>``, heading ids (as ``toc`` makes them, without its
  table of contents), heading anchors, table alignment as classes.

One Markdown instance per language and process is reused for every file
(building one costs more than converting a story).
"""

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from markdown import Markdown

from .errors import ContentError, problem
from .i18n import load_catalogs
from .safe_html import HtmlPolicy, Sanitizer, html_policy
from .settings import DEFAULTS, language_codes
from .story_markdown import FENCE, THEME_IDS, HeadingIds, StoryMarkdownExtension, free_id


def N_(message: str) -> str:  # the marker name gettext tools look for
    """Mark a string for the theme's catalogs (``make messages`` reads this
    file); it is translated per language when the converter is made."""
    return message


# What bodies say to readers, in the story's language.
ANCHOR_LABEL = N_("Link to the section “%(section)s”")
BACKLINK_TITLE = N_("Back to reference %d in the text")
EMBED_TITLE = N_("Embedded content from %(host)s")

MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "pymdownx.superfences": {},
    "pymdownx.highlight": {
        "use_pygments": True,
        "noclasses": False,  # classes, styled in style.css; no inline style
        "guess_lang": False,  # an unlabelled fence stays plain text
        "css_class": "highlight",
        "pygments_lang_class": True,
    },
    "markdown.extensions.footnotes": {},
    "markdown.extensions.tables": {"use_align_attribute": True},
    "markdown.extensions.def_list": {},
    "markdown.extensions.abbr": {},
    "markdown.extensions.attr_list": {},
}

# Markdown's placeholders for stashed HTML; one in the output is a bug.
PLACEHOLDER_MARKS = ("\x02", "\x03")


@dataclass(frozen=True)
class Labels:
    anchor: str
    backlink: str
    embed: str


@dataclass(frozen=True)
class BodyOptions:
    """Everything a converter needs, as plain values (worker processes
    receive it)."""

    labels: dict[str, Labels]  # by language, the default language first
    html: HtmlPolicy


@dataclass(frozen=True)
class Body:
    html: str
    removed: tuple[str, ...] = field(default=())  # what the sanitizer removed


def body_options(settings: Mapping[str, Any]) -> BodyOptions:
    """Options from Pelican settings. The plugin's defaults are filled in
    here too: the newsroom commands read settings without the plugin."""
    settings = {**DEFAULTS, **settings}
    catalogs = load_catalogs(settings)
    labels = {
        lang: Labels(
            anchor=catalogs[lang].gettext(ANCHOR_LABEL),
            backlink=catalogs[lang].gettext(BACKLINK_TITLE),
            embed=catalogs[lang].gettext(EMBED_TITLE),
        )
        for lang in language_codes(settings)
    }
    html = html_policy({**DEFAULTS["BILINGUAL_HTML"], **settings["BILINGUAL_HTML"]})
    return BodyOptions(labels, html)


# Python-Markdown expands every tab to spaces before fences are read; a
# Makefile sample needs its tabs. Inside fences they travel as this
# private-use character and come back after conversion.
TAB = "\ue000"


def keep_tabs(text: str) -> str:
    """``text`` with the tabs inside fenced code (after the fence's own
    indentation) replaced by ``TAB``."""
    if "\t" not in text:
        return text
    lines = text.split("\n")
    for number, line, indent in fenced(lines):
        if indent is not None:
            lines[number] = line[:indent] + line[indent:].replace("\t", TAB)
    return "\n".join(lines)


def fenced(lines: list[str]) -> Iterator[tuple[int, str, int | None]]:
    """Each line (numbered from 0) with the indentation of the fence whose
    code it is in; None outside fenced code (the fence lines included)."""
    fence, indent = None, 0
    for number, line in enumerate(lines):
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence, indent = match["fence"], len(match["indent"])
            yield number, line, None
        elif (
            match
            and match["fence"][0] == fence[0]
            and len(match["fence"]) >= len(fence)
            and not line[match.end() :].strip()
        ):
            fence = None
            yield number, line, None
        else:
            yield number, line, indent


# A line of only heading marks: Python-Markdown makes it an empty heading.
EMPTY_HEADING = re.compile(r"#+[ \t#]*")


def empty_heading(text: str) -> int | None:
    """The first line of ``text`` (from 1) that is only ``#`` marks, outside
    fenced code; None when no such line is found (a heading emptied by an
    attribute list, or inside a list item)."""
    for number, line, inside in fenced(text.split("\n")):
        if inside is None and EMPTY_HEADING.fullmatch(line):
            return number + 1
    return None


# An id attribute: ``id="`` not preceded by a word character (a ``\b``
# before it, written after it: a pattern that starts with the literal is
# found by a fast scan for it, ten times faster on a story than ``\b…``).
ID = re.compile(r'id="(?<!\wid=")(?P<id>[^"]*)"')


def unique_ids(html: str) -> str:
    """Ids written by hand (``{#main}``, ``<p id="x">``) never repeat one
    another or take one of the theme's own ids (the skip link's target)."""
    used = set(THEME_IDS)
    return ID.sub(lambda match: f'id="{free_id(match["id"], used)}"', html)


NESTING = " \t>"  # what a line's nesting is written with
MAX_DEPTH = 100  # levels of list or quote; Python-Markdown slows down steeply far below its limit


def too_deep(text: str) -> int | None:
    """The first line nested more than ``MAX_DEPTH`` levels (four columns
    of indentation, or one ``>``, a level), checked before converting:
    Python-Markdown takes seconds per file long before it gives up."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) <= MAX_DEPTH:
            continue  # too short to be indented deeper (most lines)
        lead = line[: len(line) - len(line.lstrip(NESTING))]
        if len(lead) > MAX_DEPTH:
            levels = lead.count(">") + len(lead.replace(">", "").expandtabs(4)) // 4
            if levels > MAX_DEPTH:
                return number
    return None


class BodyConverter:
    def __init__(self, options: BodyOptions):
        self._options = options
        self._markdown: dict[str, Markdown] = {}
        self._sanitizer = Sanitizer(options.html)

    def convert(self, text: str, path: str, first_line: int = 1) -> Body:
        """The body ``text`` of the file at ``path`` (``…/story.id.md``: the
        suffix gives the language) as safe HTML; ``first_line``: the line of
        the file the body starts on, for the lines problems name."""
        lang = self.language_of(path)
        md = self._markdown.get(lang) or self._markdown.setdefault(lang, self._new(lang))
        deep = too_deep(text)
        if deep:
            raise ContentError(
                problem(path, "body", "nested too deeply (lists or quotes inside each other)",
                        first_line + deep - 1)
            )  # fmt: skip
        md.reset()
        try:
            html = md.convert(keep_tabs(text)).replace(TAB, "\t")
        except RecursionError:
            del self._markdown[lang]  # its state is half-built: start afresh
            raise ContentError(
                problem(path, "body", "nested too deeply (lists or quotes inside each other)")
            ) from None
        if any(mark in html for mark in PLACEHOLDER_MARKS):
            raise ContentError(
                problem(path, "body", "Markdown left a placeholder in the HTML; simplify the"
                        " raw HTML around code or put it in a fenced block")
            )  # fmt: skip
        headings = md.treeprocessors["heading_ids"]
        assert isinstance(headings, HeadingIds)
        if headings.empty:
            line = empty_heading(text)
            raise ContentError(
                problem(path, "body", "a heading without text (a line of only '#'); write the"
                        " heading or delete the line", line and first_line + line - 1)
            )  # fmt: skip
        html, removed = self._sanitizer.clean(html, self._options.labels[lang].embed)
        html = unique_ids(html)
        return Body(html, tuple(removed))

    def language_of(self, path: str) -> str:
        """The language suffix of ``path``, or the default language when it
        has none we know (the reader reports that)."""
        lang = os.path.splitext(os.path.splitext(path)[0])[1].lstrip(".")
        return lang if lang in self._options.labels else next(iter(self._options.labels))

    def _new(self, lang: str) -> Markdown:
        labels = self._options.labels[lang]
        configs = {**MARKDOWN_EXTENSIONS}
        configs["markdown.extensions.footnotes"] = {"BACKLINK_TITLE": labels.backlink}
        return Markdown(
            extensions=[*configs, StoryMarkdownExtension(anchor_label=labels.anchor)],
            extension_configs=configs,
            output_format="html",  # what "html5" meant: Markdown drops the digit
        )
