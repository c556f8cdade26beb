"""The files of the content folder, listed once per build.

The checks that need every file (``validate.contained``,
``validate.only_markdown``) and the image step (``image_store``) read this
one listing instead of walking the folder each. Names that ``IGNORE_FILES``
matches (editor and OS files, and what is under an ignored folder) are left
out, as Pelican leaves them out.
"""

import fnmatch
import os
import posixpath
import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .settings import inside

TREE = "bilingual_content_tree"  # the generator context's key for the listing


@dataclass(frozen=True)
class ContentTree:
    """``files``: the regular files; ``links``: the symbolic links (to a
    file or a folder, never followed), which the build refuses. Both are
    paths relative to the content folder, with ``/``, sorted."""

    files: tuple[str, ...]
    links: tuple[str, ...]

    def statics(self, settings: Mapping[str, Any]) -> list[str]:
        """The files of the static folders (``STATIC_PATHS`` but
        ``STATIC_EXCLUDES``)."""
        paths, excludes = settings["STATIC_PATHS"], settings["STATIC_EXCLUDES"]
        return [p for p in self.files if inside(p, paths) and not inside(p, excludes)]

    def files_in(
        self, paths: Iterable[str], excludes: Iterable[str], extensions: Container[str]
    ) -> list[str] | None:
        """The files Pelican's ``Generator.get_files`` lists for a generator
        with ``paths`` and ``excludes``, read from this listing instead of a
        walk of the folder per generator: the files under each of ``paths``
        (or a path that is a file) but those under an excluded folder, whose
        extension is one of ``extensions``, named as Pelican names them (the
        system's separator, ``./`` before a file of the content folder
        itself), sorted by path.

        None, for Pelican's own walk, where this listing and that walk could
        differ: a symbolic link in the folder (Pelican follows linked
        folders, then the build refuses them: ``validate.contained``); a
        path or exclude not written as a plain relative path (Pelican
        compares excludes with its walk's folder names as strings); a path
        under which the listing holds nothing (a missing or empty folder, or
        one ``IGNORE_FILES`` names, which Pelican walks when a setting names
        it)."""
        paths, excludes = list(paths), list(excludes)
        if self.links or not all(map(_plain, paths + excludes)):
            return None
        found: set[str] = set()
        for path in paths:
            if path in self.files:  # a path that is a file is listed as written
                if _extension(path) in extensions:
                    found.add(path)
                continue
            start = f"{path}/" if path else ""
            # Pelican passes over an excluded folder found below where it walks.
            skipped = tuple(f"{e}/" for e in excludes if e.startswith(start) and e != path)
            under = [f for f in self.files if f.startswith(start)]
            if not under:
                return None
            for file in under:
                if not file.startswith(skipped) and _extension(file) in extensions:
                    folder, name = posixpath.split(file)
                    found.add(os.path.join(folder.replace("/", os.sep) or ".", name))
        return sorted(found, key=lambda f: os.path.normpath(f).replace(os.sep, "/"))


def tree_of(context: Mapping[str, Any]) -> ContentTree:
    """The listing made for this build (``plugin.list_content``)."""
    tree: ContentTree = context[TREE]
    return tree


class Containment:
    """Whether a file is in the content folder ``root`` itself, not reached
    through a symbolic link (the file's or a folder's on the way); each
    folder is resolved once, not once per file."""

    def __init__(self, root: str) -> None:
        self._root = os.path.realpath(root) + os.sep
        self._folders: dict[str, str] = {}

    def holds(self, path: str) -> bool:
        if os.path.islink(path):
            return False
        folder = os.path.dirname(path)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder) + os.sep
        return real.startswith(self._root)


def scan(settings: Mapping[str, Any]) -> ContentTree:
    """List ``settings["PATH"]``, passing over what ``IGNORE_FILES`` names."""
    ignored = _matcher(settings.get("IGNORE_FILES") or [])
    files: list[str] = []
    links: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
        for entry in entries:
            if ignored(entry.name):
                continue
            path = prefix + entry.name
            if entry.is_symlink():
                links.append(path)
            elif entry.is_dir():
                walk(entry.path, path + "/")
            elif entry.is_file():
                files.append(path)

    if os.path.isdir(settings["PATH"]):
        walk(settings["PATH"], "")
    return ContentTree(tuple(sorted(files)), tuple(sorted(links)))


def _extension(path: str) -> str:
    return posixpath.splitext(path)[1][1:]


def _plain(path: str) -> bool:
    """Whether ``path`` is a relative path in its one plain spelling
    (``""`` being the content folder itself)."""
    return path == "" or (
        path == posixpath.normpath(path)
        and path not in (".", "..")
        and not path.startswith(("/", "../"))
    )


def _matcher(patterns: Iterable[str]) -> Any:
    """One compiled test for a name against every pattern (``fnmatch``
    rules, as Pelican applies them, case-sensitive)."""
    joined = "|".join(fnmatch.translate(p) for p in patterns)
    if not joined:
        return lambda name: False
    return re.compile(joined).match
