"""Translation linking over the fixture corpus in tests/corpus/.

The corpus, built with DEFAULT_PAGINATION=2, has (newest first)
- Indonesian: seven stories, so the home has four pages; three in Olahraga
  (two pages), one in Cuaca (no English counterpart);
- English: four stories, so the home has exactly two pages;
- translated pairs whose categories (Olahraga/Sports, Kota/City) and tag
  (Sepak Bola/Football) are paired only by inference, and terms spelled alike
  in both languages (category Film, tag Bali) that must stay per-language;
- a story dated 2025-03-31T20:30:00Z, which is 1 April 03:30 in Jakarta.
"""

import json
import re
import runpy
import shutil
from collections import defaultdict

import pytest

from conftest import (
    CORPUS,
    CORPUS_SETTINGS,
    REPO,
    build_site,
    html_pages,
    lang_of,
    page_file,
    page_url,
    resolve,
    soup,
)

HOMES = {"id": "/", "en": "/en/"}

# Pages whose counterpart exists: (Indonesian, English), linked both ways.
COUNTERPARTS = [
    pytest.param("/2025/02/translated-pair/", "/en/2025/02/translated-pair/", id="story"),
    pytest.param(
        "/2025/03/perpustakaan-kota-dibuka/", "/en/2025/03/city-library-opens/",
        id="story-localized-slug",
    ),
    pytest.param("/tentang-kami/", "/en/about-us/", id="page-localized-slug"),
    pytest.param("/", "/en/", id="home"),
    pytest.param("/page/2/", "/en/page/2/", id="home-page-2"),
    pytest.param("/kategori/olahraga/", "/en/category/sports/", id="category-inferred"),
    pytest.param("/kategori/kota/", "/en/category/city/", id="category-inferred-2"),
    pytest.param("/kategori/film/", "/en/category/film/", id="category-spelled-alike"),
    pytest.param("/tag/sepak-bola/", "/en/tag/football/", id="tag-inferred"),
    pytest.param("/tag/bali/", "/en/tag/bali/", id="tag-spelled-alike"),
    pytest.param("/penulis/redaksi/", "/en/author/redaksi/", id="author"),
    pytest.param("/penulis/redaksi/page/2/", "/en/author/redaksi/page/2/", id="author-page-2"),
    pytest.param("/kategori/", "/en/category/", id="categories-index"),
    pytest.param("/tag/", "/en/tag/", id="tags-index"),
    pytest.param("/penulis/", "/en/author/", id="authors-index"),
    pytest.param("/arsip/", "/en/archives/", id="archives"),
]  # fmt: skip

# Page N of a listing whose counterpart has fewer pages: its last page.
LAST_PAGE_FALLBACKS = [
    pytest.param("/page/3/", "/en/page/2/", id="home-page-3"),
    pytest.param("/page/4/", "/en/page/2/", id="home-page-4"),
    pytest.param("/kategori/olahraga/page/2/", "/en/category/sports/", id="category-page-2"),
]

# Pages without a counterpart: they link the other language's home.
NO_COUNTERPART = [
    pytest.param("/2025/01/indonesian-only-story/", id="indonesian-only-story"),
    pytest.param("/en/2025/05/english-only-story/", id="english-only-story"),
    pytest.param("/susunan-redaksi/", id="indonesian-only-page"),
    pytest.param("/kategori/cuaca/", id="category-without-equivalent"),
    pytest.param("/tag/pasar-malam/", id="tag-without-equivalent"),
    pytest.param("/penulis/sari-wulandari/", id="author-indonesian-only"),
    pytest.param("/penulis/sari-wulandari/page/2/", id="author-indonesian-only-page-2"),
    pytest.param("/en/author/jordan-hale/", id="author-english-only"),
]


def url_lang(url):
    return "en" if url.startswith("/en/") else "id"


def other_lang(lang):
    return {"id": "en", "en": "id"}[lang]


def switcher(root, url):
    """{hreflang: site path} of the language switcher links."""
    links = soup(page_file(root, url)).select("nav.lang-switcher a[hreflang]")
    return {a["hreflang"]: resolve(url, a["href"]) for a in links}


def hreflang_set(root, url):
    """{hreflang: site path} of the page's <link rel=alternate hreflang>."""
    links = soup(page_file(root, url)).select('link[rel="alternate"][hreflang]')
    pairs = [(link["hreflang"], resolve(url, link["href"])) for link in links]
    result = dict(pairs)
    assert len(result) == len(pairs), f"{url}: an hreflang given twice: {pairs}"
    return result


def story_links(root, url):
    """Site paths of the stories a listing page lists (cards and archives)."""
    page = soup(page_file(root, url))
    links = page.select("article.card .card-title a, ul.archive-list a")
    return {resolve(url, a["href"]) for a in links}


def corpus_with(root, files):
    """A copy of the corpus under ``root`` with ``files`` ({path: text}) added."""
    content = root / "content"
    shutil.copytree(CORPUS, content)
    for name, text in files.items():
        (content / name).write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def anchors(corpus_site):
    """{target site path: {site paths of the other pages with an <a> to it}}."""
    linked_from = defaultdict(set)
    for path in html_pages(corpus_site):
        url = page_url(corpus_site, path)
        for a in soup(path).select("a[href]"):
            target = resolve(url, a["href"])
            if target and target != url:
                linked_from[target].add(url)
    return linked_from


# Languages ----------------------------------------------------------------


def test_every_page_declares_the_language_of_its_url(corpus_site):
    pages = [p for p in html_pages(corpus_site) if p != corpus_site / "404.html"]
    assert len(pages) > 40
    wrong = {
        page_url(corpus_site, p): soup(p).html["lang"]
        for p in pages
        if soup(p).html["lang"] != url_lang(page_url(corpus_site, p))
    }
    assert wrong == {}


def test_root_404_is_indonesian_with_an_english_block(corpus_site):
    page = soup(corpus_site / "404.html")
    assert page.html["lang"] == "id"
    (block,) = page.select('main [lang="en"]')
    assert [resolve("/404.html", a["href"]) for a in block.select("a[href]")] == ["/en/"]


def test_english_404_is_english(corpus_site):
    page = soup(corpus_site / "en" / "404.html")
    assert page.html["lang"] == "en"
    assert page.select('main [lang="id"]') == []


# Language switcher ------------------------------------------------------------


@pytest.mark.parametrize(("id_url", "en_url"), COUNTERPARTS)
def test_switcher_links_the_exact_counterpart(corpus_site, id_url, en_url):
    assert switcher(corpus_site, id_url) == {"en": en_url}
    assert switcher(corpus_site, en_url) == {"id": id_url}
    for url in (id_url, en_url):
        assert soup(page_file(corpus_site, url)).select(".switch-note") == [], url


@pytest.mark.parametrize(("url", "target"), LAST_PAGE_FALLBACKS)
def test_switcher_on_page_n_links_the_counterparts_last_page(corpus_site, url, target):
    assert switcher(corpus_site, url) == {"en": target}
    assert soup(page_file(corpus_site, url)).select(".switch-note") == []


@pytest.mark.parametrize("url", NO_COUNTERPART)
def test_page_without_counterpart_links_other_home_with_a_note(corpus_site, url):
    lang, other = url_lang(url), other_lang(url_lang(url))
    assert switcher(corpus_site, url) == {other: HOMES[other]}
    page = soup(page_file(corpus_site, url))
    (link,) = page.select("nav.lang-switcher a[hreflang]")
    assert link.find_parent("li").select(".switch-note"), "the note sits beside the link"
    assert set(hreflang_set(corpus_site, url)) == {lang, "x-default"}


# hreflang -----------------------------------------------------------------


def test_hreflang_sets_are_self_inclusive_with_one_x_default(corpus_site):
    for path in html_pages(corpus_site):
        url = page_url(corpus_site, path)
        links = soup(path).select('link[rel="alternate"][hreflang]')
        if path.name == "404.html":
            assert links == [], "404 pages stand outside the translation graph"
            continue
        alternates = hreflang_set(corpus_site, url)
        assert alternates[url_lang(url)] == url, url
        assert [link["hreflang"] for link in links].count("x-default") == 1, url
        assert alternates["x-default"] == alternates.get("id", url), url
        assert set(alternates) <= {"id", "en", "x-default"}, url
        (canonical,) = soup(path).select('link[rel="canonical"]')
        assert resolve(url, canonical["href"]) == url


def test_hreflang_sets_are_reciprocal(corpus_site):
    fallbacks = {p.values[0] for p in LAST_PAGE_FALLBACKS}
    checked = 0
    for path in html_pages(corpus_site):
        url = page_url(corpus_site, path)
        if path.name == "404.html" or url in fallbacks:
            continue  # fallbacks: see the next test
        alternates = hreflang_set(corpus_site, url)
        for lang, target in alternates.items():
            if lang != "x-default" and target != url:
                assert hreflang_set(corpus_site, target) == alternates, f"{url} -> {target}"
                checked += 1
    assert checked >= 2 * len(COUNTERPARTS)


@pytest.mark.parametrize(("url", "target"), LAST_PAGE_FALLBACKS)
def test_hreflang_on_page_n_without_counterpart_page_is_reciprocal(corpus_site, url, target):
    alternates = hreflang_set(corpus_site, url)
    for lang, other in alternates.items():
        if lang != "x-default" and other != url:
            assert hreflang_set(corpus_site, other) == alternates


# Listings -------------------------------------------------------------------


def test_no_listing_mixes_languages(corpus_site):
    listed = 0
    for path in html_pages(corpus_site):
        url = page_url(corpus_site, path)
        lang = soup(path).html["lang"]
        for story in story_links(corpus_site, url):
            assert lang_of(corpus_site, story) == lang, f"{url} lists {story}"
            assert url_lang(story) == lang, f"{url} lists {story}"
            listed += 1
    assert listed > 50


def test_every_link_leads_to_a_page_in_the_language_it_is_marked_with(corpus_site):
    """A link's target is in the language its `hreflang` declares, else in
    the language of its nearest `lang` attribute: the switcher's links, the
    English block of the root 404 and "read the original" are marked."""
    for path in html_pages(corpus_site):
        url = page_url(corpus_site, path)
        for a in soup(path).select("a[href]"):
            target = resolve(url, a["href"])
            if not target or not page_file(corpus_site, target).name.endswith(".html"):
                continue
            marked = a if a.has_attr("lang") else a.find_parent(attrs={"lang": True})
            expected = a.get("hreflang") or marked["lang"]
            assert lang_of(corpus_site, target) == expected, f"{url} -> {target}"


@pytest.mark.parametrize(
    ("story", "listings"),
    [
        pytest.param(
            "/2025/01/indonesian-only-story/",
            {"/page/4/", "/arsip/", "/kategori/kota/", "/tag/bali/", "/tag/pasar-malam/",
             "/penulis/sari-wulandari/page/2/"},
            id="indonesian-only",
        ),
        pytest.param(
            "/en/2025/05/english-only-story/",
            {"/en/", "/en/archives/", "/en/category/city/", "/en/tag/bali/",
             "/en/author/jordan-hale/"},
            id="english-only",
        ),
    ],
)  # fmt: skip
def test_one_language_story_is_listed_only_in_its_language(corpus_site, anchors, story, listings):
    """Listings are exact; other stories may link it (related, previous and
    next) but only stories of its own language."""
    story_page = re.compile(r"^(/en)?/\d{4}/\d{2}/[a-z0-9-]+/$")
    from_listings = {p for p in anchors[story] if not story_page.match(p)}
    assert from_listings == listings
    from_stories = anchors[story] - from_listings
    assert {lang_of(corpus_site, p) for p in from_stories} <= {lang_of(corpus_site, story)}


@pytest.mark.parametrize(
    ("listing", "stories"),
    [
        pytest.param(
            "/tag/bali/",
            {"/2025/03/perpustakaan-kota-dibuka/", "/2025/01/indonesian-only-story/"},
            id="tag-bali-id",
        ),
        pytest.param(
            "/en/tag/bali/",
            {"/en/2025/03/city-library-opens/", "/en/2025/05/english-only-story/"},
            id="tag-bali-en",
        ),
        pytest.param("/kategori/film/", {"/2025/04/utc-midnight-story/"}, id="category-film-id"),
        pytest.param(
            "/en/category/film/", {"/en/2025/04/utc-midnight-story/"}, id="category-film-en"
        ),
    ],
)
def test_terms_spelled_alike_are_not_merged_across_languages(corpus_site, listing, stories):
    assert story_links(corpus_site, listing) == stories


def test_inferred_terms_are_not_in_the_explicit_mapping():
    """Guard: the corpus tests inference only if pelicanconf leaves these out."""
    terms = runpy.run_path(str(REPO / "pelicanconf.py"))["BILINGUAL_TERMS"]
    listed = {name for kind in terms.values() for group in kind for name in group.values()}
    assert listed.isdisjoint({"Olahraga", "Sports", "Kota", "City", "Sepak Bola", "Football",
                              "Film", "Bali"})  # fmt: skip


@pytest.mark.parametrize(("home", "pages"), [("/", 4), ("/en/", 2)])
def test_home_is_paginated(corpus_site, home, pages):
    for number in range(2, pages + 1):
        assert page_file(corpus_site, f"{home}page/{number}/").exists()
    assert not page_file(corpus_site, f"{home}page/{pages + 1}/").exists()


def test_page_n_counterpart_follows_per_template_pagination(tmp_path):
    """One story per category page: Kota and City both have two pages."""
    per_template = {"index": None, "tag": None, "category": 1, "author": None}
    settings = {**CORPUS_SETTINGS, "PAGINATED_TEMPLATES": per_template}
    site = tmp_path / "output"
    result = build_site(CORPUS, site, extra=settings)
    assert result.returncode == 0, result.stdout + result.stderr
    assert page_file(site, "/en/category/city/page/2/").is_file()
    assert switcher(site, "/kategori/kota/page/2/") == {"en": "/en/category/city/page/2/"}


# Links ------------------------------------------------------------------------


def test_no_link_points_to_a_missing_file(corpus_site):
    broken = []
    for path in html_pages(corpus_site):
        url = page_url(corpus_site, path)
        for element in soup(path).select("[href], [src]"):
            for attr in ("href", "src"):
                target = resolve(url, element.get(attr, "#"))
                if target and not page_file(corpus_site, target).is_file():
                    broken.append(f"{url}: {element.name} {attr}={element[attr]}")
    assert broken == []


def test_no_page_is_an_orphan(corpus_site, anchors):
    entry_points = {"/", "/en/", "/404.html", "/en/404.html"}
    urls = [page_url(corpus_site, path) for path in html_pages(corpus_site)]
    orphans = [url for url in urls if url not in entry_points and not anchors[url]]
    assert orphans == []


# Dates ------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["/", "/en/"])
def test_utc_date_near_midnight_lands_on_the_jakarta_day(corpus_site, prefix):
    url = f"{prefix}2025/04/utc-midnight-story/"
    assert not page_file(corpus_site, f"{prefix}2025/03/utc-midnight-story/").exists()
    page = soup(page_file(corpus_site, url))
    assert page.select_one(".byline time")["datetime"] == "2025-04-01T03:30:00+07:00"
    archives = "/arsip/" if prefix == "/" else "/en/archives/"
    (april,) = [
        section
        for section in soup(page_file(corpus_site, archives)).select("section.archive-month")
        if section.select_one("h2 time")["datetime"] == "2025-04"
    ]
    assert url in {resolve(archives, a["href"]) for a in april.select("a[href]")}


# Content errors -----------------------------------------------------------------

STORY = "Title: {title}\nDate: 2025-06-01 10:00\nCategory: Kota\n{extra}\nIsi berita.\n"

BROKEN = [
    pytest.param(
        "articles/2025/broken.id.md",
        "Title: Rusak\nLang: en\nDate: 2025-06-01 10:00\nCategory: Kota\n\nIsi berita.\n",
        "lang",
        id="lang-header-disagrees-with-suffix",
    ),
    pytest.param(
        "articles/2025/missing-category.id.md",
        "Title: Tanpa Kategori\nDate: 2025-06-01 10:00\n\nIsi berita.\n",
        "category",
        id="missing-category",
    ),
    pytest.param(
        "pages/reserved-slug.id.md",
        "Title: Kategori\nSlug: kategori\n\nIsi halaman.\n",
        "slug",
        id="reserved-page-slug",
    ),
    pytest.param(  # the browser editor's folder when BILINGUAL_CMS is on
        "pages/admin.id.md",
        "Title: Admin\nSlug: admin\n\nIsi halaman.\n",
        "slug",
        id="editor-folder-as-page-slug",
    ),
    pytest.param(
        "articles/2025/missing-title.id.md",
        "Date: 2025-06-01 10:00\nCategory: Kota\n\nIsi berita.\n",
        "title",
        id="missing-title",
    ),
    pytest.param(
        "articles/2025/bad-date.id.md",
        STORY.format(title="Tanggal Salah", extra="").replace("2025-06-01", "2025-13-45"),
        "date",
        id="bad-date",
    ),
    pytest.param(
        "articles/2025/unknown-language.fr.md",
        STORY.format(title="Bahasa Lain", extra=""),
        "lang",
        id="unknown-language-suffix",
    ),
    pytest.param(
        "articles/2025/translated-pair.id.markdown",
        STORY.format(title="Varian Kedua", extra=""),
        "lang",
        id="two-variants-in-one-language",
    ),
    pytest.param(
        "articles/2025/same-url.id.md",
        STORY.format(title="URL Sama", extra="Slug: translated-pair\n").replace("06-01", "02-11"),
        "slug",
        id="two-stories-on-one-url",
    ),
    pytest.param(
        "articles/2025/unsafe-slug.id.md",
        STORY.format(title="Slug Berbahaya", extra="Slug: ../../etc\n"),
        "slug",
        id="unsafe-slug",
    ),
]


@pytest.mark.parametrize(("name", "text", "field"), BROKEN)
def test_content_error_fails_the_build_naming_file_and_field(tmp_path, name, text, field):
    result = build_site(
        corpus_with(tmp_path, {name: text}), tmp_path / "output", extra=CORPUS_SETTINGS
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    filename = name.rpartition("/")[2]
    lines = [line for line in log.splitlines() if filename in line]
    assert any(re.search(rf"\b{field}\b", line, re.IGNORECASE) for line in lines), log


# Statuses -------------------------------------------------------------------------
# Built apart from the corpus: these stories would change its page counts.

EXTRAS = {
    "articles/2025/hidden-story.id.md": (
        "Title: Jadwal Perbaikan Pipa Air\nDate: 2025-06-05 09:00\nCategory: Pengumuman\n"
        "Tags: Air Bersih\nAuthors: Tim Layanan\nStatus: hidden\n\n"
        "Perbaikan pipa air utama dijadwalkan pada Sabtu pagi. Aliran air di tiga kelurahan "
        "akan berhenti selama enam jam. Warga diminta menampung air sejak Jumat malam.\n"
    ),
    "articles/2025/draft-translation.id.md": (
        "Title: Taman Kota Ditanami Seratus Pohon\nDate: 2025-06-03 08:00\nCategory: Kota\n"
        "Authors: Redaksi\n\n"
        "Seratus pohon peneduh ditanam di taman kota pada Selasa pagi. Pelajar dari lima "
        "sekolah ikut menanam bersama petugas taman.\n"
    ),
    "articles/2025/draft-translation.en.md": (
        "Title: A Hundred Trees Planted in the City Park\nDate: 2025-06-03 08:00\n"
        "Category: City\nAuthors: Redaksi\nStatus: draft\n\n"
        "A hundred shade trees were planted in the city park on Tuesday morning. Pupils "
        "from five schools planted them with the park staff.\n"
    ),
    # Written in English first; the Indonesian translation came out a day later.
    "articles/2025/english-original.en.md": (
        "Title: Harbour Photo Exhibition Opens\nDate: 2025-06-01 10:00\nCategory: City\n"
        "Original: en\nAuthors: Redaksi\n\n"
        "An exhibition of old harbour photographs opened in the customs house. The pictures "
        "were lent by families of former dock workers.\n"
    ),
    "articles/2025/english-original.id.md": (
        "Title: Pameran Foto Pelabuhan Dibuka\nDate: 2025-06-02 10:00\nCategory: Kota\n"
        "Authors: Redaksi\n\n"
        "Pameran foto lama pelabuhan dibuka di gedung pabean. Foto-foto itu dipinjamkan "
        "oleh keluarga bekas pekerja dermaga.\n"
    ),
}


@pytest.fixture(scope="module")
def extras_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("extras")
    result = build_site(corpus_with(root, EXTRAS), root / "output", extra=CORPUS_SETTINGS)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return root / "output"


def test_hidden_story_is_written_but_listed_nowhere(extras_site):
    story = "/2025/06/hidden-story/"
    assert page_file(extras_site, story).is_file()
    for path in html_pages(extras_site):
        url = page_url(extras_site, path)
        assert story not in {resolve(url, a["href"]) for a in soup(path).select("a[href]")}, url


def test_hidden_story_links_only_to_pages_that_exist(extras_site):
    url = "/2025/06/hidden-story/"
    page = soup(page_file(extras_site, url))
    missing = [
        a["href"]
        for a in page.select("a[href]")
        if resolve(url, a["href"]) and not page_file(extras_site, resolve(url, a["href"])).is_file()
    ]
    assert missing == []


def test_draft_translation_is_written_nowhere_and_not_offered(extras_site):
    title = "A Hundred Trees Planted in the City Park"
    assert not page_file(extras_site, "/en/2025/06/draft-translation/").exists()
    for path in extras_site.rglob("*"):  # pages, feeds, sitemap
        if path.suffix in {".html", ".xml", ".txt", ".json"}:
            assert title not in path.read_text(encoding="utf-8"), path
    url = "/2025/06/draft-translation/"
    assert switcher(extras_site, url) == {"en": "/en/"}
    assert set(hreflang_set(extras_site, url)) == {"id", "x-default"}


def json_ld(root, url):
    (script,) = soup(page_file(root, url)).select('script[type="application/ld+json"]')
    return json.loads(script.string)


def test_declared_original_language_wins(extras_site):
    english, indonesian = "/en/2025/06/english-original/", "/2025/06/english-original/"
    original, translation = json_ld(extras_site, english), json_ld(extras_site, indonesian)
    assert "translationOfWork" not in original
    assert [t["inLanguage"] for t in original.get("workTranslation", [])] == ["id"]
    assert translation.get("translationOfWork", {}).get("inLanguage") == "en"
