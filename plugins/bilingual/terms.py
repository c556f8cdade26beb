"""Category and tag equivalence across languages (pure functions).

A term is identified by (language, slug). Equivalence comes first from the
explicit mapping in settings; terms it does not cover are paired when the
translated stories agree on them without ambiguity: a term ``a`` of language
A pairs with ``b`` of language B when ``b`` is the only B term that every B
twin of an A story carrying ``a`` also carries (or is spelled like ``a``),
and the same holds the other way round.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

Term = tuple[str, str]  # (language, slug)
# {(lang, slug): {other_lang: slug}}
Equivalents = dict[Term, dict[str, str]]
# {lang: set of term slugs} of one translated story
Twin = dict[str, set[str]]


def equivalents(
    explicit: Iterable[Mapping[str, str]],
    twins: Iterable[Mapping[str, Iterable[str]]],
    languages: Sequence[str],
    slugify: Callable[[str], str],
) -> tuple[Equivalents, list[str]]:
    """Return ({(lang, slug): {other_lang: slug}}, [conflict messages]).

    ``explicit`` is a list of {lang: name} groups from settings; ``twins`` a
    list of {lang: set of term names} for each translated story.
    """
    mapping: defaultdict[Term, dict[str, str]] = defaultdict(dict)
    conflicts: list[str] = []
    for group in explicit:
        slugs = {code: slugify(name) for code, name in group.items()}
        for code, slug in slugs.items():
            for other, other_slug in slugs.items():
                if other != code:
                    mapping[(code, slug)][other] = other_slug

    slugged = [{c: {slugify(n) for n in names} for c, names in t.items()} for t in twins]
    for a in languages:
        for b in languages:
            if a < b:
                _infer(a, b, slugged, mapping, conflicts)
    return dict(mapping), conflicts


def _candidates(
    a: str, b: str, twins: list[Twin], mapping: Mapping[Term, dict[str, str]]
) -> dict[str, set[str]]:
    """For each unmapped A term: the B terms common to all its B twins."""
    found: dict[str, set[str]] = {}
    for story in twins:
        if a not in story or b not in story:
            continue
        for term in story[a]:
            if b in mapping.get((a, term), {}):
                continue
            unmapped = {t for t in story[b] if a not in mapping.get((b, t), {})}
            found[term] = found[term] & unmapped if term in found else unmapped
    # A term spelled the same in both languages ("Bali") is its own match.
    return {t: ({t} if t in options else options) for t, options in found.items()}


def _infer(
    a: str,
    b: str,
    twins: list[Twin],
    mapping: defaultdict[Term, dict[str, str]],
    conflicts: list[str],
) -> None:
    """Pair unambiguous terms, repeating while each round pairs more (a pair
    found in one round removes candidates in the next)."""
    while True:
        forward = _candidates(a, b, twins, mapping)
        backward = _candidates(b, a, twins, mapping)
        paired = False
        for term, options in sorted(forward.items()):
            if len(options) == 1:
                (other,) = options
                if backward.get(other) == {term} and b not in mapping.get((a, term), {}):
                    mapping[(a, term)][b] = other
                    mapping[(b, other)][a] = term
                    paired = True
        if not paired:
            break
    for term, options in sorted(forward.items()):
        if len(options) > 1:
            conflicts.append(
                f"term '{term}' ({a}) could match any of "
                f"{', '.join(sorted(options))} ({b}); add it to BILINGUAL_TERMS"
            )
