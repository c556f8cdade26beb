"""What a reader finds on a story page beyond the text: the hero figure,
related stories, previous/next, share links, sized and lazy images."""

import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import (
    CORPUS,
    CORPUS_SETTINGS,
    build_site,
    html_pages,
    lang_of,
    page_url,
    png,
    resolve,
    soup,
    write_files,
)

STORY_PAGE = re.compile(r"^(/en)?/\d{4}/\d{2}/[a-z0-9-]+/$")


@pytest.fixture(scope="module")
def stories(corpus_site):
    return {
        page_url(corpus_site, p): soup(p)
        for p in html_pages(corpus_site)
        if STORY_PAGE.match(page_url(corpus_site, p))
    }


def test_related_stories_are_same_language_at_most_four_and_never_itself(corpus_site, stories):
    with_related = 0
    for url, page in stories.items():
        section = page.select_one("section.related")
        if section is None:
            continue
        with_related += 1
        targets = [resolve(url, a["href"]) for a in section.select("a[href]")]
        assert 1 <= len(targets) <= 4, url
        assert url not in targets
        assert {lang_of(corpus_site, t) for t in targets} == {lang_of(corpus_site, url)}
    assert with_related, "no story in the corpus has related stories"


def test_related_section_is_titled_in_the_page_language(stories):
    titles = {
        url: page.select_one("section.related h2").get_text(strip=True)
        for url, page in stories.items()
        if page.select_one("section.related")
    }
    assert {t for u, t in titles.items() if not u.startswith("/en/")} == {"Artikel Terkait"}
    assert {t for u, t in titles.items() if u.startswith("/en/")} == {"Related articles"}


def test_a_story_sharing_no_term_has_no_related_section(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    (content / "articles" / "2025" / "lonely-story.id.md").write_text(
        "Title: Berita Tanpa Kawan\nDate: 2025-02-02 10:00\nCategory: Sendirian\n\n"
        "Berita ini tidak berbagi tag atau kategori dengan berita lain.\n",
        encoding="utf-8",
    )
    result = build_site(content, tmp_path / "out", extra=CORPUS_SETTINGS)
    assert result.returncode == 0, result.stderr
    page = soup(tmp_path / "out" / "2025" / "02" / "lonely-story" / "index.html")
    assert page.select_one("section.related") is None


def test_previous_and_next_stay_in_the_story_language(corpus_site, stories):
    linked = 0
    for url, page in stories.items():
        for a in page.select(".story-nav a[rel]"):
            linked += 1
            target = resolve(url, a["href"])
            assert STORY_PAGE.match(target)
            assert lang_of(corpus_site, target) == lang_of(corpus_site, url)
    assert linked


def test_share_links_are_plain_urls_without_scripts(stories):
    for url, page in stories.items():
        hrefs = [a["href"] for a in page.select("nav.share a")]
        assert [h.split("?")[0] for h in hrefs] == [
            "https://wa.me/",
            "https://x.com/intent/post",
            "https://www.facebook.com/sharer/sharer.php",
            "mailto:",
        ], url
        assert not [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]


def test_share_links_carry_the_storys_title_and_address(corpus_site, realistic_site):
    """Each service gets the title as written and the story's own address,
    percent-encoded (titles with colons, apostrophes and commas included)."""
    titles = set()
    for site in (corpus_site, realistic_site):
        for path in html_pages(site):
            url = page_url(site, path)
            if not STORY_PAGE.match(url):
                continue
            page = soup(path)
            hrefs = [a["href"] for a in page.select("nav.share a")]
            if not hrefs:  # a redirect from an old address
                continue
            title = page.select_one("h1").get_text()
            titles.add(title)
            whatsapp, x, facebook, mail = (parse_qs(urlsplit(h).query) for h in hrefs)
            shared_title, _, link = whatsapp["text"][0].rpartition(" ")
            assert shared_title == title, url
            assert resolve(url, link) == url
            assert x == {"url": [link], "text": [title]}
            assert facebook == {"u": [link]}
            assert mail == {"subject": [title], "body": [link]}
    assert len(titles) > 10
    assert any(re.search(r"[^\w ]", t) for t in titles), "no title with punctuation"


@pytest.fixture(scope="module")
def illustrated_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("illustrated")
    story = (
        "Title: Berita Bergambar\nDate: 2025-03-03 09:00\nCategory: Kota\n"
        "Image: images/hero.png\nImage_Alt: Alun-alun kota pada pagi hari\n"
        "Image_Caption: Alun-alun kota pada pagi hari.\nImage_Credit: Redaksi <Foto>\n"
        "Image_Srcset: images/hero.png 64w, images/hero-128.png 128w\n\n"
        "Paragraf pertama berita ini.\n\n![Gambar kecil]({static}/images/inline.png)\n"
    )
    content = write_files(
        root / "content",
        {
            "images/hero.png": png(64, 32),
            "images/hero-128.png": png(128, 64),
            "images/inline.png": png(20, 10),
            "articles/illustrated.id.md": story,
        },
    )
    result = build_site(content, root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out"


def test_hero_image_is_a_sized_figure_with_caption_and_credit(illustrated_site):
    page = soup(illustrated_site / "2025" / "03" / "illustrated" / "index.html")
    figure = page.select_one("figure.hero")
    img = figure.img
    assert (img["width"], img["height"]) == ("64", "32")
    assert img["alt"] == "Alun-alun kota pada pagi hari"
    assert "loading" not in img.attrs  # the hero is above the fold
    assert img["fetchpriority"] == "high"
    # The build makes the sizes (never wider than the original): a hand-written
    # Image_Srcset of a local image is not needed, and not used.
    srcset = [c.split() for c in img["srcset"].split(", ")]
    assert [(s.rsplit("/", 1)[1], w) for s, w in srcset] == [("hero-64w.png", "64w")]
    assert img["sizes"]
    (webp,) = figure.select("picture > source")
    assert webp["type"] == "image/webp" and webp["srcset"].endswith("hero-64w.webp 64w")
    caption = figure.figcaption
    assert "Alun-alun kota pada pagi hari." in caption.get_text()
    assert caption.select_one(".credit").get_text(strip=True) == "Foto: Redaksi <Foto>"
    # Read aloud or extracted, caption and credit are two sentences, not one word.
    text = " ".join(caption.get_text().split())
    assert text == "Alun-alun kota pada pagi hari. Foto: Redaksi <Foto>"


def test_body_images_get_their_size_and_load_lazily(illustrated_site):
    page = soup(illustrated_site / "2025" / "03" / "illustrated" / "index.html")
    img = page.select_one(".story-body img")
    assert (img["width"], img["height"], img["loading"]) == ("20", "10", "lazy")
    assert img["alt"] == "Gambar kecil"


def test_cards_show_the_story_image(illustrated_site):
    card = soup(illustrated_site / "index.html").select_one("article.card")
    # The 64×32 hero's middle at the card's 16:9 (BILINGUAL_IMAGE_CARD_WIDTHS).
    assert card.img["src"].endswith("images/hero-57x32.png")
    assert (card.img["width"], card.img["height"]) == ("57", "32")
