"""Index a built site with Pagefind, then make the index reproducible.

Pagefind indexes each page under its ``<html lang>`` (one index per
language) and only the elements the theme marks ``data-pagefind-body``:
published story and page bodies. Its output varies between runs of the same
input; ``pagefind_bundle.normalise`` takes that out.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from .pagefind_bundle import normalise


def build_index(site: str | Path) -> None:
    """Write ``<site>/pagefind``, the same bytes for the same pages."""
    run_pagefind(Path(site))
    normalise(Path(site) / "pagefind")


def run_pagefind(site: Path) -> None:
    """Pagefind's own index of ``site``, as it writes it, in ``<site>/pagefind``."""
    shutil.rmtree(site / "pagefind", ignore_errors=True)  # no stale files
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)


if __name__ == "__main__":
    build_index(sys.argv[1] if len(sys.argv) > 1 else "output")
