"""`make check` on real builds, and every kind of breakage it must catch;
deterministic and atomic builds."""

import filecmp
import shutil
import subprocess
import sys

import pytest

from conftest import CONTENT, CORPUS, CORPUS_SETTINGS, REPO, build_site

sys.path.insert(0, str(REPO / "plugins"))
from bilingual.newsroom.check import Site, check  # noqa: E402

SITEURL = "https://example.org/news"


def errors_of(root, siteurl=""):
    return dict(check(Site(root, siteurl)))


def test_real_site_development_build_is_clean(real_site):
    assert errors_of(real_site) == {}


def test_corpus_development_build_is_clean(corpus_site):
    assert errors_of(corpus_site) == {}


@pytest.mark.parametrize("content", [CONTENT, CORPUS], ids=["real", "corpus"])
def test_publish_build_under_a_sub_path_is_clean(tmp_path, monkeypatch, content):
    monkeypatch.setenv("SITEURL", SITEURL)
    result = build_site(content, tmp_path / "out", "publishconf.py", CORPUS_SETTINGS)
    assert result.returncode == 0, result.stderr
    assert errors_of(tmp_path / "out", SITEURL) == {}
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITEURL}/">' in home


@pytest.fixture
def broken(corpus_site, tmp_path):
    """A copy of the corpus output to break."""
    root = tmp_path / "site"
    shutil.copytree(corpus_site, root)
    return root


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_catches_a_broken_link(broken):
    edit(broken / "tentang-kami" / "index.html", "</main>", '<a href="../nowhere/">x</a></main>')
    assert errors_of(broken)["broken link"] == ["/tentang-kami/: ../nowhere/ -> no file"]


def test_catches_broken_assets_in_src_srcset_and_css(broken):
    edit(broken / "tentang-kami" / "index.html", "</main>",
         '<img src="../a.png" srcset="../b.png 2x" alt=""></main>')  # fmt: skip
    (broken / "theme" / "css" / "style.css").write_text("body{background:url(../missing.png)}")
    found = errors_of(broken)["broken asset"]
    assert any("../a.png" in e for e in found)
    assert any("../b.png" in e for e in found)
    assert any("missing.png" in e for e in found)


def test_catches_a_wrong_page_language(broken):
    edit(broken / "en" / "about-us" / "index.html", '<html lang="en">', '<html lang="id">')
    assert "/en/about-us/" in errors_of(broken)["wrong lang"][0]


def test_catches_a_hreflang_set_that_is_not_reciprocal(broken):
    page = broken / "en" / "about-us" / "index.html"
    text = page.read_text(encoding="utf-8")
    start = text.index('<link rel="alternate" hreflang="id"')
    page.write_text(text[:start] + text[text.index(">", start) + 1 :], encoding="utf-8")
    assert any("/tentang-kami/" in e for e in errors_of(broken)["hreflang"])


def test_catches_a_wrong_canonical(broken):
    edit(broken / "tentang-kami" / "index.html", 'rel="canonical" href="../tentang-kami/"',
         'rel="canonical" href="../"')  # fmt: skip
    assert errors_of(broken)["canonical"] == ["/tentang-kami/: points at ../"]


def test_catches_an_orphan_page(broken):
    orphan = broken / "orphan" / "index.html"
    orphan.parent.mkdir()
    shutil.copy(broken / "tentang-kami" / "index.html", orphan)
    edit(orphan, 'href="../tentang-kami/"', 'href="../orphan/"')
    assert "/orphan/: no other page links here" in errors_of(broken)["orphan page"]


def test_catches_a_feed_that_does_not_parse(broken):
    (broken / "feeds" / "all.atom.xml").write_text("<feed>")
    assert any("does not parse" in e for e in errors_of(broken)["feed"])


def test_catches_a_sitemap_entry_that_does_not_exist(broken):
    edit(broken / "sitemap.xml", "<loc>/tentang-kami/</loc>", "<loc>/gone/</loc>")
    assert errors_of(broken)["sitemap"] == ["/sitemap.xml: /gone/ -> no file"]


def test_catches_a_leaked_draft(broken):
    edit(broken / "tentang-kami" / "index.html", "</main>", '<p class="draft-note">x</p></main>')
    assert errors_of(broken)["draft leaked"] == [
        "/tentang-kami/: a draft or noindex page in the output"
    ]


def test_make_check_exits_non_zero_on_errors(broken):
    edit(broken / "tentang-kami" / "index.html", "</main>", '<a href="../nowhere/">x</a></main>')
    command = [sys.executable, "-m", "bilingual.newsroom.check", str(broken)]
    result = subprocess.run(
        command, cwd=REPO, env={"PYTHONPATH": "plugins"}, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "broken link: 1" in result.stdout


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path):
    for name in ("one", "two"):
        result = build_site(CORPUS, tmp_path / name, "pelicanconf.py", CORPUS_SETTINGS)
        assert result.returncode == 0, result.stderr

    def differences(compared):
        found = compared.diff_files + compared.left_only + compared.right_only
        for sub in compared.subdirs.values():
            found += differences(sub)
        return found

    compared = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert differences(compared) == []
    # dircmp compares shallowly by stat; compare every file's bytes too.
    files = sorted(
        p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file()
    )
    assert files
    assert [
        f
        for f in files
        if (tmp_path / "one" / f).read_bytes() != (tmp_path / "two" / f).read_bytes()
    ] == []


def test_a_failing_build_leaves_the_previous_output_untouched(tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(CORPUS, content)
    make = [
        "make",
        "--no-print-directory",
        "-C",
        str(REPO),
        "html",
        f"CONTENT={content}",
        f"OUTPUT={output}",
    ]
    assert subprocess.run(make, capture_output=True).returncode == 0
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (content / "articles" / "2025" / "translated-pair.id.md").write_text(
        "Title: Rusak\nDate: bukan tanggal\nCategory: Kota\n\nIsi.\n", encoding="utf-8"
    )
    failed = subprocess.run(make, capture_output=True, text=True)
    assert failed.returncode != 0
    assert "translated-pair.id.md" in failed.stdout + failed.stderr
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before


def test_a_hidden_story_is_neither_an_orphan_nor_a_feed_without_page(tmp_path):
    """Hidden stories are published but listed nowhere, by design; a category
    used only by hidden stories has no page and so no feed."""
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    (content / "articles" / "2025" / "hidden-notice.id.md").write_text(
        "Title: Pengumuman Internal\nDate: 2025-06-06 10:00\nCategory: Pengumuman\n"
        "Status: hidden\n\nPengumuman ini tidak didaftar di mana pun.\n",
        encoding="utf-8",
    )
    result = build_site(content, tmp_path / "out", "pelicanconf.py", CORPUS_SETTINGS)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "2025" / "06" / "hidden-notice" / "index.html").is_file()
    assert not list((tmp_path / "out").rglob("pengumuman*.xml"))
    assert errors_of(tmp_path / "out") == {}
