"""The images a build publishes, encoded once and kept in a cache.

``derive_images`` (a step of ``pipeline.link_site``) looks at every raster
image in the static folders and every story: it plans each image's files
(``renditions.py``), finds them in the cache folder or encodes the missing
ones on every core (``workers.py``, ``image_encoding.py``,
``social_card.py``), and returns an ``ImageIndex``: the plans the templates
turn into ``<picture>`` markup, each story's social card, and every file to
publish. Pelican no longer copies these originals (they carry the camera's
metadata); ``ImageGenerator`` (``image_output.py``) puts the cached files
in the output instead, as hard links where it can.

The cache folder (``BILINGUAL_IMAGE_CACHE``, default ``<CACHE_PATH>/images``,
outside the output and ignored by git) holds one folder per entry, named by
its key: a hash of the source file's bytes (or, for a drawn card, of its
text, colours and font), the settings that shape the files, the Pillow
version and ``VERSION``. A folder appears whole (written aside, then
renamed) or not at all, so an interrupted build never leaves half an entry.
``sources.json`` (``known_files.py``) remembers each source's hash and
size as shown by its size, time and inode, so an unchanged image is not
even opened again.

The encoder leaves out fallback renditions that weigh more than a wider
one (``image_encoding.py``): once the entries are there, each plan offers,
and the build publishes, only the files its entries hold.
"""

import dataclasses
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import PIL

from . import image_memo
from .content_tree import ContentTree
from .errors import problem
from .image_encoding import derive, hero_files
from .image_users import Users, image_users, local_hero, unusable
from .images import inspect, inspected
from .known_files import KnownFiles
from .pelican_internals import withhold_static
from .renditions import (
    CARD_SIZE,
    ORIGINAL,
    ImageSettings,
    Plan,
    cache_folder,
    card_name,
    image_settings,
    plan,
)
from .settings import workers
from .social_card import DRAWING, CardText, draw_card
from .workers import Workers, start_method

logger = logging.getLogger(__name__)

VERSION = "4"  # raise when the encoders' output changes: every entry is made anew
CARD_FILE = "card"

Content = Any  # a Pelican Article or Page


@dataclass(frozen=True)
class Job:
    """One cache entry to make: an image's files, a hero's social card and
    card crops (``crop``), or a drawn card (``text``)."""

    key: str
    source: str = ""  # the source file, for an image or a cropped card
    plan: Plan | None = None
    crop: bool = False
    text: CardText | None = None


@dataclass
class ImageIndex:
    """What the templates and ``ImageGenerator`` need to know."""

    plans: dict[str, Plan] = field(default_factory=dict)  # content-relative path -> plan
    cards: dict[str, str] = field(default_factory=dict)  # story source_path -> card site path
    # What to publish: cache entry key -> {output name: role (its file in the entry)}.
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    cache: str = ""  # the cache folder that holds the entries
    # Entry key -> {role: inode} of its files, where known (image_memo.py).
    inodes: dict[str, dict[str, int]] = field(default_factory=dict)

    card_size: tuple[int, int] = CARD_SIZE

    def __getstate__(self) -> dict[str, Any]:
        """The workers that render pages get the index without ``files``
        and ``inodes`` (thousands of names only ``ImageGenerator`` needs)."""
        return {**self.__dict__, "files": {}, "inodes": {}}


def derive_images(
    context: Mapping[str, Any],
    tree: ContentTree,
    articles: list[Content],
    contents: list[Content],
    settings: Any,
    unread: Collection[str] = (),
) -> tuple[ImageIndex, list[str]]:
    """The site's images and cards, encoded where the cache lacks them, and
    every problem met (a broken, truncated or mislabelled file), named at
    each story that shows the file: those read (``contents``) and those the
    reader refused for other problems (``unread``, content-relative paths)."""
    options = image_settings(settings)
    shaping = repr(options)  # part of every key
    folder = cache_folder(settings)
    statics = set(tree.statics(settings))
    facts = [(s.source_path, local_hero(s), s.title, s.url) for s in articles]
    font = card_text(articles[0], settings).font if articles else ""
    inputs = image_memo.inputs(
        settings["PATH"],
        statics,
        filter(inspected, statics),
        facts,
        "\0".join((shaping, settings["SITENAME"], repr(settings["BILINGUAL_SOCIAL_CARD"]))),
        font,
    )
    kept = image_memo.recall(folder, inputs)
    if kept is not None and image_memo.unchanged(folder, kept[3]):
        plans, cards, files, entries = kept
        withhold_static(context, set(plans))
        inodes = {key: entry[2] for key, entry in entries.items()}
        return ImageIndex(plans, cards, files, folder, inodes), []
    cache = Cache(folder)
    contained = set(tree.files) if unread else set()  # never read through a link out
    users = Users(settings["PATH"], image_users(contents), [u for u in unread if u in contained])
    index, jobs, problems = ImageIndex(cache=cache.folder), [], []
    made_from: dict[str, str] = {}  # entry key -> the image or story it is made from
    entry_of: dict[str, tuple[str, str]] = {}  # image path -> its entry's key, its crops' key
    digests: dict[str, str] = {}  # image path -> its content's hash
    heroes = {hero for _source, hero, _title, _url in facts}  # shown on cards: cropped too

    def publish(key: str, roles: Mapping[str, str]) -> None:
        index.files.setdefault(key, {}).update((name, role) for role, name in roles.items())

    for path in sorted(p for p in statics if inspected(p)):  # GIF and SVG are checked too
        full = os.path.join(settings["PATH"], path)
        try:
            width, height = inspect(full, path, cache.known)
        except ValueError as error:
            # The reader inspects the hero and each <img> of a story the same
            # way: a story that shows the file so was refused, and reported it
            # at its line. A story read shows it otherwise (a link, a <source>).
            if users.read.get(path) or not users.refused(path):
                problems += unusable(settings["PATH"], path, str(error), users.read.get(path, []))
            continue
        found = plan(path, width or 0, height or 0, options, hero=path in heroes)
        if found is None:
            continue
        index.plans[path] = found
        digests[path] = cache.digest(full)
        key = cache.key("image", digests[path], found.shape(), shaping)
        made_from[key] = path
        entry_of[path] = (key, "")
        publish(key, found.roles())
        jobs.append(Job(key, full, plan=found))
    for story in articles:
        hero = local_hero(story)
        if hero in index.plans:
            hero_plan = index.plans[hero]
            key = cache.key("card", digests[hero], hero_plan.crop_shape(), shaping)
            entry_of[hero] = (entry_of[hero][0], key)
            if key not in made_from:  # a hero shown by two stories is cropped once
                made_from[key] = hero
                full = os.path.join(settings["PATH"], hero)
                jobs.append(Job(key, full, plan=hero_plan, crop=True))
                publish(key, hero_plan.crop_roles())
            name = card_name(hero)
        else:
            text = card_text(story, settings)
            key = cache.key("drawn", DRAWING, text.key_text(), cache.digest(text.font))
            made_from[key] = story.source_path
            jobs.append(Job(key, text=text))
            name = drawn_card_name(story.url)
        publish(key, {CARD_FILE: name})
        index.cards[story.source_path] = name
    problems += _collisions(index.files, statics, made_from)
    missing = list({j.key: j for j in jobs if not cache.has(j.key)}.values())
    for job, outcome in zip(missing, encode_all(missing, options, settings), strict=True):
        if isinstance(outcome, str):
            path = os.path.relpath(job.source, settings["PATH"]).replace(os.sep, "/")
            problems += unusable(settings["PATH"], path, f"{path} {outcome}", users.all(path))
        else:
            cache.store(job.key, outcome)
    cache.known.save()
    withhold_static(context, set(index.plans))
    if not problems:
        entries = image_memo.entries(folder, index.files)
        index = as_encoded(index, {key: set(entry[2]) for key, entry in entries.items()}, entry_of)
        index.inodes = {key: entry[2] for key, entry in entries.items()}
        image_memo.remember(folder, inputs, (index.plans, index.cards, index.files, entries))
    return index, problems


def as_encoded(
    index: ImageIndex, made: Mapping[str, set[str]], entry_of: Mapping[str, tuple[str, str]]
) -> ImageIndex:
    """``index`` offering and publishing only the files the encoder made:
    ``made`` is each entry's roles, ``entry_of`` each image's entry key and
    its card crops' ("" for none)."""
    plans = {
        path: found.encoded(made[entry_of[path][0]], made.get(entry_of[path][1], ()))
        for path, found in index.plans.items()
    }
    files = {
        key: {name: role for name, role in names.items() if role in made[key]}
        for key, names in index.files.items()
    }
    return dataclasses.replace(index, plans=plans, files=files)


def encode_all(jobs: list[Job], options: ImageSettings, settings: Any) -> list[Any]:
    """Each job's {role: bytes}, or its problem as text, on every core."""
    count = min(workers(settings), len(jobs))
    if count <= 1:
        return [encode_job(options, job) for job in jobs]
    logger.info("encoding %d images and cards on %d cores", len(jobs), count)
    with Workers(count, start_method(settings), _same, (options,)) as pool:
        return list(pool.map(encode_job, jobs))


def encode_job(options: ImageSettings, job: Job) -> dict[str, bytes] | str:
    """In a worker: the files of one cache entry."""
    if job.text is not None:
        return {CARD_FILE: draw_card(job.text)}
    with open(job.source, "rb") as f:
        data = f.read()
    try:
        assert job.plan is not None
        if job.crop:
            return hero_files(data, job.plan, options, CARD_FILE)
        return derive(data, job.plan, options)
    except ValueError as error:
        return str(error)


def card_text(story: Content, settings: Any) -> CardText:
    colours = settings["BILINGUAL_SOCIAL_CARD"]
    font = os.path.join(settings["THEME"], colours["font"])
    return CardText(
        story.title,
        settings["SITENAME"],
        colours["background"],
        colours["foreground"],
        colours["accent"],
        font,
    )


def drawn_card_name(url: str) -> str:
    """``2025/07/banjir/`` -> ``og/2025/07/banjir.png``."""
    stem = re.sub(r"(?:/index)?\.html?$", "", url.strip("/")) or "index"
    return f"og/{stem}.png"


class Cache:
    """The cache folder: entries by key, and what is known of sources."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.known = KnownFiles(folder)

    @staticmethod
    def key(*parts: str) -> str:
        text = "\0".join((VERSION, PIL.__version__, *parts))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]

    def digest(self, path: str) -> str:
        """The SHA-256 of the file's bytes; remembered while its size,
        modification time, inode and change time stay the same."""
        known = self.known.recall(path, "digest")
        if known is not None:
            return str(known)
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        self.known.learn(path, "digest", digest)
        return digest

    def has(self, key: str) -> bool:
        return os.path.isdir(os.path.join(self.folder, key))

    def store(self, key: str, files: Mapping[str, bytes]) -> None:
        """Write an entry aside, then rename it into place in one step."""
        os.makedirs(self.folder, exist_ok=True)
        aside = tempfile.mkdtemp(prefix=".new-", dir=self.folder)
        for role, data in files.items():
            with open(os.path.join(aside, role), "wb") as f:
                f.write(data)
            os.chmod(os.path.join(aside, role), 0o444)  # hard-linked into outputs: never edit
        try:
            os.rename(aside, os.path.join(self.folder, key))
        except OSError:  # another build stored it meanwhile
            shutil.rmtree(aside, ignore_errors=True)


def _collisions(
    files: Mapping[str, Mapping[str, str]], statics: set[str], made_from: Mapping[str, str]
) -> list[str]:
    """A derivative's name that is already a file of the static folders, or
    that two images would both write (``a.jpg`` and ``a.png`` both make
    ``a-480w.webp``): one would be published in the other's place.
    ``files``: entry key -> {output name: role}."""
    found = [
        problem(name, "file", f"has the name of a file the build makes ({names[name]}); rename it")
        for names in files.values()
        for name in sorted(statics.intersection(names))
        if names[name] != ORIGINAL
    ]
    if len(set().union(*files.values())) == sum(map(len, files.values())):
        return found  # no name in two entries: the usual case, checked without a loop
    claimed: dict[str, set[str]] = {}
    for key, names in files.items():
        for name in names:
            claimed.setdefault(name, set()).add(made_from.get(key, key))
    for name, sources in sorted(claimed.items()):
        if len(sources) > 1:
            first, *others = sorted(sources)
            found.append(problem(first, "file", f"makes {name}, as {', '.join(others)} does;"
                                 " rename one of them"))  # fmt: skip
    return found


def _same(options: ImageSettings) -> ImageSettings:
    """Worker set-up: the settings every job is encoded with."""
    return options
