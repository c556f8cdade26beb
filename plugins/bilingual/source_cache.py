"""Converted Markdown sources kept between builds.

Converting a source (``source.py``: header, Markdown, sanitising, image
sizes) is most of a cold build's reading time, and depends only on the
file's bytes and on what the environment fingerprint covers (settings,
plugin code, packages, static files: ``build_state.py``). So each converted
``Source`` is kept in the build cache as
``sources/<path>/<sha256 of its bytes>.pickle``; a file whose bytes are
unchanged is not converted again, only re-read by Pelican (which decides
status, URL and the rest anew each build). A file with problems is never
kept: it is converted, and reported, every time.

Pelican's own content cache on disk (``LOAD_CONTENT_CACHE``) stays
refused: it would skip the plugin's checks of each file; this cache sits
below them. (The live preview keeps Pelican's objects in memory between
builds, checked file by file: ``read_ahead.py``.)
"""

import contextlib
import logging
import os
import pickle

from .source import Source, file_digest

logger = logging.getLogger(__name__)


class SourceCache:
    """The converted sources under ``folder`` (None: nothing is kept) for
    files under the content folder ``root``."""

    def __init__(self, folder: str | None, root: str) -> None:
        self._folder = folder or None
        self._root = root
        self._digests: dict[str, str] = {}  # each file's, read once per build

    def _now(self, relative: str) -> str | None:
        """Where the file's ``Source`` for its bytes as they are now would
        be kept; None when nothing is kept for the file. A file never kept
        has no folder, so it is not read and hashed (in a cold build, none
        has); the others are hashed once per build (the reader asks about
        every file before the workers start, then for each as it reads)."""
        folder = os.path.join(self._folder, relative) if self._folder else ""
        if not os.path.isdir(folder):
            return None
        if relative not in self._digests:
            with open(os.path.join(self._root, relative), "rb") as f:
                self._digests[relative] = file_digest(f.read())
        return os.path.join(folder, f"{self._digests[relative]}.pickle")

    def has(self, relative: str) -> bool:
        entry = self._now(relative)
        return entry is not None and os.path.isfile(entry)

    def get(self, relative: str) -> Source | None:
        """The kept ``Source`` of the file as it is now, or None."""
        entry = self._now(relative)
        return _load(entry) if entry is not None else None

    def put(self, relative: str, source: Source, pickled: bytes | None = None) -> None:
        """Keep ``source`` (``pickled``: already pickled, as a worker sends
        it), filed under the digest of the bytes it was converted from, and
        forget what was kept for other bytes of the file (a file saved while
        it was converted is thus never served for its older bytes)."""
        if self._folder is None:
            return
        folder = os.path.join(self._folder, relative)
        entry = os.path.join(folder, f"{source.file_digest}.pickle")
        try:
            os.makedirs(folder)
        except FileExistsError:
            for old in os.scandir(folder):
                if old.path != entry:
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(old.path)
        scratch = entry + ".tmp"
        with open(scratch, "wb") as f:
            if pickled is None:
                pickle.dump(source, f, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                f.write(pickled)
        os.replace(scratch, entry)


def _load(entry: str) -> Source | None:
    try:
        with open(entry, "rb") as f:
            found = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
        logger.debug("build cache: %s unreadable (%s); converting again", entry, error)
        return None
    return found if isinstance(found, Source) else None
