"""The browser editor at /admin/ (Decap CMS): its configuration comes from
settings, and in a real browser against decap-server it writes the files
our reader builds."""

import json
import re
import socket
import subprocess
from pathlib import Path

import pytest
import yaml
from pelican.settings import DEFAULT_CONFIG

from bilingual import cms
from bilingual.newsroom import decap
from bilingual.newsroom.scaffold import stamp_translations
from bilingual.newsroom.stories import read_stories
from bilingual.settings import configure
from bilingual.source import parse_header
from conftest import REPO, SETTINGS, build_site, png, soup, write_files

TERMS = {"category": {"id": ["Ekonomi"], "en": ["Economy"]}, "tag": {"id": ["Pasar"]}}


def settings(**extra):
    return configure({**DEFAULT_CONFIG, **SETTINGS, **extra})


def test_the_editor_config_follows_the_sites_languages_and_metadata():
    config = cms.config(settings(), TERMS)
    assert config["i18n"] == {
        "structure": "multiple_files",
        "locales": ["id", "en"],
        "default_locale": "id",
    }
    stories, pages = config["collections"]
    assert (stories["folder"], stories["path"]) == ("content/articles", "{{year}}/{{slug}}")
    assert (stories["media_folder"], stories["public_folder"]) == ("/content/images", "/images")
    assert pages["folder"] == "content/pages"
    names = [f["name"] for f in stories["fields"]]
    assert names == [
        "title", "date", "category", "tags", "authors", "summary", "image", "image_alt",
        "image_caption", "image_credit", "status", "corrections", "aliases", "body",
    ]  # fmt: skip
    fields = {f["name"]: f for f in stories["fields"]}
    assert fields["category"]["terms"] == TERMS["category"]
    assert fields["tags"]["multiple"] is True
    assert fields["status"]["options"] == ["published", "draft", "hidden"]
    # What is the same in every language is written into every file.
    assert {n for n, f in fields.items() if f["i18n"] == "duplicate"} == {"date"}


def test_the_editor_writes_where_the_settings_keep_stories_pages_and_images(monkeypatch):
    monkeypatch.chdir(REPO)  # Decap's folders are relative to the repository
    layout = {"ARTICLE_PATHS": ["berita"], "PAGE_PATHS": ["laman/"], "STATIC_PATHS": ["media"]}
    config = cms.config(settings(PATH=str(REPO / "site" / "src"), **layout), TERMS)
    stories, pages = config["collections"]
    assert stories["folder"] == "site/src/berita"
    assert (stories["media_folder"], stories["public_folder"]) == ("/site/src/media", "/media")
    assert pages["folder"] == "site/src/laman"
    assert (config["media_folder"], config["public_folder"]) == ("site/src/media", "/media")
    # The content folder is the repository itself.
    stories, _pages = cms.config(settings(PATH=str(REPO), **layout), TERMS)["collections"]
    assert stories["folder"] == "berita"


def test_terms_offered_are_the_published_ones_and_the_mapped_ones_per_language():
    found = [("category", "id", "Kota"), ("tag", "en", "Market"), ("author", "id", "Sari")]
    mapping = {"category": [{"id": "Ekonomi", "en": "Economy"}]}
    terms = cms.term_names(settings(BILINGUAL_TERMS=mapping), found)
    assert terms == {
        "category": {"en": ["Economy"], "id": ["Ekonomi", "Kota"]},
        "tag": {"en": ["Market"]},
    }


def test_the_admin_page_loads_nothing_from_elsewhere_and_is_kept_from_search():
    page = cms.admin_page(settings())
    assert re.findall(r'src="([^"]+)"', page) == ["decap-cms.js", "warta.js"]
    assert "https:" not in page and "//" not in page.replace("<!doctype", "")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'data-pagefind-ignore="all"' in page


def test_a_missing_npm_install_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="make cms-install"):
        cms.dist_files(str(tmp_path))


# warta.js's guard, run in Node with a stand-in for Decap's registry: the
# same rule as the reader's (a 'Title:' line opening the text of any language).
GUARD = """
const window = {h() {}, createClass() {}, CMS: {registerPreviewStyle() {}, registerWidget() {},
  registerEventListener(e) { window.handler = e.handler; }}};
const document = {currentScript: {getAttribute() { return ""; }}};
globalThis.window = window; globalThis.document = document;
require(process.argv[1]);
const entry = (bodies) => ({
  getIn: (path) => bodies.id,
  get: () => ({forEach: (f) => Object.entries(bodies).filter(([l]) => l !== "id")
    .forEach(([, b]) => f({getIn: () => b}))}),
});
for (const bodies of JSON.parse(process.argv[2])) {
  try { window.handler({entry: entry(bodies)}); console.log("saved"); }
  catch (error) { console.log("refused: " + error.message); }
}
"""


def test_the_editor_refuses_to_save_a_story_whose_pelican_header_it_could_not_read():
    cases = [
        {"id": "Isi berita.", "en": "Text.\nTitle: not the first line"},
        {"id": "Title: Judul\nDate: 2025-07-01\n\nIsi.", "en": "Text."},
        {"id": "Isi.", "en": "\n  \ntitle: Heading\nSlug: heading\n\nText."},
        {"id": "Titles: not a header", "en": None},
    ]
    result = subprocess.run(
        ["node", "-e", GUARD, str(REPO / "cms" / "warta.js"), json.dumps(cases)],
        capture_output=True, text=True, encoding="utf-8", check=True, timeout=30,
    )  # fmt: skip
    said = [line.split(":")[0] for line in result.stdout.splitlines()]
    assert said == ["saved", "refused", "refused", "saved"]
    assert "This file starts with a 'Title: " in result.stdout
    assert "Run 'make frontmatter STORY=articles/<year>/<slug>'" in result.stdout


def test_a_stamped_original_hash_survives_a_save_in_the_browser_editor(tmp_path):
    """Decap reads and writes front matter with the npm package yaml (YAML
    1.2): the hash make translated writes must come back as the same text."""
    content = write_files(
        tmp_path,
        {
            # This body's hash, 006978654e97, is a number to YAML 1.2.
            "articles/2025/a.id.md": "Title: A\nDate: 2025-07-01\nCategory: K\n\nAsli 18.\n",
            "articles/2025/a.en.md": "---\ntitle: A\n---\nText.\n",
        },
    )
    story = read_stories(str(content), ["id", "en"])["articles/2025/a"]
    stamp_translations(str(content), story, "id")
    stamped = (content / "articles/2025/a.en.md").read_text(encoding="utf-8").split("---")[1]
    resaved = subprocess.run(
        ["node", "-e", "const Y = require('yaml');"
         " process.stdout.write(Y.stringify(Y.parse(process.argv[1])))", stamped],
        cwd=REPO / "cms", capture_output=True, text=True, encoding="utf-8", check=True, timeout=30,
    ).stdout  # fmt: skip
    header = parse_header(f"---\n{resaved}---\n")
    assert header.fields["original-hash"] == story.variants["id"].fingerprint == "006978654e97"


# The real browser ---------------------------------------------------------------------

EXISTING_ID = """---
title: Pasar Baru Dibuka
date: 2025-06-02T09:00+07:00
category: Ekonomi
tags: [Pasar]
status: published
---
Pasar baru dibuka hari ini.
"""
EXISTING_EN = """---
title: New Market Opens
date: 2025-06-02 09:00
category: Economy
tags: Market
---

A new market opened today.
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def npm_installed():
    """cms/node_modules from the lock file, as make cms-install does."""
    if not (decap.CMS_FOLDER / "node_modules" / ".installed").exists():
        subprocess.run(["make", "cms-install"], cwd=REPO, check=True)


def test_writing_a_story_in_both_languages_in_the_browser(tmp_path, chromium, npm_installed):
    project = write_files(
        tmp_path / "repo",
        {
            "content/articles/2025/pasar.id.md": EXISTING_ID,
            "content/articles/2025/pasar.en.md": EXISTING_EN,
            "content/images/.keep": "",
        },
    )
    (tmp_path / "foto.png").write_bytes(png(40, 30))
    port = free_port()
    out = tmp_path / "admin-site"
    extra = {"BILINGUAL_CMS": True, "BILINGUAL_CMS_PROXY_PORT": port}
    result = build_site(project / "content", out, extra=extra, search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    server = decap.start(str(project), port)
    context = chromium.new_context(
        timezone_id="Asia/Jakarta", viewport={"width": 1280, "height": 900}
    )
    try:
        from browser import served

        with served(out) as url:
            page = context.new_page()
            page.set_default_timeout(10000)
            _write_new_story(page, url, tmp_path / "foto.png")
            story = project / "content/articles/2025"
            _wait_for(lambda: (story / "jembatan-baru.en.md").exists())
            _edit_existing_story(page, url)
            _wait_for(lambda: "Pasar Induk" in (story / "pasar.id.md").read_text("utf-8"))
    finally:
        context.close()
        decap.stop(server)

    files = {p.name for p in story.iterdir()}
    assert files == {"jembatan-baru.id.md", "jembatan-baru.en.md", "pasar.id.md", "pasar.en.md"}
    assert (project / "content/images/foto.png").read_bytes() == (
        tmp_path / "foto.png"
    ).read_bytes()
    written_id = (story / "jembatan-baru.id.md").read_text("utf-8")
    head, body = written_id.removeprefix("---\n").split("\n---\n", 1)
    assert yaml.safe_load(head) == {
        "title": "Jembatan Baru",
        "date": "2025-07-03T08:30+07:00",
        "category": "Ekonomi",
        "tags": ["Pasar"],
        "authors": "Sari Wulandari",
        "image": "/images/foto.png",
        "image_alt": "Jembatan di atas sungai",
        "status": "published",
    }
    assert body.strip() == "Jembatan baru diresmikan hari ini."
    written_en = yaml.safe_load((story / "jembatan-baru.en.md").read_text("utf-8").split("---")[1])
    assert written_en["category"] == "Economy" and written_en["title"] == "New Bridge"
    assert written_en["date"] == "2025-07-03T08:30+07:00", "the date is the same in both files"
    assert (story / "pasar.en.md").read_text("utf-8") == EXISTING_EN, "other language untouched"

    built = tmp_path / "site"
    result = build_site(project / "content", built, search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    id_page = soup(built / "2025/07/jembatan-baru/index.html")
    en_page = soup(built / "en/2025/07/jembatan-baru/index.html")
    assert id_page.select_one('link[rel=alternate][hreflang="en"]')["href"].endswith(
        "en/2025/07/jembatan-baru/"
    )
    assert en_page.select_one('link[rel=alternate][hreflang="id"]')["href"].endswith(
        "/2025/07/jembatan-baru/"
    )
    assert id_page.h1.get_text(strip=True) == "Jembatan Baru"
    assert "Pasar Induk" in soup(built / "2025/06/pasar/index.html").h1.get_text()
    assert not (built / "admin").exists(), "no /admin/ unless BILINGUAL_CMS is on"


def _write_new_story(page, url: str, photo: Path) -> None:
    page.goto(f"{url}/admin/#/collections/stories/new")
    page.get_by_role("button", name="Login").click()
    titles = page.get_by_label("Title · Judul")
    titles.nth(0).fill("Jembatan Baru")
    page.get_by_label("Date · Tanggal").nth(0).fill("2025-07-03T08:30")
    page.get_by_label("Category · Rubrik").nth(0).select_option("Ekonomi")
    page.get_by_label("Tags").nth(0).select_option(["Pasar"])
    page.get_by_label("Authors · Penulis").nth(0).fill("Sari Wulandari")
    _choose(page, page.get_by_label("Status").nth(0), "published")
    page.get_by_role("button", name="Choose an image").first.click()
    page.locator("input[type=file]").set_input_files(str(photo))
    page.get_by_role("button", name="Choose selected").click()
    page.get_by_label("Image text · Teks gambar").nth(0).fill("Jembatan di atas sungai")
    bodies = page.locator("[data-slate-editor]")
    bodies.nth(0).click()
    page.keyboard.insert_text("Jembatan baru diresmikan hari ini.")
    titles.nth(1).fill("New Bridge")
    page.get_by_label("Authors · Penulis").nth(1).fill("Sari Wulandari")
    page.get_by_label("Category · Rubrik").nth(1).select_option("Economy")
    _choose(page, page.get_by_label("Status").nth(1), "published")
    bodies.nth(1).click()
    page.keyboard.insert_text("A new bridge opened today.")
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def _choose(page, combobox, option: str) -> None:
    """Decap's select widget is a combobox: type the option, then Enter."""
    combobox.fill(option)
    page.keyboard.press("Enter")


def _edit_existing_story(page, url: str) -> None:
    # Once saved, the editor moves to the new entry's address; from there,
    # back to the list of stories the way an editor goes.
    page.wait_for_url("**/#/collections/stories/entries/**")
    page.get_by_role("link", name="Writing in Stories").click()
    page.get_by_text("Pasar Baru Dibuka").click()
    title = page.get_by_label("Title · Judul").nth(0)
    from playwright.sync_api import expect  # here: collecting this file stays cheap

    expect(title).to_have_value("Pasar Baru Dibuka")
    title.fill("Pasar Induk Baru Dibuka")
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def _wait_for(condition, seconds: float = 10) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the editor did not save in time"
        time.sleep(0.05)
