"""What each output file is rendered from, as one digest per file.

An incremental build renders a page again only when its digest differs from
the previous build's (``reuse.py``). A digest is a SHA-256 over plain values
(strings, numbers, tuples) of everything the page's templates read:

- ``shared``: what every page shows: the section navigation (each
  language's categories), the footer (each language's static pages), the
  home and index URLs. Settings, templates and catalogs are not here: a
  change of those empties the whole cache (``build_state.py``).
- a story or page: its source file's bytes (``source_hash``: title, body,
  dates, every header field), its URL and status, its terms as the site
  lists them, its ``PageView`` (translations, editorial, alternates,
  summary, reading time) and the *card* of every other story it shows
  (neighbours, related, its original, its translations), and what its
  body's links resolve to (``link_targets``): the URL and status of each
  story or page a ``{filename}`` link names, the listing of each linked
  term. A ``{static}`` or ``{index}`` link resolves from its path and the
  settings alone; an ``{attach}`` link (the file moves next to the first
  story that attaches it) or one this module does not know makes the page
  depend on every content's and term's URL (``links``).
- a listing page: the listing, the page's number and count, its
  alternates, and the card of each story (or each term, with its count) on
  that page.
- a feed: its fields and, per story, its *entry*: its card, category,
  authors, source and what its body's links resolve to.

A *card* is what a template shows of another story: title, URL, date,
status, language, image (with its size and hand-written ``Image_Srcset``),
category, summary. ``card`` lists these fields; a
template that shows more of another story must add it there, or an
incremental build would keep a stale page (the property test in
``tests/test_incremental.py`` is there to catch that).
"""

import hashlib
import marshal
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from functools import cache
from operator import attrgetter
from typing import Any

from pelican.paginator import Paginator

from .listing import Listing, Redirect
from .pelican_internals import raw_body, replaced_link_starts
from .site import Site
from .validate import TERM_KIND, body_links

Content = Any  # a Pelican Article or Page
Plain = Any  # str, int, bool, None, or tuples of them

# write_file's plain arguments; any other kind of argument makes a page
# this module does not know: it is always rendered.
OBJECT_ARGUMENTS = ("article", "page", "category", "listing", "paginated", "articles", "redirect")
# What ``picture()`` (picture.py) reads of a story whose card a page shows.
CARD_IMAGE_FIELDS = ("image", "image_width", "image_height", "image_srcset")
# Version 2 writes every value in full: later versions write a repeated
# object as a reference, which would make the bytes depend on which equal
# strings are one object.
MARSHAL_VERSION = 2
LINK_MARK = "{"  # {filename}, {static}, {attach}, {index}, {tag} (as {static}/~terms/)
PIPE_MARK = "|"  # Pelican's older |filename| spelling of the same links
PATH_ONLY = ("static", "index")  # links whose URL follows from their path and the settings


def digest(*parts: Plain) -> str:
    """The SHA-256 of ``parts``, serialised by ``marshal`` (a tenth of
    ``repr``'s time), or by ``repr`` where a part is a ``str`` subclass
    (``Markup``), which ``marshal`` refuses; a tag byte keeps the two apart."""
    try:
        data = b"m" + marshal.dumps(parts, MARSHAL_VERSION)
    except ValueError:
        data = b"r" + repr(parts).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Plain:
    """A dataclass, date, list or dict of plain values as plain values."""
    kind = type(value)
    if kind in SCALARS:  # the common kinds by type first: millions of calls a build
        return value
    if kind is tuple or kind is list:
        return tuple(map(plain, value))
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return tuple(map(plain, value))
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), plain(v)) for k, v in value.items()))
    if is_dataclass(value) and not isinstance(value, type):
        return (kind.__name__, *map(plain, _field_values(type(value))(value)))
    raise TypeError(f"no plain form for {type(value).__name__}")


@cache
def _field_values(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a dataclass's fields, in order, in one call."""
    names = [f.name for f in fields(kind)]
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple
        return lambda value: (getattr(value, names[0]),)
    return attrgetter(*names) if names else lambda value: ()


class Inputs:
    """Digests of the pages of one build's ``site``."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._shared: str | None = None
        self._links: str | None = None
        self._paths: dict[str, Content] | None = None
        self._cards: dict[int, str] = {}
        self._contents: dict[int, str] = {}
        self._entries: dict[int, str] = {}

    # Parts ------------------------------------------------------------------
    @staticmethod
    def term(term: Listing | None) -> Plain:
        if term is None:
            return None
        return (term.kind, term.lang, term.slug, term.name, term.url, bool(term.articles))

    def card(self, content: Content) -> str | None:
        """The digest of what a page shows of another story (see the
        module's docstring): a page shows up to a dozen cards, each
        serialised once here rather than in each page's digest."""
        if content is None:
            return None
        key = id(content)
        if key not in self._cards:
            view = self.site.views.get(content)
            self._cards[key] = digest(
                content.source_path,
                content.url,
                content.title,
                plain(getattr(content, "date", None)),
                content.status,
                content.lang,
                getattr(content, "image", None),
                tuple(plain(content.metadata.get(k)) for k in CARD_IMAGE_FIELDS),
                self.term(getattr(content, "category", None)),
                view.summary_text if view else None,
            )
        return self._cards[key]

    def shared(self) -> str:
        if self._shared is None:
            site = self.site
            self._shared = digest(
                tuple(
                    (
                        lang,
                        tuple(self.term(c) for c in site.categories(lang)),
                        tuple((p.source_path, p.url, p.title) for p in site.pages(lang)),
                    )
                    for lang in site.languages
                ),
                tuple((lang, home.url) for lang, home in site.homes.items()),
                tuple((kind, lang, i.url) for (kind, lang), i in site.indexes.items()),
            )
        return self._shared

    def links(self) -> str:
        """Every content's and term's URL: what a body's links resolve to."""
        if self._links is None:
            site = self.site
            self._links = digest(
                tuple(sorted((c.source_path, c.url, c.status) for c in site.views)),
                tuple(sorted(self.term(t) for t in site.terms.values())),
            )
        return self._links

    def content(self, content: Content) -> str:
        """The digest of what a story's or page's own page shows (its feed
        entries have their own, ``entry``)."""
        key = id(content)
        if key not in self._contents:
            self._contents[key] = digest(self._shown(content))
        return self._contents[key]

    def entry(self, content: Content) -> str:
        """The digest of what a feed shows of a story: its card, terms,
        source and what its body's links resolve to; not its neighbours,
        related stories or translations, which a feed does not show (a new
        story changed those of stories in every feed)."""
        key = id(content)
        if key not in self._entries:
            terms = [getattr(content, "category", None), *(getattr(content, "authors", None) or ())]
            self._entries[key] = digest(
                content.source_path,
                content.metadata.get("source_hash"),
                self.card(content),
                tuple(self.term(t) for t in terms),
                self.link_targets(content),
            )
        return self._entries[key]

    def _shown(self, content: Content) -> Plain:
        """All its feed entry shows (``entry``), and its tags, translations,
        editorial fields, alternates, reading time and neighbours."""
        view = self.site.views[content]
        pairing, neighbours = view.pairing, view.neighbours
        return (
            self.entry(content),
            tuple(self.term(t) for t in getattr(content, "tags", None) or ()),
            (
                pairing.is_original,
                pairing.original_updated,
                self.card(pairing.original),
                tuple(self.card(t) for t in pairing.translations),
            ),
            plain(view.editorial),
            plain(view.alternates),
            view.reading_minutes,
            tuple(self.card(r) for r in neighbours.related),
            self.card(neighbours.newer),
            self.card(neighbours.older),
        )

    def link_targets(self, content: Content) -> Plain:
        """What the body's links resolve to (see the module's docstring)."""
        body = raw_body(content)
        if LINK_MARK not in body and PIPE_MARK not in body:
            return None
        replaced = replaced_link_starts(content)
        if not replaced:
            return None  # a {filename} in the text (a code sample) is not a link
        links = body_links(content, self.site.settings, replaced)
        if len(links) < len(replaced):
            # A link Pelican replaces that body_links does not read (the older
            # |filename| spelling): it may resolve to any URL.
            return self.links()
        found: list[Plain] = []
        for what, _written, target in links:
            if what in PATH_ONLY:
                continue
            if what in TERM_KIND:
                term = self.site.term(TERM_KIND[what], content.lang, target)
                if term is not None:
                    found.append(self.term(term))
                    continue
            elif what == "filename" and (linked := self._by_path().get(target)) is not None:
                found.append((target, linked.url, linked.status))
                continue
            return self.links()
        return tuple(found)

    def _by_path(self) -> dict[str, Content]:
        if self._paths is None:
            self._paths = {c.relative_source_path: c for c in self.site.views}
        return self._paths

    def listing_items(self, items: list[Any]) -> Plain:
        return tuple(
            (self.term(i), len(i.articles)) if isinstance(i, Listing) else self.card(i)
            for i in items
        )

    # Output files -----------------------------------------------------------
    def page_digests(
        self, name: str, template: str, kwargs: Mapping[str, Any]
    ) -> dict[str, str] | None:
        """{output file: digest} of everything one ``write_file`` call
        writes (each page of a paginated listing), or None when the call
        passes something this module does not know."""
        simple = {}
        for key, value in kwargs.items():
            if value is None or isinstance(value, str | int | bool):
                simple[key] = value
            elif key not in OBJECT_ARGUMENTS:
                return None
        base = (self.shared(), name, template, tuple(sorted(simple.items())))
        content = kwargs.get("article") or kwargs.get("page")
        listing, redirect = kwargs.get("listing"), kwargs.get("redirect")
        if content is not None:
            if content not in self.site.views:
                return None
            return {name: digest(*base, self.content(content))}
        if isinstance(redirect, Redirect):
            fields = (redirect.lang, redirect.url, redirect.save_as, self.card(redirect.target))
            return {name: digest(*base, fields)}
        if isinstance(listing, Listing):
            return self._listing_digests(name, base, listing, kwargs)
        if any(key in kwargs for key in OBJECT_ARGUMENTS):
            return None
        return {name: digest(*base)}

    def _listing_digests(
        self, name: str, base: tuple[Plain, ...], listing: Listing, kwargs: Mapping[str, Any]
    ) -> dict[str, str]:
        """One digest per page, paginated as Pelican's ``write_file`` does."""
        settings = self.site.settings
        about = (listing.kind, listing.lang, listing.url, listing.name, listing.slug)
        template = kwargs.get("template_name")
        paginated = kwargs.get("paginated") or {}
        if not (paginated and template in settings["PAGINATED_TEMPLATES"]):
            alternates = plain(self.site.listing_alternates(listing, 1))
            return {name: digest(*base, about, alternates, self.listing_items(listing.articles))}
        per_page = settings["PAGINATED_TEMPLATES"][template] or settings["DEFAULT_PAGINATION"]
        items = paginated["articles"]
        paginator = Paginator(name, kwargs.get("url"), items, settings, per_page)
        found = {}
        for number in range(1, paginator.num_pages + 1):
            page = paginator.page(number)
            found[page.save_as] = digest(
                *base,
                about,
                number,
                paginator.num_pages,
                plain(self.site.listing_alternates(listing, number)),
                self.listing_items(page.object_list),
            )
        return found

    def feed_digest(self, name: str, build: Callable[..., str], kwargs: Mapping[str, Any]) -> str:
        """The digest of a feed ``build(**kwargs)`` writes (``feeds.py``)."""
        limit = kwargs["limit"]
        stories = tuple(self.entry(a) for a in kwargs["articles"][:limit])
        rest = {k: v for k, v in kwargs.items() if k not in ("articles", "summaries")}
        return digest(
            self.shared(), name, build.__module__, build.__qualname__, plain(rest), stories
        )
