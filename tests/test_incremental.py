"""Incremental builds publish exactly what a clean build publishes.

The property test applies random sequences of editorial edits to a small
generated corpus and, after each edit, builds incrementally (the build
driver's default: the previous output and ``OUTPUT.cache``) and from
scratch into another folder, and compares the two trees byte for byte. A
dependency the page digests (``page_inputs.py``) miss shows up here as a
stale page. Builds run without the search index, one worker process in
every other example, so both writers are exercised.
"""

import contextlib
import dataclasses
import functools
import hashlib
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bilingual.build_state import PREVIOUS_SITE
from bilingual.newsroom.build import REMOVED_SITE
from bilingual.newsroom.warm_builder import WarmBuilder
from bilingual.page_inputs import digest, plain
from bilingual.reuse import Reuse
from conftest import REPO, build_command, build_env, build_site, jpeg, write_files

LANGS = ("id", "en")
CATEGORIES = [("Kota", "City"), ("Olahraga", "Sports")]
TAGS = [("Banjir", "Floods"), ("Bali", "Bali"), ("Kopi", "Coffee")]
WORDS = {
    "id": "Warga mengatakan mereka sudah lama menunggu kabar ini dari pemerintah daerah.",
    "en": "Residents said they had long been waiting for this news from the local government.",
}
EDITS = ("body", "title", "date", "category", "tag", "add", "delete", "rename", "translate",
         "unpublish")  # fmt: skip
STORIES = 7  # pairs to start with; pagination at 2 gives listings of several pages


@dataclasses.dataclass
class Variant:
    title: str
    day: int
    category: int
    tags: tuple[int, ...]
    body: str
    draft: bool = False
    month: int = 3


def start() -> dict[str, dict[str, Variant]]:
    """{base name: {lang: Variant}}: pairs, and one story in each language only."""
    corpus: dict[str, dict[str, Variant]] = {}
    for n in range(STORIES):
        langs = LANGS if n % 3 else LANGS[n % 2 : n % 2 + 1]
        corpus[f"story-{n}"] = {
            lang: Variant(f"Story {n} {lang}", 1 + n, n % 2, (n % 3,), WORDS[lang])
            for lang in langs
        }
    return corpus


def write(root: Path, corpus: dict[str, dict[str, Variant]]) -> None:
    """Save the files an editor would: the changed and new ones; delete
    the ones gone."""
    folder = root / "articles" / "2025"
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for base, variants in corpus.items():
        for lang, v in variants.items():
            i = LANGS.index(lang)
            tags = ", ".join(TAGS[t][i] for t in v.tags)
            status = "Status: draft\n" if v.draft else ""
            texts[f"{base}.{lang}.md"] = (
                f"Title: {v.title}\nDate: 2025-{v.month:02d}-{v.day:02d} 10:00\n"
                f"Category: {CATEGORIES[v.category][i]}\nTags: {tags}\n{status}\n{v.body}\n"
                f"{links(corpus, base, lang)}"
            )
    for old in folder.iterdir():
        if old.name not in texts:
            old.unlink()
    for name, text in texts.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def links(corpus: dict[str, dict[str, Variant]], base: str, lang: str) -> str:
    """A published story links the next published story in its language
    ({filename}: that story's URL moves with its date) and its first tag."""
    if corpus[base][lang].draft:
        return ""
    names = sorted(corpus)
    after = names[names.index(base) + 1 :] + names[: names.index(base)]
    target = next((n for n in after if lang in corpus[n] and not corpus[n][lang].draft), None)
    text = f"\nBaca [berikutnya]({{filename}}{target}.{lang}.md).\n" if target else ""
    tags = corpus[base][lang].tags
    if tags:
        text += f"\nTopik: [{TAGS[tags[0]][LANGS.index(lang)]}]({{tag}}{TAGS[tags[0]][LANGS.index(lang)]}).\n"
    return text


def apply(corpus: dict[str, dict[str, Variant]], edit: tuple[str, int, int, int]) -> None:
    kind, which, side, value = edit
    bases = sorted(corpus)
    if kind == "add" or not bases:
        lang = LANGS[side]
        corpus[f"new-{value}-{len(corpus)}"] = {
            lang: Variant(f"New {value}", 1 + value, value % 2, (value % 3,), WORDS[lang])
        }
        return
    base = bases[which % len(bases)]
    variants = corpus[base]
    lang = LANGS[side] if LANGS[side] in variants else next(iter(variants))
    v = variants[lang]
    if kind == "body":
        v.body = f"{v.body} Tambahan {value}."
    elif kind == "title":
        v.title = f"{v.title} {value}"
    elif kind == "date":  # the month is in the URL: the story moves
        v.day, v.month = 1 + value, 3 + value % 2
    elif kind == "category":
        v.category = (v.category + 1) % len(CATEGORIES)
    elif kind == "tag":
        v.tags = tuple(sorted(set(v.tags) ^ {value % len(TAGS)}))
    elif kind == "delete":
        del corpus[base]
    elif kind == "rename":
        corpus[f"renamed-{value}-{base}"] = corpus.pop(base)
    elif kind == "translate":
        other = next((o for o in LANGS if o not in variants), None)
        if other:
            variants[other] = dataclasses.replace(
                v, title=f"{v.title} ({other})", body=WORDS[other]
            )
    elif kind == "unpublish":
        v.draft = not v.draft


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


EXTRA = {"DEFAULT_PAGINATION": 2}


def built(content: Path, out: Path, workers: int) -> dict[str, bytes]:
    extra = {**EXTRA, "BILINGUAL_WORKERS": workers}
    with pytest.MonkeyPatch.context() as patch:
        if workers > 1:  # render in the workers however few the pages
            patch.setattr("bilingual.writer.MINIMUM_PAGES", 1)
        result = build_site(content, out, extra=extra, search=False)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return tree(out)


class Preview:
    """Builds as the live preview runs them: each forked from one warm
    builder, which reads the content ahead between builds (``read_ahead.py``)
    and prints what it printed to ``log``."""

    def __init__(self, log) -> None:
        self.log = log
        self.warm = WarmBuilder(build_env(), cwd=str(REPO), output=log.fileno())

    def built(self, content: Path, out: Path) -> dict[str, bytes]:
        self.warm.start(build_command(content, out, extra={**EXTRA, "BILINGUAL_WORKERS": 1})[3:])
        status = self.warm.wait()
        assert status == 0, f"preview build failed:\n{Path(self.log.name).read_text()}"
        return tree(out)


edit = st.tuples(st.sampled_from(EDITS), st.integers(0, 20), st.integers(0, 1), st.integers(0, 27))
# One sequence that makes every kind of edit, three or four at a time.
EVERY_EDIT = [
    [("title", 1, 0, 3), ("body", 4, 1, 5), ("date", 2, 1, 21)],  # 21: to April
    [("tag", 5, 0, 1), ("category", 0, 0, 0), ("add", 0, 1, 9), ("translate", 0, 0, 0)],
    [("rename", 3, 0, 2), ("unpublish", 6, 0, 0), ("delete", 1, 0, 0)],
]


@settings(
    max_examples=1,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(steps=EVERY_EDIT, workers=1, preview=True)
@given(steps=st.lists(st.lists(edit, min_size=1, max_size=2), min_size=2, max_size=2),
       workers=st.just(2), preview=st.just(False))  # fmt: skip
def test_incremental_build_is_the_clean_build(tmp_path, steps, workers, preview):
    """Every edit, built as the live preview builds (forked from a warm
    builder that read the unchanged stories ahead); random edits, built
    as ``make html`` builds."""
    run = tmp_path / f"run-{len(list(tmp_path.iterdir()))}"
    content, out, cold = run / "content", run / "output", run / "cold"
    corpus = start()
    write(content, corpus)
    with contextlib.ExitStack() as stack:
        if preview:
            builder = Preview(stack.enter_context(open(run / "preview.log", "w")))
            stack.callback(builder.warm.close)
            incremental_build = builder.built
        else:
            incremental_build = functools.partial(built, workers=workers)
        incremental_build(content, out)
        for step in steps:
            for one in step:
                apply(corpus, one)
            write(content, corpus)
            compare_with_clean(step, incremental_build(content, out), content, cold, workers)
    if preview:  # the unchanged stories were taken as read ahead
        taken = re.findall(
            r"^Sources: \d+ read, (\d+) unchanged", (run / "preview.log").read_text(), re.M
        )
        assert len(taken) == len(steps) and min(map(int, taken)) > 0, taken


def test_the_preview_reads_everything_again_when_the_settings_change(tmp_path):
    """Kept contents are taken only under the fingerprint they were read
    under: with another setting, the build is cold and reads every file."""
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, start())
    with open(tmp_path / "preview.log", "w") as log:
        builder = Preview(log)
        try:
            builder.built(content, out)
            builder.built(content, out)  # nothing changed: every file taken
            renamed = {**EXTRA, "BILINGUAL_WORKERS": 1, "SITENAME": "Warta Lain"}
            builder.warm.start(build_command(content, out, extra=renamed)[3:])
            assert builder.warm.wait() == 0
            # The third build moved the first site aside; the builder removes
            # it after the build, before it is ready for the next.
            builder.warm.idle()
            cache = out.with_name(out.name + ".cache")
            assert (cache / PREVIOUS_SITE).is_dir()
            assert not (cache / REMOVED_SITE).exists()
        finally:
            builder.warm.close()
    printed = (tmp_path / "preview.log").read_text()
    assert re.findall(r"^Sources: (\d+) read, (\d+) unchanged", printed, re.M) == [("0", "11")]
    assert "Warta Lain" in (out / "index.html").read_text(encoding="utf-8")


def compare_with_clean(step, incremental, content, cold, workers):
    shutil.rmtree(cold, ignore_errors=True)
    shutil.rmtree(cold.with_name("cold.cache"), ignore_errors=True)
    clean = built(content, cold, workers)
    assert sorted(incremental) == sorted(clean), f"after {step}: other files"
    changed = [name for name in clean if incremental[name] != clean[name]]
    assert not changed, f"after {step}: stale {changed}"


def test_a_story_follows_the_move_of_a_story_it_links_and_nothing_else(tmp_path):
    """A page depends on the URL of each story its body links, though
    neither is the other's neighbour or related story; an image link
    ({static}) resolves from its path alone, so a page with one is not
    rendered again when a story it does not show moves."""

    def story(day, category, tag, body="Isi.", month=3):
        return (f"Title: Cerita {day}\nDate: 2025-{month:02d}-{day:02d} 10:00\n"
                f"Category: {category}\nTags: {tag}\n\n{body}\n")  # fmt: skip

    files = {
        "articles/l.id.md": story(1, "Kota", "Banjir", "Lihat [ini]({filename}t.id.md)."),
        "articles/t.id.md": story(20, "Ekonomi", "Kopi"),
        **{f"articles/f{d}.id.md": story(d, "Olahraga", "Bali") for d in range(5, 9)},
        "articles/p.id.md": story(2, "Budaya", "Tari", "![Foto]({static}/images/a.jpg)"),
        "images/a.jpg": jpeg(40, 30),
    }
    content, out = tmp_path / "content", tmp_path / "output"
    write_files(content, files)
    assert build_site(content, out).returncode == 0
    assert '2025/03/t/"' in (out / "2025/03/l/index.html").read_text(encoding="utf-8")
    photo = (out / "2025/03/p/index.html").stat().st_ino
    (content / "articles/t.id.md").write_text(story(20, "Ekonomi", "Kopi", month=4))
    rebuilt = build_site(content, out)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert '2025/04/t/"' in (out / "2025/03/l/index.html").read_text(encoding="utf-8")
    assert (out / "2025/03/p/index.html").stat().st_ino == photo  # the same file, linked


def test_a_new_story_builds_again_only_the_feeds_it_is_in(tmp_path):
    """A feed shows each story's title, summary, body, date and terms, not
    its neighbours or related stories, and needs a date of its own only when
    empty: a new story that becomes the related story of a story in another
    section's feed, and the site's newest, leaves that feed as it was."""

    def story(day, category, tag):
        return (f"Title: Cerita {day}\nDate: 2025-03-{day:02d} 10:00\n"
                f"Category: {category}\nTags: {tag}\n\nIsi {day}.\n")  # fmt: skip

    files = {f"articles/k{d}.id.md": story(d, "Kota", "Banjir") for d in range(1, 4)}
    files |= {f"articles/e{d}.id.md": story(d, "Ekonomi", "Kopi") for d in range(4, 7)}
    content, out = tmp_path / "content", tmp_path / "output"
    write_files(content, files)
    assert build_site(content, out, search=False).returncode == 0
    feeds = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("feeds/**/*.xml")}
    write_files(content, {"articles/new.id.md": story(20, "Kota", "Kopi")})
    rebuilt = build_site(content, out, search=False)
    assert rebuilt.returncode == 0, rebuilt.stderr
    kept = sorted(name for name in feeds if (out / name).stat().st_ino == feeds[name])
    assert kept == ["feeds/kategori/ekonomi.atom.xml", "feeds/kategori/ekonomi.rss.xml"]
    for name in ("feeds/all.atom.xml", "feeds/kategori/kota.rss.xml"):
        assert "Cerita 20" in (out / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unchanged_site_is_linked_not_rendered(tmp_path, monkeypatch, workers):
    """With workers, a cold build records each page's digest once it is
    rendered (``ParallelWriter._later``): the next build still finds every
    page and feed reusable."""
    content, out = tmp_path / "content", tmp_path / "output"
    write(content, start())
    monkeypatch.setattr("bilingual.writer.MINIMUM_PAGES", 1)  # render in the workers
    extra = {"BILINGUAL_WORKERS": workers}
    first = build_site(content, out, extra=extra, search=False)
    assert "0 reused" in first.stdout, first.stdout
    pages = [*out.rglob("*.html"), *out.rglob("feeds/**/*.xml")]  # sitemaps are written anew
    files = {p: p.stat().st_ino for p in pages}
    again = build_site(content, out, extra=extra, search=False)
    assert again.returncode == 0, again.stderr
    assert " 0 rendered" in again.stdout, again.stdout
    changed = [p for p, inode in files.items() if p.stat().st_ino != inode]
    assert not changed  # the same files, linked into the new site


def test_a_page_changed_by_hand_is_rendered_again(tmp_path):
    previous, output, cache = tmp_path / "previous", tmp_path / "new", tmp_path / "cache"
    for folder in (previous, output, cache):
        folder.mkdir()
    (previous / "a.html").write_text("old", encoding="utf-8")
    first = Reuse(cache, None, str(previous))
    first.record("a.html", "digest-a")
    first.save()
    os.replace(cache / "pages.new", cache / "pages.pickle")
    reuse = Reuse(cache, previous, str(output))
    assert reuse.reusable({"a.html": "digest-a", "b.html": "digest-b"}) == {"a.html"}
    assert reuse.reusable({"a.html": "other inputs"}) == set()
    (previous / "a.html").write_text("edited by hand", encoding="utf-8")
    assert reuse.reusable({"a.html": "digest-a"}) == set()


def test_digests_follow_every_field_of_plain_values():
    @dataclasses.dataclass(frozen=True)
    class Card:
        title: str
        date: datetime

    moment = datetime(2025, 3, 1, tzinfo=UTC)
    assert plain(Card("A", moment)) == ("Card", "A", "2025-03-01T00:00:00+00:00")
    assert digest(plain(Card("A", moment))) == digest(plain(Card("A", moment)))
    assert digest(plain(Card("A", moment))) != digest(plain(Card("B", moment)))
    assert digest(plain({"b": 1, "a": [2]})) == digest(plain({"a": (2,), "b": 1}))


def test_a_card_follows_the_image_fields_a_listing_shows():
    """A listing shows another story's picture: its hand-written srcset
    (a remote image's Image_Srcset) is part of the story's card."""
    from types import SimpleNamespace

    from bilingual.page_inputs import Inputs

    class Story(SimpleNamespace):
        __hash__ = object.__hash__

    def story(srcset: str) -> Story:
        image = "https://cdn.example.org/a.jpg"
        return Story(
            source_path="a.md", url="a/", title="A", date=None, status="published", lang="id",
            image=image, metadata={"image": image, "image_srcset": [(srcset, "640w")]},
        )  # fmt: skip

    inputs = Inputs(SimpleNamespace(views={}))
    assert inputs.card(story("https://cdn.example.org/a-640.jpg")) != inputs.card(
        story("https://cdn.example.org/a-800.jpg")
    )


TARGET = (("articles/t.id.md", "t/", "published"),)


@pytest.mark.parametrize(
    ("body", "depends_on"),
    [
        ('<blockquote cite="{filename}/articles/t.id.md"><p>Kutipan.</p></blockquote>', TARGET),
        ('<p><a href="|filename|/articles/t.id.md">Lihat</a></p>', "every URL"),
        (
            '<p><a href="{filename}/articles/t.id.md">A</a> <q cite="{filename}/x.id.md">B</q></p>',
            "every URL",
        ),  # fmt: skip
    ],
)
def test_a_page_follows_every_link_pelican_replaces(body, depends_on):
    """Pelican replaces a {filename} link in a cite attribute, which the
    page then follows like any; the older |filename| spelling, which the
    plugin does not read, or a target it does not know makes the page
    follow every URL, as its text changes when the linked story moves."""
    import copy
    from types import SimpleNamespace

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from bilingual.page_inputs import Inputs

    settings = {**copy.deepcopy(DEFAULT_CONFIG), "PATH": "/content"}
    story = Article(body, {"title": "L"}, settings, source_path="/content/articles/l.id.md")
    target = SimpleNamespace(relative_source_path="articles/t.id.md", url="t/", status="published")
    inputs = Inputs(SimpleNamespace(settings=settings, views=[target]))  # iterated: its stories
    inputs._links = "every URL"
    assert inputs.link_targets(story) == depends_on
    plain_link = Article('<a href="{filename}/articles/t.id.md">L</a>', {"title": "L"}, settings,
                         source_path="/content/articles/l.id.md")  # fmt: skip
    assert inputs.link_targets(plain_link) == (("articles/t.id.md", "t/", "published"),)


def test_a_file_written_with_its_old_modification_time_is_read_again(tmp_path, monkeypatch):
    """The live preview takes a file's content from the read-ahead only when
    the file is unchanged. A tool that sets the modification time back
    (cp -p, rsync -t, tar x) over a same-size edit leaves device, inode,
    size and time as they were; the change time still moves."""
    from bilingual import read_ahead

    story = tmp_path / "a.id.md"
    story.write_text("Title: A\n\nteh\n", encoding="utf-8")
    os.utime(story, ns=(10**18, 10**18))
    path, stamped = str(story), os.stat(story).st_ctime_ns
    kept = read_ahead.stamp(path)
    monkeypatch.setattr(read_ahead, "KEPT", read_ahead.Kept("f", {path: (kept, object())}, True))
    assert not read_ahead.will_read(path)
    with open(story, "r+", encoding="utf-8") as f:
        f.write("Title: A\n\nthe\n")  # a typo fixed: same size, same inode
    os.utime(story, ns=(10**18, 10**18))
    while os.stat(story).st_ctime_ns == stamped:  # the clock's tick may be coarse
        os.utime(story, ns=(10**18, 10**18))
    assert read_ahead.stamp(path)[:4] == kept[:4]  # all but the change time as read
    assert read_ahead.will_read(path)


def test_editing_a_filter_function_in_the_settings_file_makes_the_build_cold(tmp_path):
    """A function in JINJA_FILTERS keeps its name when its body in
    pelicanconf.py is edited; the fingerprint still changes."""
    import importlib.util

    from bilingual.build_state import environment_fingerprint

    def fingerprint(body: str) -> str:
        conf = tmp_path / "conf.py"
        conf.write_text(f"def shout(text):\n    return {body}\n", encoding="utf-8")
        spec = importlib.util.spec_from_file_location("conf", conf)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        settings = {"THEME": str(tmp_path / "theme"), "PATH": str(tmp_path)}
        return environment_fingerprint({**settings, "JINJA_FILTERS": {"shout": module.shout}})

    assert fingerprint("text.upper()") == fingerprint("text.upper()")
    assert fingerprint("text.upper()") != fingerprint("text.upper() + '!'")


def test_a_template_override_folder_is_part_of_the_fingerprint(tmp_path):
    """Templates in THEME_TEMPLATES_OVERRIDES replace the theme's: editing
    one makes the next build cold, as editing the theme does."""
    from bilingual.build_state import environment_fingerprint

    overrides = tmp_path / "overrides"
    overrides.mkdir()
    template = overrides / "footer.html"
    settings = {
        "THEME": str(tmp_path / "theme"),
        "PATH": str(tmp_path),
        "THEME_TEMPLATES_OVERRIDES": [str(overrides)],
    }
    template.write_text("<footer>one</footer>", encoding="utf-8")
    before = environment_fingerprint(settings)
    template.write_text("<footer>two</footer>", encoding="utf-8")
    assert environment_fingerprint(settings) != before


def test_a_cold_build_empties_the_cache_but_the_site_it_replaced(tmp_path):
    """Its image files are checked one by one when taken over (the image
    cache's own files, by inode), so they outlive a change of settings."""
    from bilingual.build_state import PREVIOUS_SITE, prepare, previous_site

    cache = tmp_path / "output.cache"
    (cache / "sources").mkdir(parents=True)
    (cache / "sources" / "old").write_text("converted", encoding="utf-8")
    (cache / "fingerprint").write_text("another environment", encoding="utf-8")
    (cache / PREVIOUS_SITE / "images").mkdir(parents=True)
    settings = {"THEME": str(tmp_path / "theme"), "PATH": str(tmp_path / "content")}
    warm, _fingerprint = prepare(cache, tmp_path / "output", settings)
    assert not warm
    assert sorted(p.name for p in cache.iterdir()) == [PREVIOUS_SITE, "sources"]
    assert not (cache / "sources" / "old").exists()
    assert previous_site(settings) == str(cache / PREVIOUS_SITE)


def test_static_files_count_by_their_status_and_links_or_fifos_are_not_read(tmp_path):
    """A photo replaced under the same name makes the build cold; a link or
    a FIFO among the images is never opened (the build reports a link in
    content/; reading a FIFO would never end)."""
    from bilingual.build_state import environment_fingerprint

    images = tmp_path / "content" / "images"
    images.mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (images / "link.jpg").symlink_to(outside)
    os.mkfifo(images / "pipe.jpg")
    photo = images / "photo.jpg"
    photo.write_bytes(b"one")
    settings = {
        "THEME": str(tmp_path / "theme"),
        "PATH": str(tmp_path / "content"),
        "STATIC_PATHS": ["images"],
    }
    before = environment_fingerprint(settings)  # returns: the FIFO was not opened
    outside.write_text("changed", encoding="utf-8")
    assert environment_fingerprint(settings) == before, "the link's target was read"
    photo.write_bytes(b"two")
    os.utime(photo, ns=(1, 1))
    assert environment_fingerprint(settings) != before


def test_the_site_generator_replaces_a_reused_file_instead_of_writing_into_it(tmp_path):
    """A file in the new output may be a hard link into the previous
    output (a reused page): writing through it would change the published
    site before the new one is in place."""
    from bilingual.generator import SiteGenerator

    previous = tmp_path / "previous.html"
    previous.write_text("published", encoding="utf-8")
    (tmp_path / "out" / "admin").mkdir(parents=True)
    os.link(previous, tmp_path / "out" / "admin" / "index.html")
    generator = SiteGenerator.__new__(SiteGenerator)  # only its output folder is used
    generator.output_path = str(tmp_path / "out")
    generator._write_text("admin/index.html", "new")
    assert previous.read_text(encoding="utf-8") == "published"
    assert (tmp_path / "out" / "admin" / "index.html").read_text(encoding="utf-8") == "new"


def test_a_source_saved_while_it_was_converted_is_kept_under_the_bytes_converted(tmp_path):
    """A worker may convert version B of a file the reader saw as version A
    (an edit under the live preview): B's conversion is filed under B's
    bytes, so the file as A is never served it, and as B it is."""
    from bilingual.source import Source
    from bilingual.source_cache import SourceCache

    a, b = "Title: A\n\nIsi A.\n", "Title: B\n\nIsi B.\n"
    content = write_files(tmp_path / "content", {"a.id.md": a})
    converted = Source({"title": "B"}, [], "<p>Isi B.</p>", 2, "b", file_digest=sha256(b))
    SourceCache(str(tmp_path / "sources"), str(content)).put("a.id.md", converted)
    assert SourceCache(str(tmp_path / "sources"), str(content)).get("a.id.md") is None
    (content / "a.id.md").write_text(b, encoding="utf-8")  # B saved: B's conversion is served
    assert SourceCache(str(tmp_path / "sources"), str(content)).get("a.id.md") == converted


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_the_number_of_workers_keeps_the_cache(tmp_path):
    """Output is the same with any number of workers and either start
    method (test_parallel.py), so changing them must not empty the cache;
    a setting that changes output still does."""
    from bilingual.build_state import environment_fingerprint

    settings = {"THEME": str(tmp_path / "theme"), "PATH": str(tmp_path), "SITENAME": "Warta"}
    before = environment_fingerprint(settings)
    other = {**settings, "BILINGUAL_WORKERS": 1, "BILINGUAL_START_METHOD": "spawn"}
    assert environment_fingerprint(other) == before
    assert environment_fingerprint({**settings, "SITENAME": "Kabar"}) != before


def test_an_edit_indexes_only_its_language_again_and_the_index_is_a_cold_ones(tmp_path):
    """After a typo in an Indonesian story only Indonesian is indexed again;
    the bundle is the bytes an index made without any cache writes, and the
    same pages again take every language from the cache."""
    from bilingual.build_state import SEARCH
    from bilingual.newsroom.search_index import BUNDLE, build_index

    content, out = tmp_path / "content", tmp_path / "output"
    corpus = start()
    write(content, corpus)
    first = build_site(content, out, search=True)
    assert "Search index: en indexed, id indexed in" in first.stdout, first.stdout + first.stderr
    apply(corpus, ("body", 1, 0, 5))  # story-1, a pair: its Indonesian body
    write(content, corpus)
    second = build_site(content, out, search=True)
    assert "Search index: id indexed, en reused in" in second.stdout, second.stdout
    assert "Tambahan 5" in (out / "2025" / "03" / "story-1" / "index.html").read_text("utf-8")

    cold, again = tmp_path / "cold", tmp_path / "again"
    for site in (cold, again):
        shutil.copytree(out, site, ignore=shutil.ignore_patterns(BUNDLE))
    assert build_index(cold).indexed == ("en", "id")
    reused = build_index(again, out.with_name("output.cache") / SEARCH)
    assert (reused.indexed, reused.reused) == ((), ("en", "id"))
    published = tree(out / BUNDLE)
    assert published == tree(cold / BUNDLE)
    assert published == tree(again / BUNDLE)
