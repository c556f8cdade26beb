"""Read the content folder the way the plugin does, without running Pelican:
every story and page, grouped by translation key, with its header and body.
"""

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from bilingual.content_tree import scan
from bilingual.errors import ContentError
from bilingual.reader import split_name
from bilingual.settings import inside
from bilingual.source import MARKDOWN_SUFFIXES, body_fingerprint, parse_header, read_text


@dataclass
class Variant:
    path: str  # relative to the content folder
    lang: str
    header: dict[str, str]
    body: str
    body_line: int = 1  # the line of the file the body starts on

    @property
    def status(self) -> str:
        return self.header.get("status", "published").strip() or "published"

    @property
    def fingerprint(self) -> str:
        return body_fingerprint(self.body)


@dataclass
class Story:
    key: str  # the translation key: the path without the language suffix
    kind: str  # "article" or "page"
    variants: dict[str, Variant] = field(default_factory=dict)  # lang -> Variant

    def original(self, default_lang: str) -> Variant:
        declared = {v.header.get("original", "").strip() for v in self.variants.values()}
        for lang in declared:
            if lang in self.variants:
                return self.variants[lang]
        if default_lang in self.variants:
            return self.variants[default_lang]
        return next(iter(self.variants.values()))


def read_stories(
    content_dir: str,
    languages: Sequence[str],
    ignore: Sequence[str] = (),
    folders: Sequence[str] | None = None,
    problems: list[str] | None = None,
) -> dict[str, Story]:
    """{key: Story} for every Markdown file under ``content_dir`` named with
    a language, listed as the build lists them (``content_tree.scan``):
    names that ``ignore`` (``IGNORE_FILES``) matches, as an editor's lock or
    a hidden note, and symbolic links are passed over, never read; with
    ``folders`` (``ARTICLE_PATHS`` and ``PAGE_PATHS``), so is Markdown
    outside them, which the build does not read either. A file that cannot
    be read (not UTF-8) is named in ``problems`` and the others are read, when
    ``problems`` is a list; otherwise ``ContentError`` names every such file."""
    unread: list[str] = []
    stories: dict[str, Story] = {}
    for path in scan({"PATH": content_dir, "IGNORE_FILES": ignore}).files:
        if not path.endswith(MARKDOWN_SUFFIXES):
            continue
        if folders is not None and not inside(path, folders):
            continue
        key, lang = split_name(path, languages)
        if lang is None or lang not in languages:
            continue  # the build reports unknown suffixes
        # Read and split as the build does (source.py).
        try:
            header = parse_header(read_text(os.path.join(content_dir, path), path))
        except ContentError as error:
            unread += error.problems
            continue
        kind = "page" if path.startswith("pages/") else "article"
        story = stories.setdefault(key, Story(key, kind))
        story.variants[lang] = Variant(path, lang, header.fields, header.body, header.body_line)
    if problems is not None:
        problems.extend(unread)
    elif unread:
        raise ContentError(*unread)
    return dict(sorted(stories.items()))
