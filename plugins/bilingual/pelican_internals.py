"""Every part of Pelican the plugin relies on that Pelican does not promise to keep.

Private attributes (``Writer._written_files``, ``Content._content``), hooks that
work by convention (``override_url``, ``url_format``, the ``None`` entries for
unreadable files), module-level objects (``pelican.log.console``), the names
of Pelican's output settings, and what rendering in a worker process takes: the
rest of the plugin reaches them only through the functions here. Each says
which Pelican versions it was checked against, and
``tests/test_pelican_internals.py`` has one test per internal, so an upgrade
breaks in that test file with a message naming what changed.

The supported range is ``SUPPORTED``; ``check_pelican_version`` stops a
build on any other version when the plugin registers. To support a new
Pelican: install it, run ``tests/test_pelican_internals.py``, adapt the
functions it names, then widen ``SUPPORTED`` (and the pin in requirements.txt).
"""

import io
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from typing import Any

import pelican
import pelican.contents
import pelican.urlwrappers
import pelican.utils
from pelican import signals, writers
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.log import FatalLogger, LimitFilter, LimitLogger, console
from pelican.plugins._utils import load_plugins
from pelican.readers import BaseReader
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import Writer

# The Pelican versions every function below was checked against.
SUPPORTED = ">=4.12,<4.13"
LOWEST, BELOW = (4, 12), (4, 13)


class UnsupportedPelican(SystemExit):
    """The installed Pelican is outside ``SUPPORTED``.

    A ``SystemExit``: Pelican catches every ``Exception`` a plugin's
    ``register()`` raises, logs it and builds on without the plugin, which
    would publish a site with both languages mixed. This one stops the run
    with its message and exit status 1."""


def check_pelican_version(version: str | None = None) -> None:
    """Stop unless ``version`` (default: the installed Pelican) is in ``SUPPORTED``."""
    version = pelican.__version__ if version is None else version
    found = re.match(r"(\d+)\.(\d+)", version)
    release = (int(found[1]), int(found[2])) if found else (0, 0)
    if not LOWEST <= release < BELOW:
        raise UnsupportedPelican(
            f"the bilingual plugin supports pelican{SUPPORTED}, but Pelican {version} is "
            "installed; install the pinned version (.venv/bin/pip install -r "
            "requirements.txt), or see plugins/bilingual/pelican_internals.py to support it"
        )


# Settings ---------------------------------------------------------------------

# Pelican outputs that list both languages together or merge terms spelled
# alike, and Pelican's pairing by slug; the plugin's generator writes
# per-language listings and feeds, and pairs variants by source path.
# Checked against 4.12.0: these are every listing, archive and feed setting.
PELICAN_OUTPUTS_OFF: dict[str, Any] = {
    "DIRECT_TEMPLATES": [],
    "CATEGORY_SAVE_AS": "",
    "TAG_SAVE_AS": "",
    "AUTHOR_SAVE_AS": "",
    "YEAR_ARCHIVE_SAVE_AS": "",
    "MONTH_ARCHIVE_SAVE_AS": "",
    "DAY_ARCHIVE_SAVE_AS": "",
    "FEED_ALL_ATOM": None,
    "FEED_ALL_RSS": None,
    "FEED_ATOM": None,
    "FEED_RSS": None,
    "CATEGORY_FEED_ATOM": None,
    "CATEGORY_FEED_RSS": None,
    "TAG_FEED_ATOM": None,
    "TAG_FEED_RSS": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "TRANSLATION_FEED_ATOM": None,
    "TRANSLATION_FEED_RSS": None,
    "ARTICLE_TRANSLATION_ID": None,
    "PAGE_TRANSLATION_ID": None,
}

# Pelican's draft outputs, each with the published output it mirrors: the
# plugin writes no draft, except in the live preview, at its final URL.
# Checked against 4.12.0 (the DRAFT_PAGE_* settings exist since 4.6).
DRAFT_OUTPUTS: dict[str, str] = {
    "DRAFT_URL": "ARTICLE_URL",
    "DRAFT_SAVE_AS": "ARTICLE_SAVE_AS",
    "DRAFT_LANG_URL": "ARTICLE_LANG_URL",
    "DRAFT_LANG_SAVE_AS": "ARTICLE_LANG_SAVE_AS",
    "DRAFT_PAGE_URL": "PAGE_URL",
    "DRAFT_PAGE_SAVE_AS": "PAGE_SAVE_AS",
    "DRAFT_PAGE_LANG_URL": "PAGE_LANG_URL",
    "DRAFT_PAGE_LANG_SAVE_AS": "PAGE_LANG_SAVE_AS",
}


def pelican_default(name: str) -> Any:
    """Pelican's default for setting ``name`` (None if it has none); a
    setting still at its default was not chosen by the site. Checked
    against 4.12.0 (``pelican.settings.DEFAULT_CONFIG``)."""
    return DEFAULT_CONFIG.get(name)


# Writer -----------------------------------------------------------------------

# Raised by Writer when a file is written twice; defined since 4.12 (4.11
# raised RuntimeError), so the plugin still imports on 4.11 and
# check_pelican_version can say what is wrong.
FileOverwriteFailedError: type[RuntimeError] = getattr(
    writers, "FileOverwriteFailedError", RuntimeError
)


def written_files(writer: Writer) -> frozenset[str]:
    """The output paths ``writer`` has written so far. Checked against
    4.12.0: ``Writer._written_files``, a set that ``Writer._open_w`` adds to
    and checks for files written twice."""
    return frozenset(writer._written_files)


def record_written(writer: Writer, path: str) -> None:
    """Record that ``path`` (a full output path) was written for ``writer``
    by the plugin rather than through ``write_file``, so a second write of it
    fails as it would in Pelican. Checked against 4.12.0."""
    if path in writer._written_files:
        raise FileOverwriteFailedError(f'"{path}" was written twice')
    writer._written_files.add(path)


# Worker processes ---------------------------------------------------------------


def isolate_worker_logging(handler: logging.Handler) -> None:
    """In a worker process: every record goes to ``handler`` only (the
    worker sends them to the parent, which logs them again), and Pelican's
    duplicate filter and ``--fatal`` raising are off here, so they apply
    once, in the parent. A forked worker inherits the parent's handlers and
    filter state; a spawned one has none: this makes both the same. Checked
    against 4.12.0: ``pelican.log.LimitLogger.limit_filter`` (one shared
    ``LimitFilter``) and ``FatalLogger.fatal_lvl``."""
    for name in list(logging.Logger.manager.loggerDict):
        found = logging.Logger.manager.loggerDict[name]
        if isinstance(found, logging.Logger):
            found.handlers.clear()
    logging.getLogger().handlers[:] = [handler]
    pass_every = logging.Filter()
    pass_every.filter = lambda record: True  # type: ignore[method-assign]
    LimitLogger.limit_filter.filter = pass_every.filter
    FatalLogger.fatal_lvl = logging.CRITICAL + 1


def register_plugins(settings: Mapping[str, Any]) -> None:
    """Register the site's plugins (``PLUGINS``, ``PLUGIN_PATHS``) in this
    process unless they are already: a spawned worker starts without them, a
    forked one inherits them. Checked against 4.12.0:
    ``pelican.plugins._utils.load_plugins``, as ``Pelican.init_plugins``
    uses it; Pelican itself connects nothing to the signals checked."""
    if any(s.receivers for s in (signals.initialized, signals.generator_init)):
        return
    for plugin in load_plugins(dict(settings)):
        plugin.register()


def template_generator(context: Any, settings: Any, output_path: str) -> Generator:
    """A generator with the Jinja environment Pelican's generators render
    with (theme loaders, ``JINJA_*`` settings, every plugin's
    ``generator_init``), for rendering in a worker process. Checked against
    4.12.0: ``Generator.__init__`` builds the environment and sends
    ``generator_init``."""
    register_plugins(settings)
    return Generator(context, settings, settings["PATH"], settings["THEME"], output_path)


class _NotWritingWriter(Writer):  # type: ignore[misc]
    def _open_w(self, filename: str, encoding: str, override: bool = False) -> io.StringIO:
        return io.StringIO()


def render_pages(
    output_path: str,
    settings: Any,
    name: str,
    template: Any,
    context: Any,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    """Run Pelican's ``Writer.write_file`` to render ``template`` (each of
    its pages, when paginated), writing no file and sending no
    ``content_written``: a worker renders, the parent writes. Checked
    against 4.12.0: ``write_file`` opens files through ``Writer._open_w``
    and sends ``content_written`` after writing."""
    writer = _NotWritingWriter(output_path, settings)
    with signals.content_written.muted():
        writer.write_file(name, template, context, *args, **kwargs)


def output_name(localcontext: Mapping[str, Any]) -> str:
    """The output path (relative to OUTPUT_PATH) of the page a template is
    rendering. Checked against 4.12.0: ``Writer.write_file`` puts it in
    ``localcontext["output_file"]`` (documented as the template variable
    ``output_file``)."""
    name: str = localcontext["output_file"]
    return name


# Content objects --------------------------------------------------------------


def raw_body(content: Any) -> str:
    """The body as the reader returned it, before Pelican replaces
    ``{filename}``/``{static}`` links (``""`` when there is none). Checked
    against 4.12.0: ``Content._content``."""
    return content._content or ""


def replaced_link_starts(content: Any) -> frozenset[int]:
    """Where in the raw body each link that Pelican replaces starts (its
    ``{`` or ``|``), found with Pelican's own pattern: ``|filename|``
    links and url attributes other than ``href``/``src`` (``cite``,
    ``poster``…) too. Checked against 4.12.0: ``_update_content`` replaces
    the matches of ``Content._get_intrasite_link_regex()`` in ``_content``."""

    def find() -> frozenset[int]:
        pattern = content._get_intrasite_link_regex()
        return frozenset(found.start("path") for found in pattern.finditer(raw_body(content)))

    starts: frozenset[int] = _of_body(content, "_bilingual_link_starts", find)
    return starts


def _of_body(content: Any, key: str, find: Callable[[], Any]) -> Any:
    """``find()``, worked out once per body of ``content`` and file: a body
    is searched once, not by each step that asks, and a content the live
    preview read ahead (``read_ahead.py``) brings what the builder found in
    it. A body replaced (``set_raw_body``), or a content given another file
    or content folder, is searched again."""
    return _once(content, key, (content._content, *_place(content)), find)


def _place(content: Any) -> tuple[str, str]:
    return content.source_path, content.settings["PATH"]


def _once(content: Any, key: str, inputs: tuple[Any, ...], find: Callable[[], Any]) -> Any:
    """``find()``, kept on ``content`` as ``key`` while ``inputs`` (what
    it reads) stay equal."""
    kept = content.__dict__.get(key)
    if kept is None or kept[0] != inputs:
        kept = content.__dict__[key] = (inputs, find())
    return kept[1]


def set_raw_body(content: Any, html: str) -> None:
    """Replace the body before Pelican's link replacement sees it. Only
    before the first ``get_content`` call: Pelican memoizes its result.
    Checked against 4.12.0: ``Content._content``."""
    content._content = html


def body_with_links(content: Any, siteurl: str) -> str:
    """The body with its ``{filename}``/``{static}`` links resolved against
    ``siteurl``, as Pelican's own feeds do. Checked against 4.12.0:
    ``Content.get_content``."""
    body: str = content.get_content(siteurl)
    return body


def freeze_url(content: Any, url: str, save_as: str | None = None) -> None:
    """Make ``url`` the content's (or static file's) URL from now on, and
    ``save_as`` its output file when given: Pelican recomputes both from the
    settings on every access otherwise (each a dozen path operations), and
    no longer moves them for ``{attach}``. Checked against 4.12.0:
    ``Content.get_url_setting`` returns ``override_url`` and
    ``override_save_as`` when set."""
    content.override_url = url
    if save_as is not None:
        content.override_save_as = save_as


def url_fields(content: Any) -> dict[str, Any]:
    """The fields Pelican formats ``ARTICLE_URL``/``PAGE_URL`` patterns with
    (slug, lang, date, category, …) for ``content``. Checked against
    4.12.0: ``Content.url_format``."""
    return dict(content.url_format)


# The generator context --------------------------------------------------------


def failed_sources(context: Mapping[str, Any]) -> list[str]:
    """Source paths (relative to PATH) that a generator could not read:
    Pelican logs them and records ``None`` for them instead of content.
    Checked against 4.12.0: ``Generator._add_failed_source_path``."""
    return sorted(path for path, found in context["generated_content"].items() if found is None)


def read_sources(context: Mapping[str, Any]) -> dict[str, Any]:
    """{source path relative to PATH: article or page} for every file that
    was read (drafts and hidden content too), as ``{filename}`` links look
    them up. Checked against 4.12.0: ``context["generated_content"]``."""
    return {
        path: found for path, found in context["generated_content"].items() if found is not None
    }


def static_files(context: Mapping[str, Any]) -> list[Any]:
    """The static files (images) Pelican copies, each with its ``url``.
    Checked against 4.12.0: ``context["static_content"]``."""
    return list(context["static_content"].values())


def withhold_static(context: Mapping[str, Any], paths: set[str]) -> None:
    """Stop Pelican copying the static files at ``paths`` (relative to
    PATH) into the output, while ``{static}`` links to them still resolve.
    Checked against 4.12.0: ``StaticGenerator.generate_output`` copies
    ``context["staticfiles"]``; links look in ``context["static_content"]``."""
    kept = [s for s in context["staticfiles"] if s.relative_source_path not in paths]
    context["staticfiles"][:] = kept


def skip_term_pages(articles_generator: Any) -> None:
    """Pelican writes no tag, category or author page here
    (``PELICAN_OUTPUTS_OFF``), yet its output step still works out each
    term's stories by date, a pass over every story per term (a third of a
    second at 1,000 story pairs); with no terms left to it, it skips them.
    The context's ``tags``, ``categories`` and ``authors`` stay. Checked
    against 4.12.0: ``generate_tags``, ``generate_categories`` and
    ``generate_authors`` loop over the generator's own attributes."""
    articles_generator.tags = {}
    articles_generator.categories = []
    articles_generator.authors = []


def read_static_files_only(static_generator: Any, paths: list[str]) -> None:
    """Make Pelican's static generator read and copy the files at ``paths``
    (relative to PATH) and the files content links to (``{static}``),
    instead of every file of the static folders. Checked against 4.12.0:
    ``StaticGenerator.generate_context`` and ``check_disabled_readers``
    walk ``self.settings["STATIC_PATHS"]`` (a file there is taken as it is)
    and read ``context["static_links"]`` besides. The generator gets its own
    copy of the settings: every other reader of ``STATIC_PATHS`` still sees
    the folders."""
    static_generator.settings = {**static_generator.settings, "STATIC_PATHS": paths}


def add_link_target(context: Mapping[str, Any], key: str, target: Any) -> None:
    """Make ``{static}/key`` in a body link to ``target.url``. Checked
    against 4.12.0: link replacement looks ``{static}`` paths up in
    ``context["static_content"]`` and uses the object's ``url``."""
    context["static_content"][key] = target


# Reading ahead (read_ahead.py) ------------------------------------------------


def reading_generators(pelican_run: Any) -> list[Generator]:
    """The generators of ``pelican_run`` that read content (articles and
    pages), made as ``Pelican.run`` makes them, with a context of their
    own, for reading only. Checked against 4.12.0: ``Pelican.run`` makes
    the context from the settings (``generated_content``, ``static_links``,
    ``static_content``, ``localsiteurl``) and each generator from it."""
    context = pelican_run.settings.copy()
    context["generated_content"] = {}
    context["static_links"] = set()
    context["static_content"] = {}
    context["localsiteurl"] = pelican_run.settings["SITEURL"]
    return [
        cls(
            context=context,
            settings=pelican_run.settings,
            path=pelican_run.path,
            theme=pelican_run.theme,
            output_path=pelican_run.output_path,
        )  # fmt: skip
        for cls in (ArticlesGenerator, PagesGenerator)
    ]


def content_cache(
    generator: Any, take: Callable[[str], Any], keep: Callable[[str, Any], None]
) -> None:
    """Make ``generator`` take a file's content from ``take(path)`` (None:
    read the file) and give each content it reads to ``keep(path,
    content)``; ``path`` is absolute and normalised. Checked against 4.12.0: the article
    and page generators' ``generate_context`` asks ``get_cached_data(f,
    None)`` before reading a file (``f`` relative to the generator's
    ``path``), uses what it returns as read and valid, and calls
    ``cache_data(f, content)`` after reading a valid one; ``save_cache``
    writes only with ``CACHE_CONTENT``."""
    root = generator.path

    def get_cached_data(filename: str, default: Any = None) -> Any:
        found = take(os.path.normpath(os.path.join(root, filename)))
        return default if found is None else found

    def cache_data(filename: str, data: Any) -> None:
        keep(os.path.normpath(os.path.join(root, filename)), data)

    generator.get_cached_data = get_cached_data
    generator.cache_data = cache_data


def rebind(content: Any, context: Any, settings: Any) -> None:
    """Make a content read by another Pelican run this run's: its
    ``{filename}`` links are resolved from this run's context, and its
    settings are this run's (equal, or the content is not taken). The other
    run must not have rendered its body: Pelican memoizes ``get_content``.
    Checked against 4.12.0: ``Content.__init__`` keeps them as ``_context``
    and ``settings``."""
    content._context = context
    content.settings = settings


# Readers and files --------------------------------------------------------------


def read_in_order(
    generator: Any,
    list_files: Callable[[list[str], list[str], tuple[str, ...]], list[str] | None],
    on_listed: Callable[[list[str]], None],
) -> None:
    """Make ``generator`` list its files with ``list_files(paths, excludes,
    extensions)`` (None: with its own walk, sorted) and read them in that
    order, the order the prefetch converts them in; ``on_listed`` is given
    the list of files it reads. Checked against 4.12.0: ``get_files``
    returns a set, which the article and page generators'
    ``generate_context`` iterates: an order that changes with each
    process's string hashing; with no extensions it lists those of the
    generator's readers (``Readers.extensions``)."""
    walk = generator.get_files

    def get_files(
        paths: Any, exclude: list[str] | None = None, extensions: Any = None
    ) -> list[str]:
        paths = [paths] if isinstance(paths, str) else list(paths)
        exclude = list(exclude or [])
        reading = extensions is None  # the files it reads, not a check's
        if reading:
            extensions = tuple(generator.readers.extensions)
        files = list_files(paths, exclude, tuple(extensions)) if extensions is not False else None
        if files is None:
            files = sorted(
                walk(paths, exclude=exclude, extensions=extensions),
                key=lambda path: os.path.normpath(path).replace(os.sep, "/"),
            )
        if reading:
            on_listed(files)
        return files

    generator.get_files = get_files


def readers_of(generator: Any) -> list[BaseReader]:
    """The reader instances a generator reads with (none for a generator
    that reads nothing). Checked against 4.12.0: ``Generator.readers``, a
    ``Readers`` whose ``readers`` maps file extensions to instances."""
    found = getattr(generator, "readers", None)
    return list(getattr(found, "readers", {}).values())


# Slugs --------------------------------------------------------------------------


def slugify(
    value: str,
    regex_subs: Iterable[Iterable[str]] = (),
    preserve_case: bool = False,
    use_unicode: bool = False,
) -> str:
    """Pelican's ``slugify``, each name worked out once per process for the
    same rules: a build makes a Category and Tags per story, each slugifying
    its name again (20,000 calls and a regex substitution each at 1,000
    story pairs, for a few hundred names)."""
    return _slug(value, tuple(tuple(sub) for sub in regex_subs), preserve_case, use_unicode)


@lru_cache(maxsize=65536)
def _slug(value: str, subs: tuple[tuple[str, ...], ...], preserve_case: bool, unicode: bool) -> str:
    made: str = pelican.utils.slugify(value, subs, preserve_case, unicode)
    return made


def remember_slugs() -> None:
    """Make Pelican's terms and contents slugify through ``slugify`` above.
    Checked against 4.12.0: ``URLWrapper.slug`` and ``Content.__init__``
    call the ``slugify`` their modules import from ``pelican.utils``, a
    function of its arguments alone."""
    pelican.urlwrappers.slugify = slugify
    pelican.contents.slugify = slugify


_pelican_static_links = pelican.contents.Content.get_static_links


def _static_links(content: Any) -> set[str]:
    """Pelican's ``get_static_links``, found once per body (``_of_body``)."""
    found = _of_body(
        content, "_bilingual_static_links", lambda: frozenset(_pelican_static_links(content))
    )
    return set(found)


_pelican_relative_path = pelican.contents.Content.get_relative_source_path


def _relative_source_path(content: Any, source_path: str | None = None) -> str | None:
    """Pelican's ``get_relative_source_path``, worked out once per
    content for its own file (it resolves two paths each time)."""
    if source_path:  # another file's
        found: str | None = _pelican_relative_path(content, source_path)
        return found
    own: str | None = _once(
        content,
        "_bilingual_relative_path",
        _place(content),
        lambda: _pelican_relative_path(content),
    )
    return own


def remember_per_content() -> None:
    """Make Pelican find the ``{static}``/``{attach}`` links of a body
    once, and a content's path relative to the content folder once, not
    in each build that takes the content from the live preview's reading
    ahead (``read_ahead.py``). Checked against 4.12.0: the article and page
    generators call ``Content.get_static_links`` and ``add_source_path``
    (``get_relative_source_path``) for every content, read or taken from
    their cache; the first reads the body, the source path and the
    settings' link pattern, the second the source path and ``PATH``, which
    a content taken from the cache shares with the build
    (``read_ahead.accept``)."""
    pelican.contents.Content.get_static_links = _static_links
    pelican.contents.Content.get_relative_source_path = _relative_source_path


# Logging ------------------------------------------------------------------------

# Pelican's warning for an image with an empty alt attribute. For this site
# that is an editorial advisory (``make status``), not a build failure
# under ``--fatal warnings``.
EMPTY_ALT_WARNING = "Empty alt attribute for image %s in %s"


class _WithoutEmptyAlt(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != EMPTY_ALT_WARNING


def silence_empty_alt_warning() -> None:
    """Drop Pelican's empty-alt warning. Checked against 4.12.0: the
    ``pelican.readers`` logger emits it (``find_empty_alt``), and a record a
    logger's filter drops does not count under ``--fatal warnings``."""
    readers_log = logging.getLogger("pelican.readers")
    if not any(isinstance(f, _WithoutEmptyAlt) for f in readers_log.filters):
        readers_log.addFilter(_WithoutEmptyAlt())


def forget_logged_messages() -> None:
    """Pelican logs each warning once per process: its filter remembers
    what it let through and drops it after. What the live preview's
    read-ahead logged must not silence a build forked after it (under
    ``--fatal warnings``, the build would pass where a clean one fails).
    Checked against 4.12.0: ``LimitFilter`` keeps ``_raised_messages`` and
    ``_group_count`` on the class."""
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()


def console_print(text: str, *, literal: bool = False) -> None:
    """A line on Pelican's console, where its own build summary goes (shown
    at every verbosity, not a log record). ``literal``: no markup or
    highlighting, no wrapping (file names). Checked against 4.12.0:
    ``pelican.log.console``, a ``rich`` Console."""
    if literal:
        console.print(text, markup=False, highlight=False, soft_wrap=True)
    else:
        console.print(text)
