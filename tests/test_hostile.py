"""Hostile and odd input: markup, scripts, quotes, emoji and right-to-left
marks in every field come out escaped; odd files build or fail clearly."""

import json
import re
import shutil
import subprocess

import pytest

from bilingual.prefetch import MINIMUM_FILES
from conftest import (
    CORPUS,
    REPO,
    build_command,
    build_env,
    build_site,
    html_pages,
    page_url,
    png,
    resolve,
    session_processes,
    soup,
)

RLM = "\u200f"
NASTY = f"<i>x</i> & \"q\" 'a' </script> 🙂 {RLM}שלום"
# A tag or author with HTML in it stops the build (its URL would leave the
# markup's words out): every character to escape, but no <…> pair.
TERM = f"x > & \"q\" 'a' < /script 🙂 {RLM}שלום"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(CORPUS, content)
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "photo.png").write_bytes(png())
    (content / "articles" / "2025" / "nasty.id.md").write_text(
        f"Title: Judul {NASTY}\nDate: 2025-06-02 10:00\nCategory: Kota\n"
        f"Tags: Kuliner Khas Café, Tag {TERM}\n"
        f"Authors: Penulis {TERM}\nSummary: Ringkasan {NASTY}\n"
        f"Image: images/photo.png\nImage_Caption: Keterangan {NASTY}\n"
        f"Image_Credit: Kredit {NASTY}\nImage_Alt: Alt {NASTY}\n\n"
        "Isi berita biasa tanpa markup berbahaya.\n",
        encoding="utf-8",
    )
    (content / "articles" / "2025" / "cafe-too.id.md").write_text(
        "Title: Kafe Lain\nDate: 2025-06-03 10:00\nCategory: Kota\nTags: Kuliner Khas Café\n\n"
        "Berita lain dengan tag yang sama.\n",
        encoding="utf-8",
    )
    result = build_site(content, root / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out"


def test_no_field_breaks_out_of_its_element(hostile):
    for path in html_pages(hostile):
        document = soup(path)
        scripts = document.find_all("script")
        assert all(s.get("type") == "application/ld+json" or s.get("src") for s in scripts), path
        assert not document.find("i"), f"markup from content rendered in {path}"


def test_every_field_keeps_its_text_exactly(hostile):
    document = soup(hostile / "2025" / "06" / "nasty" / "index.html")
    assert document.h1.get_text() == f"Judul {NASTY}"
    assert document.select_one(".standfirst").get_text() == f"Ringkasan {NASTY}"
    figure = document.select_one("figure.hero")
    assert figure.img["alt"] == f"Alt {NASTY}"
    assert f"Keterangan {NASTY}" in figure.figcaption.get_text()
    assert document.select_one('meta[property="og:title"]')["content"] == f"Judul {NASTY}"
    author = document.select_one(".authors a")
    assert author.get_text() == f"Penulis {TERM}"
    data = json.loads(document.select_one('script[type="application/ld+json"]').string)
    assert data["headline"] == f"Judul {NASTY}"
    assert data["author"][0]["name"] == f"Penulis {TERM}"


def test_feeds_and_sitemaps_stay_well_formed(hostile):
    import xml.etree.ElementTree as ET

    for xml in hostile.rglob("*.xml"):
        ET.parse(xml)  # raises on anything unescaped
    feed = (hostile / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "</script>" not in feed.replace("&lt;/script&gt;", "")


def test_non_ascii_terms_are_linked_the_same_way_everywhere(hostile):
    hrefs = set()
    for path in html_pages(hostile):
        url = page_url(hostile, path)
        for a in soup(path).select("a[href]"):
            if a.get_text(strip=True) == "Kuliner Khas Café":
                hrefs.add(resolve(url, a["href"]))
    assert hrefs == {"/tag/kuliner-khas-cafe/"}
    assert (hostile / "tag" / "kuliner-khas-cafe" / "index.html").is_file()


def build(tmp_path, files):
    content = tmp_path / "content"
    for name, data in files.items():
        target = content / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    content.mkdir(exist_ok=True)
    return build_site(content, tmp_path / "out"), tmp_path / "out"


STORY = "Title: Berita\nDate: 2025-06-02 10:00\nCategory: Kota\n\n{body}\n"


def test_an_empty_content_folder_builds_an_empty_site(tmp_path):
    result, out = build(tmp_path, {})
    assert result.returncode == 0, result.stderr
    assert soup(out / "index.html").select_one(".empty")


def test_a_story_with_an_empty_body_builds(tmp_path):
    result, out = build(tmp_path, {"articles/empty.id.md": STORY.format(body="")})
    assert result.returncode == 0, result.stderr
    assert (out / "2025" / "06" / "empty" / "index.html").is_file()


def test_a_one_megabyte_story_builds(tmp_path):
    body = ("Paragraf yang panjang sekali untuk menguji ukuran berkas. " * 20 + "\n\n") * 900
    assert len(body.encode()) > 1_000_000
    result, out = build(tmp_path, {"articles/big.id.md": STORY.format(body=body)})
    assert result.returncode == 0, result.stderr
    reading = soup(out / "2025" / "06" / "big" / "index.html").select_one(".reading-time")
    assert int(reading.get_text().split()[0]) > 500


def test_windows_line_endings_and_a_bom_give_the_same_page(tmp_path):
    text = STORY.format(body="Baris pertama.\n\nBaris kedua.")
    plain, out_plain = build(tmp_path / "a", {"articles/s.id.md": text})
    odd, out_odd = build(
        tmp_path / "b", {"articles/s.id.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()}
    )
    assert plain.returncode == odd.returncode == 0, odd.stderr
    page = "2025/06/s/index.html"
    assert (out_plain / page).read_bytes() == (out_odd / page).read_bytes()


@pytest.mark.parametrize(
    ("header", "field"),
    [("Slug: ../../outside", "slug"), ("Save_as: ../outside.html", "save_as"),
     ("Url: ../outside/", "url"), ("Slug: kategori-", "slug")],
)  # fmt: skip
def test_a_path_leaving_the_output_folder_is_refused(tmp_path, header, field):
    story = f"Title: Berita\nDate: 2025-06-02 10:00\nCategory: Kota\n{header}\n\nIsi.\n"
    result, out = build(tmp_path, {"articles/escape.id.md": story})
    assert result.returncode != 0
    assert re.search(rf"escape.id.md(:\d+)?: field '{field}'", result.stdout + result.stderr)
    assert not (tmp_path / "outside.html").exists() and not (tmp_path / "outside").exists()


def test_json_ld_names_keep_their_text(hostile):
    """Listing titles are gettext Markup: JSON-LD must carry the text, not
    its HTML escaping."""
    tag = soup(hostile / "tag" / "kuliner-khas-cafe" / "index.html")
    data = json.loads(tag.select_one('script[type="application/ld+json"]').string)
    assert data["name"] == "Tag: Kuliner Khas Café"
    for path in hostile.rglob("*.html"):
        for script in soup(path).select('script[type="application/ld+json"]'):
            assert "&amp;" not in script.string and "&#39;" not in script.string, path


def test_a_file_that_is_not_markdown_stops_the_build(tmp_path):
    result, _out = build(tmp_path, {"articles/halo.id.html": "<html><body>Halo</body></html>"})
    assert result.returncode != 0
    assert (
        "articles/halo.id.html: field 'file': not a Markdown file" in result.stdout + result.stderr
    )


def test_a_page_failing_to_render_stops_the_build_and_every_worker(tmp_path):
    """Sources are read ahead in worker processes (over 100 files): a story
    whose link goes nowhere fails the build; nothing is published, and no
    worker is left running once the build has exited. The build runs in a
    session of its own, its output to a file (a worker holding a pipe open
    would make the wait for it outlast the worker). Workers started with
    ``spawn`` end the same way: test_parallel.py fails a task under each
    start method."""
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    (content / "articles" / "2025" / "broken-link.id.md").write_text(
        "Title: Tautan Rusak\nDate: 2025-06-05 10:00\nCategory: Kota\n\n"
        "Lihat [berita ini]({filename}/articles/2025/tidak-ada.id.md).\n",
        encoding="utf-8",
    )
    for n in range(MINIMUM_FILES):  # enough files to read ahead in workers (prefetch.py)
        (content / "articles" / "2025" / f"cerita-{n}.id.md").write_text(
            f"Title: Cerita {n}\nDate: 2025-06-01 10:00\nCategory: Kota\n\nIsi.\n",
            encoding="utf-8",
        )
    extra = {"BILINGUAL_WORKERS": 2, "BILINGUAL_START_METHOD": "fork"}
    command = build_command(content, tmp_path / "out", extra=extra, search=False)
    with open(tmp_path / "log", "wb") as log:
        build = subprocess.Popen(
            command, cwd=REPO, env=build_env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        assert build.wait(timeout=300) != 0
    assert session_processes(build.pid) == [], (tmp_path / "log").read_text(encoding="utf-8")
    assert "tidak-ada.id.md" in (tmp_path / "log").read_text(encoding="utf-8")
    assert not (tmp_path / "out").exists()


def test_a_published_story_linking_a_draft_stops_the_build(tmp_path):
    draft = "Title: Rancangan\nDate: 2025-06-01 10:00\nCategory: Kota\nStatus: draft\n\nIsi.\n"
    linking = STORY.format(body="Lihat [rancangan]({filename}rancangan.id.md).")
    result, _out = build(
        tmp_path, {"articles/rancangan.id.md": draft, "articles/tautan.id.md": linking}
    )
    assert result.returncode != 0
    line = STORY.count("\n", 0, STORY.index("{body}")) + 1  # the line the link is on
    assert f"articles/tautan.id.md:{line}: field 'body': links articles/rancangan.id.md" in (
        result.stdout + result.stderr
    )
