"""What ``derive_images`` worked out, kept for the next build with the same inputs.

Planning a site's images is a pure function of its inputs: the static
files (each image, raster or SVG, by its size, modification time, inode
and change time, as ``known_files.py`` trusts them), each story's source, hero, title
and URL, the settings that shape images and social cards, the card font,
and the plugin's code (all of it: ``build_state.hash_tree``).
``derive_images`` keeps its result (the plans, the social cards, every file
to publish: 5,350 names for 200 photos) in ``index.pickle`` in the image
cache, with the hash of those inputs; a build whose inputs hash the same
takes the result from there, when the cache still holds every entry it
names, instead of planning each image again. A
result with a problem is never kept, so a broken file is reported by every
build; a cache shared by two sites keeps the last one's.

It also keeps the inode of each file of those entries, for taking over the
files of the site a build replaced (``image_output.py``), with each entry
folder's inode and change time: a file added, removed or replaced in a
folder changes the folder's change time (which no one can set back), so
while the folder's are the same, so are its files' inodes, and a build
checks 400 folders instead of listing them.
"""

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import PIL

from .build_state import hash_tree
from .known_files import file_mark

FILE_NAME = "index.pickle"
Files = dict[str, dict[str, str]]  # entry key -> {output name: role}
Entries = dict[str, tuple[int, int, dict[str, int]]]  # key -> (inode, ctime, {role: inode})
Result = tuple[dict[str, Any], dict[str, str], Files, Entries]  # plans, cards, files, entries


def inputs(
    root: str,
    statics: Iterable[str],
    images: Iterable[str],
    stories: Iterable[tuple[str, ...]],
    settings: str,
    font: str,
) -> str:
    """The hash of planning's inputs: the name of every static file under
    ``root`` and the status of each of ``images`` (the files it inspects),
    each story's facts, the settings' text and the status of the ``font``
    file."""
    digest = hashlib.sha256(PIL.__version__.encode())
    digest.update(_plugin_code().encode())
    raster = set(images)
    for path in sorted(statics):
        digest.update(
            f"\0{path}\0{_status(os.path.join(root, path)) if path in raster else ''}".encode()
        )
    for facts in stories:
        digest.update("\0".join(("story", *facts)).encode())
    digest.update(f"\0{settings}\0{font}\0{_status(font)}".encode())
    return digest.hexdigest()


def recall(folder: str, wanted: str) -> Result | None:
    """The result kept in ``folder`` for the inputs ``wanted``, if any."""
    try:
        with open(os.path.join(folder, FILE_NAME), "rb") as f:
            kept, result = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    if kept != wanted:
        return None
    found: Result = result
    return found


def remember(folder: str, inputs_hash: str, result: Result) -> None:
    """Keep ``result`` for the inputs ``inputs_hash`` (written aside, then renamed)."""
    os.makedirs(folder, exist_ok=True)
    fd, aside = tempfile.mkstemp(prefix=".index-", dir=folder)
    with os.fdopen(fd, "wb") as f:
        pickle.dump((inputs_hash, result), f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(aside, os.path.join(folder, FILE_NAME))


def entries(folder: str, keys: Iterable[str]) -> Entries:
    """Each entry folder's inode and change time, and its files' inodes."""
    found: Entries = {}
    for key in keys:
        path = os.path.join(folder, key)
        status = os.stat(path)
        with os.scandir(path) as files:
            inodes = {file.name: file.inode() for file in files}
        found[key] = (status.st_ino, status.st_ctime_ns, inodes)
    return found


def unchanged(folder: str, kept: Entries) -> bool:
    """Whether every entry folder is still there, as it was when ``kept``."""
    for key, (inode, changed, _files) in kept.items():
        try:
            status = os.stat(os.path.join(folder, key))
        except OSError:
            return False
        if (status.st_ino, status.st_ctime_ns) != (inode, changed):
            return False
    return True


def _status(path: str) -> str:
    return repr(file_mark(path))


@cache
def _plugin_code() -> str:
    """The digest of the plugin's source: any module may decide what is
    planned (a hand-kept list of the planning modules went stale once)."""
    digest = hashlib.sha256()
    hash_tree(digest, "plugin", Path(__file__).parent)
    return digest.hexdigest()
