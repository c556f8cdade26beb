"""The reader's budget and the accessibility basics, checked on built pages:
no JavaScript needed to read or navigate, no third-party requests, one small
stylesheet, a light story page, sized and lazy images, one h1 and ordered
headings, a skip link, alt text on every image."""

import gzip
from itertools import pairwise
from urllib.parse import urlsplit

import pytest

from conftest import REPO, html_pages, page_file, page_kinds, page_url, soup

SEARCH_PAGES = {"/cari/", "/en/search/"}
# One test per site: the one on real_site is a content test, which the
# any-content run repeats on its own content, not on the fixture corpora.
SITES = ["real_site", "corpus_site"]


def test_one_stylesheet_under_7_kb_compressed():
    """Counted as a reader downloads it: static hosts serve CSS compressed,
    so comments and whitespace that keep it readable cost next to nothing."""
    css = list((REPO / "theme" / "static").rglob("*.css"))
    assert [p.name for p in css] == ["style.css"]
    assert len(gzip.compress(css[0].read_bytes(), compresslevel=9, mtime=0)) < 7_000


def test_corpus_story_pages_are_under_50_kb(corpus_site):
    """Long stories full of code: test_realistic.py."""
    stories = page_kinds(corpus_site)[("story", "id")] + page_kinds(corpus_site)[("story", "en")]
    for url in stories:
        assert page_file(corpus_site, url).stat().st_size < 50_000, url


def test_what_the_theme_adds_around_a_story_stays_under_25_kb(real_site):
    """Any story of any length: the page minus the story's own body."""
    stories = [
        u for (kind, _), urls in page_kinds(real_site).items() if kind == "story" for u in urls
    ]
    for url in stories:
        path = page_file(real_site, url)
        body = soup(path).select_one(".story-body")
        around = path.stat().st_size - len(body.encode(formatter="html5"))
        assert around < 25_000, f"{url}: {around} bytes around the body"


@pytest.mark.parametrize("site", SITES)
def test_no_page_needs_javascript_or_a_third_party_request(request, site):
    root = request.getfixturevalue(site)
    for path in html_pages(root):
        url, document = page_url(root, path), soup(path)
        scripts = [s for s in document.find_all("script") if s.get("type") != "application/ld+json"]
        if url not in SEARCH_PAGES:
            assert scripts == [], url
        for tag in document.select("link[rel=stylesheet], script[src], img[src]"):
            address = tag.get("href") or tag.get("src")
            assert not urlsplit(address).netloc, f"{url} loads {address} from elsewhere"


@pytest.mark.parametrize("site", [*SITES, "realistic_site"])
def test_images_are_sized_and_lazy_below_the_fold(request, site):
    """On every site. The realistic corpus's stories have heroes, body
    images by every path form and cards with pictures: there the check must
    see images of every kind, or it proves nothing."""
    root = request.getfixturevalue(site)
    seen = {"above the fold": 0, "lazy": 0, "sized": 0}
    for path in html_pages(root):
        document = soup(path)
        first = document.select_one("main img")  # a listing's first card is in view too
        # Without a hero, a story's or page's first body image may be in view too.
        opening = (
            None if document.select_one("figure.hero") else document.select_one(".story-body img")
        )
        for img in document.find_all("img"):
            assert img.has_attr("alt"), path
            if (
                img.find_parent("figure", class_="hero")
                or img.find_parent(class_="card-lead")
                or (img is first and img.find_parent(class_="card"))
                or img is opening
            ):
                assert img.get("loading") != "lazy", path  # above the fold
                seen["above the fold"] += 1
                continue
            assert img.get("loading") == "lazy", path
            seen["lazy"] += 1
            if img["src"].endswith((".png", ".jpg", ".jpeg", ".webp", ".gif")):
                assert img.has_attr("width") and img.has_attr("height"), path
                seen["sized"] += 1
    if site == "realistic_site":
        assert all(seen.values()), seen


@pytest.mark.parametrize("site", SITES)
def test_one_h1_ordered_headings_and_a_skip_link(request, site):
    for path in html_pages(request.getfixturevalue(site)):
        document = soup(path)
        if document.select_one('meta[http-equiv="refresh"]'):
            continue
        assert len(document.find_all("h1")) == 1, path
        levels = [int(h.name[1]) for h in document.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert all(b - a <= 1 for a, b in pairwise(levels)), f"{path}: {levels}"
        skip = document.select_one("a.skip-link")
        assert skip and skip["href"] == "#main" and document.find(id="main").name == "main"
        assert document.find("header") and document.find("footer") and document.find("nav")


def test_the_current_page_is_marked_in_navigation(corpus_site):
    document = soup(corpus_site / "kategori" / "kota" / "index.html")
    current = document.select('nav.sections a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Kota"]
    switcher = document.select_one('nav.lang-switcher [aria-current="true"]')
    assert switcher.get_text(strip=True) == "Bahasa Indonesia"
