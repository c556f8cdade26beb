"""Index a built site with Pagefind, then make the index reproducible.

Pagefind indexes each page under its ``<html lang>`` (one index per
language) and only the elements the theme marks ``data-pagefind-body``:
published story and page bodies. Two of its outputs vary between runs of
the same input: ``pagefind-entry.json`` lists languages in arbitrary order,
and each filter file lists filter values in arbitrary order (a Rust
HashMap), which changes its hashed name and so the metadata file naming it.
``normalise`` sorts both and renames the files after their new content.
"""

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

MAGIC = b"pagefind_dcd"


def build_index(site):
    shutil.rmtree(Path(site) / "pagefind", ignore_errors=True)  # no stale files
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
    normalise(site)


def normalise(site):
    bundle = Path(site) / "pagefind"
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed = {}  # old filter id -> new filter id
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        name, values = _decode(gzip.decompress(path.read_bytes())[len(MAGIC) :])
        data = MAGIC + _encode([name, sorted(values)])
        old = path.stem
        new = f"{old.split('_')[0]}_{hashlib.sha256(data).hexdigest()[: len(old.split('_')[1])]}"
        path.unlink()
        (bundle / "filter" / f"{new}.pf_filter").write_bytes(gzip.compress(data, mtime=0))
        renamed[old] = new
    for lang, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = gzip.decompress(meta_path.read_bytes())
        for old, new in renamed.items():
            meta = meta.replace(old.encode(), new.encode())  # same length: CBOR stays valid
        digest = hashlib.sha256(meta).hexdigest()[: len(info["hash"]) - len(lang) - 1]
        info["hash"] = f"{lang}_{digest}"
        meta_path.unlink()
        (bundle / f"pagefind.{info['hash']}.pf_meta").write_bytes(gzip.compress(meta, mtime=0))
    entry_path.write_text(
        json.dumps(entry, sort_keys=True, separators=(",", ":")), encoding="utf-8"
    )


# The filter files are CBOR arrays of text strings and unsigned integers; this
# is just enough CBOR to read and write them.


def _decode(data):
    value, _end = _item(data, 0)
    return value


def _head(data, at):
    major, info = data[at] >> 5, data[at] & 0x1F
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(data[at + 1 : at + 1 + size], "big"), at + 1 + size


def _item(data, at):
    major, argument, at = _head(data, at)
    if major == 0:
        return argument, at
    if major == 3:
        return data[at : at + argument].decode("utf-8"), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            value, at = _item(data, at)
            items.append(value)
        return items, at
    raise ValueError(f"unexpected CBOR major type {major} in a Pagefind filter")


def _encode(value):
    if isinstance(value, int):
        return _encode_head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _encode_head(3, len(raw)) + raw
    return _encode_head(4, len(value)) + b"".join(_encode(v) for v in value)


def _encode_head(major, argument):
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError("CBOR argument too large")


if __name__ == "__main__":
    build_index(sys.argv[1] if len(sys.argv) > 1 else "output")
