"""What ``make check`` reads from one built page, whatever its address: the
parse errors and truncation html5lib finds (``markup``), and from one pass
over its elements (``elements``) its links, ids, canonical and hreflang
links, scripts and the resources it loads.

Everything here depends on the page's bytes alone, so the facts of the
last pages read are kept by a digest of their bytes (``read``): checking a
copy of a site, as the tests do many times, reads only the pages that
changed.
"""

import hashlib
from dataclasses import dataclass

from .csp import inline_scripts, resources
from .elements import ascii_lower, elements, words
from .markup import footer_problem, is_redirect, parse


@dataclass(frozen=True)
class PageFacts:
    """A page's facts. rel and http-equiv values compare ignoring ASCII case,
    as CSS selectors compare them in HTML; other values exactly."""

    malformed: tuple[str, ...]  # html5lib's parse errors
    truncated: str | None  # why the page does not end with the site footer
    lang: str | None  # the first <html>'s lang; None without an <html>
    hrefs: tuple[tuple[str, str], ...]  # (element name, href), in page order
    srcs: tuple[str, ...]
    srcsets: tuple[str, ...]
    styles: tuple[str, ...]  # style attributes
    anchors: frozenset[str]  # ids and <a name>s
    canonicals: tuple[str, ...]  # hrefs of <link rel=canonical>
    alternates: tuple[tuple[str, str], ...]  # (hreflang, href) of <link rel=alternate>
    redirect: bool  # <meta http-equiv="refresh">
    hidden: bool  # data-status="hidden" (a hidden story)
    draft: bool  # a draft note, or robots noindex
    inline_scripts: tuple[str, ...]  # what the CSP blocks running (``csp``)
    resources: tuple[tuple[str, str, str], ...]  # (directive, element, URL)


KEEP = 512  # pages whose facts are kept
_kept: dict[bytes, PageFacts] = {}  # digest of a page -> its facts, oldest first


def read(data: bytes) -> PageFacts:
    """The facts of the page whose file holds ``data`` (UTF-8)."""
    key = hashlib.blake2b(data, digest_size=16).digest()
    facts = _kept.get(key)
    if facts is None:
        facts = _kept[key] = _read(data)
        if len(_kept) > KEEP:
            del _kept[next(iter(_kept))]
    return facts


def _read(data: bytes) -> PageFacts:
    parsed = parse(data)
    page = elements(data.decode("utf-8"))
    lang: str | None = None
    seen_html = False
    hrefs: list[tuple[str, str]] = []
    srcs: list[str] = []
    srcsets: list[str] = []
    styles: list[str] = []
    anchors: set[str] = set()
    canonicals: list[str] = []
    alternates: list[tuple[str, str]] = []
    redirect = hidden = draft = False
    for element in page:
        name, attrs = element.name, element.attrs
        if name == "html" and not seen_html:
            seen_html = True
            lang = attrs.get("lang")
        if not attrs:
            continue
        if "href" in attrs:
            hrefs.append((name, attrs["href"]))
        if "src" in attrs:
            srcs.append(attrs["src"])
        if "srcset" in attrs:
            srcsets.append(attrs["srcset"])
        if "style" in attrs:
            styles.append(attrs["style"])
        if "id" in attrs:
            anchors.add(attrs["id"])
        if name == "a" and "name" in attrs:
            anchors.add(attrs["name"])
        if name == "link" and "rel" in attrs:
            rel = ascii_lower(attrs["rel"])
            if rel == "canonical":
                canonicals.append(attrs.get("href", ""))
            elif rel == "alternate" and "hreflang" in attrs:
                alternates.append((attrs["hreflang"], attrs.get("href", "")))
        if name == "meta":
            redirect |= ascii_lower(attrs.get("http-equiv", "")) == "refresh"
            draft |= attrs.get("name") == "robots" and "noindex" in attrs.get("content", "")
        hidden |= attrs.get("data-status") == "hidden"
        draft |= "draft-note" in words(attrs.get("class", ""))
    return PageFacts(
        malformed=tuple(parsed.errors),
        truncated=None if is_redirect(parsed.tree) else footer_problem(parsed.tree),
        lang=lang,
        hrefs=tuple(hrefs),
        srcs=tuple(srcs),
        srcsets=tuple(srcsets),
        styles=tuple(styles),
        anchors=frozenset(anchors),
        canonicals=tuple(canonicals),
        alternates=tuple(alternates),
        redirect=redirect,
        hidden=hidden,
        draft=draft,
        inline_scripts=tuple(inline_scripts(page)),
        resources=tuple(resources(page)),
    )
