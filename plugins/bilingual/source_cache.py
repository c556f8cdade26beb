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

import hashlib
import logging
import os
import pickle
from pathlib import Path

from .source import Source

logger = logging.getLogger(__name__)


class SourceCache:
    """The converted sources under ``folder`` (None: nothing is kept) for
    files under the content folder ``root``."""

    def __init__(self, folder: str | None, root: str) -> None:
        self._folder = Path(folder) if folder else None
        self._root = root
        self._digests: dict[str, str] = {}

    def digest(self, relative: str) -> str:
        """The SHA-256 of the file's bytes (read once per build)."""
        if relative not in self._digests:
            self._digests[relative] = self._hash(relative)
        return self._digests[relative]

    def _hash(self, relative: str) -> str:
        with open(os.path.join(self._root, relative), "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def _entry(self, relative: str) -> Path | None:
        if self._folder is None:
            return None
        return self._folder / relative / f"{self.digest(relative)}.pickle"

    def has(self, relative: str) -> bool:
        # A file never kept has no folder: no need to read and hash it (the
        # reader asks about every file before the workers start).
        if self._folder is None or not (self._folder / relative).is_dir():
            return False
        entry = self._entry(relative)
        return entry is not None and entry.is_file()

    def get(self, relative: str) -> Source | None:
        """The kept ``Source`` of the file as it is now, or None."""
        entry = self._entry(relative)
        return _load(entry) if entry is not None else None

    def put(self, relative: str, source: Source) -> None:
        """Keep ``source``, replacing what was kept for older bytes of the file.

        The converter read the file again after ``digest``: saved in between
        (an editor under the live preview), ``source`` is another version's
        (its ``file_digest`` differs), and is not kept under this one's name."""
        entry = self._entry(relative)
        if entry is None or source.file_digest != self.digest(relative):
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        for old in entry.parent.iterdir():
            if old != entry:
                old.unlink(missing_ok=True)
        scratch = entry.with_name(entry.name + ".tmp")
        with open(scratch, "wb") as f:
            pickle.dump(source, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, entry)


def _load(entry: Path) -> Source | None:
    try:
        with open(entry, "rb") as f:
            found = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
        logger.debug("build cache: %s unreadable (%s); converting again", entry, error)
        return None
    return found if isinstance(found, Source) else None
