"""The section menu and the card grid in a real browser, on a newsroom with
fifteen long section names in both languages and stories with and without
pictures: every section stays reachable from 320 to 1280 px, no page (a
story with a long photo credit among them) scrolls sideways, and card rows
stay even.

One browser, one tab: the viewport is resized between widths.
"""

import pytest

from conftest import build_site, png, served

CATEGORIES = [
    ("Ilmu Pengetahuan dan Teknologi Terapan", "Applied Science and Technology"),
    ("Pemerintahan Daerah dan Otonomi", "Local Government and Autonomy"),
    ("Kesehatan Masyarakat dan Gizi", "Public Health and Nutrition"),
    ("Pendidikan Tinggi dan Riset", "Higher Education and Research"),
    ("Lingkungan Hidup dan Perubahan Iklim", "Environment and Climate Change"),
    ("Ekonomi Kerakyatan dan Koperasi", "Community Economy and Cooperatives"),
    ("Hukum, Keadilan, dan Hak Asasi", "Law, Justice and Human Rights"),
    ("Seni Pertunjukan dan Kebudayaan", "Performing Arts and Culture"),
    ("Transportasi dan Infrastruktur Publik", "Transport and Public Infrastructure"),
    ("Pertanian, Perikanan, dan Pangan", "Farming, Fisheries and Food"),
    ("Olahraga Prestasi dan Komunitas", "Competitive and Community Sport"),
    ("Pariwisata dan Ekonomi Kreatif", "Tourism and the Creative Economy"),
    ("Energi Terbarukan dan Pertambangan", "Renewable Energy and Mining"),
    ("Perumahan dan Tata Kota", "Housing and Urban Planning"),
    ("Ketenagakerjaan dan Jaminan Sosial", "Labour and Social Security"),
]
WIDTHS = [320, 360, 390, 768, 1024, 1280]
PAGES = ["/", "/en/", "/kategori/", "/2025/03/berita-01/", "/en/2025/03/berita-01/"]


# A credit as agencies write them: longer than a phone's line (story 1's hero).
LONG_CREDIT = "Dimas Pratama untuk Kantor Berita Komunitas Jawa Barat/Warta"


def write_corpus(content):
    """One story pair per section; every third story has a picture, and the
    pictured ones have summaries of very different lengths."""
    (content / "images").mkdir(parents=True)
    (content / "images" / "foto.png").write_bytes(png(32, 18))
    articles = content / "articles" / "2025"
    articles.mkdir(parents=True)
    for number, names in enumerate(CATEGORIES, 1):
        image = "Image: images/foto.png\nImage_Alt: Foto suasana\n" if number % 4 in (0, 1) else ""
        if number == 1:
            image += f"Image_Caption: Warga di tepi sungai.\nImage_Credit: {LONG_CREDIT}\n"
        for lang, name in zip(("id", "en"), names, strict=True):
            words = " ".join(["Kalimat isi berita yang cukup panjang."] * (number % 3 * 4 + 1))
            (articles / f"berita-{number:02}.{lang}.md").write_text(
                f"Title: Berita {number} dengan judul yang {'panjang ' * (number % 5)}ini\n"
                f"Date: 2025-03-{number:02} 09:00\nCategory: {name}\n{image}\n{words}\n",
                encoding="utf-8",
            )


@pytest.fixture(scope="module")
def sections_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("sections")
    write_corpus(root / "content")
    result = build_site(root / "content", root / "out", search=False)
    assert result.returncode == 0, result.stderr
    with served(root / "out") as base:
        yield base


@pytest.fixture(scope="module")
def tab(browser_context):
    """The one tab every test here uses; tests resize it as they need."""
    page = browser_context.new_page()
    page.set_default_timeout(15000)
    yield page
    page.close()


# How far the page scrolls sideways, and what keeps any shown link of the
# section menu from being read and clicked: once scrolled into view it must
# lie inside the viewport and inside every ancestor that clips overflow, and
# be what a click at its centre hits.
UNREACHABLE = """() => {
  const overflow = document.documentElement.scrollWidth - innerWidth;
  const links = [...document.querySelectorAll("header nav.sections a")]
    .filter(link => link.getClientRects().length);
  const problems = [];
  for (const link of links) {
    const name = link.textContent.trim();
    link.scrollIntoView({block: "center", inline: "center", behavior: "instant"});
    const box = link.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) problems.push(`${name} has no size`);
    if (box.left < -0.5 || box.right > innerWidth + 0.5 || box.top < 0 || box.bottom > innerHeight)
      problems.push(`${name} is outside the viewport`);
    for (let el = link.parentElement; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.overflowX === "visible" && style.overflowY === "visible") continue;
      const clip = el.getBoundingClientRect();
      if (box.left < clip.left - 0.5 || box.right > clip.right + 0.5 ||
          box.top < clip.top - 0.5 || box.bottom > clip.bottom + 0.5)
        problems.push(`${name} is clipped by <${el.tagName.toLowerCase()}>`);
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (!link.contains(hit)) problems.push(`${name} is covered by ${hit && hit.tagName}`);
  }
  return {overflow, shown: links.map(link => link.textContent.trim()), problems};
}"""


@pytest.mark.parametrize("path", PAGES)
def test_every_section_is_reachable_at_every_width(tab, sections_site, path):
    tab.goto(sections_site + path)
    english = path.startswith("/en/")
    expected = {names[english] for names in CATEGORIES}
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 800})
        menu = tab.evaluate(UNREACHABLE)
        overflow = menu["overflow"]
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert expected <= set(menu["shown"]), f"{path} at {width}px: sections missing"
        assert menu["problems"] == [], f"{path} at {width}px"


def test_the_list_of_every_section_is_one_tap_away_on_phones(tab, sections_site):
    tab.goto(sections_site + "/en/")
    tab.set_viewport_size({"width": 320, "height": 800})
    tab.click("header nav.sections .all-sections")
    assert tab.url == sections_site + "/en/category/"
    listed = [a.strip() for a in tab.locator("main a").all_text_contents()]
    assert all(any(name in a for a in listed) for _, name in CATEGORIES)


# How much of the focused link shows within the section list's visible box.
FOCUSED = """() => {
  const link = document.activeElement, list = link.closest("ul");
  const box = link.getBoundingClientRect(), clip = list.getBoundingClientRect();
  const shown = Math.min(box.right, clip.right, innerWidth) - Math.max(box.left, clip.left, 0);
  return {text: link.textContent, shown};
}"""


@pytest.mark.parametrize("width", [320, 768])
def test_tabbing_through_the_sections_scrolls_the_focused_one_into_view(tab, sections_site, width):
    """Chromium scrolls a focused link into view when it is hidden, and
    leaves a partly shown one where it is (its focus ring shows)."""
    tab.goto(sections_site + "/")
    tab.set_viewport_size({"width": width, "height": 800})
    links = tab.locator("header nav.sections ul a")
    links.first.focus()
    seen = []
    for _ in range(links.count() - 1):
        tab.keyboard.press("Tab")
        where = tab.evaluate(FOCUSED)
        assert where["shown"] > 0, f"{where['text']!r} is focused out of sight at {width}px"
        seen.append(where["text"])
    assert seen == links.all_text_contents()[1:]
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "all-sections"


# Each card of the grid: its box, where its headline starts, whether it has a picture.
CARDS = """() => [...document.querySelectorAll(".cards > .card")].map(card => {
  const box = card.getBoundingClientRect();
  return {y: Math.round(box.top), x: box.left, height: Math.round(box.height),
          title: Math.round(card.querySelector(".card-title").getBoundingClientRect().top),
          pictured: card.querySelector(".card-image") !== null};
})"""


def rows_of(cards):
    """Cards grouped into rows: a card starts a new row when it begins below
    the middle of the row's first card, so rows are not made by equal tops."""
    rows = []
    for card in sorted(cards, key=lambda c: (c["y"], c["x"])):
        if rows and card["y"] < rows[-1][0]["y"] + rows[-1][0]["height"] / 2:
            rows[-1].append(card)
        else:
            rows.append([card])
    return rows


LISTINGS = ["/", "/en/", "/page/2/", "/en/page/2/"]


@pytest.mark.parametrize("path", LISTINGS)
def test_cards_in_a_row_line_up_with_and_without_pictures(tab, sections_site, path):
    tab.goto(sections_site + path)
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 800})
        cards = tab.evaluate(CARDS)
        assert {c["pictured"] for c in cards} == {True, False}, "the listing must mix both"
        rows = rows_of(cards)
        if width >= 768:
            assert any(len(row) > 1 for row in rows), f"one card per row at {width}px"
        for row in rows:
            where = f"{path} at {width}px: {row}"
            assert len({c["y"] for c in row}) == 1, where
            assert len({c["height"] for c in row}) == 1, where
            if len({c["pictured"] for c in row}) == 2:  # a mixed row: headlines level
                assert len({c["title"] for c in row}) == 1, where
