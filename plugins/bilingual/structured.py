"""schema.org JSON-LD and social-preview data for the page being rendered.

Templates serialise the returned dicts with ``|tojson``, which escapes
``<``, ``>``, ``&`` and quotes, so content cannot break out of the script.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from .dates import rfc3339

# The template context (Jinja's, or a plain mapping of the same names).
Ctx = Context | Mapping[str, Any]
# A Pelican Article or Page with the attributes the plugin gives it.
Content = Any
JsonObject = dict[str, Any]
DEFAULT_PREVIEW = "theme/og-default.png"  # 1200×630


def _abs(ctx: Ctx, url: str) -> str:
    return f"{ctx['SITEURL']}/{url}"


def _publisher(ctx: Ctx) -> JsonObject:
    """The publication, from BILINGUAL_PUBLISHER (the masthead's settings)."""
    publisher = ctx.get("BILINGUAL_PUBLISHER") or {}
    data: JsonObject = {
        "@type": "NewsMediaOrganization",
        "name": publisher.get("name") or ctx["SITENAME"],
        "url": _abs(ctx, ""),
        "logo": {"@type": "ImageObject", "url": _abs(ctx, DEFAULT_PREVIEW)},
    }
    if publisher.get("email"):
        data["email"] = publisher["email"]
    masthead = publisher.get("masthead")
    if masthead:
        data["masthead"] = _abs(ctx, masthead)
    return data


def _authors(ctx: Ctx, article: Content) -> list[JsonObject]:
    """The story's authors; a story that names none is the publication's own."""
    if not article.authors:
        return [_publisher(ctx)]
    return [{"@type": "Person", "name": a.name, "url": _abs(ctx, a.url)} for a in article.authors]


def preview_image(ctx: Ctx, content: Content = None) -> tuple[str, int | None, int | None]:
    """(site path, width, height) of the page's social card: a story's own
    (cropped from its hero or drawn from its title, image_store.py), else
    its image, else the site's default preview image."""
    content = content or ctx.get("article") or ctx.get("page")
    index = ctx.get("bilingual_images")
    card = index.cards.get(getattr(content, "source_path", None)) if index else None
    if index and card:
        return quote(card, safe="/"), *index.card_size
    image = getattr(content, "image", None)
    return (image, None, None) if image else (DEFAULT_PREVIEW, 1200, 630)


def preview_alt(ctx: Ctx, content: Content = None) -> str:
    """The alt text of ``preview_image``: a hero's (its ``Image_Alt``, else
    its caption, as the page shows it), a drawn card's the story's title
    (what it shows), the site's default image's the site's name; "" for a
    hero without one."""
    content = content or ctx.get("article") or ctx.get("page")
    index = ctx.get("bilingual_images")
    image = getattr(content, "image", None)
    if index is not None and getattr(content, "source_path", None) in index.cards:
        if unquote(image or "") not in index.plans:  # no hero to crop it from: drawn
            return str(content.title)
    if image:
        meta = content.metadata
        return str(meta.get("image_alt") or meta.get("image_caption") or "")
    return str(ctx["SITENAME"])


def image_url(ctx: Ctx, content: Content = None) -> str:
    """The absolute URL of ``preview_image``."""
    path = preview_image(ctx, content)[0]
    return path if "://" in path else _abs(ctx, path)


def news_article(ctx: Ctx, article: Content) -> JsonObject:
    page = ctx["bilingual"].view(article)
    data: JsonObject = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": _abs(ctx, article.url),
        "url": _abs(ctx, article.url),
        "mainEntityOfPage": {"@type": "WebPage", "@id": _abs(ctx, article.url)},
        "headline": article.title,
        "description": page.summary_text,
        "inLanguage": article.lang,
        "datePublished": rfc3339(article.date),
        "dateModified": rfc3339(getattr(article, "modified", None) or article.date),
        "author": _authors(ctx, article),
        "publisher": _publisher(ctx),
        "articleSection": article.category.name,
    }
    if article.tags:
        data["keywords"] = [t.name for t in article.tags]
    if preview_image(ctx, article)[0] != DEFAULT_PREVIEW:  # its hero, or its drawn card
        data["image"] = [image_url(ctx, article)]
    if page.editorial.corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": rfc3339(c.date)}
            for c in page.editorial.corrections
        ]
    if page.editorial.source:
        data["isBasedOn"] = {"@type": "CreativeWork", "name": page.editorial.source.name}
        if page.editorial.source.url:
            data["isBasedOn"]["url"] = page.editorial.source.url
    if page.editorial.translator:
        data["translator"] = {"@type": "Person", "name": page.editorial.translator.name}
    if page.editorial.translation_method:
        # schema.org has no property for how a translation was made.
        data["disambiguatingDescription"] = f"{page.editorial.translation_method} translation"
    if page.pairing.is_original and page.pairing.translations:
        data["workTranslation"] = [
            {"@type": "NewsArticle", "@id": _abs(ctx, t.url), "inLanguage": t.lang}
            for t in page.pairing.translations
        ]
    elif not page.pairing.is_original and page.pairing.original.status == article.status:
        original = page.pairing.original
        data["translationOfWork"] = {
            "@type": "NewsArticle",
            "@id": _abs(ctx, original.url),
            "inLanguage": original.lang,
        }
    return data


@pass_context
def structured_data(ctx: Context, name: str) -> JsonObject | None:
    """The JSON-LD object for this page, or None; ``name`` is the page's
    title as the template shows it."""
    # A gettext title is Markup (escaped); JSON-LD wants the text itself.
    name = name.unescape() if isinstance(name, Markup) else name
    article, listing, page = ctx.get("article"), ctx.get("listing"), ctx.get("page")
    if article:
        return news_article(ctx, article)
    if page:
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "@id": _abs(ctx, page.url),
            "name": page.title,
            "inLanguage": page.lang,
            "isPartOf": {
                "@type": "WebSite",
                "@id": _abs(ctx, ctx["bilingual"].homes[page.lang].url),
            },
        }
    if listing:
        home = ctx["bilingual"].homes[listing.lang]
        website: JsonObject = {
            "@type": "WebSite",
            "@id": _abs(ctx, home.url),
            "url": _abs(ctx, home.url),
            "name": ctx["SITENAME"],
            "inLanguage": listing.lang,
            "publisher": _publisher(ctx),
        }
        page = ctx.get("articles_page")
        url = page.url if page else listing.url
        if listing is home and url == home.url:
            return {"@context": "https://schema.org", **website}
        return {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "@id": _abs(ctx, url),
            "url": _abs(ctx, url),
            "name": name,
            "inLanguage": listing.lang,
            "isPartOf": website,
        }
    return None
