"""Build the real site and the fixture corpus once per session, with the real
``pelicanconf.py`` through Pelican's own command line, and read the output
with BeautifulSoup.

URLs in these tests are site paths with a leading slash (``/en/tag/bali/``);
``page_url`` and ``resolve`` turn output files and the relative hrefs the
development build writes into that form.
"""

import io
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

# publishconf.py reads SITEURL from the environment: tests that need one set
# it themselves, and none inherits a deployment's.
os.environ.pop("SITEURL", None)

REPO = Path(__file__).parents[1]
CONTENT = REPO / "content"
CORPUS = Path(__file__).parent / "corpus"
# Small pages, so a handful of stories gives several pages per listing.
CORPUS_SETTINGS = {"DEFAULT_PAGINATION": 2}


def build_site(content_dir, out_dir, settings="pelicanconf.py", extra=None, search=True):
    """Build ``content_dir`` into ``out_dir`` the way ``make html`` does: the
    build driver (Pelican with ``--fatal warnings``, then the Pagefind index
    unless ``search`` is False, then the swap into ``out_dir``), from the
    repository root. ``extra`` is a dict of settings overrides passed as
    ``-e KEY=<json>``."""
    command = [
        sys.executable, "-m", "bilingual.newsroom.build", str(content_dir),
        "-s", settings, "-o", str(out_dir),
    ]  # fmt: skip
    if not search:
        command.append("--no-search")
    if extra:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    env = {**os.environ, "PYTHONPATH": "plugins"}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, encoding="utf-8")


def _built(content_dir, out_dir, extra=None):
    result = build_site(content_dir, out_dir, extra=extra)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return out_dir


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """Output folder of the real ``content/``."""
    return _built(CONTENT, tmp_path_factory.mktemp("real") / "output")


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory):
    """Output folder of ``tests/corpus`` with ``CORPUS_SETTINGS``."""
    return _built(CORPUS, tmp_path_factory.mktemp("corpus") / "output", CORPUS_SETTINGS)


def soup(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def html_pages(root):
    """Every .html file under ``root``, sorted."""
    return sorted(Path(root).rglob("*.html"))


def page_url(root, path):
    """``<root>/en/tag/bali/index.html`` -> ``/en/tag/bali/``."""
    url = "/" + Path(path).relative_to(root).as_posix()
    return url.removesuffix("index.html")


def page_file(root, url):
    """``/en/tag/bali/`` -> ``<root>/en/tag/bali/index.html``."""
    path = url.lstrip("/")
    return Path(root) / (path + "index.html" if path.endswith("/") or not path else path)


def resolve(url, href):
    """The site path an ``href`` on the page at ``url`` points to, or None
    for links that leave the site (http:, mailto:, a bare #fragment)."""
    if href.startswith("#"):
        return None
    target = urlsplit(urljoin("http://site.invalid" + url, href))
    if target.netloc != "site.invalid":
        return None
    return target.path


def lang_of(root, url):
    """The ``<html lang>`` of the page at ``url``."""
    return soup(page_file(root, url)).html["lang"]


def png(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG (one grey colour), for image fixtures."""
    out = io.BytesIO()
    Image.new("L", (width, height), 0x80).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium (``WARTA_BROWSER``, see tools/browser.py). Without
    it the browser tests are skipped with a loud message, except under
    CI=true, where a missing browser fails the run."""
    from playwright.sync_api import sync_playwright

    from browser import launch, missing

    with sync_playwright() as playwright:
        problem = missing(playwright)
        if problem:
            message = f"the real-browser tests cannot run: {problem}"
            if os.environ.get("CI") == "true":
                pytest.fail(message, pytrace=False)
            warnings.warn(message, stacklevel=1)
            pytest.skip(message)
        browser = launch(playwright)
        yield browser
        browser.close()
