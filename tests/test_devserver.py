"""`make devserver` (``python -m bilingual.newsroom.devserver``): the live
preview serves the last good build, prints a content error once and waits
for the next change, and stops every process it started.

The server runs in a subprocess, in a session of its own so that every
process it starts can be found in /proc; it serves a copy of the fixture
corpus on a free port. Everything waits by polling with a deadline.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import CORPUS, REPO, session_processes

TIMEOUT = 240  # seconds: a build takes a few on a loaded machine
STORY = "articles/2025/translated-pair.id.md"
PAGE = "2025/02/translated-pair/"
ERROR = "field 'date': 'bukan tanggal' is not an ISO 8601 date"


class Devserver:
    """The devserver subprocess and everything it printed so far."""

    def __init__(self, content, output):
        command = [sys.executable, "-m", "bilingual.newsroom.devserver", str(content),
                   "-o", str(output), "--port", "0"]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(REPO / "plugins"), "COLUMNS": "400"}
        self.process = subprocess.Popen(
            command, cwd=REPO, env=env, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8",
        )  # fmt: skip
        self.lines = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def log(self):
        return "".join(self.lines)

    def wait_for(self, condition, what, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline or self.process.poll() is not None:
                pytest.fail(f"{what}: not seen; the devserver printed:\n{self.log}")
            time.sleep(0.05)

    def count(self, text):
        return self.log.count(text)

    @property
    def url(self):
        for line in self.lines:
            if "http://127.0.0.1:" in line:
                return line.split(" on ")[1].split()[0]
        return None

    def fetch(self, path):
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def descendants(self, timeout=0):
        """Processes in the devserver's session other than itself (those on
        their way out given ``timeout`` seconds to be gone)."""
        return session_processes(self.process.pid, timeout)


@pytest.fixture
def devserver(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    server = Devserver(content, tmp_path / "output-preview")
    server.content = content
    yield server
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()


def test_the_preview_survives_a_broken_story_and_stops_cleanly(devserver):
    devserver.wait_for(lambda: devserver.count("Preview updated in ") == 1, "the first build")
    good = devserver.fetch(PAGE)
    assert "<html" in good

    # A broken story: one error, then silence; the last good build is served.
    (devserver.content / STORY).write_text(
        "Title: Rusak\nDate: bukan tanggal\nCategory: Kota\n\nIsi.\n", encoding="utf-8"
    )
    devserver.wait_for(lambda: devserver.count(ERROR) >= 1, "the content error")
    devserver.wait_for(lambda: devserver.count("Waiting for a change") == 1, "the wait")
    window = time.monotonic() + 3
    while time.monotonic() < window:  # no retry loop: nothing more is printed
        assert devserver.count(ERROR) == 1, devserver.log
        assert devserver.count("rebuilding") == 1, devserver.log
        time.sleep(0.1)
    assert "Traceback" not in devserver.log
    assert devserver.fetch(PAGE) == good

    # Fixed: the change shows.
    (devserver.content / STORY).write_text(
        "Title: Judul Yang Sudah Diperbaiki\nDate: 2025-02-01 10:00\nCategory: Kota\n\nIsi.\n",
        encoding="utf-8",
    )
    devserver.wait_for(lambda: devserver.count("Preview updated in ") == 2, "the rebuild")
    assert "Judul Yang Sudah Diperbaiki" in devserver.fetch(PAGE)
    # Incremental: the rebuild rendered what the edit touched and reused the rest.
    rebuilt = re.findall(r"Pages and feeds: (\d+) rendered, (\d+) reused", devserver.log)[-1]
    assert int(rebuilt[0]) > 0 and int(rebuilt[1]) > 0, devserver.log
    # Between builds only the warm builder is left, the same one as before:
    # each build is forked from it and ends.
    devserver.wait_for(lambda: len(devserver.descendants()) == 1, "the build's end")
    (warm,) = devserver.descendants()
    assert "warm_builder" in (Path("/proc") / str(warm) / "cmdline").read_text()

    # Another change, and SIGTERM while that build runs: nothing is left.
    (devserver.content / STORY).write_text(
        "Title: Judul Ketiga\nDate: 2025-02-01 10:00\nCategory: Kota\n\nIsi.\n", encoding="utf-8"
    )
    devserver.wait_for(lambda: len(devserver.descendants()) >= 2, "the build's process")
    devserver.process.send_signal(signal.SIGTERM)
    assert devserver.process.wait(timeout=60) == 0
    assert devserver.descendants(timeout=10) == []
    assert "Preview stopped." in devserver.log
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(devserver.url, timeout=5)
    assert not (devserver.content.parent / "output-preview.tmp").exists()


def test_the_first_build_after_a_plugin_change_is_cold(monkeypatch):
    """A build that ran the old code may have recorded the new code's
    fingerprint: after a reload of the warm builder, the next build is --full."""
    from bilingual.newsroom import devserver

    sent = []

    class Builder:  # stands in for the warm builder process
        def __init__(self, env):
            pass

        def alive(self):
            return True

        def start(self, argv):
            sent.append(argv)
            return 11

        def wait(self):
            return 0

        def close(self):
            pass

    monkeypatch.setattr(devserver, "WarmBuilder", Builder)
    builder = devserver.Rebuilder(["content", "-o", "out"])
    assert builder.build()
    builder.reload()
    assert builder.build() and builder.build()
    assert sent == [["content", "-o", "out"], ["content", "-o", "out", "--full"],
                    ["content", "-o", "out"]]  # fmt: skip
