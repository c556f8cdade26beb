"""``make screenshots``: PNGs of the home and a story page in both languages
at phone and desktop widths, on a generated demo corpus (so the home page is
full), for the README.

    python tools/screenshots.py [OUT_DIR]

Needs Debian's chromium (the browser tests use the same).
"""

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(out):
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="screenshots-"))
    content, site = work / "content", work / "output"
    subprocess.run([sys.executable, "bench/generate.py", "24", str(content)], cwd=REPO, check=True)
    subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(site), "-q"],
        cwd=REPO, check=True,
    )  # fmt: skip
    story = next(site.glob("20*/*/*/index.html")).parent.relative_to(site).as_posix()
    pages = {
        "home-id": "/",
        "home-en": "/en/",
        "story-id": f"/{story}/",
        "story-en": f"/en/{story}/",
    }
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for name, path in pages.items():
            for width_name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + path)
                page.screenshot(path=str(out / f"{name}-{width_name}.png"))
                page.close()
        browser.close()
    server.shutdown()
    shutil.rmtree(work)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
