"""``make check``: read a built site and report what would hurt readers or
crawlers, with counts and the offending files. Exits non-zero on any error.

Checks: HTML that an HTML5 parser reports errors in, and pages that do not
end with the site footer (cut short); links and assets that resolve to no
file (href, src, srcset, CSS url()); ``#fragment`` links to an id or anchor
name the target page lacks; inline script other than JSON-LD, and resources
from hosts the README's Content-Security-Policy blocks; <html lang> missing
or not matching the URL's language; hreflang sets that are not
self-inclusive, reciprocal and with x-default; missing or wrong canonicals;
orphan pages; feeds and sitemaps that do not parse or point nowhere; drafts
that leaked. The SITEURL the site was built with is read from its home
page's canonical link.
"""

import argparse
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from bilingual.cms import ADMIN

from .csp import CSS_URL, Hosts, allowed_hosts, blocked
from .elements import ascii_lower, elements
from .page_facts import PageFacts, read

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
NOT_FOUND = ("404.html",)


class Site:
    """A built output folder, addressed by site paths (``/en/about/``)."""

    def __init__(
        self,
        root: str | Path,
        siteurl: str = "",
        languages: Sequence[str] = ("id", "en"),
        hosts: Hosts | None = None,
    ) -> None:
        self.root = Path(root)
        self.siteurl = siteurl.rstrip("/")
        self.base = urlsplit(self.siteurl).path.rstrip("/")  # a sub-path, or ""
        self.own_host = (urlsplit(self.siteurl).hostname or "").lower()
        self.languages = list(languages)
        self.hosts = hosts or allowed_hosts({})  # the plugin's defaults
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.hidden: set[str] = set()
        self.anchors: dict[str, frozenset[str]] = {}  # page -> its ids and anchor names
        self.fragment_links: list[tuple[str, str, str, str]] = []  # page, href, target, id
        self._is_file: dict[str, bool] = {}  # pages share most link targets

    def error(self, kind: str, where: str, what: str) -> None:
        self.errors[kind].append(f"{where}: {what}")

    def url_of(self, path: Path) -> str:
        url = "/" + path.relative_to(self.root).as_posix()
        return url.removesuffix("index.html")

    def file_of(self, url: str) -> Path:
        path = unquote(url).lstrip("/")
        target = self.root / path
        if url.endswith("/") or not path:
            target = target / "index.html"
        return target

    def has_file(self, url: str) -> bool:
        """Whether the site path ``url`` is a file of the site."""
        found = self._is_file.get(url)
        if found is None:
            found = self._is_file[url] = self.file_of(url).is_file()
        return found

    def resolve(self, page_url: str, href: str) -> str | None:
        """The site path ``href`` on ``page_url`` points to, or None when it
        leaves the site."""
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return None
        if self.siteurl and href.startswith(self.siteurl + "/"):
            href = self.base + href[len(self.siteurl) :]
        joined = urlsplit(urljoin("http://site.invalid" + self.base + page_url, href))
        if joined.netloc != "site.invalid":
            return None
        path = joined.path
        if self.base:
            if not path.startswith(self.base + "/"):
                return path  # outside the sub-path: reported as missing
            path = path[len(self.base) :]
        return path

    def expected_lang(self, url: str) -> str:
        first = url.strip("/").split("/")[0]
        return first if first in self.languages[1:] else self.languages[0]


def check(site: Site) -> dict[str, list[str]]:
    pages = sorted(site.root.rglob("*.html"))
    hreflang_sets: dict[str, dict[str, str]] = {}
    linked: set[str] = set()
    for path in pages:
        url = site.url_of(path)
        if url == f"/{ADMIN}/":
            continue  # the browser editor (BILINGUAL_CMS): Decap's app, noindex, linked nowhere
        facts = read(path.read_bytes())
        _check_markup(site, url, facts)
        _check_lang(site, url, facts)
        linked |= _check_links(site, url, facts)
        _check_policy(site, url, facts)
        site.anchors[url] = facts.anchors
        if path.name in NOT_FOUND or facts.redirect:
            continue  # served for missing pages, or an old URL sending readers on
        _check_canonical(site, url, facts)
        hreflang_sets[url] = _hreflang(site, url, facts)
        if facts.hidden:
            site.hidden.add(url)  # published, deliberately listed nowhere
        if facts.draft:
            site.error("draft leaked", url, "a draft or noindex page in the output")
    _check_fragments(site)
    _check_hreflang(site, hreflang_sets)
    for url in hreflang_sets:
        if url in site.hidden:
            continue
        if url not in linked and url.strip("/") not in site.languages[1:] and url != "/":
            site.error("orphan page", url, "no other page links here")
    for css in sorted(site.root.rglob("*.css")):
        url = site.url_of(css)
        for ref in CSS_URL.findall(css.read_text(encoding="utf-8")):
            _exists(site, url, ref, "broken asset")
            _check_host(site, url, "img-src", "url()", ref)
    _check_feeds(site)
    _check_sitemap(site)
    return site.errors


def _exists(site: Site, url: str, href: str, kind: str) -> str | None:
    target = site.resolve(url, href)
    if target is not None and not site.has_file(target):
        site.error(kind, url, f"{href} -> no file")
    return target


def _check_markup(site: Site, url: str, facts: PageFacts) -> None:
    for message in facts.malformed:
        site.error("malformed html", url, message)
    if facts.truncated:
        site.error("truncated page", url, facts.truncated)


def _check_policy(site: Site, url: str, facts: PageFacts) -> None:
    for what in facts.inline_scripts:
        site.error("inline script", url, what)
    for directive, element, ref in facts.resources:
        _check_host(site, url, directive, f"<{element}>", ref)


def _check_host(site: Site, url: str, directive: str, element: str, ref: str) -> None:
    reason = blocked(directive, ref, site.own_host, site.hosts)
    if reason:
        site.error("blocked by CSP", url, f"{element} {ref}: {reason}")


def _check_lang(site: Site, url: str, facts: PageFacts) -> None:
    if not facts.lang:
        site.error("missing lang", url, "no <html lang>")
    elif facts.lang != site.expected_lang(url):
        site.error("wrong lang", url, f"lang={facts.lang!r}, URL says {site.expected_lang(url)!r}")


def _check_links(site: Site, url: str, facts: PageFacts) -> set[str]:
    linked = set()
    for name, href in facts.hrefs:
        kind = "broken link" if name == "a" else "broken asset"
        target = _exists(site, url, href, kind)
        if name == "a" and target and target != url:
            linked.add(target)
        if name in ("a", "area"):
            _note_fragment(site, url, href)
    for src in facts.srcs:
        _exists(site, url, src, "broken asset")
    for srcset in facts.srcsets:
        for candidate in srcset.split(","):
            if candidate.strip():
                _exists(site, url, candidate.split()[0], "broken asset")
    for style in facts.styles:
        for ref in CSS_URL.findall(style):
            _exists(site, url, ref, "broken asset")
    return linked


def _note_fragment(site: Site, url: str, href: str) -> None:
    """Remember a link to ``#id`` on a page of the site, checked once every
    page's ids are known. A bare ``#`` and ``#top`` need no element."""
    address, _, fragment = href.strip().partition("#")
    fragment = unquote(fragment)
    if not fragment or fragment.lower() == "top":
        return
    target = site.resolve(url, address) if address else url
    if target is not None:
        site.fragment_links.append((url, href, target.removesuffix("index.html"), fragment))


def _check_fragments(site: Site) -> None:
    for url, href, target, fragment in site.fragment_links:
        ids = site.anchors.get(target)
        if ids is not None and fragment not in ids:
            site.error("missing fragment", url, f"{href} -> no id {fragment!r} on {target}")


def _check_canonical(site: Site, url: str, facts: PageFacts) -> None:
    canonicals = facts.canonicals
    if len(canonicals) != 1:
        site.error("canonical", url, f"{len(canonicals)} canonical links")
    elif site.resolve(url, canonicals[0]) != url:
        site.error("canonical", url, f"points at {canonicals[0]}")


def _hreflang(site: Site, url: str, facts: PageFacts) -> dict[str, str]:
    """{hreflang: the site path it points to, or the href when off the site}."""
    entries: dict[str, str] = {}
    for lang, href in facts.alternates:
        entries[lang] = site.resolve(url, href) or href
    return entries


def _check_hreflang(site: Site, sets: dict[str, dict[str, str]]) -> None:
    for url, entries in sets.items():
        if not entries:
            site.error("hreflang", url, "no hreflang set")
            continue
        if url not in entries.values():
            site.error("hreflang", url, "the set does not include the page itself")
        if "x-default" not in entries:
            site.error("hreflang", url, "no x-default")
        for lang, target in entries.items():
            if lang == "x-default":
                continue
            if target not in sets:
                site.error("hreflang", url, f"{lang} -> {target} is not a page")
            elif sets[target] != entries:
                site.error("hreflang", url, f"{lang} -> {target} lists a different set")


def _check_feeds(site: Site) -> None:
    for feed in sorted(site.root.rglob("feeds/**/*.xml")):
        url = site.url_of(feed)
        try:
            tree = ElementTree.parse(feed)
        except ElementTree.ParseError as error:
            site.error("feed", url, f"does not parse: {error}")
            continue
        root = tree.getroot()
        lang = root.get("{http://www.w3.org/XML/1998/namespace}lang") or root.findtext(
            "channel/language"
        )
        if lang != site.expected_lang(url):
            site.error("feed", url, f"language {lang!r}")
        links = [e.get("href") for e in root.iter("{http://www.w3.org/2005/Atom}link")]
        links += [e.text for e in root.iter("link")]
        for href in filter(None, links):
            _exists(site, url, href, "feed")


def _check_sitemap(site: Site) -> None:
    sitemap = site.root / "sitemap.xml"
    if not sitemap.is_file():
        site.error("sitemap", "/sitemap.xml", "missing")
        return
    files = [sitemap]
    root = ElementTree.parse(sitemap).getroot()
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        files = []
        for loc in root.iter(f"{SITEMAP_NS}loc"):
            target = site.resolve("/", loc.text or "")
            if target is None:
                site.error("sitemap", "/sitemap.xml", f"index entry {loc.text!r} is off the site")
            else:
                files.append(site.file_of(target))
    for path in files:
        for loc in ElementTree.parse(path).getroot().iter(f"{SITEMAP_NS}loc"):
            _sitemap_link(site, loc.text)
        for alt in ElementTree.parse(path).getroot().iter(f"{XHTML_NS}link"):
            _sitemap_link(site, alt.get("href"))


def _sitemap_link(site: Site, href: str | None) -> None:
    if href is None:
        site.error("sitemap", "/sitemap.xml", "an empty <loc> or an alternate without href")
    else:
        _exists(site, "/sitemap.xml", href, "sitemap")


def detect_siteurl(root: Path) -> str | None:
    """The SITEURL ``root`` was built with, from its home page's canonical
    link (SITEURL + "/"): "" for a development build with relative URLs,
    None when the home page does not say."""
    home = root / "index.html"
    if not home.is_file():
        return None
    for element in elements(home.read_text(encoding="utf-8")):
        attrs = element.attrs
        if element.name != "link" or "href" not in attrs:
            continue
        if ascii_lower(attrs.get("rel", "")) == "canonical":
            href = attrs["href"].strip()
            return href.rstrip("/") if urlsplit(href).scheme else ""
    return None


def siteurl_for(root: Path, given: str) -> tuple[str | None, str]:
    """(the SITEURL to check ``root`` with, or None; why not)."""
    detected = detect_siteurl(root)
    if detected is None:
        if given:
            return given.rstrip("/"), ""
        return None, (
            f"check: cannot tell which SITEURL {root}/ was built with (its home page has "
            "no canonical link); pass the one the build used: make check SITEURL=https://..."
        )
    if given and given.rstrip("/") != detected:
        built = detected or "none (relative URLs, make html)"
        return None, (
            f"check: {root}/ was built with SITEURL {built}, not {given}; "
            "run make check without SITEURL, or rebuild with the one you meant"
        )
    return detected, ""


def main(argv: Sequence[str] | None = None) -> int:
    from pelican.settings import read_settings

    from bilingual.settings import language_codes

    parser = argparse.ArgumentParser(prog="check", description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", default="output")
    parser.add_argument(
        "--siteurl", default="", help="the SITEURL the site was built with (default: detected)"
    )
    parser.add_argument("--languages", help="default language first (default: from --settings)")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    for directive in ("image", "frame"):
        parser.add_argument(
            f"--allow-{directive}-host",
            action="append",
            default=[],
            metavar="HOST",
            help=f"a host {directive}s may load from, besides those the settings list",
        )
    args = parser.parse_args(argv)
    root = Path(args.output)
    siteurl, why = siteurl_for(root, args.siteurl)
    if siteurl is None:
        print(why)
        return 2
    settings = read_settings(args.settings)
    languages = args.languages.split(",") if args.languages else language_codes(settings)
    extra = {"img-src": args.allow_image_host, "frame-src": args.allow_frame_host}
    site = Site(root, siteurl, languages, allowed_hosts(settings, extra))
    errors = check(site)
    pages = len(list(site.root.rglob("*.html")))
    built = f" (SITEURL {siteurl})" if siteurl else ""
    if not errors:
        print(f"check: {pages} pages{built}, no errors")
        return 0
    for kind, found in sorted(errors.items()):
        print(f"{kind}: {len(found)}")
        for line in found[:50]:
            print(f"  {line}")
    print(f"check: {pages} pages{built}, {sum(map(len, errors.values()))} errors")
    return 1


if __name__ == "__main__":
    sys.exit(main())
