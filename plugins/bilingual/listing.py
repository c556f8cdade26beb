"""What the site is made of besides stories and pages: listings (homes,
terms, indexes, archives), feeds, and redirects from old URLs."""

from dataclasses import dataclass, field
from typing import Any

from pelican.paginator import Paginator

from .feeds import feed_path
from .settings import Settings

Content = Any  # a Pelican Article or Page


@dataclass(eq=False)
class Listing:
    """One listing in one language: a home, term, index or archive page.

    Category, tag and author terms are listings too, so ``article.category``
    links straight to its page in the story's language.
    """

    kind: str
    lang: str
    url: str
    save_as: str
    name: str = ""
    slug: str = ""
    # Stories (Pelican Articles); for an index of terms, the terms' listings.
    articles: list[Any] = field(default_factory=list)
    counterparts: dict[str, "Listing"] = field(default_factory=dict)
    num_pages: int = 1
    per_page: int = 0
    source: str = ""  # for a term: the file that named it first

    def __str__(self) -> str:
        return self.name

    @property
    def template(self) -> str:
        return "index" if self.kind == "home" else self.kind

    def page_url(self, number: int, settings: Settings) -> str:
        if number <= 1:
            return self.url
        paginator = Paginator(self.save_as, self.url, self.articles, settings, self.per_page)
        url: str = paginator.page(number).url
        return url


@dataclass(frozen=True)
class Feed:
    """A language's feed, or one category's feed in one language."""

    lang: str
    title: str
    link: str  # site-relative URL of the page the feed mirrors
    articles: list[Content]
    listing: Listing | None
    section: str | None
    prefix: str

    def path(self, fmt: str) -> str:
        return feed_path(self.prefix, fmt, self.listing, self.section)


@dataclass(frozen=True)
class Redirect:
    """An old URL of a story or page (from ``Aliases``)."""

    lang: str
    url: str
    save_as: str
    target: Content
