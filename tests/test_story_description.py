"""What a story says about itself to search engines, link previews and
readers: its description (Summary, else body text, else the picture's
caption, else its alt text, never the site's tagline) and its author (the
publication when the story names nobody)."""

import json

import pytest

from bilingual.description import describe
from conftest import build_site, png, soup, write_files

TAGLINE = {
    "id": "Berita dari Indonesia dan dunia, dalam bahasa Indonesia dan Inggris.",
    "en": "News from Indonesia and the world, in Bahasa Indonesia and English.",
}

STORIES = {
    # A photo story: the picture is the story, the body holds only the photo.
    "foto-banjir.id.md": (
        "Title: Banjir di Jalan Sudirman\nDate: 2025-04-01 08:00\nCategory: Foto\n"
        "Authors: Sari Wulandari\nImage: images/banjir.png\n"
        "Image_Alt: Mobil terendam air setinggi pintu\n"
        "Image_Caption: Warga mendorong motor melewati genangan di Jalan Sudirman, Selasa pagi.\n"
        "Image_Credit: Sari Wulandari\n\n![]({static}/images/banjir-dekat.png)\n"
    ),
    # No caption, and no body at all: the alt text is all there is.
    "photo-flood.en.md": (
        "Title: Floods on Sudirman Road\nDate: 2025-04-01 08:00\nCategory: Photos\n"
        "Authors: Sari Wulandari\nImage: images/banjir.png\n"
        "Image_Alt: A car under water up to its doors\n"
    ),
    # Nobody named: the newsroom speaks.
    "tanpa-penulis.id.md": (
        "Title: Jadwal Kereta Berubah Mulai Senin\nDate: 2025-04-02 08:00\nCategory: Kota\n"
        "Summary: KAI mengubah jadwal tiga kereta komuter.\n\n"
        "Perubahan berlaku mulai Senin depan.\n"
    ),
    "no-author.en.md": (
        "Title: Train Timetable Changes from Monday\nDate: 2025-04-02 08:00\nCategory: City\n\n"
        "The change applies from next Monday, the operator said.\n"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("descriptions")
    content = write_files(
        root / "content",
        {"images/banjir.png": png(40, 20), "images/banjir-dekat.png": png(20, 20)}
        | {f"articles/{name}": text for name, text in STORIES.items()},
    )
    result = build_site(content, root / "out", search=False)
    assert result.returncode == 0, result.stderr
    return root / "out"


def descriptions(page):
    """Every description the page gives: meta, Open Graph, Twitter, JSON-LD."""
    data = json.loads(page.find("script", type="application/ld+json").string)
    return {
        "meta": page.find("meta", attrs={"name": "description"})["content"],
        "og": page.find("meta", property="og:description")["content"],
        "twitter": page.find("meta", attrs={"name": "twitter:description"})["content"],
        "json-ld": data["description"],
    }


def story(site, lang, slug):
    prefix = "" if lang == "id" else "en/"
    return soup(site / f"{prefix}2025/04/{slug}/index.html")


@pytest.mark.parametrize(
    ("lang", "slug", "expected"),
    [
        ("id", "foto-banjir",
         "Warga mendorong motor melewati genangan di Jalan Sudirman, Selasa pagi."),
        ("en", "photo-flood", "A car under water up to its doors"),
        ("id", "tanpa-penulis", "KAI mengubah jadwal tiga kereta komuter."),
        ("en", "no-author", "The change applies from next Monday, the operator said."),
    ],
)  # fmt: skip
def test_every_description_of_a_story_comes_from_the_story(site, lang, slug, expected):
    page = story(site, lang, slug)
    found = descriptions(page)
    assert set(found.values()) == {expected}, found
    assert TAGLINE[lang] not in found.values()


def test_the_photo_story_card_shows_its_caption(site):
    card = soup(site / "index.html").find("a", string="Banjir di Jalan Sudirman")
    card = card.find_parent("article")
    assert card.select_one(".card-summary").get_text() == (
        "Warga mendorong motor melewati genangan di Jalan Sudirman, Selasa pagi."
    )


@pytest.mark.parametrize(
    ("lang", "slug", "byline"),
    [("id", "tanpa-penulis", "Oleh Redaksi Warta"), ("en", "no-author", "By the Warta newsroom")],
)
def test_a_story_without_authors_is_the_publications_own(site, lang, slug, byline):
    page = story(site, lang, slug)
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["author"] == [data["publisher"]]
    assert data["author"][0]["@type"] == "NewsMediaOrganization"
    assert data["author"][0]["name"] == "Warta"
    assert page.select_one(".byline .authors").get_text(" ", strip=True) == byline


def test_named_authors_stay_people(site):
    page = story(site, "id", "foto-banjir")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert [(a["@type"], a["name"]) for a in data["author"]] == [("Person", "Sari Wulandari")]
    assert page.select_one(".byline .authors").get_text(" ", strip=True) == "Oleh Sari Wulandari"


# The choice itself, without Pelican ------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"summary": "Ringkas.", "body_html": "<p>Isi.</p>", "caption": "K", "alt": "A"},
         "Ringkas."),
        ({"summary": "  ", "body_html": "<p>Isi berita.</p>", "caption": "K"}, "Isi berita."),
        ({"summary": None, "body_html": '<p><img src="x.png" alt=""></p>', "caption": "K",
          "alt": "A"}, "K"),
        ({"summary": None, "body_html": "", "caption": "", "alt": "Alt  text\n here"},
         "Alt text here"),
        ({"summary": None, "body_html": "", "caption": None, "alt": None}, ""),
        ({"summary": None, "body_html": "<p>satu dua tiga</p>", "max_words": 2}, "satu dua …"),
        ({"summary": None, "body_html": "", "caption": "satu dua tiga", "max_words": 2},
         "satu dua …"),
        ({"summary": None, "body_html": "<p>a &amp; b</p>"}, "a & b"),
    ],
)  # fmt: skip
def test_describe_takes_the_first_text_the_story_has(fields, expected):
    assert describe(**fields) == expected
