"""``make html`` / ``make publish``: one build at a time, and never an empty site.

    python -m bilingual.newsroom.build [CONTENT] [-s SETTINGS] [-o OUTPUT]
        [-e KEY=JSON ...] [--no-wait] [--no-search] [--full] [--traceback]
        [pelican options]

1. Take ``OUTPUT.lock`` (beside the output folder). A second build of the same
   folder waits for the first, saying so, or stops at once with ``--no-wait``.
2. Run Pelican in this process, with ``--fatal warnings``, into ``OUTPUT.tmp``,
   then index that folder for search (``search_index``). The build is
   incremental: ``OUTPUT.cache`` holds what the previous build read and
   wrote (``bilingual.build_state``); unchanged sources are not converted
   again, pages whose inputs did not change are hard-linked from
   ``OUTPUT`` instead of rendered, and the search index of a language whose
   pages did not change is taken from the cache instead of made again. A change of settings, theme, plugin,
   packages or static files, ``--full`` (``make html FULL=1``) or a missing
   cache makes it a cold build; either way the result is the same bytes.
3. Put the new site in place of ``OUTPUT`` in one step: on Linux the two
   folders are exchanged atomically (``renameat2(RENAME_EXCHANGE)``), so the
   path is never missing; elsewhere two renames, the old site kept until the
   new one is complete. The old site, no longer published, is moved into the
   cache (``previous-site``: the next build takes over its image files
   instead of linking thousands of them again, ``image_output.py``) in
   place of the one kept before, and the cache's record of pages becomes
   the new site's. The site kept before is moved aside and removed before
   the next build: in the live preview, by the warm builder while the
   editor writes (``between_builds``).

A failed build leaves ``OUTPUT`` as it was and removes its scratch folder.
Errors are printed as messages, without a Python traceback, unless
``--traceback`` or ``DEBUG=1`` in the environment asks for one (``make html
DEBUG=1``).
"""

import argparse
import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import shutil
import sys
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

from bilingual.build_state import (
    CACHE_SETTING,
    PREVIOUS_SITE,
    SEARCH,
    commit,
    environment_fingerprint,
    prepare,
)
from bilingual.errors import ContentError

# Pelican's FatalLogger raises this after logging a warning or error under
# --fatal warnings: the message itself has been printed already.
FATAL_LOG = "Warning or error encountered"

AT_FDCWD = -100
RENAME_EXCHANGE = 2
REMOVED_SITE = "removed-site"  # in the cache: the site kept before the last build's


class BuildBusy(Exception):
    """Another build holds the lock and the caller asked not to wait."""


def sibling(output: Path, suffix: str) -> Path:
    """``output`` + ``suffix`` in the same folder: ``output.tmp``, ``output.lock``."""
    return output.with_name(output.name + suffix)


@contextlib.contextmanager
def build_lock(output: Path, wait: bool = True) -> Iterator[None]:
    """Hold ``OUTPUT.lock`` for the duration; another holder makes this wait
    (saying so on stderr) or, with ``wait=False``, raise ``BuildBusy``."""
    path = sibling(output, ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise BuildBusy(f"another build of {output}/ is running; stopping") from None
            print(f"another build of {output}/ is running; waiting…", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where the
    system or the file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    a, b = os.fsencode(first), os.fsencode(second)
    if renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), os.fsdecode(first), None, os.fsdecode(second))


def replace_folder(new: Path, target: Path, keep: Path | None = None) -> None:
    """Put the folder ``new`` at ``target``. What was there is removed, or
    with ``keep`` moved there in place of what ``keep`` held (the next
    build takes over its image files)."""
    if not os.path.lexists(target):
        os.rename(new, target)
    elif _exchange(new, target):
        _put_away(new, keep)  # now the old site
    else:
        old = sibling(target, ".old")
        shutil.rmtree(old, ignore_errors=True)
        os.rename(target, old)
        os.rename(new, target)
        _put_away(old, keep)


def _put_away(old: Path, keep: Path | None) -> None:
    """Remove the replaced site ``old``, or move it to ``keep``; what
    ``keep`` held is moved aside to ``REMOVED_SITE`` beside it, removed
    before the next build (``between_builds``, or ``build`` itself)."""
    if keep is not None:
        # Nothing kept, or a ``REMOVED_SITE`` not removed yet: then ``keep``
        # stays and ``old`` is removed below, the new site being in place.
        with contextlib.suppress(OSError):
            os.rename(keep, keep.with_name(REMOVED_SITE))
        try:
            os.rename(old, keep)
            return
        except OSError:  # another file system: nothing to take over anyway
            pass
    shutil.rmtree(old)


class _MessageOnly(logging.Formatter):
    """``error: message`` on one line per record; tracebacks only in debug."""

    def __init__(self, debug: bool) -> None:
        super().__init__("%(levelname)s: %(message)s")
        self.debug = debug

    def format(self, record: logging.LogRecord) -> str:
        shown = logging.makeLogRecord(record.__dict__)  # other handlers keep theirs
        shown.levelname = record.levelname.lower()
        if not self.debug:
            shown.exc_info = shown.exc_text = shown.stack_info = None
        return super().format(shown)


def run_pelican(
    pelican_argv: list[str],
    debug: bool,
    cache: Path | None = None,
    previous: Path | None = None,
    full: bool = False,
) -> str:
    """One Pelican run, in this process, as ``pelican PELICAN_ARGV`` would;
    with a ``cache`` folder, incremental from the ``previous`` output.
    Returns the environment fingerprint to commit (empty without a cache)."""
    from pelican import get_instance, parse_arguments
    from pelican.log import init as init_logging

    from bilingual import read_ahead

    args = parse_arguments(pelican_argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_MessageOnly(debug))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "newsroom_build", False)]:
        root.removeHandler(old)
    setattr(handler, "newsroom_build", True)  # noqa: B010 (marks our handler)
    init_logging(level=args.verbosity, fatal=args.fatal, handler=handler, name="pelican")
    if not any(h is handler for h in root.handlers):
        root.addHandler(handler)  # logging was configured before: add ours
    pelican, _settings = get_instance(args)
    fingerprint = ""
    warm = False
    if cache is not None and previous is not None:
        warm, fingerprint = prepare(cache, previous, pelican.settings, full)
    read_ahead.accept(fingerprint if warm else "")
    pelican.run()
    return fingerprint


def refuse_unsafe_output(output: Path, pelican_args: list[str]) -> None:
    """The output folder is replaced whole: it must not be, hold or sit in
    the project, its sources or the content folder (``OUTPUT=content``)."""
    here = Path.cwd().resolve()
    target = output.resolve()
    sources = [here / name for name in ("content", "theme", "plugins", "tests", "docs", ".git")]
    sources += [
        Path(a).resolve() for a in pelican_args if not a.startswith("-") and Path(a).is_dir()
    ]
    for source in [here, *sources]:
        if (
            target == source
            or target in source.parents
            or (source != here and source in target.parents)
        ):
            raise ContentError(
                f"output folder {output}: it would replace {source}; choose a folder of its own"
                " (the default is output/)"
            )


def build(
    output: Path,
    pelican_args: list[str],
    *,
    wait: bool = True,
    search: bool = True,
    debug: bool = False,
    full: bool = False,
) -> None:
    """Build into a scratch folder and put it in place of ``output``.
    ``pelican_args``: Pelican's command line (content folder, ``-s``, ``-e``),
    without ``-o`` and ``--fatal``, which this function adds. ``full``: a
    cold build, whatever the cache holds."""
    refuse_unsafe_output(output, pelican_args)
    scratch = sibling(output, ".tmp")
    cache = sibling(output, ".cache")
    with build_lock(output, wait):
        started = time.perf_counter()
        # Left by a killed build, or by the last one (the site before it).
        for stale in (scratch, sibling(output, ".old"), cache / REMOVED_SITE):
            shutil.rmtree(stale, ignore_errors=True)
        try:
            argv = [*pelican_args, "-o", str(scratch), "--fatal", "warnings"]
            fingerprint = run_pelican(argv, debug, cache, output, full)
            if search:
                from .search_index import build_index

                print(build_index(scratch, cache / SEARCH), flush=True)
            replace_folder(scratch, output, keep=cache / PREVIOUS_SITE)
            commit(cache, fingerprint)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        print(f"Built {output}/ in {time.perf_counter() - started:.2f} s", flush=True)


def _debug_from_environment() -> bool:
    return os.environ.get("DEBUG", "") not in ("", "0")


def between_builds(argv: list[str]) -> None:
    """In the live preview's warm builder, between two builds, unless a
    build holds the lock: remove the site the last build moved aside
    (``REMOVED_SITE``: the editor need not wait for it), and read the
    content as the next build with ``argv`` will (``bilingual.read_ahead``).
    Whatever goes wrong, that build reads the content itself and reports it."""
    from pelican import get_instance, parse_arguments

    from bilingual import read_ahead

    args, pelican_args = _parser().parse_known_args(argv)
    output = Path(args.output)
    try:
        with build_lock(output, wait=False):
            shutil.rmtree(sibling(output, ".cache") / REMOVED_SITE, ignore_errors=True)
            logging.disable(logging.CRITICAL)  # the build says what the settings say
            try:
                pelican_argv = [*pelican_args, "-o", str(sibling(output, ".tmp"))]
                pelican, _settings = get_instance(parse_arguments(pelican_argv))
            finally:
                logging.disable(logging.NOTSET)
            fingerprint = environment_fingerprint(pelican.settings)
            pelican.settings[CACHE_SETTING] = str(sibling(output, ".cache"))
            read_ahead.read(pelican, fingerprint)
    except Exception:  # noqa: BLE001 (BuildBusy, settings that do not load…)
        read_ahead.forget()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bilingual.newsroom.build",
        description=__doc__.split("\n\n")[0],
        epilog="The content folder and other options (-s, -e, -v, -D …) are Pelican's.",
        allow_abbrev=False,
    )
    parser.add_argument("-o", "--output", default="output", help="the site folder to replace")
    parser.add_argument("--no-wait", action="store_true", help="stop if another build runs")
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind index")
    parser.add_argument("--full", action="store_true", help="a cold build (also FULL=1)")
    parser.add_argument(
        "--traceback",
        action="store_true",
        default=_debug_from_environment(),
        help="show Python tracebacks (also DEBUG=1)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args, pelican_args = _parser().parse_known_args(argv)
    try:
        build(
            Path(args.output),
            pelican_args,
            wait=not args.no_wait,
            search=not args.no_search,
            debug=args.traceback,
            full=args.full,
        )
    except KeyboardInterrupt:
        print("build interrupted; the site folder was not changed", file=sys.stderr)
        return 130
    except Exception as error:  # every failure: one message, the old site kept
        if args.traceback:
            traceback.print_exc()
        elif isinstance(error, RuntimeError) and str(error) == FATAL_LOG:
            pass  # Pelican printed the warning or error that stopped it
        elif isinstance(error, ContentError | BuildBusy):
            print(error, file=sys.stderr)
        else:
            detail = str(error).strip().splitlines()
            line = f"{type(error).__name__}: {detail[0]}" if detail else type(error).__name__
            print(f"build failed: {line} (DEBUG=1 shows the traceback)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
