"""Pelican's Writer, rendering pages in worker processes.

Rendering templates is most of a build's writing time and each page is
independent, so ``write_file`` only records what to write; ``flush`` (called
by our generator, the last one that renders, or when Pelican finishes)
hands the recorded pages to every worker (``workers.py``): the settings,
the generator context, and per page its output name, template name and
arguments. Pages are sent heaviest first (a listing of a hundred pages, a
feed), in chunks of about equal work, so that the workers finish together.
A forked worker finds them in the memory it started with; a spawned one
receives them as one pickle. A worker renders with Pelican's
own ``Writer.write_file`` and returns the text of each output file.

The parent then writes every file, in the order the pages were sent,
through Pelican's ``Writer.write_file`` again with the rendered text in
place of the template: Pelican's pagination, its overwrite rules (a file
written twice is an error) and its ``content_written`` signal all happen in
the Pelican process, as without workers, so other plugins see every file.
``BILINGUAL_WORKERS = 1`` renders each page at once,
in the Pelican process; so does ``flush`` when fewer than ``MINIMUM_PAGES``
pages were recorded.

With a build cache (``build_state.py``), each ``write_file`` first computes
the digest of every file it would write (``page_inputs.py``); files whose
inputs are those of the previous build are taken from the previous output
(``reuse.py``) instead of rendered. A call whose files are all reusable is
not rendered at all: its files are hard-linked, and ``content_written`` is
sent for each with the page's context (without Pelican's pagination
variables, which only a render computes). In a paginated listing of which
only some pages changed, the others are written by Pelican from their
previous text, as if rendered. In a cold build nothing can be reused: the
digests are only recorded, so with workers the parent computes each job's
when its text comes back, while the workers render, instead of before
they start.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.utils import sanitised_join
from pelican.writers import Writer

from .errors import ContentError
from .page_inputs import Inputs
from .pelican_internals import (
    console_print,
    output_name,
    record_written,
    render_pages,
    template_generator,
)
from .reuse import Reuse
from .settings import workers
from .workers import Workers, deep_dumps, start_method

logger = logging.getLogger(__name__)

TASKS_PER_WORKER = 32  # pages are sent in chunks: fewer messages, still balanced
# …of at most about this many pages: a chunk's texts come back as one
# message, held whole in the Pelican process until written.
PAGES_PER_TASK = 50
# Below this many recorded pages, they are rendered in the Pelican process:
# starting and setting up a worker costs more than rendering them.
MINIMUM_PAGES = 100


@dataclass
class PageJob:
    """One ``write_file`` call, as a worker can receive it."""

    name: str
    template: str
    context: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    kept: frozenset[str] = frozenset()  # files not to render: reused from the previous build
    digests: dict[str, str] | None = None


@dataclass
class TextJob:
    """A file whose text ``build(**kwargs)`` returns (a feed)."""

    name: str
    build: Callable[..., str]
    kwargs: dict[str, Any] = field(default_factory=dict)
    digest: str | None = None
    cost: int = 1  # about how many pages' rendering building it takes


Job = PageJob | TextJob


class ParallelWriter(Writer):  # type: ignore[misc]
    def __init__(self, output_path: str, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(output_path, settings)
        self._workers = workers(settings) if settings else 1
        self._pending: list[Job] = []
        self._templates: list[Any] = []  # the template of each pending job, for this process
        self._reuse = Reuse.from_settings(settings, output_path) if settings else None
        self._inputs: Inputs | None = None  # made from the site on the first page
        # Our generator flushes when it is done; a page recorded by a
        # generator that runs after it is flushed when Pelican finishes.
        signals.finalized.connect(self._flush_at_end)

    def _flush_at_end(self, pelican: Any) -> None:
        signals.finalized.disconnect(self._flush_at_end)
        self.flush()
        if self._reuse is not None:
            self._reuse.save()
            console_print(
                f"Pages and feeds: {self._reuse.rendered} rendered, {self._reuse.reused}"
                " reused from the previous build"
            )

    def _inputs_of(self, context: Any) -> Inputs | None:
        """The digests of the site in ``context`` (None: no build cache)."""
        site = context.get("bilingual") if isinstance(context, Mapping) else None
        if self._reuse is None or site is None:
            return None
        if self._inputs is None or self._inputs.site is not site:
            self._inputs = Inputs(site)
        return self._inputs

    def _digests(
        self, name: str, template: str, context: Any, kwargs: Any
    ) -> dict[str, str] | None:
        inputs = self._inputs_of(context) if name else None
        return inputs.page_digests(name, template, kwargs) if inputs else None

    def _later(self) -> bool:
        """Whether digests wait until their page is rendered: when nothing
        can be reused (a cold build), they are only recorded, and the
        parent computes them while the workers render, not before."""
        return self._workers > 1 and self._reuse is not None and not self._reuse.has_previous

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any) -> Any:
        template_name = getattr(template, "name", "")
        self._inputs_of(context)  # made with the first page: feeds' digests need it too
        digests = None
        if not args and not self._later():
            digests = self._digests(name, template_name, context, kwargs)
        kept: frozenset[str] = frozenset()
        if digests is not None and self._reuse is not None:
            kept = frozenset(self._reuse.reusable(digests))
            if kept == set(digests):
                for kept_name in digests:
                    self._take(kept_name, context, kwargs)
                return None
        job = PageJob(name, template_name, context, args, kwargs, kept, digests)
        if self._workers <= 1 or not name:
            self._write_here(job, template)
        else:
            self._pending.append(job)
            self._templates.append(template)
        return None

    def _write_here(self, job: Job, template: Any = None) -> None:
        """Render and write ``job`` in this process, with the template the
        generator passed (a file kept from the previous build is not rendered)."""
        if isinstance(job, TextJob):
            self._write_text(job.name, job.build(**job.kwargs))
        else:
            if job.kept:
                template = Rendered({}, job.kept, self._previous_text)(template)
            super().write_file(job.name, template, job.context, *job.args, **job.kwargs)
        self._record_job(job)

    def write_text(
        self, name: str, build: Callable[..., str], cost: int = 1, **kwargs: Any
    ) -> None:
        """Write ``build(**kwargs)`` to ``name``, with the pages; ``build``
        must be a module-level function and ``kwargs`` picklable. ``cost``:
        about how many pages' rendering ``build`` takes."""
        digest = None
        if self._reuse is not None and self._inputs is not None and not self._later():
            digest = self._inputs.feed_digest(name, build, kwargs)
            if self._reuse.reusable({name: digest}):
                record_written(self, self._reuse.take(name))
                return
        job = TextJob(name, build, kwargs, digest, cost)
        if self._workers <= 1:
            self._write_here(job)
        else:
            self._pending.append(job)
            self._templates.append(None)

    def _take(self, name: str, context: Any, kwargs: Mapping[str, Any]) -> None:
        """A file of the previous build, as if written now."""
        assert self._reuse is not None
        path = self._reuse.take(name)
        record_written(self, path)
        if signals.content_written.receivers:
            signals.content_written.send(path, context={**context, **kwargs, "output_file": name})

    def _previous_text(self, name: str) -> str:
        assert self._reuse is not None
        return self._reuse.previous_text(name)

    def _record_job(self, job: Job) -> None:
        """Note the files ``job`` wrote, with their digests (computed now
        when they were left until the job was rendered: ``_later``)."""
        later = self._later()
        if isinstance(job, TextJob):
            if later and self._inputs is not None:
                job.digest = self._inputs.feed_digest(job.name, job.build, job.kwargs)
            self._record({job.name: job.digest} if job.digest else None)
            return
        if later and not job.args:
            job.digests = self._digests(job.name, job.template, job.context, job.kwargs)
        self._record(job.digests, job.kept)

    def _record(
        self, digests: Mapping[str, str] | None, kept: frozenset[str] = frozenset()
    ) -> None:
        if self._reuse is not None and digests:
            for name, digest in digests.items():
                self._reuse.record(name, digest, reused=name in kept)

    def flush(self) -> None:
        """Render every recorded page in the workers; write them here."""
        pending, self._pending = self._pending, []
        templates, self._templates = self._templates, []
        weights = [weight(job, self.settings) for job in pending]
        if sum(weights) < MINIMUM_PAGES:
            for job, template in zip(pending, templates, strict=True):
                self._write_here(job, template)
            return
        method = start_method(self.settings)
        pages = (self.output_path, self.settings, pending)
        count = min(self._workers, len(pending))
        chunks = chunked(weights, count)
        with Workers(count, method, RenderState.of, (_sendable(pages, method),)) as pool:
            for chunk, rendered in zip(chunks, pool.map(render, chunks), strict=True):
                for index, texts in zip(chunk, rendered, strict=True):
                    self._write(pending[index], texts)

    def _write(self, job: Job, texts: list[tuple[str, str]]) -> None:
        if isinstance(job, TextJob):
            self._write_text(job.name, texts[0][1])
        else:
            done = Rendered(dict(texts), job.kept, self._previous_text)
            super().write_file(job.name, done, job.context, *job.args, **job.kwargs)
        self._record_job(job)

    def _write_text(self, name: str, text: str) -> None:
        path = sanitised_join(self.output_path, name)
        record_written(self, path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


class Rendered:
    """Stands in for a template in the parent: the text a worker rendered
    for each output file, the previous build's text for each file ``kept``;
    called with a template, renders the others with it instead."""

    def __init__(
        self,
        texts: dict[str, str],
        kept: frozenset[str] = frozenset(),
        previous: Callable[[str], str] | None = None,
    ) -> None:
        self._texts = texts
        self._kept = kept
        self._previous = previous
        self._template: Any = None

    def __call__(self, template: Any) -> Rendered:
        self._template = template
        return self

    def render(self, localcontext: Mapping[str, Any]) -> str:
        name = output_name(localcontext)
        if name in self._kept and self._previous is not None:
            return self._previous(name)
        if self._template is not None:
            text: str = self._template.render(localcontext)
            return text
        if name not in self._texts:
            raise RuntimeError(f"{name} was not rendered by the worker (it rendered {self._texts})")
        return self._texts[name]


class Capturing:
    """Wraps a template in a worker: keeps the text of each file it renders
    (a file ``kept`` from the previous build is not rendered)."""

    def __init__(self, template: Any, texts: dict[str, str], kept: frozenset[str]) -> None:
        self._template, self._texts, self._kept = template, texts, kept

    def render(self, localcontext: Mapping[str, Any]) -> str:
        if output_name(localcontext) in self._kept:
            return ""
        text: str = self._template.render(localcontext)
        self._texts[output_name(localcontext)] = text
        return text


# The output path, the settings and the recorded pages: what a worker renders.
Pages = tuple[str, Mapping[str, Any], list[Job]]


class RenderState:
    """A worker's recorded pages, and the Jinja environment to render them
    with (made once, on the first page)."""

    def __init__(self, output_path: str, settings: Mapping[str, Any], jobs: list[Job]) -> None:
        self.output_path, self.settings, self.jobs = output_path, settings, jobs
        self._generator: Any = None

    @classmethod
    def of(cls, sent: Pages | bytes) -> RenderState:
        """A worker's setup, from what ``_sendable`` made."""
        pages: Pages = pickle.loads(sent) if isinstance(sent, bytes) else sent
        return cls(*pages)

    def template(self, job: PageJob) -> Any:
        if self._generator is None:
            self._generator = template_generator(job.context, self.settings, self.output_path)
        return self._generator.env.get_template(job.template)


def _sendable(pages: Pages, method: str) -> Pages | bytes:
    """What a worker is set up with: under ``fork``, ``pages`` itself, since
    a forked worker starts with this process's memory (nothing is copied
    until written: a site of 10,000 pairs pickled to each worker cost each
    its own copy, and the pickling and unpickling); under ``spawn``, the
    pages as one pickle made here, where a value that cannot be pickled is
    reported."""
    if method == "fork":
        return pages
    try:
        return deep_dumps(pages)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        raise ContentError(
            f"settings: pages cannot be sent to worker processes ({error}); a setting"
            " such as JINJA_FILTERS may hold something that cannot be pickled: make it a"
            " module-level function, or set BILINGUAL_WORKERS = 1"
        ) from error


def weight(job: Job, settings: Mapping[str, Any]) -> int:
    """About how many pages ``job`` renders: the files it writes, but for
    those kept from the previous build (a listing paginates into many)."""
    if isinstance(job, TextJob):
        return job.cost
    if job.digests is not None:
        return max(1, len(job.digests) - len(job.kept))
    listed = (job.kwargs.get("paginated") or {}).get("articles") or ()
    per_page: int = settings["DEFAULT_PAGINATION"] or 0
    if not per_page:  # pagination off (Pelican's default): one page each
        return 1
    return 1 + len(listed) // per_page


def chunked(weights: list[int], workers: int) -> list[list[int]]:
    """The indices of jobs of ``weights`` in the chunks sent to ``workers``:
    ``TASKS_PER_WORKER`` each, or more, so that none holds much more than
    ``PAGES_PER_TASK`` pages but a job heavier alone (a long listing)."""
    parts = max(workers * TASKS_PER_WORKER, math.ceil(sum(weights) / PAGES_PER_TASK))
    return heaviest_first(weights, parts)


def heaviest_first(weights: list[int], parts: int) -> list[list[int]]:
    """The indices of ``weights`` in chunks of about a ``parts``-th of their
    sum, heaviest first (ties in their order): a worker that takes a long
    listing last would finish alone, long after the others."""
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    size = max(1, sum(weights) // parts)
    chunks: list[list[int]] = [[]]
    load = 0
    for index in order:
        if load >= size:
            chunks.append([])
            load = 0
        chunks[-1].append(index)
        load += weights[index]
    return [chunk for chunk in chunks if chunk]


def render(state: RenderState, indices: list[int]) -> list[list[tuple[str, str]]]:
    """For each job of ``indices``, (output name, text) of each file it writes."""
    return [_render_job(state, state.jobs[index]) for index in indices]


def _render_job(state: RenderState, job: Job) -> list[tuple[str, str]]:
    if isinstance(job, TextJob):
        return [(job.name, job.build(**job.kwargs))]
    texts: dict[str, str] = {}
    template = Capturing(state.template(job), texts, job.kept)
    render_pages(state.output_path, state.settings, job.name, template, job.context, job.args,
                 job.kwargs)  # fmt: skip
    return list(texts.items())


def use_parallel_writer(pelican: Any) -> type[Writer]:
    """get_writer: render pages in worker processes."""
    return ParallelWriter
