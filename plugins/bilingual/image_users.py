"""Who shows each image, for naming the stories a problem with a file
concerns (``image_store.derive_images``).

The stories and pages Pelican read show an image as their hero
(``Image:``) or through a ``{static}`` link in their body. A story the
reader refused for problems of its own is not among them, yet it may show
an image with a problem found only later (a file cut off after its header,
found when encoded): its text is searched for the image when that happens
(``source.image_reference``), so the problem is named at the story's line
rather than as a file "used by no story".
"""

import os
import re
from collections.abc import Collection
from html import unescape
from typing import Any
from urllib.parse import unquote

from .errors import ContentError, problem
from .pelican_internals import raw_body
from .source import image_reference, read_text

STATIC_LINK = re.compile(r"\{static\}/?(?P<path>[^\"'\s,]+)")

Content = Any  # a Pelican Article or Page


def image_users(contents: list[Content]) -> dict[str, list[str]]:
    """Image path -> the stories and pages that show it (hero or body)."""
    found: dict[str, list[str]] = {}
    for content in contents:
        paths = [local_hero(content)] + [
            unquote(unescape(m["path"])) for m in STATIC_LINK.finditer(raw_body(content))
        ]
        for path in dict.fromkeys(p for p in paths if p):
            found.setdefault(path, []).append(content.relative_source_path)
    return found


def local_hero(content: Content) -> str:
    """The content-relative path of the story's own ``Image:`` (not a
    remote one), unquoted; "" for none."""
    image = content.metadata.get("image") or ""
    return "" if "://" in image or image.startswith("//") else unquote(image)


def unusable(root: str, path: str, message: str, users: list[str]) -> list[str]:
    """The problem ``message`` (which starts with its name) of the image
    ``path``, reported at each story's line that shows it, or as the file
    when no story does."""
    if not users:
        return [problem(path, "file", f"{message} (used by no story)")]
    found = []
    for user in users:
        field, line = image_reference(_text(root, user), path)
        found.append(problem(user, field, message, line))
    return found


class Users:
    """The stories and pages that show each image: ``read`` (image path ->
    content-relative sources, from what Pelican read) and, asked about one
    image, the files the reader refused for problems of their own
    (``unread``), found in their text: a story refused because of one
    image still names the others it shows."""

    def __init__(self, root: str, read: dict[str, list[str]], unread: Collection[str]) -> None:
        self.root = root
        self.read = read
        self._unread = sorted(unread)
        self._texts: dict[str, str] = {}

    def refused(self, path: str) -> list[str]:
        """The refused files that name the image ``path`` (as the hero, or
        anywhere in the body)."""
        found = []
        for user in self._unread:
            if user not in self._texts:
                self._texts[user] = _text(self.root, user)
            field, line = image_reference(self._texts[user], path)
            if field == "image" or line is not None:
                found.append(user)
        return found

    def all(self, path: str) -> list[str]:
        return self.read.get(path, []) + self.refused(path)


def _text(root: str, relative: str) -> str:
    """A story's text, or "" when it cannot be read as text (its own
    problem, reported by the reader)."""
    try:
        return read_text(os.path.join(root, relative), relative)
    except (ContentError, OSError):
        return ""
