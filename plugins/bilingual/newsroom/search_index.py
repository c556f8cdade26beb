"""Index a built site with Pagefind, then make the index reproducible.

Pagefind indexes each page under its ``<html lang>`` (one index per
language) and only the elements the theme marks ``data-pagefind-body``:
published story and page bodies. Its output varies between runs of the same
input in two ways, both taken out here:

- it numbers pages in the order its directory walk meets them, which is the
  order the file system lists a folder's entries: creation order on tmpfs
  and in small ext4 folders, so a page written first in one build and last
  in the next moves every number. Pagefind therefore walks a mirror of the
  site's pages, hard links made in sorted order (``sorted_pages``);
- hash-map order in its bundle files: ``pagefind_bundle.normalise``.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .pagefind_bundle import normalise

BUNDLE = "pagefind"


def build_index(site: str | Path) -> None:
    """Write ``<site>/pagefind``, the same bytes for the same pages."""
    run_pagefind(Path(site))
    normalise(Path(site) / BUNDLE)


def run_pagefind(site: Path) -> None:
    """Pagefind's own index of ``site``'s pages, as it writes it, in ``<site>/pagefind``."""
    bundle = site / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # no stale files
    with tempfile.TemporaryDirectory(prefix=f".{site.name}.pages-", dir=site.parent) as mirror:
        sorted_pages(site, Path(mirror))
        command = [sys.executable, "-m", "pagefind", "--site", mirror, "--silent"]
        subprocess.run([*command, "--output-path", str(bundle.resolve())], check=True)


def sorted_pages(site: Path, mirror: Path) -> None:
    """Hard-link every page of ``site`` (its ``.html`` files, not the bundle)
    into the empty folder ``mirror``, at the same relative paths, creating
    each folder's entries in sorted order: a walk of ``mirror`` then meets
    the same pages in the same order in every build, whatever order the
    build wrote them in. A file system without hard links gets copies."""
    pages = []
    for folder, folders, files in os.walk(site):
        where = Path(folder).relative_to(site).parts
        if not where and BUNDLE in folders:
            folders.remove(BUNDLE)
        pages += [(*where, name) for name in files if name.endswith(".html")]
    pages.sort()
    for parts in pages:
        target = mirror.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site.joinpath(*parts), target)
        except OSError:
            shutil.copyfile(site.joinpath(*parts), target)


if __name__ == "__main__":
    build_index(sys.argv[1] if len(sys.argv) > 1 else "output")
