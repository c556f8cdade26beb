"""Benchmark the image pipeline (issue 14): a first build, a rebuild with the
image cache warm, and a build of the same stories without images.

    python bench/images.py [--photos 200] [--runs 3] [--cold-runs 1] [--keep DIR]

It generates ``--photos`` stories, each with one hero image: three in four
are 4000×3000 camera JPEGs (gradients and grain, about the size a phone
writes), the rest 1920×1080 PNG screenshots (text on a flat background).
The "without images" corpus is the same stories with no ``Image:`` line and
no image files. Every build runs ``make html``'s driver with search off,
into an empty output folder; the cold build starts from an empty image
cache, the cached rebuild from the cache the cold build filled. Cached and
image-free builds alternate, so both see the same load. It prints the
median wall time and CPU time (the build's and its workers') of each.

``--kept-output`` times what ``make html`` run again does instead: each
corpus rebuilt, unchanged, into its own output folder kept from the build
before (pages reused, the replaced site's image folders taken over), after
two untimed builds each.
"""

import argparse
import io
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parents[1]
STORY = (
    "Title: Laporan {n} dari lapangan\nDate: 2025-{month:02d}-{day:02d} 08:{minute:02d}\n"
    "Category: Kota\n{image}\nLaporan nomor {n}. Warga berkumpul di alun-alun sejak pagi.\n\n"
    "Paragraf kedua berisi keterangan saksi dan data dari dinas terkait.\n"
)


def camera_jpeg(rng: random.Random) -> bytes:
    """4000×3000: a smooth scene with grain, as a phone's JPEG."""
    small = Image.effect_noise((200, 150), 60).convert("RGB")
    tint = Image.new("RGB", small.size, tuple(rng.randrange(40, 220) for _ in range(3)))
    scene = Image.blend(small, tint, 0.6).resize((4000, 3000), Image.BICUBIC)
    grain = Image.effect_noise((1000, 750), 8).resize((4000, 3000)).convert("RGB")
    out = io.BytesIO()
    Image.blend(scene, grain, 0.15).save(out, "JPEG", quality=88)
    return out.getvalue()


def screenshot_png(rng: random.Random) -> bytes:
    """1920×1080: lines of text on a flat background."""
    shot = Image.new("RGB", (1920, 1080), (250, 250, 250))
    draw = ImageDraw.Draw(shot)
    for y in range(20, 1080, 22):
        draw.text((20, y), f"$ curl -s api/{rng.randrange(10**6)} | jq .items[] " * 3, fill=0)
    out = io.BytesIO()
    shot.save(out, "PNG")
    return out.getvalue()


def generate(count: int, root: Path) -> tuple[Path, Path]:
    """(content with images, the same stories without); a corpus of the same
    count generated into ``root`` before is reused (generation is slow)."""
    rng = random.Random(14)
    with_images, without = root / "with-images", root / "without-images"
    done = root / f"generated-{count}"
    if done.exists():
        return with_images, without
    for folder in (with_images, without):
        shutil.rmtree(folder, ignore_errors=True)
    for folder in (with_images, without):
        (folder / "articles").mkdir(parents=True)
    (with_images / "images").mkdir()
    for n in range(count):
        name = f"foto-{n:03d}.jpg" if n % 4 else f"layar-{n:03d}.png"
        data = camera_jpeg(rng) if n % 4 else screenshot_png(rng)
        (with_images / "images" / name).write_bytes(data)
        fields = dict(n=n, month=1 + n % 12, day=1 + n % 28, minute=n % 60)
        text = STORY.format(image=f"Image: images/{name}\nImage_Alt: Foto {n}\n", **fields)
        (with_images / "articles" / f"laporan-{n:03d}.id.md").write_text(text, encoding="utf-8")
        bare = STORY.format(image="", **fields)
        (without / "articles" / f"laporan-{n:03d}.id.md").write_text(bare, encoding="utf-8")
    done.touch()
    return with_images, without


def build(content: Path, output: Path, cache: Path, fresh: bool = True) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the build and its workers); ``fresh``:
    into an empty output folder."""
    if fresh:
        shutil.rmtree(output, ignore_errors=True)
    command = [
        sys.executable, "-m", "bilingual.newsroom.build", str(content), "-o", str(output),
        "--no-search", "-e", f"CACHE_PATH={json.dumps(str(cache))}",
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env={"PYTHONPATH": "plugins", "PATH": ""},
                          capture_output=True, text=True)  # fmt: skip
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"build failed:\n{done.stdout}\n{done.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return took, cpu


def median(runs: list[tuple[float, float]], which: int) -> float:
    return statistics.median(run[which] for run in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=1)
    parser.add_argument(
        "--keep", type=Path, help="generate into (and keep) this folder; reused when run again"
    )
    parser.add_argument(
        "--kept-output", action="store_true", help="rebuild into kept output folders, unchanged"
    )
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-images-"))
    started = time.perf_counter()
    with_images, without = generate(args.photos, root)
    size = sum(p.stat().st_size for p in (with_images / "images").iterdir()) / 2**20
    print(
        f"{args.photos} images ({size:.0f} MiB) ready in {time.perf_counter() - started:.0f} s;"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    output, cache, bare_cache = root / "output", root / "cache", root / "cache-bare"
    cold = []
    for _ in range(args.cold_runs):
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(build(with_images, output, cache))
    bare_output, fresh = output, not args.kept_output
    if args.kept_output:
        output, bare_output = root / "kept-images" / "output", root / "kept-bare" / "output"
        for _ in range(2):  # the second leaves the replaced site for the next to take over
            build(with_images, output, cache, fresh=False)
            build(without, bare_output, bare_cache, fresh=False)
    else:
        build(without, output, bare_cache)  # untimed: its template cache warm, as the rebuild's is
    cached, bare = [], []
    for _ in range(args.runs):  # alternating, so both see the same load
        cached.append(build(with_images, output, cache, fresh))
        bare.append(build(without, bare_output, bare_cache, fresh))
    published = sum(1 for p in output.rglob("*") if p.is_file())
    for label, runs in (
        ("first build (empty image cache)", cold),
        ("rebuild, image cache warm", cached),
        ("same stories without images", bare),
    ):
        if not runs:  # --cold-runs 0: the cache of an earlier run is reused
            continue
        print(f"{label + ':':33}{median(runs, 0):7.2f} s wall {median(runs, 1):7.2f} s CPU")
    print(
        f"rebuild / without images:        {median(cached, 0) / median(bare, 0):7.3f} wall"
        f" {median(cached, 1) / median(bare, 1):7.3f} CPU"
    )
    print(
        f"(files in the last output: {published}; runs: {args.cold_runs} cold, {args.runs} each"
        f"{', into kept output folders' if args.kept_output else ''};"
        f" load average {os.getloadavg()[0]:.1f})"
    )
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
