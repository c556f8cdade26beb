"""The Makefile takes what people type without a shell: `make new` titles
with quotes, `$` and backquotes round-trip exactly into both files; every
other target that takes a value passes it as one argument; `make status`
names a file that is not UTF-8.

`make` runs for real (``make -C <repo>`` with an argument list, so the test
itself uses no shell either) on content folders under ``tmp_path``.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bilingual.newsroom import targets
from bilingual.newsroom.scaffold import MAX_SLUG
from bilingual.source import split_header
from conftest import CORPUS, REPO

TITLES = [
    'Menteri: "Kami Siap" Hadapi Banjir',
    "Harga Emas US$2.500",
    "x `id`",
    "Rupiah $(shell touch MARKER) $$x ${HOME} 'kutip' \\ ; | & > <",
]


def make(*args):
    """``make`` in the repository, as if typed in a terminal (not a sub-make
    of `make test`); -o: the venv is installed already."""
    command = ["make", "--no-print-directory", "-C", str(REPO), "-o", ".venv/bin/.installed"]
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return subprocess.run([*command, *args], env=env, capture_output=True, encoding="utf-8")


def header_of(path):
    return split_header(Path(path).read_text(encoding="utf-8"))[0]


def scaffolded(content):
    """{lang: path} of the files `make new` wrote under ``content``."""
    return {p.name.split(".")[-2]: p for p in sorted(content.rglob("*.md"))}


@pytest.mark.parametrize("title", TITLES)
def test_make_new_writes_the_title_exactly_as_typed_into_both_files(tmp_path, title):
    content = tmp_path / "content"
    title = title.replace("MARKER", str(tmp_path / "marker"))
    result = make("new", f"TITLE={title}", "CATEGORY=Teknologi", f"CONTENT={content}")
    assert result.returncode == 0, result.stderr
    files = scaffolded(content)
    assert sorted(files) == ["en", "id"]
    for lang, path in files.items():
        header = header_of(path)
        assert header["title"] == title, path
        assert header["category"] == {"id": "Teknologi", "en": "Technology"}[lang]
        assert header["status"] == "draft"
    assert not (tmp_path / "marker").exists(), "make ran $(shell …) from the title"
    assert "uid=" not in result.stdout + result.stderr, "a shell ran `id`"


def test_make_new_passes_slug_category_and_authors_untouched(tmp_path):
    content = tmp_path / "content"
    authors = "Sari `id` Wulandari, Budi $(shell touch MARKER) Santoso"
    authors = authors.replace("MARKER", str(tmp_path / "marker"))
    category = 'Kota "Lama" $HOME'
    result = make(
        "new", "TITLE=Jalan Baru", "SLUG=jalan-baru", f"CATEGORY={category}",
        f"AUTHORS={authors}", f"CONTENT={content}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for path in scaffolded(content).values():
        assert path.name.startswith("jalan-baru.")
        header = header_of(path)
        assert (header["category"], header["authors"]) == (category, authors)
    assert not (tmp_path / "marker").exists()


def test_make_new_cuts_a_long_slug_at_a_word_boundary(tmp_path):
    content = tmp_path / "content"
    title = " ".join(["Pemerintah Daerah Mengumumkan Rencana Pembangunan"] * 7)
    assert len(title) >= 300
    result = make("new", f"TITLE={title}", "CATEGORY=Kota", f"CONTENT={content}")
    assert result.returncode == 0, result.stderr
    (path, *_others) = scaffolded(content).values()
    slug = header_of(path)["slug"]
    assert len(slug) <= MAX_SLUG
    full = "-".join(title.lower().split())
    assert full.startswith(slug + "-"), "cut where a word ends"
    assert header_of(path)["title"] == title


def test_make_new_requires_a_category_and_writes_nothing_without_one(tmp_path):
    content = tmp_path / "content"
    result = make("new", "TITLE=Banjir Rob di Pesisir", f"CONTENT={content}")
    assert result.returncode != 0
    assert "CATEGORY is required" in result.stderr
    assert not content.exists() or not list(content.rglob("*.md"))


@pytest.mark.parametrize("value", ["", "   "])
def test_make_new_without_a_title_prints_its_usage(tmp_path, value):
    result = make("new", f"TITLE={value}", "CATEGORY=Kota", f"CONTENT={tmp_path / 'c'}")
    assert result.returncode != 0
    assert 'usage: make new TITLE="..."' in result.stderr


def test_make_new_refuses_a_title_that_would_break_the_header(tmp_path):
    """A line break in a title would start a new header line (Status: …)."""
    content = tmp_path / "content"
    result = make("new", "TITLE=Judul\nStatus: published", "CATEGORY=Kota", f"CONTENT={content}")
    assert result.returncode != 0
    assert "TITLE must be one line" in result.stderr
    assert not content.exists() or not list(content.rglob("*.md"))


def test_make_html_builds_into_an_output_folder_named_with_shell_characters(tmp_path):
    output = tmp_path / "out $HOME `id` $(shell touch warta-marker)"
    result = make("html", f"CONTENT={CORPUS}", f"OUTPUT={output}")
    marker = REPO / "warta-marker"
    ran, _ = marker.exists(), marker.unlink(missing_ok=True)
    assert not ran, "make ran $(shell …) from OUTPUT"
    assert result.returncode == 0, result.stderr
    assert (output / "index.html").is_file()
    assert (output / "pagefind" / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        output.name,
        output.name + ".cache",
        output.name + ".lock",
    ]


def test_make_status_names_a_file_that_is_not_utf8(tmp_path):
    content = tmp_path / "content"
    (content / "articles" / "2025").mkdir(parents=True)
    latin1 = "Title: Café\nDate: 2025-03-01 10:00\nCategory: Kota\n\nKopi di kafé.\n"
    (content / "articles" / "2025" / "kafe.id.md").write_bytes(latin1.encode("latin-1"))
    result = make("status", f"CONTENT={content}")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    [message] = [line for line in result.stderr.splitlines() if "***" not in line]  # make's own
    assert message.startswith(
        "make status: articles/2025/kafe.id.md:1: field 'file': not UTF-8: byte 0xe9 at column 11"
    )


# The other targets, called as the Makefile calls them: values from the
# WARTA_* variables, commands as argument lists.


@pytest.fixture
def fake_commands(tmp_path, monkeypatch):
    """``rsync``, ``git`` and ``ghp-import`` that record their arguments."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.jsonl"
    bin_dir.mkdir()
    recorder = f"#!{sys.executable}\nimport json, sys\n"
    recorder += f"open({str(log)!r}, 'a').write(json.dumps(sys.argv) + '\\n')\n"
    for name in ("rsync", "git"):
        (bin_dir / name).write_text(recorder)
        (bin_dir / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    ghp = tmp_path / "venv" / "ghp-import"
    ghp.parent.mkdir()
    ghp.write_text(recorder)
    ghp.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(ghp.with_name("python")))

    def calls():
        lines = log.read_text().splitlines() if log.exists() else []
        return [[Path(argv[0]).name, *argv[1:]] for argv in map(json.loads, lines)]

    return calls


def test_rsync_upload_passes_the_target_as_one_argument(fake_commands, monkeypatch):
    target = "user@host:/var/www/warta $(id) `id`"
    monkeypatch.setenv("WARTA_SSH_TARGET", target)
    monkeypatch.setenv("WARTA_OUTPUT", "out put")
    assert targets.main(["rsync_upload"]) == 0
    [call] = fake_commands()
    assert call[0] == "rsync" and call[-2:] == ["out put/", target]
    assert "--protect-args" in call


def test_rsync_upload_refuses_a_target_that_reads_as_an_option(fake_commands, monkeypatch):
    monkeypatch.setenv("WARTA_SSH_TARGET", "-e sh -c id")
    assert targets.main(["rsync_upload"]) == 2
    assert fake_commands() == []


def test_github_pushes_the_branch_given(fake_commands, monkeypatch):
    monkeypatch.setenv("WARTA_GITHUB_PAGES_BRANCH", "pages $x")
    monkeypatch.setenv("WARTA_OUTPUT", "site")
    assert targets.main(["github"]) == 0
    assert fake_commands() == [
        ["ghp-import", "-m", "Publish site", "-b", "pages $x", "--no-jekyll", "site"],
        ["git", "push", "origin", "refs/heads/pages $x"],
    ]


def test_check_passes_siteurl_and_output_as_given(monkeypatch):
    seen = []
    monkeypatch.setattr("bilingual.newsroom.check.main", lambda argv: seen.append(argv) or 0)
    monkeypatch.setenv("WARTA_SITEURL", "https://example.org/$news")
    monkeypatch.setenv("WARTA_OUTPUT", "-output")
    assert targets.main(["check"]) == 0
    assert seen == [["--siteurl=https://example.org/$news", "--", "./-output"]]


def test_status_flags_and_debug_flag(monkeypatch):
    seen = {}
    monkeypatch.setattr("bilingual.newsroom.__main__.status", lambda *a, **k: seen.update(k) or 0)
    monkeypatch.setenv("WARTA_JSON", "1")
    monkeypatch.setenv("WARTA_STRICT", "0")
    assert targets.main(["status"]) == 0
    assert (seen["as_json"], seen["strict"]) == (True, False)
    monkeypatch.setenv("WARTA_DEBUG", "1")
    monkeypatch.setenv("WARTA_NO_WAIT", "1")
    assert targets.build_argv("pelicanconf.py", "out")[-2:] == ["--no-wait", "--traceback"]


def test_the_makefile_pastes_no_user_value_into_a_recipe():
    """Every recipe line reads user values from WARTA_* only: no $(TITLE)."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipes = [line for line in makefile.splitlines() if line.startswith("\t")]
    for name in ("TITLE", "SLUG", "CATEGORY", "AUTHORS", "STORY", "CONTENT", "OUTPUT", "PORT",
                 "SITEURL", "SSH_TARGET", "GITHUB_PAGES_BRANCH", "JSON", "STRICT", "DEBUG"):  # fmt: skip
        assert not [line for line in recipes if f"$({name})" in line], name
