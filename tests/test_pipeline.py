"""Each step of the linking pipeline (plugins/bilingual/pipeline.py) on plain
fakes: no Pelican run, no files."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from bilingual import editorial, pipeline
from bilingual.errors import ContentError
from bilingual.views import Pairing

JAKARTA = ZoneInfo("Asia/Jakarta")


class Fake:
    """A Pelican object's stand-in: attributes only, hashed by identity as
    Pelican's content objects are."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


LANGUAGES = ["id", "en"]


def story(key, lang, status="published", day=1, **metadata):
    return Fake(
        translation_key=key,
        lang=lang,
        status=status,
        url=f"{'' if lang == 'id' else 'en/'}2025/06/{key}/",
        date=datetime(2025, 6, day, 9, tzinfo=JAKARTA),
        source_path=f"articles/{key}.{lang}.md",
        relative_source_path=f"articles/{key}.{lang}.md",
        metadata={"body_fingerprint": f"fp-{key}-{lang}", **metadata},
    )


def test_pair_ties_variants_and_finds_the_original():
    id_, en, alone = story("banjir", "id"), story("banjir", "en"), story("gempa", "en")
    pairs, problems = pipeline.pair([id_, en, alone], [], LANGUAGES)
    assert problems == []
    assert pairs[id_] == Pairing(True, id_, (en,), False)
    assert pairs[en] == Pairing(False, id_, (id_,), False)
    assert pairs[alone] == Pairing(True, alone, (), False)


def test_pair_honours_a_declared_original_and_skips_other_statuses():
    id_, en = story("kopi", "id", original="en"), story("kopi", "en", original="en")
    draft = story("teh", "en", status="draft")
    pairs, _ = pipeline.pair([id_, en, draft, story("teh", "id")], [], LANGUAGES)
    assert pairs[en].is_original and pairs[id_].original is en
    assert pairs[draft].translations == ()


def test_pair_reports_two_variants_in_one_language():
    first, second = story("banjir", "id"), story("banjir", "id")
    second.relative_source_path = "articles/banjir.id.markdown"
    _pairs, problems = pipeline.pair([first, second], [], LANGUAGES)
    assert problems == [
        "articles/banjir.id.markdown: field 'lang': story 'banjir' already has a 'id' "
        "variant in articles/banjir.id.md"
    ]


def test_a_translation_is_stale_when_the_original_changed():
    original = story("a", "id")
    assert not pipeline.original_updated(story("a", "en", **{"original-hash": "fp-a-id"}), original)
    assert pipeline.original_updated(story("a", "en", **{"original-hash": "old"}), original)
    assert not pipeline.original_updated(original, original)


def test_a_translation_lacking_a_correction_is_stale_in_the_build_as_in_status():
    """One rule (variants.staleness) for the build's notice and make status."""
    original = story("a", "id", correction="2025-06-02 10:00 | Angka diperbaiki.")
    current = story("a", "en", **{"original-hash": "fp-a-id"})
    assert pipeline.original_updated(current, original)
    current.metadata["correction"] = "2025-06-02 10:00 | Figure corrected."
    assert not pipeline.original_updated(current, original)


def test_read_editorial_reads_corrections_oldest_first_and_credits():
    """Malformed values never get here: the reader refuses them with their
    line (test_content_errors.py, BROKEN)."""
    site = SimpleNamespace(settings={"TIMEZONE": "Asia/Jakarta"}, prefix=lambda lang: "")
    good = story(
        "a",
        "id",
        correction="2025-06-03 10:00 | Kedua.",
        **{"correction-2": "2025-06-02 | Pertama."},
        source="Wire | https://wire.example/a",
        translation="Human",
    )
    found, redirects = pipeline.read_editorial([good], site)
    assert [c.text for c in found[good].corrections] == ["Pertama.", "Kedua."]
    assert found[good].source == editorial.Credit("Wire", "https://wire.example/a")
    assert found[good].translation_method == "human" and redirects == []


def test_neighbours_are_per_language_newest_first():
    term = lambda slug: SimpleNamespace(slug=slug)  # noqa: E731
    stories = [story(k, "id", day=d) for k, d in (("c", 3), ("b", 2), ("a", 1))]
    for s in stories:
        s.category, s.tags = term("kota"), [term("banjir")]
    site = SimpleNamespace(homes={"id": SimpleNamespace(articles=stories)})
    found = pipeline.link_neighbours(stories, site)
    newest, middle, oldest = stories
    assert found[middle].newer is newest and found[middle].older is oldest
    assert found[newest].newer is None and found[oldest].older is None
    assert found[newest].related == (middle, oldest)


def test_alternates_list_the_page_and_its_counterparts():
    id_, en = story("banjir", "id"), story("banjir", "en")
    pairs, _ = pipeline.pair([id_, en], [], LANGUAGES)
    site = SimpleNamespace(languages=LANGUAGES, home_urls=lambda: {"id": "", "en": "en/"})
    links = pipeline.alternates_of([id_, en], pairs, site)
    assert [(a.hreflang, a.url) for a in links[en].hreflang] == [
        ("id", id_.url),
        ("en", en.url),
        ("x-default", id_.url),
    ]


def test_problems_are_raised_once_in_natural_order():
    with pytest.raises(ContentError) as raised:
        pipeline.stop_if(["b.md:10: x", "b.md:9: y", "a.md: z", "b.md:9: y"])
    assert raised.value.problems == ("a.md: z", "b.md:9: y", "b.md:10: x")
    pipeline.stop_if([])  # nothing to report: no error


def test_a_cached_fragment_is_keyed_by_its_name_arguments_and_siteurl():
    """Cards, navigation and footers are rendered once per key; the key holds
    everything they depend on, so a fragment never leaks into another page,
    and nothing else, so a story's card is rendered once for every listing."""
    from jinja2 import Environment

    from bilingual.generator import cached, current_page
    from bilingual.site import Site

    renders = []
    env = Environment(autoescape=True)
    env.globals.update(
        cached=cached, current_page=current_page, count=lambda: renders.append(1) or len(renders)
    )
    template = env.from_string(
        "{% macro card(story) %}{{ story.title }}@{{ SITEURL }}#{{ count() }}{% endmacro %}"
        "{% macro nav() %}nav#{{ count() }}{% endmacro %}"
        '{{ cached("card", card, a) }} {{ cached("card", card, a) }} {{ cached("card", card, b) }}'
        ' {{ cached(("card", "lead"), card, a) }} {{ cached(("nav", current_page()), nav) }}'
    )
    site = Site.__new__(Site)
    site._fragments = {}
    a = Fake(title="A", source_path="a.id.md")
    b = Fake(title="B", source_path="b.id.md")
    page = template.render(bilingual=site, SITEURL="..", a=a, b=b)
    assert page == "A@..#1 A@..#1 B@..#2 A@..#3 nav#4"
    deeper = template.render(bilingual=site, SITEURL="../..", a=a, b=b)
    assert deeper == "A@../..#5 A@../..#5 B@../..#6 A@../..#7 nav#8"
    # Navigation marks the current listing or page: each has its own copy;
    # a card is the same on every listing.
    listing = Fake(url="kategori/kota/")
    on_listing = template.render(bilingual=site, SITEURL="..", a=a, b=b, listing=listing)
    assert on_listing == "A@..#1 A@..#1 B@..#2 A@..#3 nav#9"
    page = Fake(source_path="pages/about.id.md")
    on_page = template.render(bilingual=site, SITEURL="..", a=a, b=b, page=page)
    assert on_page == "A@..#1 A@..#1 B@..#2 A@..#3 nav#10"
