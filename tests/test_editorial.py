"""The editorial workflow: `make new`, `make translated`, `make status`
(translation states, language and figure advisories), the content checks
that stop a build, and drafts.

Each scenario is a small corpus copied into a temporary folder from
``tests/editorial/`` (see its README) or written inline. The newsroom CLI
(``bilingual.newsroom.__main__.main``, what `make new|status|translated`
run) is called in-process with ``-s`` pointing at a settings file beside the
corpus that loads the real ``pelicanconf.py`` and sets ``PATH = "content"``:
Pelican resolves a relative ``PATH`` against the settings file's folder.
`make status` itself runs on the real content (any content: see test_any_content.py).

The workflow corpus is prepared once (`new`, then `translated`, then the
originals change) and built three ways: `make html` settings, `make publish`
settings and the live preview.
"""

import io
import json
import re
import runpy
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from bilingual.body import BodyConverter, body_options
from bilingual.content_tree import scan
from bilingual.newsroom.__main__ import main as newsroom_main
from bilingual.newsroom.status import language_findings, needs_work
from bilingual.newsroom.stories import read_stories
from bilingual.reader import split_name
from bilingual.settings import language_codes
from bilingual.source import body_fingerprint, split_header
from conftest import (
    CONTENT,
    CORPUS,
    REALISTIC,
    REPO,
    build_site,
    html_pages,
    page_file,
    page_url,
    png,
    resolve,
    soup,
    write_files,
)

CORPORA = Path(__file__).parent / "editorial"
JAKARTA = ZoneInfo("Asia/Jakarta")
PUBLISH_SITEURL = "https://warta.example.org"  # publishconf.py's default

# The real settings, with the corpus beside this file as PATH. run_path, not
# an import: every run gets its own copy of the settings.
NEWSROOM_SETTINGS = f'''"""The real settings, with this folder's content/ as PATH."""
import runpy

globals().update(
    (k, v) for k, v in runpy.run_path({str(REPO / "pelicanconf.py")!r}).items() if k.isupper()
)
PATH = "content"
'''

STALE_NOTICE = "The %(language)s original of this story has been updated since it was translated."
DRAFT_NOTE = "Draft preview: this story is not published yet."
NO_HASH_NOTE = "no Original-Hash recorded: compared Modified dates"


# Helpers ------------------------------------------------------------------------


def corpus(root, name=None, files=None):
    """A content folder under ``root``: a copy of ``tests/editorial/<name>``
    (if given) plus ``files`` ({path: text or bytes}), and a newsroom
    settings file beside it. Returns the content folder."""
    content = root / "content"
    if name:
        shutil.copytree(CORPORA / name, content)
    content.mkdir(parents=True, exist_ok=True)
    write_files(content, files or {})
    (root / "newsroom_settings.py").write_text(NEWSROOM_SETTINGS, encoding="utf-8")
    return content


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def newsroom(root, *args):
    """Run the newsroom CLI on ``root``'s corpus: its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = newsroom_main(["-s", str(root / "newsroom_settings.py"), *args])
    return Run(code, out.getvalue(), err.getvalue())


def make(*args):
    """`make` from the repository root. -o: the venv is installed already;
    the target must not reinstall it."""
    command = ["make", "--no-print-directory", "-o", ".venv/bin/.installed", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, encoding="utf-8")


def status_json(root):
    result = newsroom(root, "status", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def states(data):
    """{story key: {lang: state}} from the status JSON."""
    return {
        row["key"]: {lang: v["state"] for lang, v in row["languages"].items()}
        for row in data["stories"]
    }


def entry(data, key, lang):
    (row,) = [r for r in data["stories"] if r["key"] == key]
    return row["languages"][lang]


def md(header, *paragraphs):
    """A Markdown file: the header lines, a blank line, the paragraphs."""
    return header.strip() + "\n\n" + "\n\n".join(paragraphs) + "\n"


def header_of(path):
    return split_header(Path(path).read_text(encoding="utf-8"))[0]


def scaffold_date(path):
    return datetime.strptime(header_of(path)["date"], "%Y-%m-%d %H:%M").replace(tzinfo=JAKARTA)


def _indonesian_catalog():
    with open(REPO / "theme/translations/id/LC_MESSAGES/messages.po", "rb") as f:
        return read_po(f, locale="id")


CATALOG = _indonesian_catalog()


def gettext(msgid, lang, **values):
    """A theme string as a page in ``lang`` shows it, from the catalog."""
    text = msgid if lang == "en" else CATALOG[msgid].string
    return text % values if values else text


def language_name(code, lang):
    """A language's name as a sentence in ``lang`` says it ("Inggris")."""
    return Locale.parse(lang).languages[code]


def text_of(element):
    return " ".join(element.get_text(" ").split())


def site_path(url, href):
    """``resolve`` for every build: the public one writes absolute URLs."""
    if href.startswith(PUBLISH_SITEURL + "/"):
        href = href.removeprefix(PUBLISH_SITEURL)
    return resolve(url, href)


def links(root, url):
    page = soup(page_file(root, url))
    return {site_path(url, a["href"]) for a in page.select("a[href]")}


def text_files(root):
    """{path: text} of every file under ``root`` that is UTF-8 text."""
    texts = {}
    for path in root.rglob("*"):
        if path.is_file():
            try:
                texts[path] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # images, compressed search index chunks
    return texts


# The workflow corpus -------------------------------------------------------------

# Stamped with `translated`, then (some of) their originals change.
STAMPED = [
    "articles/2025/up-to-date-translation",
    "articles/2025/stale-translation",
    "articles/2025/stale-indonesian-translation",
    "articles/2025/crlf-original",
    "pages/contact",
    "pages/service-hours",
]
UPDATES = {
    "articles/2025/stale-translation.id.md": (
        "Pada hari pertama, penumpang mengeluhkan bahwa beberapa halte belum memiliki atap. "
        "Dinas berjanji akan memasang atap di semua halte sebelum musim hujan tiba."
    ),
    "articles/2025/stale-indonesian-translation.en.md": (
        "The museum said that guided tours for visitors from abroad will start later this "
        "year, and that it is looking for volunteers who know the history of the port."
    ),
    "pages/service-hours.id.md": (
        "Selama bulan puasa, layanan pada hari kerja berakhir lebih awal, yaitu menjelang "
        "waktu berbuka."
    ),
}
SCAFFOLD_TITLE = "Sekolah Baru Dibuka di Pinggiran Kota"
SCAFFOLD_SLUG = "sekolah-baru-dibuka"
DRAFT_TITLE = "Paduan Suara Anak Tampil di Gedung Kesenian"
DRAFT_PAGE_TITLE = "Pedoman Pemberitaan"
# The draft story, its category, tag and author (used by nothing else), the draft page.
DRAFT_URLS = [
    "/2025/06/draft-story/",
    "/kategori/kesenian/",
    "/tag/paduan-suara/",
    "/penulis/tim-budaya/",
    "/pedoman/",
]


@pytest.fixture(scope="module")
def workflow(tmp_path_factory):
    """The workflow corpus after `new`, `translated` and the edits that
    follow: {"root", "content", "scaffold": [en path, id path], "stamped"}."""
    root = tmp_path_factory.mktemp("workflow")
    content = corpus(root, "workflow")
    made = newsroom(
        root, "new", SCAFFOLD_TITLE, "--slug", SCAFFOLD_SLUG, "--category", "Teknologi",
        "--authors", "Redaksi",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    stamped = {}
    for key in STAMPED:
        result = newsroom(root, "translated", key)
        assert result.returncode == 0, result.stderr
        stamped[key] = result.stdout
    for name, paragraph in UPDATES.items():
        path = content / name
        path.write_text(path.read_text(encoding="utf-8") + "\n" + paragraph + "\n", "utf-8")
    crlf = content / "articles/2025/crlf-original.id.md"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    scaffold = sorted(content.glob(f"articles/*/{SCAFFOLD_SLUG}.*.md"))
    return {"root": root, "content": content, "scaffold": scaffold, "stamped": stamped}


@pytest.fixture(scope="module")
def workflow_status(workflow):
    return status_json(workflow["root"])


def _build(workflow, name, settings="pelicanconf.py", extra=None):
    out = workflow["root"] / name
    result = build_site(workflow["content"], out, settings=settings, extra=extra)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return out, result.stdout + result.stderr


@pytest.fixture(scope="module")
def html_build(workflow):
    """`make html`: (output folder, log)."""
    return _build(workflow, "html")


@pytest.fixture(scope="module")
def publish_build(workflow):
    """`make publish`: (output folder, log)."""
    return _build(workflow, "publish", settings="publishconf.py")


@pytest.fixture(scope="module")
def preview_build(workflow):
    """`make devserver`, drafts previewed: (output folder, log)."""
    return _build(workflow, "preview", extra={"BILINGUAL_PREVIEW_DRAFTS": True})


# make new -------------------------------------------------------------------------


def test_new_scaffolds_every_language_with_a_complete_draft_header(tmp_path):
    content = corpus(tmp_path)
    before = datetime.now(JAKARTA).replace(second=0, microsecond=0)
    result = newsroom(
        tmp_path, "new", "Harga Cabai Naik Menjelang Lebaran", "--slug", "harga-cabai-naik",
        "--category", "Teknologi", "--authors", "Sari Wulandari",
    )  # fmt: skip
    after = datetime.now(JAKARTA)
    assert result.returncode == 0, result.stderr
    created = sorted(content.rglob("*.md"))
    assert [p.name for p in created] == ["harga-cabai-naik.en.md", "harga-cabai-naik.id.md"]
    for path in created:
        assert str(path) in result.stdout, "the command lists what it created"
    categories = {"id": "Teknologi", "en": "Technology"}  # through BILINGUAL_TERMS
    for lang, category in categories.items():
        path = content / "articles" / f"{before:%Y}" / f"harga-cabai-naik.{lang}.md"
        if not path.exists():  # the year turned while the command ran
            path = content / "articles" / f"{after:%Y}" / path.name
        header = header_of(path)
        assert set(header) >= {"title", "slug", "date", "category", "authors", "summary"}
        assert header["title"] == "Harga Cabai Naik Menjelang Lebaran"
        assert header["slug"] == "harga-cabai-naik"
        assert header["category"] == category
        assert header["authors"] == "Sari Wulandari"
        assert header["status"] == "draft"
        date = scaffold_date(path)
        assert before <= date <= after, f"{date} is not the time now in Jakarta"
        assert path.parent.name == f"{date:%Y}"


def test_new_keeps_an_unmapped_category_in_every_language(tmp_path):
    content = corpus(tmp_path)
    result = newsroom(tmp_path, "new", "Banjir Rob di Pesisir", "--slug", "banjir-rob",
                      "--category", "Lingkungan")  # fmt: skip
    assert result.returncode == 0, result.stderr
    paths = sorted(content.glob("articles/*/banjir-rob.*.md"))
    assert [header_of(p)["category"] for p in paths] == ["Lingkungan", "Lingkungan"]


def test_new_derives_the_slug_from_the_title(tmp_path):
    """Regression: the slug once came from slugify() without SLUG_REGEX_SUBSTITUTIONS, so
    spaces survived and the command refused every title of more than one word."""
    content = corpus(tmp_path)
    result = newsroom(tmp_path, "new", "Harga Cabai Naik Menjelang Lebaran", "--category", "Kota")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in content.rglob("*.md")) == [
        "harga-cabai-naik-menjelang-lebaran.en.md",
        "harga-cabai-naik-menjelang-lebaran.id.md",
    ]


@pytest.mark.parametrize(
    ("category", "authors", "refused"),
    [
        ("<b>Kota</b>", None, "CATEGORY: '<b>Kota</b>' is read as HTML (<b>)"),
        ("Kota", "Sari; <i>Budi</i>", "AUTHORS: '<i>Budi</i>' is read as HTML (<i>)"),
        ("Kota", "Sari; —", "AUTHORS: '—' has no letters or digits"),
    ],
)
def test_new_refuses_a_term_the_build_would_refuse(tmp_path, category, authors, refused):
    """make new writes no story that the build or make status stop on: its
    terms meet the header's rules (fields.py), names split as Pelican does."""
    from pelican.settings import read_settings

    from bilingual.newsroom.scaffold import new_story
    from bilingual.settings import configure

    settings = configure(read_settings(str(REPO / "pelicanconf.py")))
    with pytest.raises(ValueError, match=re.escape(refused)):
        new_story(str(tmp_path), settings, "Judul", category=category, authors=authors)
    assert not list(tmp_path.rglob("*.md"))


EXISTING_STORY = md(
    "Title: Perpustakaan Kota Buka Lebih Lama\nDate: {year}-01-02 09:00\nCategory: Kota",
    "Perpustakaan kota memperpanjang jam layanan pada akhir pekan mulai bulan depan. Kepala "
    "perpustakaan mengatakan bahwa ruang baca akan tetap dibuka sampai malam.",
)


@pytest.mark.parametrize("existing", ["perpustakaan-kota.id.md", "perpustakaan-kota.en.md"])
def test_new_refuses_to_overwrite_an_existing_story(tmp_path, existing):
    year = f"{datetime.now(JAKARTA):%Y}"
    name = f"articles/{year}/{existing}"
    text = EXISTING_STORY.format(year=year)
    content = corpus(tmp_path, files={name: text})
    result = newsroom(tmp_path, "new", "Perpustakaan Kota", "--slug", "perpustakaan-kota",
                      "--category", "Kota")  # fmt: skip
    assert result.returncode != 0
    assert str(content / name) in result.stderr, result.stderr
    assert (content / name).read_text(encoding="utf-8") == text
    assert [p.name for p in content.rglob("*.md")] == [existing], "nothing else written"


def test_new_refuses_a_story_written_with_another_markdown_extension(tmp_path):
    """Regression: only <slug>.<lang>.md was checked, so a second Indonesian variant was
    written beside <slug>.id.markdown and the build stopped."""
    year = f"{datetime.now(JAKARTA):%Y}"
    name = f"articles/{year}/perpustakaan-kota.id.markdown"
    content = corpus(tmp_path, files={name: EXISTING_STORY.format(year=year)})
    result = newsroom(tmp_path, "new", "Perpustakaan Kota", "--slug", "perpustakaan-kota",
                      "--category", "Kota")  # fmt: skip
    assert result.returncode != 0
    assert [p.name for p in content.rglob("perpustakaan-kota.*")] == [Path(name).name]


def test_scaffolded_draft_builds_and_is_not_written(workflow, html_build, publish_build):
    en, indonesian = workflow["scaffold"]
    assert header_of(en)["category"] == "Technology"
    assert header_of(indonesian)["category"] == "Teknologi"
    date = scaffold_date(indonesian)
    urls = [f"/{date:%Y}/{date:%m}/{SCAFFOLD_SLUG}/", f"/en/{date:%Y}/{date:%m}/{SCAFFOLD_SLUG}/"]
    for root, _log in (html_build, publish_build):
        for url in urls:
            assert not page_file(root, url).exists(), url
        for path, text in text_files(root).items():
            assert SCAFFOLD_TITLE not in text and SCAFFOLD_SLUG not in text, path


def test_scaffolded_draft_is_previewed_in_both_languages(workflow, preview_build):
    root, _log = preview_build
    date = scaffold_date(workflow["scaffold"][0])
    for prefix in ("/", "/en/"):
        page = soup(page_file(root, f"{prefix}{date:%Y}/{date:%m}/{SCAFFOLD_SLUG}/"))
        assert text_of(page.select_one("article.story h1")) == SCAFFOLD_TITLE
        assert page.select(".draft-note")


# make translated ------------------------------------------------------------------


def test_translated_records_the_originals_hash_in_the_translation(workflow):
    key = "articles/2025/up-to-date-translation"
    assert workflow["stamped"][key] == f"stamped {key}.en.md\n"
    original = (workflow["content"] / f"{key}.id.md").read_text(encoding="utf-8")
    header, _duplicates, body = split_header(
        (workflow["content"] / f"{key}.en.md").read_text(encoding="utf-8")
    )
    source = (CORPORA / "workflow" / f"{key}.en.md").read_text(encoding="utf-8")
    source_header, _duplicates, source_body = split_header(source)
    assert header == {**source_header, "original-hash": body_fingerprint(split_header(original)[2])}
    assert body == source_body, "the body is untouched"
    assert "original-hash" not in split_header(original)[0], "the original is not stamped"


def test_translated_restamps_a_stale_translation(tmp_path):
    key = "articles/2025/stamped-translation"
    content = corpus(tmp_path, "complete")
    translation = content / f"{key}.en.md"
    stamped = translation.read_text(encoding="utf-8")
    translation.write_text(
        re.sub(r"Original-Hash: \w+", "Original-Hash: 000000000000", stamped), encoding="utf-8"
    )
    assert states(status_json(tmp_path))[key] == {"id": "original", "en": "stale"}

    result = newsroom(tmp_path, "translated", key)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"stamped {key}.en.md\n"
    assert states(status_json(tmp_path))[key] == {"id": "original", "en": "ok"}
    assert translation.read_text(encoding="utf-8").lower().count("original-hash:") == 1


def test_translated_names_an_unknown_story(tmp_path):
    corpus(tmp_path)
    result = newsroom(tmp_path, "translated", "articles/2025/no-such-story")
    assert result.returncode == 1
    assert "articles/2025/no-such-story" in result.stderr


# Translation states ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        pytest.param("articles/2025/up-to-date-translation", {"id": "original", "en": "ok"},
                     id="stamped"),
        pytest.param("articles/2025/stale-translation", {"id": "original", "en": "stale"},
                     id="original-edited"),
        pytest.param("articles/2025/stale-indonesian-translation",
                     {"id": "stale", "en": "original"}, id="declared-original-edited"),
        pytest.param("pages/service-hours", {"id": "original", "en": "stale"},
                     id="page-original-edited"),
        pytest.param("articles/2025/crlf-original", {"id": "original", "en": "ok"},
                     id="original-changed-only-to-crlf"),
        pytest.param("articles/2025/unstamped-translation", {"id": "original", "en": "stale"},
                     id="no-hash-original-modified-after"),
        pytest.param("articles/2025/unstamped-current-translation",
                     {"id": "original", "en": "ok"}, id="no-hash-original-modified-before"),
        pytest.param("articles/2025/indonesian-only-story", {"id": "original", "en": "missing"},
                     id="missing"),
        pytest.param("articles/2025/hidden-story", {"id": "hidden", "en": "missing"},
                     id="hidden"),
        pytest.param("articles/2025/draft-story", {"id": "draft", "en": "missing"}, id="draft"),
    ],
)  # fmt: skip
def test_status_gives_each_language_its_state(workflow_status, key, expected):
    assert states(workflow_status)[key] == expected


def test_crlf_scenario_really_changed_the_originals_bytes(workflow):
    raw = (workflow["content"] / "articles/2025/crlf-original.id.md").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 5


def test_status_notes_where_it_compared_modified_dates(workflow_status):
    noted = {
        (row["key"], lang): value["note"]
        for row in workflow_status["stories"]
        for lang, value in row["languages"].items()
        if value.get("note")
    }
    assert noted == {
        ("articles/2025/unstamped-translation", "en"): NO_HASH_NOTE,
        ("articles/2025/unstamped-current-translation", "en"): NO_HASH_NOTE,
    }


def test_status_table_prints_the_note_under_the_story(workflow):
    result = newsroom(workflow["root"], "status")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    key = "articles/2025/unstamped-translation"
    (row,) = [i for i, line in enumerate(lines) if line.split()[:1] == [key]]
    assert lines[row].split()[1:] == ["original", "stale"]
    assert lines[row + 1].strip() == f"({NO_HASH_NOTE})"


@pytest.fixture(scope="module")
def offset_corpus(tmp_path_factory):
    """tests/editorial/offset, built and reported: (status JSON, output)."""
    root = tmp_path_factory.mktemp("offset")
    result = build_site(corpus(root, "offset"), root / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    return status_json(root), root / "output"


def test_original_modified_with_an_offset_makes_the_built_translation_stale(offset_corpus):
    _data, root = offset_corpus
    (note,) = soup(page_file(root, "/en/2025/05/offset-modified-original/")).select(".notice")
    assert text_of(note).startswith(gettext(STALE_NOTICE, "en", language=language_name("id", "en")))


def test_status_reads_an_offset_modified_date_in_newsroom_time(offset_corpus):
    """Regression: status dropped the offset instead of converting to Asia/Jakarta, so it said
    ok while the built page showed the stale notice."""
    data, _root = offset_corpus
    key = "articles/2025/offset-modified-original"
    assert entry(data, key, "en")["note"] == NO_HASH_NOTE
    assert states(data)[key] == {"id": "original", "en": "stale"}


# The stale notice ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "original_url"),
    [
        pytest.param("/en/2025/06/stale-translation/", "/2025/06/stale-translation/",
                     id="english-translation"),
        pytest.param("/2025/06/stale-indonesian-translation/",
                     "/en/2025/06/stale-indonesian-translation/", id="indonesian-translation"),
        pytest.param("/en/2025/05/unstamped-translation/", "/2025/05/unstamped-translation/",
                     id="no-hash-original-modified-after"),
    ],
)  # fmt: skip
def test_stale_translation_shows_the_localized_notice(html_build, url, original_url):
    root, _log = html_build
    lang, original_lang = ("en", "id") if url.startswith("/en/") else ("id", "en")
    (note,) = soup(page_file(root, url)).select(".notice")
    sentence = gettext(STALE_NOTICE, lang, language=language_name(original_lang, lang))
    assert text_of(note).startswith(sentence), text_of(note)
    (link,) = note.select("a[href]")
    assert text_of(link) == gettext("Read the original", lang)
    assert link["hreflang"] == original_lang
    assert resolve(url, link["href"]) == original_url


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/en/2025/06/up-to-date-translation/", id="stamped"),
        pytest.param("/en/2025/06/crlf-original/", id="original-changed-only-to-crlf"),
        pytest.param("/en/2025/04/unstamped-current-translation/",
                     id="no-hash-original-modified-before"),
        pytest.param("/2025/06/stale-translation/", id="original"),
        pytest.param("/en/2025/06/stale-indonesian-translation/", id="declared-original"),
    ],
)  # fmt: skip
def test_current_translation_and_original_show_no_notice(html_build, url):
    root, _log = html_build
    assert soup(page_file(root, url)).select(".notice") == []


def test_stale_page_translation_shows_the_notice(html_build):
    """Regression: page.html once rendered no stale notice, though status reported the page
    stale."""
    root, _log = html_build
    (note,) = soup(page_file(root, "/en/newsroom-hours/")).select(".notice")
    assert text_of(note).startswith(gettext(STALE_NOTICE, "en", language=language_name("id", "en")))
    assert resolve("/en/newsroom-hours/", note.select_one("a[href]")["href"]) == "/jam-layanan/"


# The status report ---------------------------------------------------------------


def test_status_json_has_per_story_states_and_totals(workflow, workflow_status):
    data = workflow_status
    assert set(data) == {"stories", "totals", "advisories"}
    keys = [row["key"] for row in data["stories"]]
    assert len(keys) == len(set(keys)) == 13
    for row in data["stories"]:
        assert row["kind"] == ("page" if row["key"].startswith("pages/") else "article")
        assert set(row["languages"]) == {"id", "en"}, row["key"]
        for lang, value in row["languages"].items():
            if value["state"] != "missing":
                assert value["file"].startswith(f"{row['key']}.{lang}.")
                assert (workflow["content"] / value["file"]).is_file()
    assert data["totals"] == {
        "id": {"available": 9, "missing": 0, "stale": 1, "draft": 3, "scheduled": 0, "percent": 69},
        "en": {"available": 8, "missing": 4, "stale": 3, "draft": 1, "scheduled": 0, "percent": 62},
    }


def test_status_totals_agree_with_the_states(workflow_status):
    rows = workflow_status["stories"]
    for lang, totals in workflow_status["totals"].items():
        found = [row["languages"][lang]["state"] for row in rows]
        available = sum(state in ("original", "ok", "stale") for state in found)
        assert totals["available"] == available
        assert totals["missing"] == found.count("missing")
        assert totals["stale"] == found.count("stale")
        assert totals["draft"] == found.count("draft")
        assert totals["percent"] == round(100 * available / len(rows))


def test_strict_status_passes_when_every_translation_is_current(tmp_path):
    corpus(tmp_path, "complete")
    result = newsroom(tmp_path, "status", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "en: 1 of 1 available (100%)" in result.stdout


def test_strict_status_fails_on_a_missing_translation(tmp_path):
    only = "articles/2025/indonesian-only-story.id.md"
    corpus(tmp_path, "complete", {only: (CORPORA / "workflow" / only).read_text("utf-8")})
    assert newsroom(tmp_path, "status").returncode == 0, "only --strict fails"
    assert newsroom(tmp_path, "status", "--strict").returncode == 1


def test_strict_status_fails_on_a_stale_translation(tmp_path):
    content = corpus(tmp_path, "complete")
    original = content / "articles/2025/stamped-translation.id.md"
    original.write_text(
        original.read_text("utf-8") + "\nPerpustakaan juga akan membuka ruang baca anak.\n",
        encoding="utf-8",
    )
    assert newsroom(tmp_path, "status").returncode == 0, "only --strict fails"
    assert newsroom(tmp_path, "status", "--strict").returncode == 1


def content_keys():
    """The translation keys of every story and page the build lists under
    content/: editor and hidden files (IGNORE_FILES) left out, a dot in a
    folder's or story's name kept."""
    settings = {**runpy.run_path(str(REPO / "pelicanconf.py")), "PATH": str(CONTENT)}
    return {
        split_name(path, language_codes(settings))[0]
        for path in scan(settings).files
        if path.startswith(("articles/", "pages/")) and path.endswith(".md")
    }


@pytest.mark.content
def test_make_status_lists_every_story_and_strict_fails_exactly_when_work_is_needed():
    result = make("status", "JSON=1")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(states(data)) == content_keys()
    for key, found in states(data).items():
        assert list(found.values()).count("original") <= 1, key
    table = make("status", "STRICT=1")
    assert all(key in table.stdout for key in content_keys())
    # make exits 2 when the command it runs fails: a translation missing or stale
    assert (table.returncode != 0) == needs_work(data), table.stdout + table.stderr


def test_status_reports_a_stamped_translation_ok(tmp_path):
    corpus(tmp_path, "complete")
    data = status_json(tmp_path)
    assert states(data)["articles/2025/stamped-translation"] == {"id": "original", "en": "ok"}
    assert not needs_work(data)


# Advisories ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def advisories(tmp_path_factory):
    """The advisories of `status` on tests/editorial/advisories."""
    root = tmp_path_factory.mktemp("advisories")
    corpus(root, "advisories")
    return status_json(root)["advisories"]


def about(advisories, prefix):
    return [a for a in advisories if a.startswith(f"articles/2025/{prefix}")]


def test_variant_whose_whole_text_is_in_the_other_language_is_flagged(advisories):
    assert about(advisories, "english-text-in-indonesian-file") == [
        "articles/2025/english-text-in-indonesian-file.id.md: the text reads as 'en', not 'id'"
    ]


def test_untranslated_paragraph_is_flagged_with_file_and_number(advisories):
    (finding,) = about(advisories, "untranslated-paragraph")
    assert finding.startswith(
        "articles/2025/untranslated-paragraph.en.md: paragraph 2 reads as 'id': "
        '"Pada hari pertama, penumpang'
    ), finding


def test_paragraph_marked_with_its_language_is_exempt(advisories):
    assert about(advisories, "marked-quotation.") == []


def test_paragraph_number_counts_the_marked_paragraphs_too(advisories):
    """Regression: marked paragraphs were removed before numbering, so later paragraphs were
    reported one number too low."""
    (finding,) = about(advisories, "marked-quotation-then-untranslated")
    assert finding.startswith(
        "articles/2025/marked-quotation-then-untranslated.en.md: paragraph 3 "
    ), finding


@pytest.mark.parametrize("root", [CORPUS, REALISTIC], ids=["corpus", "realistic"])
def test_fixture_copy_has_no_language_findings(root):
    """Our own writing, in each language throughout: no advisory, even
    with code samples and embeds in the bodies."""
    from pelican.settings import read_settings

    converter = BodyConverter(body_options(read_settings(str(REPO / "pelicanconf.py"))))
    findings, variants = [], 0
    for story in read_stories(str(root), ["id", "en"]).values():
        for variant in story.variants.values():
            html = converter.convert(variant.body, variant.path).html  # as make status does
            findings += language_findings(variant, html)
            variants += 1
    assert variants >= 14
    assert findings == []


def test_differing_figures_are_reported(advisories):
    assert sorted(about(advisories, "figures-differ:")) == [
        "articles/2025/figures-differ: figures in 'en' but not in 'id': 45%",
        "articles/2025/figures-differ: figures in 'id' but not in 'en': 40%",
    ]


def test_figures_written_per_locale_are_equivalent(advisories):
    assert about(advisories, "figures-per-locale") == []


def test_differing_amounts_attached_to_the_currency_are_reported(advisories):
    assert about(advisories, "figures-differ-eyd-rupiah") != []


def test_clock_time_written_per_locale_is_not_reported(advisories):
    assert about(advisories, "figures-clock-time") == []


def test_advisories_corpus_has_no_other_finding(advisories):
    """Guard: no scenario raises a finding its test does not look for."""
    found = {re.match(r"articles/2025/([a-z-]+)", a)[1] for a in advisories}
    assert found == {
        "english-text-in-indonesian-file",
        "untranslated-paragraph",
        "marked-quotation-then-untranslated",
        "figures-differ",
        "figures-differ-eyd-rupiah",
    }, advisories


def test_workflow_corpus_has_no_advisory(workflow_status):
    """Guard: the workflow stories are clean translations with equal figures."""
    assert workflow_status["advisories"] == []


@pytest.fixture(scope="module")
def image_corpus(tmp_path_factory):
    """tests/editorial/image with a real PNG: (root, content folder)."""
    root = tmp_path_factory.mktemp("image")
    return root, corpus(root, "image", {"images/flood-map.png": png()})


def test_image_without_alt_text_is_an_advisory(image_corpus):
    root, _content = image_corpus
    assert status_json(root)["advisories"] == [
        "articles/2025/image-without-alt.id.md: image {static}/images/flood-map.png has no alt text"
    ]


def test_image_without_alt_text_does_not_fail_the_build(image_corpus):
    """Regression: Pelican's own empty-alt WARNING once failed the --fatal warnings build."""
    root, content = image_corpus
    result = build_site(content, root / "output")
    assert result.returncode == 0, result.stdout + result.stderr
    url = "/2025/06/image-without-alt/"
    (image,) = soup(page_file(root / "output", url)).select(".story-body img")
    assert image.get("alt", "") == ""
    assert page_file(root / "output", resolve(url, image["src"])).is_file()


# Content errors stop the build ----------------------------------------------------
# Only those test_linking.py's content-error test does not cover.

STORY_HEADER = "Title: Peta Rawan Banjir\nDate: 2025-06-07 09:00\nCategory: Kota"
STORY_BODY = (
    "Badan penanggulangan bencana menerbitkan peta daerah rawan banjir untuk musim hujan tahun "
    "ini. Warga yang tinggal di dekat sungai diminta untuk memeriksa peta tersebut."
)
PAGE_BODY = (
    "Halaman ini menjelaskan cara pembaca menghubungi redaksi dan mengirimkan koreksi atas "
    "berita yang sudah terbit."
)

BROKEN = [
    pytest.param(
        "articles/2025/missing-date.id.md",
        md("Title: Peta Rawan Banjir\nCategory: Kota", STORY_BODY),
        "date",
        id="missing-date",
    ),
    pytest.param(
        "articles/2025/no-language-suffix.md",
        md(STORY_HEADER, STORY_BODY),
        "lang",
        id="no-language-suffix",
    ),
    pytest.param(
        "articles/2025/missing-body-image.id.md",
        md(STORY_HEADER, STORY_BODY, "![Peta daerah rawan banjir]({static}/images/missing.png)"),
        "body",
        id="static-image-missing",
    ),
    pytest.param(
        "articles/2025/missing-header-image.id.md",
        md(STORY_HEADER + "\nImage: images/missing-cover.png", STORY_BODY),
        "image",
        id="image-header-missing",
    ),
    pytest.param(
        "articles/2025/slug-with-space.id.md",
        md(STORY_HEADER + "\nSlug: Bad Slug", STORY_BODY),
        "slug",
        id="slug-with-space-and-capitals",
    ),
    pytest.param(
        "articles/2025/slug-up-one-folder.id.md",
        md(STORY_HEADER + "\nSlug: ../etc", STORY_BODY),
        "slug",
        id="slug-up-one-folder",
    ),
    pytest.param(
        "pages/language-slug.id.md",
        md("Title: Bahasa Inggris\nSlug: en", PAGE_BODY),
        "slug",
        id="page-slug-is-a-language",
    ),
    pytest.param(
        "pages/feeds-slug.id.md",
        md("Title: Umpan Berita\nSlug: feeds", PAGE_BODY),
        "slug",
        id="page-slug-is-feeds",
    ),
]


def test_content_error_corpus_builds_without_the_broken_file(tmp_path):
    """Guard: each build below fails because of its one broken file."""
    content = corpus(tmp_path, "complete", {"images/flood-map.png": png()})
    result = build_site(content, tmp_path / "output")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("name", "text", "field"), BROKEN)
def test_content_error_stops_the_build_naming_file_and_field(tmp_path, name, text, field):
    content = corpus(tmp_path, "complete", {"images/flood-map.png": png(), name: text})
    result = build_site(content, tmp_path / "output")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    filename = name.rpartition("/")[2]
    lines = [line for line in log.splitlines() if filename in line]
    assert any(re.search(rf"\b{field}\b", line, re.IGNORECASE) for line in lines), log


# The build log ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        ("html_build", "id 7, en 6; drafts: 4 (not written); hidden: 1"),
        ("publish_build", "id 7, en 6; drafts: 4 (not written); hidden: 1"),
        ("preview_build", "id 9, en 7; drafts: 4 (previewed); hidden: 1"),
    ],
)
def test_build_log_counts_stories_per_language_drafts_and_hidden(request, build, expected):
    """Drafts: the draft story, the draft page and the scaffold's two files."""
    _root, log = request.getfixturevalue(build)
    (line,) = [line for line in log.splitlines() if "Stories listed per language" in line]
    assert line.strip() == f"Stories listed per language: {expected}"


# Drafts ---------------------------------------------------------------------------


@pytest.fixture(params=["html_build", "publish_build"])
def public_build(request):
    root, _log = request.getfixturevalue(request.param)
    return root


def test_draft_story_and_page_are_not_written(public_build):
    for url in DRAFT_URLS:
        assert not page_file(public_build, url).exists(), url
    assert not list(public_build.rglob("drafts"))


def test_drafts_are_in_no_listing_feed_or_sitemap(public_build):
    texts = text_files(public_build)
    assert len(texts) > 30
    assert [p for p in texts if p.suffix == ".xml" and "feeds" in p.parts], "feeds written"
    for path, text in texts.items():
        for needle in (DRAFT_TITLE, DRAFT_PAGE_TITLE, "draft-story", "/pedoman/", "kesenian"):
            assert needle not in text, f"{path}: {needle}"
    sitemap = (public_build / "sitemap.xml").read_text(encoding="utf-8")
    assert "/2025/06/up-to-date-translation/" in sitemap, "guard: the sitemap lists stories"


def test_published_page_is_linked_and_draft_page_is_not(public_build):
    assert "/kontak/" in links(public_build, "/")
    assert "/pedoman/" not in links(public_build, "/")


def test_public_builds_mark_only_404_pages_noindex(public_build):
    for path in html_pages(public_build):
        robots = soup(path).select('meta[name="robots"]')
        assert bool(robots) == (path.name == "404.html"), page_url(public_build, path)


def test_preview_writes_drafts_and_marks_every_page_noindex(preview_build):
    root, _log = preview_build
    for url in DRAFT_URLS:
        assert page_file(root, url).is_file(), url
    pages = html_pages(root)
    assert len(pages) > 30
    for path in pages:
        robots = [meta["content"] for meta in soup(path).select('meta[name="robots"]')]
        assert robots == ["noindex"], page_url(root, path)


def test_preview_lists_the_draft_story_and_page(preview_build):
    root, _log = preview_build
    assert "/2025/06/draft-story/" in links(root, "/")
    assert "/pedoman/" in links(root, "/")


def test_preview_marks_the_draft_story(preview_build):
    root, _log = preview_build
    (note,) = soup(page_file(root, "/2025/06/draft-story/")).select(".draft-note")
    assert text_of(note) == gettext(DRAFT_NOTE, "id")
    assert soup(page_file(root, "/2025/06/up-to-date-translation/")).select(".draft-note") == []


def test_preview_marks_the_draft_page(preview_build):
    """Regression: page.html once had no draft note, so a draft page in the preview looked
    published."""
    root, _log = preview_build
    assert soup(page_file(root, "/pedoman/")).select(".draft-note")


def test_status_names_a_body_it_cannot_convert_by_its_file_line(tmp_path):
    """A body the build refuses (an empty heading) is reported by status as
    the build reports it, at the line of the file, not as a traceback."""
    content = corpus(tmp_path, "complete")
    story = content / "articles/2025/stamped-translation.id.md"
    lines = story.read_text("utf-8").split("\n")
    story.write_text("\n".join([*lines, "", "##", ""]), encoding="utf-8")
    result = newsroom(tmp_path, "status")
    assert result.returncode == 1
    expected = f"articles/2025/stamped-translation.id.md:{len(lines) + 2}: field 'body': a heading"
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
