"""What newsroom/pagefind_bundle.py assumes about Pagefind's files, checked
against the Pagefind pinned in requirements.txt, run for real on the fixture
corpus as built. When a Pagefind upgrade changes one of these, the failure
names what changed; see the numbered assumptions in pagefind_bundle.py.

Two builds of the same sources being byte-identical, index included, is
tested in test_realistic.py; here the filter order is shuffled on purpose
instead of hoping two runs of Pagefind differ.
"""

import gzip
import json
import os
import re
import shutil
from importlib.metadata import version
from pathlib import Path

import cbor2
import pytest

from bilingual.newsroom import pagefind_bundle
from bilingual.newsroom.pagefind_bundle import (
    ENTRY,
    FILTERS_AT,
    MAGIC,
    PagefindFormatError,
    normalise,
    read_cbor,
)
from bilingual.newsroom.search_index import build_index, index_whole_site, run_pagefind
from conftest import REPO

LANGUAGE = r"(?P<lang>[a-z]+)"
# Every file Pagefind 1.5.2 writes for our theme. A new kind of file may
# vary between runs or name a file normalise renames: look at it first.
FILE_PATTERNS = [
    r"pagefind-entry\.json",
    r"pagefind(-component-ui|-modular-ui|-ui)?\.(js|css)",
    r"pagefind-(highlight|worker)\.js",
    rf"pagefind\.{LANGUAGE}_[0-9a-f]{{10}}\.pf_meta",
    rf"filter/{LANGUAGE}_[0-9a-f]{{7}}\.pf_filter",
    rf"index/{LANGUAGE}_[0-9a-f]{{7}}\.pf_index",
    rf"fragment/{LANGUAGE}_[0-9a-f]{{7}}\.pf_fragment",
    r"wasm\.([a-z]+|unknown)\.pagefind",
]


def pinned(package):
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.split("==")[0].strip().lower() == package:
            return line.split("==")[1].strip()
    raise AssertionError(f"requirements.txt pins no {package}")


@pytest.fixture(scope="module")
def raw_site(corpus_site, tmp_path_factory):
    """The built corpus with the index exactly as Pagefind writes it."""
    site = tmp_path_factory.mktemp("pagefind") / "site"
    shutil.copytree(corpus_site, site, ignore=shutil.ignore_patterns("pagefind"))
    run_pagefind(site, site / "pagefind", site.parent)
    return site


@pytest.fixture
def bundle(raw_site, tmp_path):
    """A copy of the raw bundle to change."""
    return Path(shutil.copytree(raw_site / "pagefind", tmp_path / "pagefind"))


def files(bundle):
    return sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())


def entry(bundle):
    return json.loads((bundle / ENTRY).read_text(encoding="utf-8"))


def test_the_pinned_pagefind_is_the_one_the_assumptions_were_checked_for(raw_site):
    assert pinned("pagefind") == pinned("pagefind_bin_extended"), (
        "requirements.txt pins pagefind and pagefind_bin_extended at different versions"
    )
    assert version("pagefind") == pinned("pagefind"), ".venv has another Pagefind: make html"
    written = entry(raw_site / "pagefind")["version"]
    assert written == pinned("pagefind"), f"Pagefind says it is {written}"
    assert pagefind_bundle.PAGEFIND_VERSION == pinned("pagefind"), (
        f"requirements.txt pins Pagefind {pinned('pagefind')} but pagefind_bundle.py was"
        f" checked against {pagefind_bundle.PAGEFIND_VERSION}: when every other test here"
        " passes, re-read its assumptions against the new Pagefind, then update PAGEFIND_VERSION"
    )


def test_pagefind_writes_only_the_files_we_know(raw_site):
    unknown = [
        name for name in files(raw_site / "pagefind")
        if not any(re.fullmatch(p, name) for p in FILE_PATTERNS)
    ]  # fmt: skip
    assert unknown == [], f"Pagefind writes files pagefind_bundle.py does not know: {unknown}"


def test_the_entry_names_one_metadata_file_per_language(raw_site):
    bundle = raw_site / "pagefind"
    found = entry(bundle)
    assert sorted(found) == ["include_characters", "languages", "version"], (
        f"pagefind-entry.json keys changed: {sorted(found)}"
    )
    assert sorted(found["languages"]) == ["en", "id"]
    metas = sorted(p.name for p in bundle.glob("*.pf_meta"))
    assert metas == sorted(
        f"pagefind.{info['hash']}.pf_meta" for info in found["languages"].values()
    )
    for lang, info in found["languages"].items():
        assert sorted(info) == ["hash", "page_count", "wasm"], (
            f"pagefind-entry.json languages.{lang} keys changed: {sorted(info)}"
        )
        assert re.fullmatch(rf"{lang}_[0-9a-f]+", info["hash"]), info["hash"]


def test_metadata_and_filter_files_are_gzipped_cbor_after_the_magic(raw_site):
    paths = sorted((raw_site / "pagefind").glob("*.pf_meta"))
    paths += sorted((raw_site / "pagefind").glob("filter/*.pf_filter"))
    assert paths
    for path in paths:
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(MAGIC), f"{path.name} starts {data[:16]!r}, not {MAGIC!r}"
        read_cbor(path)  # one CBOR item, nothing after it


def test_a_filter_file_holds_its_name_and_values_with_page_numbers(raw_site):
    found = {}
    for path in sorted((raw_site / "pagefind").glob("filter/*.pf_filter")):
        name, values = pagefind_bundle.filter_values(path, read_cbor(path))
        found[path.stem.split("_")[0]] = (name, sorted(value for value, _pages in values))
    # The corpus's categories, as the theme marks them data-pagefind-filter.
    assert found == {
        "en": ("category", ["City", "Film", "Sports"]),
        "id": ("category", ["Cuaca", "Film", "Kota", "Olahraga"]),
    }


def test_the_metadata_names_its_filter_files_at_the_assumed_place(raw_site):
    bundle = raw_site / "pagefind"
    named = []
    for lang, info in entry(bundle)["languages"].items():
        path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read_cbor(path)
        assert meta[0] == pinned("pagefind"), f"{path.name}: item 0 is {meta[0]!r}"
        pairs = pagefind_bundle.meta_filters(path, meta)
        assert [name for name, _stem in pairs] == ["category"], (
            f"{path.name}: item {FILTERS_AT} is not the filter list: {meta[FILTERS_AT]!r}"
        )
        assert all(stem.startswith(f"{lang}_") for _name, stem in pairs), pairs
        named += [stem for _name, stem in pairs]
    assert sorted(named) == sorted(p.stem for p in bundle.glob("filter/*.pf_filter"))


def test_only_the_entry_and_the_metadata_name_the_files_normalise_renames(raw_site):
    bundle = raw_site / "pagefind"
    names = [p.stem for p in bundle.glob("filter/*.pf_filter")]
    names += [p.name.split(".")[1] for p in bundle.glob("*.pf_meta")]
    for path in bundle.rglob("*"):
        if not path.is_file() or path.suffix in (".pf_meta", ".json"):
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        assert [n for n in names if n.encode() in data] == [], f"{path.name} names them"


def test_a_run_per_language_writes_the_parts_of_a_run_over_the_whole_site(raw_site, tmp_path):
    """Assumption 6: the published bundle, made of one run per language
    (search_index.py), is the bytes of one run over every page, both over
    pages mirrored in sorted order and normalised."""
    site = shutil.copytree(raw_site, tmp_path / "site", ignore=shutil.ignore_patterns("pagefind"))
    (tmp_path / "run").mkdir()
    index_whole_site(site, tmp_path / "whole", tmp_path / "run")
    report = build_index(site)
    assert (report.indexed, report.whole) == (("en", "id"), False)
    whole, published = tmp_path / "whole", site / "pagefind"
    assert files(published) == files(whole)
    assert [
        f for f in files(whole) if (whole / f).read_bytes() != (published / f).read_bytes()
    ] == []


def shuffle_filter_values(bundle):
    """Write every filter file again with its values reversed, under the same name."""
    for path in bundle.glob("filter/*.pf_filter"):
        name, values = read_cbor(path)
        path.write_bytes(gzip.compress(MAGIC + cbor2.dumps([name, values[::-1]]), mtime=1))


def test_normalise_does_not_depend_on_the_order_pagefind_wrote(raw_site, tmp_path):
    one = shutil.copytree(raw_site / "pagefind", tmp_path / "one")
    two = shutil.copytree(raw_site / "pagefind", tmp_path / "two")
    shuffle_filter_values(two)
    data = json.loads((two / ENTRY).read_text(encoding="utf-8"))
    data["languages"] = dict(reversed(data["languages"].items()))
    (two / ENTRY).write_text(json.dumps(data), encoding="utf-8")
    assert files(one) == files(two)
    assert any((one / f).read_bytes() != (two / f).read_bytes() for f in files(one))

    normalise(one)
    normalise(two)
    assert files(one) == files(two)
    assert [f for f in files(one) if (one / f).read_bytes() != (two / f).read_bytes()] == []


def test_normalise_keeps_the_bundle_whole_with_sorted_filters(bundle):
    before = {f for f in files(bundle) if not f.endswith((".pf_meta", ".pf_filter"))}
    normalise(bundle)
    assert before <= set(files(bundle))
    for lang, info in entry(bundle)["languages"].items():
        path = bundle / f"pagefind.{info['hash']}.pf_meta"
        for _name, stem in pagefind_bundle.meta_filters(path, read_cbor(path)):
            filter_path = bundle / "filter" / f"{stem}.pf_filter"
            assert stem.startswith(f"{lang}_") and filter_path.is_file()
            _name, values = pagefind_bundle.filter_values(filter_path, read_cbor(filter_path))
            assert values == sorted(values)
    assert len(list(bundle.glob("*.pf_meta"))) == len(entry(bundle)["languages"])


def test_an_unexpected_filter_file_stops_the_build_naming_it(bundle):
    path = sorted(bundle.glob("filter/*.pf_filter"))[0]
    path.write_bytes(gzip.compress(MAGIC + cbor2.dumps({"category": ["Kota"]})))
    with pytest.raises(PagefindFormatError) as error:
        normalise(bundle)
    assert str(error.value).startswith(f"{path}: expected [filter name, [[value, [page number")
    assert f"written for Pagefind {pagefind_bundle.PAGEFIND_VERSION}" in str(error.value)


def test_a_metadata_file_naming_a_missing_filter_stops_the_build(bundle):
    for path in bundle.glob("filter/*.pf_filter"):
        path.unlink()
    with pytest.raises(PagefindFormatError, match=r"names filter file [a-z]+_[0-9a-f]{7}, which"):
        normalise(bundle)


def copy_in_order(site, to, reverse):
    """A copy of ``site``'s files (not its index), each folder's entries
    created in sorted or reverse sorted order: the order a file system
    lists them in on tmpfs and in small ext4 folders."""
    paths = sorted(
        (p for p in site.rglob("*") if p.is_file() and "pagefind" not in p.relative_to(site).parts),
        reverse=reverse,
    )
    for path in paths:
        target = to / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return to


def test_the_index_does_not_depend_on_the_order_pages_were_written_in(corpus_site, tmp_path):
    """Pagefind numbers pages in the order its walk lists them: written in
    opposite orders, the same pages must still give the same bundle."""
    sites = [copy_in_order(corpus_site, tmp_path / str(r), r) for r in (False, True)]
    if os.listdir(sites[0]) == os.listdir(sites[1]):
        pytest.skip(
            f"{tmp_path} lists a folder's files in the same order however they were written"
        )
    for site in sites:
        build_index(site)
    first, second = (
        {name: (site / "pagefind" / name).read_bytes() for name in files(site / "pagefind")}
        for site in sites
    )
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
