"""What the build learned about each source image, remembered between builds
while the file's size, modification time, inode and change time stay the
same.

A rebuild with unchanged images should not read them at all (issue 14: it
must cost within 5% of a build without images). Two facts are costly to
learn: a file's SHA-256 (the cache key, ``image_store.py``) reads every
byte, and its size as shown (``images.inspect``) decodes a whole PNG when
its EXIF may follow the pixels, and every frame of a GIF. Both are kept in ``sources.json`` in the
image cache folder, one record per file::

    {"/abs/content/images/kawah.jpg":
        {"mark": [size, mtime_ns, inode, ctime_ns], "digest": "…", "shown": [4000, 3000]}}

A record whose mark differs from the file's is forgotten, and a saved file
keeps only the records this build used: the files of images a site no
longer has (or of other sites that shared the cache) do not pile up, and
reading the file stays cheap. It is read at the first question, so a build
without images never reads it. Only what a file *is* is kept, never a
problem with it: a broken file is inspected again by every build, so the
error is never skipped.
"""

import json
import os
import tempfile
from typing import Any

FILE_NAME = "sources.json"


class KnownFiles:
    """The records of ``sources.json`` in ``folder`` ("" keeps nothing)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self._loaded: dict[str, dict[str, Any]] | None = None
        self._used: set[str] = set()  # the records this build asked about or learned
        self._changed = False

    def recall(self, path: str, fact: str) -> Any:
        """What was learned of ``fact`` about the file at ``path`` while it
        is unchanged, else None."""
        key = os.path.abspath(path)
        self._used.add(key)
        record = self._records().get(key)
        mark = file_mark(path)
        if record is None or mark is None or record.get("mark") != mark:
            return None
        return record.get(fact)

    def learn(self, path: str, fact: str, value: Any) -> None:
        """Remember ``value`` as ``fact`` about the file as it is now."""
        key, mark = os.path.abspath(path), file_mark(path)
        if mark is None:
            return
        self._used.add(key)
        records = self._records()
        record = records.get(key)
        if record is None or record.get("mark") != mark:
            record = records[key] = {"mark": mark}
        if record.get(fact) != value:
            record[fact] = value
            self._changed = True

    def save(self) -> None:
        """Write the records this build used (aside, then renamed into
        place) if any changed or others are to be dropped."""
        if not self.folder or self._loaded is None:
            return
        kept = {key: self._loaded[key] for key in sorted(self._used) if key in self._loaded}
        if not self._changed and len(kept) == len(self._loaded):
            return
        os.makedirs(self.folder, exist_ok=True)
        fd, aside = tempfile.mkstemp(prefix=".sources-", dir=self.folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(kept, f, sort_keys=True)
        os.replace(aside, os.path.join(self.folder, FILE_NAME))
        self._loaded, self._changed = kept, False

    def _records(self) -> dict[str, dict[str, Any]]:
        if self._loaded is None:
            self._loaded = {}
            if not self.folder:
                return self._loaded
            try:
                with open(os.path.join(self.folder, FILE_NAME), encoding="utf-8") as f:
                    loaded = json.load(f)
            except (OSError, ValueError):
                loaded = None
            if isinstance(loaded, dict):
                self._loaded = {k: v for k, v in loaded.items() if isinstance(v, dict)}
        return self._loaded


def file_mark(path: str) -> list[int] | None:
    """A file's size, modification time, inode and change time (None: no
    such file). The change time catches a same-size photo written over in
    place with its old modification time put back (``cp -p``, ``rsync
    -t``); the build never links or changes a source image, so it stays."""
    try:
        return stat_mark(os.stat(path))
    except OSError:
        return None


def stat_mark(stat: os.stat_result) -> list[int]:
    """``file_mark`` of a file already stat'ed (the build's fingerprint of
    the static files marks them the same way: ``build_state.py``)."""
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino, stat.st_ctime_ns]
