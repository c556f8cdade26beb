"""Host allowlists (remote images, embedded players), read one way everywhere:
by the build, by the HTML sanitizer and by ``make check``.

An entry is a host (``cdn.example.org``), a wildcard for its subdomains
(``*.example.org``) or a URL whose host counts (``https://cdn.example.org/``);
case does not matter.
"""

from collections.abc import Iterable
from urllib.parse import urlsplit


def host_of(entry: str) -> str:
    """``https://www.youtube.com/embed/`` and ``www.youtube.com`` -> the host."""
    entry = entry.strip().lower()
    return urlsplit(entry).hostname or "" if "//" in entry else entry.split("/")[0]


def normalise(entries: Iterable[str] | str) -> tuple[str, ...]:
    """Settings entries as sorted hosts and ``*.`` wildcards."""
    listed = [entries] if isinstance(entries, str) else list(entries)
    return tuple(sorted({h for h in map(host_of, map(str, listed)) if h}))


def allowed(host: str, entries: Iterable[str]) -> bool:
    """Whether ``host`` is on the normalised list ``entries``."""
    host = host.lower()
    return any(e == host or (e.startswith("*.") and host.endswith(e[1:])) for e in entries)
