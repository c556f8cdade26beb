"""Newsroom essentials: stable URLs (Aliases), corrections, credits, the
masthead, scheduled stories, the Google News sitemap, foreign passages."""

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO, SETTINGS, build_site, html_pages, page_file, page_url, resolve, soup

sys.path.insert(0, str(REPO / "plugins"))
from bilingual.newsroom.__main__ import main as newsroom  # noqa: E402

NEWSROOM = Path(__file__).parent / "newsroom"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("newsroom") / "output"
    result = build_site(NEWSROOM, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def page(site, url):
    return soup(site / url.lstrip("/") / "index.html")


def json_ld(document):
    return json.loads(document.select_one('script[type="application/ld+json"]').string)


# Stable URLs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [("/2025/09/jembatan-desa-dibangun/", "/2025/09/jembatan-desa-selesai/"),
     ("/en/2025/09/village-bridge-built/", "/en/2025/09/village-bridge-completed/")],
)  # fmt: skip
def test_an_old_slug_redirects_to_the_story(site, old, new):
    redirect = page(site, old)
    refresh = redirect.select_one('meta[http-equiv="refresh"]')["content"]
    assert resolve(old, refresh.split("url=", 1)[1]) == new
    assert resolve(old, redirect.select_one('link[rel="canonical"]')["href"]) == new
    assert redirect.select_one('meta[name="robots"]')["content"] == "noindex"
    assert redirect.html["lang"] == ("en" if new.startswith("/en/") else "id")
    assert redirect.select_one("[data-pagefind-body]") is None
    assert (site / new.lstrip("/") / "index.html").is_file()


def test_old_urls_are_in_no_listing_feed_or_sitemap(site):
    old = ("jembatan-desa-dibangun", "village-bridge-built")
    for path in html_pages(site):
        if "dibangun" in str(path) or "built" in str(path):
            continue
        assert not any(o in a["href"] for a in soup(path).select("a[href]") for o in old), path
    for xml in site.rglob("*.xml"):
        assert not any(o in xml.read_text(encoding="utf-8") for o in old), xml


def test_an_alias_taking_an_existing_url_stops_the_build(tmp_path):
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    story = "Title: {t}\nDate: 2025-09-01 09:00\nCategory: Kota\n{extra}\nIsi berita.\n"
    (content / "one.id.md").write_text(story.format(t="Satu", extra=""), encoding="utf-8")
    (content / "two.id.md").write_text(
        story.format(t="Dua", extra="Aliases: one\n"), encoding="utf-8"
    )
    result = build_site(tmp_path / "content", tmp_path / "out")
    assert result.returncode != 0
    assert re.search(r"two.id.md(:\d+)?: field 'aliases'", result.stdout + result.stderr)


# Corrections ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "heading", "count"),
    [
        ("/2025/09/corrected-story/", "Koreksi", 2),
        ("/en/2025/09/corrected-story/", "Correction", 1),
    ],
)
def test_corrections_show_at_the_top_in_the_variant_language(site, url, heading, count):
    document = page(site, url)
    box = document.select_one(".story aside.corrections")
    assert box.h2.get_text(strip=True) == heading
    assert len(box.select("li")) == count
    assert all(li.time["datetime"].startswith("2025-09-0") for li in box.select("li"))
    assert box.find_previous("h1") is not None and box.find_next("div", class_="story-body")
    corrections = json_ld(document)["correction"]
    assert [c["@type"] for c in corrections] == ["CorrectionComment"] * count


def test_status_flags_a_translation_lacking_a_correction(capsys):
    settings = NEWSROOM.parent / "newsroom-settings.py"
    assert newsroom(["-s", str(settings), "status", "--json"]) == 0
    rows = {r["key"]: r["languages"] for r in json.loads(capsys.readouterr().out)["stories"]}
    english = rows["articles/2025/corrected-story"]["en"]
    assert english["state"] == "stale"
    assert "lacks 1 correction" in english["note"]


# Credits -----------------------------------------------------------------------


def test_source_and_translator_are_credited_in_html_and_json_ld(site):
    document = page(site, "/en/2025/09/corrected-story/")
    credits = document.select_one(".credits")
    source = credits.select_one(".source a")
    assert source["href"] == "https://example.org/press/night-market"
    assert source.get_text() == "City Government Press Office"
    assert credits.select_one(".translator").get_text(strip=True) == "Translated by Sari Wulandari"
    assert credits.select_one(".translation-method").get_text(strip=True) == (
        "Machine-assisted translation, reviewed by our newsroom."
    )
    data = json_ld(document)
    assert data["isBasedOn"] == {
        "@type": "CreativeWork",
        "name": "City Government Press Office",
        "url": "https://example.org/press/night-market",
    }
    assert data["translator"] == {"@type": "Person", "name": "Sari Wulandari"}
    assert data["disambiguatingDescription"] == "machine-assisted translation"


# Masthead --------------------------------------------------------------------


def test_every_page_links_the_masthead_and_json_ld_names_the_publisher(real_site):
    """The masthead is the page BILINGUAL_PUBLISHER names; every page's footer
    links it, or its counterpart in the page's language where there is one."""
    publisher = SETTINGS["BILINGUAL_PUBLISHER"]
    masthead = "/" + publisher["masthead"]
    assert page_file(real_site, masthead).is_file(), f"no masthead page at {masthead}"
    in_lang = {soup(page_file(real_site, masthead)).html["lang"]: masthead}
    for a in soup(page_file(real_site, masthead)).select("nav.lang-switcher a[hreflang]"):
        if not a.find_parent("li").select(".switch-note"):
            in_lang[a["hreflang"]] = resolve(masthead, a["href"])
    stories = 0
    for path in html_pages(real_site):
        document = soup(path)
        if path.name == "404.html" or document.select_one('meta[http-equiv="refresh"]'):
            continue
        url, lang = page_url(real_site, path), document.html["lang"]
        footer = document.select_one("footer.site-footer")
        if lang in in_lang:
            assert in_lang[lang] in {resolve(url, a["href"]) for a in footer.select("a[href]")}, url
        if document.select_one("article.story .byline"):
            data = json_ld(document)
            assert data["publisher"]["name"] == publisher["name"], url
            assert data["publisher"]["email"] == publisher["email"], url
            assert data["publisher"]["masthead"].endswith(masthead), url
            stories += 1
    assert stories > 0


# Scheduled stories -------------------------------------------------------------


def test_a_future_story_is_absent_from_every_output(site):
    assert not list(site.rglob("*festival-layang*")) and not (site / "2099").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".json"):
            assert "Layang-Layang" not in path.read_text(encoding="utf-8"), path


def test_status_lists_the_scheduled_story(capsys):
    settings = NEWSROOM.parent / "newsroom-settings.py"
    newsroom(["-s", str(settings), "status", "--json"])
    rows = {r["key"]: r["languages"] for r in json.loads(capsys.readouterr().out)["stories"]}
    assert rows["articles/2025/scheduled-story"]["id"]["state"] == "scheduled"


# Google News sitemap -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["id", "en"])
def test_news_sitemap_holds_recent_stories_of_one_language(site, lang):
    prefix = "" if lang == "id" else "en/"
    root = ET.parse(site / prefix / "news-sitemap.xml").getroot()
    urls = root.findall(f"{SITEMAP}url")
    assert urls
    for url in urls:
        loc = url.findtext(f"{SITEMAP}loc")
        assert loc.startswith("/en/") == (lang == "en")
        news = url.find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == lang
        assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Warta"
        assert news.findtext(f"{NEWS}title")
        assert news.findtext(f"{NEWS}publication_date").startswith("2025-09-0")
    # The story of 20 August is more than two days older than the newest one.
    assert not any("perpustakaan" in u.findtext(f"{SITEMAP}loc") for u in urls)


def test_robots_lists_the_news_sitemaps(site):
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: /news-sitemap.xml" in robots and "Sitemap: /en/news-sitemap.xml" in robots


# Foreign-language passages -----------------------------------------------------


def test_a_marked_quotation_keeps_its_language_and_passes_the_language_check(site, capsys):
    quote = page(site, "/2025/09/corrected-story/").select_one(".story-body p[lang]")
    assert quote["lang"] == "en" and "happy to be back" in quote.get_text()
    settings = NEWSROOM.parent / "newsroom-settings.py"
    newsroom(["-s", str(settings), "status", "--json"])
    advisories = json.loads(capsys.readouterr().out)["advisories"]
    assert not [a for a in advisories if "corrected-story" in a], advisories


@pytest.mark.parametrize(
    ("alias", "message"),
    [("kategori/lama", "starts with a section of the site"), ("feeds", "is a section of the site")],
)
def test_an_alias_cannot_take_a_section_of_the_site(tmp_path, alias, message):
    pages = tmp_path / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "about.id.md").write_text(
        f"Title: Tentang\nSlug: tentang\nAliases: {alias}\n\nHalaman.\n", encoding="utf-8"
    )
    result = build_site(tmp_path / "content", tmp_path / "out")
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert re.search(rf"about.id.md(:\d+)?: field 'aliases': '{alias}' {message}", log), log


def test_a_path_alias_lives_under_its_language(tmp_path):
    pages = tmp_path / "content" / "pages"
    pages.mkdir(parents=True)
    (pages / "about.en.md").write_text(
        "Title: About\nSlug: about\nAliases: 2024/05/about-old\n\nA page.\n", encoding="utf-8"
    )
    result = build_site(tmp_path / "content", tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    redirect = soup(tmp_path / "out" / "en" / "2024" / "05" / "about-old" / "index.html")
    assert redirect.html["lang"] == "en"
    assert not (tmp_path / "out" / "2024").exists()
