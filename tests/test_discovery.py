"""What crawlers, feed readers and link previews read: feeds, the sitemap,
robots.txt, JSON-LD, social previews, the 404 pages and publish URLs.

Built with ``publishconf.py``, as ``make publish`` does, once per session:
- ``corpus_pub``: the corpus at a sub-path, SITEURL given through the
  environment with a trailing slash, as in
  ``SITEURL=https://example.org/news/ make publish`` (publishconf strips it);
- ``mirror_pub``: the corpus again at another domain, SITEURL given as a
  ``-e`` override, with ``BILINGUAL_SITEMAP_LIMIT=5`` so the sitemap becomes
  an index; its feeds must carry the same entry ids;
- ``real_pub``: the real content at publishconf's default SITEURL;
- ``hostile_pub``: the corpus plus ``tests/hostile/``, a translated pair
  whose metadata tries to break out of HTML, JSON and XML.

URLs in these tests are absolute, as published; ``Published.path`` turns one
into the site path (``/en/tag/bali/``) that conftest's helpers take.
"""

import calendar
import functools
import json
import re
import shutil
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import (
    CORPUS,
    CORPUS_SETTINGS,
    REPO,
    build_site,
    html_pages,
    page_file,
    page_url,
    soup,
)

SUBPATH_SITEURL = "https://example.org/news"
MIRROR_SITEURL = "https://mirror.example.net"
DEFAULT_SITEURL = "https://warta.example.org"  # publishconf.py's default
HOSTILE = Path(__file__).parent / "hostile"
OG_LOCALES = {"id": "id_ID", "en": "en_US"}
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}
LD_JSON = 'script[type="application/ld+json"]'


@dataclass(frozen=True)
class Published:
    """A publish build: its output folder and the SITEURL it was built for."""

    root: Path
    siteurl: str  # no trailing slash

    def path(self, url):
        """``https://example.org/news/en/`` -> ``/en/``; None outside the site."""
        if url == self.siteurl or url.startswith(self.siteurl + "/"):
            return url[len(self.siteurl) :] or "/"
        return None

    def file(self, url):
        path = self.path(url)
        return page_file(self.root, path) if path else None

    def exists(self, url):
        file = self.file(unquote(url))
        return file is not None and file.is_file()


def publish(content, out, siteurl_env=None, extra=None):
    """``make publish`` into ``out``; SITEURL from the environment if given,
    else left to publishconf.py (or to a ``-e SITEURL`` in ``extra``)."""
    with pytest.MonkeyPatch.context() as env:
        if siteurl_env is None:
            env.delenv("SITEURL", raising=False)
        else:
            env.setenv("SITEURL", siteurl_env)
        result = build_site(content, out, settings="publishconf.py", extra=extra, search=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def corpus_pub(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus-pub") / "output"
    publish(CORPUS, out, siteurl_env=SUBPATH_SITEURL + "/", extra=CORPUS_SETTINGS)
    return Published(out, SUBPATH_SITEURL)


@pytest.fixture(scope="session")
def mirror_pub(tmp_path_factory):
    out = tmp_path_factory.mktemp("mirror-pub") / "output"
    extra = {**CORPUS_SETTINGS, "SITEURL": MIRROR_SITEURL, "BILINGUAL_SITEMAP_LIMIT": 5}
    publish(CORPUS, out, extra=extra)
    return Published(out, MIRROR_SITEURL)


@pytest.fixture(scope="session")
def real_pub(tmp_path_factory):
    out = tmp_path_factory.mktemp("real-pub") / "output"
    publish(REPO / "content", out)
    return Published(out, DEFAULT_SITEURL)


@pytest.fixture(scope="session")
def hostile_pub(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-pub")
    content = root / "content"
    shutil.copytree(CORPUS, content)
    shutil.copytree(HOSTILE, content, dirs_exist_ok=True)
    publish(content, root / "output", siteurl_env=SUBPATH_SITEURL, extra=CORPUS_SETTINGS)
    return Published(root / "output", SUBPATH_SITEURL)


@pytest.fixture(params=["corpus_pub", "real_pub"])
def published(request):
    return request.getfixturevalue(request.param)


# Helpers ------------------------------------------------------------------------------


def folder_lang(root, path):
    """The language a file's folder belongs to: ``en/…`` or the root."""
    return "en" if Path(path).relative_to(root).parts[0] == "en" else "id"


def is_redirect(path):
    """An alias: a noindex page that sends readers on to a story's URL."""
    return 'http-equiv="refresh"' in Path(path).read_text(encoding="utf-8")


def public_pages(root):
    """Every HTML page a crawler should index: all but the 404 pages and
    the redirects of aliases."""
    return [p for p in html_pages(root) if p.name != "404.html" and not is_redirect(p)]


def is_story(page):
    article = page.find("article", class_="story")
    return article is not None and article.select_one(".byline") is not None


def feeds(root):
    return sorted(p for p in Path(root).rglob("*.xml") if "feeds" in p.relative_to(root).parts)


def parse_feed(path):
    """The feed at ``path``, parsed once per version of the file (feedparser
    is slow and a dozen tests read every feed; none changes what it gets)."""
    stat = Path(path).stat()
    return _parsed_feed(str(path), stat.st_mtime_ns, stat.st_size)


@functools.cache
def _parsed_feed(path, mtime_ns, size):
    parsed = feedparser.parse(path)
    assert parsed.bozo == 0, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def declared_language(path):
    root = ET.parse(path).getroot()
    if root.tag == f"{ATOM}feed":
        return root.get(XML_LANG)
    return root.findtext("channel/language")


def meta(page, key):
    """The content of every <meta property|name=key> (in the head: looking
    only there is 25 times faster than through the whole page)."""
    found = page.head.select(f'meta[property="{key}"]') or page.head.select(f'meta[name="{key}"]')
    return [m["content"] for m in found]


def one_meta(page, key):
    values = meta(page, key)
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def canonical(page):
    links = page.head.select('link[rel="canonical"]')
    return links[0]["href"] if links else None


def hreflangs(page):
    """{hreflang: absolute URL} of the page's <link rel=alternate hreflang>."""
    return {
        link["hreflang"]: link["href"]
        for link in page.head.select('link[rel="alternate"][hreflang]')
    }


def json_ld(page):
    scripts = page.select(LD_JSON)  # the whole page: one in <body> would count too
    assert len(scripts) == 1, f"{len(scripts)} JSON-LD scripts"
    return json.loads(scripts[0].string)


def moment(text):
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None, text
    return value


def ld_urls(data):
    """Every "@id" and "url" value in a JSON-LD object, however deep."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("@id", "url") and isinstance(value, str):
                yield value
            yield from ld_urls(value)
    elif isinstance(data, list):
        for item in data:
            yield from ld_urls(item)


def ld_nulls(data, where=""):
    """Paths of the null values in a JSON-LD object."""
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None:
                yield f"{where}.{key}"
            yield from ld_nulls(value, f"{where}.{key}")
    elif isinstance(data, list):
        for n, item in enumerate(data):
            yield from ld_nulls(item, f"{where}[{n}]")


# Feeds ----------------------------------------------------------------------------------


def test_both_languages_have_atom_and_rss_feeds(published):
    names = {p.relative_to(published.root).as_posix() for p in feeds(published.root)}
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml", "en/feeds/all.atom.xml",
            "en/feeds/all.rss.xml"} <= names  # fmt: skip


def test_feeds_are_well_formed_and_declare_their_folders_language(published):
    for path in feeds(published.root):
        parsed = parse_feed(path)
        lang = folder_lang(published.root, path)
        assert declared_language(path) == lang, path
        assert parsed.feed.language == lang, path
        assert parsed.feed.link.startswith(published.siteurl + "/"), path
        assert published.exists(parsed.feed.link), path
        own = f"{published.siteurl}/{path.relative_to(published.root).as_posix()}"
        assert [link.href for link in parsed.feed.links if link.rel == "self"] == [own], path


def test_feed_entries_link_to_built_pages_in_the_feeds_language(published):
    entries = 0
    for path in feeds(published.root):
        lang = folder_lang(published.root, path)
        for entry in parse_feed(path).entries:
            assert entry.title, path
            assert entry.link.startswith(published.siteurl + "/"), entry.link
            assert published.exists(entry.link), entry.link
            assert soup(published.file(entry.link)).html["lang"] == lang, entry.link
            entries += 1
    assert entries > 0


def test_feed_entries_are_newest_first(published):
    for path in feeds(published.root):
        dates = [calendar.timegm(e.published_parsed) for e in parse_feed(path).entries]
        assert dates == sorted(dates, reverse=True), path


def test_atom_entries_carry_the_summary_and_the_full_story(published):
    checked = 0
    for path in feeds(published.root):
        if not path.name.endswith(".atom.xml"):
            continue
        for entry in parse_feed(path).entries:
            page = soup(published.file(entry.link))
            summary = BeautifulSoup(entry.summary, "html.parser").get_text()
            assert summary == one_meta(page, "description"), entry.link
            (content,) = entry.content
            body = BeautifulSoup(content.value, "html.parser").get_text(" ").split()
            assert body == page.select_one(".story-body").get_text(" ").split(), entry.link
            checked += 1
    assert checked > 0


def test_rss_entries_carry_the_summary(published):
    for path in feeds(published.root):
        if path.name.endswith(".rss.xml"):
            for entry in parse_feed(path).entries:
                page = soup(published.file(entry.link))
                summary = BeautifulSoup(entry.summary, "html.parser").get_text()
                assert summary == one_meta(page, "description"), entry.link


def test_rss_entries_carry_the_full_story(corpus_pub):
    for path in feeds(corpus_pub.root):
        if path.name.endswith(".rss.xml"):
            for entry in parse_feed(path).entries:
                assert entry.get("content"), f"{path}: {entry.link}"


def test_entry_ids_are_uuids_that_survive_a_domain_change(corpus_pub, mirror_pub):
    compared = 0
    for path in feeds(corpus_pub.root):
        name = path.relative_to(corpus_pub.root)
        here = parse_feed(path).entries
        there = parse_feed(mirror_pub.root / name).entries
        assert [corpus_pub.path(e.link) for e in here] == [mirror_pub.path(e.link) for e in there]
        assert [e.id for e in here] == [e.id for e in there], name
        for entry in here:
            assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", entry.id), entry.id
            uuid.UUID(entry.id.removeprefix("urn:uuid:"))
            compared += 1
    assert compared > 0


def test_one_entry_id_per_story_variant(published):
    """The same story has the same id in every feed; its translation has its own."""
    page_of = {}
    for path in feeds(published.root):
        for entry in parse_feed(path).entries:
            assert page_of.setdefault(entry.id, entry.link) == entry.link, entry.id
    assert len(set(page_of.values())) == len(page_of)


def category_of_feed(root, path):
    """``en/feeds/category/city.atom.xml`` -> ``/en/category/city/``; None for
    a language's own feed."""
    rel = path.relative_to(root).as_posix()
    prefix, _, rest = rel.partition("feeds/")
    name = rest.split(".")[0]
    return None if name == "all" else f"/{prefix}{name}/"


def stories_by_category(pub):
    """{category page site path: {story page site paths}}."""
    found = {}
    for path in html_pages(pub.root):
        page = soup(path)
        if is_story(page):
            category = pub.path(page.select_one(".story-kicker a")["href"])
            found.setdefault(category, set()).add(page_url(pub.root, path))
    return found


def test_category_feeds_hold_exactly_that_categorys_stories(published):
    expected = stories_by_category(published)
    checked = 0
    for path in feeds(published.root):
        category = category_of_feed(published.root, path)
        if category is None:
            continue
        parsed = parse_feed(path)
        assert published.path(parsed.feed.link) == category, path
        assert {published.path(e.link) for e in parsed.entries} == expected[category], path
        checked += 1
    assert checked >= 2 * len(expected)  # Atom and RSS for every category


def test_every_page_links_its_languages_feed(published):
    for path in html_pages(published.root):
        if is_redirect(path):
            continue
        page = soup(path)
        lang = page.html["lang"]
        home = f"{published.siteurl}/{'en/' if lang == 'en' else ''}"
        for fmt in ("atom", "rss"):
            links = page.select(f'link[rel="alternate"][type="application/{fmt}+xml"]')
            assert links and links[0]["href"] == f"{home}feeds/all.{fmt}.xml", path
            for link in links:
                assert published.exists(link["href"]), link
                assert declared_language(published.file(link["href"])) == lang, link


def test_category_pages_link_their_own_feed(published):
    for category in stories_by_category(published):
        page = soup(page_file(published.root, category))
        hrefs = [link["href"] for link in page.select('link[type="application/atom+xml"]')]
        own = [h for h in hrefs if category_of_feed(published.root, published.file(h)) == category]
        assert len(own) == 1, f"{category}: {hrefs}"


# Sitemap and robots.txt ---------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapEntry:
    file: str
    loc: str
    lastmod: str
    alternates: tuple  # ((hreflang, href), ...)


def read_urlset(pub, path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{SITEMAP_NS['sm']}}}urlset", path
    return [
        SitemapEntry(
            path.name,
            url.findtext("sm:loc", namespaces=SITEMAP_NS),
            url.findtext("sm:lastmod", namespaces=SITEMAP_NS),
            tuple(
                (link.get("hreflang"), link.get("href"))
                for link in url.findall("xhtml:link", SITEMAP_NS)
                if link.get("rel") == "alternate"
            ),
        )
        for url in root.findall("sm:url", SITEMAP_NS)
    ]


def sitemap(pub):
    """Every entry of the sitemap, following a sitemap index if there is one."""
    path = pub.root / "sitemap.xml"
    root = ET.parse(path).getroot()
    if root.tag == f"{{{SITEMAP_NS['sm']}}}sitemapindex":
        entries = []
        for loc in root.findall("sm:sitemap/sm:loc", SITEMAP_NS):
            assert pub.exists(loc.text), loc.text
            entries += read_urlset(pub, pub.file(loc.text))
        return entries
    return read_urlset(pub, path)


@pytest.fixture(params=["corpus_pub", "real_pub", "mirror_pub"])
def any_pub(request):
    return request.getfixturevalue(request.param)


def test_sitemap_lists_every_public_page_exactly_once(any_pub):
    entries = sitemap(any_pub)
    for entry in entries:
        assert entry.loc.startswith(any_pub.siteurl + "/"), entry.loc
        assert any_pub.exists(entry.loc), entry.loc
    counts = Counter(any_pub.path(e.loc) for e in entries)
    assert [url for url, n in counts.items() if n > 1] == []
    assert set(counts) == {page_url(any_pub.root, p) for p in public_pages(any_pub.root)}


def test_sitemap_lastmod_is_a_w3c_datetime(any_pub):
    for entry in sitemap(any_pub):
        assert entry.lastmod, entry.loc
        moment(entry.lastmod)
        page = soup(any_pub.file(entry.loc))
        if is_story(page):
            assert moment(entry.lastmod) == moment(json_ld(page)["dateModified"]), entry.loc


def test_sitemap_alternates_match_the_pages_hreflang(any_pub):
    """Alternates are the page's own hreflang set (itself, each counterpart,
    x-default), and absent where the page has no counterpart."""
    with_alternates = 0
    for entry in sitemap(any_pub):
        page = soup(any_pub.file(entry.loc))
        lang = page.html["lang"]
        expected = hreflangs(page)
        alternates = dict(entry.alternates)
        assert len(alternates) == len(entry.alternates), f"{entry.loc}: an hreflang twice"
        if set(expected) == {lang, "x-default"}:
            assert alternates == {}, entry.loc
            continue
        assert alternates == expected, entry.loc
        assert alternates[lang] == entry.loc and "x-default" in alternates, entry.loc
        with_alternates += 1
    assert with_alternates > 0


def test_sitemap_alternates_are_reciprocal(any_pub):
    entries = {e.loc: dict(e.alternates) for e in sitemap(any_pub)}
    for loc, alternates in entries.items():
        for hreflang, href in alternates.items():
            if hreflang != "x-default":
                assert entries[href] == alternates, f"{loc} -> {href}"


def test_a_big_sitemap_becomes_an_index_of_one_language_sitemaps(mirror_pub):
    root = ET.parse(mirror_pub.root / "sitemap.xml").getroot()
    assert root.tag == f"{{{SITEMAP_NS['sm']}}}sitemapindex"
    locs = [loc.text for loc in root.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert len(locs) > 2
    seen = Counter()
    for loc in locs:
        assert loc.startswith(MIRROR_SITEURL + "/") and mirror_pub.exists(loc), loc
        part = read_urlset(mirror_pub, mirror_pub.file(loc))
        assert 1 <= len(part) <= 5, loc
        langs = {soup(mirror_pub.file(e.loc)).html["lang"] for e in part}
        assert len(langs) == 1, f"{loc} mixes {langs}"
        seen.update(mirror_pub.path(e.loc) for e in part)
    assert set(seen.values()) == {1}
    assert set(seen) == {page_url(mirror_pub.root, p) for p in public_pages(mirror_pub.root)}


def test_robots_txt_names_the_absolute_sitemaps(any_pub):
    """The sitemap, then each language's Google News sitemap."""
    lines = (any_pub.root / "robots.txt").read_text(encoding="utf-8").splitlines()
    urls = [line.partition(":")[2].strip() for line in lines if line.lower().startswith("sitemap:")]
    assert urls == [
        f"{any_pub.siteurl}/sitemap.xml",
        f"{any_pub.siteurl}/news-sitemap.xml",
        f"{any_pub.siteurl}/en/news-sitemap.xml",
    ]
    assert all(any_pub.exists(url) for url in urls)


# JSON-LD ----------------------------------------------------------------------------------


def test_every_json_ld_block_parses(published):
    for path in html_pages(published.root):
        for script in soup(path).select(LD_JSON):
            json.loads(script.string)
            assert "</" not in script.string, path


def test_story_pages_are_news_articles(published):
    checked = 0
    for path in public_pages(published.root):
        page = soup(path)
        if not is_story(page):
            continue
        data = json_ld(page)
        assert data["@type"] == "NewsArticle", path
        assert data["headline"] == page.select_one("article.story h1").get_text()
        assert data["description"] == one_meta(page, "description")
        assert data["inLanguage"] == page.html["lang"]
        assert data["url"] == data["@id"] == canonical(page)
        assert data["mainEntityOfPage"]["@id"] == canonical(page)
        published_at = moment(data["datePublished"])
        assert moment(data["dateModified"]) >= published_at
        assert data["author"] and all(a["name"] for a in data["author"]), path
        assert data["publisher"]["name"] and data["publisher"]["@type"], path
        checked += 1
    assert checked > 0


def test_translated_stories_name_each_other_and_one_language_stories_neither(published):
    """Of a pair, the original (the default language unless the story
    declares ``Original:``) names its translation, and the translation
    names it: each page one of the two, and the two pages agree."""
    originals, translations = set(), {}
    for path in public_pages(published.root):
        page = soup(path)
        if not is_story(page):
            continue
        data, lang = json_ld(page), page.html["lang"]
        others = {h: url for h, url in hreflangs(page).items() if h not in (lang, "x-default")}
        if not others:
            assert "workTranslation" not in data and "translationOfWork" not in data, path
            continue
        ((other, other_url),) = others.items()
        if "workTranslation" in data:
            assert "translationOfWork" not in data, path
            assert [(t["@id"], t["inLanguage"]) for t in data["workTranslation"]] == [
                (other_url, other)
            ], path
            originals.add(canonical(page))
        else:
            original = data["translationOfWork"]
            assert (original["@id"], original["inLanguage"]) == (other_url, other), path
            translations[canonical(page)] = other_url
    assert len(originals) >= 1 and len(translations) >= 1
    assert set(translations.values()) == originals  # each original named by its translation


@pytest.mark.parametrize(
    "url", ["/2025/01/indonesian-only-story/", "/en/2025/05/english-only-story/"]
)
def test_one_language_story_claims_no_translation(corpus_pub, url):
    data = json_ld(soup(page_file(corpus_pub.root, url)))
    assert "workTranslation" not in data and "translationOfWork" not in data


def listing_kind(pub, path, page):
    """'home' (page 1), 'home-page-n', 'listing', or None for other pages."""
    url = page_url(pub.root, path)
    if url in ("/", "/en/"):
        return "home"
    if is_story(page) or page.select_one("article.story") or path.name == "404.html":
        return None
    if is_redirect(path):
        return None
    if re.fullmatch(r"(/en)?/page/\d+/", url):
        return "home-page-n"
    return "listing"


def test_home_is_a_website_and_listings_are_collection_pages(published):
    kinds = Counter()
    for path in public_pages(published.root):
        page = soup(path)
        kind = listing_kind(published, path, page)
        if kind not in ("home", "listing"):
            continue
        data = json_ld(page)
        assert data["inLanguage"] == page.html["lang"], path
        if kind == "home":
            assert data["@type"] == "WebSite", path
            assert data["url"] == canonical(page) and data["name"], path
        else:
            assert data["@type"] == "CollectionPage", path
            assert data["isPartOf"]["@type"] == "WebSite", path
            home = f"{published.siteurl}/{'en/' if page.html['lang'] == 'en' else ''}"
            assert data["isPartOf"]["url"] == home, path
        kinds[kind] += 1
    assert kinds["home"] == 2 and kinds["listing"] > 4


def test_json_ld_has_no_null_values(published):
    empty = {}
    for path in html_pages(published.root):
        for script in soup(path).select(LD_JSON):
            found = list(ld_nulls(json.loads(script.string)))
            if found:
                empty[page_url(published.root, path)] = found
    assert empty == {}


def test_collection_page_describes_the_page_it_is_on(corpus_pub):
    wrong = {}
    for path in public_pages(corpus_pub.root):
        page = soup(path)
        if listing_kind(corpus_pub, path, page) == "listing":
            data = json_ld(page)
            if (data["@id"], data["url"]) != (canonical(page), canonical(page)):
                wrong[page_url(corpus_pub.root, path)] = data["url"]
    assert wrong == {}


# Social previews --------------------------------------------------------------------------


def test_every_page_has_a_social_preview(published):
    for path in html_pages(published.root):
        if is_redirect(path):
            continue
        page = soup(path)
        lang = page.html["lang"]
        for key in ("description", "og:title", "og:description", "twitter:title"):
            assert one_meta(page, key).strip(), f"{path}: {key}"
        assert one_meta(page, "og:type") == ("article" if is_story(page) else "website"), path
        image = one_meta(page, "og:image")
        assert image.startswith(published.siteurl + "/") and published.exists(image), image
        assert one_meta(page, "twitter:card") in {"summary", "summary_large_image"}, path
        assert one_meta(page, "og:locale") == OG_LOCALES[lang], path
        others = {h for h in hreflangs(page) if h not in (lang, "x-default")}
        assert sorted(meta(page, "og:locale:alternate")) == sorted(OG_LOCALES[h] for h in others)
        if path.name == "404.html":
            # Served at any URL: no canonical, so no og:url either.
            assert canonical(page) is None and meta(page, "og:url") == [], path
        else:
            assert one_meta(page, "og:url") == canonical(page), path
            assert canonical(page).startswith(published.siteurl + "/"), path
        if is_story(page):
            when = moment(one_meta(page, "article:published_time"))
            assert when == moment(json_ld(page)["datePublished"]), path
        else:
            assert meta(page, "article:published_time") == [], path


def test_og_locale_alternate_only_where_a_counterpart_exists(corpus_pub):
    pair = soup(page_file(corpus_pub.root, "/2025/02/translated-pair/"))
    single = soup(page_file(corpus_pub.root, "/2025/01/indonesian-only-story/"))
    english_single = soup(page_file(corpus_pub.root, "/en/2025/05/english-only-story/"))
    assert meta(pair, "og:locale:alternate") == ["en_US"]
    assert meta(single, "og:locale:alternate") == []
    assert meta(english_single, "og:locale") == ["en_US"]
    assert meta(english_single, "og:locale:alternate") == []


# 404 pages --------------------------------------------------------------------------------


@pytest.fixture(params=["corpus_site", "corpus_pub"])
def any_corpus(request):
    """The corpus as `make html` (SITEURL "") and as `make publish` write it."""
    built = request.getfixturevalue(request.param)
    return built if isinstance(built, Published) else Published(built, "")


def test_root_404_is_indonesian_with_an_english_block_and_both_homes(any_corpus):
    page = soup(any_corpus.root / "404.html")
    assert page.html["lang"] == "id"
    assert page.select_one("main h1").get_text() == "Halaman tidak ditemukan"
    (block,) = page.select('main [lang="en"]')
    assert block.select_one("h2").get_text() == "Page not found"
    homes = {a["href"] for a in page.select("main a[href]")}
    assert homes == {f"{any_corpus.siteurl}/", f"{any_corpus.siteurl}/en/"}
    assert [a["href"] for a in block.select("a[href]")] == [f"{any_corpus.siteurl}/en/"]


def test_root_404_works_at_any_depth(any_corpus):
    """Hosts serve the root 404 at any URL: every link and asset is absolute
    (a same-page #fragment excepted) and leads to a file that exists."""
    page = soup(any_corpus.root / "404.html")
    prefix = any_corpus.siteurl + "/"
    for element in page.select("[href], [src]"):
        for attr in ("href", "src"):
            value = element.get(attr)
            if value is None or value.startswith("#"):
                continue
            assert value.startswith(prefix), f"{element.name} {attr}={value}"
            assert any_corpus.exists(value), value


def test_english_404_is_english(any_corpus):
    page = soup(any_corpus.root / "en" / "404.html")
    assert page.html["lang"] == "en"
    assert page.select_one("main h1").get_text() == "Page not found"
    assert page.select('main [lang]:not([lang="en"])') == []
    assert [a["href"] for a in page.select("main a[href]")] == [f"{any_corpus.siteurl}/en/"]


# Hostile metadata ---------------------------------------------------------------------------

RAW_TITLE = '"</script><script>alert(1)</script>'
RAW_TEXT = "<b>bold</b> & \"quotes\" 'apos' 🎉"
# A term with HTML in it stops the build (its URL would leave the markup's
# words out), so the terms carry every character to escape but no <…> pair.
RAW_TERM = "bold > & \"quotes\" 'apos' < 🎉"
HOSTILE_STORY = {"id": "/2025/06/hostile-metadata/", "en": "/en/2025/06/hostile-metadata/"}


def test_hostile_fixture_says_what_the_tests_expect():
    for lang in ("id", "en"):
        text = (HOSTILE / "articles" / "2025" / f"hostile-metadata.{lang}.md").read_text("utf-8")
        assert f"Title: {RAW_TITLE}\n" in text
        assert f"Summary: {RAW_TEXT}\n" in text
        for field in ("Category", "Tags"):
            assert f"{field}: {RAW_TERM}\n" in text


def test_no_page_runs_a_script(hostile_pub):
    """Only the search pages load scripts (Pagefind's UI and ours), by URL."""
    for path in html_pages(hostile_pub.root):
        page = soup(path)
        scripts = page.select("script")
        if page_url(hostile_pub.root, path) in ("/cari/", "/en/search/"):
            assert all(s.get("src") and not s.string for s in scripts if not s.get("type")), path
            continue
        assert [s.get("type") for s in scripts] in ([], ["application/ld+json"]), path
        assert [b for b in page.select("b") if not b.find_parent(class_="story-body")] == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_hostile_metadata_survives_json_ld(hostile_pub, lang):
    page = soup(page_file(hostile_pub.root, HOSTILE_STORY[lang]))
    data = json_ld(page)
    assert data["headline"] == RAW_TITLE
    assert data["description"] == RAW_TEXT
    assert data["articleSection"] == RAW_TERM
    assert data["keywords"] == [RAW_TERM]
    assert ("workTranslation" if lang == "id" else "translationOfWork") in data


@pytest.mark.parametrize("lang", ["id", "en"])
def test_hostile_metadata_is_shown_as_text(hostile_pub, lang):
    page = soup(page_file(hostile_pub.root, HOSTILE_STORY[lang]))
    assert page.select_one("article.story h1").get_text() == RAW_TITLE
    assert page.title.get_text() == f"{RAW_TITLE} · Warta"
    assert page.select_one(".standfirst").get_text() == RAW_TEXT
    assert page.select_one(".story-kicker").get_text(strip=True) == RAW_TERM
    assert [a.get_text() for a in page.select("ul.tags a")] == [RAW_TERM]
    home = soup(page_file(hostile_pub.root, "/" if lang == "id" else "/en/"))
    lead = home.select_one("article.card")
    assert lead.select_one(".card-title").get_text(strip=True) == RAW_TITLE
    assert lead.select_one(".card-summary").get_text() == RAW_TEXT


@pytest.mark.parametrize("lang", ["id", "en"])
def test_hostile_metadata_is_intact_in_attributes(hostile_pub, lang):
    """BeautifulSoup unescapes attribute values: what it reads is what a
    crawler reads, and must be the editor's text exactly."""
    page = soup(page_file(hostile_pub.root, HOSTILE_STORY[lang]))
    # No hero: its card is drawn from the title, which is its alt text too.
    for key in ("og:title", "twitter:title", "og:image:alt", "twitter:image:alt"):
        assert one_meta(page, key) == RAW_TITLE
    for key in ("description", "og:description", "twitter:description"):
        assert one_meta(page, key) == RAW_TEXT
    assert one_meta(page, "article:section") == RAW_TERM
    assert meta(page, "article:tag") == [RAW_TERM]


def test_hostile_metadata_survives_feeds(hostile_pub):
    found = Counter()
    for path in feeds(hostile_pub.root):
        parsed = parse_feed(path)
        lang = folder_lang(hostile_pub.root, path)
        for entry in parsed.entries:
            if hostile_pub.path(entry.link) != HOSTILE_STORY[lang]:
                continue
            assert entry.title == RAW_TITLE, path
            summary = BeautifulSoup(entry.summary, "html.parser")
            assert summary.find("script") is None and summary.find("b") is None, path
            assert summary.get_text() == RAW_TEXT, path
            assert [t.term for t in entry.tags] == [RAW_TERM], path
            found[path.name.split(".")[-2]] += 1
            if category_of_feed(hostile_pub.root, path):
                assert parsed.feed.title == f"Warta: {RAW_TERM}", path
    # both languages' own feeds and category feeds, in Atom and RSS
    assert found == {"atom": 4, "rss": 4}


def test_hostile_metadata_keeps_the_sitemap_valid(hostile_pub):
    locs = {hostile_pub.path(e.loc) for e in sitemap(hostile_pub)}
    assert set(HOSTILE_STORY.values()) <= locs


# Publish URLs ---------------------------------------------------------------------------------


def test_crawler_urls_are_absolute_under_siteurl(published):
    prefix = published.siteurl + "/"
    for path in html_pages(published.root):
        page = soup(path)
        urls = [
            link["href"] for link in page.select('link[rel="canonical"], link[rel="alternate"]')
        ]
        urls += meta(page, "og:url") + meta(page, "og:image") + meta(page, "twitter:image")
        for script in page.select(LD_JSON):
            urls += list(ld_urls(json.loads(script.string)))
        assert urls, path
        for url in urls:
            assert url.startswith(prefix), f"{path}: {url}"
            assert "//" not in urlsplit(url).path, f"{path}: {url}"
            assert published.exists(url), f"{path}: {url}"


def test_no_link_in_the_publish_output_is_broken(published):
    """make check's own checker (links, assets, hreflang, feeds, sitemap,
    CSP, well-formed pages) finds nothing in a publish build."""
    from bilingual.newsroom.check import Site, check

    assert check(Site(published.root, published.siteurl)) == {}


def test_siteurl_from_the_environment_loses_its_trailing_slash(corpus_pub):
    """Built with SITEURL=https://example.org/news/: no URL doubles the slash."""
    home = soup(page_file(corpus_pub.root, "/"))
    assert canonical(home) == "https://example.org/news/"
    for path in corpus_pub.root.rglob("*"):
        if path.suffix in {".html", ".xml", ".txt"}:
            assert "example.org/news//" not in path.read_text(encoding="utf-8"), path


def test_real_site_publishes_at_publishconfs_default_siteurl(real_pub):
    assert canonical(soup(page_file(real_pub.root, "/en/"))) == f"{DEFAULT_SITEURL}/en/"
