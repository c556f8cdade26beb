"""Newsroom copy renders right: the realistic corpus in ``tests/realistic/``
(see its README), built once with the real settings, read with BeautifulSoup.

What authors write must come out as markup (fences, lists, footnotes,
definition lists, headings with anchors), code must come out as text with
every character intact, raw HTML must come out safe, and images written by
any path must resolve. Expectations are read from the Markdown sources where
they can be, so a story added to the corpus is checked too.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import (
    REALISTIC,
    SETTINGS,
    build_site,
    html_pages,
    page_file,
    page_kinds,
    page_url,
    resolve,
    soup,
)

LANGS = list(SETTINGS["BILINGUAL_LANGUAGES"])
DEFAULT_LANG = SETTINGS["DEFAULT_LANG"]

TECH = {"id": "/2025/03/server-git-sendiri/", "en": "/en/2025/03/self-hosted-git-server/"}
SSH = {"id": "/2024/11/mengamankan-ssh/", "en": "/en/2024/11/securing-ssh/"}
PHOTO = {"id": "/2025/06/foto-fajar-kawah-ijen/", "en": "/en/2025/06/photos-dawn-ijen-crater/"}
MEETUP = {"id": "/2025/05/meetup-python-ke-50/", "en": "/en/2025/05/python-meetup-50/"}
NO_AUTHORS = {
    "id": "/2025/04/pemeliharaan-jaringan-serat-optik/",
    "en": "/en/2025/04/fibre-network-maintenance/",
}
CSS = {"id": "/2025/01/kebiasaan-baik-menulis-css/", "en": "/en/2025/01/good-css-habits/"}
READER = {"id": "/2025/02/warta-reader-2-dirilis/", "en": "/en/2025/02/warta-reader-2-released/"}
FLOOD_MAP = {"id": "/2025/10/peta-banjir-terbuka-3/", "en": "/en/2025/10/open-flood-map-3/"}
GUIDELINES = {"id": "/pedoman-penulisan/", "en": "/en/editorial-guidelines/"}
YOUTUBE_HOSTS = {"www.youtube.com", "youtube.com", "www.youtube-nocookie.com"}
LD_JSON = 'script[type="application/ld+json"]'
BODY = ".story-body"


# The sources ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One Markdown file of the corpus and the URL it is published at."""

    path: Path
    lang: str
    header: dict
    body: str
    url: str


def _url(kind, lang, header):
    prefix = "" if lang == DEFAULT_LANG else f"/{lang}"
    if kind == "pages":
        return f"{prefix}/{header['slug']}/"
    year, month = header["date"][:4], header["date"][5:7]
    return f"{prefix}/{year}/{month}/{header['slug']}/"


@cache
def sources():
    """Every story and page of the corpus, by URL."""
    found = {}
    for path in sorted(REALISTIC.rglob("*.md")):
        kind = path.relative_to(REALISTIC).parts[0]
        if kind not in ("articles", "pages"):
            continue
        lang = path.name.split(".")[-2]
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        header = dict(
            (key.strip().lower(), value.strip())
            for key, value in (line.split(":", 1) for line in head.splitlines())
        )
        source = Source(path, lang, header, body, _url(kind, lang, header))
        found[source.url] = source
    return found


FENCE = re.compile(r"^(?P<indent> *)(?P<marks>`{3,}|~{3,})[^`]*$")


def fences(body):
    """The code of every fenced block in a Markdown body, in order, with the
    indentation of its fence (inside a list item) taken off each line."""
    blocks, lines = [], iter(body.split("\n"))
    for line in lines:
        opening = FENCE.match(line)
        if not opening:
            continue
        indent, marks, code = len(opening["indent"]), opening["marks"], []
        for inner in lines:
            if inner.strip() == marks:
                break
            code.append(inner[indent:] if inner[:indent].strip() == "" else inner)
        blocks.append("\n".join(code))
    return blocks


def prose(body):
    """A Markdown body without its fenced code."""
    kept, inside = [], None
    for line in body.split("\n"):
        opening = FENCE.match(line)
        if inside is None and opening:
            inside = opening["marks"]
        elif inside is not None and line.strip() == inside:
            inside = None
        elif inside is None:
            kept.append(line)
    return "\n".join(kept)


# The output -----------------------------------------------------------------------------


@cache
def _page(root, url):
    return soup(page_file(root, url))


def page(root, url):
    """The parsed page at ``url`` (cached: treat it as read-only)."""
    return _page(root, url)


def body_of(root, url):
    body = page(root, url).select_one(BODY)
    assert body is not None, f"{url}: no {BODY}"
    return body


def text_outside_code(element):
    """The text of an element, code blocks and inline code left out."""
    return "".join(
        s for s in element.find_all(string=True) if not s.find_parent(["pre", "code", "script"])
    )


def all_pages(root):
    """(site path, parsed page) of every page but the alias redirects."""
    redirects = {
        url for (kind, _), urls in page_kinds(root).items() if kind == "redirect" for url in urls
    }
    for path in html_pages(root):
        url = page_url(root, path)
        if url not in redirects:
            yield url, page(root, url)


def list_after(body, paragraph_start):
    """The element right after the paragraph that starts with the given text."""
    (paragraph,) = [p for p in body.find_all("p") if p.get_text().startswith(paragraph_start)]
    return paragraph.find_next_sibling()


def json_ld(document):
    (script,) = document.select(LD_JSON)
    return json.loads(script.string)


# Code -----------------------------------------------------------------------------------


def test_the_corpus_has_the_code_samples_the_tests_are_about():
    """Guard: the samples this module exists for are in the sources."""
    code = "\n".join(fences(sources()[TECH["id"]].body))
    for sample in (
        "# Update the package lists",
        "<your_server_private_key>",
        "</script>",
        "</table>",
        "<?php",
        "&amp;",
        "\trsync",
        "\\__ semua",
    ):
        assert sample in code, sample
    assert len(fences(sources()[TECH["id"]].body)) == 7


@pytest.mark.parametrize("url", sorted(u for u, s in sources().items() if fences(s.body)))
def test_every_fence_is_one_pre_code_with_every_character_intact(realistic_site, url):
    expected = fences(sources()[url].body)
    blocks = body_of(realistic_site, url).find_all("pre")
    assert len(blocks) == len(expected), f"{url}: {len(blocks)} <pre> for {len(expected)} fences"
    for block, code in zip(blocks, expected, strict=True):
        (element,) = block.find_all("code")
        assert element.get_text().rstrip("\n") == code.rstrip("\n")


def test_code_never_becomes_markup(realistic_site):
    for url in (TECH["id"], TECH["en"]):
        body = body_of(realistic_site, url)
        # Comment lines in shell code stay code, not headings.
        assert not [
            h
            for h in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
            if h.get_text().lstrip().startswith(("Update the", "Create a", "old-style"))
        ]
        for pre in body.find_all("pre"):
            names = {tag.name for tag in pre.find_all(True)}
            assert names <= {"code", "span"}, f"{url}: markup inside code: {names}"


# Nothing literal that should be markup --------------------------------------------------

LITERAL = {
    "a fence": re.compile(r"```|~~~"),
    "a footnote reference": re.compile(r"\[\^[^\]]*\]"),
    "a Markdown placeholder": re.compile(r"klzzwxh|wzxhzdk|[\x00-\x08\x0b\x0c\x0e-\x1f]"),
    "a link placeholder": re.compile(r"\{(filename|static|attach)\}"),
    "an abbreviation definition": re.compile(r"\*\[[^\]]+\]:"),
    "a definition marker": re.compile(r"(^|\n):\s{3}"),
}
LIST_ITEM_IN_TEXT = re.compile(r"(^|\n)\s*([-*+]|\d+\.) \S")


@pytest.mark.parametrize("url", sorted(sources()))
def test_nothing_literal_that_should_be_markup(realistic_site, url):
    body = body_of(realistic_site, url)
    text = text_outside_code(body)
    found = {name: pattern.findall(text) for name, pattern in LITERAL.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}, url
    for paragraph in body.find_all("p"):
        assert not LIST_ITEM_IN_TEXT.search(text_outside_code(paragraph)), (
            f"{url}: a list ran into a paragraph: {paragraph.get_text()[:120]!r}"
        )
    for heading in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        assert not heading.get_text().lstrip().startswith("#"), heading


# Lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "paragraph", "name", "items"),
    [
        (TECH["id"], "Yang Anda butuhkan:", "ul", 3),
        (TECH["en"], "What you need:", "ul", 3),
        (TECH["id"], "Repositori di server", "ol", 3),
        (TECH["en"], "The repository on the server", "ol", 3),
        (CSS["id"], "Situs berita dibaca", "ul", 5),
        (CSS["en"], "News sites are read", "ul", 5),
        (READER["id"], "Perubahan utama", "ol", 3),
        (READER["en"], "The main changes", "ol", 3),
        (NO_AUTHORS["id"], "Layanan yang terdampak:", "ul", 3),
        (GUIDELINES["en"], "Every figure in a story", "ul", 3),
    ],
)
def test_a_list_right_after_a_paragraph_line_is_a_list(realistic_site, url, paragraph, name, items):
    following = list_after(body_of(realistic_site, url), paragraph)
    assert following is not None and following.name == name, f"{url}: {following}"
    assert len(following.find_all("li", recursive=False)) == items


@pytest.mark.parametrize(
    ("lang", "paragraph"), [("id", "Repositori di server"), ("en", "The repository on the server")]
)
def test_nested_list_items_keep_their_code_blocks(realistic_site, lang, paragraph):
    steps = list_after(body_of(realistic_site, TECH[lang]), paragraph)
    first, second, third = steps.find_all("li", recursive=False)
    assert first.select_one("pre code").get_text().strip() == (
        "sudo -u git git init --bare /srv/git/situs.git"
    )
    (inner,) = second.find_all("ul")
    copy, chmod = inner.find_all("li", recursive=False)
    assert not copy.find("pre")
    assert chmod.select_one("pre code").get_text().strip() == (
        "chmod +x /srv/git/situs.git/hooks/post-receive"
    )
    assert third.select_one("code").get_text() == "git push origin main"
    assert not third.find("pre")


# Footnotes, definition lists, tables, abbreviations ---------------------------------------

FOOTNOTE_REF = re.compile(r"\[\^([^\]]+)\](?!:)")
FOOTNOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s*(.+)$", re.M)


@pytest.mark.parametrize(
    "url", sorted(u for u, s in sources().items() if FOOTNOTE_DEF.search(s.body))
)
def test_footnotes_link_to_their_notes_and_back(realistic_site, url):
    source = prose(sources()[url].body)
    definitions = dict(FOOTNOTE_DEF.findall(source))
    references = FOOTNOTE_REF.findall(FOOTNOTE_DEF.sub("", source))
    document = page(realistic_site, url)
    links = [a for a in body_of(realistic_site, url).select("sup a[href^='#']")]
    assert len(links) == len(references), url
    for label, link in zip(references, links, strict=True):
        note = document.find(id=link["href"][1:])
        assert note is not None, f"{url}: {link['href']} leads nowhere"
        plain = re.sub(r"`", "", definitions[label])
        assert plain in " ".join(note.get_text().split()), f"{url}: note {label}"
        back = [a for a in note.select("a[href^='#']") if document.find(id=a["href"][1:])]
        assert back, f"{url}: note {label} has no link back to the text"


@pytest.mark.parametrize(
    ("url", "terms"),
    [
        (TECH["id"], ["Repositori bare", "Webhook"]),
        (TECH["en"], ["Bare repository", "Webhook"]),
        (READER["id"], ["Umpan", "Mode luring"]),
        (READER["en"], ["Feed", "Offline mode"]),
    ],
)
def test_definition_lists(realistic_site, url, terms):
    (definitions,) = body_of(realistic_site, url).find_all("dl")
    assert [dt.get_text(strip=True) for dt in definitions.find_all("dt")] == terms
    assert len(definitions.find_all("dd")) == len(terms)
    assert all(dd.get_text(strip=True) for dd in definitions.find_all("dd"))


@pytest.mark.parametrize(
    ("url", "headers", "rows"),
    [
        (TECH["id"], ["Perintah", "Fungsi"], 3),
        (TECH["en"], ["Command", "What it does"], 3),
        (
            "/2025/08/sensor-kualitas-udara-warga/",
            ["Lokasi", "Sensor", "Rata-rata PM2.5 (µg/m³)"],
            3,
        ),
    ],
)
def test_tables(realistic_site, url, headers, rows):
    (table,) = body_of(realistic_site, url).find_all("table")
    assert [th.get_text(strip=True) for th in table.find_all("th")] == headers
    assert len(table.select("tbody tr")) == rows
    # Inline code in a cell keeps its placeholder as text.
    if url in TECH.values():
        assert "ssh git@<server_ip>" in [c.get_text() for c in table.find_all("code")]


@pytest.mark.parametrize("lang", LANGS)
def test_abbreviations_outside_code(realistic_site, lang):
    body = body_of(realistic_site, CSS[lang])
    titles = {a.get_text(): a.get("title") for a in body.find_all("abbr")}
    assert titles.get("CSS") == "Cascading Style Sheets"
    assert not body.select("pre abbr, code abbr")


# Headings -------------------------------------------------------------------------------


def test_every_page_has_one_h1_and_headings_that_never_skip_a_level(realistic_site):
    for url, document in all_pages(realistic_site):
        assert len(document.find_all("h1")) == 1, url
        levels = [int(h.name[1]) for h in document.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
        assert all(b - a <= 1 for a, b in pairwise(levels)), f"{url}: {levels}"


@pytest.mark.parametrize("lang", LANGS)
def test_body_headings_start_at_h2(realistic_site, lang):
    """`#` headings in a body sit under the story's title."""
    body = body_of(realistic_site, FLOOD_MAP[lang])
    assert not body.find("h1")
    assert len(body.find_all("h2")) == 3


def test_ids_are_unique_on_every_page(realistic_site):
    for url, document in all_pages(realistic_site):
        ids = [element["id"] for element in document.find_all(id=True)]
        assert len(ids) == len(set(ids)), f"{url}: {sorted(i for i in ids if ids.count(i) > 1)}"


@pytest.mark.parametrize("url", sorted(sources()))
def test_body_headings_have_ids_and_an_accessible_anchor_link(realistic_site, url):
    for heading in body_of(realistic_site, url).find_all(["h2", "h3", "h4"]):
        assert heading.get("id"), f"{url}: {heading}"
        links = [
            a
            for a in [
                *heading.find_all("a"),
                heading.find_previous_sibling("a"),
                heading.find_next_sibling("a"),
            ]
            if a is not None and a.get("href") == f"#{heading['id']}"
        ]
        assert links, f"{url}: no anchor link to #{heading['id']}"
        (link,) = links[:1]
        name = link.get_text(strip=True) or link.get("aria-label") or link.get("aria-labelledby")
        assert name, f"{url}: the anchor link of #{heading['id']} has no accessible name"


@pytest.mark.parametrize(
    ("url", "text", "target", "heading"),
    [
        (TECH["id"], "panduan keamanan SSH", SSH["id"], "Menonaktifkan login kata sandi"),
        (TECH["en"], "SSH hardening guide", SSH["en"], "Disabling password login"),
        (READER["id"], "panduan server Git kami", TECH["id"], "Langkah 2: Membuat repositori bare"),
        (READER["en"], "our Git server guide", TECH["en"], "Step 2: Create a bare repository"),
    ],
)
def test_links_to_a_heading_of_another_story_reach_it(realistic_site, url, text, target, heading):
    (link,) = [a for a in body_of(realistic_site, url).find_all("a") if a.get_text() == text]
    address = urlsplit(link["href"])
    assert resolve(url, link["href"]) == target
    found = page(realistic_site, target).find(id=unquote(address.fragment))
    assert found is not None, f"{url}: #{address.fragment} is not on {target}"
    assert found.name in ("h2", "h3", "h4") and found.get_text(" ", strip=True).startswith(heading)


def test_every_fragment_link_on_every_page_exists(realistic_site):
    for url, document in all_pages(realistic_site):
        for link in document.select("a[href*='#']"):
            address = urlsplit(link["href"])
            if address.scheme or address.netloc or not address.fragment:
                continue
            target = resolve(url, link["href"]) if address.path else url
            assert target and page_file(realistic_site, target).is_file(), f"{url}: {link['href']}"
            fragment = unquote(address.fragment)
            assert page(realistic_site, target).find(id=fragment), f"{url}: {link['href']}"


# Images ---------------------------------------------------------------------------------


def image_addresses(document):
    """Every address of an image a page loads: src, srcset candidates, og:image."""
    for img in document.find_all(["img", "source"]):
        if img.get("src"):
            yield img["src"]
        for candidate in (img.get("srcset") or "").split(","):
            if candidate.strip():
                yield candidate.split()[0]
    for meta in document.select('meta[property="og:image"]'):
        yield meta["content"]


def test_every_image_resolves_to_a_file_in_the_output(realistic_site):
    checked = 0
    for url, document in all_pages(realistic_site):
        for address in image_addresses(document):
            assert " " not in address, f"{url}: an unencoded space in {address!r}"
            target = resolve(url, address)
            if target is None:
                continue
            assert (realistic_site / unquote(target).lstrip("/")).is_file(), f"{url}: {address}"
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("url", sorted(u for u, s in sources().items() if "![" in s.body))
def test_every_body_image_is_published(realistic_site, url):
    """Each image the author wrote, whatever the path form, is an <img>
    with its alt text, sized unless it is an SVG."""
    alts = re.findall(r"!\[([^\]]*)\]\(", prose(sources()[url].body))
    images = body_of(realistic_site, url).find_all("img")
    assert [img.get("alt") for img in images] == alts
    for img in images:
        if not urlsplit(img["src"]).path.endswith(".svg"):
            assert img.get("width") and img.get("height"), f"{url}: {img}"


@pytest.mark.parametrize("lang", LANGS)
def test_heroes_by_every_path_form_are_published(realistic_site, lang):
    for story in (
        TECH,
        PHOTO,
        {
            "id": "/2025/08/sensor-kualitas-udara-warga/",
            "en": "/en/2025/08/citizen-air-quality-sensors/",
        },
    ):
        hero = page(realistic_site, story[lang]).select_one("figure.hero img")
        assert hero is not None, story[lang]
        target = resolve(story[lang], hero["src"])
        assert (realistic_site / unquote(target).lstrip("/")).is_file(), hero["src"]


# Raw HTML --------------------------------------------------------------------------------

SEARCH_KIND = "search"


def test_no_script_but_json_ld_and_the_search_pages(realistic_site):
    search = {
        u for (k, _), urls in page_kinds(realistic_site).items() if k == SEARCH_KIND for u in urls
    }
    for url, document in all_pages(realistic_site):
        scripts = [s for s in document.find_all("script") if s.get("type") != "application/ld+json"]
        if url not in search:
            assert scripts == [], f"{url}: {scripts}"
        for element in document.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert handlers == [], f"{url}: <{element.name} {handlers}>"
            for name in ("href", "src", "action", "formaction"):
                value = (element.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:text")), f"{url}: {element}"


def test_scripts_from_content_reach_no_output_file(realistic_site):
    """Not in a page, not in a feed, not in a sitemap."""
    for path in [*realistic_site.rglob("*.html"), *realistic_site.rglob("*.xml")]:
        text = path.read_text(encoding="utf-8")
        for leftover in ("platform.example/widgets.js", "track(", "javascript:void"):
            assert leftover not in text, f"{path.relative_to(realistic_site)}: {leftover}"


def test_embeds_come_only_from_youtube_sandboxed_titled_and_lazy(realistic_site):
    seen = []
    for url, document in all_pages(realistic_site):
        for frame in document.find_all("iframe"):
            assert urlsplit(frame["src"]).netloc in YOUTUBE_HOSTS, f"{url}: {frame}"
            assert frame.has_attr("sandbox"), f"{url}: {frame}"
            assert frame.get("title", "").strip(), f"{url}: {frame}"
            assert frame.get("loading") == "lazy", f"{url}: {frame}"
            seen.append(url)
    assert sorted(seen) == sorted(MEETUP.values())


@pytest.mark.parametrize(
    ("lang", "summary", "link"),
    [
        ("id", "Daftar sesi", "Daftar untuk meetup berikutnya"),
        ("en", "The sessions", "Sign up for the next meetup"),
    ],
)
def test_safe_raw_html_is_kept(realistic_site, lang, summary, link):
    body = body_of(realistic_site, MEETUP[lang])
    assert body.select_one("details > summary").get_text(strip=True) == summary
    assert len(body.select("details ol > li")) == 3
    assert "Sampai jumpa di meetup ke-51" in body.find("blockquote").get_text()
    assert link in body.get_text()


# Metadata --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_story_without_authors_names_the_publisher_as_author(realistic_site, lang):
    author = json_ld(page(realistic_site, NO_AUTHORS[lang]))["author"]
    authors = author if isinstance(author, list) else [author]
    assert [a.get("name") for a in authors] == [SETTINGS["BILINGUAL_PUBLISHER"]["name"]]


@pytest.mark.parametrize("lang", LANGS)
def test_an_image_only_story_is_described_by_its_caption_or_alt(realistic_site, lang):
    header = sources()[PHOTO[lang]].header
    home = "/" if lang == DEFAULT_LANG else f"/{lang}/"
    tagline = page(realistic_site, home).select_one('meta[name="description"]')["content"]
    description = page(realistic_site, PHOTO[lang]).select_one('meta[name="description"]')
    assert description is not None and description["content"].strip()
    assert description["content"] != tagline
    shown = description["content"].rstrip("….").strip()
    assert header["image_caption"].startswith(shown) or header["image_alt"].startswith(shown)


def test_every_story_page_stays_under_50_kb(realistic_site):
    """The reader's budget holds for long stories full of code, too."""
    for url, source in sources().items():
        assert page_file(realistic_site, url).stat().st_size < 50_000, source.path.name


# Categories and translations -------------------------------------------------------------


def test_the_real_term_mapping_names_none_of_the_categories():
    """Guard: the categories pair by inference, and the mapping's entries
    that match nothing here (the demo's terms) are no error: the corpus
    builds under --fatal warnings."""
    mapped = {
        name
        for groups in SETTINGS["BILINGUAL_TERMS"].values()
        for g in groups
        for name in g.values()
    }
    assert mapped and mapped.isdisjoint(categories("id") | categories("en"))


def categories(lang):
    return {
        s.header["category"]
        for s in sources().values()
        if s.lang == lang and "category" in s.header
    }


@pytest.mark.parametrize("lang", LANGS)
def test_fifteen_long_categories_pair_across_languages_by_inference(realistic_site, lang):
    """The real settings map none of them: every one pairs through the
    translated stories, and its page links its counterpart, not a home."""
    assert len(categories(lang)) == 15
    section = SETTINGS["BILINGUAL_LANGUAGES"][lang]["sections"]["category"]
    prefix = "" if lang == DEFAULT_LANG else f"/{lang}"
    listed = page(realistic_site, f"{prefix}/{section}/").select("main a")
    names = {a.get_text(strip=True) for a in listed}
    assert categories(lang) <= names
    pages = page_kinds(realistic_site)[("category", lang)]
    assert len(pages) == 15
    for url in pages:
        switcher = page(realistic_site, url).select("nav.lang-switcher a[hreflang]")
        (other,) = [a for a in switcher]
        target = resolve(url, other["href"])
        assert target in page_kinds(realistic_site)[("category", other["hreflang"])], url


@pytest.mark.parametrize(
    ("pair", "lang", "other"),
    [(TECH, "id", "en"), (TECH, "en", "id"), (GUIDELINES, "id", "en"), (GUIDELINES, "en", "id")],
    ids=["story-id", "story-en", "page-id", "page-en"],
)
def test_language_switcher_links_the_twin(realistic_site, pair, lang, other):
    links = page(realistic_site, pair[lang]).select("nav.lang-switcher a[hreflang]")
    assert {a["hreflang"]: resolve(pair[lang], a["href"]) for a in links} == {other: pair[other]}


def test_a_second_build_is_byte_identical(realistic_site, tmp_path):
    """Embeds, code and images in every form: nothing depends on hash order
    (nh3 once added an iframe's sandbox and loading in a random order)."""
    again = tmp_path / "again"
    result = build_site(REALISTIC, again, search=True)
    assert result.returncode == 0, result.stderr
    ours = {p.relative_to(realistic_site): p.read_bytes() for p in realistic_site.rglob("*")
            if p.is_file()}  # fmt: skip
    theirs = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
