"""Translation linking for a one-run, many-language Pelican site.

Each story is one Markdown file per language (``story.id.md``,
``story.en.md``); the path without the language suffix ties the variants
together. See README.md in this folder for how it works and its settings.

Importing the package imports nothing else: the editorial commands
(``bilingual.newsroom``) start without the build's modules, and Pelican
gets them through ``register`` (``plugin.py``).
"""


def register() -> None:
    """Pelican's entry point: connect the plugin's handlers to its signals."""
    from .plugin import register as connect

    connect()
