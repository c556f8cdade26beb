"""Each language's search bundle, kept between builds, and the site's bundle
made of them (``search_index.py`` decides what to index).

``BundleCache`` keeps, in a folder of the build cache (``build_state.SEARCH``),
one folder per language: ``bundle/``, that language's normalised Pagefind
bundle, its files read-only (published sites link them), and
``state.json``: the key the bundle was made for
(``search_index.language_key``) and each file's size and modification time.
A language's bundle is reused when its key is the same and its files are as
they were written; a file changed through a published site's link is
noticed and the language indexed again.

``assemble`` links every language's files into the site's bundle. The files
several bundles hold (Pagefind's scripts, styles and the WebAssembly for
pages without a language) must be the same bytes in each, and one
``pagefind-entry.json`` names every language (``pagefind_bundle.merge_entries``).
"""

import filecmp
import hashlib
import json
import os
import re
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path

from .pagefind_bundle import ENTRY, PagefindFormatError, merge_entries, write_entry

STATE = "state.json"
FILES = "bundle"
# A language code that can name its folder as it is (lower case: "EN" and
# "en" are one folder where file names ignore case); any other is hashed into
# a name starting with "_", which no code named as it is starts with.
PLAIN_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,34}")
READ_ONLY = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH

FileStates = dict[str, list[int]]  # {path in the bundle: [size, mtime in ns]}


class BundleCache:
    """Normalised Pagefind bundles of one language each, in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def place(self, lang: str) -> Path:
        """The folder of ``lang``'s bundle and state."""
        if PLAIN_NAME.fullmatch(lang):
            return self.folder / lang
        return self.folder / f"_{hashlib.sha256(lang.encode()).hexdigest()[:16]}"

    def bundle(self, lang: str) -> Path:
        return self.place(lang) / FILES

    def has(self, lang: str, key: str) -> bool:
        """Whether ``lang``'s bundle was made for ``key`` and is unchanged."""
        place = self.place(lang)
        try:
            state = json.loads((place / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return bool(state == {"key": key, "files": file_states(place / FILES)})

    def put(self, lang: str, key: str, written: Path) -> None:
        """Keep the bundle folder ``written`` (moved here) as ``lang``'s,
        made for ``key``, in place of the one kept before."""
        place = self.place(lang)
        new = place.with_name(f"{place.name}.new")
        shutil.rmtree(new, ignore_errors=True)
        new.mkdir(parents=True)
        shutil.move(written, new / FILES)
        for folder, _folders, names in os.walk(new / FILES):
            for name in names:
                os.chmod(os.path.join(folder, name), READ_ONLY)
        state = {"key": key, "files": file_states(new / FILES)}
        (new / STATE).write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
        shutil.rmtree(place, ignore_errors=True)
        os.rename(new, place)

    def keep_only(self, languages: set[str]) -> None:
        """Remove the bundles of other languages (and unfinished ones)."""
        kept = {self.place(lang).name for lang in languages}
        if self.folder.is_dir():
            for found in self.folder.iterdir():
                if found.name not in kept:
                    shutil.rmtree(found, ignore_errors=True)


def file_states(bundle: Path) -> FileStates:
    """Each file under ``bundle``: its size and modification time."""
    found: FileStates = {}
    root = os.path.join(bundle, "")
    for folder, _folders, names in os.walk(root):
        where = folder[len(root) :].replace(os.sep, "/")
        for name in names:
            status = os.stat(os.path.join(folder, name))
            found[f"{where}/{name}" if where else name] = [status.st_size, status.st_mtime_ns]
    return found


def assemble(bundles: Sequence[Path], target: Path) -> bool:
    """Link the files of ``bundles`` (one language each) into the new folder
    ``target``, with one entry file naming every language. False, with
    nothing written, when one bundle holds several languages or two the
    same one."""
    entry = merge_entries([bundle / ENTRY for bundle in bundles])
    if entry is None:
        return False
    target.mkdir()
    for bundle in bundles:
        root = os.path.join(bundle, "")
        for folder, folders, names in os.walk(root):
            into = os.path.join(target, folder[len(root) :])
            for name in folders:
                os.makedirs(os.path.join(into, name), exist_ok=True)
            for name in names:
                if not (folder == root and name == ENTRY):
                    _link(os.path.join(folder, name), os.path.join(into, name))
    write_entry(target / ENTRY, entry)
    return True


def _link(source: str, target: str) -> None:
    """Link ``source`` at ``target`` (a copy where links are not possible);
    a file already there, from another language's bundle, must have the
    same bytes."""
    if os.path.exists(target):
        if not filecmp.cmp(source, target, shallow=False):
            name = os.path.basename(target)
            raise PagefindFormatError(Path(source), f"differs from {name} of another language")
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
