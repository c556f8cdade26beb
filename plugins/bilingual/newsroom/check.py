"""``make check``: read a built site and report what would hurt readers or
crawlers, with counts and the offending files. Exits non-zero on any error.

Checks: links and assets that resolve to no file (href, src, srcset, CSS
url()), <html lang> missing or not matching the URL's language, hreflang
sets that are not self-inclusive, reciprocal and with x-default, missing or
wrong canonicals, orphan pages, feeds and sitemaps that do not parse or
point nowhere, and drafts that leaked.
"""

import re
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup

CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
NOT_FOUND = ("404.html",)


class Site:
    """A built output folder, addressed by site paths (``/en/about/``)."""

    def __init__(self, root, siteurl="", languages=("id", "en")):
        self.root = Path(root)
        self.siteurl = siteurl.rstrip("/")
        self.base = urlsplit(self.siteurl).path.rstrip("/")  # a sub-path, or ""
        self.languages = list(languages)
        self.errors = defaultdict(list)
        self.hidden = set()

    def error(self, kind, where, what):
        self.errors[kind].append(f"{where}: {what}")

    def url_of(self, path):
        url = "/" + path.relative_to(self.root).as_posix()
        return url.removesuffix("index.html")

    def file_of(self, url):
        path = unquote(url).lstrip("/")
        target = self.root / path
        if url.endswith("/") or not path:
            target = target / "index.html"
        return target

    def resolve(self, page_url, href):
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

    def expected_lang(self, url):
        first = url.strip("/").split("/")[0]
        return first if first in self.languages[1:] else self.languages[0]


def check(site):
    pages = sorted(site.root.rglob("*.html"))
    hreflang_sets, linked = {}, set()
    for path in pages:
        url = site.url_of(path)
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        _check_lang(site, url, soup)
        linked |= _check_links(site, url, soup)
        if path.name in NOT_FOUND or soup.select_one('meta[http-equiv="refresh"]'):
            continue  # served for missing pages, or an old URL sending readers on
        _check_canonical(site, url, soup)
        hreflang_sets[url] = _hreflang(site, url, soup)
        if soup.select_one('[data-status="hidden"]'):
            site.hidden.add(url)  # published, deliberately listed nowhere
        if soup.select_one(".draft-note") or soup.select_one(
            'meta[name=robots][content*="noindex"]'
        ):
            site.error("draft leaked", url, "a draft or noindex page in the output")
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
    _check_feeds(site)
    _check_sitemap(site)
    return site.errors


def _exists(site, url, href, kind):
    target = site.resolve(url, href)
    if target is not None and not site.file_of(target).is_file():
        site.error(kind, url, f"{href} -> no file")
    return target


def _check_lang(site, url, soup):
    lang = soup.html.get("lang") if soup.html else None
    if not lang:
        site.error("missing lang", url, "no <html lang>")
    elif lang != site.expected_lang(url):
        site.error("wrong lang", url, f"lang={lang!r}, URL says {site.expected_lang(url)!r}")


def _check_links(site, url, soup):
    linked = set()
    for tag in soup.find_all(href=True):
        kind = "broken link" if tag.name == "a" else "broken asset"
        target = _exists(site, url, tag["href"], kind)
        if tag.name == "a" and target and target != url:
            linked.add(target)
    for tag in soup.find_all(src=True):
        _exists(site, url, tag["src"], "broken asset")
    for tag in soup.find_all(srcset=True):
        for candidate in tag["srcset"].split(","):
            if candidate.strip():
                _exists(site, url, candidate.split()[0], "broken asset")
    for tag in soup.find_all(style=True):
        for ref in CSS_URL.findall(tag["style"]):
            _exists(site, url, ref, "broken asset")
    return linked


def _check_canonical(site, url, soup):
    canonicals = soup.select('link[rel="canonical"]')
    if len(canonicals) != 1:
        site.error("canonical", url, f"{len(canonicals)} canonical links")
    elif site.resolve(url, canonicals[0]["href"]) != url:
        site.error("canonical", url, f"points at {canonicals[0]['href']}")


def _hreflang(site, url, soup):
    entries = {}
    for link in soup.select('link[rel="alternate"][hreflang]'):
        entries[link["hreflang"]] = site.resolve(url, link["href"])
    return entries


def _check_hreflang(site, sets):
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


def _check_feeds(site):
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


def _check_sitemap(site):
    sitemap = site.root / "sitemap.xml"
    if not sitemap.is_file():
        site.error("sitemap", "/sitemap.xml", "missing")
        return
    files = [sitemap]
    root = ElementTree.parse(sitemap).getroot()
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        files = [site.file_of(site.resolve("/", loc.text)) for loc in root.iter(f"{SITEMAP_NS}loc")]
    for path in files:
        for loc in ElementTree.parse(path).getroot().iter(f"{SITEMAP_NS}loc"):
            _exists(site, "/sitemap.xml", loc.text, "sitemap")
        for alt in ElementTree.parse(path).getroot().iter(f"{XHTML_NS}link"):
            _exists(site, "/sitemap.xml", alt.get("href"), "sitemap")


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(prog="check", description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", default="output")
    parser.add_argument("--siteurl", default="", help="the SITEURL the site was built with")
    parser.add_argument("--languages", help="default language first (default: from --settings)")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    args = parser.parse_args(argv)
    if args.languages:
        languages = args.languages.split(",")
    else:
        from pelican.settings import read_settings

        from bilingual.settings import language_codes

        languages = language_codes(read_settings(args.settings))
    site = Site(args.output, args.siteurl, languages)
    errors = check(site)
    pages = len(list(site.root.rglob("*.html")))
    if not errors:
        print(f"check: {pages} pages, no errors")
        return 0
    for kind, found in sorted(errors.items()):
        print(f"{kind}: {len(found)}")
        for line in found[:50]:
            print(f"  {line}")
    print(f"check: {pages} pages, {sum(map(len, errors.values()))} errors")
    return 1


if __name__ == "__main__":
    sys.exit(main())
