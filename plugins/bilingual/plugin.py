"""The plugin's hooks into Pelican: which of our functions each Pelican
signal calls (``HANDLERS``), connected by ``register``."""

from typing import Any

from pelican import signals

from .content_tree import TREE, scan
from .generator import add_generator, install_helpers, share_compiled_templates
from .i18n import install as install_locale
from .image_output import add_image_generator
from .pelican_internals import (
    check_pelican_version,
    read_static_files_only,
    remember_per_content,
    remember_slugs,
    silence_empty_alt_warning,
)
from .picture import install_picture
from .pipeline import link_site
from .read_ahead import report as report_reading
from .read_ahead import use_kept_contents
from .reader import BilingualMarkdownReader, read_as_listed
from .renditions import derivable
from .settings import configure
from .template_globals import flatten_template_globals
from .writer import use_parallel_writer


# Pelican ships no types: its Pelican and Readers objects are Any here.
def configure_settings(pelican: Any) -> None:
    """Validate our settings and switch off Pelican's mixed-language outputs."""
    configure(pelican.settings)


def use_bilingual_reader(readers: Any) -> None:
    """Take the language from the file name; convert dates to newsroom time."""
    for ext in BilingualMarkdownReader.file_extensions:
        readers.reader_classes[ext] = BilingualMarkdownReader


def list_content(static_generator: Any) -> None:
    """List the content folder once for the build (``content_tree.py``),
    and leave Pelican's static generator only the static files it copies as
    they are (an SVG, a GIF, a PDF). A raster image is published by
    ``ImageGenerator`` (``image_output.py``), so Pelican does not read it,
    unless a body links it (``{static}``): the link then needs Pelican's
    record of it, which ``image_store`` keeps Pelican from copying."""
    settings = static_generator.settings
    tree = scan(settings)
    static_generator.context[TREE] = tree
    copied = [path for path in tree.statics(settings) if not derivable(path)]
    read_static_files_only(static_generator, copied)


HANDLERS = [
    (signals.initialized, configure_settings),
    (signals.readers_init, use_bilingual_reader),
    (signals.generator_init, install_locale),  # gettext and CLDR dates per page
    (signals.generator_init, install_helpers),  # page_alternates() for templates
    (signals.generator_init, share_compiled_templates),  # each template compiled once
    (signals.generator_init, flatten_template_globals),  # globals copied once per template
    (signals.generator_init, install_picture),  # <picture> markup for images
    (signals.generator_init, use_kept_contents),  # the preview's reading done ahead
    (signals.generator_init, read_as_listed),  # files listed once, read as workers convert
    (signals.static_generator_init, list_content),  # content/ listed once; images are ours
    (signals.all_generators_finalized, link_site),  # pair variants, build listings
    (signals.get_generators, add_generator),  # writes per-language listings
    (signals.get_generators, add_image_generator),  # publishes images and social cards
    (signals.get_writer, use_parallel_writer),  # renders pages on every core
    (signals.finalized, report_reading),  # how much the preview read again
]


def register() -> None:
    check_pelican_version()  # stops on a Pelican outside the range it was checked against
    silence_empty_alt_warning()  # an image without alt text is an advisory (make status)
    remember_slugs()  # each term's slug made once, not once per story
    remember_per_content()  # a body searched, a path resolved, once per content
    for signal, handler in HANDLERS:
        signal.connect(handler)
