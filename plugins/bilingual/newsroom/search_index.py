"""Index a built site with Pagefind, one language at a time, reusing each
language's index while the pages it indexes are unchanged.

Pagefind indexes each page under its ``<html lang>`` (one index per
language) and, once any page of the site has an element marked
``data-pagefind-body`` (the theme marks published story and page bodies),
only the pages that have one. Run over one language's pages, it writes
exactly that language's part of the bundle a run over the whole site writes
(``pagefind_bundle.py``, assumption 6, checked by
tests/test_pagefind_bundle.py). So a build:

1. reads every ``.html`` page of the site (``indexed_pages``): its language
   and, when some page has ``data-pagefind-body``, only the pages that have
   it, since Pagefind ignores the others (a language with none then has no
   index, as in a run over the whole site);
2. gives each language a *key*: the SHA-256 of Pagefind's version and
   options and of the relative path and bytes of each page it indexes,
   which is all Pagefind reads (it runs in a scratch folder of ours,
   without ``PAGEFIND_`` variables, so no configuration file or variable
   changes its output unseen);
3. takes the bundle of each language whose key is unchanged from the cache
   (``search_cache.py``), and runs Pagefind for the others, in parallel,
   each over a mirror of its pages (hard links made in sorted order:
   Pagefind numbers pages in the order its walk meets them, which is the
   order the file system lists a folder's entries, creation order on tmpfs
   and in small ext4 folders), then ``pagefind_bundle.normalise`` takes
   out hash-map order;
4. writes ``<site>/pagefind``: every language's files, linked from the
   cache, and one ``pagefind-entry.json`` naming them all.

Without a cache every language is indexed, the same way, so an incremental
build's bundle is the bytes a cold one writes. Should a language's run
index anything but that one language (a ``lang`` read differently here
than by Pagefind), the site is indexed in one run over all its pages.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .pagefind_bundle import normalise
from .search_cache import BundleCache, assemble

BUNDLE = "pagefind"
OPTIONS = ("--silent",)  # the options besides the folders; part of every key
BODY = b"data-pagefind-body"
HTML_TAG = re.compile(rb"<html(?=[\s>/])([^>]*)>", re.IGNORECASE)
LANG_ATTRIBUTE = re.compile(
    rb"""(?:^|[\s/])lang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE
)

PagePath = tuple[str, ...]  # the parts of a page's path in the site


@dataclass(frozen=True)
class Page:
    parts: PagePath
    digest: bytes  # SHA-256 of the page's bytes


@dataclass(frozen=True)
class IndexReport:
    """What one ``build_index`` did, for the build's summary."""

    indexed: tuple[str, ...]  # languages Pagefind ran for
    reused: tuple[str, ...]  # languages taken from the cache
    whole: bool  # indexed in one run over the whole site
    seconds: float

    def __str__(self) -> str:
        if self.whole:
            done = "the whole site indexed at once"
        else:
            done = ", ".join(
                [f"{lang or '(no lang)'} indexed" for lang in self.indexed]
                + [f"{lang or '(no lang)'} reused" for lang in self.reused]
            )
        return f"Search index: {done or 'no page to index'} in {self.seconds:.2f} s"


def build_index(site: str | Path, cache: Path | None = None) -> IndexReport:
    """Write ``<site>/pagefind``, the same bytes for the same pages, taking
    each language's index from ``cache`` (a folder kept between builds)
    when its pages are unchanged."""
    started = time.perf_counter()
    site = Path(site)
    bundle = site / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)  # no stale files
    languages = indexed_pages(site)
    with tempfile.TemporaryDirectory(prefix=f".{site.name}.pages-", dir=site.parent) as scratch:
        store = BundleCache(cache if cache is not None else Path(scratch, "cache"))
        recipe = f"pagefind {pagefind_program()[1]} {' '.join(OPTIONS)}"
        keys = {lang: language_key(recipe, lang, pages) for lang, pages in languages.items()}
        stale = {
            lang: pages for lang, pages in languages.items() if not store.has(lang, keys[lang])
        }
        mirrors = {
            lang: sorted_pages(site, [p.parts for p in pages], Path(scratch, f"pages-{n}"))
            for n, (lang, pages) in enumerate(sorted(stale.items()))
        }
        for lang, written in run_pagefind_each(mirrors, Path(scratch)).items():
            normalise(written)
            store.put(lang, keys[lang], written)
        store.keep_only(set(languages))
        whole = not languages or not assemble([store.bundle(lang) for lang in sorted(keys)], bundle)
        if whole:
            shutil.rmtree(bundle, ignore_errors=True)
            index_whole_site(site, bundle, Path(scratch))
    return IndexReport(
        indexed=tuple(sorted(stale)) if not whole else (),
        reused=tuple(sorted(set(languages) - set(stale))) if not whole else (),
        whole=whole,
        seconds=time.perf_counter() - started,
    )


def index_whole_site(site: Path, bundle: Path, folder: Path) -> None:
    """One Pagefind run over every page of ``site`` (mirrored in ``folder``,
    in sorted order), normalised, in ``bundle``."""
    mirror = sorted_pages(site, site_pages(site), folder / "pages")
    run_pagefind(mirror, bundle, folder)
    normalise(bundle)


def site_pages(site: Path) -> list[PagePath]:
    """Every ``.html`` file of ``site`` but the bundle's, sorted. (Plain
    strings: ``pathlib`` took a tenth of a second for 3,000 folders.)"""
    pages = []
    root = os.path.join(site, "")
    for folder, folders, files in os.walk(root):
        where = tuple(folder[len(root) :].split(os.sep)) if folder != root else ()
        if not where and BUNDLE in folders:
            folders.remove(BUNDLE)
        pages += [(*where, name) for name in files if name.endswith(".html")]
    return sorted(pages)


def indexed_pages(site: Path) -> dict[str, list[Page]]:
    """The pages Pagefind indexes, by the ``lang`` of their ``<html>`` tag
    ("" for none), in sorted order: those with ``data-pagefind-body`` when
    any page has it, else all of them."""
    found = []
    for parts in site_pages(site):
        with open(os.path.join(site, *parts), "rb") as file:
            data = file.read()
        found.append((language_of(data), BODY in data, Page(parts, hashlib.sha256(data).digest())))
    any_body = any(body for _lang, body, _page in found)
    languages: dict[str, list[Page]] = {}
    for lang, body, page in found:
        if body or not any_body:
            languages.setdefault(lang, []).append(page)
    return languages


def language_of(data: bytes) -> str:
    """The ``lang`` attribute of the page's ``<html>`` tag, "" if none."""
    tag = HTML_TAG.search(data)
    attribute = LANG_ATTRIBUTE.search(tag.group(1)) if tag else None
    if attribute is None:
        return ""
    value = next(group for group in attribute.groups() if group is not None)
    return value.decode("utf-8", "replace").strip()


def language_key(recipe: str, lang: str, pages: Iterable[Page]) -> str:
    """What Pagefind's index of ``pages`` depends on, as a hex digest."""
    digest = hashlib.sha256(f"{recipe}\0{lang}\0".encode())
    for page in pages:
        digest.update(os.fsencode("/".join(page.parts)) + b"\0" + page.digest)
    return digest.hexdigest()


def sorted_pages(site: Path, pages: Sequence[PagePath], mirror: Path) -> Path:
    """Hard-link ``pages`` (sorted) of ``site`` into the new folder
    ``mirror`` at the same relative paths, creating each folder's entries
    in sorted order: a walk of ``mirror`` then meets the same pages in the
    same order in every build, whatever order the build wrote them in. A
    file system without hard links gets copies. Returns ``mirror``."""
    mirror.mkdir()
    made: set[PagePath] = {()}
    for parts in pages:
        if parts[:-1] not in made:
            os.makedirs(os.path.join(mirror, *parts[:-1]), exist_ok=True)
            made.add(parts[:-1])
        source, target = os.path.join(site, *parts), os.path.join(mirror, *parts)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
    return mirror


def pagefind_program() -> tuple[list[str], str]:
    """The command that starts Pagefind, and its version: the pinned
    binary itself (``python -m pagefind`` finds the same one, 60 ms
    later), else ``python -m pagefind``."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return [sys.executable, "-m", "pagefind"], version("pagefind")
    return [str(get_executable().resolve())], version("pagefind_bin_extended")


def pagefind_command(pages: Path, bundle: Path) -> list[str]:
    site, output = str(pages.resolve()), str(bundle.resolve())
    return [*pagefind_program()[0], "--site", site, *OPTIONS, "--output-path", output]


def pagefind_environment() -> dict[str, str]:
    """This environment without Pagefind's configuration variables."""
    return {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}


def run_pagefind(pages: Path, bundle: Path, folder: Path) -> None:
    """Pagefind's own index of the folder ``pages``, as it writes it, in
    ``bundle``; it runs in ``folder``, which must hold no configuration
    file (``pagefind.yml`` …)."""
    command = pagefind_command(pages, bundle)
    subprocess.run(command, cwd=folder, env=pagefind_environment(), check=True)


def run_pagefind_each(mirrors: Mapping[str, Path], folder: Path) -> dict[str, Path]:
    """Pagefind over each language's folder of pages, one process per core
    at a time: {language: the bundle it wrote, in ``folder``}."""
    bundles = {lang: folder / f"bundle-{n}" for n, lang in enumerate(sorted(mirrors))}
    if bundles:
        with ThreadPoolExecutor(max_workers=min(len(bundles), os.cpu_count() or 1)) as pool:
            done = [
                pool.submit(run_pagefind, mirrors[lang], to, folder) for lang, to in bundles.items()
            ]
            for future in done:
                future.result()  # the first failure, once every run has ended
    return bundles


if __name__ == "__main__":
    print(build_index(sys.argv[1] if len(sys.argv) > 1 else "output"))
