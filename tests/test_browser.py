"""A reader in a real browser: headless Chromium driven by Playwright,
against built sites served on 127.0.0.1.

Which Chromium is ``WARTA_BROWSER``, the setting tools/ share (see
tools/browser.py): Debian's ``/usr/bin/chromium`` by default, Playwright's
own in the publishing workflow. Without it these tests are skipped with a
loud message, except under CI=true, where a missing browser fails the run.
"""

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import html_pages, page_file, page_kinds, soup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


# The policy README.md recommends; the theme must work under it.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; "
    "frame-src https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StrictHandler(QuietHandler):
    def end_headers(self):
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


def serve(root, handler_class=QuietHandler):
    """Serve ``root`` on a free port of 127.0.0.1; returns (base URL, server)."""
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="module")
def corpus_url(corpus_site):
    base, server = serve(corpus_site)
    yield base
    server.shutdown()


@pytest.fixture(scope="module")
def real_url(real_site):
    base, server = serve(real_site)
    yield base
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.console_errors = []
    tab.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


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
    page.goto(corpus_url + start)
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


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize(("kind", "lang"), LAYOUT_KINDS)
def test_no_horizontal_overflow_and_no_console_errors(page, real_site, real_url, width, kind, lang):
    path = largest(real_site, kind, lang)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(real_url + path)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
    assert page.console_errors == []


def search(page, url, query):
    page.goto(url)
    page.fill(".pagefind-ui__search-input", query)
    page.wait_for_selector(".pagefind-ui__message", timeout=15000)
    # Not wait_for_function: its string predicate is evaluated in the page,
    # which the strict Content-Security-Policy (no 'unsafe-eval') refuses
    # whenever the first check does not already pass.
    expect(page.locator(".pagefind-ui__message")).not_to_contain_text("…", timeout=15000)
    page.wait_for_timeout(300)  # let the result list settle
    return [a.get_attribute("href") for a in page.query_selector_all(".pagefind-ui__result-link")]


WORD = re.compile(r"[^\W\d_]+")


def words(text):
    """Lower-case words as the search index splits them (``sshd_config``
    is two words)."""
    return set(WORD.findall(text.lower()))


def searchable_words(root, lang):
    """{site path: words} of the indexed pages (stories and static pages)
    of one language, and {site path: words outside code} of its stories."""
    kinds = page_kinds(root)
    everything, prose = {}, {}
    for url in kinds.get(("story", lang), []) + kinds.get(("page", lang), []):
        article = soup(page_file(root, url), writable=True).select_one("article.story")
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
    page, real_site, real_url, lang
):
    story, word = rare_word(real_site, lang)
    found = search(page, real_url + SEARCH[lang], word)
    assert story in found, f"{word!r}: {found}"
    assert all(("/en/" in url) == (lang == "en") for url in found), found
    assert page.console_errors == []


def test_a_word_only_english_pages_use_finds_nothing_from_the_indonesian_search(
    page, real_site, real_url
):
    indonesian = set().union(
        *(
            words(soup(p).get_text(" "))
            for p in html_pages(real_site)
            if soup(p).html["lang"] == "id"
        )
    )
    story, word = rare_word(real_site, "en", absent_from=indonesian)
    assert search(page, real_url + SEARCH["id"], word) == []
    assert story in search(page, real_url + SEARCH["en"], word)


@pytest.mark.parametrize(
    ("search_page", "word", "story"),
    [
        ("/cari/", "tribun", "/2025/02/translated-pair/"),
        ("/en/search/", "spectators", "/en/2025/02/translated-pair/"),
    ],
)
def test_search_finds_the_story_in_the_page_language(page, corpus_url, search_page, word, story):
    assert search(page, corpus_url + search_page, word) == [story]
    assert page.console_errors == []


def test_an_english_only_word_finds_no_english_page_from_the_indonesian_search(page, corpus_url):
    assert search(page, corpus_url + "/cari/", "spectators") == []
    assert search(page, corpus_url + "/en/search/", "spectators") == [
        "/en/2025/02/translated-pair/"
    ]


def test_search_labels_are_in_the_page_language(page, real_url):
    page.goto(real_url + "/cari/")
    page.wait_for_selector(".pagefind-ui__search-input")
    assert page.get_attribute(".pagefind-ui__search-input", "placeholder") == "Cari berita"


@pytest.fixture(scope="module")
def strict_url(real_site):
    base, server = serve(real_site, StrictHandler)
    yield base
    server.shutdown()


def test_the_readme_documents_the_policy_tested_here():
    assert f"Content-Security-Policy: {CSP}" in README


@pytest.mark.parametrize(
    ("kind", "lang"), [("home", "id"), ("story", "en"), ("category", "id"), ("404", "id")]
)
def test_pages_work_under_the_strict_content_security_policy(
    page, real_site, strict_url, kind, lang
):
    page.goto(strict_url + largest(real_site, kind, lang))
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []


def test_search_works_under_the_strict_content_security_policy(page, real_site, strict_url):
    story, word = rare_word(real_site, "en")
    assert story in search(page, strict_url + SEARCH["en"], word)
    assert page.console_errors == []
