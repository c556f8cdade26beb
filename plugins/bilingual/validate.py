"""Content checks that need the whole site: each failure names the file and
the field, and stops the build (reader-level checks live in reader.py)."""

import fnmatch
import logging
import os
import re

from .errors import ContentError
from .settings import reserved_segments
from .source import MARKDOWN_SUFFIXES

logger = logging.getLogger(__name__)


def _fail(problems):
    if problems:
        for problem in problems:
            logger.error("%s", problem)
        raise ContentError("; ".join(problems))


def no_failed_sources(context):
    """Pelican skips a file it could not read; we stop instead."""
    failed = sorted(p for p, c in context["generated_content"].items() if c is None)
    _fail([f"{path}: could not be read (see the error above)" for path in failed])


def only_markdown(settings):
    """Story and page folders hold Markdown: Pelican skips any other file
    without a word, and an editor would never know why a story is missing."""
    root, problems = settings["PATH"], []
    for top in settings["ARTICLE_PATHS"] + settings["PAGE_PATHS"]:
        for folder, _dirs, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if name.endswith(MARKDOWN_SUFFIXES) or any(
                    fnmatch.fnmatch(name, p) for p in settings["IGNORE_FILES"]
                ):
                    continue
                path = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
                if not any(path.startswith(s.rstrip("/") + "/") for s in settings["STATIC_PATHS"]):
                    problems.append(f"{path}: not a Markdown file (.md); it would not be published")
    _fail(sorted(set(problems)))


FILENAME_LINK = re.compile(r"""(?:href|src)=["']\{(?:filename|attach)\}(?P<path>[^"'#?]+)""")


def no_links_to_drafts(contents, generated):
    """A published story linking a draft (or a scheduled story) would link
    the home page instead, since drafts have no URL in published builds."""
    problems = []
    for content in contents:
        here = os.path.dirname(content.relative_source_path)
        for match in FILENAME_LINK.finditer(content._content or ""):
            path = match["path"]
            path = path.lstrip("/") if path.startswith("/") else os.path.join(here, path)
            target = generated.get(os.path.normpath(path).replace(os.sep, "/"))
            if getattr(target, "status", None) == "draft":
                problems.append(
                    f"{content.relative_source_path}: field 'body': links "
                    f"{target.relative_source_path}, which is a draft or scheduled"
                )
    _fail(problems)


def required_fields(articles, pages):
    problems = [
        f"{c.relative_source_path}: field '{name}': missing"
        for c in articles
        for name in ("title", "date", "category")
        if not getattr(c, name, None)
    ]
    problems += [
        f"{p.relative_source_path}: field 'title': missing"
        for p in pages
        if not getattr(p, "title", None)
    ]
    _fail(problems)


def page_slugs(pages, settings):
    """A page's slug is its first URL segment: keep section names free."""
    reserved = reserved_segments(settings)
    _fail(
        [
            f"{p.relative_source_path}: field 'slug': {p.slug!r} is reserved for "
            "a section of the site; choose another"
            for p in pages
            if p.slug in reserved
        ]
    )


def unique_urls(contents):
    seen, problems = {}, []
    for content in contents:
        other = seen.setdefault(content.save_as, content)
        if other is not content:
            problems.append(
                f"{content.relative_source_path}: field 'slug': URL /{content.url} "
                f"is already taken by {other.relative_source_path}"
            )
    _fail(problems)


def one_declared_original(variants):
    """The language an ``Original:`` header names, if the variants agree."""
    declared = {
        content.relative_source_path: content.metadata["original"].strip()
        for content in variants.values()
        if content.metadata.get("original")
    }
    if len(set(declared.values())) > 1:
        _fail(
            [
                f"{path}: field 'original': variants disagree on the original language "
                f"({', '.join(f'{p} says {v!r}' for p, v in sorted(declared.items()))})"
                for path in sorted(declared)[:1]
            ]
        )
    return next(iter(declared.values()), None)


def free_alias_urls(redirects, contents):
    """An old URL must not be a page that exists, nor claimed twice."""
    taken = {c.save_as: c for c in contents}
    problems = []
    for redirect in redirects:
        other = taken.get(redirect.save_as)
        owner = redirect.target.relative_source_path
        if other is not None:
            where = getattr(other, "relative_source_path", None) or "another alias"
            problems.append(
                f"{owner}: field 'aliases': /{redirect.url} is already taken by {where}"
            )
        taken.setdefault(redirect.save_as, redirect)
    _fail(problems)


def no_clashes(clashes):
    _fail(
        [
            f"{second.relative_source_path}: field 'lang': story {key!r} already "
            f"has a {lang!r} variant in {first.relative_source_path}"
            for key, lang, first, second in clashes
        ]
    )
