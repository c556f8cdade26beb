"""A reader in a real browser: headless Chromium driven by Playwright,
against built sites served on 127.0.0.1.

Every site here is served with the Content-Security-Policy README.md
recommends (``CSP``), checked on each page loaded: the policy only takes
away, so a page that works under it works without it, and every test here
also proves that its pages and the search work under the policy (a refused
style, script or request is a console error).

Which Chromium is ``WARTA_BROWSER``, the setting tools/ share (see
tools/browser.py): Debian's ``/usr/bin/chromium`` by default, Playwright's
own in the publishing workflow. Without it these tests are skipped with a
loud message, except under CI=true, where a missing browser fails the run.
"""

import re
from pathlib import Path

import pytest

from conftest import CSP, html_pages, new_tab, page_file, page_kinds, served, soup

pytestmark = pytest.mark.browser


README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


# The viewport of a new tab (Playwright's default), restored for each test.
VIEWPORT = {"width": 1280, "height": 720}


@pytest.fixture(scope="module")
def shared_tab(browser_context):
    tab = new_tab(browser_context)
    yield tab
    tab.close()


@pytest.fixture
def page(shared_tab):
    """This module's ``page``: instead of conftest's new tab per test (which
    costs more than the page it loads), one tab for every page test here.
    Each test loads the page it tests, at the default viewport, and
    ``page.console_errors`` lists what went wrong since the test began."""
    shared_tab.console_errors.clear()
    if shared_tab.viewport_size != VIEWPORT:
        shared_tab.set_viewport_size(VIEWPORT)
    return shared_tab


@pytest.fixture(scope="module")
def search_page(browser_context):
    """``search_page(url)``: the search page at ``url`` in a tab of its own,
    loaded the first time it is asked for and searched again by later tests,
    as a reader searches one word after another."""
    opened = {}

    def open_search_page(url):
        if url not in opened:
            opened[url] = new_tab(browser_context)
            load(opened[url], url, search=True)
        return opened[url]

    yield open_search_page
    for tab in opened.values():
        tab.close()


@pytest.fixture(scope="module")
def corpus_url(corpus_site):
    with served(corpus_site, csp=CSP) as base:
        yield base


@pytest.fixture(scope="module")
def real_url(real_site):
    with served(real_site, csp=CSP) as base:
        yield base


def test_the_readme_documents_the_policy_tested_here():
    assert f"Content-Security-Policy: {CSP}" in README


@pytest.mark.parametrize(
    ("start", "landing"),
    [
        ("/2025/02/translated-pair/", "/en/2025/02/translated-pair/"),
        ("/en/2025/02/translated-pair/", "/2025/02/translated-pair/"),
        ("/kategori/olahraga/", "/en/category/sports/"),
        ("/en/category/city/", "/kategori/kota/"),
        ("/page/2/", "/en/page/2/"),
        ("/page/4/", "/en/page/2/"),
    ],
)
def test_language_switcher_lands_on_the_counterpart(page, corpus_url, start, landing):
    load(page, corpus_url + start)
    page.click("nav.lang-switcher a[hreflang]")
    assert page.url == corpus_url + landing
    assert page.locator("html").get_attribute("lang") == (
        "en" if landing.startswith("/en/") else "id"
    )
    assert page.console_errors == []


# One page of each kind, per language: the largest, since long titles, code
# and tables are where a layout breaks.
LAYOUT_KINDS = [("home", "id"), ("home", "en"), ("story", "id"), ("story", "en"),
                ("category", "id"), ("archives", "id"), ("search", "id"), ("404", "id")]  # fmt: skip


def largest(root, kind, lang):
    """The largest page of a kind in a language; skips when the content has none."""
    urls = page_kinds(root).get((kind, lang))
    if not urls:
        pytest.skip(f"the content has no {kind} page in {lang}")
    return max(urls, key=lambda url: (page_file(root, url).stat().st_size, url))


@pytest.mark.parametrize(("kind", "lang"), LAYOUT_KINDS)
def test_no_horizontal_overflow_and_no_console_errors(page, real_site, real_url, kind, lang):
    """Loaded once, under the strict policy, then measured at each width:
    the layout follows the viewport, and a page without scripts has nothing
    more to load after the load event (the search page: once its form is
    drawn)."""
    path = largest(real_site, kind, lang)
    load(page, real_url + path, search=kind == "search")
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    assert page.console_errors == []


def load(page, url, search=False):
    """Open ``url`` and wait until it is complete: the load event (every
    stylesheet, script and eager image), and on a ``search`` page the
    search form that its script draws. Every page here comes with ``CSP``."""
    response = page.goto(url)
    assert response.headers.get("content-security-policy") == CSP, url
    if search:
        page.wait_for_selector(".pagefind-ui__search-input")


# Resolves, as soon as the search page shows it, with the outcome of the
# search for ``query``: its message no longer says it is searching ("…"),
# and every result shown has been drawn with its link (each is drawn once
# its data has loaded). Watched with a MutationObserver rather than polled:
# Playwright's waits poll every half second after the first few tries, and
# wait_for_function evaluates its predicate with eval, which the strict
# Content-Security-Policy (no 'unsafe-eval') refuses.
SETTLED = """([query, timeout]) => new Promise((resolve, reject) => {
  const root = document.getElementById("search");
  const outcome = () => {
    const message = root.querySelector(".pagefind-ui__message");
    const text = message ? message.textContent : "";
    if (!text.includes(query) || text.includes("…")) return null;
    const links = [...root.querySelectorAll(".pagefind-ui__result")]
      .map(result => result.querySelector(".pagefind-ui__result-link"));
    return links.every(Boolean) ? links.map(link => link.getAttribute("href")) : null;
  };
  const found = outcome();
  if (found) return resolve(found);
  const observer = new MutationObserver(() => {
    const found = outcome();
    if (!found) return;
    observer.disconnect();
    clearTimeout(timer);
    resolve(found);
  });
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error(`no outcome of the search for ${query}: ${root.textContent}`));
  }, timeout);
  observer.observe(root, {subtree: true, childList: true, characterData: true, attributes: true});
})"""


def type_query(tab, query):
    """Type ``query`` into the emptied field of the search page in ``tab``."""
    from playwright.sync_api import expect  # here: collecting this file stays cheap

    field = tab.locator(".pagefind-ui__search-input")
    field.fill("")
    # An empty field shows no message: what is shown next is this search's.
    expect(tab.locator(".pagefind-ui__message")).to_have_count(0)
    field.fill(query)


def results(tab, query):
    """The links the search page in ``tab`` lists once its search for
    ``query`` has ended."""
    return tab.evaluate(SETTLED, [query, 15000])


def search(tab, query):
    type_query(tab, query)
    return results(tab, query)


WORD = re.compile(r"[^\W\d_]+")


def words(text):
    """Lower-case words as the search index splits them (``sshd_config``
    is two words)."""
    return set(WORD.findall(text.lower()))


def searchable_words(root, lang):
    """{site path: words} of the indexed pages (stories and static pages)
    of one language, as the index holds them (not what it is told to
    ignore), and {site path: words outside code} of its stories."""
    kinds = page_kinds(root)
    everything, prose = {}, {}
    for url in kinds.get(("story", lang), []) + kinds.get(("page", lang), []):
        article = soup(page_file(root, url), writable=True).select_one("article.story")
        for ignored in article.select("[data-pagefind-ignore]"):  # the byline, its date…
            ignored.decompose()
        everything[url] = words(article.get_text(" "))
        for code in article.select("pre, code"):
            code.decompose()
        prose[url] = words(article.get_text(" "))
    return everything, prose


def rare_word(root, lang, absent_from=frozenset()):
    """(story, word): a word of a story of that language that the fewest
    indexed pages of the language contain, and that starts no word of
    ``absent_from`` (the search matches prefixes), so a search for it must
    list that story."""
    everything, prose = searchable_words(root, lang)
    stories = page_kinds(root).get(("story", lang))
    if not stories:
        pytest.skip(f"the content has no story in {lang}")
    candidates = []
    for url in stories:
        for word in prose[url]:
            if len(word) < 6 or any(w.startswith(word) for w in absent_from):
                continue
            hits = sum(any(w.startswith(word) for w in found) for found in everything.values())
            candidates.append((hits, word, url))
    if not candidates:
        pytest.skip(f"every word of the {lang} stories is also elsewhere")
    _, word, url = min(candidates)
    return url, word


SEARCH = {"id": "/cari/", "en": "/en/search/"}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_search_finds_a_story_by_a_word_only_it_uses_in_the_page_language(
    search_page, real_site, real_url, lang
):
    story, word = rare_word(real_site, lang)
    tab = search_page(real_url + SEARCH[lang])
    found = search(tab, word)
    assert story in found, f"{word!r}: {found}"
    assert all(("/en/" in url) == (lang == "en") for url in found), found
    assert tab.console_errors == []


def test_a_word_only_english_pages_use_finds_nothing_from_the_indonesian_search(
    search_page, real_site, real_url
):
    indonesian = set().union(
        *(
            words(soup(p).get_text(" "))
            for p in html_pages(real_site)
            if soup(p).html["lang"] == "id"
        )
    )
    story, word = rare_word(real_site, "en", absent_from=indonesian)
    in_id, in_en = search_page(real_url + SEARCH["id"]), search_page(real_url + SEARCH["en"])
    type_query(in_id, word)
    type_query(in_en, word)  # the two searches run at once, each in its tab
    assert results(in_id, word) == []
    assert story in results(in_en, word)


@pytest.mark.parametrize(
    ("search_path", "word", "story"),
    [
        ("/cari/", "tribun", "/2025/02/translated-pair/"),
        ("/en/search/", "spectators", "/en/2025/02/translated-pair/"),
    ],
)
def test_search_finds_the_story_in_the_page_language(
    search_page, corpus_url, search_path, word, story
):
    tab = search_page(corpus_url + search_path)
    assert search(tab, word) == [story]
    assert tab.console_errors == []


def test_an_english_only_word_finds_no_english_page_from_the_indonesian_search(
    search_page, corpus_url
):
    in_id, in_en = search_page(corpus_url + "/cari/"), search_page(corpus_url + "/en/search/")
    type_query(in_id, "spectators")
    type_query(in_en, "spectators")  # the two searches run at once, each in its tab
    assert results(in_id, "spectators") == []
    assert results(in_en, "spectators") == ["/en/2025/02/translated-pair/"]


def test_search_labels_are_in_the_page_language(search_page, real_url):
    tab = search_page(real_url + "/cari/")
    assert tab.get_attribute(".pagefind-ui__search-input", "placeholder") == "Cari berita"
