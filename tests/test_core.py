"""The pure core of the translation-linking plugin, without Pelican."""

from bilingual.reader import split_name
from bilingual.source import split_header
from bilingual.terms import equivalents
from bilingual.variants import alternates, counterpart_page, group_variants, original_language

LANGS = ["id", "en"]
HOMES = {"id": "", "en": "en/"}


def test_file_name_gives_translation_key_and_language():
    assert split_name("articles/2025/story.id.md", LANGS) == ("articles/2025/story", "id")
    assert split_name("articles/2025/story.en.md", LANGS) == ("articles/2025/story", "en")
    assert split_name("articles/2025/story.fr.md", LANGS) == ("articles/2025/story.fr", "fr")
    assert split_name("articles/2025/story.md", LANGS) == ("articles/2025/story", None)


def test_header_parsing_handles_continuations_and_duplicates():
    header, duplicates, body = split_header("Title: A\nTags: x,\n    y\nTitle: B\n\nBody\n")
    assert header == {"title": "B", "tags": "x, y"}
    assert duplicates == ["title"]
    assert body == "Body\n"
    assert split_header("No header here\n") == ({}, [], "No header here\n")


def test_variants_are_grouped_by_key_and_clashes_reported():
    items = [("a", "id"), ("a", "en"), ("b", "id"), ("a", "id")]
    groups, clashes = group_variants(items, key=lambda i: i[0], lang=lambda i: i[1])
    assert set(groups) == {"a", "b"}
    assert set(groups["a"]) == {"id", "en"}
    assert clashes == [("a", "id", ("a", "id"), ("a", "id"))]


def test_original_is_declared_else_default_language_else_first():
    assert original_language({"id": 1, "en": 2}, "id") == "id"
    assert original_language({"id": 1, "en": 2}, "id", declared="en") == "en"
    assert original_language({"en": 2}, "id") == "en"


def test_alternates_are_self_inclusive_with_x_default_on_default_language():
    alt = alternates("en", "en/story/", {"id": "story/"}, LANGS, HOMES)
    assert [(a.hreflang, a.url) for a in alt.hreflang] == [
        ("id", "story/"),
        ("en", "en/story/"),
        ("x-default", "story/"),
    ]
    assert [(t.lang, t.url, t.available) for t in alt.switcher] == [("id", "story/", True)]


def test_page_without_counterpart_links_other_home_and_lists_no_hreflang_for_it():
    alt = alternates("en", "en/only/", {}, LANGS, HOMES)
    assert [(a.hreflang, a.url) for a in alt.hreflang] == [
        ("en", "en/only/"),
        ("x-default", "en/only/"),
    ]
    assert [(t.lang, t.url, t.available) for t in alt.switcher] == [("id", "", False)]


def test_page_n_maps_to_page_n_or_the_last_page_of_the_counterpart():
    assert counterpart_page(2, 5) == 2
    assert counterpart_page(3, 2) == 2


def slug(name):
    return name.lower().replace(" ", "-")


def test_explicit_term_mapping_wins_and_is_symmetric():
    mapping, _ = equivalents([{"id": "Teknologi", "en": "Technology"}], [], LANGS, slug)
    assert mapping[("id", "teknologi")] == {"en": "technology"}
    assert mapping[("en", "technology")] == {"id": "teknologi"}


def test_terms_are_inferred_from_translated_pairs_when_unambiguous():
    twins = [
        {"id": {"Olahraga", "Bola"}, "en": {"Sports", "Football"}},
        {"id": {"Olahraga"}, "en": {"Sports"}},
        {"id": {"Bola", "Liga"}, "en": {"Football", "League"}},
    ]
    mapping, conflicts = equivalents([], twins, LANGS, slug)
    assert mapping[("id", "olahraga")] == {"en": "sports"}
    assert mapping[("en", "football")] == {"id": "bola"}
    # "Liga" appears once beside "Bola"; its only unmapped candidate is "League".
    assert mapping[("id", "liga")] == {"en": "league"}
    assert conflicts == []


def test_a_term_spelled_alike_pairs_with_itself_first():
    twins = [{"id": {"Bali", "Pantai"}, "en": {"Bali", "Beach"}}]
    mapping, conflicts = equivalents([], twins, LANGS, slug)
    assert mapping[("id", "bali")] == {"en": "bali"}
    assert mapping[("id", "pantai")] == {"en": "beach"}
    assert conflicts == []


def test_ambiguous_terms_are_not_paired_and_are_reported():
    twins = [{"id": {"Pantai", "Pulau"}, "en": {"Beach", "Island"}}]
    mapping, conflicts = equivalents([], twins, LANGS, slug)
    assert ("id", "pantai") not in mapping
    assert any("pantai" in c for c in conflicts)


def test_related_stories_share_terms_rank_by_overlap_then_recency_and_exclude_self():
    from bilingual.related import related_stories

    stories = ["e", "d", "c", "b", "a"]  # newest first
    terms = {
        "e": [("tag:x", 2), ("cat:1", 1)],
        "d": [("tag:x", 2), ("tag:y", 2), ("cat:1", 1)],
        "c": [("tag:z", 2)],
        "b": [("cat:1", 1)],
        "a": [("tag:x", 2), ("tag:y", 2)],
    }
    related = dict(zip(stories, related_stories(stories, lambda s: terms[s], limit=4), strict=True))
    assert related["d"] == ["a", "e", "b"]  # a shares two tags; e a tag and the category
    assert related["c"] == []
    assert "e" not in related["e"]


def test_related_stories_stay_bounded_per_term():
    from bilingual.related import related_stories

    stories = [f"s{n}" for n in range(1000)]
    related = related_stories(stories, lambda s: [("cat:all", 1)], limit=4, window=10)
    assert related[999] == ["s0", "s1", "s2", "s3"]
    assert related[0] == ["s1", "s2", "s3", "s4"]
