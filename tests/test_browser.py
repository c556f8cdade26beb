"""A reader in a real browser: headless Chromium driven by Playwright,
against built sites served on 127.0.0.1.

Which Chromium is ``WARTA_BROWSER``, the setting tools/ share (see
tools/browser.py): Debian's ``/usr/bin/chromium`` by default, Playwright's
own in the publishing workflow. Without it these tests are skipped with a
loud message, except under CI=true, where a missing browser fails the run.
"""

import functools
import http.server
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect


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


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize(
    "path", ["/", "/en/", "/2025/07/meta-superintelligence/", "/en/2025/07/meta-superintelligence/",
             "/kategori/teknologi/", "/arsip/", "/cari/", "/404.html"],
)  # fmt: skip
def test_no_horizontal_overflow_and_no_console_errors(page, real_url, width, path):
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


@pytest.mark.parametrize(
    ("search_page", "story"),
    [
        ("/cari/", "/2025/07/meta-superintelligence/"),
        ("/en/search/", "/en/2025/07/meta-superintelligence/"),
    ],
)
def test_search_finds_the_seed_story_in_the_page_language(page, real_url, search_page, story):
    assert search(page, real_url + search_page, "Behemoth") == [story]
    assert page.console_errors == []


def test_an_english_only_word_finds_no_english_page_from_the_indonesian_search(page, real_url):
    assert search(page, real_url + "/cari/", "spokesperson") == []
    assert search(page, real_url + "/en/search/", "spokesperson") == [
        "/en/2025/07/meta-superintelligence/"
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
    "path", ["/", "/en/2025/07/meta-superintelligence/", "/kategori/teknologi/", "/404.html"]
)
def test_pages_work_under_the_strict_content_security_policy(page, strict_url, path):
    page.goto(strict_url + path)
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []


def test_search_works_under_the_strict_content_security_policy(page, strict_url):
    assert search(page, strict_url + "/en/search/", "Behemoth") == [
        "/en/2025/07/meta-superintelligence/"
    ]
    assert page.console_errors == []
