"""Settings a site sets in pelicanconf.py are honoured or rejected with an
error naming the setting, never silently overridden by the plugin."""

import pytest
from pelican.settings import read_settings

from bilingual.errors import ContentError
from bilingual.pelican_internals import PELICAN_OUTPUTS_OFF
from bilingual.settings import configure
from conftest import CONTENT, REPO, build_site


@pytest.fixture(scope="module")
def real_settings():
    return read_settings(str(REPO / "pelicanconf.py"))


def test_the_real_settings_pass(real_settings, monkeypatch):
    configure({**real_settings})
    monkeypatch.chdir(REPO)  # publishconf.py imports pelicanconf from there
    monkeypatch.setenv("SITEURL", "https://warta.example.org")
    configure(read_settings(str(REPO / "publishconf.py")))


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("FEED_ALL_RSS", "feeds/all.rss.xml", "Pelican's feeds mix languages"),
        ("TAG_FEED_ATOM", "feeds/{slug}.atom.xml", "Pelican's feeds mix languages"),
        ("DIRECT_TEMPLATES", ["index", "archives"], "index, archive and taxonomy pages"),
        ("TAG_SAVE_AS", "tag/{slug}/index.html", "one per language"),
        ("YEAR_ARCHIVE_SAVE_AS", "{date:%Y}/index.html", "one per language"),
        ("ARTICLE_TRANSLATION_ID", "title", "paired by file name"),
        ("DRAFT_SAVE_AS", "drafts/{slug}/index.html", "drafts are never written"),
        ("DRAFT_PAGE_LANG_URL", "{lang}/drafts/{slug}/", "live preview"),
    ],
)
def test_an_output_the_plugin_switches_off_stops_the_build(real_settings, name, value, why):
    with pytest.raises(ContentError) as stopped:
        configure({**real_settings, name: value})
    (message,) = stopped.value.problems
    assert message.startswith(f"settings: {name} = {value!r} would have no effect: ")
    assert why in message
    assert message.endswith("remove it from pelicanconf.py")


def test_linking_static_files_instead_of_copying_them_stops_the_build(real_settings):
    """Pelican's hard link to a static file changes the file's change time,
    which build_state and known_files compare (a photo written over with
    its old modification time put back): every build would start cold."""
    configure({**real_settings, "STATIC_CREATE_LINKS": False})
    with pytest.raises(ContentError, match="STATIC_CREATE_LINKS must stay False"):
        configure({**real_settings, "STATIC_CREATE_LINKS": True})


def test_every_overridden_setting_is_named_at_once(real_settings):
    with pytest.raises(ContentError) as stopped:
        configure({**real_settings, "FEED_ALL_RSS": "all.xml", "TAG_SAVE_AS": "t/{slug}.html"})
    assert [p.split(" =")[0] for p in stopped.value.problems] == [
        "settings: TAG_SAVE_AS",
        "settings: FEED_ALL_RSS",
    ]


@pytest.mark.parametrize(
    "override",
    [
        {"TAG_SAVE_AS": "", "FEED_ALL_RSS": None, "DIRECT_TEMPLATES": []},  # what the plugin sets
        {"TAG_SAVE_AS": "tag/{slug}.html", "FEED_ALL_ATOM": "feeds/all.atom.xml"},  # defaults
        {"DRAFT_SAVE_AS": ""},
    ],
)
def test_values_the_plugin_sets_anyway_or_pelicans_defaults_pass(real_settings, override):
    settings = configure({**real_settings, **override})
    assert {k: settings[k] for k in PELICAN_OUTPUTS_OFF} == PELICAN_OUTPUTS_OFF
    assert settings["DRAFT_SAVE_AS"] == ""


def test_the_preview_writes_drafts_where_they_will_be_published(real_settings):
    preview = {**real_settings, "BILINGUAL_PREVIEW_DRAFTS": True}
    settings = configure({**preview})
    assert settings["DRAFT_SAVE_AS"] == real_settings["ARTICLE_SAVE_AS"]
    assert settings["DRAFT_PAGE_LANG_URL"] == real_settings["PAGE_LANG_URL"]
    configure({**preview, "DRAFT_URL": real_settings["ARTICLE_URL"]})  # the same: honoured
    with pytest.raises(ContentError, match="DRAFT_SAVE_AS = '' would have no effect"):
        configure({**preview, "DRAFT_SAVE_AS": ""})  # the preview would write drafts anyway


def test_the_build_stops_and_says_which_setting(tmp_path):
    result = build_site(
        CONTENT, tmp_path / "out", extra={"TAG_SAVE_AS": "tags/{slug}.html"}, search=False
    )
    assert result.returncode == 1
    assert "settings: TAG_SAVE_AS = 'tags/{slug}.html' would have no effect" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
