"""The one way the plugin runs work in parallel: a process pool with an
explicit start method.

``Workers`` owns a ``concurrent.futures.ProcessPoolExecutor`` started with
``BILINGUAL_START_METHOD`` (``fork`` where the platform has it, else
``spawn``). Each worker process is set up once by ``setup(*setup_args)``;
``map(task, items)`` then calls ``task(state, item)`` in the workers, where
``state`` is what ``setup`` returned, and yields the results in the order of
``items``. Everything sent to a worker (the setup, its arguments, the tasks
and items) must be picklable and importable by name, because under ``spawn``
a worker is a fresh interpreter: the same code then runs the same way under
both start methods, with one worker or many.

Workers never write files. The log records a task emits at WARNING or above
are sent back with its result and logged again in the parent, in order, so
Pelican's ``--fatal warnings`` and ``LOG_FILTER`` apply to them as to any
other record; a task that raises stops the build with the worker's
traceback.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from types import TracebackType
from typing import Any

from .pelican_internals import isolate_worker_logging

logger = logging.getLogger(__name__)

START_METHODS = ("fork", "spawn", "forkserver")

# What ``setup`` returned, in a worker process. Set only by ``_start_worker``,
# which the pool runs in each worker; the parent process never sets it.
_worker_state: Any = None


class WorkerFailed(RuntimeError):
    """A task raised in a worker process; the message holds its traceback."""


def default_start_method() -> str:
    """``fork`` where the platform has it (Linux, and macOS, where it is
    not Python's default but the plugin's workers are safe with it), else
    ``spawn`` (Windows)."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def start_method(settings: Mapping[str, Any]) -> str:
    """The start method ``settings`` ask for (empty: ``default_start_method``)."""
    return settings.get("BILINGUAL_START_METHOD") or default_start_method()


class Workers:
    """A pool of ``count`` processes started with ``method``, each set up by
    ``setup(*setup_args)``. Use as a context manager: leaving it waits for
    every worker to end, after cancelling what has not started."""

    def __init__(
        self,
        count: int,
        method: str,
        setup: Callable[..., Any],
        setup_args: tuple[Any, ...] = (),
    ) -> None:
        # A forked worker shares this process's memory until it writes to
        # it, and a garbage collection writes to every object it walks:
        # what exists now is left out of collections until the pool ends,
        # here and in the workers (Python's advice for forking servers).
        # A process that froze its objects itself (a build forked from the
        # live preview's warm builder) keeps them frozen after the pool.
        self._frozen = method == "fork" and gc.get_freeze_count() == 0
        if self._frozen:
            gc.freeze()
        self._pool = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context(method),
            initializer=_start_worker,
            initargs=(setup, setup_args),
        )
        self.count = count

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Cancel what has not started; wait for every worker to end."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._frozen:
            self._frozen = False
            gc.unfreeze()

    def map(
        self, task: Callable[[Any, Any], Any], items: Iterable[Any], chunksize: int = 1
    ) -> Iterator[Any]:
        """``task(state, item)`` for every item, in the workers; results in
        the order of ``items``, each once the ones before it are done."""
        for records, outcome in self._pool.map(partial(_run, task), items, chunksize=chunksize):
            replay(records)
            if isinstance(outcome, _Failure):
                raise WorkerFailed(outcome.trace)
            yield outcome


# Pickling a whole site ------------------------------------------------------------

# Pickle recurses once per object on a chain of references, and a site's
# stories reference each other (previous, next, related, translations):
# thousands deep. The pickling runs in a thread with a stack to match.
DEEP_STACK = 512 * 1024 * 1024  # bytes of address space; only what is used is touched
DEEP_RECURSION = 400_000


def deep_dumps(value: Any) -> bytes:
    """``pickle.dumps(value)`` for a deeply linked value."""
    outcome: list[Any] = []

    def dump() -> None:
        try:
            outcome.append(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except BaseException as error:  # re-raised in the calling thread
            outcome.append(error)

    limit, size = sys.getrecursionlimit(), threading.stack_size()
    sys.setrecursionlimit(max(limit, DEEP_RECURSION))
    threading.stack_size(DEEP_STACK)
    try:
        thread = threading.Thread(target=dump, name="bilingual-pickle")
        thread.start()
    finally:
        threading.stack_size(size)
    thread.join()
    sys.setrecursionlimit(limit)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    result: bytes = outcome[0]
    return result


# In the worker process ----------------------------------------------------------

# A log record as it travels to the parent: logger name, level, message
# template, arguments, Pelican's grouping fields.
Record = tuple[str, int, Any, Any, dict[str, Any]]


class _Failure:
    def __init__(self, trace: str) -> None:
        self.trace = trace


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _start_worker(setup: Callable[..., Any], setup_args: tuple[Any, ...]) -> None:
    global _worker_state
    isolate_worker_logging(_Collector())
    _worker_state = setup(*setup_args)


def _collector() -> _Collector:
    return next(h for h in logging.getLogger().handlers if isinstance(h, _Collector))


def _run(task: Callable[[Any, Any], Any], item: Any) -> tuple[list[Record], Any]:
    """In a worker: ``task(state, item)`` and the records it logged."""
    collector = _collector()
    try:
        outcome = task(_worker_state, item)
    except Exception:
        outcome = _Failure(traceback.format_exc())
    records, collector.records = collector.records, []
    return [_portable(r) for r in records], outcome


def _portable(record: logging.LogRecord) -> Record:
    """``record`` as picklable values; a message whose arguments do not
    pickle travels formatted."""
    msg, args = record.msg, record.args
    try:
        pickle.dumps((msg, args))
    except Exception:
        msg, args = record.getMessage(), ()
    extra = {k: getattr(record, k) for k in ("limit_msg", "limit_args") if hasattr(record, k)}
    return record.name, record.levelno, msg, args, extra


def replay(records: Iterable[Record]) -> None:
    """Log, in this process, records a worker sent back."""
    for name, level, msg, args, extra in records:
        positional = (args,) if isinstance(args, Mapping) else tuple(args or ())
        logging.getLogger(name).log(level, msg, *positional, extra=extra)
