"""Convert a folder's Markdown sources on every core before Pelican asks.

Pelican reads files one at a time; converting Markdown is most of a cold
build's reading time and needs nothing from Pelican, so worker processes
convert every source of a folder while Pelican consumes the results in its
own order. Output is unchanged: each file is converted the same way, only
elsewhere. Off for small folders, with the content cache (most files are
not re-read), in the live preview (its server threads and fork do not
mix), or when ``BILINGUAL_WORKERS`` is 1.
"""

import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from .errors import ContentError
from .pelican_internals import content_files
from .source import MARKDOWN_SUFFIXES, SourceConverter

MINIMUM_FILES = 100  # below this, starting workers costs more than it saves

# One converter per worker process, made by the pool's initializer. It
# lives only in the workers, never in the process that runs Pelican.
_worker_converter = None


def _start_worker(markdown, rules):
    global _worker_converter
    _worker_converter = SourceConverter(markdown, rules)


def _convert(relative):
    try:
        return _worker_converter.convert(relative)
    except ContentError as error:
        return error


class Prefetcher:
    def __init__(self, markdown, rules, files, workers):
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(markdown, rules),
        )
        self._pending = {relative: self._pool.submit(_convert, relative) for relative in files}

    def take(self, relative):
        """The converted ``Source`` (or its ``ContentError``), or None when
        this file was not prefetched."""
        future = self._pending.pop(relative, None)
        if future is None:
            return None
        result = future.result()
        if not self._pending:
            self._pool.shutdown()
        return result


def sources_beside(relative: str, settings: Mapping[str, Any]) -> list[str]:
    """The Markdown files of the content group (article or page paths) that
    holds ``relative``, as Pelican will look for them, sorted; a file that
    is not inside PATH (through a linked folder) is left to the reader, which
    refuses it."""
    groups = (
        (settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]),
        (settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]),
    )
    holding = [g for g in groups if any(_inside(relative, p) for p in g[0])]
    if not holding:
        return []
    (paths, excludes), root = holding[0], settings["PATH"]
    extensions = [suffix.lstrip(".") for suffix in MARKDOWN_SUFFIXES]
    found = content_files(settings, paths, excludes, extensions)
    return [f for f in found if _real_file_inside(root, f)]


def _real_file_inside(root: str, relative: str) -> bool:
    path = os.path.join(root, relative)
    inside = os.path.realpath(path).startswith(os.path.realpath(root) + os.sep)
    return inside and not os.path.islink(path)


def _inside(relative: str, folder: str) -> bool:
    folder = folder.strip("/")
    return not folder or relative == folder or relative.startswith(folder + "/")
