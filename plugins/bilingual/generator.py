"""The generator that writes what Pelican cannot write per language: homes,
category/tag/author pages and their indexes, archives, 404 pages, feeds,
the sitemap and robots.txt.

It only writes; everything it writes was computed by ``pipeline.link_site``.
With ``writer.py`` (pages and feeds), it is the only module of the plugin
that writes files.
"""

import hashlib
import os
import shutil
from collections.abc import Callable
from functools import cache, partial
from types import CodeType
from typing import Any
from weakref import WeakKeyDictionary

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, pass_context
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markupsafe import Markup, escape
from pelican.generators import Generator
from pelican.utils import sanitised_join

from . import cms, feeds, sitemap
from .image_store import ImageIndex
from .listing import Listing
from .renditions import web_fallbacks
from .site import Site
from .structured import image_url, preview_alt, structured_data
from .variants import Alternates
from .views import PageView

Content = Any  # a Pelican Article or Page
# Pelican's Writer, or ours (writer.py), which adds defer() and flush().
PelicanWriter = Any


# Pelican ships no types: its Generator is Any to mypy.
class SiteGenerator(Generator):  # type: ignore[misc]
    def generate_context(self) -> None:
        """Nothing to read: the site is linked once all content is read."""

    def generate_output(self, writer: PelicanWriter) -> None:
        site: Site = self.context["bilingual"]
        self._write_listings(writer, site)
        self._write_not_found(writer, site)
        self._write_redirects(writer, site)
        self._write_feeds(site, writer)
        siteurl = self.settings["SITEURL"]
        limit = self.settings["BILINGUAL_SITEMAP_LIMIT"]
        entries = site.sitemap_entries(siteurl)
        for name, text in sitemap.sitemap_files(entries, siteurl, site.languages, limit).items():
            self._write_text(name, text)
        news: list[str] = []
        for lang, home in site.homes.items():
            path = f"{home.url}news-sitemap.xml"
            name = self.settings["SITENAME"]
            self._write_text(
                path, sitemap.news_urlset(site.news_entries(lang), siteurl, name, lang)
            )
            news.append(path)
        self._write_text("robots.txt", sitemap.robots(siteurl, news))
        if self.settings["BILINGUAL_CMS"]:
            self._write_cms(site)
        # Ours is the last generator that renders pages: render them all now.
        if hasattr(writer, "flush"):
            writer.flush()

    def _write_listings(self, writer: PelicanWriter, site: Site) -> None:
        for listing in site.listings():
            writer.write_file(
                listing.save_as,
                self.get_template(listing.template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": listing.articles},
                template_name=listing.template,
                url=listing.url,
                listing=listing,
                lang=listing.lang,
                articles=listing.articles,
            )

    def _write_not_found(self, writer: PelicanWriter, site: Site) -> None:
        # Most static hosts serve the root 404 at any depth: no relative URLs.
        for lang, home in site.homes.items():
            path = f"{home.url}404.html"
            writer.write_file(path, self.get_template("404"), self.context, lang=lang, url=path)

    def _write_redirects(self, writer: PelicanWriter, site: Site) -> None:
        """Old URLs (Aliases): a page that sends readers and crawlers on."""
        for redirect in site.redirects:
            writer.write_file(
                redirect.save_as,
                self.get_template("redirect"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                lang=redirect.lang,
                redirect=redirect,
                url=redirect.url,
            )

    def _write_feeds(self, site: Site, writer: PelicanWriter) -> None:
        """Feeds are built with the pages, in the workers (see writer.py)."""
        images: ImageIndex | None = self.context.get("bilingual_images")
        web_images = web_fallbacks(images.plans) if images else {}
        limit = self.settings["FEED_MAX_ITEMS"]
        for feed in site.feeds():
            shown = feed.articles[:limit]
            for fmt in feeds.FORMATS:
                path = feed.path(fmt)
                fields: dict[str, Any] = dict(
                    fmt=fmt,
                    title=feed.title,
                    siteurl=self.settings["SITEURL"],
                    home_url=feed.link,
                    path=path,
                    lang=feed.lang,
                    articles=feed.articles,
                    summaries={a: site.view(a).summary_text for a in shown},
                    # Only an empty feed needs a date (feeds.build_feed).
                    fallback_date=None if shown else site.newest_date,
                    limit=limit,
                    web_images=web_images,
                )
                if hasattr(writer, "write_text"):
                    writer.write_text(path, feeds.build_feed, feeds.cost(len(shown)), **fields)
                else:
                    self._write_text(path, feeds.build_feed(**fields))

    def _write_cms(self, site: Site) -> None:
        """/admin/: the browser editor, its configuration and Decap's files."""
        found = [(kind, lang, t.name) for (kind, lang, _), t in site.terms.items() if t.articles]
        terms = cms.term_names(self.settings, found)
        self._write_text(f"{cms.ADMIN}/index.html", cms.admin_page(self.settings))
        self._write_text(f"{cms.ADMIN}/config.yml", cms.config_yaml(self.settings, terms))
        folder = self.settings["BILINGUAL_CMS_FOLDER"]
        dist = os.path.join(folder, "node_modules", "decap-cms", "dist")
        for source in [os.path.join(folder, "warta.js"), *cms.dist_files(dist)]:
            target = sanitised_join(self.output_path, cms.ADMIN, os.path.basename(source))
            _unlink(target)
            shutil.copyfile(source, target)

    def _write_text(self, name: str, text: str) -> None:
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _unlink(path)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def _unlink(path: str) -> None:
    """A file already there may be a hard link into the previous output (an
    incremental build reuses pages so): writing through it would change the
    published site. It is replaced, never written into."""
    if os.path.lexists(path):
        os.unlink(path)


def add_generator(pelican: Any) -> type[SiteGenerator]:
    """get_generators: our listings are written by our own generator."""
    return SiteGenerator


@pass_context
def term_link(ctx: Context, term: Listing, rel: str | None = None) -> Markup:
    """A category, tag or author, linked when its page exists (a term used
    only by hidden stories has none). In Python: it is on every card.
    An f-string of escaped values, not ``Markup.format``, whose formatter
    took four times as long (a story page shows half a dozen terms)."""
    if not term.articles:
        return escape(term.name)
    attribute = f' rel="{escape(rel)}"' if rel else ""
    url = f"{escape(ctx['SITEURL'])}/{escape(term.url)}"
    return Markup(f'<a href="{url}"{attribute}>{escape(term.name)}</a>')


@pass_context
def page_alternates(ctx: Context) -> Alternates | None:
    """The hreflang set and switcher targets of the page being rendered, or
    None for pages outside the translation graph (404)."""
    site: Site = ctx["bilingual"]
    listing = ctx.get("listing")
    if listing:
        page = ctx.get("articles_page")
        return site.listing_alternates(listing, page.number if page else 1)
    content = ctx.get("article") or ctx.get("page")
    view = site.views.get(content)
    return view.alternates if view else None


@pass_context
def view_of(ctx: Context, content: Content) -> PageView:
    """The ``PageView`` of a story or page: its translations, corrections,
    neighbours, alternates, summary and reading time."""
    site: Site = ctx["bilingual"]
    return site.view(content)


@pass_context
def cached(ctx: Any, key: Any, render: Callable[..., str], *args: Any) -> str:
    """``render(*args)`` (a macro), rendered once per build and reused.

    The cache key is the whole of what the fragment depends on: ``key`` (a
    name, or a tuple naming the context values the macro reads, such as the
    page's language or ``current_page()``), the arguments (a story stands
    for itself by its source path) and SITEURL, which is relative to the
    folder depth in development builds."""
    parts = key if isinstance(key, tuple) else (key,)
    ids = tuple(getattr(arg, "source_path", arg) for arg in args)
    site: Site = ctx["bilingual"]
    return site.cached((*parts, *ids, ctx["SITEURL"]), lambda: render(*args))


@pass_context
def current_page(ctx: Any) -> tuple[str | None, str | None]:
    """The listing or static page being rendered: part of the key of a
    cached fragment that marks it (navigation's ``aria-current``)."""
    listing, page = ctx.get("listing"), ctx.get("page")
    return getattr(listing, "url", None), getattr(page, "source_path", None)


def share_compiled_templates(generator: Any) -> None:
    """generator_init: every Pelican generator, and every render worker, has
    a Jinja environment of its own that would compile each template again.
    They share compiled templates through Jinja's bytecode cache in
    ``CACHE_PATH/templates`` instead (``CompiledTemplates``)."""
    folder = os.path.join(generator.settings["CACHE_PATH"], "templates")
    generator.env.bytecode_cache = compiled_templates(folder)


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, an entry checked against
    the template's source and ``compile_key``: an edited template, filter or
    syntax option is compiled again. An environment's key is worked out at
    its first template (every ``generator_init`` handler, which may add
    filters, has run by then) and kept: hashing every filter's code for each
    template of each generator took 80 ms of a small site's build."""

    def __init__(self, directory: str) -> None:
        super().__init__(directory)
        self._keys: WeakKeyDictionary[Environment, str] = WeakKeyDictionary()

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:  # fmt: skip
        """Jinja's own ``get_bucket``, with ``compile_key`` in the entry's key:
        environments that compile differently keep entries of their own."""
        if environment not in self._keys:
            self._keys[environment] = compile_key(environment)
        key = f"{self.get_cache_key(name, filename)}\0{self._keys[environment]}"
        bucket = Bucket(environment, hashlib.sha1(key.encode()).hexdigest(),
                        self.get_source_checksum(source))  # fmt: skip
        self.load_bytecode(bucket)
        return bucket


def compile_key(env: Environment) -> str:
    """What shapes a template's compiled code besides its source: Jinja's
    version, the syntax options and extensions, and the code of every filter
    and test, which Jinja runs on constants while compiling
    (``{{ "x"|upper }}`` is compiled as ``X``)."""
    autoescape = env.autoescape
    options = (
        jinja2.__version__,
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
        env.newline_sequence, env.keep_trailing_newline, sorted(env.extensions),
        autoescape if isinstance(autoescape, bool) else _code_of(autoescape),
        _code_of(env.finalize) if env.finalize else None,
        sorted((name, _code_of(f)) for name, f in env.filters.items()),
        sorted((name, _code_of(f)) for name, f in env.tests.items()),
    )  # fmt: skip
    return hashlib.sha256(repr(options).encode()).hexdigest()


def _code_of(function: Any) -> tuple[str, ...]:
    """The code of a filter or test, and a partial's arguments. (What a
    closure has captured is left out: it prints differently in every
    process. A filter that folds a constant through a closure over a setting
    is compiled again only when the template or the code changes.)"""
    if isinstance(function, partial):
        return (*_code_of(function.func), _stable(function.args),
                _stable(tuple(sorted(function.keywords.items()))))  # fmt: skip
    code = getattr(function, "__code__", None)
    where = (getattr(function, "__module__", "") or "", getattr(function, "__qualname__", ""))
    if code is None:
        return (*where, type(function).__qualname__)
    return (*where, _stable(code))


def _stable(value: Any) -> str:
    """A text for a code object or constant that is the same in every
    process: a frozenset's order and a nested code object's address are not."""
    if isinstance(value, CodeType):
        return f"code({value.co_code.hex()}, {_stable(value.co_consts)})"
    if isinstance(value, tuple):
        return f"({', '.join(_stable(v) for v in value)})"
    if isinstance(value, frozenset):
        return f"frozenset({sorted(_stable(v) for v in value)})"
    return repr(value)


@cache
def compiled_templates(folder: str) -> CompiledTemplates:
    os.makedirs(folder, exist_ok=True)
    return CompiledTemplates(folder)


def install_helpers(generator: Any) -> None:
    """generator_init: template helpers that read the per-language site."""
    generator.env.globals.update(
        {
            "page_alternates": page_alternates,
            "view": view_of,
            "cached": cached,
            "current_page": current_page,
            "term_link": term_link,
            "structured_data": structured_data,
            "preview_image_url": pass_context(image_url),
            "preview_image_alt": pass_context(preview_alt),
        }
    )
