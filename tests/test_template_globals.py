"""Templates take their globals as one dict when loaded
(template_globals.flatten_template_globals): they see every global the
generator_init handlers install, whichever order those run in, and a
template's own globals stay its own."""

from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from bilingual.template_globals import flatten_template_globals

TEMPLATES = {
    "page.html": '{% from "macros.html" import sign with context %}{{ greet }} {{ sign() }}'
    '{% include "footer.html" %}',
    "macros.html": "{% macro sign() %}{{ greet }} from {{ site }}{% endmacro %}",
    "footer.html": " [{{ site }}]",
}


def environment() -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES))
    env.globals["greet"] = "hello"
    flatten_template_globals(SimpleNamespace(env=env))
    env.globals["site"] = "Warta"  # a handler that runs after ours, before any template loads
    return env


def test_templates_imports_and_includes_see_every_global():
    assert environment().get_template("page.html").render() == "hello hello from Warta [Warta]"


def test_a_templates_own_globals_override_the_environments_for_it_alone():
    env = environment()
    own = env.get_template("footer.html", globals={"site": "Other"})
    assert own.render() == " [Other]"
    assert env.globals["site"] == "Warta"
    assert env.get_template("macros.html").module.sign() == "hello from Warta"


def test_a_global_set_after_templates_loaded_reaches_them_but_not_over_their_own():
    """Jinja lets a template see a global set later (another plugin may set
    one on a later signal); one dict per template must not lose that."""
    env = environment()
    page = env.get_template("page.html")
    own = env.get_template("footer.html", globals={"site": "Other"})
    env.globals["greet"] = "halo"
    env.globals.update(site="Warta 2")
    assert page.render() == "halo halo from Warta 2 [Warta 2]"
    assert own.render() == " [Other]"
    del env.globals["site"]
    assert page.render() == "halo halo from  []"
    assert own.render() == " [Other]"
