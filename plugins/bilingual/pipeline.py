"""The linking step: from what Pelican read to the per-language site.

``link_site`` runs once per build, when Pelican has read every file, and is
the whole flow, top to bottom (the diagram of its steps and their data is
in this folder's README.md, "How it works": keep it in step with
``link_site``).

Each step is a function below that takes data and returns data, but for
three kinds of change in place: the ``Site``'s listings are filled in by
``terms``, ``list`` and ``paginate``, and URLs and term links are written
onto Pelican's objects by ``freeze URLs`` and ``terms``.
Every content error is collected on the way and raised as one
``ContentError`` before Pelican writes anything.
"""

import math
import re
from collections.abc import Mapping
from functools import partial
from html import unescape
from itertools import pairwise
from typing import Any
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from pelican.generators import ArticlesGenerator, PagesGenerator

from . import editorial, validate
from .content_tree import ContentTree, tree_of
from .description import describe
from .errors import ContentError, in_order
from .image_store import derive_images
from .listing import Listing, Redirect
from .pelican_internals import (
    add_link_target,
    console_print,
    freeze_url,
    raw_body,
    read_sources,
    readers_of,
    replaced_link_starts,
    set_raw_body,
    skip_term_pages,
    static_files,
)
from .reader import BilingualMarkdownReader
from .related import related_stories
from .settings import Settings
from .site import Site
from .taxonomy import localise_terms, term_slug, weighted_terms
from .variants import Alternates, alternates, group_variants, original_language, staleness
from .views import Editorial, Neighbours, PageView, Pairing

Content = Any  # a Pelican Article or Page
PelicanGenerator = Any  # one of Pelican's generators (articles, pages, static, ours)
Context = Mapping[str, Any]  # Pelican's generator context
Problems = list[str]


def link_site(generators: list[PelicanGenerator]) -> None:
    """all_generators_finalized: validate, pair and index the whole site."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    context, settings = articles_gen.context, articles_gen.settings

    problems, unread = read_problems(generators)
    articles, pages = collect(articles_gen, pages_gen, settings)
    contents = articles + pages
    tree = tree_of(context)
    problems += check_sources(tree, settings, context)
    freeze_urls(contents)
    problems += validate.unique_urls(contents)

    site = Site(settings)
    site.start(articles, pages)
    pairs, more = pair(articles, pages, site.languages)
    if more:  # a story with two variants in one language cannot be linked
        stop_if(problems + more)
    problems += more
    editorials, redirects = read_editorial(contents, site)
    listed = [a for a in articles if site.listed(a)]
    problems += localise_terms(site, articles, listed, pairs)
    site.list_stories(listed)
    neighbours = link_neighbours(articles, site)
    site.paginate()
    links = alternates_of(contents, pairs, site)
    views = {
        c: view(c, pairs[c], editorials[c], neighbours.get(c, Neighbours()), links[c], site)
        for c in contents
    }
    site.redirects = redirects
    problems += validate.free_alias_urls(redirects, contents)
    problems += validate.links(contents, read_sources(context), unread, site, settings)
    images, more = derive_images(context, tree, articles, contents, settings, unread)
    problems += more
    stop_if(problems)

    site.views = views
    link_terms(contents, site, context)
    encode_static_urls(context)
    context["bilingual"] = site
    context["bilingual_images"] = images
    report(site, articles_gen, pages_gen, contents)
    # Pelican's own lists mix languages; templates use the site's instead.
    articles_gen.articles = newest_first(articles_gen.articles)
    skip_term_pages(articles_gen)


# Steps, in order -------------------------------------------------------------------


def read_problems(generators: list[PelicanGenerator]) -> tuple[Problems, set[str]]:
    """What the readers met: every problem of every file read, and the
    files they could not read because of them."""
    readers = {
        id(reader): reader
        for generator in generators
        for reader in readers_of(generator)
        if isinstance(reader, BilingualMarkdownReader)
    }
    for reader in readers.values():
        reader.finish()
    problems = [p for reader in readers.values() for p in reader.problems]
    return problems, {path for reader in readers.values() for path in reader.unread}


def collect(
    articles_gen: PelicanGenerator, pages_gen: PelicanGenerator, settings: Settings
) -> tuple[list[Content], list[Content]]:
    """The stories (newest first) and pages (by path) the site is made of:
    published and hidden ones, and drafts in the live preview."""
    articles = articles_gen.articles + articles_gen.hidden_articles
    pages = pages_gen.pages + pages_gen.hidden_pages
    if settings["BILINGUAL_PREVIEW_DRAFTS"]:
        articles += articles_gen.drafts
        pages += pages_gen.draft_pages
    return newest_first(articles), sorted(pages, key=lambda p: p.source_path)


def check_sources(tree: ContentTree, settings: Settings, context: Context) -> Problems:
    return (
        validate.contained(tree)
        + validate.only_markdown(tree, settings)
        + validate.no_failed_sources(context)
    )


def freeze_urls(contents: list[Content]) -> None:
    """URLs are final once the fields they need are known; Pelican would
    recompute them on every access (tens of thousands per build)."""
    for content in contents:
        freeze_url(content, content.url, content.save_as)


def pair(
    articles: list[Content], pages: list[Content], languages: list[str]
) -> tuple[dict[Content, Pairing], Problems]:
    """Each variant's place among its story's variants, by translation key."""
    pairs: dict[Content, Pairing] = {}
    problems: Problems = []
    for contents in (articles, pages):
        groups, clashes = group_variants(contents, _key, _lang)
        problems += validate.no_clashes(clashes)
        for variants in groups.values():
            declared, more = validate.declared_original(variants)
            problems += more
            written_in = original_language(variants, languages[0], declared)
            assert written_in is not None  # a story has at least one variant
            original = variants[written_in]
            for lang, content in variants.items():
                others = [variants[o] for o in languages if o != lang and o in variants]
                pairs[content] = Pairing(
                    is_original=content is original,
                    original=original,
                    translations=tuple(o for o in others if o.status == content.status),
                    original_updated=original_updated(content, original),
                )
    return pairs, problems


def read_editorial(
    contents: list[Content], site: Site
) -> tuple[dict[Content, Editorial], list[Redirect]]:
    """Corrections, credits and old URLs (``Aliases``) of each content: each
    value was checked when its file was read (``fields.check_header``)."""
    zone = ZoneInfo(site.settings["TIMEZONE"])
    found: dict[Content, Editorial] = {}
    redirects: list[Redirect] = []
    for content in contents:
        found[content] = Editorial(
            tuple(editorial.corrections(content, zone)),
            editorial.source(content),
            editorial.translator(content),
            editorial.translation_method(content),
        )
        for alias in editorial.aliases(content):
            url, save_as = editorial.alias_path(
                content, alias, site.settings, site.prefix(content.lang)
            )
            redirects.append(Redirect(content.lang, url, save_as, content))
    return found, redirects


def link_neighbours(articles: list[Content], site: Site) -> dict[Content, Neighbours]:
    """Related stories, and the newer and older story, in each language."""
    found: dict[Content, dict[str, Any]] = {a: {} for a in articles}
    for home in site.homes.values():
        stories = home.articles  # newest first
        for story, related in zip(stories, related_stories(stories, weighted_terms), strict=True):
            found[story]["related"] = tuple(related)
        for newer, older in pairwise(stories):
            found[newer]["older"], found[older]["newer"] = older, newer
    return {article: Neighbours(**fields) for article, fields in found.items()}


def alternates_of(
    contents: list[Content], pairs: Mapping[Content, Pairing], site: Site
) -> dict[Content, Alternates]:
    """The hreflang set and switcher targets of each story and page."""
    homes = site.home_urls()
    return {
        c: alternates(
            c.lang, c.url, {t.lang: t.url for t in pairs[c].translations}, site.languages, homes
        )
        for c in contents
    }


def view(
    content: Content,
    pairing: Pairing,
    found: Editorial,
    neighbours: Neighbours,
    links: Alternates,
    site: Site,
) -> PageView:
    wpm = site.specs[content.lang]["words_per_minute"]
    return PageView(
        pairing,
        found,
        neighbours,
        links,
        summary_text(content, site.settings),
        max(1, math.ceil(getattr(content, "word_count", 0) / wpm)),
    )


# Found from the brace, then taken only where Pelican replaces a link, as
# validate.body_links does.
TERM_LINK = re.compile(r"""\{(?P<kind>tag|category|author)\}(?P<name>[^"'#?]*)""")


def link_terms(contents: list[Content], site: Site, context: Context) -> None:
    """``{tag}Meta`` links the tag's page in the linking story's language.

    Pelican would link one page for all languages (``tag/meta.html``, which
    we do not write); the link becomes a ``{static}`` link to the term's
    listing, which Pelican's link replacement then resolves against the
    page's SITEURL like any other."""

    def replace(content: Content, links: frozenset[int], match: re.Match[str]) -> str:
        if match.start() not in links:
            return match[0]  # a {tag} in the text (a code sample), not a link
        slug = term_slug(match["kind"], unquote(unescape(match["name"])), site.settings)
        term = site.term(match["kind"], content.lang, slug)
        key = f"~terms/{match['kind']}/{content.lang}/{slug}"
        add_link_target(context, key, term)
        return f"{{static}}/{key}"

    for content in contents:
        body = raw_body(content)
        if "{" not in body:
            continue
        linked = TERM_LINK.sub(partial(replace, content, replaced_link_starts(content)), body)
        if linked != body:
            set_raw_body(content, linked)


def encode_static_urls(context: Context) -> None:
    """``images/3. iOS hiking.jpg`` is linked as ``images/3.%20iOS%20hiking.jpg``:
    a space is not allowed in a URL."""
    for static in static_files(context):
        url = getattr(static, "url", None)
        if url and quote(url, safe="/") != url and not isinstance(static, Listing):
            freeze_url(static, quote(url, safe="/"))


def report(
    site: Site,
    articles_gen: PelicanGenerator,
    pages_gen: PelicanGenerator,
    contents: list[Content],
) -> None:
    """The build summary, and what the HTML sanitiser removed, per file."""
    console_print(site.summary(articles_gen.drafts, pages_gen.draft_pages))
    for content in sorted(contents, key=lambda c: c.relative_source_path):
        if content.metadata.get("html_removed"):
            removed = ", ".join(content.metadata["html_removed"])
            console_print(f"{content.relative_source_path}: removed {removed}", literal=True)


# Helpers -----------------------------------------------------------------------------


def stop_if(problems: Problems) -> None:
    if problems:
        raise ContentError(*in_order(problems))


def original_updated(translation: Content, original: Content) -> bool:
    """True when the translation is stale by the rule ``make status`` uses
    (``variants.staleness``)."""
    if translation is original:
        return False
    corrections = [
        sum(bool(editorial.CORRECTION_KEY.match(key)) for key in c.metadata)
        for c in (original, translation)
    ]
    stale, _why = staleness(
        (translation.metadata.get("original-hash") or "").strip(),
        original.metadata["body_fingerprint"],
        getattr(original, "modified", None),
        getattr(translation, "modified", None) or getattr(translation, "date", None),
        corrections[0] - corrections[1],
    )
    return stale


def summary_text(content: Content, settings: Settings) -> str:
    """The Summary header, else the body's first words, else the hero
    image's caption or alt text (see ``description.describe``)."""
    meta = content.metadata
    image = "image" in meta
    return describe(
        meta.get("summary"),
        raw_body(content),
        meta.get("image_caption") if image else None,
        meta.get("image_alt") if image else None,
        settings["SUMMARY_MAX_LENGTH"],
    )


def newest_first(items: list[Content]) -> list[Content]:
    return sorted(items, key=lambda a: (a.date, a.source_path), reverse=True)


def _key(content: Content) -> str:
    key: str = content.translation_key
    return key


def _lang(content: Content) -> str:
    lang: str = content.lang
    return lang
