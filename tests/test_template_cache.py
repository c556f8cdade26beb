"""Compiled templates are shared through Jinja's bytecode cache
(generator.share_compiled_templates): what comes out of a cached template
must be what a fresh compile gives, whatever changed besides its source."""

import os
import subprocess
import sys
from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from bilingual.generator import compile_key, share_compiled_templates
from conftest import REPO

TEMPLATE = {"page.html": "{{ 'warta'|shout }}\n  {% if true %}x{% endif %}"}


def rendered(cache_path, shout, **options):
    """``page.html`` from a new environment sharing ``cache_path``, as a
    Pelican generator (and a render worker) gets one."""
    env = Environment(loader=DictLoader(TEMPLATE), **options)
    env.filters["shout"] = shout
    share_compiled_templates(SimpleNamespace(env=env, settings={"CACHE_PATH": str(cache_path)}))
    return env.get_template("page.html").render()


def test_an_edited_filter_is_used_though_the_template_came_from_the_cache(tmp_path):
    assert rendered(tmp_path, lambda t: t.upper()).startswith("WARTA")
    assert list((tmp_path / "templates").rglob("*.cache")), "nothing was cached"
    # Jinja ran the filter on the constant when it compiled the template.
    assert rendered(tmp_path, lambda t: t + "!").startswith("warta!")


def test_syntax_options_get_their_own_compiled_templates(tmp_path):
    plain = rendered(tmp_path, str.upper)
    trimmed = rendered(tmp_path, str.upper, lstrip_blocks=True, trim_blocks=True)
    assert plain == "WARTA\n  x" and trimmed == "WARTA\nx"
    assert compile_key(Environment()) != compile_key(Environment(trim_blocks=True))
    assert compile_key(Environment()) == compile_key(Environment())


def test_the_key_is_the_same_in_every_process():
    """Else no build would find what the one before compiled (a frozenset in
    a filter's code prints in a different order under each hash seed)."""
    command = [
        sys.executable,
        "-c",
        "from jinja2 import Environment;"
        " from bilingual.generator import compile_key; print(compile_key(Environment()))",
    ]
    keys = {
        subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO,
                       env={**os.environ, "PYTHONPATH": "plugins", "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }  # fmt: skip
    # and this process's own seed, random unless PYTHONHASHSEED is set
    assert keys == {compile_key(Environment()) + "\n"}
