"""Pagefind index size per language, and what a first query transfers.

    python tools/search_size.py OUTPUT /cari/=Behemoth /en/search/=Behemoth

OUTPUT is a built and indexed site (``make html``, or a development build
of a generated corpus plus ``python -m bilingual.newsroom.search_index``).
It serves OUTPUT on 127.0.0.1, opens each search page in headless Chromium,
types the query and sums the bytes of the Pagefind files fetched (as
served, uncompressed), on page load and for the query.
"""

import sys
from pathlib import Path

from browser import chromium, served


def index_files(bundle, lang):
    return [
        p
        for p in bundle.rglob("*")
        if p.is_file()
        and (
            p.name.startswith(f"{lang}_")
            or f".{lang}_" in p.name
            or p.name == f"wasm.{lang}.pagefind"
        )
    ]


def main(root, queries):
    bundle = root / "pagefind"
    for lang in ("id", "en"):
        files = index_files(bundle, lang)
        print(
            f"index {lang}: {sum(p.stat().st_size for p in files) / 1024:.0f} KiB in {len(files)} files"
        )
    with served(root) as base, chromium() as browser:
        for path, query in queries.items():
            page, sizes = browser.new_page(), {}
            page.on(
                "response",
                lambda r, sizes=sizes: (
                    sizes.__setitem__(r.url, len(r.body())) if "/pagefind/" in r.url else None
                ),
            )
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            on_load = sum(sizes.values())
            page.fill(".pagefind-ui__search-input", query)
            page.wait_for_timeout(2500)
            page.wait_for_load_state("networkidle")
            total = sum(sizes.values())
            results = len(page.query_selector_all(".pagefind-ui__result-link"))
            print(
                f"{path} {query!r}: {on_load / 1024:.0f} KiB on page load, "
                f"{(total - on_load) / 1024:.0f} KiB for the first query, {results} results"
            )
            page.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), dict(arg.split("=", 1) for arg in sys.argv[2:]))
