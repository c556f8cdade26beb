"""One test per part of Pelican the plugin relies on (``pelican_internals.py``).

Each builds Pelican's own objects (settings, Writer, content, generators,
readers) in this process, without a site build, and fails with a message
naming the function in ``pelican_internals.py`` to adapt when a Pelican
release changes what it relies on.
"""

import inspect
import logging
import os
import re
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import jinja2
import pelican
import pelican.contents
import pelican.log
import pelican.readers
import pelican.writers
import pytest
from pelican import Pelican, signals
from pelican.contents import Article, Static
from pelican.generators import ArticlesGenerator, StaticGenerator
from pelican.readers import MarkdownReader, Readers, find_empty_alt
from pelican.settings import DEFAULT_CONFIG, read_settings
from pelican.urlwrappers import Category
from pelican.writers import Writer

from bilingual import pelican_internals
from bilingual.content_tree import scan
from bilingual.pelican_internals import (
    DRAFT_OUTPUTS,
    EMPTY_ALT_WARNING,
    PELICAN_OUTPUTS_OFF,
    SUPPORTED,
    FileOverwriteFailedError,
    UnsupportedPelican,
    add_link_target,
    body_with_links,
    check_pelican_version,
    console_print,
    content_cache,
    failed_sources,
    forget_logged_messages,
    freeze_url,
    output_name,
    raw_body,
    read_in_order,
    read_sources,
    read_static_files_only,
    readers_of,
    reading_generators,
    rebind,
    record_written,
    remember_per_content,
    remember_slugs,
    render_pages,
    replaced_link_starts,
    set_raw_body,
    silence_empty_alt_warning,
    skip_term_pages,
    slugify,
    static_files,
    template_generator,
    url_fields,
    withhold_static,
    written_files,
)
from bilingual.pelican_internals import _slug as remembered
from bilingual.settings import configure
from conftest import REPO

remembered_slugs = remembered.cache_info
ADAPT = "Pelican changed; adapt {} in plugins/bilingual/pelican_internals.py"
MARKDOWN = ("md", "markdown", "mkd", "mdown")


@pytest.fixture
def quiet_logs(monkeypatch):
    """Pelican's logs as in a build without --fatal, whatever ran before."""
    monkeypatch.setattr(pelican.log.FatalLogger, "fatal_lvl", logging.CRITICAL + 1)


def settings_for(content, **overrides):
    """Pelican's settings for a content folder, as read_settings makes them,
    reading Markdown with Pelican's own reader (importing the plugin made
    its reader a candidate: Pelican offers every BaseReader subclass)."""
    content.mkdir(parents=True, exist_ok=True)
    base = {"PATH": str(content), "SITEURL": "https://example.org", "TIMEZONE": "UTC"}
    base["READERS"] = dict.fromkeys(MARKDOWN, MarkdownReader)
    return read_settings(None, override={**base, "LOCALE": ("C",), **overrides})


def write(root, relative, text):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def article(settings, relative, body, context, **metadata):
    """An Article as Pelican's generator makes one."""
    values = {
        "title": "Judul",
        "date": datetime(2025, 6, 1, 10, 0),
        "slug": "cerita",
        "category": Category("Kota", settings),
        **metadata,
    }
    source = os.path.join(settings["PATH"], relative)
    return Article(body, values, settings, source_path=source, context=context)


def read_articles(settings, take=None, keep=None, told=None):
    """An ArticlesGenerator that has read its folder (Pelican's own readers),
    through a content cache (``content_cache``) when given one."""
    context = {
        **settings,
        "generated_content": {},
        "static_links": set(),
        "static_content": {},
        "localsiteurl": settings["SITEURL"],
    }
    generator = ArticlesGenerator(
        context=context,
        settings=settings,
        path=settings["PATH"],
        theme=settings["THEME"],
        output_path=settings["OUTPUT_PATH"],
    )
    if take is not None:
        content_cache(generator, take, keep)
    if told is not None:  # listed as the plugin lists, from one scan of the folder
        tree = scan(settings)
        read_in_order(generator, tree.files_in, told)
    generator.generate_context()
    return generator


# The supported range --------------------------------------------------------------


def test_the_installed_and_the_pinned_pelican_are_in_the_supported_range():
    check_pelican_version()  # raises UnsupportedPelican otherwise
    (pin,) = re.findall(r"(?m)^pelican==(\S+)$", (REPO / "requirements.txt").read_text())
    check_pelican_version(pin)
    assert SUPPORTED == ">=4.12,<4.13"


@pytest.mark.parametrize("version", ["4.11.0", "4.13.0", "5.0", "3.7.1", "4.1.0"])
def test_other_versions_stop_with_a_message(version):
    with pytest.raises(UnsupportedPelican) as stopped:
        check_pelican_version(version)
    message = str(stopped.value)
    assert f"Pelican {version} is installed" in message
    assert "pelican>=4.12,<4.13" in message and "requirements.txt" in message


@pytest.mark.parametrize("version", ["4.12.0", "4.12.1", "4.12.0.dev3"])
def test_releases_of_the_supported_line_pass(version):
    check_pelican_version(version)


def test_pelican_stops_when_the_plugin_registers_on_an_unsupported_version(monkeypatch, tmp_path):
    """Pelican swallows an Exception from register() and builds on without
    the plugin; UnsupportedPelican (a SystemExit) must stop the run, before
    any of the plugin's handlers is connected."""
    monkeypatch.setattr(pelican, "__version__", "4.11.0")
    monkeypatch.setattr(sys, "path", list(sys.path))
    settings = settings_for(
        tmp_path / "content", PLUGINS=["bilingual"], PLUGIN_PATHS=[str(REPO / "plugins")]
    )
    before = dict(signals.initialized.receivers)
    with pytest.raises(UnsupportedPelican, match="Pelican 4.11.0 is installed"):
        Pelican(settings)
    assert dict(signals.initialized.receivers) == before


# Writer -----------------------------------------------------------------------------


def test_writer_records_each_file_and_refuses_a_second_write(tmp_path):
    settings = settings_for(tmp_path / "content")
    writer = Writer(str(tmp_path / "out"), settings)
    template = jinja2.Environment().from_string("<p>{{ output_file }}</p>")
    writer.write_file("a/index.html", template, {"SITEURL": ""})
    path = str(tmp_path / "out" / "a" / "index.html")
    assert written_files(writer) == {path}, ADAPT.format("written_files")
    assert FileOverwriteFailedError is pelican.writers.FileOverwriteFailedError
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("a/index.html", template, {"SITEURL": ""})

    record_written(writer, str(tmp_path / "out" / "b.html"))  # a feed the plugin wrote
    with pytest.raises(FileOverwriteFailedError, match="written twice"):
        record_written(writer, path)
    with pytest.raises(FileOverwriteFailedError):  # Pelican's own check sees the record
        writer.write_file("b.html", template, {"SITEURL": ""})


def test_a_worker_renders_every_page_of_a_template_without_writing_or_signalling(tmp_path):
    settings = settings_for(tmp_path / "content", DEFAULT_PAGINATION=1)
    template = jinja2.Environment().from_string("{{ output_file }} {{ articles_page.number }}")
    texts, written = {}, []

    class Capturing:
        def render(self, localcontext):
            texts[output_name(localcontext)] = template.render(localcontext)
            return texts[output_name(localcontext)]

    def record(path, context):
        written.append(path)

    signals.content_written.connect(record)
    try:
        render_pages(str(tmp_path / "out"), settings, "list/index.html", Capturing(),
                     {"SITEURL": ""}, (), {"articles": [1, 2], "template_name": "index",
                     "url": "list/"})  # fmt: skip
    finally:
        signals.content_written.disconnect(record)
    assert texts == {
        "list/index.html": "list/index.html 1",
        "list/index2.html": "list/index2.html 2",  # Pelican's default PAGINATION_PATTERNS
    }, ADAPT.format("render_pages and output_name")
    assert not [p for p in tmp_path.rglob("*") if p.is_file()], ADAPT.format("render_pages")
    assert written == [], ADAPT.format("render_pages")


def test_a_worker_builds_the_template_environment_as_pelicans_generators_do(tmp_path):
    settings = settings_for(tmp_path / "content", JINJA_FILTERS={"shout": str.upper})
    seen = []

    def record(generator):
        seen.append(generator)

    signals.generator_init.connect(record)
    try:
        generator = template_generator({}, settings, str(tmp_path / "out"))
    finally:
        signals.generator_init.disconnect(record)
    assert seen == [generator], ADAPT.format("template_generator")
    assert generator.env.get_template("article.html").name == "article.html"
    assert generator.env.filters["shout"] is str.upper, ADAPT.format("template_generator")


def test_worker_logging_sends_every_record_to_one_handler_and_never_raises():
    code = (
        "import logging, pelican.log\n"
        "from bilingual.pelican_internals import isolate_worker_logging\n"
        "pelican.log.init(level=logging.INFO, fatal='warnings')\n"
        "class Keep(logging.Handler):\n"
        "    def emit(self, record): print('kept', record.getMessage())\n"
        "isolate_worker_logging(Keep())\n"
        "log = logging.getLogger('pelican.test')\n"
        "log.warning('twice'); log.warning('twice'); print('not fatal')\n"
    )
    env = {**os.environ, "PYTHONPATH": "plugins"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=Path(__file__).parent.parent)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["kept twice", "kept twice", "not fatal"], ADAPT.format(
        "isolate_worker_logging"
    )


# Content objects ----------------------------------------------------------------------


def test_the_raw_body_is_the_body_before_link_replacement(tmp_path):
    settings = settings_for(tmp_path / "content")
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    target = article(settings, "target.md", "<p>t</p>", context, slug="target")
    context["generated_content"]["target.md"] = target
    body = '<a href="{filename}target.md">x</a>'
    linking = article(settings, "a.md", body, context)
    assert raw_body(linking) == body, ADAPT.format("raw_body")
    assert body_with_links(linking, "https://example.org") == (
        '<a href="https://example.org/target.html">x</a>'
    ), ADAPT.format("body_with_links")
    assert raw_body(article(settings, "b.md", None, context)) == ""


def test_a_rewritten_body_is_what_links_are_replaced_in(tmp_path):
    """How {tag}Bali becomes a link to the tag's page in the story's language."""
    settings = settings_for(tmp_path / "content")
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    story = article(settings, "a.md", '<a href="{tag}Bali">Bali</a>', context)
    set_raw_body(story, '<a href="{static}/~terms/tag/en/bali">Bali</a>')
    add_link_target(context, "~terms/tag/en/bali", SimpleNamespace(url="en/tag/bali/"))
    assert body_with_links(story, "https://example.org") == (
        '<a href="https://example.org/en/tag/bali/">Bali</a>'
    ), ADAPT.format("set_raw_body or add_link_target")


def test_replaced_links_are_found_where_pelican_replaces_them(tmp_path):
    settings = settings_for(tmp_path / "content")
    body = ('<p><a href="{filename}a.md">a</a> <q cite="{filename}b.md">b</q>'
            ' <a href="|filename|c.md">c</a> {filename}d.md <code>href={filename}e.md</code></p>')  # fmt: skip
    found = replaced_link_starts(article(settings, "x.md", body, {}))
    starts = {body.index(p) for p in ("{filename}a", "{filename}b", "|filename|c")}
    assert found == starts, ADAPT.format("replaced_link_starts")


@pytest.fixture
def per_content(monkeypatch):
    """``remember_per_content`` for one test: Pelican's own methods after it."""
    for name in ("get_static_links", "get_relative_source_path"):
        monkeypatch.setattr(pelican.contents.Content, name, getattr(pelican.contents.Content, name))
    remember_per_content()


def test_links_found_in_a_body_are_found_again_in_a_body_that_replaced_it(tmp_path, per_content):
    """Links are looked for once per body (a step that asks again is told
    what the first found), but a body set since is looked at afresh."""
    settings = settings_for(tmp_path / "content")
    story = article(settings, "x.md", '<a href="{static}/a.pdf">a</a>', {})
    pelicans = pelican_internals._pelican_static_links
    with mock.patch.object(pelican_internals, "_pelican_static_links", wraps=pelicans) as search:
        assert replaced_link_starts(story) == replaced_link_starts(story) == {9}
        assert story.get_static_links() == story.get_static_links() == {"a.pdf"}
        assert search.call_count == 1
        set_raw_body(story, '<p>x</p><a href="{attach}b.pdf">b</a>')
        assert replaced_link_starts(story) == {17}
        assert story.get_static_links() == {"b.pdf"}, ADAPT.format("Content.get_static_links")
        story.get_static_links().add("c.pdf")  # a caller may add to the set it is given
        assert story.get_static_links() == {"b.pdf"}
        assert search.call_count == 2


def test_a_contents_own_relative_path_follows_its_source_path(tmp_path, per_content):
    """Worked out once per content, as Pelican works it out, and again for
    another source path (another file's is never the content's own); so
    are the static links its body names relative to its folder."""
    settings = settings_for(tmp_path / "content")
    story = article(settings, "2025/a.md", '<img src="{static}img.png">', {})
    assert story.get_relative_source_path() == "2025/a.md"
    assert story.get_relative_source_path("2025/b.md") == "2025/b.md"
    assert story.get_relative_source_path() == "2025/a.md"
    assert story.get_static_links() == {"2025/img.png"}
    story.source_path = os.path.join(settings["PATH"], "2026", "c.md")
    assert story.get_relative_source_path() == "2026/c.md", ADAPT.format("get_relative_source_path")
    assert story.get_static_links() == {"2026/img.png"}  # relative to the story's folder


def test_a_frozen_url_stays_when_the_fields_change(tmp_path):
    settings = settings_for(tmp_path / "content")
    story = article(settings, "a.md", "<p>x</p>", {}, slug="lama")
    assert story.url == "lama.html"
    freeze_url(story, "2025/06/lama/", "2025/06/lama/index.html")
    story.slug = "baru"
    assert story.url == "2025/06/lama/", ADAPT.format("freeze_url")
    assert story.save_as == "2025/06/lama/index.html", ADAPT.format("freeze_url")

    image = tmp_path / "content" / "images" / "a b.jpg"
    static = Static("", {}, settings, source_path=str(image), context={})
    assert static.url == "images/a b.jpg"
    freeze_url(static, "images/a%20b.jpg")
    assert static.url == "images/a%20b.jpg", ADAPT.format("freeze_url")


def test_url_fields_format_the_url_patterns(tmp_path):
    settings = settings_for(tmp_path / "content")
    story = article(settings, "a.md", "<p>x</p>", {}, slug="cerita", lang="en")
    fields = url_fields(story)
    pattern = "{lang}/{date:%Y}/{date:%m}/{category}/{slug}/"
    assert pattern.format(**fields) == "en/2025/06/kota/cerita/", ADAPT.format("url_fields")
    assert pattern.format(**{**fields, "slug": "lama"}) == "en/2025/06/kota/lama/"


# The generator context ----------------------------------------------------------------


def test_an_unreadable_file_is_recorded_as_none(tmp_path, quiet_logs):
    content = tmp_path / "content"
    write(content, "good.md", "Title: Baik\nDate: 2025-06-01\n\nIsi.\n")
    write(content, "sub/untitled.md", "Date: 2025-06-01\n\nTanpa judul.\n")
    generator = read_articles(settings_for(content))
    assert failed_sources(generator.context) == ["sub/untitled.md"], ADAPT.format("failed_sources")
    read = read_sources(generator.context)
    assert list(read) == ["good.md"], ADAPT.format("read_sources")
    assert read["good.md"].title == "Baik"


def test_a_generator_lists_its_reader_instances(tmp_path, quiet_logs):
    generator = read_articles(settings_for(tmp_path / "content"))
    readers = readers_of(generator)
    assert any(isinstance(r, MarkdownReader) for r in readers), ADAPT.format("readers_of")
    assert readers_of(SimpleNamespace()) == []


def test_the_reading_generators_read_as_pelicans_run_does(tmp_path, quiet_logs):
    content = tmp_path / "content"
    write(content, "cerita.md", "Title: Cerita\nDate: 2025-06-01\n\nIsi.\n")
    write(content, "pages/tentang.md", "Title: Tentang\n\nKami.\n")
    settings = settings_for(content, OUTPUT_PATH=str(tmp_path / "out"))
    run = SimpleNamespace(settings=settings, path=str(content), theme=settings["THEME"],
                          output_path=str(tmp_path / "out"))  # fmt: skip
    articles, pages = reading_generators(run)
    for generator in (articles, pages):
        generator.generate_context()
    assert [a.title for a in articles.articles] == ["Cerita"], ADAPT.format("reading_generators")
    assert [p.title for p in pages.pages] == ["Tentang"], ADAPT.format("reading_generators")
    assert articles.context is pages.context
    assert not (tmp_path / "out").exists()  # reading writes nothing


def test_a_generator_takes_contents_from_the_cache_it_is_given(tmp_path, quiet_logs):
    """What one generator read, another takes without reading the file."""
    content = tmp_path / "content"
    write(content, "a.md", "Title: A\nDate: 2025-06-01\n\nIsi [B]({filename}b.md).\n")
    write(content, "b.md", "Title: B\nDate: 2025-06-02\n\nIsi.\n")
    settings = settings_for(content)
    kept = {}
    first = read_articles(settings, lambda path: None, kept.__setitem__)
    assert sorted(kept) == [str(content / "a.md"), str(content / "b.md")], ADAPT.format(
        "content_cache"
    )
    write(content, "a.md", "Date: 2025-06-01\n\nNo title: unreadable\n")  # taken, not read
    second = read_articles(settings, kept.get, lambda path, data: None)
    assert {a.title for a in second.articles} == {"A", "B"}, ADAPT.format("content_cache")
    assert second.context["generated_content"]["a.md"] is kept[str(content / "a.md")]
    taken = kept[str(content / "a.md")]
    rebind(taken, second.context, second.settings)
    first.context["generated_content"].clear()  # links resolve from the new context only
    assert 'href="/b.html"' in taken.get_content(""), ADAPT.format("rebind")


def test_static_files_are_the_static_content(tmp_path):
    settings = settings_for(tmp_path / "content")
    image = Static("", {}, settings, source_path=str(tmp_path / "content" / "a.jpg"))
    context = {"static_content": {"a.jpg": image}}
    assert static_files(context) == [image]


def test_a_withheld_static_file_is_not_copied_but_still_linked(tmp_path, quiet_logs):
    """How the build publishes its own metadata-free copy of an image in
    place of the camera's original."""
    content, output = tmp_path / "content", tmp_path / "out"
    settings = settings_for(content, STATIC_PATHS=["images"], OUTPUT_PATH=str(output))
    for name in ("a.jpg", "b.svg"):
        write(content, f"images/{name}", "x")
    context = {**settings, "static_content": {}, "static_links": set(), "generated_content": {}}
    generator = StaticGenerator(context, settings, str(content), settings["THEME"], str(output))
    generator.generate_context()
    withhold_static(context, {"images/a.jpg"})
    generator.generate_output(None)
    assert not (output / "images" / "a.jpg").exists(), ADAPT.format("withhold_static")
    assert (output / "images" / "b.svg").is_file(), ADAPT.format("withhold_static")
    story = article(settings, "s.md", '<img src="{static}/images/a.jpg">', context)
    assert body_with_links(story, "https://example.org") == (
        '<img src="https://example.org/images/a.jpg">'
    ), ADAPT.format("withhold_static")


def test_the_static_generator_reads_only_the_files_it_is_left_and_linked_ones(tmp_path, quiet_logs):
    """How raster images are kept away from Pelican (``plugin.list_content``):
    it reads the files it copies and the ones a body links, nothing else."""
    content, output = tmp_path / "content", tmp_path / "out"
    settings = settings_for(content, STATIC_PATHS=["images"], OUTPUT_PATH=str(output))
    for name in ("a.jpg", "b.svg", "c.png"):
        write(content, f"images/{name}", "x")
    links = {"images/c.png"}
    context = {**settings, "static_content": {}, "static_links": links, "generated_content": {}}
    generator = StaticGenerator(context, settings, str(content), settings["THEME"], str(output))
    read_static_files_only(generator, ["images/b.svg"])
    generator.generate_context()
    read = sorted(s.relative_source_path for s in context["staticfiles"])
    assert read == ["images/b.svg", "images/c.png"], ADAPT.format("read_static_files_only")
    assert settings["STATIC_PATHS"] == ["images"], "the other generators' settings changed"


@pytest.mark.parametrize(
    ("paths", "excludes", "answered"),
    [
        (["articles"], ["articles/skip"], True),
        ([""], ["articles", "pages/deep/er"], True),  # the whole folder, "./top.md" at its top
        (["articles", "pages/p.md"], [], True),  # a path that is a file
        (["articles/sub"], ["articles"], True),  # an exclude above the path
        (["articles/"], ["articles/skip"], False),  # Pelican applies neither exclude
        (["."], ["pages"], False),
        ([""], ["./articles/skip", "articles/skip/"], False),
        (["articles/.git"], [], False),  # an ignored folder a setting names: walked
        (["missing"], [], False),
    ],
)
def test_the_content_tree_lists_what_pelicans_own_walk_lists(
    tmp_path, quiet_logs, paths, excludes, answered
):
    """Article and page generators list their files from the build's one
    scan of the content folder (``ContentTree.files_in``), not from a walk
    each: the names, and the files, must be those Pelican's ``get_files``
    walks to, with its own idea of excludes, ignored names and extensions.
    Where the two could differ, the listing leaves it to Pelican's walk."""
    content = tmp_path / "content"
    for relative in (
        "top.md",
        "articles/a.md",
        "articles/sub/b.markdown",
        "articles/sub/c.html",  # another reader's
        "articles/skip/c.md",
        "articles/old.md~",  # ignored
        "articles/.draft.md",  # ignored
        "articles/.git/d.md",  # ignored folder
        "articles/notes.txt",  # no reader's
        "pages/p.md",
        "pages/deep/er/q.md",
    ):
        write(content, relative, "Title: T\nDate: 2025-06-01\n\nx\n")
    settings = settings_for(content, IGNORE_FILES=[".*", "*~"])
    generator = read_articles(settings)
    for extensions in (tuple(generator.readers.extensions), tuple(MARKDOWN)):
        pelicans = generator.get_files(paths, exclude=excludes, extensions=extensions)
        ours = scan(settings).files_in(paths, excludes, extensions)
        if not answered:
            assert ours is None
            continue
        assert ours is not None
        assert sorted(ours) == sorted(pelicans), ADAPT.format("ContentTree.files_in")
        assert ours == sorted(ours, key=lambda f: os.path.normpath(f).replace(os.sep, "/"))


def test_a_content_tree_with_a_link_leaves_the_listing_to_pelican(tmp_path):
    """Pelican follows a linked folder; the build refuses it (validate.contained)
    after Pelican's own walk has listed what it holds."""
    content = tmp_path / "content"
    write(content, "articles/a.md", "x")
    write(tmp_path, "elsewhere/b.md", "x")
    (content / "articles" / "more").symlink_to(tmp_path / "elsewhere")
    settings = settings_for(content)
    assert scan(settings).files_in(["articles"], [], tuple(MARKDOWN)) is None


def test_a_generator_made_to_read_in_order_reads_its_files_sorted_by_path(tmp_path, quiet_logs):
    """Pelican reads the files in the order of a set (``get_files``), which
    changes with each process's string hashing; ``read_in_order`` makes it
    the order of the listing it is given, the order the prefetch converts
    them in, and tells it the list."""
    content = tmp_path / "content"
    for n in range(40):
        write(content, f"articles/{n % 3}/s{n}.md", f"Title: S{n}\nDate: 2025-06-01\n\nx\n")
    write(content, "articles/0-1/s.md", "Title: S\nDate: 2025-06-01\n\nx\n")  # '-' sorts before '/'
    settings = settings_for(content, ARTICLE_PATHS=["articles"])
    asked, told = [], []

    def take(path):
        asked.append(os.path.relpath(path, content).replace(os.sep, "/"))

    read_articles(settings, take, lambda path, data: None, told=told.append)
    assert len(asked) == 41
    assert asked == sorted(asked), ADAPT.format("read_in_order")
    assert told == [asked]


# Logging --------------------------------------------------------------------------------


def test_terms_slugify_through_the_remembered_slugs_with_pelicans_rules(tmp_path):
    settings = settings_for(tmp_path / "content")
    remember_slugs()
    name = f"Kota & C# {uuid.uuid4().hex}"  # a name no test slugified before
    first = Category(name, settings).slug
    hits = remembered_slugs().hits
    assert Category(name, settings).slug == first, ADAPT.format("remember_slugs")
    assert remembered_slugs().hits == hits + 1, ADAPT.format("remember_slugs")
    assert slugify(name, settings["SLUG_REGEX_SUBSTITUTIONS"]) == first
    subs = settings["SLUG_REGEX_SUBSTITUTIONS"]
    assert first == pelican.utils.slugify(name, regex_subs=subs), ADAPT.format("remember_slugs")


def test_pelican_warns_about_an_empty_alt_in_its_own_words(tmp_path):
    content = tmp_path / "content"
    write(content, "a.md", "Title: T\nDate: 2025-06-01\n\n![](images/peta.png)\n")
    readers = Readers(settings_for(content))
    with mock.patch.object(pelican.readers.logger, "warning") as warning:
        readers.read_file(base_path=str(content), path="a.md", content_class=Article)
    assert [c.args[0] for c in warning.call_args_list] == [EMPTY_ALT_WARNING], ADAPT.format(
        "EMPTY_ALT_WARNING"
    )
    with mock.patch.object(pelican.readers.logger, "warning") as warning:
        find_empty_alt('<img alt="" src="a.png">', "a.md")
    assert warning.call_args.args[0] == EMPTY_ALT_WARNING


def test_the_empty_alt_warning_is_silenced_under_fatal_warnings(monkeypatch):
    readers_log = logging.getLogger("pelican.readers")
    assert isinstance(readers_log, pelican.log.FatalLogger), ADAPT.format(
        "silence_empty_alt_warning"
    )
    monkeypatch.setattr(readers_log, "filters", list(readers_log.filters))
    monkeypatch.setattr(pelican.log.FatalLogger, "fatal_lvl", logging.WARNING)
    with pytest.raises(RuntimeError):  # --fatal warnings, as the build runs
        readers_log.warning(EMPTY_ALT_WARNING, f"{uuid.uuid4()}.png", "a.md")
    silence_empty_alt_warning()
    silence_empty_alt_warning()  # once is enough; twice changes nothing
    readers_log.warning(EMPTY_ALT_WARNING, f"{uuid.uuid4()}.png", "a.md")
    with pytest.raises(RuntimeError):  # every other warning still stops the build
        readers_log.warning("Something else %s", uuid.uuid4())


def test_a_warning_pelican_dropped_as_a_repeat_passes_once_forgotten():
    """What one reading logged does not silence the next (read_ahead.py)."""
    logger = logging.getLogger(f"pelican.test-{uuid.uuid4()}")
    seen = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = seen.append
    logger.addHandler(handler)
    message = f"once-{uuid.uuid4()}"
    logger.warning(message)
    logger.warning(message)
    assert len(seen) == 1, ADAPT.format("forget_logged_messages")  # Pelican drops repeats
    forget_logged_messages()
    logger.warning(message)
    assert len(seen) == 2, ADAPT.format("forget_logged_messages")


def test_console_print_shows_rich_text_or_a_literal_line(capsys):
    assert hasattr(pelican.log.console, "print"), ADAPT.format("console_print")
    console_print("[bold]Stories[/bold] listed")
    console_print("pages/[draft].md: removed <script>", literal=True)
    assert capsys.readouterr().out.splitlines() == [
        "Stories listed",
        "pages/[draft].md: removed <script>",
    ]


# Pelican's outputs the plugin switches off ------------------------------------------------

# Pelican outputs the plugin keeps: stories, pages and static files at URLs
# the site chooses; INDEX_SAVE_AS is only written as a DIRECT_TEMPLATE.
KEPT = {
    *("ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS", "PAGE_SAVE_AS", "PAGE_LANG_SAVE_AS"),
    *("STATIC_SAVE_AS", "INDEX_SAVE_AS"),
    # how feeds are written, not which
    *("FEED_MAX_ITEMS", "RSS_FEED_SUMMARY_ONLY", "FEED_APPEND_REF"),
}


def test_every_pelican_listing_and_feed_setting_is_switched_off():
    outputs = {k for k in DEFAULT_CONFIG if "SAVE_AS" in k or "FEED" in k} - KEPT
    unknown = outputs - set(PELICAN_OUTPUTS_OFF) - set(DRAFT_OUTPUTS)
    assert not unknown, (
        f"Pelican has new output settings {sorted(unknown)}: switch them off in "
        "PELICAN_OUTPUTS_OFF in plugins/bilingual/pelican_internals.py, or keep them (KEPT)"
    )
    # Feed settings without a default (TAG_FEED_ATOM, …) are only in the code.
    source = inspect.getsource(ArticlesGenerator.generate_feeds)
    read = set(re.findall(r'settings(?:\.get\(|\[)"([A-Z_]*FEED_[A-Z_]+)"', source))
    feeds = {name for name in read if not name.endswith("_URL")}
    assert len(feeds) >= 12  # the pattern still finds them
    assert feeds <= set(PELICAN_OUTPUTS_OFF), (
        f"Pelican writes feeds for {sorted(feeds - set(PELICAN_OUTPUTS_OFF))}: switch them "
        "off in PELICAN_OUTPUTS_OFF in plugins/bilingual/pelican_internals.py"
    )


def _outputs(settings, before_output=lambda generator: None, calls=None):
    """What Pelican's ArticlesGenerator writes: (file names, feed paths);
    ``calls`` collects every ``write_file`` call's keyword arguments."""
    files, feeds = [], []

    def write_file(name, *args, **kwargs):
        if calls is not None:
            calls.append(kwargs)
        if name:
            files.append(name)

    writer = SimpleNamespace(
        write_file=write_file,
        write_feed=lambda items, context, path=None, *args, **kwargs: feeds.append(path),
    )
    generator = read_articles(settings)
    before_output(generator)
    generator.generate_output(writer)
    return sorted(files), sorted(feeds)


def test_pelican_writes_only_stories_once_its_outputs_are_off(tmp_path, quiet_logs):
    content = tmp_path / "content"
    meta = "Date: 2025-06-01\nCategory: Kota\nTags: Bali\nAuthors: Ani\nLang: en"
    write(content, "a.md", f"Title: A\n{meta}\n\nIsi.\n")
    write(content, "b.md", f"Title: B\n{meta}\nStatus: draft\n\nIsi.\n")
    files, feeds = _outputs(settings_for(content))
    assert {"tag/bali.html", "category/kota.html", "drafts/b.html"} <= set(files)
    assert feeds  # Pelican's defaults write feeds: the check below can fail

    calls = []
    files, feeds = _outputs(configure(settings_for(content)), calls=calls)
    assert (files, feeds) == (["a.html"], []), "PELICAN_OUTPUTS_OFF no longer switches off"
    term_pages = ("tag", "category", "author")
    assert [c for c in calls if "article" not in c and c.keys() & term_pages]  # made, not written

    calls = []
    files, _feeds = _outputs(configure(settings_for(content)), skip_term_pages, calls)
    assert files == ["a.html"]
    terms = [c for c in calls if "article" not in c and c.keys() & term_pages]
    assert not terms, ADAPT.format("skip_term_pages")
