"""The generator that writes what Pelican cannot write per language: homes,
category/tag/author pages and their indexes, archives, 404 pages, feeds,
the sitemap and robots.txt.

It only writes; everything it writes was computed by ``site.link_site``.
With ``writer.py`` (pages and feeds), it is the only module of the plugin
that writes files.
"""

import os

from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican.generators import Generator
from pelican.utils import sanitised_join

from . import feeds, sitemap
from .structured import image_url, structured_data


class SiteGenerator(Generator):
    def generate_context(self):
        """Nothing to read: the site is linked once all content is read."""

    def generate_output(self, writer):
        site = self.context["bilingual"]
        self._write_listings(writer, site)
        self._write_not_found(writer, site)
        self._write_redirects(writer, site)
        self._write_feeds(site, writer)
        siteurl = self.settings["SITEURL"]
        limit = self.settings["BILINGUAL_SITEMAP_LIMIT"]
        entries = site.sitemap_entries(siteurl)
        for name, text in sitemap.sitemap_files(entries, siteurl, site.languages, limit).items():
            self._write_text(name, text)
        news = []
        for lang, home in site.homes.items():
            path = f"{home.url}news-sitemap.xml"
            name = self.settings["SITENAME"]
            self._write_text(
                path, sitemap.news_urlset(site.news_entries(lang), siteurl, name, lang)
            )
            news.append(path)
        self._write_text("robots.txt", sitemap.robots(siteurl, news))
        # Ours is the last generator that renders pages: render them all now.
        if hasattr(writer, "flush"):
            writer.flush()

    def _write_listings(self, writer, site):
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

    def _write_not_found(self, writer, site):
        # Most static hosts serve the root 404 at any depth: no relative URLs.
        for lang, home in site.homes.items():
            path = f"{home.url}404.html"
            writer.write_file(path, self.get_template("404"), self.context, lang=lang, url=path)

    def _write_redirects(self, writer, site):
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

    def _write_feeds(self, site, writer):
        """Feeds are built with the pages, in the workers (see writer.py)."""
        for feed in site.feeds():
            for fmt in feeds.FORMATS:
                path = feed.path(fmt)
                fields = dict(
                    fmt=fmt,
                    title=feed.title,
                    siteurl=self.settings["SITEURL"],
                    home_url=feed.link,
                    path=path,
                    lang=feed.lang,
                    articles=feed.articles,
                    fallback_date=site.newest_date,
                    limit=self.settings["FEED_MAX_ITEMS"],
                )
                if hasattr(writer, "write_text"):
                    writer.write_text(path, feeds.build_feed, **fields)
                else:
                    self._write_text(path, feeds.build_feed(**fields))

    def _write_text(self, name, text):
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def add_generator(pelican):
    """get_generators: our listings are written by our own generator."""
    return SiteGenerator


@pass_context
def term_link(ctx, term, rel=None):
    """A category, tag or author, linked when its page exists (a term used
    only by hidden stories has none). In Python: it is on every card."""
    if not term.articles:
        return escape(term.name)
    rel = Markup(' rel="{}"').format(rel) if rel else ""
    return Markup('<a href="{}/{}"{}>{}</a>').format(ctx["SITEURL"], term.url, rel, term.name)


@pass_context
def page_alternates(ctx):
    """The hreflang set and switcher targets of the page being rendered, or
    None for pages outside the translation graph (404)."""
    listing = ctx.get("listing")
    if listing:
        page = ctx.get("articles_page")
        return ctx["bilingual"].listing_alternates(listing, page.number if page else 1)
    content = ctx.get("article") or ctx.get("page")
    return getattr(content, "alternates", None)


def install_helpers(generator):
    """generator_init: template helpers that read the per-language site."""
    generator.env.globals.update(
        {
            "page_alternates": page_alternates,
            "term_link": term_link,
            "structured_data": structured_data,
            "preview_image_url": pass_context(image_url),
        }
    )
