"""The theme's gettext catalogs: complete, valid and in step with templates."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "theme" / "translations"


def catalog(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def test_indonesian_catalog_is_complete_and_passes_babel_checks():
    cat = catalog("id")
    messages = [m for m in cat if m.id]
    assert messages, "the catalog is empty"
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {message.id!r}"
        assert not message.fuzzy, f"fuzzy: {message.id!r}"
        errors = message.check(cat)  # Babel's checkers: placeholders, plural forms
        assert not errors, f"{message.id!r}: {errors}"


def test_catalog_template_is_up_to_date_with_the_templates(tmp_path):
    """The same inputs as `make messages`."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "--no-location",
            "-F",
            str(ROOT / "theme" / "babel.cfg"),
            "-o",
            str(fresh),
            str(ROOT / "theme" / "templates"),
            # strings that story bodies carry, marked N_() (see the Makefile)
            str(ROOT / "plugins" / "bilingual" / "body.py"),
        ],
        check=True,
        capture_output=True,
    )
    with open(fresh, "rb") as f:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        committed = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert extracted - committed == set(), "run `make messages`: strings missing from the .pot"
    assert committed - extracted == set(), "run `make messages`: stale strings in the .pot"
    indonesian = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog("id") if m.id}
    assert extracted - indonesian == set(), "run `make messages` and translate the new strings"


def test_no_compiled_catalog_is_committed():
    tracked = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert tracked.stdout == ""
