"""The per-language site: listings, taxonomy terms and counterparts.

The linking pipeline (``pipeline.py``) fills a ``Site`` once per build and
leaves it on the generator context; templates and our generator read it from
there.
"""

from collections.abc import Callable, Hashable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from pelican.paginator import Paginator

from .dates import rfc3339
from .feeds import feed_path
from .listing import Feed, Listing, Redirect
from .settings import Settings, language_codes
from .sitemap import Entry
from .variants import Alternates, alternates, counterpart_page
from .views import PageView

Content = Any  # a Pelican Article or Page

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

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.languages = language_codes(settings)
        self.specs: dict[str, dict[str, Any]] = settings["BILINGUAL_LANGUAGES"]
        self.homes: dict[str, Listing] = {}
        # (kind, lang) -> Listing for categories/tags/authors/archives
        self.indexes: dict[tuple[str, str], Listing] = {}
        self.terms: dict[tuple[str, str, str], Listing] = {}  # (kind, lang, slug) -> Listing
        self.conflicts: list[str] = []
        self._pages: list[Content] = []
        self._contents: list[Content] = []
        self.newest_date: datetime = _EPOCH  # set by start()
        self._fragments: dict[tuple[Hashable, ...], str] = {}  # rendered HTML reused across pages
        self.redirects: list[Redirect] = []  # old URLs (Aliases) pointing at their content
        self.views: dict[Content, PageView] = {}  # story or page -> its PageView (pipeline.py)
        self._listing_alternates: dict[tuple[int, int], Alternates] = {}

    # URLs -----------------------------------------------------------------
    def prefix(self, lang: str) -> str:
        return "" if lang == self.languages[0] else f"{lang}/"

    def section_url(self, kind: str, lang: str, slug: str = "") -> str:
        segment = self.specs[lang]["sections"][kind]
        return f"{self.prefix(lang)}{segment}/" + (f"{slug}/" if slug else "")

    def new_listing(
        self, kind: str, lang: str, url: str, name: str = "", slug: str = ""
    ) -> Listing:
        return Listing(kind, lang, url, url + "index.html", name=name, slug=slug)

    def listed(self, content: Content) -> bool:
        """Published content is listed; drafts too, in the live preview."""
        if content.status == "draft":
            return bool(self.settings["BILINGUAL_PREVIEW_DRAFTS"])
        return bool(content.status == "published")

    # What templates ask -----------------------------------------------------
    def language_name(self, lang: str) -> str:
        name: str = self.specs[lang]["name"]
        return name

    def categories(self, lang: str) -> list[Listing]:
        return self.index_of("categories", lang).articles

    def cached(self, key: tuple[Hashable, ...], render: Callable[[], str]) -> str:
        """``render()``'s HTML, rendered once per build for each ``key``.

        Story cards, navigation and footers come out the same on many
        pages. ``key`` must hold everything the fragment depends on; the
        template helper ``cached`` (generator.py) builds it from the
        fragment's name, its arguments and the page's SITEURL."""
        if key not in self._fragments:
            self._fragments[key] = render()
        return self._fragments[key]

    def pages(self, lang: str) -> list[Content]:
        """Published static pages in one language, for the footer."""
        return [p for p in self._pages if p.lang == lang and self.listed(p)]

    def view(self, content: Content) -> PageView:
        """What templates read about a story or page (``views.PageView``)."""
        return self.views[content]

    def term(self, kind: str, lang: str, slug: str) -> Listing | None:
        """The listing of a category, tag or author in ``lang``, if it has a page."""
        term = self.terms.get((kind, lang, slug))
        return term if term is not None and term.articles else None

    def index_of(self, kind: str, lang: str) -> Listing:
        return self.indexes[(kind, lang)]

    def feeds(self) -> Iterator[Feed]:
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

    def feed_url(self, lang: str, fmt: str = "atom", listing: Listing | None = None) -> str:
        if listing is not None and listing.kind == "category":
            section = self.specs[lang]["sections"]["category"]
            return feed_path(self.prefix(lang), fmt, listing, section)
        return feed_path(self.prefix(lang), fmt)

    def sitemap_entries(self, siteurl: str) -> list[Entry]:
        """One entry per public page: stories, pages, every listing page."""

        def entry(alt: Alternates, moment: datetime) -> Entry:
            hreflang: tuple[tuple[str, str], ...] = ()
            if len(alt.hreflang) > 2:  # itself and x-default: no counterpart
                hreflang = tuple((a.hreflang, f"{siteurl}/{a.url}") for a in alt.hreflang)
            return Entry(alt.lang, f"{siteurl}/{alt.url}", rfc3339(moment), hreflang)

        entries: list[Entry] = []
        for content in self._contents:
            if content.status == "published":
                moment = getattr(content, "modified", None) or getattr(content, "date", None)
                entries.append(entry(self.views[content].alternates, moment or self.newest_date))
        for listing in self.listings():
            stories = [a for a in listing.articles if hasattr(a, "date")]
            newest = max((a.date for a in stories), default=self.newest_date)
            for number in range(1, listing.num_pages + 1):
                entries.append(entry(self.listing_alternates(listing, number), newest))
        return entries

    def news_entries(self, lang: str, days: int = 2) -> list[Content]:
        """Stories of the last ``days`` days for the Google News sitemap. The
        window ends at the newest story, not at the clock, so the same
        sources still give the same output; the build schedule keeps it
        current."""
        home = self.homes[lang]
        if not home.articles:
            return []
        since = home.articles[0].date - timedelta(days=days)
        return [a for a in home.articles if a.date >= since]

    def listings(self) -> Iterator[Listing]:
        """Every listing to write, in a stable order. A term used only by
        hidden stories has no page."""
        yield from self.homes.values()
        yield from self.indexes.values()
        yield from (term for term in self.terms.values() if term.articles)

    def listing_alternates(self, listing: Listing, number: int = 1) -> Alternates:
        """The hreflang set and switcher targets of a listing's page
        ``number``, once the site is paginated: worked out once, though its
        digest, its page and the sitemap each ask."""
        key = (id(listing), number)
        if key not in self._listing_alternates:
            self._listing_alternates[key] = self._alternates_of(listing, number)
        return self._listing_alternates[key]

    def _alternates_of(self, listing: Listing, number: int) -> Alternates:
        exact: dict[str, str] = {}
        nearest: dict[str, str] = {}
        for lang, other in listing.counterparts.items():
            n = counterpart_page(number, other.num_pages)
            (exact if n == number else nearest)[lang] = other.page_url(n, self.settings)
        url = listing.page_url(number, self.settings)
        return alternates(listing.lang, url, exact, self.languages, self.home_urls(), nearest)

    def home_urls(self) -> dict[str, str]:
        return {lang: home.url for lang, home in self.homes.items()}

    # Building ---------------------------------------------------------------
    def summary(self, drafts: list[Content], draft_pages: list[Content]) -> str:
        """One line for the build log: nothing is dropped without a count."""
        counts = ", ".join(f"{lang} {len(home.articles)}" for lang, home in self.homes.items())
        hidden = sum(c.status == "hidden" for c in self._contents)
        preview = " (previewed)" if self.settings["BILINGUAL_PREVIEW_DRAFTS"] else " (not written)"
        return (
            f"Stories listed per language: {counts}; drafts: {len(drafts) + len(draft_pages)}"
            f"{preview}; hidden: {hidden}"
        )

    def _per_page(self, template: str) -> int:
        """Stories per page, as Pelican's Writer will paginate this template."""
        paginated = self.settings["PAGINATED_TEMPLATES"]
        if template not in paginated:
            return 0
        per_page: int = paginated[template] or self.settings["DEFAULT_PAGINATION"] or 0
        return per_page

    def start(self, articles: list[Content], pages: list[Content]) -> None:
        """Empty homes and indexes for every language."""
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

    def list_stories(self, listed: list[Content]) -> None:
        """Each listed story on its language's home and archives."""
        for article in listed:
            self.homes[article.lang].articles.append(article)
            self.indexes[("archives", article.lang)].articles.append(article)

    def paginate(self) -> None:
        """Page counts of every listing, the term indexes, and the
        counterparts of homes and indexes."""
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


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
