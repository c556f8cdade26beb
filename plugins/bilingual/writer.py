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
from pelican.writers import FileOverwriteFailedError, Writer

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
        children = []
        for share in shares[1:]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:  # a worker: render, report, exit; never return into Pelican
                status = 1
                try:
                    os.close(read_end)
                    status = self._render_in_child(share, write_end)
                finally:
                    os._exit(status)
            os.close(write_end)
            children.append((pid, read_end))
        try:
            self._render(shares[0])
        finally:
            # Whatever happened here, collect every worker before going on.
            reports = [self._collect(pid, read_end) for pid, read_end in children]
        for _status, written in reports:
            for path in written:
                if path in self._written_files:
                    raise FileOverwriteFailedError(f'"{path}" was written twice')
                self._written_files.add(path)
        if any(status for status, _written in reports):
            raise RuntimeError("a page failed to render in a worker process (see above)")

    @staticmethod
    def _collect(pid, read_end):
        """(exit status, files written) of one worker, once it has ended."""
        with os.fdopen(read_end, encoding="utf-8") as report:
            written = report.read().splitlines()
        _, status = os.waitpid(pid, 0)
        return status, written

    def _render(self, share):
        for job in share:
            job()

    def _render_in_child(self, share, write_end):
        self._written_files = set()
        status = 0
        try:
            self._render(share)
        except BaseException:  # reported to the parent through the exit status
            traceback.print_exc(file=sys.stderr)
            status = 1
        try:
            with os.fdopen(write_end, "w", encoding="utf-8") as report:
                report.write("\n".join(sorted(self._written_files)))
        except OSError:  # the parent is gone: nothing to report to
            status = 1
        sys.stderr.flush()
        return status


def use_parallel_writer(pelican):
    """get_writer: render pages on every core."""
    return ParallelWriter
