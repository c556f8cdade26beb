"""What the tools and the browser tests share: a built site served on
127.0.0.1, and headless Chromium launched through Playwright.

Which Chromium is one setting, the environment variable ``WARTA_BROWSER``:

- a path: that Chromium executable;
- set but empty: Playwright's own Chromium (``python -m playwright install
  chromium``), what the publishing workflow uses on GitHub's runners, where
  the system's Chromium is a snap that Playwright cannot drive;
- unset: Debian's ``/usr/bin/chromium`` when it is there (``apt-get install
  chromium``; no browser download), else Playwright's own.
"""

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Playwright is imported when a browser starts: half a second
    from playwright.sync_api import Browser, Playwright

SETTING = "WARTA_BROWSER"
DEBIAN_CHROMIUM = "/usr/bin/chromium"
INSTALL = "python -m playwright install --with-deps chromium"
# Chromium as root in a sandbox-less container, without background traffic.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


def executable() -> str | None:
    """The Chromium to launch; None for Playwright's own."""
    if SETTING in os.environ:
        return os.environ[SETTING] or None
    return DEBIAN_CHROMIUM if os.path.exists(DEBIAN_CHROMIUM) else None


def missing(playwright: "Playwright") -> str | None:
    """Why the chosen Chromium cannot be launched, or None when it is there."""
    chosen = executable()
    if chosen is None:
        if Path(playwright.chromium.executable_path).exists():
            return None
        if SETTING in os.environ:
            return f"{SETTING} is empty but Playwright's Chromium is not installed: {INSTALL}"
        return (
            f"no Chromium: {DEBIAN_CHROMIUM} is not there (apt-get install chromium) and "
            f"Playwright's is not installed ({INSTALL}); or set {SETTING} to a Chromium executable"
        )
    if os.access(chosen, os.X_OK):
        return None
    return f"{SETTING}={chosen!r} is not an executable file"


def launch(playwright: "Playwright") -> "Browser":
    """Headless Chromium, as ``WARTA_BROWSER`` chooses."""
    return playwright.chromium.launch(executable_path=executable(), args=ARGS)


SHUTDOWN_POLL = 0.02  # seconds


class _Quiet(http.server.SimpleHTTPRequestHandler):
    csp: str | None = None  # a Content-Security-Policy header to send

    def end_headers(self) -> None:
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def served(root: Path | str, csp: str | None = None) -> Iterator[str]:
    """The base URL of ``root`` served on a free port of 127.0.0.1, with a
    ``Content-Security-Policy`` header when ``csp`` is given."""
    handler_class = type("_Strict", (_Quiet,), {"csp": csp}) if csp else _Quiet
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    # shutdown() waits for the serving loop to look for it, every
    # poll_interval (half a second by default): each test module that serves
    # a site would wait that long at its end.
    serving = functools.partial(server.serve_forever, poll_interval=SHUTDOWN_POLL)
    threading.Thread(target=serving, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator["Browser"]:
    """A headless Chromium browser (see ``WARTA_BROWSER`` above)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        problem = missing(playwright)
        if problem:
            raise SystemExit(problem)
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()
