"""Each template's globals as one plain dict, made when it is loaded.

Jinja gives every template a ``ChainMap`` of its own globals over the
environment's, so that a global added to the environment after a template
was loaded still reaches it, which Jinja's documentation asks not to rely
on ("avoid modifying any globals after a template is loaded",
``Environment.make_globals``). Every render, ``include`` and ``import …
with context`` then copies and lists that ``ChainMap`` key by key in
Python: about 4% of rendering the pages of a 1,000-pair site. Pelican and
every ``generator_init`` handler have put their globals in place before a
generator loads its first template, so a template takes a copy of them
then instead. A global set or removed later (another plugin's handler of a
later signal) is passed on to the copies, which only such a change costs.
"""

from collections import UserDict
from collections.abc import Mapping
from typing import Any

_ABSENT = object()


class EnvironmentGlobals(UserDict[str, Any]):
    """An environment's globals that give each template loaded a plain copy
    (``for_template``) and pass a later change on to every copy that still
    holds the environment's value (not to a template's own global)."""

    def __init__(self, initial: Mapping[str, Any]) -> None:
        self._copies: list[dict[str, Any]] = []
        super().__init__(initial)

    def for_template(self, own: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Jinja's ``make_globals``: the globals of a template being loaded."""
        copy = {**self.data, **(own or {})}
        self._copies.append(copy)
        return copy

    def __setitem__(self, key: str, value: Any) -> None:
        was = self.data.get(key, _ABSENT)
        self.data[key] = value
        for copy in self._copies:
            if copy.get(key, _ABSENT) is was:
                copy[key] = value

    def __delitem__(self, key: str) -> None:
        was = self.data.pop(key)
        for copy in self._copies:
            if copy.get(key, _ABSENT) is was:
                del copy[key]


def flatten_template_globals(generator: Any) -> None:
    """generator_init: each template loaded takes the environment's globals,
    with its own over them, as one dict (Jinja's ``make_globals``, which a
    subclass of ``Environment`` may override; Pelican makes the environment,
    so it is replaced on the instance)."""
    env = generator.env
    env.globals = EnvironmentGlobals(env.globals)
    env.make_globals = env.globals.for_template
