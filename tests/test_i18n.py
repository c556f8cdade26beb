"""Every page speaks its reader's language.

Over the development builds of the fixture corpus and the real content: the
theme's chrome (navigation, labels, dates, reading time, language names) is in
the page's language, while content (titles, summaries, bodies, term names) is
whatever the editor wrote and is left alone.

Expected dates are computed with Babel (CLDR), the same source the theme must
use, so these tests pin the *choice* of format (full date on the story,
long date on cards, month-and-year archive headings), not Babel's data.
"""

import math
import re
import runpy
from datetime import date, datetime, timedelta
from functools import cache

import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.messages.pofile import read_po

from bilingual.i18n import format_day
from conftest import REPO, html_pages, page_file, page_url, resolve, soup

SETTINGS = runpy.run_path(str(REPO / "pelicanconf.py"))
LANGUAGES = SETTINGS["BILINGUAL_LANGUAGES"]
ZONE_LABEL = SETTINGS["BILINGUAL_TIMEZONE_LABEL"]
CATALOG = REPO / "theme" / "translations" / "id" / "LC_MESSAGES" / "messages.po"
SITES = ["corpus_site", "real_site"]

# The corpus story dated 2025-03-31T20:30:00Z: 1 April 03:30 in Jakarta.
MIDNIGHT = {"id": "/2025/04/utc-midnight-story/", "en": "/en/2025/04/utc-midnight-story/"}
ARCHIVES = {"id": "/arsip/", "en": "/en/archives/"}
HOMES = {"id": "/", "en": "/en/"}


@pytest.fixture(params=SITES)
def site(request):
    return request.getfixturevalue(request.param)


# The catalog ----------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def phrases(text):
    """What of a catalog string can be searched for in a rendered page.

    A string without placeholders is searched whole. One with placeholders
    renders around values we do not know, so only its literal segments are
    searched, and only those of two words or more: a lone "By", "Page" or
    "Published" is too common a word to prove a leak, and the byline and
    date tests below pin those words exactly instead.
    """
    if not PLACEHOLDER.search(text):
        return [" ".join(text.split())] if text.strip() else []
    segments = (s.strip(" ,.:;·") for s in PLACEHOLDER.split(text))
    return [" ".join(s.split()) for s in segments if len(s.split()) >= 2]


def _catalog_pairs():
    """[(English, Indonesian)] for every translated string and plural form."""
    with open(CATALOG, "rb") as f:
        catalog = read_po(f, locale="id")
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs += [(english, strings[0]) for english in ids]  # Indonesian has one plural form
    return pairs


def _occurs(phrase, text):
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _needles():
    """{lang: phrases that must not appear on that language's pages}.

    A phrase that is also part of the page language's own UI cannot prove a
    leak: Indonesian "Tag" is also the English "Tag", and Indonesian "Bahasa"
    (for "Language") is part of the English sentence "News in Bahasa
    Indonesia and English."
    """
    pairs = [(en, id_) for en, id_ in _catalog_pairs() if en != id_]
    english_ui = " \n ".join(en for en, _ in _catalog_pairs())
    indonesian_ui = " \n ".join(id_ for _, id_ in _catalog_pairs())
    english = {p for en, _ in pairs for p in phrases(en) if not _occurs(p, indonesian_ui)}
    indonesian = {p for _, id_ in pairs for p in phrases(id_) if not _occurs(p, english_ui)}
    return {"id": sorted(english), "en": sorted(indonesian)}


NEEDLES = _needles()


def test_the_catalog_gives_phrases_to_look_for():
    """Guard: the leak test below searches for something meaningful."""
    assert {"Skip to content", "Latest news", "Page not found", "minutes read",
            "Not available in", "Tags", "Archives"} <= set(NEEDLES["id"])  # fmt: skip
    assert {"Langsung ke isi", "Berita terbaru", "Halaman tidak ditemukan", "menit baca",
            "Tidak tersedia dalam bahasa", "Arsip", "Rubrik"} <= set(NEEDLES["en"])  # fmt: skip
    assert "Tag" not in NEEDLES["en"] and "Bahasa" not in NEEDLES["en"]


# The chrome of a page ---------------------------------------------------------------

# Elements that hold content: what editors wrote, in whatever words they chose.
CONTENT = (
    ".story-body", ".standfirst", ".story-header h1", "article.page > h1", ".card-summary",
    ".listing-header h1", "ul.terms li > a",
)  # fmt: skip


@cache
def name_of(path):
    """The name of a story, a static page or a term listing (its heading),
    or None for the theme's own pages (homes, indexes, archives)."""
    if not path.is_file():
        return None
    heading = soup(path).select_one("article.story h1, .listing-header h1")
    return " ".join(heading.get_text().split()) if heading else None


def _drop_names(root, url, page):
    """Drop the text of every link named after the content page it leads to
    (a card title, a category in the menu, a related story), keeping the
    theme's words around it ("Previous story", "Read the original")."""
    for a in page.find_all("a", href=True):
        target = resolve(url, a["href"])
        own = a.find_all(string=True, recursive=False)
        if target and " ".join("".join(own).split()) == name_of(page_file(root, target)):
            for text in own:
                text.extract()
    for caption in page.find_all("figcaption"):
        for text in caption.find_all(string=True, recursive=False):
            text.extract()


def chrome(root, path):
    """The theme's own words on one page: body text, <title>, aria-label and
    title attributes and, on pages that are not a story or a static page, the
    meta description. Elements marked with another language (the English
    block of the root 404, the switcher's links) and content are left out."""
    page = soup(path, writable=True)
    lang, url = page.html["lang"], page_url(root, path)
    for element in page.body.find_all(lang=True):
        if element.get("lang") != lang:
            element.decompose()
    heading = name_of(path)
    is_content = page.find("article", class_="story") is not None
    description = page.head.find("meta", attrs={"name": "description"})
    _drop_names(root, url, page)
    for element in page.select(", ".join(CONTENT)):
        element.decompose()
    title = " ".join(page.title.get_text().split())
    if heading:
        title = title.replace(heading, " ")
    texts = [page.body.get_text(" "), title]
    if description and not is_content:
        texts.append(description["content"])
    for attr in ("aria-label", "title"):
        texts += [element[attr] for element in page.find_all(attrs={attr: True})]
    return texts


def test_chrome_keeps_the_theme_words_and_drops_content(corpus_site):
    """Guard: the extraction neither keeps content nor loses the chrome."""
    story = page_file(corpus_site, "/en/2025/02/translated-pair/")
    text = " ".join(chrome(corpus_site, story))
    for words in ("Skip to content", "Published", "Archives", "Next story", "Share this story"):
        assert words in text
    assert "Village Football" not in text and "Sports" not in text and "About Us" not in text
    root_404 = " ".join(chrome(corpus_site, corpus_site / "404.html"))
    assert "Halaman tidak ditemukan" in root_404 and "Page not found" not in root_404


def test_no_page_shows_the_other_languages_ui_strings(site):
    leaks = {}
    for path in html_pages(site):
        lang = soup(path).html["lang"]
        texts = " \n ".join(chrome(site, path))
        found = [needle for needle in NEEDLES[lang] if _occurs(needle, texts)]
        if found:
            leaks[page_url(site, path)] = found
    assert leaks == {}


# Dates and times -------------------------------------------------------------------


def moment(time):
    value = datetime.fromisoformat(time["datetime"])
    assert value.tzinfo is not None, time
    return value


def story_pages(root):
    return [
        p
        for p in html_pages(root)
        if (a := soup(p).find("article", class_="story")) and a.select(".byline")
    ]


def test_every_time_element_carries_a_machine_readable_datetime(site):
    """Moments carry an ISO 8601 date-time with its offset. The one other
    form is an archive month heading, which is the HTML month "YYYY-MM" of
    the stories under it (a month has no offset)."""
    checked = 0
    for path in html_pages(site):
        for time in soup(path).select("time"):
            assert time.has_attr("datetime"), f"{path}: {time}"
            if time.find_parent("h2") and time.find_parent("section", class_="archive-month"):
                assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", time["datetime"]), time
                section = time.find_parent("section")
                months = {moment(t).strftime("%Y-%m") for t in section.select("li time")}
                assert months == {time["datetime"]}, f"{path}: {time}"
            else:
                moment(time)
            checked += 1
    assert checked > 10


def expected_published(value, lang):
    """The byline's moment: CLDR's full date, then its short time and the zone."""
    day = format_date(value, "full", locale=lang)
    return f"{day}, {format_time(value, 'short', locale=lang)} {ZONE_LABEL}"


def test_story_dates_are_full_dates_and_newsroom_times_in_the_page_language(site):
    pages = story_pages(site)
    assert pages
    for path in pages:
        page = soup(path)
        lang = page.html["lang"]
        time = page.select_one(".byline .dates time")
        assert time.get_text() == expected_published(moment(time), lang), path
        assert moment(time).utcoffset().total_seconds() == 7 * 3600, "newsroom time (WIB)"


@pytest.mark.parametrize(
    ("lang", "byline"),
    [
        ("id", "Terbit Selasa, 01 April 2025, 03.30 WIB"),
        ("en", "Published Tuesday, April 1, 2025, 3:30\u202fAM WIB"),
    ],
)
def test_story_near_utc_midnight_shows_the_jakarta_day(corpus_site, lang, byline):
    """2025-03-31T20:30:00Z is Tuesday 1 April, 03:30 WIB. Babel's CLDR
    pattern for the Indonesian full date pads the day ("01")."""
    page = soup(page_file(corpus_site, MIDNIGHT[lang]))
    published = page.select_one(".byline .dates span")
    assert " ".join(published.get_text().split()) == " ".join(byline.split())
    assert published.select_one("time")["datetime"] == "2025-04-01T03:30:00+07:00"
    assert published.select_one("time").get_text() == expected_published(
        datetime.fromisoformat("2025-04-01T03:30:00+07:00"), lang
    )


def test_cards_and_related_stories_show_long_dates_in_the_page_language(site):
    checked = 0
    for path in html_pages(site):
        page = soup(path)
        lang = page.html["lang"]
        for time in page.select("article.card .card-meta time, section.related time"):
            assert time.get_text() == format_date(moment(time), "long", locale=lang), path
            checked += 1
    assert checked > 0


def test_days_are_formatted_as_babels_format_date_formats_them():
    """The theme keeps Babel's locale and pattern between calls
    (``format_day``): every day of a leap year, in each named format and a
    pattern of our own, the languages taking turns, reads as
    ``format_date`` writes it."""
    first = date(2024, 1, 1)
    for n in range(366):
        day = first + timedelta(days=n)
        for pattern in ("full", "long", "medium", "short", "EEEE, d MMM y"):
            for lang in ("en", "id"):
                assert format_day(day, pattern, lang) == format_date(day, pattern, locale=lang)


@pytest.mark.parametrize(("lang", "card"), [("id", "1 April 2025"), ("en", "April 1, 2025")])
def test_card_of_the_story_near_utc_midnight_shows_the_jakarta_day(corpus_site, lang, card):
    for path in html_pages(corpus_site):
        page = soup(path)
        for article in page.select("article.card"):
            link = article.select_one(".card-title a")
            if resolve(page_url(corpus_site, path), link["href"]) == MIDNIGHT[lang]:
                assert article.select_one(".card-meta time").get_text() == card
                return
    pytest.fail("no card lists the story")


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        ("id", ["April 2025", "Maret 2025", "Februari 2025", "Januari 2025"]),
        ("en", ["May 2025", "April 2025", "March 2025", "February 2025"]),
    ],
)
def test_archives_group_by_month_under_localised_headings(corpus_site, lang, headings):
    page = soup(page_file(corpus_site, ARCHIVES[lang]))
    months = page.select("section.archive-month h2 time")
    assert [m.get_text() for m in months] == headings
    for m in months:
        first = datetime.strptime(m["datetime"], "%Y-%m")
        assert m.get_text() == format_skeleton("yMMMM", first, locale=lang)
    (april,) = [m.find_parent("section") for m in months if m["datetime"] == "2025-04"]
    assert MIDNIGHT[lang] in {resolve(ARCHIVES[lang], a["href"]) for a in april.select("a")}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_archive_days_follow_the_languages_own_order(site, lang):
    checked = 0
    for path in html_pages(site):
        page = soup(path)
        if page.html["lang"] != lang:
            continue
        for time in page.select("ul.archive-list time"):
            assert time.get_text() == format_skeleton("MMMd", moment(time), locale=lang), path
            checked += 1
    assert checked > 0


# Reading time ------------------------------------------------------------------------


def expected_reading_time(lang, minutes):
    if lang == "id":
        return f"{minutes} menit baca"
    return f"{minutes} minute read" if minutes == 1 else f"{minutes} minutes read"


def words_in(body):
    """Whitespace-separated words of the story body's HTML, tags stripped,
    counted the way the reader counts them."""
    return len(re.sub(r"<[^>]+>", " ", body.decode_contents()).split())


def reading_times(root):
    """(lang, shown, expected) for every story page under ``root``."""
    for path in story_pages(root):
        page = soup(path)
        lang = page.html["lang"]
        words = words_in(page.select_one(".story-body"))
        minutes = max(1, math.ceil(words / LANGUAGES[lang]["words_per_minute"]))
        (shown,) = page.select(".byline .reading-time")
        yield lang, shown.get_text(strip=True), expected_reading_time(lang, minutes), path


def test_reading_time_is_localised_and_pluralised(site):
    for _lang, shown, expected, path in reading_times(site):
        assert shown == expected, path


def test_reading_time_covers_both_plural_forms_in_both_languages(corpus_site, realistic_site):
    """The corpus's short stories take a minute, the realistic how-tos
    several: both English forms and both Indonesian counts are exercised."""
    seen = {
        (lang, expected.startswith("1 "))
        for root in (corpus_site, realistic_site)
        for lang, _shown, expected, _path in reading_times(root)
    }
    assert seen == {("id", True), ("id", False), ("en", True), ("en", False)}


# Bylines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "by", "published"), [("id", "Oleh", "Terbit"), ("en", "By", "Published")]
)
def test_byline_words_are_in_the_page_language(site, lang, by, published):
    pages = [p for p in story_pages(site) if soup(p).html["lang"] == lang]
    assert pages
    with_authors = 0
    for path in pages:
        byline = soup(path).select_one(".byline")
        assert byline.select_one(".dates span").get_text(" ", strip=True).split()[0] == published
        authors = byline.select_one(".authors")  # none for a story without Authors
        if authors is not None:
            assert authors.get_text(" ", strip=True).split()[0] == by, path
            with_authors += 1
    assert with_authors > 0


# Language names --------------------------------------------------------------------------

NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def test_language_names_are_the_ones_their_readers_use():
    assert {code: spec["name"] for code, spec in LANGUAGES.items()} == NAMES


def test_switcher_names_each_language_in_that_language(site):
    checked = 0
    for path in html_pages(site):
        page = soup(path)
        switcher = page.select_one("nav.lang-switcher")
        if switcher is None:
            redirect = page.select_one('meta[http-equiv="refresh"]')
            assert path.name == "404.html" or redirect, f"{path}: no language switcher"
            continue
        lang = page.html["lang"]
        (current,) = switcher.select('[aria-current="true"]')
        assert (current.get_text(strip=True), current["lang"]) == (NAMES[lang], lang), path
        links = switcher.select("a")
        assert [(a.get_text(strip=True), a["lang"], a["hreflang"]) for a in links] == [
            (NAMES[other], other, other) for other in NAMES if other != lang
        ], path
        checked += 1
    assert checked > 5


@pytest.mark.parametrize(
    ("url", "note"),
    [
        ("/2025/01/indonesian-only-story/", "Tidak tersedia dalam bahasa Inggris."),
        ("/en/2025/05/english-only-story/", "Not available in Indonesian."),
    ],
)
def test_not_available_note_names_the_language_in_the_page_language(corpus_site, url, note):
    page = soup(page_file(corpus_site, url))
    (shown,) = page.select("nav.lang-switcher .switch-note")
    assert shown.get_text(strip=True) == note
    lang, other = page.html["lang"], "en" if page.html["lang"] == "id" else "id"
    assert note == (
        f"Tidak tersedia dalam bahasa {Locale('id').languages[other]}."
        if lang == "id"
        else f"Not available in {Locale('en').languages[other]}."
    )


# Taxonomy labels ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_name", "story", "category", "tags"),
    [
        ("realistic_site", "/2025/03/server-git-sendiri/", "Infrastruktur dan Komputasi Awan",
         ["Git", "Linux", "PHP", "Otomatisasi"]),
        ("realistic_site", "/en/2025/03/self-hosted-git-server/",
         "Infrastructure and Cloud Computing", ["Git", "Linux", "PHP", "Automation"]),
        ("corpus_site", "/2025/02/translated-pair/", "Olahraga", ["Sepak Bola"]),
        ("corpus_site", "/en/2025/02/translated-pair/", "Sports", ["Football"]),
        ("corpus_site", "/2025/03/perpustakaan-kota-dibuka/", "Kota", ["Bali"]),
        ("corpus_site", "/en/2025/03/city-library-opens/", "City", ["Bali"]),
    ],
)  # fmt: skip
def test_story_shows_its_own_variants_terms(request, site_name, story, category, tags):
    root = request.getfixturevalue(site_name)
    page = soup(page_file(root, story))
    kicker = page.select_one(".story-kicker a")
    assert kicker.get_text(strip=True) == category
    target = resolve(story, kicker["href"])
    assert soup(page_file(root, target)).select_one(".listing-header h1").get_text() == category
    assert [a.get_text(strip=True) for a in page.select("ul.tags a")] == tags
    assert page.select_one('meta[property="article:section"]')["content"] == category


def test_every_card_shows_the_category_of_the_story_it_lists(site):
    """A card's kicker is the listed story's own category, in its language."""
    checked = 0
    for path in html_pages(site):
        page = soup(path)
        url = page_url(site, path)
        for card in page.select("article.card"):
            story = resolve(url, card.select_one(".card-title a")["href"])
            kicker = soup(page_file(site, story)).select_one(".story-kicker a")
            shown = card.select_one(".card-kicker a")
            assert shown.get_text() == kicker.get_text(), f"{url}: {story}"
            assert resolve(url, shown["href"]) == resolve(story, kicker["href"])
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("lang", ["id", "en"])
def test_home_cards_show_the_categories_in_the_home_language(realistic_site, lang):
    """The realistic corpus's categories are long and paired by inference:
    each home card shows its story's category as written in the home's
    language, and the section menu lists it."""
    page = soup(page_file(realistic_site, HOMES[lang]))
    kickers = [k.get_text(strip=True) for k in page.select(".card-kicker")]
    newest = sorted(
        (p for p in story_pages(realistic_site) if soup(p).html["lang"] == lang),
        key=lambda p: soup(p).select_one(".byline .dates time")["datetime"],
        reverse=True,
    )
    expected = [soup(p).select_one(".story-kicker a").get_text(strip=True) for p in newest]
    assert kickers == expected[: len(kickers)] and len(kickers) >= 5
    sections = [a.get_text(strip=True) for a in page.select("nav.sections a")]
    assert set(kickers) <= set(sections)
