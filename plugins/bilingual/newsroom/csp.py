"""What the Content-Security-Policy in README.md lets a page run and load.

The policy allows no inline script (the JSON-LD data block is data, not
script) and loads everything from the site itself, except images (also
``data:``) and frames from the hosts listed in settings. ``allowed_hosts``
is the one place that reads those lists; ``make check`` reports every
script and resource the policy would block.
"""

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bilingual.hosts import allowed, normalise

from .elements import Element, words

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
DATA_SCRIPT = "application/ld+json"
# Settings that list the hosts a page may load images and frames from:
# host names ("www.youtube.com", "*.example.org") or URLs.
# The directive that governs each element that loads something.
DIRECTIVES = {
    "img": "img-src",
    "iframe": "frame-src",
    "frame": "frame-src",
    "script": "script-src",
    "video": "media-src",
    "audio": "media-src",
    "source": "media-src",  # img-src inside <picture>
    "track": "media-src",
    "embed": "object-src",
    "object": "object-src",
}
LINK_DIRECTIVES = {"stylesheet": "style-src", "icon": "img-src", "apple-touch-icon": "img-src"}


@dataclass(frozen=True)
class Hosts:
    """Hosts each CSP directive allows besides the site itself."""

    by_directive: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def allows(self, directive: str, host: str) -> bool:
        return allowed(host, self.by_directive.get(directive, ()))


def allowed_hosts(
    settings: Mapping[str, Any], extra: Mapping[str, Iterable[str]] | None = None
) -> Hosts:
    """The hosts the site's settings allow per directive (the plugin's
    defaults where the site sets none), plus ``extra`` (``--allow-*-host``)."""
    from bilingual.settings import DEFAULTS

    html = {**DEFAULTS["BILINGUAL_HTML"], **(settings.get("BILINGUAL_HTML") or {})}
    lists = {
        "img-src": settings.get("BILINGUAL_IMAGE_HOSTS", DEFAULTS["BILINGUAL_IMAGE_HOSTS"]),
        "frame-src": html["iframe_hosts"],
    }
    by_directive: dict[str, tuple[str, ...]] = {}
    for directive, listed in lists.items():
        listed = [listed] if isinstance(listed, str) else list(listed or ())
        by_directive[directive] = normalise([*listed, *(extra or {}).get(directive, ())])
    return Hosts(by_directive)


def inline_scripts(page: Sequence[Element]) -> Iterator[str]:
    """Script a page would run inline, which the policy blocks."""
    for script in page:
        if script.name != "script":
            continue
        kind = script.attrs.get("type", "").strip().lower()
        if not script.attrs.get("src") and kind != DATA_SCRIPT:
            text = " ".join(script.text.split())[:60]
            yield f"inline <script{f' type={kind}' if kind else ''}>: {text!r}"
    for tag in page:
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                yield f"<{tag.name} {name}>: an event-handler attribute"
            elif name in ("href", "src", "action") and value.strip().lower().startswith(
                "javascript:"
            ):
                yield f"<{tag.name} {name}={value!r}>: a javascript: URL"


def _srcset(value: str) -> list[str]:
    return [c.split()[0] for c in value.split(",") if c.strip()]


def resources(page: Sequence[Element]) -> Iterator[tuple[str, str, str]]:
    """(directive, element, URL) of everything a page loads."""
    for tag in page:
        attrs = tag.attrs
        for url in CSS_URL.findall(attrs.get("style", "")):
            yield "img-src", tag.name, url
        if tag.name == "link":
            for rel in words(attrs.get("rel", "")):
                if rel.lower() in LINK_DIRECTIVES and attrs.get("href"):
                    yield LINK_DIRECTIVES[rel.lower()], "link", attrs["href"]
            continue
        directive = DIRECTIVES.get(tag.name)
        if tag.name == "source" and tag.parent == "picture":
            directive = "img-src"
        if directive is None:
            continue
        if attrs.get("poster"):
            yield "img-src", tag.name, attrs["poster"]
        urls = [attrs.get("src", ""), attrs.get("data", "")]
        for url in [*urls, *_srcset(attrs.get("srcset", ""))]:
            if url:
                yield directive, tag.name, url


def blocked(directive: str, url: str, own_host: str, hosts: Hosts) -> str | None:
    """Why the policy blocks loading ``url`` under ``directive``, or None."""
    url = url.strip()
    if directive == "object-src":
        return "object-src is 'none': no plugin content loads"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None if directive == "img-src" else f"{directive} does not allow data: URLs"
    if not parts.netloc:
        return None if scheme in ("", "http", "https") else f"{scheme}: URLs are not allowed"
    host = (parts.hostname or "").lower()
    if host == own_host or hosts.allows(directive, host):
        return None
    setting = {
        "img-src": "BILINGUAL_IMAGE_HOSTS",
        "frame-src": "BILINGUAL_HTML's iframe_hosts",
    }.get(directive)
    advice = f"; list it in {setting} and in the CSP's {directive}" if setting else ""
    return f"{directive} allows only the site itself{advice}"
