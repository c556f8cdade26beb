"""Pelican's Writer, rendering pages in worker processes.

Rendering templates is most of a build's writing time and each page is
independent, so ``write_file`` only records what to write; ``flush`` (called
by our generator, the last one that renders, or when Pelican finishes)
sends the recorded pages once to every worker (``workers.py``) as one
pickle: the settings, the generator context, and per page its output name,
template name and arguments. A worker renders with Pelican's own
``Writer.write_file`` and returns the text of each output file.

The parent then writes every file, in the order the pages were recorded,
through Pelican's ``Writer.write_file`` again with the rendered text in
place of the template: Pelican's pagination, its overwrite rules (a file
written twice is an error) and its ``content_written`` signal all happen in
the Pelican process, as without workers, so other plugins see every file.
``BILINGUAL_WORKERS = 1`` (and the live preview) renders each page at once,
in the Pelican process.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .errors import ContentError
from .pelican_internals import output_name, record_written, render_pages, template_generator
from .settings import workers
from .workers import Workers, deep_dumps, start_method

logger = logging.getLogger(__name__)

TASKS_PER_WORKER = 8  # pages are sent in chunks: fewer messages, still balanced


@dataclass
class PageJob:
    """One ``write_file`` call, as a worker can receive it."""

    name: str
    template: str
    context: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass
class TextJob:
    """A file whose text ``build(**kwargs)`` returns (a feed)."""

    name: str
    build: Callable[..., str]
    kwargs: dict[str, Any] = field(default_factory=dict)


Job = PageJob | TextJob


class ParallelWriter(Writer):  # type: ignore[misc]
    def __init__(self, output_path: str, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(output_path, settings)
        self._workers = workers(settings) if settings else 1
        self._pending: list[Job] = []
        # Our generator flushes when it is done; a page recorded by a
        # generator that runs after it is flushed when Pelican finishes.
        signals.finalized.connect(self._flush_at_end)

    def _flush_at_end(self, pelican: Any) -> None:
        signals.finalized.disconnect(self._flush_at_end)
        self.flush()

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        if self._workers <= 1 or not name:
            return super().write_file(name, template, context, *args, **kwargs)
        self._pending.append(PageJob(name, template.name, context, args, kwargs))
        return None

    def write_text(self, name: str, build: Callable[..., str], **kwargs: Any) -> None:
        """Write ``build(**kwargs)`` to ``name``, with the pages; ``build``
        must be a module-level function and ``kwargs`` picklable."""
        if self._workers <= 1:
            self._write_text(name, build(**kwargs))
        else:
            self._pending.append(TextJob(name, build, kwargs))

    def flush(self) -> None:
        """Render every recorded page in the workers; write them here, in order."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            payload = deep_dumps((self.output_path, self.settings, pending))
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            raise ContentError(
                f"settings: pages cannot be sent to worker processes ({error}); a setting"
                " such as JINJA_FILTERS may hold something that cannot be pickled: make it a"
                " module-level function, or set BILINGUAL_WORKERS = 1"
            ) from error
        count = min(self._workers, len(pending))
        chunk = max(1, len(pending) // (count * TASKS_PER_WORKER))
        with Workers(count, start_method(self.settings), RenderState, (payload,)) as pool:
            rendered = pool.map(render, range(len(pending)), chunksize=chunk)
            for job, texts in zip(pending, rendered, strict=True):
                self._write(job, texts)

    def _write(self, job: Job, texts: list[tuple[str, str]]) -> None:
        if isinstance(job, TextJob):
            self._write_text(job.name, texts[0][1])
            return
        done = Rendered(dict(texts))
        super().write_file(job.name, done, job.context, *job.args, **job.kwargs)

    def _write_text(self, name: str, text: str) -> None:
        path = sanitised_join(self.output_path, name)
        record_written(self, path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


class Rendered:
    """Stands in for a template in the parent: the text a worker rendered
    for each output file."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._texts = texts

    def render(self, localcontext: Mapping[str, Any]) -> str:
        name = output_name(localcontext)
        if name not in self._texts:
            raise RuntimeError(f"{name} was not rendered by the worker (it rendered {self._texts})")
        return self._texts[name]


class Capturing:
    """Wraps a template in a worker: keeps the text of each file it renders."""

    def __init__(self, template: Any, texts: dict[str, str]) -> None:
        self._template, self._texts = template, texts

    def render(self, localcontext: Mapping[str, Any]) -> str:
        text: str = self._template.render(localcontext)
        self._texts[output_name(localcontext)] = text
        return text


class RenderState:
    """A worker's copy of the recorded pages, and the Jinja environment to
    render them with (made once, on the first page)."""

    def __init__(self, payload: bytes) -> None:
        self.output_path, self.settings, self.jobs = pickle.loads(payload)
        self._generator: Any = None

    def template(self, job: PageJob) -> Any:
        if self._generator is None:
            self._generator = template_generator(job.context, self.settings, self.output_path)
        return self._generator.env.get_template(job.template)


def render(state: RenderState, index: int) -> list[tuple[str, str]]:
    """In a worker: (output name, text) of each file job ``index`` writes."""
    job = state.jobs[index]
    if isinstance(job, TextJob):
        return [(job.name, job.build(**job.kwargs))]
    texts: dict[str, str] = {}
    template = Capturing(state.template(job), texts)
    render_pages(state.output_path, state.settings, job.name, template, job.context, job.args,
                 job.kwargs)  # fmt: skip
    return list(texts.items())


def use_parallel_writer(pelican: Any) -> type[Writer]:
    """get_writer: render pages in worker processes."""
    return ParallelWriter
