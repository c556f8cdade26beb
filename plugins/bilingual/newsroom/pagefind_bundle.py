"""Pagefind's output folder (its bundle, ``<site>/pagefind``) made reproducible.

Two parts of the bundle Pagefind writes vary between runs over the same
pages: ``pagefind-entry.json`` lists the languages in arbitrary order, and
each filter file lists its values in arbitrary order (a Rust HashMap), which
changes that file's hashed name and so the metadata file that names it.
``normalise`` sorts both and renames the files after their new content.

What this relies on, as Pagefind ``PAGEFIND_VERSION`` (the version pinned in
requirements.txt) writes it. tests/test_pagefind_bundle.py runs the pinned
Pagefind and checks each point, so an upgrade that changes one fails there:

1. ``pagefind-entry.json`` is a JSON object whose ``languages`` maps each
   language code to an object with ``hash``: ``<language>_<hex digits>``,
   naming that language's metadata file ``pagefind.<hash>.pf_meta``. Its
   other keys hold nothing that varies but key order.
2. Metadata (``.pf_meta``) and filter (``filter/*.pf_filter``) files are
   gzip: the 12 bytes ``pagefind_dcd``, then one CBOR data item.
3. A filter file ``filter/<language>_<hex digits>.pf_filter`` holds
   ``[filter name, [[value, [page number, ...]], ...]]``, values in no order.
4. A metadata file holds a CBOR array whose item ``FILTERS_AT`` lists
   ``[filter name, filter file stem]`` pairs; nothing else names a filter
   file, and only ``pagefind-entry.json`` names a metadata file.
5. The hex digits in these names are never checked against the content, so
   renaming a file after a hash of its new content keeps the bundle valid.
6. A run over one language's pages writes exactly that language's files of
   a run over the whole site (``pagefind.<language>_….pf_meta``,
   ``<language>_…`` under ``filter/``, ``index/`` and ``fragment/``,
   ``wasm.<language>.pagefind``) and the same other files (scripts, styles,
   ``wasm.unknown.pagefind``); its entry lists that language alone, with
   the same other keys. ``merge_entries`` joins such entries.
"""

import gzip
import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cbor2

PAGEFIND_VERSION = "1.5.2"
MAGIC = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
FILTERS_AT = 3  # in [version, pages, index chunks, filters, sorts, meta fields]

FilterValues = list[list[Any]]  # [[value, [page number, ...]], ...]


class PagefindFormatError(Exception):
    """A Pagefind file is not laid out as this module assumes."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"{path}: {problem} (pagefind_bundle.py was written for Pagefind"
            f" {PAGEFIND_VERSION}; see the assumptions in its docstring)"
        )


def normalise(bundle: Path) -> None:
    """Rewrite the bundle so that its bytes depend only on the pages indexed."""
    entry_path = bundle / ENTRY
    entry = read_entry(entry_path)
    renamed = {path.stem: _sort_filter(path) for path in sorted(bundle.glob("filter/*.pf_filter"))}
    for language, info in entry["languages"].items():
        info["hash"] = _rename_filters_in_meta(bundle, language, info["hash"], renamed)
    write_entry(entry_path, entry)


def write_entry(path: Path, entry: dict[str, Any]) -> None:
    """``pagefind-entry.json`` with its keys (and languages) sorted."""
    path.write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def merge_entries(paths: Sequence[Path]) -> dict[str, Any] | None:
    """The entry of a bundle made of the bundles of runs over one language
    each, from their entry files: every language, and the other keys, which
    must be the same in each. None when an entry lists more than one
    language or two list the same one."""
    merged: dict[str, Any] = {}
    languages: dict[str, Any] = {}
    for path in paths:
        entry = read_entry(path)
        if len(entry["languages"]) > 1 or not languages.keys().isdisjoint(entry["languages"]):
            return None
        languages.update(entry["languages"])
        rest = {key: value for key, value in entry.items() if key != "languages"}
        if merged and rest != merged:
            raise PagefindFormatError(path, f"differs from another language's entry: {rest}")
        merged = rest
    return {**merged, "languages": languages}


def read_entry(path: Path) -> dict[str, Any]:
    """``pagefind-entry.json``, checked to map languages to metadata hashes."""
    entry = json.loads(path.read_text(encoding="utf-8"))
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict) or not all(
        isinstance(info, dict)
        and isinstance(info.get("hash"), str)
        and _stem_of(lang, info["hash"])
        for lang, info in languages.items()
    ):
        raise PagefindFormatError(
            path, 'expected {"languages": {language: {"hash": "<language>_<hex>"}, ...}, ...}'
        )
    checked: dict[str, Any] = entry  # a dict: it has "languages"
    return checked


def read_cbor(path: Path) -> Any:
    """The CBOR item in a gzip-compressed file after Pagefind's ``MAGIC``."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise PagefindFormatError(path, f"does not start with {MAGIC!r} once unzipped")
    stream = io.BytesIO(data[len(MAGIC) :])
    try:
        item = cbor2.CBORDecoder(stream).decode()
    except cbor2.CBORDecodeError as error:
        raise PagefindFormatError(path, f"is not CBOR after {MAGIC!r}: {error}") from None
    if stream.read():
        raise PagefindFormatError(path, "has bytes after its one CBOR item")
    return item


def filter_values(path: Path, item: Any) -> tuple[str, FilterValues]:
    """The name and values of a decoded filter file, checked."""
    match item:
        case [str() as name, list() as values] if all(_is_filter_value(v) for v in values):
            return name, values
    raise PagefindFormatError(path, "expected [filter name, [[value, [page number, ...]], ...]]")


def meta_filters(path: Path, item: Any) -> list[list[str]]:
    """The ``[filter name, filter file stem]`` pairs of a decoded metadata file, checked."""
    filters = item[FILTERS_AT] if isinstance(item, list) and len(item) > FILTERS_AT else None
    if not isinstance(filters, list) or not all(_is_name_pair(pair) for pair in filters):
        raise PagefindFormatError(
            path, f"expected an array whose item {FILTERS_AT} is [[filter name, filter file], ...]"
        )
    return filters


def _sort_filter(path: Path) -> str:
    """Sort the values of a filter file, rename it after its content and
    return its new stem."""
    name, values = filter_values(path, read_cbor(path))
    data = MAGIC + cbor2.dumps([name, sorted(values)])
    language, _, digits = path.stem.rpartition("_")
    stem = _hashed(language, data, len(digits))
    path.unlink()
    path.with_name(f"{stem}.pf_filter").write_bytes(gzip.compress(data, mtime=0))
    return stem


def _rename_filters_in_meta(bundle: Path, language: str, old: str, renamed: dict[str, str]) -> str:
    """Point a language's metadata file at the renamed filter files, rename
    it after its content and return its new hash."""
    path = bundle / f"pagefind.{old}.pf_meta"
    meta = read_cbor(path)
    for pair in meta_filters(path, meta):
        if pair[1] not in renamed:
            raise PagefindFormatError(path, f"names filter file {pair[1]}, which is not in filter/")
        pair[1] = renamed[pair[1]]
    data = MAGIC + cbor2.dumps(meta)
    new = _hashed(language, data, len(old) - len(language) - 1)
    path.unlink()
    (bundle / f"pagefind.{new}.pf_meta").write_bytes(gzip.compress(data, mtime=0))
    return new


def _hashed(language: str, data: bytes, digits: int) -> str:
    return f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"


def _stem_of(language: str, stem: str) -> bool:
    prefix, _, digits = stem.rpartition("_")
    return prefix == language and len(digits) > 0 and all(c in "0123456789abcdef" for c in digits)


def _is_filter_value(value: Any) -> bool:
    match value:
        case [str(), list() as pages]:
            return all(isinstance(page, int) for page in pages)
    return False


def _is_name_pair(pair: Any) -> bool:
    match pair:
        case [str(), str()]:
            return True
    return False
