"""The search index is made one language at a time and reused while a
language's indexed pages are unchanged (newsroom/search_index.py,
search_cache.py). Pages here are written by hand; the test that builds a
site, edits a story and compares the index with a cold one is in
test_incremental.py, and the check that one run per language gives the
bytes of one run over the whole site is in test_pagefind_bundle.py.
"""

import json
import os

import pytest

from bilingual.newsroom.pagefind_bundle import ENTRY, PagefindFormatError, merge_entries
from bilingual.newsroom.search_cache import BundleCache, assemble
from bilingual.newsroom.search_index import (
    Page,
    build_index,
    indexed_pages,
    language_key,
    language_of,
)
from conftest import write_files


def story(lang, words, body=True):
    marker = " data-pagefind-body" if body else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head><title>{words}</title></head>\n'
        f"<body><nav>Menu</nav><article{marker}><h1>{words}</h1><p>{words}.</p></article>"
        "</body>\n</html>\n"
    )


@pytest.mark.parametrize(
    ("html", "lang"),
    [
        ('<!DOCTYPE html>\n<html lang="id">', "id"),
        ("<HTML class='dark' LANG='en-GB' data-x>", "en-GB"),
        ("<html lang=en><head>", "en"),
        ('<html xml:lang="en"><body lang="id">', ""),
        ("<!DOCTYPE html><p>no html tag</p>", ""),
        ('<htmlx lang="de"><html data-lang="fr" lang="id">', "id"),
    ],
)
def test_the_language_is_the_lang_of_the_html_tag(html, lang):
    assert language_of(html.encode()) == lang


def test_only_pages_with_a_search_body_are_indexed_once_any_page_has_one(tmp_path):
    site = write_files(
        tmp_path / "site",
        {
            "2025/03/banjir/index.html": story("id", "Banjir"),
            "kategori/kota/index.html": story("id", "Kota", body=False),
            "en/2025/03/floods/index.html": story("en", "Floods"),
            "en/index.html": story("en", "Home", body=False),
            "de/index.html": story("de", "Start", body=False),  # no story: no index
            "pagefind/stale.html": story("id", "Old bundle"),
            "robots.txt": "User-agent: *\n",
        },
    )
    found = indexed_pages(site)
    assert {lang: [p.parts for p in pages] for lang, pages in found.items()} == {
        "id": [("2025", "03", "banjir", "index.html")],
        "en": [("en", "2025", "03", "floods", "index.html")],
    }


def test_without_any_search_body_every_page_is_indexed(tmp_path):
    site = write_files(
        tmp_path / "site",
        {"index.html": story("id", "Beranda", body=False), "b/index.html": "<p>no lang</p>"},
    )
    found = indexed_pages(site)
    assert {lang: [p.parts for p in pages] for lang, pages in found.items()} == {
        "id": [("index.html",)],
        "": [("b", "index.html")],
    }


def test_the_key_follows_the_bytes_and_paths_of_the_pages_and_pagefind():
    page = Page(("a", "index.html"), b"\x01" * 32)
    key = language_key("pagefind 1.5.2 --silent", "id", [page])
    assert key == language_key("pagefind 1.5.2 --silent", "id", [page])
    assert key != language_key("pagefind 1.5.3 --silent", "id", [page])
    assert key != language_key("pagefind 1.5.2 --silent", "en", [page])
    assert key != language_key("pagefind 1.5.2 --silent", "id", [Page(page.parts, b"\2" * 32)])
    assert key != language_key(
        "pagefind 1.5.2 --silent", "id", [Page(("b", "index.html"), b"\1" * 32)]
    )
    assert key != language_key("pagefind 1.5.2 --silent", "id", [page, page])


def entry(path, languages, version="1.5.2"):
    info = {
        lang: {"hash": f"{lang}_0123456789", "page_count": 1, "wasm": lang} for lang in languages
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": version, "languages": info}), encoding="utf-8")
    return path


def test_entries_of_one_language_each_are_joined(tmp_path):
    joined = merge_entries([entry(tmp_path / "a.json", ["id"]), entry(tmp_path / "b.json", ["en"])])
    assert joined is not None
    assert sorted(joined["languages"]) == ["en", "id"] and joined["version"] == "1.5.2"
    assert merge_entries([entry(tmp_path / "c.json", ["id", "en"])]) is None
    assert (
        merge_entries([entry(tmp_path / "a.json", ["id"]), entry(tmp_path / "d.json", ["id"])])
        is None
    )
    with pytest.raises(
        PagefindFormatError, match=r"e\.json: differs from another language's entry"
    ):
        merge_entries([entry(tmp_path / "a.json", ["id"]), entry(tmp_path / "e.json", ["en"], "9")])


def test_the_site_bundle_links_each_language_and_shares_identical_files(tmp_path):
    one = write_files(tmp_path / "id", {"pagefind.js": "same", "fragment/id_1.pf_fragment": "i"})
    two = write_files(tmp_path / "en", {"pagefind.js": "same", "fragment/en_1.pf_fragment": "e"})
    entry(one / ENTRY, ["id"])
    entry(two / ENTRY, ["en"])
    assert assemble([one, two], tmp_path / "site")
    site = tmp_path / "site"
    found = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert found == ["fragment/en_1.pf_fragment", "fragment/id_1.pf_fragment", ENTRY, "pagefind.js"]
    assert os.path.samefile(
        site / "fragment" / "en_1.pf_fragment", two / "fragment" / "en_1.pf_fragment"
    )
    assert sorted(json.loads((site / ENTRY).read_text(encoding="utf-8"))["languages"]) == [
        "en",
        "id",
    ]

    (two / "pagefind.js").write_text("other", encoding="utf-8")
    with pytest.raises(
        PagefindFormatError, match="pagefind.js: differs from pagefind.js of another"
    ):
        assemble([one, two], tmp_path / "again")
    entry(two / ENTRY, ["en", "id"])
    assert not assemble([one, two], tmp_path / "never")
    assert not (tmp_path / "never").exists()


def test_a_kept_bundle_is_reused_only_for_its_key_and_as_it_was_written(tmp_path):
    cache = BundleCache(tmp_path / "search")
    written = write_files(tmp_path / "written", {"pagefind.js": "js", "index/id_1.pf_index": "x"})
    cache.put("id", "key-1", written)
    assert cache.has("id", "key-1")
    assert not cache.has("id", "key-2")
    assert not cache.has("en", "key-1")
    kept = cache.bundle("id") / "index" / "id_1.pf_index"
    assert kept.stat().st_mode & 0o222 == 0  # read-only: published sites link it
    os.chmod(kept, 0o644)
    kept.write_text("changed through a published link", encoding="utf-8")
    assert not cache.has("id", "key-1")

    (tmp_path / "search" / "en.new").mkdir()  # left by an interrupted build
    cache.put("x-Odd/Lang", "key", write_files(tmp_path / "odd", {"a": "b"}))
    assert cache.place("x-Odd/Lang").name.startswith("_")
    assert cache.place("EN") != cache.place("en") == tmp_path / "search" / "en"
    cache.keep_only({"x-Odd/Lang"})
    assert [p.name for p in (tmp_path / "search").iterdir()] == [cache.place("x-Odd/Lang").name]


def test_a_language_read_otherwise_than_pagefind_reads_it_indexes_the_whole_site(tmp_path):
    """A ``<html`` in a comment before the real tag: this module reads
    ``id``, Pagefind ``en``. The ``id`` run then indexes two languages, and
    the site is indexed in one run instead, each page under its language."""
    commented = '<!-- <html lang="id"> -->\n' + story("en", "Floods")
    site = write_files(
        tmp_path / "site",
        {"a/index.html": story("id", "Banjir"), "b/index.html": commented},
    )
    report = build_index(site, tmp_path / "cache")
    assert report.whole and str(report).startswith("Search index: the whole site indexed at once")
    languages = json.loads((site / "pagefind" / ENTRY).read_text(encoding="utf-8"))["languages"]
    assert {lang: info["page_count"] for lang, info in languages.items()} == {"en": 1, "id": 1}
