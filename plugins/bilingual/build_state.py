"""What one build leaves for the next: the build cache folder.

The build driver (``bilingual.newsroom.build``) keeps it beside the output
folder (``output.cache/`` for ``output/``) and, before Pelican runs, compares
the *environment fingerprint* of this build with the one stored there: a
hash of the effective settings (with the source file of each function in
them), the theme (templates, static files, catalogs) and the template
folders of ``THEME_TEMPLATES_OVERRIDES``, the plugin's source, the installed
packages and their versions, the Python version, ``BILINGUAL_CATALOG_DIR``
and the static files under ``STATIC_PATHS`` (by size, modification time,
inode and change time: photos are not read). Only regular files count: a link is reported
by the build. Whatever of these changed, the folder is emptied and the build is cold. Otherwise it
holds

- ``sources/``: each Markdown source converted, keyed by its bytes
  (``source_cache.py``): only changed files are converted again;
- ``pages.pickle``: for each output file of the previous build, the digest
  of what it was rendered from (``page_inputs.py``) and the identity of the
  file in the previous output (inode, size, modification time), so
  ``reuse.py`` can link it instead of rendering it again;
- ``search/``: each language's search index and the digest of the pages it
  was made from (``newsroom/search_cache.py``): a language whose indexed
  pages are unchanged is not indexed again.

Whatever the fingerprint, it also keeps ``previous-site/``: the site the
last build replaced, which the driver moves there instead of deleting it.
The next build takes over its image folders (``image_output.py``: a file is
kept only if it is the image cache's own file, so nothing there can be
stale); the rest of that site stays until the driver puts the next replaced
site in its place, moving it aside to ``removed-site/`` for the next build
(or the live preview between two builds) to remove
(``newsroom/build.py``, ``REMOVED_SITE``).

The plugin reads the folder through two settings the driver sets:
``BILINGUAL_BUILD_CACHE`` (the folder; empty: no cache, every build cold)
and ``BILINGUAL_PREVIOUS_OUTPUT`` (the previous build's output; empty: cold).
Neither is part of the fingerprint. The new ``pages.pickle`` is written as
``pages.new`` and takes its place only when the driver has put the new site
in place (``commit``), so the cache always describes the output folder.
"""

import hashlib
import inspect
import json
import os
import re
import shutil
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .known_files import stat_mark

CACHE_SETTING = "BILINGUAL_BUILD_CACHE"
PREVIOUS_SETTING = "BILINGUAL_PREVIOUS_OUTPUT"
# Settings that name where this build writes, or how many processes write
# it (the bytes are the same with any: tests/test_parallel.py), not what it
# writes.
NOT_INPUTS = (
    CACHE_SETTING, PREVIOUS_SETTING, "OUTPUT_PATH", "BILINGUAL_WORKERS", "BILINGUAL_START_METHOD",
)  # fmt: skip
FINGERPRINT = "fingerprint"
PAGES = "pages.pickle"
NEW_PAGES = "pages.new"
SOURCES = "sources"
SEARCH = "search"
PREVIOUS_SITE = "previous-site"
ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _text(value: Any) -> str:
    """A stable text for a setting's value (no memory addresses). A
    callable (a function in ``JINJA_FILTERS``…) is named, with the digest of
    the file that defines it: editing its body in ``pelicanconf.py`` changes
    what the pages show, though not its name."""
    if callable(value):
        name = f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
        return f"{name} {_defining_file_digest(value)}"
    return ADDRESS.sub("", repr(value))


def _defining_file_digest(value: Any) -> str:
    """The SHA-256 of the source file that defines ``value``, or ``""``
    when it has none (a built-in, a ``functools.partial``)."""
    try:
        path = inspect.getsourcefile(value) or inspect.getfile(value)
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (TypeError, OSError):
        return ""


def _files(folder: Path) -> Iterable[tuple[str, str, os.stat_result]]:
    """(path, path relative to ``folder`` with ``/``, status) of the regular
    files under ``folder``, in a stable order. A link or any other kind of
    file is left out unread: the build reports a link in content/ itself,
    and a FIFO would never end."""

    def walk(path: str, prefix: str) -> Iterable[tuple[str, str, os.stat_result]]:
        with os.scandir(path) as found:
            entries = sorted(found, key=lambda e: e.name)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from walk(entry.path, f"{prefix}{entry.name}/")
                continue
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode) and not entry.name.endswith((".pyc", ".mo")):
                yield entry.path, prefix + entry.name, status

    if folder.is_dir():
        yield from walk(str(folder), "")


def hash_tree(digest: Any, label: str, folder: Path) -> None:
    """Each file's name and bytes (the theme, templates, code: small)."""
    for path, relative, _found in _files(folder):
        digest.update(f"{label}/{relative}\0".encode())
        with open(path, "rb") as f:
            digest.update(hashlib.sha256(f.read()).digest())


def _stat_tree(digest: Any, label: str, folder: Path) -> None:
    """Each file's name, size, modification time, inode and change time:
    the static files (photos, gigabytes of them) are not read, as the image
    cache does not read an unchanged one (``known_files.stat_mark``)."""
    for _path, relative, found in _files(folder):
        digest.update(f"{label}/{relative}\0".encode())
        digest.update(f"{stat_mark(found)}\0".encode())


def installed_packages() -> list[str]:
    """Every installed distribution as the name of its metadata folder
    (``Markdown-3.11.3.dist-info``: name and version), on ``sys.path``.
    Listing the folders takes a millisecond; parsing each METADATA file,
    as ``importlib.metadata`` does, took 70 ms of a 0.3 s build."""
    found: list[str] = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue  # a zip file, or a folder that is not there
        found += (n for n in names if n.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def environment_fingerprint(settings: Mapping[str, Any]) -> str:
    """The hash of everything a build depends on besides its Markdown
    sources (see the module's docstring)."""
    digest = hashlib.sha256()
    chosen = {k: v for k, v in settings.items() if k not in NOT_INPUTS}
    digest.update(json.dumps(chosen, sort_keys=True, default=_text).encode())
    digest.update(sys.version.encode())
    digest.update("\n".join(installed_packages()).encode())
    hash_tree(digest, "theme", Path(settings["THEME"]))
    if settings.get("BILINGUAL_CATALOG_DIR"):
        hash_tree(digest, "catalogs", Path(settings["BILINGUAL_CATALOG_DIR"]))
    for number, overrides in enumerate(settings.get("THEME_TEMPLATES_OVERRIDES") or []):
        hash_tree(digest, f"overrides/{number}", Path(overrides))
    hash_tree(digest, "plugin", Path(__file__).parent)
    for name in settings.get("PLUGINS") or []:
        for folder in settings.get("PLUGIN_PATHS") or []:
            if name != "bilingual":
                hash_tree(digest, f"plugins/{name}", Path(folder, str(name)))
    for static in settings.get("STATIC_PATHS") or []:
        _stat_tree(digest, f"static/{static}", Path(settings["PATH"], static))
    return digest.hexdigest()


def sources_folder(settings: Mapping[str, Any]) -> str | None:
    """Where converted sources are kept (``source_cache.py``), if anywhere."""
    cache = settings.get(CACHE_SETTING)
    return os.path.join(cache, SOURCES) if cache else None


def prepare(
    cache: Path, previous: Path, settings: dict[str, Any], full: bool = False
) -> tuple[bool, str]:
    """Before Pelican runs: point ``settings`` at ``cache`` and, when the
    cache still describes ``previous`` (the same fingerprint, ``full``
    not asked), at ``previous``. Returns whether the build is incremental,
    and the fingerprint to ``commit``."""
    fingerprint = environment_fingerprint(settings)
    stored = cache / FINGERPRINT
    same = stored.is_file() and stored.read_text() == fingerprint
    warm = same and not full and (cache / PAGES).is_file() and previous.is_dir()
    if not same or full:
        _empty(cache, keep=PREVIOUS_SITE)
    (cache / SOURCES).mkdir(parents=True, exist_ok=True)
    (cache / NEW_PAGES).unlink(missing_ok=True)
    settings[CACHE_SETTING] = str(cache)
    settings[PREVIOUS_SETTING] = str(previous) if warm else ""
    return warm, fingerprint


def previous_site(settings: Mapping[str, Any]) -> str:
    """The site the last build replaced, kept in the build cache ("": none)."""
    cache = settings.get(CACHE_SETTING)
    return os.path.join(cache, PREVIOUS_SITE) if cache else ""


def _empty(cache: Path, keep: str) -> None:
    """Remove everything in ``cache`` but ``keep``."""
    if not cache.is_dir() or cache.is_symlink():
        shutil.rmtree(cache, ignore_errors=True)
        return
    for found in cache.iterdir():
        if found.name == keep:
            continue
        if found.is_dir() and not found.is_symlink():
            shutil.rmtree(found, ignore_errors=True)
        else:
            found.unlink(missing_ok=True)


def commit(cache: Path, fingerprint: str) -> None:
    """After the new site took the output folder's place: its record of
    pages becomes the cache's (a build that wrote none leaves no record)."""
    new = cache / NEW_PAGES
    if new.is_file():
        os.replace(new, cache / PAGES)
        (cache / FINGERPRINT).write_text(fingerprint)
    else:
        (cache / PAGES).unlink(missing_ok=True)
