"""Editorial commands: ``python -m bilingual.newsroom
new|status|translated|frontmatter``.

The Makefile runs them through ``bilingual.newsroom.targets`` (``make new``,
``make status``, ``make translated``, ``make frontmatter``), which calls the functions below with
the values given to ``make``, untouched by any shell.
"""

import argparse
import json
import os
import sys
from typing import Any
from zoneinfo import ZoneInfo

from pelican.settings import read_settings

from bilingual.errors import ContentError
from bilingual.settings import configure, language_codes

from .convert_header import ConversionError, convert_files
from .scaffold import new_story, stamp_translations
from .status import format_table, needs_work, report
from .stories import Story, read_stories


def _settings(settings_file: str, content: str | None) -> dict[str, Any]:
    """The settings as the build has them (the plugin's defaults filled in
    and checked; ``ContentError`` otherwise); ``content`` (``make …
    CONTENT=``) replaces ``PATH``."""
    settings: dict[str, Any] = configure(read_settings(settings_file))
    if content:
        settings["PATH"] = os.path.abspath(content)
    return settings


def _languages(settings: dict[str, Any]) -> list[str]:
    return language_codes(settings)


def _stories(settings: dict[str, Any], problems: list[str] | None = None) -> dict[str, Story]:
    """The stories and pages the build reads (``read_stories``; a file that
    cannot be read is named in ``problems``, when given)."""
    folders = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]
    ignore = settings["IGNORE_FILES"]
    return read_stories(settings["PATH"], _languages(settings), ignore, folders, problems)


def new(
    settings_file: str,
    title: str,
    slug: str | None = None,
    category: str | None = None,
    authors: str | None = None,
    content: str | None = None,
) -> int:
    """``make new``: scaffold a draft story in every language."""
    try:
        settings = _settings(settings_file, content)
        paths = new_story(settings["PATH"], settings, title, slug, category, authors)
    except (OSError, ValueError, ContentError) as error:
        print(f"make new: {error}", file=sys.stderr)
        return 1
    print("Created (Status: draft):\n" + "\n".join(f"  {p}" for p in paths))
    return 0


def translated(settings_file: str, story_key: str, content: str | None = None) -> int:
    """``make translated``: record that a story's translations are current."""
    try:
        settings = _settings(settings_file, content)
        content, languages = settings["PATH"], _languages(settings)
        stories = _stories(settings)
    except ContentError as error:
        print(f"make translated: {error}", file=sys.stderr)
        return 1
    key = story_key.removeprefix("content/").split(".")[0]
    story = stories.get(key)
    if story is None:
        print(f"make translated: no story {key!r} under {content}", file=sys.stderr)
        return 1
    for path in stamp_translations(content, story, languages[0]):
        print(f"stamped {path}")
    return 0


def frontmatter(settings_file: str, story_key: str, content: str | None = None) -> int:
    """``make frontmatter``: rewrite a story's ``Key: value`` headers (every
    language) as YAML front matter; ``all``: every story and page."""
    try:
        settings = _settings(settings_file, content)
        content = settings["PATH"]
        stories = _stories(settings)
    except ContentError as error:
        print(f"make frontmatter: {error}", file=sys.stderr)
        return 1
    key = story_key.removeprefix("content/").split(".")[0]
    chosen = list(stories.values()) if key == "all" else [stories[key]] if key in stories else []
    if not chosen:
        print(f"make frontmatter: no story {key!r} under {content}", file=sys.stderr)
        return 1
    paths = [variant.path for story in chosen for variant in story.variants.values()]
    try:
        converted, skipped = convert_files(content, paths, ZoneInfo(settings["TIMEZONE"]))
    except (ConversionError, OSError) as error:
        print(f"make frontmatter: nothing converted:\n{error}", file=sys.stderr)
        return 1
    for path in skipped:
        print(f"has front matter already: {path}")
    for path in converted:
        print(f"converted {path}")
    return 0


def status(
    settings_file: str, as_json: bool = False, strict: bool = False, content: str | None = None
) -> int:
    """``make status``: translation status and editorial advisories."""
    try:
        settings = _settings(settings_file, content)
        languages = _languages(settings)
        unread: list[str] = []  # named with every other problem, as the build does
        stories = _stories(settings, unread)
        data = report(stories, settings, unread)
    except ContentError as error:
        print(f"make status: {error}", file=sys.stderr)
        return 1
    print(
        json.dumps(data, indent=2, ensure_ascii=False) if as_json else format_table(data, languages)
    )
    return 1 if strict and needs_work(data) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsroom", description=__doc__.split("\n\n")[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    commands = parser.add_subparsers(dest="command", required=True)

    scaffold = commands.add_parser("new", help="scaffold a story in every language")
    scaffold.add_argument("title")
    scaffold.add_argument("--slug")
    scaffold.add_argument("--category")
    scaffold.add_argument("--authors")

    report_parser = commands.add_parser("status", help="translation status and advisories")
    report_parser.add_argument("--json", action="store_true", help="print JSON")
    report_parser.add_argument(
        "--strict", action="store_true", help="exit 1 when anything is missing or stale"
    )

    stamp = commands.add_parser("translated", help="record that a translation is current")
    stamp.add_argument("story", help="translation key, e.g. articles/2025/meta-superintelligence")

    convert = commands.add_parser("frontmatter", help="rewrite a header as YAML front matter")
    convert.add_argument("story", help="translation key, e.g. articles/2025/slug, or all")

    args = parser.parse_args(argv)
    if args.command == "new":
        return new(args.settings, args.title, args.slug, args.category, args.authors)
    if args.command == "translated":
        return translated(args.settings, args.story)
    if args.command == "frontmatter":
        return frontmatter(args.settings, args.story)
    return status(args.settings, args.json, args.strict)


if __name__ == "__main__":
    sys.exit(main())
