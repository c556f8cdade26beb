"""Content errors: one build reports every problem of every file, each naming
the file, the line where there is one, and the field; nothing outside
content/ is read or published; odd but valid copy builds."""

import io
import json
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from urllib.parse import unquote

import pytest

from bilingual.body import MAX_DEPTH, too_deep
from bilingual.newsroom.__main__ import status
from bilingual.source import CONTROL, control_characters
from conftest import REPO, build_site, jpeg, png, resolve, soup, write_files

STORY = "Title: {title}\nDate: 2026-03-05 09:30\nCategory: Kota\n{extra}\nIsi berita {title}.\n"


def story(title: str, extra: str = "") -> str:
    return STORY.format(title=title, extra=extra)


def failing_build(tmp_path: Path, files: dict) -> str:
    content = write_files(
        tmp_path / "content", {"articles/2026/baik.id.md": story("Baik"), **files}
    )
    result = build_site(content, tmp_path / "output", search=False)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert not (tmp_path / "output" / "index.html").exists(), "nothing is written"
    return " ".join(log.split())  # as one line, however the console wrapped it


def test_fifteen_broken_stories_are_all_reported_in_one_build(tmp_path):
    broken = {
        f"articles/2026/tanpa-kategori-{n}.id.md": f"Title: Tanpa {n}\nDate: 2026-03-05\n\nIsi.\n"
        for n in range(15)
    }
    log = failing_build(tmp_path, broken)
    for name in broken:
        assert re.search(rf"{re.escape(name)}: field 'category': missing", log), name
    assert "15 content errors" in log
    assert log.index("tanpa-kategori-2.id.md") < log.index("tanpa-kategori-10.id.md")


BROKEN = {
    # Indonesians write 5 March as 05/03; a machine reads 3 May. ISO only.
    "articles/2026/tanggal-garis-miring.id.md": (
        "Title: Tanggal\nDate: 05/03/2026 09:30\nCategory: Kota\n\nIsi.\n",
        r":2: field 'date': '05/03/2026 09:30' is not an ISO 8601 date; write YYYY-MM-DD HH:MM",
    ),
    "articles/2026/tanggal-tiga-belas.id.md": (
        "Title: Tanggal\nDate: 13/03/2026\nCategory: Kota\n\nIsi.\n",
        r":2: field 'date': '13/03/2026' is not an ISO 8601 date",
    ),
    "articles/2026/tanggal-mustahil.id.md": (
        "Title: Tanggal\nDate: 2026-02-30 10:00\nCategory: Kota\n\nIsi.\n",
        r":2: field 'date': '2026-02-30 10:00' is not a date on the calendar",
    ),
    "articles/2026/salah-ketik.id.md": (
        "Title: Salah Ketik\nDate: 2026-03-05\nCategory: Kota\nSumary: Ringkas.\nTag: Banjir\n"
        "\nIsi.\n",
        r":4: field 'sumary': unknown field; did you mean 'summary'\?",
    ),
    "articles/2026/kontrol.id.md": (
        "Title: Karakter Kontrol\nDate: 2026-03-05\nCategory: Kota\n\nBaris satu.\n"
        "Baris dua\x0b dari Word.\n",
        r":6: field 'body': invisible control character U\+000B",
    ),
    "articles/2026/penulis-garis.id.md": (
        "Title: Penulis\nDate: 2026-03-05\nCategory: Kota\nAuthors: —\n\nIsi.\n",
        r":4: field 'authors': '—' has no letters or digits",
    ),
    "articles/2026/tag-html.id.md": (
        "Title: Tag\nDate: 2026-03-05\nCategory: Kota\nTags: Banjir, <Pasar>\n\nIsi.\n",
        r":4: field 'tags': '<Pasar>' is read as HTML \(<Pasar>\), which its URL leaves out",
    ),
    # Only part of the name: its URL would be /tag/baru/, a page for "Baru".
    "articles/2026/tag-html-sebagian.id.md": (
        "Title: Tag\nDate: 2026-03-05\nCategory: Kota\nTags: <Pasar> Baru\n\nIsi.\n",
        r":4: field 'tags': '<Pasar> Baru' is read as HTML \(<Pasar>\)",
    ),
    # Split on semicolons, as Pelican splits a list that has one.
    "articles/2026/penulis-html.id.md": (
        "Title: Tag\nDate: 2026-03-05\nCategory: Kota\nAuthors: Sari; <b>Budi</b>\n\nIsi.\n",
        r":4: field 'authors': '<b>Budi</b>' is read as HTML \(<b>\)",
    ),
    "articles/2026/asli-jepang.id.md": (
        "Title: Asli\nDate: 2026-03-05\nCategory: Kota\nOriginal: jp\n\nIsi.\n",
        r":4: field 'original': 'jp' is not a language of the site; write one of id, en",
    ),
    "articles/2026/tanpa-saran.id.md": (
        "Title: Asing\nDate: 2026-03-05\nCategory: Kota\nDesk: Metro\n\nIsi.\n",
        r":4: field 'desk': unknown field; a newsroom's own fields are declared in",
    ),
    "articles/2026/terjadwal.id.md": (
        "Title: Terjadwal\nDate: 2099-01-01 10:00\nCategory:\n\nIsi.\n",
        r":3: field 'category': missing",
    ),
    "articles/2026/gambar-keluar.id.md": (
        "Title: Gambar\nDate: 2026-03-05\nCategory: Kota\nImage: ../../../../etc/hostname\n\nIsi.\n",
        r":4: field 'image': ../../../../etc/hostname is not a file under content/images/",
    ),
    "articles/2026/srcset-keluar.id.md": (
        "Title: Gambar\nDate: 2026-03-05\nCategory: Kota\nImage_Srcset: /../etc/hostname 640w\n"
        "\nIsi.\n",
        r":4: field 'image_srcset': /../etc/hostname",
    ),
    "articles/2026/gambar-hilang.id.md": (
        "Title: Gambar\nDate: 2026-03-05\nCategory: Kota\n\nTeks.\n\n![Peta](images/tidak-ada.png)\n",
        r":7: field 'body': images/tidak-ada.png is not a file under content/images/",
    ),
    "articles/2026/gambar-jauh.id.md": (
        "Title: Gambar\nDate: 2026-03-05\nCategory: Kota\n\n![Peta](https://tracker.example/x.png)\n",
        r":5: field 'body': https://tracker.example/x.png is on tracker.example, which is not in "
        r"BILINGUAL_IMAGE_HOSTS",
    ),
    "articles/2026/tautan-putus.id.md": (
        "Title: Tautan\nDate: 2026-03-05\nCategory: Kota\n\n[Lihat]({filename}../2025/hilang.id.md)\n",
        r":5: field 'body': links \{filename\}../2025/hilang.id.md, which is not a story or page",
    ),
    "articles/2026/tautan-tag.id.md": (
        "Title: Tautan Tag\nDate: 2026-03-05\nCategory: Kota\n\n[Semua]({tag}Tidak Ada)\n",
        r":5: field 'body': links \{tag\}Tidak Ada, but no listed story in 'id' has that tag",
    ),
    # Python-Markdown gives up (RecursionError) from about 250 levels; its
    # time grows faster than the depth (1,000 levels: 24 s), so 400.
    "articles/2026/bersarang.id.md": (
        "Title: Bersarang\nDate: 2026-03-05\nCategory: Kota\n\n"
        + "".join("    " * depth + "- butir\n" for depth in range(400)),
        r":106: field 'body': nested too deeply",  # the line of the file, not of the body
    ),
    # A stray "##": Python-Markdown makes an empty heading, which readers'
    # screen readers announce as one with nothing in it.
    "articles/2026/judul-kosong.id.md": (
        "---\ntitle: Judul Kosong\ndate: 2026-03-05\ncategory: Kota\n---\nIsi.\n\n```sh\n#\n```\n"
        "\n## \n\nLagi.\n",
        r":12: field 'body': a heading without text \(a line of only '#'\)",
    ),
    "articles/2026/c-sharp.id.md": (
        "Title: C Sharp\nDate: 2026-03-05\nCategory: Kota\nTags: C#\n\nIsi.\n",
        None,
    ),
    "articles/2026/c-plus.id.md": (
        "Title: C Plus\nDate: 2026-03-04\nCategory: Kota\nTags: C++\n\nIsi.\n",
        r": field 'tags': 'C\+\+' and 'C#' \(in articles/2026/c-sharp.id.md\) both make the URL "
        r"/tag/c/",
    ),
    "catatan.id.md": ("Title: Catatan\n\nDi luar folder.\n", r": field 'file': stories and pages"),
    # Outside the story folders nothing is read: no header is asked of it.
    "images/BACA.id.md": ("# Gambar\n\nFoto liputan.\n", r": field 'file': stories and pages"),
    "articles/2026/bukan-karakter.id.md": (
        "Title: Bukan Karakter\nDate: 2026-03-05\nCategory: Kota\n\nTeks \uffff dan \x85 aneh.\n",
        r":5: field 'body': invisible control character U\+0085",
    ),
    # YAML front matter (Hugo, Jekyll, Decap CMS) meets the same rules.
    "articles/2026/yaml-rusak.id.md": (
        "---\ntitle: Rusak\ndate: 2026-03-05\ntags: [Banjir, Kota\ncategory: Kota\n---\nIsi.\n",
        r":5: field 'front matter': not valid YAML: while parsing a flow sequence",
    ),
    "articles/2026/yaml-asing.id.md": (
        "---\ntitle: Asing\ndate: 2026-03-05\ncategory: Kota\nlayout: post\n---\nIsi.\n",
        r":5: field 'layout': unknown field",
    ),
    # A misspelt key given a list is named as unknown, with the field it may be.
    "articles/2026/yaml-salah-ketik.id.md": (
        "---\ntitle: Salah Ketik\ndate: 2026-03-05\ncategoris: [Kota]\n---\nIsi.\n",
        r":4: field 'categoris': unknown field; did you mean 'category'\?",
    ),
    "articles/2026/yaml-dua-kategori.id.md": (
        "---\ntitle: Dua\ndate: 2026-03-05\ncategories: [Kota, Ekonomi]\n---\nIsi.\n",
        r":4: field 'categories': a story has one category; found 2",
    ),
    # A BOM and Windows line endings before '---' still open front matter.
    "articles/2026/yaml-windows.id.md": (
        "\ufeff---\r\ntitle: Windows\r\ndate: 2026-03-05\r\ncategory: Kota\r\nauthor: Sari\r\n"
        "authors: [Budi]\r\n---\r\nIsi.\r\n",
        r":5: field 'author': given together with 'authors'",
    ),
    "articles/2026/yaml-python.id.md": (
        "---\ntitle: !!python/object/apply:os.system [ls]\ndate: 2026-03-05\ncategory: Kota\n"
        "---\nIsi.\n",
        r":2: field 'title': the YAML tag !!python/object/apply:os.system is not allowed",
    ),
    # What the browser editor writes when it saves a story whose Pelican
    # header it could not read: its fields on top, the old header as text.
    "articles/2026/yaml-tertimbun.id.md": (
        "---\ntitle: Baru\ndate: 2026-03-05T09:30+07:00\ncategory: Kota\n---\n"
        "Title: Lama\nDate: 2026-03-05 09:30\nCategory: Kota\n\nIsi.\n",
        r":6: field 'body': starts with a 'Title:' header line below the YAML front matter",
    ),
    "articles/2026/tanpa-bahasa.md": (
        story("Tanpa Bahasa"),
        r": field 'lang': .*no language suffix",
    ),
    "articles/2026/prancis.fr.md": (story("Prancis"), r": field 'lang': .*\(found 'fr'\)"),
    "articles/2026/latin.id.md": (
        "Title: Latin\nDate: 2026-03-05\nCategory: Kota\n\nSekitar \xb12 ton.\n".encode("latin-1"),
        r":5: field 'file': not UTF-8: byte 0xb1",
    ),
    # Corrections, credits and old URLs are read with the header: their line
    # is named, and a draft's are checked too (the preview shows drafts).
    "articles/2026/koreksi.id.md": (
        story("Koreksi", "Correction: kemarin | Jumlah diperbaiki.\n"),
        r":4: field 'correction': 'kemarin' is not an ISO 8601 date",
    ),
    "articles/2026/koreksi-dua.id.md": (
        story("Koreksi Dua", "Correction-2: 2026-03-06 jumlah diperbaiki\n"),
        r":4: field 'correction-2': write it as '2025-08-01 10:00 \| what was corrected'",
    ),
    "articles/2026/terjemahan-draf.en.md": (
        story("Machine", "Status: draft\nTranslation: google\n"),
        r":5: field 'translation': 'google' must be one of human, machine-assisted, machine",
    ),
    "articles/2026/sumber.id.md": (
        story("Sumber", "Source: Balai Warga | balai.example\n"),
        r":4: field 'source': 'balai.example' is not an http\(s\) address",
    ),
    "articles/2026/alamat-lama.id.md": (
        story("Alamat", "Aliases: berita lama, tag/lama\n"),
        r":4: field 'aliases': 'berita lama': each must be a slug or a path",
    ),
    "articles/2026/alamat-seksi.id.md": (
        story("Seksi", "Aliases: tag/pasar\n"),
        r":4: field 'aliases': 'tag/pasar' starts with a section of the site",
    ),
    # A slip that ends the header: the field lines after it would be the
    # story's first words, on the page, in feeds and in the description.
    "articles/2026/kepala-putus.id.md": (
        "Title: Kepala\nDate: 2026-03-05\nCategory: Kota\nPenulis Budi\nAuthors: Budi\n"
        "Summary: Ringkas.\n\nIsi.\n",
        r":4: field 'header': 'Penulis Budi' ends the header: it is not a 'Key: value' line, so"
        r" the header lines from here on \(Authors, Summary\)",
    ),
    "articles/2026/spasi-titik-dua.id.md": (
        "Title: Spasi\nDate: 2026-03-05\nCategory: Kota\nTags : Pasar\n\nIsi.\n",
        r":4: field 'header': 'Tags : Pasar' ends the header: .* \(Tags\)",
    ),
    "pages/tag.id.md": ("Title: Tag\nSlug: tag\n\nIsi.\n", r":2: field 'slug': 'tag' is reserved"),
}


def test_every_problem_of_every_file_is_named_with_its_line_and_field(tmp_path):
    log = failing_build(tmp_path, {name: text for name, (text, _) in BROKEN.items()})
    for name, (_text, expected) in BROKEN.items():
        if expected:
            assert re.search(re.escape(name) + expected, log), f"{name}\n{log}"
    assert "Traceback" not in log


# Problems between files (links to other stories, two terms on one URL) are
# the build's alone: ``make status`` reads each story and page on its own.
BUILD_ONLY = ("tautan-putus", "tautan-tag", "c-plus")


def test_make_status_stops_on_what_the_build_stops_on_with_its_messages(tmp_path):
    """One reading for both: status names every problem of a story that
    the build names, in the same words, and none the build does not."""
    files = {name: text for name, (text, _) in BROKEN.items()}
    content = write_files(tmp_path / "content", {"articles/2026/baik.id.md": story("Baik")})
    # A story linked in from outside (its date would be refused if it were
    # read), and the lock Emacs leaves beside a file being edited: a link to
    # nowhere, which the build passes over (IGNORE_FILES).
    outside = write_files(tmp_path / "outside", {"luar.id.md": "Title: Luar\nDate: kemarin\n"})
    os.symlink(outside / "luar.id.md", content / "articles" / "2026" / "luar.id.md")
    os.symlink("sari@laptop.4242:1764650000", content / "articles" / "2026" / ".#baik.id.md")
    build_log = failing_build(tmp_path, files)
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()) as out:
        code = status(str(REPO / "pelicanconf.py"), content=str(content))
    assert code == 1 and not out.getvalue(), out.getvalue()
    problems = [line.strip() for line in err.getvalue().splitlines()[1:]]
    assert problems and "Traceback" not in err.getvalue(), err.getvalue()
    for found in problems:
        assert " ".join(found.split()) in build_log, found
    # In the build's order: by file, then line.
    where = [build_log.index(" ".join(found.split())) for found in problems]
    assert where == sorted(where), problems
    assert any(
        p.startswith("articles/2026/luar.id.md: field 'file': is a symbolic link") for p in problems
    )
    for name, (_text, expected) in BROKEN.items():
        if expected and not any(part in name for part in BUILD_ONLY):
            assert any(re.match(re.escape(name) + expected, p) for p in problems), name


def test_a_body_that_cannot_be_converted_does_not_hide_the_headers_problems(tmp_path):
    name = "articles/2026/dua-masalah.id.md"
    text = "Title: Dua\nDate: 15/02/2026\nCategory: Kota\nTags: <b>Pasar</b>\n\nIsi.\n\n##\n"
    log = failing_build(tmp_path, {name: text})
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        status(str(REPO / "pelicanconf.py"), content=str(tmp_path / "content"))
    for expected in (
        ":2: field 'date': '15/02/2026' is not an ISO 8601 date",
        ":4: field 'tags': '<b>Pasar</b>' is read as HTML",
        ":8: field 'body': a heading without text",
    ):
        assert name + expected in log, log
        assert name + expected in err.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def check():
    """check(**fields): the problems of a story's header (fields.check_header);
    a field given None is not written."""
    from pelican.settings import read_settings

    from bilingual.fields import check_header, field_rules
    from bilingual.settings import configure

    rules = field_rules(configure(read_settings(str(REPO / "pelicanconf.py"))))
    story = {"title": "Satu", "date": "2026-03-05 09:30", "category": "Kota, Jakarta; Pusat"}

    def problems(**fields: str | None) -> list[str]:
        header = {k: v for k, v in {**story, **fields}.items() if v is not None}
        lines = {name: number for number, name in enumerate(header, start=1)}
        return check_header("articles/2026/a.id.md", "id", "articles/2026/a", header, [], lines,
                            rules)[1]  # fmt: skip

    return problems


def test_author_is_one_name_tags_and_authors_are_lists_as_pelican_reads_them(check):
    """Pelican takes Author: and Category: whole (Author('Tim, —')) and splits
    Tags: and Authors: (on semicolons when there is one): each is checked so."""
    assert check(author="Tim Redaksi, —") == []
    assert check(authors="Doe, Jane; Roe, Ann") == []
    assert check(authors="Tim Redaksi, —") == [
        "articles/2026/a.id.md:4: field 'authors': '—' has no letters or digits to make a URL"
        " from; write a name"
    ]
    assert check(tags="Banjir; —") == [
        "articles/2026/a.id.md:4: field 'tags': '—' has no letters or digits to make a URL"
        " from; write a name"
    ]


def test_a_slug_taken_from_the_file_name_says_so(check):
    """A file named with spaces and no Slug: line: the editor never wrote
    the value the message quotes."""
    from pelican.settings import read_settings

    from bilingual.fields import check_header, field_rules
    from bilingual.settings import configure

    rules = field_rules(configure(read_settings(str(REPO / "pelicanconf.py"))))
    header = {"title": "Rapat", "date": "2026-03-05 09:30", "category": "Kota"}
    name, key = "articles/2026/rapat warga.id.md", "articles/2026/rapat warga"
    assert check_header(name, "id", key, header, [], {}, rules)[1] == [
        f"{name}: field 'slug': 'rapat warga' must match [a-z0-9-]+ (lower-case letters,"
        " digits and single hyphens), and comes from the file's name: add a 'Slug:' line"
    ]
    assert check(slug="Rapat Warga") == [
        "articles/2026/a.id.md:4: field 'slug': 'Rapat Warga' must match [a-z0-9-]+"
        " (lower-case letters, digits and single hyphens)"
    ]


def test_a_required_field_left_blank_is_named_once_as_blank(check):
    assert check(date="") == [
        "articles/2026/a.id.md:2: field 'date': missing; fill in the 'Date:' line"
    ]
    assert check(title="", category="  ") == [
        "articles/2026/a.id.md:1: field 'title': missing; fill in the 'Title:' line",
        "articles/2026/a.id.md:3: field 'category': missing; fill in the 'Category:' line",
    ]
    assert check(date=None) == ["articles/2026/a.id.md: field 'date': missing; add a 'Date:' line"]


def test_fields_left_blank_are_as_if_not_written(tmp_path):
    """Pelican drops a blank Tags, Authors or Slug, and a blank Lang names
    no other language: the story has no tags, and its address comes from
    the file's name."""
    content = write_files(
        tmp_path / "content",
        {"articles/2026/kosong.id.md": story("Kosong", "Tags:\nAuthors:\nSlug:\nLang:\n")},
    )
    result = build_site(content, tmp_path / "out", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(tmp_path / "out" / "2026" / "03" / "kosong" / "index.html")
    assert page.select_one("h1").get_text(strip=True) == "Kosong"
    assert [a["href"] for a in page.select('a[href*="tag/"]')] == ["../../../tag/"]  # the index


def test_declared_custom_fields_and_wrapped_summaries_are_read(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "articles/2026/ringkasan.id.md": (
                "Title: Ringkasan Panjang\nDate: 2026-03-05 09:30\nCategory: Kota\n"
                "Summary: Kalimat pertama ringkasan\nyang berlanjut di baris kedua.\n"
                "Desk: Metro\n\nIsi berita.\n"
            )
        },
    )
    result = build_site(
        content, tmp_path / "out", search=False, extra={"BILINGUAL_FIELDS": ["desk"]}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(tmp_path / "out" / "2026" / "03" / "ringkasan" / "index.html")
    description = page.select_one('meta[name="description"]')["content"]
    assert description == "Kalimat pertama ringkasan yang berlanjut di baris kedua."
    assert (
        "berlanjut"
        not in page.select_one("article.story .story-body, article.story")
        .get_text(" ")
        .split("Isi berita")[-1]
    )


@pytest.mark.parametrize("kind", ["file", "folder", "story"])
def test_links_out_of_content_stop_the_build_and_publish_nothing(tmp_path, kind):
    outside = tmp_path / "outside"
    write_files(outside, {"secret.txt": "rahasia\n", "leak.id.md": story("Bocor")})
    content = write_files(tmp_path / "content", {"articles/2026/baik.id.md": story("Baik")})
    (content / "images").mkdir(exist_ok=True)
    link, target = {
        "file": (content / "images" / "passwd", outside / "secret.txt"),
        "folder": (content / "images" / "linked", outside),
        "story": (content / "articles" / "2026" / "leak.id.md", outside / "leak.id.md"),
    }[kind]
    os.symlink(target, link)
    result = build_site(content, tmp_path / "output", search=False)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert log.count(f"{link.relative_to(content).as_posix()}:") == 1, log
    named = f"{link.relative_to(content).as_posix()}: field 'file': is a symbolic link"
    assert named in log
    err = io.StringIO()  # make status follows no link either, and says so as the build does
    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        assert status(str(REPO / "pelicanconf.py"), content=str(content)) == 1
    assert err.getvalue().startswith(f"make status: {named};"), err.getvalue()
    assert err.getvalue().count("\n") == 1, err.getvalue()  # that one problem, nothing read
    assert not (tmp_path / "output").exists() or not any(
        "rahasia" in p.read_text(errors="ignore")
        for p in (tmp_path / "output").rglob("*")
        if p.is_file()
    )


def test_editor_and_os_files_are_ignored(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "articles/2026/baik.id.md": story("Baik"),
            "articles/2026/.baik.id.md.swp": b"\x00binary swap",
            "articles/2026/baik.id.md~": "backup",
            "articles/2026/#baik.id.md#": "autosave",
            "articles/.DS_Store": b"\x00\x01",
            "images/Thumbs.db": b"\x00",
            # macOS's resource fork beside a copied file; a note kept hidden
            "articles/2026/._baik.id.md": b"\x00\x05\x16\x07Mac OS X\xff",
            "articles/2026/.catatan.id.md": "ide liputan, tanpa kepala\n",
        },
    )
    # Emacs' lock while the story is being edited: a link to nowhere.
    os.symlink("redaksi@meja.1234:1700000000", content / "articles/2026/.#baik.id.md")
    result = build_site(content, tmp_path / "out", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list((tmp_path / "out").rglob("Thumbs.db"))
    err = io.StringIO()
    with redirect_stderr(err), redirect_stdout(io.StringIO()) as out:
        code = status(str(REPO / "pelicanconf.py"), content=str(content))
    assert code == 0, err.getvalue()
    assert "articles/2026/baik" in out.getvalue() and "catatan" not in out.getvalue()


def test_images_resolve_by_every_path_authors_write(tmp_path):
    body = (
        "Foto dari lapangan.\n\n"
        "![Satu]({static}/images/satu.png)\n\n"
        "![Dua](images/dua.png)\n\n"
        "![Tiga](/images/3.%20iOS%20hiking.png)\n\n"
        "![Empat](../../images/empat%20lima.png)\n\n"
        '<img src="images/dua.png" alt="Mentah">\n'
    )
    content = write_files(
        tmp_path / "content",
        {
            "articles/2026/foto.id.md": story("Foto", "Image: {static}/images/3. iOS hiking.png\n")
            + body,
            "images/satu.png": png(4, 3),
            "images/dua.png": png(5, 3),
            "images/3. iOS hiking.png": png(6, 3),
            "images/empat lima.png": png(7, 3),
        },
    )
    result = build_site(content, tmp_path / "out", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    page_dir = tmp_path / "out" / "2026" / "03" / "foto"
    page = soup(page_dir / "index.html")
    images = page.select("article img")
    assert len(images) == 6
    for img in images:
        src = img["src"]
        assert " " not in src, src
        from urllib.parse import unquote

        assert (page_dir / unquote(src)).resolve().is_file(), src
        assert img.get("width") and img.get("height"), img
    assert [i["width"] for i in images[1:]] == ["4", "5", "6", "7", "5"]


def test_term_links_go_to_the_term_page_in_the_storys_language(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "articles/2026/banjir.id.md": story("Banjir", "Tags: Cuaca Ekstrem\n"),
            "articles/2026/banjir.en.md": (
                "Title: Flood\nDate: 2026-03-05 09:30\nCategory: City\nTags: Extreme Weather\n\n"
                "See [all]({tag}Extreme Weather) and [the desk]({category}City).\n"
            ),
            "articles/2026/lain.id.md": story("Lain")
            + "\nLihat [semua]({tag}Cuaca Ekstrem).\n"
            + SAMPLE,
        },
    )
    result = build_site(content, tmp_path / "out", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    url = "/en/2026/03/banjir/"
    en = soup(tmp_path / "out" / "en" / "2026" / "03" / "banjir" / "index.html")
    links = {a.get_text(): resolve(url, a["href"]) for a in en.select("article.story a")}
    assert links["all"] == "/en/tag/extreme-weather/"
    assert links["the desk"] == "/en/category/city/"
    url = "/2026/03/lain/"
    id_page = soup(tmp_path / "out" / "2026" / "03" / "lain" / "index.html")
    links = {a.get_text(): resolve(url, a["href"]) for a in id_page.select("article.story a")}
    assert links["semua"] == "/tag/cuaca-ekstrem/"
    assert (tmp_path / "out" / "tag" / "cuaca-ekstrem" / "index.html").is_file()
    # A writer's guide to links shows them as written: neither checked nor replaced.
    assert [c.get_text() for c in id_page.select("article.story code")] == CODE


# Link syntax in code, as a guide for writers shows it: not a link.
CODE = ['<a href="{filename}tidak-ada.md">', '<a href="{tag}Tidak Ada">']
SAMPLE = f"\nTulis `{CODE[0]}` atau `{CODE[1]}`.\n"


def test_dates_before_standard_time_stay_valid_rfc_3339(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "articles/1900/arsip.id.md": story("Arsip").replace(
                "2026-03-05 09:30", "1900-01-02 09:00"
            )
        },
    )
    result = build_site(content, tmp_path / "out", search=False, settings="publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    out = tmp_path / "out"
    texts = [(out / "sitemap.xml").read_text(), (out / "feeds" / "all.atom.xml").read_text()]
    page = soup(out / "1900" / "01" / "arsip" / "index.html")
    texts += [s.string for s in page.select('script[type="application/ld+json"]')]
    stamps = [m for text in texts for m in re.findall(r"1900-01-0\dT[0-9:+\-Z.]+", text)]
    assert stamps
    rfc3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
    for stamp in stamps:
        assert rfc3339.match(stamp), stamp
    assert json.loads(texts[2])


@pytest.mark.parametrize(
    "siteurl",
    ["example.org/news", "https://example.org/news?x=1", "https://example.org/#y",
     "https://user:pw@example.org"],
)  # fmt: skip
def test_a_siteurl_that_is_not_a_plain_address_stops_the_build(tmp_path, siteurl):
    content = write_files(tmp_path / "content", {"articles/2026/baik.id.md": story("Baik")})
    result = build_site(content, tmp_path / "out", search=False, extra={"SITEURL": siteurl})
    assert result.returncode != 0
    assert f"SITEURL {siteurl!r} must be an absolute address" in result.stdout + result.stderr


def test_the_content_cache_cannot_hide_a_broken_story(tmp_path):
    content = write_files(tmp_path / "content", {"articles/2026/baik.id.md": story("Baik")})
    result = build_site(content, tmp_path / "out", search=False, extra={"LOAD_CONTENT_CACHE": True})
    assert result.returncode != 0
    assert "LOAD_CONTENT_CACHE must stay False" in result.stdout + result.stderr


@pytest.mark.parametrize("target", ["content", "project"])
def test_the_build_never_replaces_its_own_sources(tmp_path, target):
    content = write_files(tmp_path / "content", {"articles/2026/baik.id.md": story("Baik")})
    output = content if target == "content" else Path(__file__).parents[1]
    result = build_site(content, output, search=False)
    assert result.returncode != 0
    assert "choose a folder of its own" in result.stderr
    assert (content / "articles" / "2026" / "baik.id.md").is_file()


def test_every_media_url_in_a_body_resolves_or_stops_the_build(tmp_path):
    """Not only <img src>: posters, audio and video sources, links into the
    image folder, and names with a literal % all resolve like Image:."""
    body = (
        "Berkas.\n\n"
        '<video controls poster="images/poster banjir.png">'
        '<source src="/images/klip.mp4" type="video/mp4"></video>\n\n'
        '<audio controls src="../../images/suara.mp3"></audio>\n\n'
        "![Pasar](images/pasar%25pagi.png) dan [peta](/images/peta.pdf).\n"
    )
    files = {
        "articles/2026/media.id.md": story("Media") + body,
        "images/poster banjir.png": png(8, 4),
        "images/klip.mp4": b"\x00\x00\x00\x18ftypmp42",
        "images/suara.mp3": b"ID3",
        "images/pasar%pagi.png": png(3, 3),
        "images/peta.pdf": b"%PDF-1.4",
    }
    content = write_files(tmp_path / "content", files)
    result = build_site(content, tmp_path / "out", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    url = "/2026/03/media/"
    page = soup(tmp_path / "out" / "2026" / "03" / "media" / "index.html")
    found = [
        page.select_one("video")["poster"],
        page.select_one("video source")["src"],
        page.select_one("audio")["src"],
        page.select_one("article.story img")["src"],
        page.find("a", string="peta")["href"],
    ]
    assert [resolve(url, u) for u in found] == [
        "/images/poster%20banjir.png",
        "/images/klip.mp4",
        "/images/suara.mp3",
        "/images/pasar%25pagi-3w.png",  # its 3-px-wide rendition (renditions.py)
        "/images/peta.pdf",
    ]
    for target in found:
        assert (tmp_path / "out" / unquote(resolve(url, target)).lstrip("/")).is_file()

    missing = {
        "articles/2026/hilang.id.md": story("Hilang")
        + "Teks images/lain.png dulu.\n\n"
        + '<video poster="/images/tidak ada.png"></video>\n\n'
        + '<img src="images/x.png" srcset="images/x.png 1x, images/x-2.png 2x" alt="x">\n',
        "images/x.png": png(),
    }
    log = failing_build(tmp_path / "second", missing)
    assert re.search(r"hilang.id.md:8: field 'body': /images/tidak ada.png is not a file", log)
    assert re.search(r"hilang.id.md:10: field 'body': srcset names images/x.png", log)


def test_a_remote_image_url_cannot_add_attributes(tmp_path):
    """The sanitiser's output is re-read: an entity-encoded quote in a remote
    URL must stay inside its attribute."""
    hostile = '<img alt="x" src="https://cdn.example.org/a.png?&quot; onerror=&quot;alert(1)">'
    content = write_files(
        tmp_path / "content", {"articles/2026/jauh.id.md": story("Jauh") + hostile}
    )
    extra = {"BILINGUAL_IMAGE_HOSTS": ["*.example.org"]}
    result = build_site(content, tmp_path / "out", search=False, extra=extra)
    assert result.returncode == 0, result.stdout + result.stderr
    page = soup(tmp_path / "out" / "2026" / "03" / "jauh" / "index.html")
    (img,) = page.select("article.story img")
    assert img["src"] == 'https://cdn.example.org/a.png?" onerror="alert(1)'
    assert not [a for tag in page.find_all(True) for a in tag.attrs if a.startswith("on")]


def test_the_image_paths_the_guides_show_all_resolve(tmp_path):
    """README and both writer's guides show the path forms; each works."""
    repo = Path(__file__).parents[1]
    files = {"images/3. iOS hiking.jpg": jpeg(5, 4)}
    for n, guide in enumerate(["README.md", "docs/writers-guide.md", "docs/panduan-penulis.md"]):
        text = (repo / guide).read_text(encoding="utf-8")
        (example,) = [
            block
            for block in re.findall(r"^```markdown\n(.*?)\n```$", text, re.M | re.S)
            if "3.%20iOS" in block
        ]
        body = "\n".join(line for line in example.splitlines() if not line.startswith("Image:"))
        files[f"articles/2026/panduan-{n}.id.md"] = story(f"Panduan {n}") + "\n" + body + "\n"
    content = write_files(tmp_path / "content", files)
    result = build_site(content, tmp_path / "out", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for n in range(3):
        url = f"/2026/03/panduan-{n}/"
        page = soup(tmp_path / "out" / "2026" / "03" / f"panduan-{n}" / "index.html")
        sources = {resolve(url, img["src"]) for img in page.select("article.story img")}
        assert sources == {"/images/3.%20iOS%20hiking-5w.jpg"}, (n, sources)


def test_every_control_character_is_found_past_the_quick_byte_check():
    """control_characters skips its pattern when the UTF-8 holds none of
    CONTROL_LEADS: each character the pattern matches must start with one."""
    # The Basic Multilingual Plane but the surrogates (CONTROL lists none beyond).
    found = CONTROL.findall("".join(map(chr, [*range(0xD800), *range(0xE000, 0x10000)])))
    assert len(found) == 64  # U+0000–U+001F but tab, LF, CR; U+007F–U+009F; U+FFFE, U+FFFF
    for character in found:
        assert control_characters(f"Teks\n{character}") == [(2, f"U+{ord(character):04X}")]
    assert control_characters("“Kutip” — café, tab\t, CR\r\n") == []


@pytest.mark.parametrize(
    ("lead", "deep"),
    [
        (" " * 4 * MAX_DEPTH, False),  # 100 levels
        (" " * 4 * (MAX_DEPTH + 1), True),
        ("\t" * (MAX_DEPTH + 1), True),  # a tab is four columns
        (">" * MAX_DEPTH, False),
        (">" * (MAX_DEPTH + 1), True),
        ("> " * 60, False),  # 120 characters, 60 quotes and 15 levels of spaces
    ],
)
def test_nesting_deeper_than_the_limit_is_found_on_its_line(lead, deep):
    assert too_deep(f"Isi.\n\n{lead}- butir\n") == (3 if deep else None)
