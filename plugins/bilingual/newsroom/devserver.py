"""``make devserver``: a live preview while editing; ``make serve``: a built site.

    python -m bilingual.newsroom.devserver [CONTENT] [-s SETTINGS] [-o OUTPUT]
        [--bind ADDRESS] [--port PORT]

The preview is built with drafts (``BILINGUAL_PREVIEW_DRAFTS``) into OUTPUT by
the build driver (``bilingual.newsroom.build``), served on
http://ADDRESS:PORT/, and rebuilt whenever a file under the content folder,
``theme/`` or ``plugins/``, or the settings file changes. Each build runs in
a child process forked from a warm builder (``warm_builder.py``) that has
Pelican and the plugin imported, so a rebuild does not start Python and
import them again; a change under ``plugins/`` starts a new warm builder,
and settings are read by each build afresh. Builds
are incremental (``OUTPUT.cache``): only pages whose inputs changed are
rendered again; each build prints how many it rendered and reused, and the
preview says how long the rebuild took.

A build that fails prints its error once; the server goes on serving the
last good build and waits for the next change. Ctrl-C or SIGTERM stops the
watcher, the server and any build that is running, with its own children.
"""

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import watchfiles

from .build import BuildBusy, build_lock, sibling
from .warm_builder import WarmBuilder

PLUGINS = Path(__file__).resolve().parents[2]  # the folder that holds bilingual/
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(root: Path, bind: str = "127.0.0.1", port: int = 8000) -> Iterator[str]:
    """Serve the folder ``root`` (whatever is at that path at each request,
    so a swapped-in build is served at once); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer((bind, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    thread.start()
    try:
        address, port = server.server_address[:2]
        host = str(address)  # a str for an IPv4 or IPv6 server
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextlib.contextmanager
def stop_on_signals(
    stop: threading.Event, on_stop: Callable[[], object] | None = None
) -> Iterator[None]:
    """Set ``stop`` (and call ``on_stop``) on Ctrl-C or SIGTERM."""

    def handle(_number: int, _frame: object) -> None:
        stop.set()
        if on_stop:
            on_stop()

    previous = {number: signal.signal(number, handle) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class Rebuilder:
    """Runs one build at a time, each forked from a warm builder
    (``warm_builder.py``) in a process group of its own that it can stop."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv  # the build driver's arguments
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(_python_path())}
        self.stopped = threading.Event()
        self._warm: WarmBuilder | None = None
        self._build: int | None = None  # the running build's process group
        # After a change under plugins/, the next build is cold: a build
        # that ran the old code may have recorded the new code's fingerprint.
        self._cold_next = False

    def build(self) -> bool:
        """Run a build to its end; False when it failed or was stopped."""
        if self.stopped.is_set():
            return False
        if self._warm is None or not self._warm.alive():
            self.close()
            self._warm = WarmBuilder(self.env)
        argv = [*self.argv, "--full"] if self._cold_next else self.argv
        self._cold_next = False
        self._build = self._warm.start(argv)
        if self._build is None:  # the builder ended (stopped): no build
            return False
        if self.stopped.is_set():  # a signal came while it started
            self.stop()
        try:
            return self._warm.wait() == 0
        finally:
            if self.stopped.is_set():
                _end_group(self._build)
            self._build = None

    def reload(self) -> None:
        """The plugin's code changed: the next build starts a new builder,
        and is cold."""
        self.close()
        self._cold_next = True

    def close(self) -> None:
        warm, self._warm = self._warm, None
        if warm is not None:
            warm.close()

    def stop(self) -> None:
        """Stop for good, and end the running build (safe in a signal
        handler: it only sends signals; ``build`` waits for the end)."""
        self.stopped.set()
        for group in (self._build, self._warm.process.pid if self._warm else None):
            if group is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(group, signal.SIGTERM)


def _end_group(group: int, grace: float = 10) -> None:
    """Wait until every process of a stopped build's group has ended (its
    worker processes end after the build itself); kill what remains after
    ``grace`` seconds."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


def _python_path() -> list[str]:
    existing = os.environ.get("PYTHONPATH", "")
    return [str(PLUGINS), *(p for p in existing.split(os.pathsep) if p)]


def watched_paths(content: str, settings: str) -> list[str]:
    """What a preview depends on: content, theme, plugins and settings."""
    candidates = [content, "theme", str(PLUGINS), settings]
    return [path for path in dict.fromkeys(candidates) if os.path.exists(path)]


def preview(
    content: str, settings: str, output: Path, bind: str, port: int, cms: bool = False
) -> int:
    argv = [
        content, "-s", settings, "-o", str(output), "--no-search",
        "-e", "BILINGUAL_PREVIEW_DRAFTS=true", *(["BILINGUAL_CMS=true"] if cms else []),
    ]  # fmt: skip
    builder = Rebuilder(argv)
    stop = builder.stopped
    with stop_on_signals(stop, builder.stop), serving(output, bind, port) as url:
        say(f"Serving the preview of {output}/ on {url} (Ctrl-C stops)")
        _report(*_timed(builder.build), stop, output)
        paths = watched_paths(content, settings)
        for changes in watchfiles.watch(*paths, stop_event=stop, raise_interrupt=False):
            if stop.is_set():
                break
            names = sorted({_shown(path) for _change, path in changes})
            if any(Path(path).is_relative_to(PLUGINS) for _change, path in changes):
                builder.reload()  # its imported modules are the old code
            say(f"-> changed: {', '.join(names)}; rebuilding")
            _report(*_timed(builder.build), stop, output)
    builder.close()
    _remove_scratch(output)
    say("Preview stopped.")
    return 0


def _remove_scratch(output: Path) -> None:
    """A build stopped midway leaves its scratch folder; remove it unless
    another build of the same folder runs now."""
    try:
        with build_lock(output, wait=False):
            shutil.rmtree(sibling(output, ".tmp"), ignore_errors=True)
    except BuildBusy:
        pass


def _shown(path: str) -> str:
    """A changed file's path, relative to the working folder when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _timed(build: Callable[[], bool]) -> tuple[bool, float]:
    started = time.perf_counter()
    return build(), time.perf_counter() - started


def _report(succeeded: bool, seconds: float, stop: threading.Event, output: Path) -> None:
    if stop.is_set():
        return
    if succeeded:
        say(f"Preview updated in {seconds:.2f} s.")
    else:
        kept = (
            "still serving the last good build"
            if (output / "index.html").exists()
            else "there is no preview to serve yet"
        )
        say(f"The build failed (see above); {kept}. Waiting for a change…")


def say(message: str) -> None:
    print(message, flush=True)


def serve(root: Path, bind: str, port: int) -> int:
    """``make serve``: serve a built folder until Ctrl-C or SIGTERM."""
    stop = threading.Event()
    with stop_on_signals(stop), serving(root, bind, port) as url:
        say(f"Serving {root}/ on {url} (Ctrl-C stops)")
        while not stop.wait(3600):
            pass
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bilingual.newsroom.devserver", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-o", "--output", default="output-preview")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0: any free port")
    parser.add_argument("--serve-only", action="store_true", help="serve OUTPUT, do not build")
    parser.add_argument("--cms", action="store_true", help="with the browser editor at /admin/")
    args = parser.parse_args(argv)
    output = Path(args.output)
    try:
        if args.serve_only:
            return serve(output, args.bind, args.port)
        return preview(args.content, args.settings, output, args.bind, args.port, args.cms)
    except OSError as error:  # the port is taken, a folder is missing…
        print(f"devserver: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
