"""YAML front matter (Hugo, Jekyll, Decap CMS) reads as the same fields as a
Pelican header: plain-string tests of the mapping, then one story built in
both styles, compared byte for byte."""

import filecmp
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bilingual.dates import parse_iso
from bilingual.fields import KNOWN_FIELDS
from bilingual.newsroom.scaffold import stamp_translations
from bilingual.newsroom.stories import read_stories
from bilingual.source import parse_header
from conftest import build_site, png, write_files

WIB = ZoneInfo("Asia/Jakarta")

HUGO = """---
title: "Banjir: Jalan \\"Sudirman\\" Ditutup"
date: 2025-07-01T03:00:00Z
slug: banjir-sudirman
categories: [Nasional]
tags:
  - Banjir
  - Jakarta
author: [Sari Wulandari, Budi Santoso]
description: Hujan deras sejak pagi.
draft: true
---

Isi berita.
"""


def test_hugo_spellings_become_our_fields_on_their_own_lines():
    header = parse_header(HUGO)
    assert header.fields == {
        "title": 'Banjir: Jalan "Sudirman" Ditutup',
        "date": "2025-07-01 03:00:00+00:00",
        "slug": "banjir-sudirman",
        "category": "Nasional",
        "tags": "Banjir, Jakarta",
        "authors": "Sari Wulandari, Budi Santoso",
        "summary": "Hujan deras sejak pagi.",
        "status": "draft",
    }
    assert header.lines == {
        "title": 2, "date": 3, "slug": 4, "category": 5, "tags": 6, "authors": 9,
        "summary": 10, "status": 11,
    }  # fmt: skip
    assert (header.body, header.body_line, header.problems) == ("\nIsi berita.\n", 13, [])
    # The instant is kept: 03:00 UTC is 10:00 in Jakarta.
    assert parse_iso(header.fields["date"], WIB) == datetime(2025, 7, 1, 10, tzinfo=WIB)


def test_jekyll_spellings_and_our_own_names_map_one_to_one():
    header = parse_header(
        "---\ncategory: Ekonomi\ntags: Harga, Emas\nauthor: Sari\nImage: images/a.jpg\n"
        "image_alt: Emas batangan\nimage_caption: Emas.\nimage_credit: Foto Warta\n"
        "aliases: [emas-lama, 2024/01/emas]\nmodified: 2025-07-02\ndraft: false\n"
        "status: hidden\noriginal-hash: abc123\nsource: Kantor | https://example.org/\n"
        "corrections:\n  - {date: 2025-07-02 08:00, text: Harga diperbaiki.}\n"
        "  - 2025-07-03 | Judul diperbaiki.\n...\nIsi.\n"
    )
    assert header.fields == {
        "category": "Ekonomi",
        "tags": "Harga, Emas",
        "author": "Sari",
        "image": "images/a.jpg",
        "image_alt": "Emas batangan",
        "image_caption": "Emas.",
        "image_credit": "Foto Warta",
        "aliases": "emas-lama, 2024/01/emas",
        "modified": "2025-07-02",
        "status": "hidden",
        "original-hash": "abc123",
        "source": "Kantor | https://example.org/",
        "correction": "2025-07-02 08:00 | Harga diperbaiki.",
        "correction-2": "2025-07-03 | Judul diperbaiki.",
    }
    assert (header.lines["correction"], header.lines["correction-2"]) == (16, 17)
    assert header.body == "Isi.\n"


def test_values_are_text_as_written_and_names_with_commas_keep_together():
    header = parse_header(
        "---\ntitle: 3.10\nsummary:\ntags: []\ncorrections: []\nauthors: ['Doe, Jane', 'Roe, John']\nlayout: post\n---\n"
    )
    assert header.fields == {
        "title": "3.10",  # not the number 3.1
        "authors": "Doe, Jane; Roe, John",
        "layout": "post",  # unknown: the reader rejects it like a Pelican header's
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: A\ntags: [a, b\n---\n", [("front matter", 3)]),
        ("---\ntitle: 'A\n---\n", [("front matter", 2)]),
        ("---\n- a\n- b\n---\n", [("front matter", 2)]),
        ("---\ntitle: A\n\nNo closing line.\n", [("front matter", 1)]),
        ("---\ntitle: A\ncategories: [Kota, Nasional]\n---\n", [("categories", 3)]),
        ("---\ntitle: A\ndraft: maybe\n---\n", [("draft", 3)]),
        ("---\ntitle: A\ndraft: true\nstatus: hidden\n---\n", [("draft", 3)]),
        ("---\ntitle: [A, B]\n---\n", [("title", 2)]),
        ("---\ntitle: A\ncorrection-2: [x, y]\n---\n", [("correction-2", 3)]),
        # Any other key's list is read as a list: the header check names a
        # typo (categoris) as an unknown field, with the field it may be.
        ("---\ntitle: A\ncategoris: [Kota]\nlayout: [a, b]\n---\n", []),
        ("---\ntags: ['a, b', c]\n---\n", [("tags", 2)]),
        # Hostile or mistaken YAML: a clear problem, never a traceback.
        ("---\ntitle: A\n\tdate: 2025-07-01\n---\n", [("front matter", 3)]),
        ("---\ntitle: A: B\n---\n", [("front matter", 2)]),
        ("---\ntitle: !!python/object:os.system ls\n---\n", [("title", 2)]),
        ("---\ntitle: A\ntags: [a, !!binary YQ==]\n---\n", [("tags", 3)]),
        ("---\nbase: &b {title: A}\n<<: *b\n---\n", [("base", 2), ("<<", 3)]),
        ("---\n!secret\ntitle: A\n---\n", [("front matter", 2)]),
        ("---\n? [a, b]\n: c\n---\n", [("front matter", 2)]),
        ("---\ntags: " + "[" * 600 + "]" * 600 + "\n---\n", [("front matter", None)]),
        ("---", [("front matter", 1)]),
        ("+++\ntitle = 'A'\n+++\nIsi.\n", [("front matter", 1)]),
        ("---\ntitle: A\n---\n\nTitle: A\nSlug: a\n\nIsi.\n", [("body", 5)]),
    ],
)
def test_bad_front_matter_names_the_field_and_the_line(text, expected):
    header = parse_header(text)
    assert [(name, line) for name, _message, line in header.problems] == expected


def test_a_key_given_twice_is_a_duplicate():
    header = parse_header("---\ntitle: A\nsummary: x\ndescription: y\n---\n")
    assert header.duplicates == ["summary"]
    header = parse_header("---\ntitle: A\ntitle:\n---\n")
    assert (header.duplicates, header.fields) == (["title"], {"title": "A"}), "empty, not ignored"


def test_hostile_yaml_hints_at_the_fix():
    [(_, tabs, _)] = parse_header("---\ntitle: A\n\tdate: 2025-07-01\n---\n").problems
    assert tabs.endswith("(indent with spaces, not tabs)")
    [(_, colon, _)] = parse_header("---\ntitle: Banjir: Jakarta\n---\n").problems
    assert colon.endswith("""must be in quotes: title: "A: B")""")


def test_a_billion_laughs_costs_nothing_and_is_refused():
    rows = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 30))
    header = parse_header(f"---\nl0: &l0 [lol]\n{rows}tags: *l29\n---\n")
    assert [name for name, _, _ in header.problems][-1] == "tags"


def test_a_value_over_several_lines_is_one_line_like_a_wrapped_header_line():
    header = parse_header(
        "---\ntitle: |\n  Banjir besar\n  melanda Jakarta\nsummary: >\n  Satu\n\n  dua\n---\n"
    )
    assert header.fields == {"title": "Banjir besar melanda Jakarta", "summary": "Satu dua"}


def test_a_date_off_the_calendar_is_left_to_the_readers_own_message():
    header = parse_header("---\ndate: 2025-13-01\nmodified: 2025-02-30 10:00:00\n---\n")
    assert (header.fields, header.problems) == (
        {"date": "2025-13-01", "modified": "2025-02-30 10:00:00"},
        [],
    )


def test_make_translated_stamps_front_matter_inside_the_block(tmp_path):
    content = write_files(
        tmp_path,
        {
            "articles/2025/a.id.md": "Title: A\nDate: 2025-07-01\nCategory: K\n\nAsli.\n",
            "articles/2025/a.en.md": "---\ntitle: A\noriginal-hash: old\ndraft: true\n---\nText.\n",
        },
    )
    story = read_stories(str(content), ["id", "en"])["articles/2025/a"]
    assert story.variants["en"].status == "draft", "make status reads front matter too"
    stamp_translations(str(content), story, "id")
    stamped = (content / "articles/2025/a.en.md").read_text(encoding="utf-8")
    fingerprint = story.variants["id"].fingerprint
    assert stamped == f'---\ntitle: A\ndraft: true\noriginal-hash: "{fingerprint}"\n---\nText.\n'


PELICAN_ID = """Title: Perpustakaan Kota Buka 24 Jam: "Uji Coba"
Date: 2025-07-01 10:00
Modified: 2025-07-02T09:15+07:00
Category: Teknologi
Tags: Perpustakaan, Kota
Authors: Sari Wulandari, Budi Santoso
Summary: Perpustakaan kota kini buka sepanjang hari.
Image: images/ruang-baca.png
Image_Alt: Ruang baca lantai dua
Image_Caption: Ruang baca yang baru.
Image_Credit: Foto: Warta
Aliases: perpustakaan-lama
Correction: 2025-07-02 08:00 | Jam buka diperbaiki.
Correction-2: 2025-07-03 | Nama kepala perpustakaan diperbaiki.
Source: Kantor Berita Contoh | https://example.org/laporan

Perpustakaan kota kini **buka** sepanjang hari.

## Jam buka

Mulai Senin.
"""

YAML_ID = """---
title: 'Perpustakaan Kota Buka 24 Jam: "Uji Coba"'
date: 2025-07-01 10:00:00
modified: 2025-07-02T02:15:00Z
categories:
  - Teknologi
tags: [Perpustakaan, Kota]
author:
  - Sari Wulandari
  - Budi Santoso
description: Perpustakaan kota kini buka sepanjang hari.
image: images/ruang-baca.png
image_alt: Ruang baca lantai dua
image_caption: Ruang baca yang baru.
image_credit: 'Foto: Warta'
aliases: [perpustakaan-lama]
corrections:
  - date: 2025-07-02 08:00
    text: Jam buka diperbaiki.
  - 2025-07-03 | Nama kepala perpustakaan diperbaiki.
source: Kantor Berita Contoh | https://example.org/laporan
---
Perpustakaan kota kini **buka** sepanjang hari.

## Jam buka

Mulai Senin.
"""

PELICAN_EN = """Title: City Library Opens Around the Clock
Slug: city-library-24-hours
Date: 2025-07-01
Category: Technology
Tags: Library
Author: Sari Wulandari
Translator: Budi Santoso
Translation: human

The city library now **opens** all day.
"""

YAML_EN = """---
Title: City Library Opens Around the Clock
slug: city-library-24-hours
date: 2025-07-01
category: Technology
tags: Library
author: Sari Wulandari
translator: Budi Santoso
translation: human
draft: false
---

The city library now **opens** all day.
"""

PELICAN_PAGE = "Title: Tentang Kami\n\nKami menulis berita.\n"
YAML_PAGE = "---\ntitle: Tentang Kami\n---\nKami menulis berita.\n"
DRAFT = "---\ntitle: Belum Terbit\ndate: 2025-07-05\ncategory: Teknologi\ndraft: true\n---\nX.\n"


def test_a_story_builds_byte_identically_from_either_header_style(tmp_path):
    built = {}
    for style, files in {
        "pelican": (PELICAN_ID, PELICAN_EN, PELICAN_PAGE),
        "yaml": (YAML_ID, YAML_EN, YAML_PAGE),
    }.items():
        content = write_files(
            tmp_path / style / "content",
            {
                "articles/2025/perpustakaan.id.md": files[0],
                "articles/2025/perpustakaan.en.md": files[1],
                "articles/2025/belum-terbit.id.md": DRAFT,
                "pages/tentang.id.md": files[2],
                "images/ruang-baca.png": png(8, 6),
            },
        )
        result = build_site(content, tmp_path / style / "out", search=False)
        assert result.returncode == 0, result.stdout + result.stderr
        built[style] = tmp_path / style / "out"
    story = built["yaml"] / "2025/07/perpustakaan/index.html"
    assert "Jam buka diperbaiki." in story.read_text(encoding="utf-8")
    assert not any("Belum Terbit" in p.read_text("utf-8") for p in built["yaml"].rglob("*.html"))
    _same_tree(built["pelican"], built["yaml"])


def _same_tree(left: Path, right: Path) -> None:
    files = sorted(p.relative_to(left) for p in left.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(right) for p in right.rglob("*") if p.is_file())
    _match, mismatch, errors = filecmp.cmpfiles(left, right, [str(f) for f in files], shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.mark.parametrize("guide", ["docs/writers-guide.md", "docs/panduan-penulis.md"])
def test_the_front_matter_example_in_each_guide_reads_cleanly(guide):
    text = (Path(__file__).parents[1] / guide).read_text(encoding="utf-8")
    (example,) = re.findall(r"^```yaml\n(---\n.*?)\n```$", text, re.M | re.S)
    header = parse_header(example)
    assert header.problems == []
    assert header.fields["category"] == "Teknologi"
    assert header.fields["status"] == "draft"
    assert header.fields["correction"] == "2026-03-02 10:00 | Jam buka hari Minggu diperbaiki."
    assert set(header.fields) <= set(KNOWN_FIELDS)
