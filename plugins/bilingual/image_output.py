"""Putting the cached image files into the output folder.

``derive_images`` (``image_store.py``) leaves in ``ImageIndex.files`` each
cache entry's files and the names they are published under; the
``ImageGenerator`` makes each a hard link in the output (a copy where the
file system refuses links). A site publishes some thousands of them, so
each costs one system call: the link is made relative to open folders (the
cache entry's, the output folder's), each output folder is made once, and
an existing file is replaced only when the link finds one.

A rebuild need not link them again. Each build writes a new output folder
and swaps it in whole (``newsroom/build.py``), so the site it replaces
(no longer published from the moment of the swap) is kept in the build
cache (``build_state.previous_site``). The next build moves that site's
image folders (``images/``, ``og/``) into its own output in one rename
each, before any other generator writes there, and keeps a file only
where it *is* the cache entry's file it should be: the same inode on the
same device, so the same bytes. Any other file there (an old derivative, a
static file Pelican copies again later, a file put there by hand) is
removed, a missing one linked, and a folder left empty removed: the result
is the folder a build from nothing writes. The published site is never
read or touched.
"""

import os
import shutil
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

from pelican.generators import Generator

from .build_state import previous_site
from .image_store import ImageIndex

# Links relative to open folders (linkat): Linux, the BSDs and macOS; elsewhere copies.
RELATIVE_LINKS = os.link in os.supports_dir_fd and hasattr(os, "O_DIRECTORY")
FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)

Files = Mapping[str, Mapping[str, str]]  # entry key -> {output name: role (its file in the entry)}


def publish(
    files: Files,
    cache: str,
    output: str,
    inodes: Mapping[str, Mapping[str, int]],
    previous: str = "",
) -> None:
    """Put every file of ``files`` from its entry's folder in ``cache`` into
    ``output``, taking over the image folders of the ``previous`` site;
    ``inodes``: the inode of each entry's files (key -> {role: inode}),
    as ``image_memo.entries`` found them."""
    if previous and RELATIVE_LINKS:
        files = _take_over(files, cache, output, previous, inodes)
    if not RELATIVE_LINKS:
        for key, names in sorted(files.items()):
            for name, role in names.items():
                path = os.path.join(output, *name.split("/"))
                os.makedirs(os.path.dirname(path), exist_ok=True)
                _copy(os.path.join(cache, key, role), path)
        return
    with ExitStack() as opened:
        folders: dict[str, int] = {}  # output folder -> its descriptor, each made once
        linking = True  # until the file system refuses
        for key, names in sorted(files.items()):
            entry = os.path.join(cache, key)
            source = os.open(entry, FOLDER_FLAGS)
            try:
                for name, role in names.items():
                    folder, _, base = name.rpartition("/")
                    target = folders.get(folder)
                    if target is None:
                        target = folders[folder] = _open_folder(output, folder, opened)
                    if linking:
                        try:
                            _link(role, source, base, target)
                            continue
                        except OSError:  # another file system, or links not allowed
                            linking = False
                    _copy(os.path.join(entry, role), os.path.join(output, name))
            finally:
                os.close(source)


def _take_over(
    files: Files, cache: str, output: str, previous: str, known: Mapping[str, Mapping[str, int]]
) -> dict[str, dict[str, str]]:
    """Move the image folders of the ``previous`` site into ``output`` and
    keep there the files that are already right; the files still to link."""
    tops = {name.split("/", 1)[0] for names in files.values() for name in names if "/" in name}
    moved = [top for top in sorted(tops) if _move(previous, output, top, cache)]
    left = {key: dict(names) for key, names in files.items()}
    if not moved:
        return left
    expected: dict[str, dict[str, int]] = {}  # output folder -> {file name: cache inode}
    for key, names in files.items():
        inodes = known.get(key, {})
        for name, role in names.items():
            folder, _, base = name.rpartition("/")
            if role in inodes:
                expected.setdefault(folder, {})[base] = inodes[role]
    for top in moved:
        _keep_expected(output, top, expected)
    for key, names in files.items():  # what _keep_expected kept is in ``expected``
        for name in names:
            folder, _, base = name.rpartition("/")
            if expected.get(folder, {}).get(base) == KEPT:
                del left[key][name]
    return left


KEPT = -1  # in place of an inode: the file is there already


def _keep_expected(output: str, folder: str, expected: dict[str, dict[str, int]]) -> bool:
    """Remove from ``output``'s ``folder`` every file that is not the one
    ``expected`` (marking those kept) and every folder left empty; whether
    ``folder`` itself went."""
    wanted = expected.get(folder, {})
    path = os.path.join(output, *folder.split("/"))
    with os.scandir(path) as entries:
        found = list(entries)
    kept = False
    for entry in found:
        if entry.is_dir(follow_symlinks=False):
            kept = not _keep_expected(output, f"{folder}/{entry.name}", expected) or kept
        elif wanted.get(entry.name) == entry.inode():
            wanted[entry.name] = KEPT
            kept = True
        else:
            os.unlink(entry.path)
    if not kept:
        os.rmdir(path)
    return not kept


def _move(previous: str, output: str, top: str, cache: str) -> bool:
    """Move the folder ``top`` of the previous site into ``output`` when it
    is a real folder on the cache's device and ``output`` has none yet."""
    source, target = os.path.join(previous, top), os.path.join(output, top)
    try:
        found = os.lstat(source)
        if not os.path.isdir(source) or os.path.islink(source) or os.path.lexists(target):
            return False
        if found.st_dev != os.stat(cache).st_dev:  # inodes name files of one device only
            return False
        os.makedirs(output, exist_ok=True)
        os.rename(source, target)
    except OSError:
        return False
    return True


def _open_folder(output: str, folder: str, opened: ExitStack) -> int:
    """The descriptor of ``folder`` (``images``, ``og/2025/07``) in ``output``, made if need be."""
    path = os.path.join(output, *folder.split("/")) if folder else output
    os.makedirs(path, exist_ok=True)
    found = os.open(path, FOLDER_FLAGS)
    opened.callback(os.close, found)
    return found


def _link(role: str, source: int, base: str, target: int) -> None:
    """Link ``role`` of the entry folder ``source`` as ``base`` in the folder
    ``target``, in place of a file of that name (a build into a folder that
    was not emptied)."""
    try:
        os.link(role, base, src_dir_fd=source, dst_dir_fd=target)
    except FileExistsError:
        os.unlink(base, dir_fd=target)
        os.link(role, base, src_dir_fd=source, dst_dir_fd=target)


def _copy(cached: str, target: str) -> None:
    """A copy where a link cannot be made: a new file, never one the cache
    shares (a link left by an earlier build is replaced, not written into)."""
    if os.path.lexists(target):
        os.unlink(target)
    shutil.copyfile(cached, target)


# Pelican ships no types: its Generator is Any to mypy.
class ImageGenerator(Generator):  # type: ignore[misc]
    """Puts the images ``derive_images`` planned into the output."""

    def generate_context(self) -> None:
        """Nothing to read: the images are planned once all content is read."""

    def generate_output(self, writer: Any) -> None:
        index: ImageIndex | None = self.context.get("bilingual_images")
        if index is not None:
            previous = previous_site(self.settings)
            publish(index.files, index.cache, self.output_path, index.inodes, previous)


def add_image_generator(pelican: Any) -> type[ImageGenerator]:
    """get_generators: the images are published by a generator of their own."""
    return ImageGenerator
