"""Benchmark our build against vanilla Pelican and pelican-i18n-subsites.

    python bench/run.py [--sizes 250 1000 3000] [--runs 5] [--cache-edit] [--incremental]

For each corpus size N (story pairs, from generate.py) it builds with
(a) our site configuration, (b) vanilla Pelican (default theme, no plugins)
and (c) Pelican with pelican-i18n-subsites, alternating, one warm-up round
and then --runs timed rounds, each build into an empty output folder with no
content cache. It prints median wall time, peak RSS, files written and
milliseconds per story page: (median wall - median empty-site wall) / story
pages. --cache-edit adds the cached rebuild after editing one story (ours
and vanilla). The search index is timed on its own. --incremental times
our build after one-story edits (a typo in a body, a new story, a retitled
story, a changed tag, a deleted story) as the live preview runs it (forked
from a warm builder, no search index), and the whole ``make html`` after a
typo with the search index's part of it (as the driver times it) and, on the
same output, one Pagefind run over the whole site, against vanilla's cold
build and our own cold build, alternating, at the first size.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CONFIGS = {
    "ours": ("pelicanconf.py", ["--fatal", "warnings"]),
    "vanilla": ("bench/vanilla.py", []),
    "i18n-subsites": ("bench/i18n_subsites.py", []),
}


def build(config, content, output, extra=()):
    """(wall seconds, measurement) of one build into an empty ``output``."""
    settings, flags = CONFIGS[config]
    if config == "ours" and "-e" not in extra:
        extra = ["-e", cache_path(output)]
    shutil.rmtree(output, ignore_errors=True)
    command = [PYTHON, "bench/measure.py", settings, str(content), str(output), *flags, *extra]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"{config} build failed:\n{done.stdout}\n{done.stderr}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def cache_path(output):
    """Our image cache beside the output, on the same file system, as
    ``cache/`` and ``output/`` are in a project: published images are then
    hard links, not copies (a cache on another device than the tmpfs
    outputs cost a copy of every social card in each build)."""
    return f'CACHE_PATH="{output.parent / "cache"}"'


def files_in(output):
    return sum(1 for p in output.rglob("*") if p.is_file())


def measure_size(n, runs, work, outputs, configs):
    content = work / f"corpus-{n}"
    if not content.exists():
        subprocess.run([PYTHON, "bench/generate.py", str(n), str(content)], cwd=REPO, check=True)
    empty = work / "empty"
    empty.mkdir(exist_ok=True)
    walls = {c: [] for c in configs}
    empties = {c: [] for c in configs}
    memory = {c: [] for c in configs}
    for round_ in range(runs + 1):  # round 0 warms up the disk cache and imports
        for config in configs:
            out = outputs / f"out-{config}"
            wall, measured = build(config, content, out)
            empty_wall, _ = build(config, empty, outputs / f"empty-{config}")
            if round_:
                walls[config].append(wall)
                empties[config].append(empty_wall)
                memory[config].append(measured)
    rows = {}
    for config in configs:
        out = outputs / f"out-{config}"
        build(config, content, out)
        pages = count_story_pages(config, out)
        median = statistics.median(walls[config])
        empty_median = statistics.median(empties[config])
        rows[config] = {
            "median_s": median,
            "runs_s": walls[config],
            "peak_rss_mb": max(m["peak_rss_kb"] for m in memory[config]) / 1024,
            "worker_peak_rss_mb": max(m["worker_peak_rss_kb"] for m in memory[config]) / 1024,
            "peak_pss_total_mb": max(m["peak_pss_total_kb"] for m in memory[config]) / 1024,
            "files": files_in(out),
            "story_pages": pages,
            "ms_per_story_page": 1000 * (median - empty_median) / pages,
        }
    return rows


def count_story_pages(config, output):
    """Story pages: HTML files inside year folders (/2025/..., /en/2025/...)."""
    found = 0
    for root in (output, output / "en"):
        for year in root.glob("[12][0-9][0-9][0-9]"):
            found += sum(1 for _ in year.rglob("*.html"))
    if found:
        return found
    # vanilla and i18n-subsites write {slug}.html (and {slug}-{lang}.html) at the root
    return sum(1 for root in (output, output / "en") for p in root.glob("story-*.html"))


def cached_rebuild(n, work, outputs):
    """Seconds for a cached rebuild after editing one story, ours and vanilla."""
    content = work / f"corpus-{n}"
    result = {}
    for config in ("ours", "vanilla"):
        cache = work / f"cache-{config}"
        shutil.rmtree(cache, ignore_errors=True)
        extra = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true", f'CACHE_PATH="{cache}"']
        edited = sorted(content.glob("articles/*/*.id.md"))[
            len(list(content.glob("articles/*/*.id.md"))) // 2
        ]
        original = edited.read_text(encoding="utf-8")
        times = []
        for round_ in range(4):
            build(config, content, outputs / f"cached-{config}", extra)  # fills the cache
            edited.write_text(original + f"\nSatu kalimat tambahan {round_}.\n", encoding="utf-8")
            wall, _ = build(config, content, outputs / f"cached-{config}", extra)
            edited.write_text(original, encoding="utf-8")
            if round_:
                times.append(wall)
        result[config] = statistics.median(times)
    return result


def drive(content, output, *flags):
    """Wall seconds of one ``make html`` (the build driver) of ``content``."""
    return run_driver(content, output, *flags)[0]


def run_driver(content, output, *flags):
    """(wall seconds, what it printed) of one ``make html`` of ``content``."""
    command = [PYTHON, "-m", "bilingual.newsroom.build", str(content), "-s", "pelicanconf.py",
               "-o", str(output), *flags, "-e", cache_path(output)]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=REPO, env={**os.environ, "PYTHONPATH": "plugins"},
        capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"build of {content} failed:\n{done.stdout}\n{done.stderr}")
    return wall, done.stdout


def whole_site_index_seconds(site, outputs):
    """Seconds of one Pagefind run over every page of ``site`` (normalised),
    what ``make html`` ran after every edit before each language's index
    was kept (``search_index.index_whole_site``), into a scratch folder."""
    scratch = Path(tempfile.mkdtemp(dir=outputs))
    code = (
        "import sys, time; from pathlib import Path;"
        " from bilingual.newsroom.search_index import index_whole_site;"
        " start = time.perf_counter(); scratch = Path(sys.argv[2]);"
        " index_whole_site(Path(sys.argv[1]), scratch / 'bundle', scratch);"
        " print(time.perf_counter() - start)"
    )
    done = subprocess.run(
        [PYTHON, "-c", code, str(site), str(scratch)], cwd=REPO,
        env={**os.environ, "PYTHONPATH": "plugins"}, check=True, capture_output=True, text=True,
    )  # fmt: skip
    shutil.rmtree(scratch)
    return float(done.stdout)


def search_seconds(printed):
    """The driver's own timing of the search index: "Search index: … in 1.23 s"."""
    found = re.search(r"^Search index: .* in ([0-9.]+) s$", printed, re.MULTILINE)
    if found is None:
        sys.exit(f"the build printed no search index timing:\n{printed}")
    return float(found.group(1))


# The settings make devserver adds (newsroom/devserver.py). They go after
# the one -e: Pelican keeps only the last -e of a command line.
PREVIEW_SETTINGS = ("BILINGUAL_PREVIEW_DRAFTS=true",)


class Preview:
    """Builds as ``make devserver`` runs them: each forked from one warm
    builder (``newsroom/warm_builder.py``) that has the modules imported."""

    def __init__(self):
        sys.path.insert(0, str(REPO / "plugins"))
        from bilingual.newsroom.warm_builder import WarmBuilder

        env = {**os.environ, "PYTHONPATH": "plugins"}
        self.warm = WarmBuilder(env, cwd=str(REPO), output=subprocess.DEVNULL)

    def build(self, content, output):
        """Wall seconds of one build (``--no-search``, with the settings
        ``make devserver`` adds), from the request to its end. The
        builder's work between builds (``build.between_builds``: removing
        the site before last, reading ahead) is then waited for, untimed:
        an editor's next save comes seconds later, not at once."""
        argv = [str(content), "-s", "pelicanconf.py", "-o", str(output), "--no-search",
                "-e", *PREVIEW_SETTINGS, cache_path(output)]  # fmt: skip
        start = time.perf_counter()
        self.warm.start(argv)
        status = self.warm.wait()
        wall = time.perf_counter() - start
        if status != 0:
            sys.exit(f"preview build of {content} failed (status {status})")
        self.warm.idle()
        return wall

    def close(self):
        self.warm.close()


def one_story_edits(content):
    """{scenario: edit()}, each edit returning the function that undoes it."""
    stories = sorted(content.glob("articles/*/story-*.id.md"))
    middle = stories[len(stories) // 2]
    pair = [middle, middle.with_name(middle.name.replace(".id.md", ".en.md"))]

    def rewrite(path, change):
        before = path.read_text(encoding="utf-8")
        path.write_text(change(before), encoding="utf-8")
        return lambda: path.write_text(before, encoding="utf-8")

    def typo():
        return rewrite(middle, lambda t: t[: t.rindex(" ")] + "x" + t[t.rindex(" ") :])

    def retitle():
        return rewrite(middle, lambda t: t.replace("Title: ", "Title: Diperbarui: ", 1))

    def changed_tag():
        return rewrite(middle, lambda t: t.replace("Tags: ", "Tags: Kopi, ", 1))

    def new_story():
        new = content / "articles" / "2025" / "bench-new.id.md"
        new.write_text(
            "Title: Berita Terbaru\nDate: 2025-12-31 23:00\nCategory: Politik\n"
            "Tags: Pemilu\nAuthors: Budi Santoso\nSummary: Ringkasan.\n\nIsi berita baru.\n",
            encoding="utf-8",
        )
        return new.unlink

    def deleted_story():
        kept = {p: p.read_bytes() for p in pair if p.exists()}
        for p in kept:
            p.unlink()
        return lambda: [p.write_bytes(data) for p, data in kept.items()]

    return {"typo in a body": typo, "new story": new_story, "retitled story": retitle,
            "changed tag": changed_tag, "deleted story": deleted_story}  # fmt: skip


def incremental(n, runs, work, outputs):
    """Median seconds: vanilla cold, ours cold, and ours after each edit."""
    content = work / f"corpus-{n}"
    if not content.exists():
        subprocess.run([PYTHON, "bench/generate.py", str(n), str(content)], cwd=REPO, check=True)
    edits = one_story_edits(content)
    ours = outputs / "incremental"
    times = {"vanilla cold": [], "ours cold (--full)": []}
    times.update({f"{name} (Pelican part)": [] for name in edits})
    times["typo in a body (with search index)"] = []
    times["typo in a body, search index part"] = []
    times["the same, whole-site index (before)"] = []
    drive(content, ours, "--no-search")  # fills the cache
    previewed = outputs / "preview"  # the preview's builds have a folder of their own
    preview = Preview()
    for round_ in range(runs + 1):
        walls = {"vanilla cold": build("vanilla", content, outputs / "out-vanilla")[0]}
        walls["ours cold (--full)"] = drive(content, ours, "--no-search", "--full")
        # Untimed: make devserver has built the site as it is before the
        # editor's first change (its warm builder then holds the sources).
        preview.build(content, previewed)
        for name, edit in edits.items():
            undo = edit()
            walls[f"{name} (Pelican part)"] = preview.build(content, previewed)
            undo()
            preview.build(content, previewed)
        undo = edits["typo in a body"]()
        drive(content, ours)  # untimed: indexes the edited site, whose English is the same
        undo()
        wall, printed = run_driver(content, ours)
        walls["typo in a body (with search index)"] = wall
        walls["typo in a body, search index part"] = search_seconds(printed)
        walls["the same, whole-site index (before)"] = whole_site_index_seconds(ours, outputs)
        drive(content, ours, "--no-search")
        if round_:  # round 0 warms up
            for name, wall in walls.items():
                times[name].append(wall)
    preview.close()
    return {name: statistics.median(values) for name, values in times.items()}


def search_index_seconds(outputs):
    out = outputs / "out-ours"
    start = time.perf_counter()
    subprocess.run(
        [PYTHON, "-m", "bilingual.newsroom.search_index", str(out)],
        cwd=REPO, env={"PYTHONPATH": "plugins"}, check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 3000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    parser.add_argument("--cache-edit", action="store_true")
    parser.add_argument("--incremental", action="store_true", help="one-story edit rebuilds")
    parser.add_argument("--work", help="keep corpora and results here")
    parser.add_argument(
        "--outputs",
        default="/dev/shm" if Path("/dev/shm").is_dir() else None,
        help="where builds write (default: tmpfs, so disk write-back noise stays out)",
    )
    args = parser.parse_args()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    outputs = Path(args.outputs) / f"bench-{work.name}" if args.outputs else work
    outputs.mkdir(parents=True, exist_ok=True)
    print(f"{'N':>5} {'config':<14} {'median s':>9} {'x vanilla':>9} {'peak RSS MB':>11} "
          f"{'x vanilla':>9} {'files':>6} {'ms/story page':>13}")  # fmt: skip
    results = {}
    for n in args.sizes:
        rows = measure_size(n, args.runs, work, outputs, args.configs)
        base = rows.get("vanilla")
        for config, row in rows.items():
            time_ratio = row["median_s"] / base["median_s"] if base else float("nan")
            rss_ratio = row["peak_rss_mb"] / base["peak_rss_mb"] if base else float("nan")
            print(f"{n:>5} {config:<14} {row['median_s']:>9.2f} {time_ratio:>9.2f} "
                  f"{row['peak_rss_mb']:>11.0f} {rss_ratio:>9.2f} {row['files']:>6} "
                  f"{row['ms_per_story_page']:>13.2f}", flush=True)  # fmt: skip
        together = ", ".join(f"{c} {r['peak_pss_total_mb']:.0f} MB" for c, r in rows.items())
        print(f"{'':>5} {'':<14} all processes together (peak PSS): {together}", flush=True)
        if "ours" in rows:
            print(f"{'':>5} {'':<14} worker peak RSS {rows['ours']['worker_peak_rss_mb']:.0f} MB;"
                  f" search index {search_index_seconds(outputs):.2f} s", flush=True)  # fmt: skip
        results[n] = rows
    if args.cache_edit:
        n = 1000 if 1000 in args.sizes else args.sizes[0]
        cached = cached_rebuild(n, work, outputs)
        print(
            f"cached rebuild after editing one story (N={n}): ours {cached['ours']:.2f} s, "
            f"vanilla {cached['vanilla']:.2f} s ({cached['ours'] / cached['vanilla']:.2f}x)"
        )
    if args.incremental:
        n = args.sizes[0]
        medians = incremental(n, args.runs, work, outputs)
        vanilla, cold = medians["vanilla cold"], medians["ours cold (--full)"]
        print(f"incremental builds (N={n}), median of {args.runs}:")
        print(f"{'build':<40} {'median s':>9} {'x vanilla cold':>14} {'x our cold':>10}")
        for name, median in medians.items():
            print(f"{name:<40} {median:>9.2f} {median / vanilla:>14.2f} {median / cold:>10.2f}")
        results["incremental"] = {"n": n, "medians_s": medians}
    (work / "results.json").write_text(json.dumps(results, indent=2))
    shutil.rmtree(outputs, ignore_errors=True)
    print(f"raw figures: {work / 'results.json'}")


if __name__ == "__main__":
    main()
