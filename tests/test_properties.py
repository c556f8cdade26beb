"""Property-based: random corpora (random subsets of translations, drafts,
categories, tags and slugs) always satisfy the linking invariants.

Each example builds a real site with Pelican, so the number of examples is
kept small; Hypothesis still explores shapes nobody would write by hand.
"""

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_site, html_pages, lang_of, page_url, resolve, soup

LANGS = ("id", "en")
CATEGORIES = [("Kota", "City"), ("Olahraga", "Sports"), ("Film", "Film")]
TAGS = [("Banjir", "Floods"), ("Bali", "Bali"), ("Sekolah", "Schools"), ("Kopi", "Coffee")]
BODY = {
    "id": "Warga mengatakan bahwa mereka sudah lama menunggu kabar ini dari pemerintah.",
    "en": "Residents said that they had been waiting for this news from the government.",
}
STORY_PAGE = re.compile(r"^(/en)?/\d{4}/\d{2}/[a-z0-9-]+/$")

story = st.fixed_dictionaries(
    {
        "variants": st.sets(st.sampled_from(LANGS), min_size=1),
        "drafts": st.sets(st.sampled_from(LANGS)),
        "category": st.integers(0, len(CATEGORIES) - 1),
        "tags": st.sets(st.integers(0, len(TAGS) - 1), max_size=3),
        "localised_slug": st.booleans(),
        "day": st.integers(1, 28),
    }
)


def write_corpus(root, stories):
    folder = root / "articles" / "2025"
    folder.mkdir(parents=True)
    for n, spec in enumerate(stories):
        for lang in sorted(spec["variants"]):
            i = LANGS.index(lang)
            slug = f"story-{n}" + ("-en" if lang == "en" and spec["localised_slug"] else "")
            tags = ", ".join(TAGS[t][i] for t in sorted(spec["tags"]))
            status = "Status: draft\n" if lang in spec["drafts"] else ""
            (folder / f"story-{n}.{lang}.md").write_text(
                f"Title: {'Berita' if lang == 'id' else 'Story'} {n}\nSlug: {slug}\n"
                f"Date: 2025-03-{spec['day']:02d} {n % 24:02d}:00\n"
                f"Category: {CATEGORIES[spec['category']][i]}\nTags: {tags}\n{status}\n"
                f"{BODY[lang]}\n",
                encoding="utf-8",
            )


def published(stories):
    """{(n, lang)} of every variant that must appear."""
    return {(n, lang) for n, s in enumerate(stories) for lang in s["variants"] - s["drafts"]}


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(story, min_size=1, max_size=7))
def test_random_corpora_keep_the_linking_invariants(stories):
    work = Path(tempfile.mkdtemp(prefix="property-"))
    try:
        write_corpus(work / "content", stories)
        result = build_site(
            work / "content", work / "out", extra={"DEFAULT_PAGINATION": 2}, search=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        check_site(work / "out", stories)
    finally:
        shutil.rmtree(work)


def check_site(root, stories):
    pages = {page_url(root, p): soup(p) for p in html_pages(root)}
    expected = published(stories)
    # Every published variant appears exactly once; no draft anywhere.
    found = {}
    for url, document in pages.items():
        if STORY_PAGE.match(url):
            title = document.h1.get_text()
            lang = document.html["lang"]
            n = int(title.rsplit(" ", 1)[1])
            assert (n, lang) not in found, f"story {n} ({lang}) written twice"
            found[(n, lang)] = url
    assert set(found) == expected
    for url, document in pages.items():
        # Nothing links a story that was not published (drafts never leak).
        for a in document.select("a[href]"):
            target = resolve(url, a["href"])
            if target and STORY_PAGE.match(target):
                assert target in found.values(), f"{url} links {target}"
        if url.endswith("404.html"):
            continue
        lang = document.html["lang"]
        # Every switcher target and hreflang target exists.
        for a in document.select("nav.lang-switcher a[href]"):
            target = resolve(url, a["href"])
            assert target in pages, f"{url}: switcher -> {target}"
            assert lang_of(root, target) == a["hreflang"]
        for link in document.select('link[rel="alternate"][hreflang]'):
            target = resolve(url, link["href"])
            assert target in pages, f"{url}: hreflang -> {target}"
        # No listing mixes languages.
        if not STORY_PAGE.match(url):
            for card in document.select("article.card h2 a[href]"):
                assert lang_of(root, resolve(url, card["href"])) == lang, url
