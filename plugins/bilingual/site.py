"""The per-language site: listings, taxonomy terms and counterparts.

``link_site`` runs once per build, after Pelican has read every file. It
validates the content, pairs variants, localises taxonomy terms, and leaves a
``Site`` on the generator context; templates and our generator read it from
there. Content objects get ``translations``, ``alternates`` and
``reading_minutes``.
"""

import math
import re
from datetime import UTC, datetime, timedelta
from functools import partial
from html import unescape
from itertools import pairwise
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.paginator import Paginator

from . import editorial, validate
from .dates import rfc3339
from .description import describe
from .errors import ContentError
from .feeds import feed_path
from .listing import Feed, Listing, Redirect
from .pelican_internals import (
    add_link_target,
    console_print,
    freeze_url,
    raw_body,
    read_sources,
    readers_of,
    set_raw_body,
    static_files,
)
from .reader import BilingualMarkdownReader
from .related import related_stories
from .settings import language_codes
from .sitemap import Entry
from .taxonomy import localise_terms, term_slug, weighted_terms
from .variants import alternates, counterpart_page, group_variants, original_language

# Index pages and the URL section each lives under.
INDEXES = {
    "categories": "category",
    "tags": "tag",
    "authors": "author",
    "archives": "archives",
    "search": "search",
}
INDEX_OF = {"category": "categories", "tag": "tags", "author": "authors"}


class Site:
    """Everything per language that templates and the generator need."""

    def __init__(self, settings):
        self.settings = settings
        self.languages = language_codes(settings)
        self.specs = settings["BILINGUAL_LANGUAGES"]
        self.homes = {}
        self.indexes = {}  # (kind, lang) -> Listing for categories/tags/authors/archives
        self.terms = {}  # (kind, lang, slug) -> Listing
        self.conflicts = []
        self._pages = []
        self._contents = []
        self.newest_date = None
        self._fragments = {}  # rendered HTML reused across pages
        self.redirects = []  # old URLs (Aliases) pointing at their content
        self.problems = []  # content errors found while linking

    # URLs -----------------------------------------------------------------
    def prefix(self, lang):
        return "" if lang == self.languages[0] else f"{lang}/"

    def section_url(self, kind, lang, slug=""):
        segment = self.specs[lang]["sections"][kind]
        return f"{self.prefix(lang)}{segment}/" + (f"{slug}/" if slug else "")

    def new_listing(self, kind, lang, url, **kwargs):
        return Listing(kind, lang, url, url + "index.html", **kwargs)

    def _listed(self, content):
        """Published content is listed; drafts too, in the live preview."""
        if content.status == "draft":
            return self.settings["BILINGUAL_PREVIEW_DRAFTS"]
        return content.status == "published"

    # What templates ask -----------------------------------------------------
    def language_name(self, lang):
        return self.specs[lang]["name"]

    def categories(self, lang):
        return self.index_of("categories", lang).articles

    def fragment(self, *key):
        """HTML a template rendered earlier under the same key, or None.

        Story cards and the navigation of story pages come out the same on
        many pages; templates render them once per key (which includes the
        SITEURL, relative per folder depth) and reuse them."""
        return self._fragments.get(key)

    def remember(self, html, *key):
        self._fragments[key] = html
        return html

    def pages(self, lang):
        """Published static pages in one language, for the footer."""
        return [p for p in self._pages if p.lang == lang and self._listed(p)]

    def term(self, kind, lang, slug):
        """The listing of a category, tag or author in ``lang``, if it has a page."""
        term = self.terms.get((kind, lang, slug))
        return term if term is not None and term.articles else None

    def index_of(self, kind, lang):
        return self.indexes[(kind, lang)]

    def feeds(self):
        """The language feeds, then one feed per category per language."""
        name = self.settings["SITENAME"]
        for lang, home in self.homes.items():
            title = f"{name} ({self.language_name(lang)})"
            yield Feed(lang, title, home.url, home.articles, None, None, self.prefix(lang))
        for (kind, lang, _), term in self.terms.items():
            if kind == "category" and term.articles:
                section = self.specs[lang]["sections"]["category"]
                title = f"{name}: {term.name}"
                yield Feed(lang, title, term.url, term.articles, term, section, self.prefix(lang))

    def feed_url(self, lang, fmt="atom", listing=None):
        if listing is not None and listing.kind == "category":
            section = self.specs[lang]["sections"]["category"]
            return feed_path(self.prefix(lang), fmt, listing, section)
        return feed_path(self.prefix(lang), fmt)

    def sitemap_entries(self, siteurl):
        """One entry per public page: stories, pages, every listing page."""

        def entry(alt, moment):
            hreflang = ()
            if len(alt.hreflang) > 2:  # itself and x-default: no counterpart
                hreflang = tuple((a.hreflang, f"{siteurl}/{a.url}") for a in alt.hreflang)
            return Entry(alt.lang, f"{siteurl}/{alt.url}", rfc3339(moment), hreflang)

        entries = []
        for content in self._contents:
            if content.status == "published":
                moment = getattr(content, "modified", None) or getattr(content, "date", None)
                entries.append(entry(content.alternates, moment or self.newest_date))
        for listing in self.listings():
            stories = [a for a in listing.articles if hasattr(a, "date")]
            newest = max((a.date for a in stories), default=self.newest_date)
            for number in range(1, listing.num_pages + 1):
                entries.append(entry(self.listing_alternates(listing, number), newest))
        return entries

    def news_entries(self, lang, days=2):
        """Stories of the last ``days`` days for the Google News sitemap. The
        window ends at the newest story, not at the clock, so the same
        sources still give the same output; the build schedule keeps it
        current."""
        home = self.homes[lang]
        if not home.articles:
            return []
        since = home.articles[0].date - timedelta(days=days)
        return [a for a in home.articles if a.date >= since]

    def listings(self):
        """Every listing to write, in a stable order. A term used only by
        hidden stories has no page."""
        yield from self.homes.values()
        yield from self.indexes.values()
        yield from (term for term in self.terms.values() if term.articles)

    def listing_alternates(self, listing, number=1):
        exact, nearest = {}, {}
        for lang, other in listing.counterparts.items():
            n = counterpart_page(number, other.num_pages)
            (exact if n == number else nearest)[lang] = other.page_url(n, self.settings)
        url = listing.page_url(number, self.settings)
        return alternates(listing.lang, url, exact, self.languages, self._home_urls(), nearest)

    def _home_urls(self):
        return {lang: home.url for lang, home in self.homes.items()}

    # Building ---------------------------------------------------------------
    def summary(self, drafts, draft_pages):
        """One line for the build log: nothing is dropped without a count."""
        counts = ", ".join(f"{lang} {len(home.articles)}" for lang, home in self.homes.items())
        hidden = sum(c.status == "hidden" for c in self._contents)
        preview = " (previewed)" if self.settings["BILINGUAL_PREVIEW_DRAFTS"] else " (not written)"
        return (
            f"Stories listed per language: {counts}; drafts: {len(drafts) + len(draft_pages)}"
            f"{preview}; hidden: {hidden}"
        )

    def _per_page(self, template):
        """Stories per page, as Pelican's Writer will paginate this template."""
        paginated = self.settings["PAGINATED_TEMPLATES"]
        if template not in paginated:
            return 0
        return paginated[template] or self.settings["DEFAULT_PAGINATION"] or 0

    def build(self, articles, pages):
        for lang in self.languages:
            self.homes[lang] = Listing(
                "home", lang, self.prefix(lang), self.prefix(lang) + "index.html"
            )
            for kind, section in INDEXES.items():
                self.indexes[(kind, lang)] = self.new_listing(
                    kind, lang, self.section_url(section, lang)
                )

        self._pages = pages
        self._contents = articles + pages
        dates = [a.date for a in articles if a.status == "published"]
        self.newest_date = max(dates, default=_EPOCH)
        self._link_variants(articles)
        self._link_variants(pages)
        listed = [a for a in articles if self._listed(a)]
        localise_terms(self, articles, listed)

        for article in listed:
            self.homes[article.lang].articles.append(article)
            self.indexes[("archives", article.lang)].articles.append(article)
        self._link_neighbours(articles)
        for listing in list(self.homes.values()) + list(self.terms.values()):
            listing.per_page = self._per_page(listing.template)
            listing.num_pages = Paginator(
                listing.save_as, listing.url, listing.articles, self.settings, listing.per_page
            ).num_pages
        for (kind, lang), index in self.indexes.items():
            if kind in ("categories", "tags", "authors"):
                terms = [
                    term
                    for (term_kind, term_lang, _), term in self.terms.items()
                    if INDEX_OF[term_kind] == kind and term_lang == lang and term.articles
                ]
                index.articles = sorted(terms, key=lambda t: (t.name.casefold(), t.slug))

        for lang, home in self.homes.items():
            home.counterparts = {o: h for o, h in self.homes.items() if o != lang}
        for (kind, lang), index in self.indexes.items():
            index.counterparts = {
                o: i for (k, o), i in self.indexes.items() if k == kind and o != lang
            }
        for content in articles + pages:
            content.alternates = alternates(
                content.lang,
                content.url,
                {t.lang: t.url for t in content.translations},
                self.languages,
                self._home_urls(),
            )

    def _read_editorial(self, content):
        """Aliases, corrections and credits from the metadata (editorial.py)."""
        zone = ZoneInfo(self.settings["TIMEZONE"])
        content.corrections, content.source = [], None
        content.translator = content.translation_method = None
        try:
            content.corrections = editorial.corrections(content, zone)
            content.source = editorial.source(content)
            content.translator = editorial.translator(content)
            content.translation_method = editorial.translation_method(content)
            for alias in editorial.aliases(content):
                url, save_as = editorial.alias_path(
                    content, alias, self.settings, self.prefix(content.lang)
                )
                self.redirects.append(Redirect(content.lang, url, save_as, content))
        except ContentError as error:
            self.problems += error.problems

    def _link_neighbours(self, articles):
        """Related stories, and the newer and older story, in each language."""
        for article in articles:
            article.related, article.newer, article.older = [], None, None
        for home in self.homes.values():
            stories = home.articles  # newest first
            for story, related in zip(
                stories, related_stories(stories, weighted_terms), strict=True
            ):
                story.related = related
            for newer, older in pairwise(stories):
                newer.older, older.newer = older, newer

    def _link_variants(self, contents):
        groups, clashes = group_variants(contents, _key, _lang)
        if clashes:  # a story with two variants in one language cannot be linked
            raise ContentError(*self.problems, *validate.no_clashes(clashes))
        for variants in groups.values():
            declared, problems = validate.declared_original(variants)
            self.problems += problems
            original = original_language(variants, self.languages[0], declared)
            for lang, content in variants.items():
                content.is_original = lang == original
                content.original = variants[original]
                content.translations = [
                    variants[o]
                    for o in self.languages
                    if o != lang and o in variants and variants[o].status == content.status
                ]
                content.summary_text = _summary_text(content, self.settings)
                self._read_editorial(content)
                content.original_updated = _original_updated(content, variants[original])
                wpm = self.specs[lang]["words_per_minute"]
                content.reading_minutes = max(1, math.ceil(getattr(content, "word_count", 0) / wpm))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _original_updated(translation, original):
    """True when the original changed after this translation was made: its
    body no longer matches the recorded ``Original-Hash``, or, where none is
    recorded, it was modified after the translation was last touched."""
    if translation is original:
        return False
    recorded = translation.metadata.get("original-hash")
    if recorded:
        return recorded.strip() != original.metadata["body_fingerprint"]
    changed = getattr(original, "modified", None)
    touched = getattr(translation, "modified", None) or getattr(translation, "date", None)
    return bool(changed and touched and changed > touched)


def _summary_text(content, settings):
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


def _key(content):
    return content.translation_key


def _lang(content):
    return content.lang


def _newest_first(items):
    return sorted(items, key=lambda a: (a.date, a.source_path), reverse=True)


def link_site(generators):
    """all_generators_finalized: validate, pair and index the whole site.

    Every content error of the build is collected first (from the readers,
    then from the checks that need the whole site) and raised as one
    ``ContentError``, before Pelican writes anything."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    context, settings = articles_gen.context, articles_gen.settings
    problems, unread = _read_problems(generators)
    problems += validate.contained(settings)
    problems += validate.only_markdown(settings)
    problems += validate.no_failed_sources(context)

    articles = articles_gen.articles + articles_gen.hidden_articles
    pages = pages_gen.pages + pages_gen.hidden_pages
    if settings["BILINGUAL_PREVIEW_DRAFTS"]:
        articles += articles_gen.drafts
        pages += pages_gen.draft_pages
    articles = _newest_first(articles)
    pages = sorted(pages, key=lambda p: p.source_path)
    problems += validate.page_slugs(pages, settings)
    for content in articles + pages:
        # URLs are final once the fields they need are known; Pelican would
        # recompute them on every access (tens of thousands per build).
        freeze_url(content, content.url)
    problems += validate.unique_urls(articles + pages)

    site = Site(settings)
    try:
        site.build(articles, pages)
    except ContentError as error:
        _stop_if(problems + list(error.problems))
    problems += site.problems
    problems += validate.free_alias_urls(site.redirects, articles + pages)
    generated = read_sources(context)
    problems += validate.links(articles + pages, generated, unread, site, settings)
    _stop_if(problems)
    _link_terms(articles + pages, site, context)
    _encode_static_urls(context)
    context["bilingual"] = site
    console_print(site.summary(articles_gen.drafts, pages_gen.draft_pages))
    for content in sorted(articles + pages, key=lambda c: c.relative_source_path):
        if content.metadata.get("html_removed"):
            removed = ", ".join(content.metadata["html_removed"])
            line = f"{content.relative_source_path}: removed {removed}"
            console_print(line, literal=True)
    # Pelican's own lists mix languages; templates use the site's instead.
    articles_gen.articles = _newest_first(articles_gen.articles)


def _encode_static_urls(context):
    """``images/3. iOS hiking.jpg`` is linked as ``images/3.%20iOS%20hiking.jpg``:
    a space is not allowed in a URL."""
    for static in static_files(context):
        url = getattr(static, "url", None)
        if url and quote(url, safe="/") != url and not isinstance(static, Listing):
            freeze_url(static, quote(url, safe="/"))


def _read_problems(generators):
    """What the readers met: every problem of every file read, and the
    files they could not read because of them."""
    readers = {
        id(reader): reader
        for generator in generators
        for reader in readers_of(generator)
        if isinstance(reader, BilingualMarkdownReader)
    }
    problems = [p for reader in readers.values() for p in reader.problems]
    return problems, {path for reader in readers.values() for path in reader.unread}


def _stop_if(problems):
    if problems:
        raise ContentError(*sorted(set(problems), key=_natural))


def _natural(text):
    """``x.md:9`` before ``x.md:10``, ``story-2`` before ``story-10``."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


TERM_LINK = re.compile(
    r"""(?P<attr>(?:href|src)=["'])\{(?P<kind>tag|category|author)\}(?P<name>[^"'#?]*)"""
)


def _link_terms(contents, site, context):
    """``{tag}Meta`` links the tag's page in the linking story's language.

    Pelican would link one page for all languages (``tag/meta.html``, which
    we do not write); the link becomes a ``{static}`` link to the term's
    listing, which Pelican's link replacement then resolves against the
    page's SITEURL like any other."""

    def replace(content, match):
        slug = term_slug(match["kind"], unquote(unescape(match["name"])), site.settings)
        term = site.term(match["kind"], content.lang, slug)
        key = f"~terms/{match['kind']}/{content.lang}/{slug}"
        add_link_target(context, key, term)
        return f"{match['attr']}{{static}}/{key}"

    for content in contents:
        body = raw_body(content)
        if "}" in body:
            set_raw_body(content, TERM_LINK.sub(partial(replace, content), body))
