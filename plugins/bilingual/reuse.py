"""Files of the previous build taken over instead of rendered again.

The writer (``writer.py``) asks, for each page or feed, ``reusable(digests)``:
the output files whose digest (``page_inputs.py``) is the one recorded for
the same file in the previous build, and whose file in the previous output
folder is still the one that build wrote (same inode, size and modification
time: a file edited or replaced by hand is rendered again). ``take`` hard-
links such a file into the new output (a copy where links are not possible),
so its bytes are exactly those a render would write. ``record`` notes each
file this build writes, with its digest, and ``save`` leaves the record in
the build cache for the next build (``build_state.py``).
"""

import logging
import os
import pickle
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .build_state import CACHE_SETTING, NEW_PAGES, PAGES, PREVIOUS_SETTING

logger = logging.getLogger(__name__)


class Written(NamedTuple):
    digest: str
    inode: int
    size: int
    mtime_ns: int


class Reuse:
    """The previous build's record (empty for a cold build) and this one's."""

    def __init__(self, cache: Path, previous: Path | None, output: str) -> None:
        self._cache = cache
        # A string: joined with each file's name tens of thousands of times.
        self._previous = None if previous is None else str(previous)
        self._output = output
        self._old: dict[str, Written] = {}
        if previous is not None:
            try:
                with open(cache / PAGES, "rb") as f:
                    self._old = pickle.load(f)
            except (OSError, pickle.UnpicklingError, EOFError) as error:
                logger.debug("build cache: no record of the previous pages (%s)", error)
        self._new: dict[str, Written] = {}
        self._folders: set[str] = set()  # output folders known to exist
        self.rendered = 0
        self.reused = 0

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], output: str) -> "Reuse | None":
        """The reuse of this build, or None when it keeps no cache."""
        cache = settings.get(CACHE_SETTING)
        if not cache:
            return None
        previous = settings.get(PREVIOUS_SETTING)
        return cls(Path(cache), Path(previous) if previous else None, output)

    @property
    def has_previous(self) -> bool:
        """Whether there is a previous build to take files from (not in a
        cold build)."""
        return self._previous is not None

    def reusable(self, digests: Mapping[str, str]) -> set[str]:
        """The files among ``digests`` that the previous build wrote from
        the same inputs and that are still as it wrote them."""
        if self._previous is None:
            return set()
        found = set()
        for name, wanted in digests.items():
            old = self._old.get(name)
            if old is None or old.digest != wanted:
                continue
            try:
                stat = os.stat(os.path.join(self._previous, name))
            except OSError:
                continue
            if (stat.st_ino, stat.st_size, stat.st_mtime_ns) == old[1:]:
                found.add(name)
        return found

    def previous_text(self, name: str) -> str:
        """The text of a reusable file, for a page written among others."""
        assert self._previous is not None
        with open(os.path.join(self._previous, name), encoding="utf-8", newline="") as f:
            return f.read()

    def take(self, name: str) -> str:
        """Link the previous build's ``name``, which ``reusable`` found as it
        wrote it, into the output; its path."""
        assert self._previous is not None
        source = os.path.join(self._previous, name)
        target = os.path.join(self._output, name)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            try:
                os.mkdir(folder)  # a story's folder: its parent is most often there
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
            self._note(name, self._old[name].digest, target)
        else:  # the same file: what reusable() found it to be
            self._new[name] = self._old[name]
        self.reused += 1
        return target

    def record(self, name: str, digest: str, reused: bool = False) -> None:
        """Note a file this build wrote (or wrote from the previous text)."""
        if reused:
            self.reused += 1
        else:
            self.rendered += 1
        self._note(name, digest, os.path.join(self._output, name))

    def _note(self, name: str, digest: str, path: str) -> None:
        stat = os.stat(path)
        self._new[name] = Written(digest, stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def save(self) -> None:
        """Leave this build's record for the driver to commit."""
        scratch = self._cache / (NEW_PAGES + ".tmp")
        with open(scratch, "wb") as f:
            pickle.dump(self._new, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(scratch, self._cache / NEW_PAGES)
