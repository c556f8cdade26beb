"""Whether a built page is whole: the parse errors an HTML5 parser reports on
it, and the site footer as the last thing in ``<body>``.

A code sample pasted as raw HTML (a stray ``</table>``, an unclosed
``<script>``) makes browsers swallow the rest of the page; a forgiving parser
hides that, so this asks html5lib, which follows the WHATWG parsing algorithm
and reports each parse error with its line and column. html5lib predates
``<template>``; the theme and sanitised content use none.
"""

from dataclasses import dataclass
from xml.etree.ElementTree import Element

import html5lib
from html5lib.constants import E as MESSAGES

FOOTER_CLASS = "site-footer"  # theme/templates/partials/footer.html


@dataclass(frozen=True)
class ParsedPage:
    """A page as a browser builds it, and what the parser complained about."""

    tree: Element
    errors: list[str]


def parse(data: bytes) -> ParsedPage:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    tree = parser.parse(data, transport_encoding="utf-8")
    errors = []
    for (line, column), code, values in parser.errors:
        message = MESSAGES.get(code, code)
        try:
            message = message % values
        except (KeyError, TypeError, ValueError):
            pass
        errors.append(f"line {line}, column {column}: {message}")
    return ParsedPage(tree, errors)


def is_redirect(tree: Element) -> bool:
    """An old URL's forwarding page: no theme layout, so no footer."""
    return any((meta.get("http-equiv") or "").lower() == "refresh" for meta in tree.iter("meta"))


def footer_problem(tree: Element) -> str | None:
    """Why the page does not end with the site footer, or None when it does."""
    body = tree.find("body")
    children = list(body) if body is not None else []
    if not children:
        return "an empty <body>"
    last = children[-1]
    if last.tag != "footer" or FOOTER_CLASS not in (last.get("class") or "").split():
        footers = [f for f in tree.iter("footer") if FOOTER_CLASS in (f.get("class") or "")]
        if not footers:
            return f'no <footer class="{FOOTER_CLASS}">: the page is cut short'
        return f"<body> ends with <{last.tag}>, not the site footer: the page is cut short"
    if (last.tail or "").strip():
        return "text after the site footer"
    return None
