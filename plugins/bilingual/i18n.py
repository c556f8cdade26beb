"""Locale-aware templates: gettext per page language, CLDR dates and numbers.

One Jinja environment serves every language. The gettext callables and the
date filters read the page's language from the template context (the
``lang`` a listing passes, or the language of the ``article``/``page`` being
written), so partials must be imported ``with context``.

Catalogs are compiled in memory from the committed ``.po`` files, so no
``.mo`` file is committed and none can be stale. A process compiles each file
once per version of it (its modification time and size): every reader and
generator of a build, and every build of a devserver, share the result.
"""

import gettext
import io
import os
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import DateTimePattern, format_skeleton, format_time, parse_pattern
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup

from .dates import rfc3339
from .settings import language_codes

CATALOGS = "bilingual_catalogs"

Catalogs = dict[str, gettext.NullTranslations]


def context_lang(ctx: Context) -> str:
    """The language of the page being rendered."""
    lang: str | None = _lookup(ctx, "lang")
    if lang:
        return lang
    content = _lookup(ctx, "article") or _lookup(ctx, "page")
    found: str = getattr(content, "lang", None) or ctx["DEFAULT_LANG"]
    return found


def _lookup(ctx: Context, name: str) -> Any:
    """``ctx.get(name)`` without raising and catching a KeyError for a name
    the page lacks (a story page has no ``lang``): every gettext call and
    date filter asks."""
    value = ctx.resolve_or_missing(name)
    return None if value is missing else value


class Catalog(gettext.GNUTranslations):
    """A language's messages compiled from its ``.po`` file. Pickled as the
    file to compile (gettext's own catalog holds a generated function), so
    pages can be rendered in worker processes started with ``spawn``."""

    def __init__(self, path: str, lang: str) -> None:
        with open(path, "rb") as f:
            catalog = read_po(f, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        super().__init__(buffer)
        self._source = (os.path.abspath(path), lang)

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        return Catalog, self._source


def load_catalogs(settings: Mapping[str, Any]) -> Catalogs:
    """{lang: catalog} compiled in memory from each ``.po`` file."""
    catalogs: Catalogs = {}
    root = settings["BILINGUAL_CATALOG_DIR"] or os.path.join(settings["THEME"], "translations")
    for lang in language_codes(settings):
        path = os.path.join(root, lang, "LC_MESSAGES", "messages.po")
        try:
            found = os.stat(path)
        except FileNotFoundError:
            catalogs[lang] = gettext.NullTranslations()
            continue
        catalogs[lang] = compiled(os.path.abspath(path), lang, found.st_mtime_ns, found.st_size)
    return catalogs


@lru_cache(maxsize=64)
def compiled(path: str, lang: str, mtime_ns: int, size: int) -> Catalog:
    """The catalog of ``path`` as it is at ``mtime_ns`` and ``size``: a
    changed file is compiled again. Nothing changes a ``Catalog`` once made."""
    return Catalog(path, lang)


@cache
def babel_locale(lang: str) -> Locale:
    """Babel's ``Locale`` of a language code, parsed once: Babel's
    formatting functions parse a code given as text on every call."""
    return Locale.parse(lang)


@lru_cache(maxsize=8192)
def format_day(value: date, pattern: str, lang: str) -> str:
    """``babel.dates.format_date(value, pattern, lang)``, with the locale
    and its pattern looked up once (Babel looks both up on every call),
    and each day formatted once: the stories of one day share it."""
    return date_pattern(pattern, lang).apply(value, babel_locale(lang))


@cache
def date_pattern(pattern: str, lang: str) -> DateTimePattern:
    """The pattern ``format_date`` formats with: the locale's own for a
    named format (``full``, ``long``, ``medium``, ``short``), else
    ``pattern`` itself."""
    if pattern in ("full", "long", "medium", "short"):
        named: DateTimePattern = babel_locale(lang).date_formats[pattern]
        return named
    return parse_pattern(pattern)


def install(generator: Any) -> None:
    """generator_init: give this generator's Jinja environment our gettext,
    date filters and the per-language site object."""
    context, settings = generator.context, generator.settings
    catalogs: Catalogs | None = context.get(CATALOGS)
    if catalogs is None:
        catalogs = context[CATALOGS] = load_catalogs(settings)
    zone = ZoneInfo(settings["TIMEZONE"])
    zone_label = settings["BILINGUAL_TIMEZONE_LABEL"]

    # CLDR formatting is slow and the same story date appears on many pages
    # (cards, related stories, archives): format each value once per build.
    @cache
    def cldr(kind: str, value: datetime, pattern: str, lang: str) -> str:
        local = value.astimezone(zone)
        if kind == "date":
            return format_day(local.date(), pattern, lang)
        if kind == "time":
            return f"{format_time(local, pattern, locale=babel_locale(lang))} {zone_label}".strip()
        return format_skeleton(pattern, local, locale=babel_locale(lang))

    # Jinja's newstyle gettext, in one call instead of three nested ones
    # (a page makes dozens of these calls): translate in the page's
    # language, mark safe under autoescape, then fill the placeholders,
    # which escapes them. A message without placeholders comes out the
    # same on every page of a language: it is made once.
    @pass_context
    def _gettext(ctx: Context, message: str, **variables: Any) -> str:
        if not variables:
            return constant(context_lang(ctx), message, ctx.eval_ctx.autoescape)
        text = catalogs[context_lang(ctx)].gettext(message)
        return (Markup(text) if ctx.eval_ctx.autoescape else text) % variables

    @cache
    def constant(lang: str, message: str, autoescape: bool) -> str:
        text = catalogs[lang].gettext(message)
        return (Markup(text) if autoescape else text) % {}

    @pass_context
    def _ngettext(ctx: Context, singular: str, plural: str, n: int, **variables: Any) -> str:
        variables.setdefault("num", n)
        text = catalogs[context_lang(ctx)].ngettext(singular, plural, n)
        return (Markup(text) if ctx.eval_ctx.autoescape else text) % variables

    @pass_context
    def date(ctx: Context, value: datetime, fmt: str = "long") -> str:
        return cldr("date", value, fmt, context_lang(ctx))

    @pass_context
    def time(ctx: Context, value: datetime) -> str:
        return cldr("time", value, "short", context_lang(ctx))

    @pass_context
    def month(ctx: Context, value: datetime) -> str:
        return cldr("skeleton", value, "yMMMM", context_lang(ctx))

    @pass_context
    def day_month(ctx: Context, value: datetime) -> str:
        return cldr("skeleton", value, "MMMd", context_lang(ctx))

    @pass_context
    def number(ctx: Context, value: float) -> str:
        return format_decimal(value, locale=context_lang(ctx))

    @pass_context
    def language_name(ctx: Context, code: str) -> str:
        """A language's name in the page's language ("Inggris", "Indonesian")."""
        name: str = babel_locale(context_lang(ctx)).languages.get(code, code)
        return name

    @cache
    def isoformat(value: datetime) -> str:
        return rfc3339(value.astimezone(zone))

    def groupby_month(articles: Iterable[Any]) -> list[tuple[datetime, list[Any]]]:
        """[(first day of month, [articles])] in the order given."""
        groups: dict[datetime, list[Any]] = {}
        for article in articles:
            local = article.date.astimezone(zone)
            groups.setdefault(
                local.replace(day=1, hour=0, minute=0, second=0, microsecond=0), []
            ).append(article)
        return list(groups.items())

    def translate(message: str, lang: str) -> str:
        """gettext in a given language, for blocks marked with another lang."""
        return catalogs[lang].gettext(message)

    env = generator.env
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)
    env.globals.update({"_": _gettext, "gettext": _gettext, "ngettext": _ngettext})
    env.filters.update(
        {
            "date": date,
            "time": time,
            "month": month,
            "day_month": day_month,
            "number": number,
            "language_name": language_name,
            "isoformat": isoformat,
            "groupby_month": groupby_month,
        }
    )
    env.globals.update({"current_lang": pass_context(context_lang), "translate": translate})
