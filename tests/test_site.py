"""The real site: what `make html` writes from `content/`."""

import pytest

from conftest import html_pages, page_file, page_url, resolve, soup

SEED_STORY = {"id": "/2025/07/meta-superintelligence/", "en": "/en/2025/07/meta-superintelligence/"}
ABOUT = {"id": "/tentang/", "en": "/en/about/"}


def switcher_targets(root, url):
    """{hreflang: site path} of the language switcher links on one page."""
    links = soup(page_file(root, url)).select("nav.lang-switcher a[hreflang]")
    return {a["hreflang"]: resolve(url, a["href"]) for a in links}


@pytest.mark.parametrize(("url", "lang"), [("/", "id"), ("/en/", "en")])
def test_each_home_declares_its_language(real_site, url, lang):
    assert soup(page_file(real_site, url)).html["lang"] == lang


@pytest.mark.parametrize("lang", ["id", "en"])
def test_seed_story_is_written_in_both_languages(real_site, lang):
    page = soup(page_file(real_site, SEED_STORY[lang]))
    assert page.html["lang"] == lang
    assert page.select_one("article.story h1").get_text(strip=True)


@pytest.mark.parametrize(
    ("pair", "lang", "other"),
    [(SEED_STORY, "id", "en"), (SEED_STORY, "en", "id"), (ABOUT, "id", "en"), (ABOUT, "en", "id")],
    ids=["story-id", "story-en", "about-id", "about-en"],
)
def test_language_switcher_links_the_twin(real_site, pair, lang, other):
    assert switcher_targets(real_site, pair[lang]) == {other: pair[other]}


def test_every_page_has_exactly_one_canonical_pointing_at_itself(real_site):
    # 404 pages are served at any URL and marked noindex: no canonical.
    pages = [p for p in html_pages(real_site) if p.name != "404.html"]
    assert len(pages) > 20
    for path in pages:
        url = page_url(real_site, path)
        canonicals = soup(path).select('link[rel="canonical"]')
        assert len(canonicals) == 1, url
        assert resolve(url, canonicals[0]["href"]) == url
