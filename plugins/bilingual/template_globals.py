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
then instead.
"""

from collections.abc import MutableMapping
from typing import Any

Globals = MutableMapping[str, Any]


def flatten_template_globals(generator: Any) -> None:
    """generator_init: the environment's globals, with the template's own
    over them, copied into one dict when each template is loaded (Jinja's
    ``make_globals``, which a subclass of ``Environment`` may override; Pelican
    makes the environment, so it is replaced on the instance)."""
    env = generator.env

    def make_globals(own: Globals | None = None) -> Globals:
        return {**env.globals, **(own or {})}

    env.make_globals = make_globals
