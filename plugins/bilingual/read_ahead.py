"""Pelican's reading of the content, done ahead for the live preview.

The live preview forks each build from a warm builder
(``newsroom/warm_builder.py``). Between two builds, while the editor
writes, the builder reads the content as the next build will (``read``):
Pelican's Article or Page of every file, with the plugin's checks, its URL
frozen and the links in its body found. That
reading was the largest part of a one-story rebuild (0.5 of 1.9 s at
1,000 story pairs), though all but the edited file come out the same.

A build forked after that takes a file's Article or Page from memory when

- the file is the one read: the same device, inode, size, modification
  time and change time, taken before it was read (a save is a new time;
  a tool that sets the modification time back, ``cp -p``, ``rsync -t``,
  ``tar x``, ``touch -r``, still gives the file a new change time);
- the build is incremental, and its environment fingerprint (settings,
  theme, catalogs, plugin code, packages, static files:
  ``build_state.py``) is the one the contents were read under
  (``accept``). A cold or ``--full`` build reads everything.

It reads every other file itself. A file whose reading logged a warning or
a problem is never kept: each build reads it again and says so. Both sides
go through the generators' content cache (``pelican_internals.
content_cache``); Pelican's cache on disk stays off (``source_cache.py``),
and a build that is not forked from a warm builder finds nothing kept.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator

from .content_tree import TREE, scan
from .pelican_internals import (
    console_print,
    content_cache,
    forget_logged_messages,
    freeze_url,
    reading_generators,
    rebind,
    replaced_link_starts,
)

# A file as it was when read: device, inode, size, modification and change
# times (ns). Only the system sets the change time.
Stamp = tuple[int, int, int, int, int]


@dataclass
class Kept:
    """The contents the last read-ahead made, by absolute path, with the
    fingerprint they were read under; in a build, whether it takes them."""

    fingerprint: str = ""
    contents: dict[str, tuple[Stamp, Any]] = field(default_factory=dict)
    accepted: bool = False
    taken: int = 0  # in a build: files taken from ``contents``
    read: int = 0  # …and files read


KEPT = Kept()


def stamp(path: str) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def _take(generator: Any, path: str) -> Any:
    """The kept content of the file at ``path`` as it is now, given this
    run's context and settings; None: read it."""
    if will_read(path):
        KEPT.read += 1
        return None
    KEPT.taken += 1
    content = KEPT.contents[path][1]
    rebind(content, generator.context, generator.settings)
    return content


def will_read(path: str) -> bool:
    """Whether this build reads the file at ``path`` (absolute) itself."""
    kept = KEPT.contents.get(path) if KEPT.accepted else None
    return kept is None or kept[0] != stamp(path)


def use_kept_contents(generator: Any) -> None:
    """generator_init: an article or page generator of a build takes the
    contents kept for it (only once ``accept`` found them valid)."""
    if KEPT.accepted and isinstance(generator, ArticlesGenerator | PagesGenerator):
        content_cache(generator, lambda path: _take(generator, path), lambda path, content: None)


def accept(fingerprint: str) -> None:
    """In a build, before Pelican runs: take the kept contents if they were
    read under ``fingerprint`` (empty: a cold build, take none)."""
    KEPT.accepted = bool(fingerprint) and fingerprint == KEPT.fingerprint
    KEPT.taken = KEPT.read = 0


def forget() -> None:
    """Keep nothing: the next build reads every file."""
    KEPT.fingerprint, KEPT.contents = "", {}


def report(pelican: Any) -> None:
    """finalized: say how much of the content was read again."""
    if KEPT.accepted:
        console_print(
            f"Sources: {KEPT.read} read, {KEPT.taken} unchanged since the last build's reading"
        )


class _Warnings(logging.Handler):
    """Counts the records of WARNING or above, and keeps them quiet: the
    build that reads the file again says them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def read(pelican: Any, fingerprint: str) -> None:
    """In the warm builder, between builds: read the content with
    ``pelican`` (a Pelican set up as the next build's, whose environment
    has ``fingerprint``) and keep each file's content that read cleanly.
    A file unchanged since the last read-ahead is not read again."""
    if fingerprint != KEPT.fingerprint:
        KEPT.contents.clear()
    KEPT.fingerprint, KEPT.accepted = fingerprint, True
    fresh: dict[str, tuple[Stamp, Any]] = {}
    before: dict[str, tuple[Stamp | None, int]] = {}  # the file's stamp and the warnings so far
    warnings = _Warnings()
    root = logging.getLogger()
    root.addHandler(warnings)
    quiet = root.handlers[:-1]
    for handler in quiet:
        root.removeHandler(handler)

    def take(generator: Any) -> Callable[[str], Any]:
        def taking(path: str) -> Any:
            content = _take(generator, path)
            if content is not None:
                fresh[path] = KEPT.contents[path]
            else:
                before[path] = (stamp(path), warnings.count)
            return content

        return taking

    def keep(path: str, content: Any) -> None:
        was, count = before.pop(path, (None, -1))
        if was is not None and count == warnings.count:
            fresh[path] = (was, content)

    try:
        generators = reading_generators(pelican)
        generators[0].context[TREE] = scan(pelican.settings)  # the context they share
        for generator in generators:
            content_cache(generator, take(generator), keep)
            generator.generate_context()
        for _stamp, content in fresh.values():
            # URLs and where a body's links are follow from the file and the
            # settings (the fingerprint's): found here, a build does not look again.
            freeze_url(content, content.url, content.save_as)
            replaced_link_starts(content)
        KEPT.contents = fresh
    except Exception:  # noqa: BLE001 (the build that follows reads, and reports, all)
        forget()
    finally:
        forget_logged_messages()
        root.removeHandler(warnings)
        for handler in quiet:
            root.addHandler(handler)
        KEPT.accepted = False
