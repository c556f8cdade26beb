"""The build driver (``python -m bilingual.newsroom.build``, behind `make html`
and `make publish`): one build of a folder at a time, a site folder that is
never missing or half-written, and errors as messages without tracebacks.

Builds run in subprocesses on copies of the fixture corpus, without the
search index where it does not matter (``--no-search``: faster).
"""

import fcntl
import os
import select
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bilingual.newsroom.build import REMOVED_SITE, between_builds, build_lock, replace_folder
from conftest import CORPUS, REPO, run_build_command

TIMEOUT = 240  # seconds: a corpus build takes a few on a loaded machine
BROKEN_DATE = "Title: Rusak\nDate: bukan tanggal\nCategory: Kota\n\nIsi.\n"
BROKEN_STORY = "articles/2025/translated-pair.id.md"


def build_command(content, output, *extra):
    return [sys.executable, "-m", "bilingual.newsroom.build", str(content), "-s",
            "pelicanconf.py", "-o", str(output), "--no-search", *extra]  # fmt: skip


def environment(**extra):
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins"), "COLUMNS": "400"}
    for name in ("DEBUG", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):  # not from `make test`
        env.pop(name, None)
    return {**env, **extra}


def run_build(content, output, *extra, **env):
    return run_build_command(build_command(content, output, *extra), environment(**env))


def start_build(content, output, *extra):
    return subprocess.Popen(
        build_command(content, output, *extra), cwd=REPO, env=environment(),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, encoding="utf-8",
    )  # fmt: skip


def snapshot(root):
    """{relative path: bytes} of every file under ``root``."""
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CORPUS, folder)
    return folder


@pytest.fixture
def built(content, tmp_path):
    """A first good build in ``tmp_path/output``."""
    output = tmp_path / "output"
    result = run_build(content, output)
    assert result.returncode == 0, result.stderr
    return output


class Watcher(threading.Thread):
    """Looks for ``root/index.html`` as often as it can until stopped;
    counts the looks and the misses."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root, self.looks, self.misses = root, 0, 0
        self.done = threading.Event()

    def run(self):
        while not self.done.is_set():
            self.looks += 1
            if not (self.root / "index.html").is_file():
                self.misses += 1


def test_two_builds_at_once_one_waits_and_the_site_is_never_missing(content, built, tmp_path):
    """Two builds queue on the lock (held here until both wait, so they
    overlap however fast a build is); released, one builds while the other
    waits for it. Meanwhile output/ is looked at as often as possible and
    never found missing, and ends complete."""
    expected = sorted(snapshot(built))
    watcher = Watcher(built)
    watcher.start()
    with open(tmp_path / "output.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        builds = [start_build(content, built), start_build(content, built)]
        for build in builds:
            line = read_line(build.stderr)
            assert f"another build of {built}/ is running; waiting…" in line, line
    outputs = [p.communicate(timeout=TIMEOUT) for p in builds]
    watcher.done.set()
    watcher.join()
    assert [p.returncode for p in builds] == [0, 0], outputs
    assert watcher.looks > 100
    assert watcher.misses == 0, f"output/ was missing in {watcher.misses} of {watcher.looks} looks"
    assert sorted(snapshot(built)) == expected, "the site is complete"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "content",
        "output",
        "output.cache",
        "output.lock",
    ]


def read_line(stream, timeout=TIMEOUT):
    """The next line of a child's pipe, failing after ``timeout`` seconds."""
    ready, _, _ = select.select([stream], [], [], timeout)
    if not ready:
        pytest.fail("no line from the child process")
    return stream.readline()


def test_a_second_build_waits_for_the_lock_then_replaces_the_site(content, built, tmp_path):
    before = snapshot(built)
    (content / "articles/2025/translated-pair.id.md").write_text(
        "Title: Judul Yang Baru\nDate: 2025-02-01 10:00\nCategory: Kota\n\nIsi.\n", encoding="utf-8"
    )
    with open(tmp_path / "output.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = start_build(content, built)
        line = read_line(waiting.stderr)
        assert "another build of" in line and "is running; waiting…" in line
        assert waiting.poll() is None, "it waits"
        assert snapshot(built) == before, "and touches nothing while it waits"
        assert not (tmp_path / "output.tmp").exists()
    _out, err = waiting.communicate(timeout=TIMEOUT)
    assert waiting.returncode == 0, err
    assert "Judul Yang Baru" in (built / "2025/02/translated-pair/index.html").read_text("utf-8")


def test_no_wait_stops_at_once_when_another_build_runs(content, built, tmp_path):
    before = snapshot(built)
    with open(tmp_path / "output.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = run_build(content, built, "--no-wait")
    assert result.returncode == 1
    assert result.stderr.strip() == f"another build of {built}/ is running; stopping"
    assert snapshot(built) == before


def test_a_failing_build_leaves_the_site_byte_identical_and_no_scratch(content, built, tmp_path):
    before = snapshot(built)
    (content / BROKEN_STORY).write_text(BROKEN_DATE, encoding="utf-8")
    result = run_build(content, built)
    assert result.returncode == 1
    assert snapshot(built) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "content",
        "output",
        "output.cache",
        "output.lock",
    ]
    assert "Traceback" not in result.stderr
    assert f"{BROKEN_STORY}:2: field 'date'" in result.stderr
    assert result.stderr.count("bukan tanggal") == 1, result.stderr


def test_debug_shows_the_traceback_of_a_failing_build(content, tmp_path):
    (content / BROKEN_STORY).write_text(BROKEN_DATE, encoding="utf-8")
    result = run_build(content, tmp_path / "output", DEBUG="1")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert f"{BROKEN_STORY}:2: field 'date'" in result.stderr
    assert not (tmp_path / "output").exists()


def test_any_other_failure_is_one_line_without_a_traceback(content, tmp_path):
    result = run_build(content, tmp_path / "output", "-e", "DEFAULT_PAGINATION=not-json")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("build failed: ValueError: Invalid JSON value: not-json."), line
    assert line.endswith("(DEBUG=1 shows the traceback)")


def test_make_html_debug_passes_through(content, tmp_path):
    (content / BROKEN_STORY).write_text(BROKEN_DATE, encoding="utf-8")
    make = ["make", "--no-print-directory", "-C", str(REPO), "-o", ".venv/bin/.installed", "html",
            f"CONTENT={content}", f"OUTPUT={tmp_path / 'output'}"]  # fmt: skip
    quiet = subprocess.run(make, capture_output=True, encoding="utf-8", env=environment())
    loud = subprocess.run(
        [*make, "DEBUG=1"], capture_output=True, encoding="utf-8", env=environment()
    )
    assert quiet.returncode != 0 and loud.returncode != 0
    assert "Traceback" not in quiet.stderr and "Traceback" in loud.stderr
    for result in (quiet, loud):
        assert f"{BROKEN_STORY}:2: field 'date'" in result.stderr


# replace_folder on its own: both ways of swapping


@pytest.fixture
def folders(tmp_path):
    new, target = tmp_path / "site.tmp", tmp_path / "site"
    for folder, text in ((new, "new"), (target, "old")):
        folder.mkdir()
        (folder / "index.html").write_text(text)
    return new, target


def test_replace_folder_exchanges_the_folders_and_removes_the_old_one(folders, tmp_path):
    new, target = folders
    replace_folder(new, target)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_replace_folder_without_an_atomic_exchange_uses_two_renames(folders, tmp_path, monkeypatch):
    monkeypatch.setattr("bilingual.newsroom.build._exchange", lambda a, b: False)
    new, target = folders
    replace_folder(new, target)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_replace_folder_puts_the_first_build_in_place(folders, tmp_path):
    new, target = folders
    shutil.rmtree(target)
    replace_folder(new, target)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("atomic", [True, False])
def test_replace_folder_can_keep_the_old_site_in_place_of_the_one_kept(
    folders, tmp_path, monkeypatch, atomic
):
    """The build keeps the site it replaced for the next build to take its
    images from; the one kept before is moved aside, to be removed before
    the next build."""
    if not atomic:
        monkeypatch.setattr("bilingual.newsroom.build._exchange", lambda a, b: False)
    new, target = folders
    keep = tmp_path / "site.cache" / "previous-site"
    keep.mkdir(parents=True)
    (keep / "index.html").write_text("older")
    replace_folder(new, target, keep=keep)
    assert (target / "index.html").read_text() == "new"
    assert (keep / "index.html").read_text() == "old"
    assert (keep.with_name(REMOVED_SITE) / "index.html").read_text() == "older"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.cache"]


def test_a_site_moved_aside_that_could_not_be_removed_does_not_fail_the_swap(
    folders, tmp_path, monkeypatch
):
    """The new site is in place by then: the build must not report a failure
    (and leave the cache's record of pages uncommitted) because an older
    site is still where the one kept would go; the replaced site is removed
    instead, as when there is no room to keep it."""
    rmtree = shutil.rmtree

    def stubborn(path, *args, **kwargs):
        if Path(path).name != REMOVED_SITE:
            rmtree(path, *args, **kwargs)

    monkeypatch.setattr("bilingual.newsroom.build.shutil.rmtree", stubborn)
    new, target = folders
    keep = tmp_path / "site.cache" / "previous-site"
    for folder in (keep, keep.with_name(REMOVED_SITE)):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("older")
    replace_folder(new, target, keep=keep)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "site.cache"]


def test_the_site_moved_aside_is_removed_by_the_next_build(content, tmp_path):
    removed = tmp_path / "site.cache" / REMOVED_SITE
    removed.mkdir(parents=True)
    (removed / "index.html").write_text("older")
    result = run_build(content, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert not removed.exists()


def test_the_live_preview_removes_it_between_builds_while_no_build_runs(tmp_path):
    """The warm builder removes it after each build, so the editor's next
    rebuild need not (``warm_builder.serve``)."""
    removed = tmp_path / "site.cache" / REMOVED_SITE
    removed.mkdir(parents=True)
    (removed / "index.html").write_text("older")
    argv = [
        str(tmp_path / "content"),
        "-s",
        str(tmp_path / "none.py"),
        "-o",
        str(tmp_path / "site"),
    ]
    with build_lock(tmp_path / "site"):
        between_builds(argv)  # a build runs: not now
    assert removed.exists()
    between_builds(argv)
    assert not removed.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_the_exchange_is_atomic_on_linux(folders):
    from bilingual.newsroom.build import _exchange

    new, target = folders
    assert _exchange(new, target)
    assert (target / "index.html").read_text() == "new"
    assert (new / "index.html").read_text() == "old"
    assert Path(target).is_dir()
