"""The generator that writes what Pelican cannot write per language: homes,
category/tag/author pages and their indexes, archives, and the 404 pages.

It only writes; everything it writes was computed by ``site.link_site``.
"""

from jinja2 import pass_context
from pelican.generators import Generator


class ListingsGenerator(Generator):
    def generate_context(self):
        """Nothing to read: the site is linked once all content is read."""

    def generate_output(self, writer):
        site = self.context["bilingual"]
        relative = self.settings["RELATIVE_URLS"]
        for listing in site.listings():
            writer.write_file(
                listing.save_as,
                self.get_template(listing.template),
                self.context,
                relative_urls=relative,
                paginated={"articles": listing.articles},
                template_name=listing.template,
                url=listing.url,
                listing=listing,
                lang=listing.lang,
                articles=listing.articles,
            )
        # Most static hosts serve the root 404 at any depth: no relative URLs.
        for lang, home in site.homes.items():
            writer.write_file(
                f"{home.url}404.html",
                self.get_template("404"),
                self.context,
                lang=lang,
                url=f"{home.url}404.html",
            )


def add_generator(pelican):
    """get_generators: our listings are written by our own generator."""
    return ListingsGenerator


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
    generator.env.globals["page_alternates"] = page_alternates
