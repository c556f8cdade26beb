"""Lighthouse on a demo site of photo stories (issue 14's "done when").

    python bench/lighthouse.py --lighthouse PATH [--keep DIR] [--runs 1]

It writes 12 Indonesian stories (two with an English translation), each with
a hero photo 2000 to 4000 px wide, so the home page shows ten photo cards
(the lead and nine), builds them with ``make html``'s driver, serves the
output with Python's http.server on 127.0.0.1, and runs Lighthouse's mobile
preset (its default) on the home page, on the newest story (the lead) and
on one whose photo is 4000×3000. It prints the
performance score and the image audits the issue names, with what each
found. Lighthouse and Chromium are not project dependencies: install
Lighthouse outside the repository (``npm install lighthouse`` in a scratch
folder) and pass its ``lighthouse`` command; Chromium is ``CHROME_PATH``
(default ``/usr/bin/chromium``). Not part of ``make test``.
"""

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
AUDITS = (
    "uses-responsive-images",
    "modern-image-formats",
    "uses-optimized-images",
    "unsized-images",
    "prioritize-lcp-image",
    "largest-contentful-paint",
    "total-byte-weight",
)
SIZES = ((4000, 3000), (3000, 2000), (2400, 1600), (2048, 1365))
STORY = (
    "Title: {title}\nDate: 2026-03-{day:02d} 0{hour}:00\nCategory: {category}\n"
    "Image: images/{image}\nImage_Alt: {alt}\nImage_Caption: {alt}\nImage_Credit: Warta\n\n"
    "{body}\n"
)
TITLES = (
    "Banjir rob merendam pesisir utara", "Harga cabai turun menjelang panen raya",
    "Kereta cepat menambah jadwal akhir pekan", "Warga membersihkan sungai bersama",
    "Pasar malam kembali dibuka", "Sekolah darurat berdiri di lereng gunung",
    "Nelayan pulang lebih awal karena ombak tinggi", "Festival layang-layang di pantai",
    "Jalan desa selesai diperbaiki", "Perpustakaan keliling tiba di kampung",
    "Hujan deras membuat jalan tol tergenang", "Petani kopi memetik panen pertama",
)  # fmt: skip
BODY = (
    "Warga berkumpul sejak pagi di tepi jalan. Petugas mencatat kerusakan dan"
    " membagikan bantuan.\n\nPemerintah daerah berjanji menambah anggaran tahun depan."
    " Para saksi mengatakan air naik dengan cepat setelah tengah malam.\n"
)


def texture(width: int, height: int) -> Image.Image:
    """Grey 1/f noise, as in natural scenes: coarse octaves strong, fine ones
    weaker, so encoders meet a real photo's detail (a smooth picture would
    compress to a few KiB and flatter every audit)."""
    result = Image.new("L", (width, height), 128)
    for octave, weight in enumerate((0.6, 0.45, 0.35, 0.3, 0.25, 0.25, 0.2)):
        step = 2 ** (8 - octave)
        layer = Image.effect_noise((max(2, width // step), max(2, height // step)), 70)
        result = Image.blend(result, layer.resize((width, height), Image.BICUBIC), weight)
    return result


def photo(rng: random.Random, width: int, height: int) -> bytes:
    """A landscape (a sky gradient, a sun, hills) with a photo's texture,
    saved as a camera would (JPEG, quality 90): 4000×3000 is about 1.8 MiB,
    its 800 px AVIF about 40 KiB."""
    sky = tuple(rng.randrange(90, 200) for _ in range(3))
    scene = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    scene = Image.blend(scene, Image.new("RGB", (width, height), sky), 0.6)
    draw = ImageDraw.Draw(scene)
    sun = rng.randrange(width // 5, 4 * width // 5), height // 4
    draw.ellipse((sun[0] - 140, sun[1] - 140, sun[0] + 140, sun[1] + 140), fill=(250, 220, 150))
    for layer in range(4):
        base = height // 2 + layer * height // 10
        points = [(0, height)] + [
            (x, base + rng.randrange(-height // 12, height // 12))
            for x in range(0, width + 200, 200)
        ] + [(width, height)]  # fmt: skip
        shade = tuple(max(0, c - 40 * (layer + 1)) for c in (60, 120, 70))
        draw.polygon(points, fill=shade)
    detail = Image.merge("RGB", [texture(width, height) for _ in range(3)])
    out = io.BytesIO()
    Image.blend(scene, detail, 0.45).save(out, "JPEG", quality=90)
    return out.getvalue()


def generate(root: Path) -> Path:
    """The demo content folder (reused when generated before)."""
    content = root / "content"
    done = root / "generated"
    if done.exists():
        return content
    shutil.rmtree(content, ignore_errors=True)
    (content / "images").mkdir(parents=True)
    (content / "articles").mkdir()
    rng = random.Random(14)
    for n, title in enumerate(TITLES):
        width, height = SIZES[n % len(SIZES)]
        image = f"foto-{n:02d}.jpg"
        (content / "images" / image).write_bytes(photo(rng, width, height))
        fields = dict(day=1 + n, hour=n % 10, image=image, body=BODY)
        text = STORY.format(title=title, category="Kota", alt=f"Foto: {title}", **fields)
        (content / "articles" / f"cerita-{n:02d}.id.md").write_text(text, encoding="utf-8")
        if n % 6 == 0:
            english = STORY.format(
                title=f"Story {n} from the field", category="City", alt=f"Photo {n}", **fields
            )
            (content / "articles" / f"cerita-{n:02d}.en.md").write_text(english, encoding="utf-8")
    done.touch()
    return content


def build(content: Path, output: Path, cache: Path) -> None:
    command = [
        sys.executable, "-m", "bilingual.newsroom.build", str(content), "-o", str(output),
        "-e", f"CACHE_PATH={json.dumps(str(cache))}",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": "plugins"}
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"build failed:\n{done.stdout}\n{done.stderr}")


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The output served by http.server on a free local port: its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
               "--directory", str(folder)]  # fmt: skip
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port)):
                break
            if time.monotonic() > deadline:
                sys.exit("http.server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


def lighthouse(command: str, url: str, report: Path) -> dict:
    chrome_flags = "--headless=new --no-sandbox --disable-gpu"
    done = subprocess.run(
        [command, url, "--quiet", "--output=json", f"--output-path={report}",
         "--only-categories=performance", f"--chrome-flags={chrome_flags}"],
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        sys.exit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def summary(result: dict) -> list[str]:
    """The score and each audit of AUDITS: pass/fail, its value, what it lists."""
    score = result["categories"]["performance"]["score"]
    lines = [f"  performance {round(score * 100)}"]
    for name in AUDITS:
        audit = result["audits"].get(name)
        if audit is None:
            lines.append(f"  {name}: not run")
            continue
        mode, value = audit.get("scoreDisplayMode"), audit.get("score")
        verdict = (
            "n/a" if mode in ("notApplicable", "informative", "manual")
            else "pass" if value is not None and value >= 0.9
            else "FAIL"
        )  # fmt: skip
        lines.append(f"  {name}: {verdict} ({mode}, score {value}) {audit.get('displayValue', '')}")
        for item in (audit.get("details") or {}).get("items", [])[:5]:
            url = item.get("url") or (item.get("node") or {}).get("snippet", "")
            wasted = item.get("wastedBytes")
            lines.append(f"      {str(url)[:110]}" + (f" wastes {wasted} B" if wasted else ""))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lighthouse", required=True, help="the lighthouse command")
    parser.add_argument("--keep", type=Path, help="work in (and keep) this folder")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    root.mkdir(parents=True, exist_ok=True)
    content = generate(root)
    output = root / "output"
    build(content, output, root / "cache")
    # The home page's lead (a 2048 px photo) and a story with a 4000×3000 one.
    pages = ["/"]
    for slug in (f"cerita-{len(TITLES) - 1:02d}", "cerita-08"):
        found = next(output.glob(f"2*/*/{slug}/index.html")).parent.relative_to(output)
        pages.append(f"/{found.as_posix()}/")
    with serve(output) as base:
        for page in pages:
            for run in range(args.runs):
                name = page.strip("/").replace("/", "-") or "home"
                report = root / f"report-{name}-{run + 1}.json"
                result = lighthouse(args.lighthouse, base + page, report)
                print(f"{page} (run {run + 1}):")
                print("\n".join(summary(result)))
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
