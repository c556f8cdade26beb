"""Putting the cached image files into the output folder.

``derive_images`` (``image_store.py``) leaves in ``ImageIndex.files`` each
cache entry's files and the names they are published under; the
``ImageGenerator`` makes each a hard link in the output (a copy where the
file system refuses links). A rebuild publishes some thousands of files, so
each costs one system call: the link is made relative to open folders (the
cache entry's, the output folder's), each output folder is made once, and
an existing file is replaced only when the link finds one.
"""

import os
import shutil
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

from pelican.generators import Generator

from .image_store import ImageIndex

# Links relative to open folders (linkat): Linux, the BSDs and macOS; elsewhere copies.
RELATIVE_LINKS = os.link in os.supports_dir_fd and hasattr(os, "O_DIRECTORY")
FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)


def publish(files: Mapping[str, Mapping[str, str]], cache: str, output: str) -> None:
    """Link every file of ``files`` (entry key -> {output name: role}) from
    the entry's folder in ``cache`` into ``output``."""
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
            publish(index.files, index.cache, self.output_path)


def add_image_generator(pelican: Any) -> type[ImageGenerator]:
    """get_generators: the images are published by a generator of their own."""
    return ImageGenerator
