"""Convert a folder's Markdown sources on every core before Pelican asks.

Pelican reads files one at a time; converting Markdown is most of a cold
build's reading time and needs nothing from Pelican, so worker processes
convert every source of a folder while Pelican consumes the results in its
own order. Output is unchanged: each file is converted the same way, only
elsewhere (``workers.py`` runs them). Only files the build cache does not
hold already are converted (``source_cache.py``). Off when fewer than
``MINIMUM_FILES`` are to convert (a live preview's rebuild reads only the
files saved since the last: ``read_ahead.py``), or when
``BILINGUAL_WORKERS`` is 1.
"""

import pickle

from .body import BodyOptions
from .errors import ContentError
from .images import ImageRules
from .source import SourceConverter
from .workers import Workers

MINIMUM_FILES = 100  # below this, starting workers costs more than it saves
CHUNK = 16  # files per task: fewer messages, results still early


def convert(converter: SourceConverter, relative: str) -> bytes | ContentError:
    """In a worker: the converted file, pickled (the build cache keeps these
    bytes: the Pelican process does not pickle it again), or the problems
    that stop it."""
    try:
        return pickle.dumps(converter.convert(relative), protocol=pickle.HIGHEST_PROTOCOL)
    except ContentError as error:
        return error


class Prefetcher:
    """Converts ``files`` in ``count`` workers (one ``SourceConverter`` each,
    made from the picklable ``markdown`` options and image ``rules``)."""

    def __init__(
        self,
        markdown: BodyOptions,
        rules: ImageRules,
        files: list[str],
        count: int,
        method: str,
    ) -> None:
        self._files = files
        self._wanted = set(files)
        self._workers = Workers(count, method, SourceConverter, (markdown, rules))
        self._results = self._workers.map(convert, files, chunksize=CHUNK)
        self._next = 0  # results received so far
        self._early: dict[str, bytes | ContentError] = {}  # received, not yet asked for

    def take(self, relative: str) -> bytes | ContentError | None:
        """The converted ``Source``, pickled (or its ``ContentError``), or
        None when this file was not prefetched."""
        if relative not in self._wanted:
            return None
        self._wanted.discard(relative)
        # Results come in the order of the files; keep those Pelican asks for later.
        try:
            while relative not in self._early:
                self._early[self._files[self._next]] = next(self._results)
                self._next += 1
        except BaseException:
            self.close()  # a failed worker: stop the others too
            raise
        result = self._early.pop(relative)
        if not self._wanted:
            self.close()
        return result

    def close(self) -> None:
        """Stop the workers, whether or not every file was asked for."""
        self._wanted.clear()
        self._workers.close()
