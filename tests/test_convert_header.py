"""``make frontmatter``: a ``Key: value`` header rewritten as YAML front
matter reads back as the same fields, keeps the body, leaves front matter
alone, and builds the same site byte for byte."""

import filecmp
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bilingual.newsroom import targets
from bilingual.newsroom.convert_header import ConversionError, convert, convert_files
from bilingual.newsroom.status import variant_state
from bilingual.newsroom.stories import read_stories
from bilingual.source import body_fingerprint, parse_header
from conftest import REPO, build_site, write_files

ZONE = ZoneInfo("Asia/Jakarta")  # pelicanconf.py's TIMEZONE

STORY = """Title: Python 3.10
Slug: 0012
Date: 2025-07-01 10:00
Category: Teknologi
Tags: yes, null, 3.10
Authors: Doe, Jane; Doe, John
Summary: "Kutip": ya # bukan komentar
Aliases: lama,lebih-lama
Correction: 2025-07-02 08:00 | Versi diperbaiki.
Correction-2: 2025-07-03 tanpa garis
Source: null | https://example.org/laporan
Status: draft

Isi **berita**.

Title: bukan kepala
"""

EXPECTED = """---
title: "Python 3.10"
slug: "0012"
date: "2025-07-01T10:00+07:00"
category: "Teknologi"
tags: ["yes", "null", "3.10"]
authors: "Doe, Jane; Doe, John"
summary: "\\"Kutip\\": ya # bukan komentar"
aliases: "lama,lebih-lama"
corrections:
  - date: "2025-07-02 08:00"
    text: "Versi diperbaiki."
  - "2025-07-03 tanpa garis"
source: "null | https://example.org/laporan"
status: "draft"
---
Isi **berita**.

Title: bukan kepala
"""


def test_every_value_reads_back_as_the_same_text_and_the_body_is_kept():
    converted = convert(STORY, "a.id.md", ZONE)
    assert converted == EXPECTED
    before, after = parse_header(STORY), parse_header(converted)
    # The date gains the newsroom's offset (the editor keeps one): the same instant.
    assert after.fields.pop("date") == "2025-07-01T10:00+07:00"
    assert before.fields.pop("date") == "2025-07-01 10:00"
    assert (after.fields, after.problems) == (before.fields, [])
    assert after.body == before.body


def test_the_browser_editor_saves_the_converted_values_back_as_the_same_text():
    """Decap reads and writes front matter with the npm package yaml (YAML
    1.2, where 0012 and 3.10 are numbers unless quoted)."""
    block = EXPECTED.split("---\n")[1]
    resaved = subprocess.run(
        ["node", "-e", "const Y = require('yaml');"
         " process.stdout.write(Y.stringify(Y.parse(process.argv[1])))", block],
        cwd=REPO / "cms", capture_output=True, text=True, encoding="utf-8", check=True, timeout=30,
    ).stdout  # fmt: skip
    assert parse_header(f"---\n{resaved}---\n").fields == parse_header(EXPECTED).fields


def test_empty_fields_as_make_new_writes_them_stay_empty():
    text = "Title: A\nDate: 2025-07-01 10:00\nCategory: K\nTags: \nSummary: \n\nX.\n"
    converted = convert(text, "a.id.md", ZONE)
    assert converted == (
        '---\ntitle: "A"\ndate: "2025-07-01T10:00+07:00"\ncategory: "K"\ntags: []\nsummary: ""\n'
        "---\nX.\n"
    )
    assert parse_header(converted).fields == {
        "title": "A",
        "date": "2025-07-01T10:00+07:00",
        "category": "K",
    }


def test_front_matter_is_never_touched():
    assert convert("---\ntitle: A\n---\nX.\n", "a.id.md", ZONE) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title: A\nTags: x\nTags: y\n\nX.\n", "a.id.md:3: field 'tags': given more than once"),
        # In front matter `description` is the summary and `draft` a yes/no.
        ("Title: A\nDescription: B\n\nX.\n", "a.id.md:2: field 'description': 'B' would read as"),
        ("Title: A\nDraft: yes\n\nX.\n", "a.id.md:2: field 'draft': would not read as front"),
        ("Isi tanpa kepala.\n", "a.id.md:1: field 'header': no 'Key: value' header"),
        # The build refuses it: converting would move Authors into the body.
        (
            "Title: A\nCategory: K\nPenulis B\nAuthors: B\n\nX.\n",
            "a.id.md:3: field 'header': 'Penulis B'",
        ),
    ],
)
def test_a_header_that_cannot_convert_names_the_file_line_and_field(text, expected):
    with pytest.raises(ConversionError) as error:
        convert(text, "a.id.md", ZONE)
    assert str(error.value).startswith(expected)


def test_nothing_is_written_when_one_file_cannot_convert(tmp_path):
    files = {"a.id.md": "Title: A\n\nX.\n", "a.en.md": "Title: A\nTitle: B\n\nX.\n"}
    write_files(tmp_path, files)
    with pytest.raises(ConversionError, match="a.en.md:2: field 'title'"):
        convert_files(str(tmp_path), sorted(files), ZONE)
    assert {name: (tmp_path / name).read_text("utf-8") for name in files} == files


def test_line_endings_and_a_bom_stay_as_the_file_had_them(tmp_path):
    (tmp_path / "a.id.md").write_bytes(b"\xef\xbb\xbfTitle: A\r\n\r\nX.\r\nY.\r\n")
    (tmp_path / "b.id.md").write_bytes(b"---\r\ntitle: B\r\n---\r\nX.\r\n")
    assert convert_files(str(tmp_path), ["a.id.md", "b.id.md"], ZONE) == (["a.id.md"], ["b.id.md"])
    assert (tmp_path / "a.id.md").read_bytes() == (
        b'\xef\xbb\xbf---\r\ntitle: "A"\r\n---\r\nX.\r\nY.\r\n'
    )
    assert (tmp_path / "b.id.md").read_bytes() == b"---\r\ntitle: B\r\n---\r\nX.\r\n"


ORIGINAL_BODY = "Perpustakaan kota kini **buka** sepanjang hari.\n\n## Jam buka\n\nMulai Senin.\n"
CORPUS = {
    "articles/2025/perpustakaan.id.md": (
        "Title: Perpustakaan Kota: Buka 24 Jam\nDate: 2025-07-01 10:00\n"
        "Modified: 2025-07-02T09:15+07:00\nCategory: Teknologi\nTags: Perpustakaan, Kota\n"
        "Authors: Sari Wulandari\nSummary: \nCorrection: 2025-07-02 08:00 | Jam buka diperbaiki.\n"
        "\n" + ORIGINAL_BODY
    ),
    # Stamped with the original's hash: stale after the conversion, the
    # page would carry the stale-translation notice.
    "articles/2025/perpustakaan.en.md": (
        "Title: City Library: Open Around the Clock\nSlug: city-library\nDate: 2025-07-01\n"
        "Category: Technology\nTags: \nAuthor: Sari Wulandari\nTranslator: Budi Santoso\n"
        "Translation: human\nCorrection: 2025-07-02 08:00 | Opening hours corrected.\n"
        f"Original-Hash: {body_fingerprint(ORIGINAL_BODY)}\n\nThe city library opens all day.\n"
    ),
    "articles/2025/versi.id.md": (
        "Title: 3.10\nSlug: 0012\nDate: 2025-07-03 08:00\nCategory: Teknologi\nTags: yes, null\n"
        "Summary: null\n\nPython **3.10** dirilis.\n"
    ),
    "articles/2025/yaml.id.md": "---\ntitle: Sudah YAML\ndate: 2025-07-04\ncategory: Teknologi\n---\nX.\n",
    "pages/tentang.id.md": "Title: Tentang Kami\n\nKami menulis berita.\n",
}


def test_converting_every_story_builds_the_same_site_and_keeps_translations_current(
    tmp_path, monkeypatch
):
    content = write_files(tmp_path / "content", CORPUS)
    built = build_site(content, tmp_path / "before", search=False)
    assert built.returncode == 0, built.stdout + built.stderr

    monkeypatch.chdir(REPO)
    monkeypatch.setenv("WARTA_STORY", "all")
    monkeypatch.setenv("WARTA_CONTENT", str(content))
    assert targets.main(["frontmatter"]) == 0
    for name, text in CORPUS.items():
        now = (content / name).read_text("utf-8")
        assert now.startswith("---\n"), name
        assert now == text if text.startswith("---\n") else now != text, name
        assert parse_header(now).body == parse_header(text).body, name

    story = read_stories(str(content), ["id", "en"])["articles/2025/perpustakaan"]
    zone = ZoneInfo("Asia/Jakarta")
    assert variant_state(story.variants["en"], story.variants["id"], zone) == ("ok", "")

    built = build_site(content, tmp_path / "after", search=False)
    assert built.returncode == 0, built.stdout + built.stderr
    files = sorted(
        str(p.relative_to(tmp_path / "before")) for p in (tmp_path / "before").rglob("*")
    )
    assert files == sorted(
        str(p.relative_to(tmp_path / "after")) for p in (tmp_path / "after").rglob("*")
    )
    folders = {name for name in files if (tmp_path / "before" / name).is_dir()}
    same, differ, errors = filecmp.cmpfiles(
        tmp_path / "before", tmp_path / "after", sorted(set(files) - folders), shallow=False
    )
    assert (len(same), differ, errors) == (len(files) - len(folders), [], [])
    assert "Jam buka diperbaiki." in Path(
        tmp_path / "after/2025/07/perpustakaan/index.html"
    ).read_text("utf-8")


def test_make_frontmatter_names_a_story_it_does_not_know(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("WARTA_CONTENT", str(write_files(tmp_path, {"pages/a.id.md": "Title: A\n"})))
    assert targets.main(["frontmatter"]) == 2
    monkeypatch.setenv("WARTA_STORY", "articles/2025/nope")
    assert targets.main(["frontmatter"]) == 1
    assert "no story 'articles/2025/nope'" in capsys.readouterr().err
