"""Raw HTML in stories, made safe: what may pass, and what was removed.

Markdown lets authors write HTML. A story's HTML goes through the `nh3`
sanitizer (the Ammonia library) with the allowlist of ``BILINGUAL_HTML``, so
a code sample pasted outside a fence cannot swallow the page and nothing
from content runs: no ``<script>``, no ``on*`` attribute, no ``javascript:``
URL, no ``style``. An ``<iframe>`` stays only when its ``https`` address is
on a listed host; it is loaded lazily, sandboxed and titled.

A start tag that is never closed and would take the rest of the story as
its text (``<script>``, ``<!--``, …) and ``<?php`` are shown as text.

What was removed is described in short phrases ("<script>", "onclick
attribute") for the build summary: the tags and attributes of the HTML
before and after, counted and compared.
"""

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape as html_escape
from typing import Any, TypedDict
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup

from .errors import ContentError

# The keys of BILINGUAL_HTML (defaults in settings.DEFAULTS).
POLICY_KEYS = ("tags", "attributes", "url_schemes", "iframe_hosts", "iframe_sandbox")

URL_ATTRIBUTES = frozenset({"href", "src", "cite", "poster", "action", "formaction", "data"})
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<[?!][^>]*>", re.S)
RAW_TEXT = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)
START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
END_TAG = re.compile(r"</([a-zA-Z][^\s/>]*)[^>]*>")
# A frame in the sanitizer's output (its attribute values escape ">").
FRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.S)
# Elements whose start tag, left open, turns the rest of the body into
# their text (a browser does the same): a code sample outside a fence.
SWALLOWING = re.compile(
    r"<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b|<(!--)",
    re.I,
)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class HtmlPolicy:
    tags: frozenset[str]
    attributes: dict[str, frozenset[str]]
    url_schemes: frozenset[str]
    iframe_hosts: frozenset[str]
    iframe_sandbox: str


def html_policy(spec: Mapping[str, Any]) -> HtmlPolicy:
    """The policy from a ``BILINGUAL_HTML`` value (defaults merged in)."""
    unknown = sorted(set(spec) - set(POLICY_KEYS))
    if unknown:
        raise ContentError(
            f"settings: BILINGUAL_HTML: unknown key {unknown[0]!r} (known: {', '.join(POLICY_KEYS)})"
        )
    tags = frozenset(spec["tags"])
    for dangerous in ("script", "style", "object", "embed", "form", "base", "meta", "link"):
        if dangerous in tags:
            raise ContentError(f"settings: BILINGUAL_HTML['tags']: {dangerous!r} is never allowed")
    attributes = {tag: frozenset(names) for tag, names in spec["attributes"].items()}
    for tag, names in attributes.items():
        bad = sorted(n for n in names if n.startswith("on") or n in ("style", "srcdoc"))
        if bad:
            raise ContentError(
                f"settings: BILINGUAL_HTML['attributes'][{tag!r}]: {bad[0]!r} is never allowed"
            )
    schemes = frozenset(s.lower() for s in spec["url_schemes"])
    if schemes & {"javascript", "vbscript", "data"}:
        raise ContentError("settings: BILINGUAL_HTML['url_schemes']: javascript/data are not URLs")
    sandbox = set(spec["iframe_sandbox"].split())
    if {"allow-scripts", "allow-same-origin"} <= sandbox:
        raise ContentError(
            "settings: BILINGUAL_HTML['iframe_sandbox']: allow-scripts with allow-same-origin"
            " lets an embed remove its own sandbox; drop one of them"
        )
    return HtmlPolicy(
        tags=tags,
        attributes=attributes,
        url_schemes=schemes,
        iframe_hosts=frozenset(h.lower() for h in spec["iframe_hosts"]),
        iframe_sandbox=spec["iframe_sandbox"],
    )


class _CleanerOptions(TypedDict):
    """The ``nh3.Cleaner`` keywords both of a sanitizer's cleaners share."""

    tags: set[str]
    attributes: dict[str, set[str]]
    url_schemes: set[str]
    link_rel: str | None
    strip_comments: bool


class Sanitizer:
    """One policy's sanitizer, made once per converter and reused."""

    def __init__(self, policy: HtmlPolicy):
        self.policy = policy
        options: _CleanerOptions = {
            "tags": set(policy.tags),
            "attributes": {tag: set(names) for tag, names in policy.attributes.items()},
            "url_schemes": set(policy.url_schemes),
            "link_rel": None,
            "strip_comments": True,
        }
        self._cleaner = nh3.Cleaner(**options)
        # For HTML with frames: a frame the first pass did not see (it parses
        # differently) loses its address unless it is on a listed host.
        self._frame_cleaner = nh3.Cleaner(**options, attribute_filter=self._frame_source)

    def clean(self, html: str, embed_title: str) -> tuple[str, list[str]]:
        """(safe HTML, what was removed). ``embed_title`` names an iframe
        without a title; it may use ``%(host)s``."""
        html, removed = _unclosed_as_text(html)
        if "iframe" in html.lower():
            html, dropped = _embed_frames(html, self.policy, embed_title)
            removed += dropped
            cleaned = FRAME.sub(self._finished_frame, self._frame_cleaner.clean(html))
        else:
            cleaned = self._cleaner.clean(html)
        if cleaned == html:  # equal text, equal inventories: nothing more was removed
            return cleaned, removed
        return cleaned, removed + _describe(_inventory(html) - _inventory(cleaned), self.policy)

    def _finished_frame(self, match: re.Match[str]) -> str:
        """A frame as the sanitizer left it, without content (browsers never
        show it; validators reject it) and with lazy loading and the sandbox
        (in this order: nh3 would add them in hash order, different on every
        run), or nothing when it lost its address."""
        if ' src="' not in match[1]:
            return ""
        sandbox = html_escape(self.policy.iframe_sandbox)
        return f'<iframe{match[1]} loading="lazy" sandbox="{sandbox}"></iframe>'

    def _frame_source(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src" and not _listed_frame(value, self.policy):
            return None
        return value


def _listed_frame(url: str, policy: HtmlPolicy) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() == "https" and (parts.hostname or "") in policy.iframe_hosts


def _embed_frames(html: str, policy: HtmlPolicy, title: str) -> tuple[str, list[str]]:
    """Drop frames from hosts not listed; empty and title the others."""
    soup = BeautifulSoup(html, "html.parser")
    frames, removed = soup.find_all("iframe"), []
    for frame in frames:
        # src and title are single-valued: bs4 gives them as str.
        source = str(frame.get("src", ""))
        if not _listed_frame(source, policy):
            host = urlsplit(source.strip()).hostname or "no listed host"
            removed.append(f"<iframe> from {host}")
            frame.decompose()
            continue
        if frame.contents:
            if frame.decode_contents().strip():
                removed.append("content inside <iframe>")
            frame.clear()
        if not str(frame.get("title", "")).strip():
            frame["title"] = title % {"host": urlsplit(source.strip()).hostname}
    return (str(soup) if frames else html), removed


def _unclosed_as_text(html: str) -> tuple[str, list[str]]:
    """Escape a start tag (or ``<!--``) that is never closed, so it shows as
    text instead of taking the rest of the story; ``<?`` always shows."""
    shown, start = [], 0
    while match := SWALLOWING.search(html, start):
        name = (match[1] or match[2]).lower()
        end = "-->" if name == "!--" else f"</{name}"
        if end in html[match.end() :].lower():
            start = match.end()
            continue
        html = f"{html[: match.start()]}&lt;{html[match.start() + 1 :]}"
        shown.append(f"unclosed <{name}> tag (its text kept)")
        start = match.start() + 4
    return html.replace("<?", "&lt;?"), list(dict.fromkeys(shown))


# (kind, name, URL scheme): ("tag", "p", ""), ("attribute", "href", "javascript")
Item = tuple[str, str, str]


def _inventory(html: str) -> Counter[Item]:
    """Tags, attributes (with a URL's scheme) and comments, counted."""
    found: Counter[Item] = Counter()
    for match in RAW_TEXT.finditer(html):
        found[("tag", match[1].lower(), "")] += 1
    html = RAW_TEXT.sub("", html)
    found[("comment", "", "")] += sum(1 for _ in COMMENT.finditer(html))
    html = COMMENT.sub("", html)
    for name, count in Counter(END_TAG.findall(html)).items():
        found[("end", name.lower(), "")] += count
    # Highlighted code repeats a few tags thousands of times (<span class="w">):
    # each distinct tag is read once and counted as often as it occurs.
    for (name, attributes), count in Counter(START_TAG.findall(html)).items():
        found[("tag", name.lower(), "")] += count
        for attribute in ATTRIBUTE.finditer(attributes):
            key = attribute[1].lower()
            value = next((v for v in attribute.groups()[1:] if v is not None), "")
            scheme = SCHEME.match(value) if key in URL_ATTRIBUTES else None
            found[("attribute", key, scheme[1].lower() if scheme else "")] += count
    return found


def _describe(removed: Counter[Item], policy: HtmlPolicy) -> list[str]:
    """Short phrases, one per kind of thing removed, in a stable order."""
    phrases = []
    order = {"tag": 0, "end": 1, "attribute": 2, "comment": 3}
    for kind, name, scheme in sorted(removed, key=lambda k: (order[k[0]], k[1], k[2])):
        if kind == "comment":
            phrases.append("HTML comment")
        elif kind == "tag":
            phrases.append(f"<{name}>")
        elif kind == "end":
            phrases.append(f"</{name}>")
        elif scheme and scheme not in policy.url_schemes:
            phrases.append(f"{scheme}: URL in {name}")
        else:
            phrases.append(f"{name} attribute")
    return list(dict.fromkeys(phrases))
