"""The real site: what `make html` writes from `content/`.

Only what holds for any content a newsroom puts there: every page declares
the language of its URL, every story and page has its title as its heading,
every language switcher and hreflang set points at pages that exist and point
back, every page names itself canonical. (`test_any_content.py` runs these
on a fixture corpus in a copy of the project; what particular stories look
like is asserted on the fixture corpora, in `test_linking.py` and
`test_realistic.py`.)
"""

import pytest

from conftest import SETTINGS, html_pages, page_kinds, page_url, resolve, soup

DEFAULT_LANG = SETTINGS["DEFAULT_LANG"]
OTHER_LANGS = [code for code in SETTINGS["BILINGUAL_LANGUAGES"] if code != DEFAULT_LANG]
HOMES = {DEFAULT_LANG: "/", **{code: f"/{code}/" for code in OTHER_LANGS}}


def url_lang(url):
    first = url.strip("/").split("/")[0]
    return first if first in OTHER_LANGS else DEFAULT_LANG


@pytest.fixture(scope="module")
def pages(real_site):
    """{site path: parsed page} of every page of the real site."""
    return {page_url(real_site, path): soup(path) for path in html_pages(real_site)}


@pytest.fixture(scope="module")
def kind_of(real_site):
    """{site path: kind}, page 2 and later counted as their listing's kind."""
    return {
        url: kind.removesuffix("/page-n")
        for (kind, _), urls in page_kinds(real_site).items()
        for url in urls
    }


def switcher(document, url):
    """{hreflang: (site path, has a "not available" note)} of the switcher."""
    found = {}
    for a in document.select("nav.lang-switcher a[hreflang]"):
        note = a.find_parent("li").select(".switch-note") if a.find_parent("li") else []
        found[a["hreflang"]] = (resolve(url, a["href"]), bool(note))
    return found


def hreflang_set(document, url):
    links = document.head.select('link[rel="alternate"][hreflang]')
    return {link["hreflang"]: resolve(url, link["href"]) for link in links}


@pytest.mark.parametrize(("lang", "url"), HOMES.items())
def test_each_home_declares_its_language(real_site, lang, url):
    assert soup(real_site / url.lstrip("/") / "index.html").html["lang"] == lang


def test_every_page_declares_the_language_of_its_url(pages):
    assert {
        url: d.html["lang"] for url, d in pages.items() if d.html["lang"] != url_lang(url)
    } == {}


def test_every_story_and_page_is_headed_by_its_title(pages, kind_of):
    stories = [url for url, kind in kind_of.items() if kind in ("story", "page")]
    assert stories, "content/ publishes no story and no page"
    for url in stories:
        headings = pages[url].find_all("h1")
        assert len(headings) == 1, f"{url}: {len(headings)} <h1>"
        h1 = headings[0]
        assert h1.find_parent("article", class_="story"), url
        assert h1.get_text(strip=True), url
        assert pages[url].title.get_text().startswith(h1.get_text(strip=True)[:20]), url


def test_language_switcher_links_pages_that_exist_and_link_back(pages, kind_of):
    checked = 0
    for url, document in pages.items():
        if kind_of[url] in ("404", "redirect"):
            continue
        targets = switcher(document, url)
        assert set(targets) == set(HOMES) - {url_lang(url)}, url
        for lang, (target, note) in targets.items():
            assert target in pages, f"{url}: the switcher links {target}, which does not exist"
            assert pages[target].html["lang"] == lang, f"{url} -> {target}"
            if note:  # no counterpart: the other language's home, and no hreflang for it
                assert target == HOMES[lang], url
                assert lang not in hreflang_set(document, url), url
                continue
            assert kind_of[target] == kind_of[url], f"{url} ({kind_of[url]}) -> {target}"
            if "/page/" not in url and "/page/" not in target:  # page N may fall back
                assert switcher(pages[target], target)[url_lang(url)] == (url, False), (
                    f"{url} -> {target} does not link back"
                )
            checked += 1
    assert checked >= 2, "the real site has no two pages that are each other's translation"


def test_hreflang_sets_are_self_inclusive_reciprocal_with_one_x_default(pages, kind_of):
    for url, document in pages.items():
        if kind_of[url] in ("404", "redirect"):
            assert hreflang_set(document, url) == {}, f"{url} stands outside the translation graph"
            continue
        alternates = hreflang_set(document, url)
        links = document.head.select('link[rel="alternate"][hreflang]')
        assert [link["hreflang"] for link in links].count("x-default") == 1, url
        assert alternates[url_lang(url)] == url, url
        assert alternates["x-default"] == alternates.get(DEFAULT_LANG, url), url
        assert set(alternates) <= set(HOMES) | {"x-default"}, url
        for lang, target in alternates.items():
            if lang != "x-default" and target != url:
                assert target in pages, f"{url}: hreflang {lang} -> {target} does not exist"
                assert hreflang_set(pages[target], target) == alternates, f"{url} -> {target}"


def test_every_page_has_exactly_one_canonical_pointing_at_itself(pages, kind_of):
    # 404 pages are served at any URL and marked noindex: no canonical. An
    # alias names the page it redirects to.
    checked = [url for url in pages if kind_of[url] != "404"]
    assert len(checked) > 20
    for url in checked:
        canonicals = pages[url].select('link[rel="canonical"]')  # the whole page, not only <head>
        assert len(canonicals) == 1, url
        target = resolve(url, canonicals[0]["href"])
        if kind_of[url] == "redirect":
            refresh = pages[url].select_one('meta[http-equiv="refresh"]')["content"]
            assert target == resolve(url, refresh.split("url=", 1)[1]) != url
            assert kind_of[target] in ("story", "page"), url
        else:
            assert target == url
