"""Two versions of the plugin's Markdown conversion, side by side in one
process: are their results identical, and how much CPU does each spend?

    .venv/bin/python bench/conversion.py main --corpus /path/to/corpus tests/realistic
    .venv/bin/python bench/conversion.py main HEAD~2 --corpus DIR --rounds 7

OLD and NEW are git revisions (NEW defaults to the working tree: "."). Each
version's ``plugins/bilingual`` is loaded under its own package name and
converts every Markdown file of every corpus (``SourceConverter.convert``,
what the build's workers run); every field of each ``Source``, or the
error, must be equal. Then the first corpus is converted ``--rounds`` times
with each file going through both versions in turn (the order alternating),
``time.process_time`` summed per version: a shared, noisy machine slows
both alike. Medians and the median per-round difference are printed.
"""

import argparse
import importlib
import io
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def plugin_copy(revision: str, into: Path, name: str) -> None:
    """``plugins/bilingual`` of ``revision`` (or of the working tree, ".")
    as the package ``name`` in ``into``."""
    target = into / name
    if revision == ".":
        shutil.copytree(
            REPO / "plugins" / "bilingual", target, ignore=shutil.ignore_patterns("__pycache__")
        )
        return
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision, "plugins/bilingual"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into / "extracted", filter="data")
    shutil.move(into / "extracted" / "plugins" / "bilingual", target)


def converter(package: str, corpus: Path, cache: Path) -> Any:
    from pelican.settings import read_settings

    reader = importlib.import_module(f"{package}.reader")
    configure = importlib.import_module(f"{package}.settings").configure
    override = {"PATH": str(corpus), "CACHE_PATH": str(cache)}
    settings = configure(read_settings(str(REPO / "pelicanconf.py"), override=override))
    return reader.BilingualMarkdownReader(settings)._converter


def outcome(convert: Any, relative: str) -> tuple[str, Any]:
    """Every field of the file's Source, or the error it raised."""
    try:
        return "source", {k: repr(v) for k, v in vars(convert(relative)).items()}
    except Exception as error:  # noqa: BLE001 (an error is a result to compare too)
        return type(error).__name__, repr(error.args)


def timed(convert: Any, relative: str) -> float:
    """CPU seconds this process spent converting the file (or failing to)."""
    start = time.process_time()
    try:
        convert(relative)
    except Exception:  # noqa: BLE001, S110 (a story with problems costs CPU too)
        pass
    return time.process_time() - start


def markdown_files(corpus: Path) -> list[str]:
    return sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.md"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new", nargs="?", default=".")
    parser.add_argument("--corpus", nargs="+", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for revision, name in ((args.old, "bilingual_old"), (args.new, "bilingual_new")):
            plugin_copy(revision, root, name)
        sys.path.insert(0, str(root))
        different = 0
        for corpus in args.corpus:
            corpus = corpus.resolve()
            old = converter("bilingual_old", corpus, root / "cache-old")
            new = converter("bilingual_new", corpus, root / "cache-new")
            files = markdown_files(corpus)
            unequal = [f for f in files if outcome(old.convert, f) != outcome(new.convert, f)]
            different += len(unequal)
            verdict = "identical" if not unequal else f"DIFFERENT: {', '.join(unequal[:5])}"
            print(f"{corpus}: {len(files)} files, {verdict}", flush=True)
        corpus = args.corpus[0].resolve()
        sides = {
            "old": converter("bilingual_old", corpus, root / "cache-old"),
            "new": converter("bilingual_new", corpus, root / "cache-new"),
        }
        files = markdown_files(corpus)
        for relative in files[:20]:  # each language's Markdown instance is made on first use
            for side in sides.values():
                timed(side.convert, relative)
        seconds: dict[str, list[float]] = {"old": [], "new": []}
        for round_ in range(args.rounds):
            spent = dict.fromkeys(sides, 0.0)
            for number, relative in enumerate(files):
                order = ("old", "new") if (number + round_) % 2 == 0 else ("new", "old")
                for side in order:
                    spent[side] += timed(sides[side].convert, relative)
            for side, total in spent.items():
                seconds[side].append(total)
            print(f"round {round_ + 1}: old {spent['old']:.3f} s, new {spent['new']:.3f} s")
        for side, values in seconds.items():
            print(f"{side}: median {statistics.median(values):.3f} s CPU for {len(files)} files")
        saved = statistics.median(
            o - n for o, n in zip(seconds["old"], seconds["new"], strict=True)
        )
        print(f"saved: {saved:.3f} s (median of the per-round differences)")
        sys.exit(1 if different else 0)


if __name__ == "__main__":
    main()
