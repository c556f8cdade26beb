"""Content checks that need the whole site (the checks of one file live in
fields.py, source.py and reader.py). Each returns a list of problems, one
line each naming the file and the field; ``pipeline.link_site`` collects
them all and stops the build once.
"""

import os
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from html import unescape
from typing import Any
from urllib.parse import quote, unquote

from .content_tree import ContentTree
from .errors import problem
from .listing import Redirect
from .pelican_internals import failed_sources, raw_body, replaced_link_starts
from .settings import Settings, inside
from .site import Site
from .source import MARKDOWN_SUFFIXES
from .taxonomy import term_slug

Content = Any  # a Pelican Article or Page
Problems = list[str]
# (translation key, language, first variant, second variant)
Clash = tuple[str, str, Content, Content]


def contained(tree: ContentTree) -> Problems:
    """Nothing outside the content folder is read or published: a link
    (file or folder) in it would bring in what it points at."""
    return [
        problem(path, "file", "is a symbolic link; nothing outside content/"
                " is published: copy the file or folder in instead")
        for path in tree.links
    ]  # fmt: skip


def only_markdown(tree: ContentTree, settings: Settings) -> Problems:
    """Story and page folders hold Markdown, and Markdown lives only there:
    Pelican skips any other file without a word, and an editor would never
    know why a story is missing. Editor and OS files (IGNORE_FILES) are
    not in ``tree``."""
    problems = []
    tops = [p.strip("/") for p in settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]]
    for path in tree.files:
        is_markdown = path.endswith(MARKDOWN_SUFFIXES)
        in_tops = inside(path, tops)
        if is_markdown and not in_tops:
            where = " or ".join(f"content/{t}/" for t in tops)
            problems.append(problem(path, "file", f"stories and pages live in {where};"
                                    " move it there or it would not be published"))  # fmt: skip
        elif in_tops and not is_markdown and not inside(path, settings["STATIC_PATHS"]):
            problems.append(
                problem(path, "file", "not a Markdown file (.md); it would not be published")
            )
    return problems


def no_failed_sources(context: Mapping[str, Any]) -> Problems:
    """Pelican skips a file it could not read; we stop instead."""
    return [
        problem(path, "file", "could not be read (see the error above)")
        for path in failed_sources(context)
    ]


# A {what}path link, found from its "{" (a literal start, which the regex
# engine looks for first), then taken only where Pelican replaces a link.
LINK = re.compile(r"""\{(?P<what>[a-z]+)\}(?P<path>[^"'#?]*)""")
TERM_KIND = {"tag": "tag", "category": "category", "author": "author"}
CHECKED = ("filename", "attach", *TERM_KIND)  # the links ``links`` checks


def body_links(
    content: Content, settings: Settings, replaced: Container[int] | None = None
) -> list[tuple[str, str, str]]:
    """(what, as written, target) of each ``{what}`` link of the body, where
    Pelican replaces one (an ``href``, ``src``, ``cite``… attribute of a
    tag; ``replaced``: where it does, when the caller has found it): the
    target is the linked file's path relative to PATH, or the term's slug
    for a ``{tag}``, ``{category}`` or ``{author}`` link. A ``{filename}``
    in the text, even ``href="{filename}…"`` in a code sample, is not a
    link; nor is Pelican's older ``|filename|`` spelling read here."""
    body = raw_body(content)
    if "{" not in body:
        return []
    if replaced is None:
        replaced = replaced_link_starts(content)
    here = os.path.dirname(content.relative_source_path)
    found = []
    for match in LINK.finditer(body):
        if match.start() not in replaced:
            continue
        what, written = match["what"], unescape(match["path"])
        if what in TERM_KIND:
            target = term_slug(what, unquote(written), settings)
        else:
            path = written.lstrip("/") if written.startswith("/") else os.path.join(here, written)
            target = os.path.normpath(unquote(path)).replace(os.sep, "/")
        found.append((what, written, target))
    return found


def links(
    contents: Iterable[Content],
    generated: Mapping[str, Content],
    unread: Container[str],
    site: Site,
    settings: Settings,
) -> Problems:
    """Every ``{filename}`` link names a story or page that is published (a
    draft has no URL in published builds), and every ``{tag}``,
    ``{category}`` and ``{author}`` link a term with a page in the linking
    story's language."""
    problems, preview = [], settings["BILINGUAL_PREVIEW_DRAFTS"]
    for content in contents:
        source = content.relative_source_path
        for what, written, path in body_links(content, settings):
            if what not in CHECKED:
                continue
            if what in TERM_KIND:
                if site.term(what, content.lang, path) is None:
                    problems.append(
                        problem(source, "body", f"links {{{what}}}{written}, but no listed "
                                f"story in {content.lang!r} has that {what}",
                                _line_of(content, what, written))
                    )  # fmt: skip
                continue
            target = generated.get(path)
            if target is None and path in unread:
                continue  # its own problems are reported
            if target is None:
                problems.append(
                    problem(source, "body", f"links {{{what}}}{written}, which is not a story "
                            f"or page (tried content/{path})", _line_of(content, what, written))
                )  # fmt: skip
            elif getattr(target, "status", None) == "draft" and not preview:
                problems.append(
                    problem(source, "body", f"links {target.relative_source_path}, which is a "
                            "draft or scheduled", _line_of(content, what, written))
                )  # fmt: skip
    return problems


def _line_of(content: Content, what: str, written: str) -> int | None:
    """The line of the content's file where its ``{what}written`` link
    (or ``|what|written``, Pelican's older spelling) is first written; None
    where the Markdown spells it otherwise. Read only for a problem."""
    try:
        with open(content.source_path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    for path in dict.fromkeys((written, quote(written, safe="/#?&=:;@+,%"), unquote(written))):
        for mark in (f"{{{what}}}", f"|{what}|"):
            at = text.find(mark + path)
            if at >= 0:
                return text.count("\n", 0, at) + 1
    return None


def unique_urls(contents: Iterable[Content]) -> Problems:
    seen: dict[str, Content] = {}
    problems: Problems = []
    for content in contents:
        other: Content = seen.setdefault(content.save_as, content)
        if other is not content:
            problems.append(
                problem(content.relative_source_path, "slug", f"URL /{content.url} is already "
                        f"taken by {other.relative_source_path}")
            )  # fmt: skip
    return problems


def declared_original(variants: Mapping[str, Content]) -> tuple[str | None, Problems]:
    """The language an ``Original:`` header names, if the variants agree."""
    declared = {
        content.relative_source_path: content.metadata["original"].strip()
        for content in variants.values()
        if content.metadata.get("original")
    }
    if len(set(declared.values())) > 1:
        says = ", ".join(f"{p} says {v!r}" for p, v in sorted(declared.items()))
        first = sorted(declared)[0]
        return None, [
            problem(first, "original", f"variants disagree on the original language ({says})")
        ]
    return next(iter(declared.values()), None), []


def free_alias_urls(redirects: Iterable[Redirect], contents: Iterable[Content]) -> Problems:
    """An old URL must not be a page that exists, nor claimed twice."""
    taken: dict[str, Content | Redirect] = {c.save_as: c for c in contents}
    problems: Problems = []
    for redirect in redirects:
        other = taken.get(redirect.save_as)
        owner = redirect.target.relative_source_path
        if other is not None:
            where = getattr(other, "relative_source_path", None) or "another alias"
            problems.append(
                problem(owner, "aliases", f"/{redirect.url} is already taken by {where}")
            )
        taken.setdefault(redirect.save_as, redirect)
    return problems


def no_clashes(clashes: Sequence[Clash]) -> Problems:
    return [
        problem(second.relative_source_path, "lang", f"story {key!r} already has a {lang!r} "
                f"variant in {first.relative_source_path}")
        for key, lang, first, second in clashes
    ]  # fmt: skip
