"""``make screenshots``: PNGs of the home and a story page in both languages
at phone and desktop widths, on a generated demo corpus (so the home page is
full), for the README.

    python tools/screenshots.py [OUT_DIR]

Needs Chromium: the one WARTA_BROWSER names (see browser.py), as the browser
tests do.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from browser import chromium, served

REPO = Path(__file__).resolve().parents[1]
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


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
    with served(site) as base, chromium() as browser:
        for name, path in pages.items():
            for width_name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(base + path)
                page.screenshot(path=str(out / f"{name}-{width_name}.png"))
                page.close()
    shutil.rmtree(work)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
