"""Pelican's Writer, rendering pages on every core.

Rendering templates is most of a build's writing time and each page is
independent, so ``write_file`` only records what to write; ``flush`` (called
by our generator, the last one that renders) forks one process per extra
core, and every process renders its share of the pages with Pelican's own
``Writer.write_file``. A forked process holds the whole site already, so
nothing is pickled; each reports the files it wrote, and a file written twice
is an error, as in Pelican. Off (pages written at once, in order) in the live
preview, or with ``BILINGUAL_WORKERS = 1``.

Pelican's ``content_written`` signal fires in the process that rendered the
page; a plugin that collects it should run with one worker.
"""

import logging
import os
import sys
import traceback
from functools import partial

from pelican import signals
from pelican.writers import Writer

from .pelican_internals import (
    forget_written,
    fork_worker,
    record_written,
    wait_worker,
    written_files,
)
from .settings import workers

logger = logging.getLogger(__name__)


class ParallelWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self._workers = workers(settings) if settings else 1
        self._pending = []
        # Our generator flushes when it is done; a page recorded by a
        # generator that runs after it is flushed when Pelican finishes.
        signals.finalized.connect(self._flush_at_end)

    def _flush_at_end(self, pelican):
        signals.finalized.disconnect(self._flush_at_end)
        self.flush()

    def write_file(self, name, template, context, *args, **kwargs):
        if self._workers <= 1 or not name:
            return super().write_file(name, template, context, *args, **kwargs)
        self._pending.append(partial(super().write_file, name, template, context, *args, **kwargs))
        return None

    def defer(self, job):
        """Run ``job()`` (one more file to write) with the pages."""
        if self._workers <= 1:
            job()
        else:
            self._pending.append(job)

    def flush(self):
        """Render every recorded page, one share per core; wait for all."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        shares = [pending[n :: self._workers] for n in range(self._workers)]
        children = [fork_worker(partial(self._render_in_child, share)) for share in shares[1:]]
        try:
            self._render(shares[0])
        finally:
            # Whatever happened here, collect every worker before going on.
            reports = [wait_worker(pid, read_end) for pid, read_end in children]
        for _status, written in reports:
            for path in written:
                record_written(self, path)
        if any(status for status, _written in reports):
            raise RuntimeError("a page failed to render in a worker process (see above)")

    def _render(self, share):
        for job in share:
            job()

    def _render_in_child(self, share, write_end):
        """In a worker: render ``share``, report the files written, return
        the exit status."""
        forget_written(self)
        status = 0
        try:
            self._render(share)
        except BaseException:  # reported to the parent through the exit status
            traceback.print_exc(file=sys.stderr)
            status = 1
        try:
            with os.fdopen(write_end, "w", encoding="utf-8") as report:
                report.write("\n".join(sorted(written_files(self))))
        except OSError:  # the parent is gone: nothing to report to
            status = 1
        sys.stderr.flush()
        return status


def use_parallel_writer(pelican):
    """get_writer: render pages on every core."""
    return ParallelWriter
