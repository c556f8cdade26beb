"""Editorial commands: ``python -m bilingual.newsroom new|status|translated``.

The Makefile wraps them (``make new``, ``make status``, ``make translated``).
"""

import argparse
import json
import sys

from pelican.settings import read_settings

from .scaffold import new_story, stamp_translations
from .status import format_table, needs_work, report
from .stories import read_stories


def main(argv=None):
    parser = argparse.ArgumentParser(prog="newsroom", description=__doc__)
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    commands = parser.add_subparsers(dest="command", required=True)

    new = commands.add_parser("new", help="scaffold a story in every language")
    new.add_argument("title")
    new.add_argument("--slug")
    new.add_argument("--category")
    new.add_argument("--authors")

    status = commands.add_parser("status", help="translation status and advisories")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.add_argument(
        "--strict", action="store_true", help="exit 1 when anything is missing or stale"
    )

    stamp = commands.add_parser("translated", help="record that a translation is current")
    stamp.add_argument("story", help="translation key, e.g. articles/2025/meta-superintelligence")

    args = parser.parse_args(argv)
    settings = read_settings(args.settings)
    content = settings["PATH"]
    languages = [settings["DEFAULT_LANG"]] + [
        c for c in settings["BILINGUAL_LANGUAGES"] if c != settings["DEFAULT_LANG"]
    ]

    if args.command == "new":
        try:
            paths = new_story(content, settings, args.title, args.slug, args.category, args.authors)
        except (FileExistsError, ValueError) as error:
            print(f"make new: {error}", file=sys.stderr)
            return 1
        print("Created (Status: draft):\n" + "\n".join(f"  {p}" for p in paths))
        return 0

    stories = read_stories(content, languages)
    if args.command == "translated":
        key = args.story.removeprefix("content/").split(".")[0]
        story = stories.get(key)
        if story is None:
            print(f"make translated: no story {key!r} under {content}", file=sys.stderr)
            return 1
        for path in stamp_translations(content, story, languages[0]):
            print(f"stamped {path}")
        return 0

    data = report(stories, settings)
    print(
        json.dumps(data, indent=2, ensure_ascii=False)
        if args.json
        else format_table(data, languages)
    )
    return 1 if args.strict and needs_work(data) else 0


if __name__ == "__main__":
    sys.exit(main())
