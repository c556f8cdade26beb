"""Per-language taxonomy: categories, tags and authors as listings.

Pelican's taxonomy objects are shared across languages and merge terms
spelled alike (``Bali``, ``Film``); here every (kind, language, slug) is its
own listing, linked to its equivalents in the other languages through the
explicit mapping in settings or inference (``terms.py``).
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol

from .errors import problem
from .listing import Listing
from .pelican_internals import slugify
from .settings import Settings
from .site import Site
from .terms import Twin, equivalents
from .views import Pairing

Content = Any  # a Pelican Article or Page


class PelicanTerm(Protocol):
    """What we read of Pelican's Category, Tag or Author."""

    @property
    def name(self) -> str: ...
    @property
    def slug(self) -> str: ...


TERM_KINDS = ("category", "tag", "author")
FIELD_OF = {"category": "category", "tag": "tags", "author": "authors"}


def localise_terms(
    site: Site,
    articles: Sequence[Content],
    listed: Sequence[Content],
    pairs: Mapping[Content, Pairing],
) -> list[str]:
    """Replace Pelican's taxonomy objects (shared across languages, merged
    by slug) with per-language listings, and pair them across languages.
    Every written story gets its terms; only listed stories are listed.
    ``pairs`` is each story's ``Pairing``; returns the problems found (two
    spellings of one term)."""
    problems: list[str] = []
    for article in articles:
        article.category = _term(site, "category", article, article.category, problems)
        article.tags = [
            _term(site, "tag", article, t, problems) for t in getattr(article, "tags", [])
        ]
        article.authors = [
            _term(site, "author", article, a, problems) for a in getattr(article, "authors", [])
        ]
        if article.authors:
            article.author = article.authors[0]
    for article in listed:
        for kind in TERM_KINDS:
            for term in terms_of(article, kind):
                term.articles.append(article)

    for kind in TERM_KINDS:
        twins: list[Twin] = []
        for article in listed:
            pairing = pairs[article]
            if pairing.is_original and pairing.translations:
                story = [article, *pairing.translations]
                twins.append({a.lang: {t.name for t in terms_of(a, kind)} for a in story})
        explicit = site.settings["BILINGUAL_TERMS"].get(kind, [])
        if kind == "author":
            explicit = []  # authors are people: the same name in every language
        slugify = _slugify(site, kind)
        mapping, conflicts = equivalents(explicit, twins, site.languages, slugify)
        site.conflicts += [f"{kind}: {c}" for c in conflicts]
        for (k, lang, slug), term in site.terms.items():
            if k != kind:
                continue
            others = dict(mapping.get((lang, slug), {}))
            if kind == "author":
                others = {o: slug for o in site.languages if o != lang}
            term.counterparts = {
                o: site.terms[(kind, o, s)]
                for o, s in others.items()
                if (kind, o, s) in site.terms and site.terms[(kind, o, s)].articles
            }
    return problems


def _term(
    site: Site, kind: str, article: Content, wrapper: PelicanTerm, problems: list[str]
) -> Listing:
    key = (kind, article.lang, wrapper.slug)
    term = site.terms.get(key)
    if term is None:
        url = site.section_url(kind, article.lang, wrapper.slug)
        term = site.new_listing(kind, article.lang, url, name=wrapper.name, slug=wrapper.slug)
        term.source = article.relative_source_path
        site.terms[key] = term
    elif term.name != wrapper.name:
        # "C#" and "C++" both make /tag/c/: one page would carry both names.
        problems.append(
            problem(
                article.relative_source_path,
                FIELD_OF[kind],
                f"{wrapper.name!r} and {term.name!r} (in {term.source}) both make the URL "
                f"/{term.url}; spell them alike if they are one {kind}, or rename one",
            )
        )
    return term


def _slugify(site: Site, kind: str) -> Callable[[str], str]:
    """Slugs as Pelican makes them for this kind of term, once per name."""
    return lru_cache(maxsize=None)(lambda name: term_slug(kind, name, site.settings))


def term_slug(kind: str, name: str, settings: Settings) -> str:
    """The slug Pelican's Category, Tag or Author makes of ``name`` (its
    URLWrapper.slug rules), without the warning it logs for an empty one."""
    subs = settings.get(
        f"{kind.upper()}_REGEX_SUBSTITUTIONS", settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    )
    slug: str = slugify(
        name,
        regex_subs=subs,
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )
    return slug


def terms_of(article: Content, kind: str) -> list[Listing]:
    """An article's terms of one kind, as a list."""
    if kind == "category":
        return [article.category]
    terms: list[Listing] = article.tags if kind == "tag" else article.authors
    return terms


def weighted_terms(article: Content) -> Iterator[tuple[tuple[str, str], int]]:
    """What makes two stories related: shared tags count double the category."""
    yield ("category", article.category.slug), 1
    for tag in article.tags:
        yield ("tag", tag.slug), 2
