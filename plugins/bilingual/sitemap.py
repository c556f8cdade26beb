"""sitemaps.org 0.9 sitemaps with hreflang alternates, and robots.txt.

Past ``limit`` URLs (the protocol allows 50,000 per file) a sitemap index is
written instead, pointing at one sitemap per language, split further when a
language alone exceeds the limit.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr

from .dates import rfc3339

URLSET = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)


@dataclass(frozen=True)
class Entry:
    lang: str
    url: str  # absolute
    lastmod: str  # W3C datetime
    # ((hreflang, absolute url), ...); empty when no counterpart
    alternates: tuple[tuple[str, str], ...]


def urlset(entries: Iterable[Entry]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', URLSET]
    for entry in entries:
        lines.append(f"<url><loc>{escape(entry.url)}</loc><lastmod>{entry.lastmod}</lastmod>")
        for hreflang, href in entry.alternates:
            lines.append(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(hreflang)} href={quoteattr(href)}/>'
            )
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_files(
    entries: Sequence[Entry], siteurl: str, languages: Iterable[str], limit: int
) -> dict[str, str]:
    """{path: xml}: one ``sitemap.xml``, or an index and its parts."""
    if len(entries) <= limit:
        return {"sitemap.xml": urlset(entries)}
    files: dict[str, str] = {}
    for lang in languages:
        mine = [e for e in entries if e.lang == lang]
        for start in range(0, len(mine), limit):
            part = start // limit + 1
            name = f"sitemap-{lang}.xml" if part == 1 else f"sitemap-{lang}-{part}.xml"
            files[name] = urlset(mine[start : start + limit])
    index = ['<?xml version="1.0" encoding="UTF-8"?>']
    index.append('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    index += [f"<sitemap><loc>{escape(f'{siteurl}/{name}')}</loc></sitemap>" for name in files]
    index.append("</sitemapindex>")
    files["sitemap.xml"] = "\n".join(index) + "\n"
    return files


NEWS = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
)


class NewsArticle(Protocol):
    """What a Google News entry reads of a Pelican article."""

    @property
    def url(self) -> str: ...
    @property
    def date(self) -> datetime: ...
    @property
    def title(self) -> str: ...


def news_urlset(articles: Iterable[NewsArticle], siteurl: str, publication: str, lang: str) -> str:
    """A Google News sitemap: one language, its most recent stories."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', NEWS]
    for article in articles:
        lines += [
            f"<url><loc>{escape(f'{siteurl}/{article.url}')}</loc><news:news>",
            f"<news:publication><news:name>{escape(publication)}</news:name>"
            f"<news:language>{escape(lang)}</news:language></news:publication>",
            f"<news:publication_date>{rfc3339(article.date)}</news:publication_date>",
            f"<news:title>{escape(article.title)}</news:title>",
            "</news:news></url>",
        ]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(siteurl: str, news: Iterable[str] = ()) -> str:
    lines = ["User-agent: *", "Allow: /", "", f"Sitemap: {siteurl}/sitemap.xml"]
    lines += [f"Sitemap: {siteurl}/{path}" for path in news]
    return "\n".join(lines) + "\n"
