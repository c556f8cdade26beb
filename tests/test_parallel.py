"""Reading and rendering in worker processes (``workers.py``): the same
bytes under ``spawn`` as under ``fork`` and with one worker; files written
and ``content_written`` sent in the Pelican process; a failing worker stops
the build and leaves no process behind."""

import hashlib
import logging
import multiprocessing
import os
import pickle
import subprocess
import sys

import pytest
from pelican.settings import read_settings

from bilingual import feeds
from bilingual.body import body_options
from bilingual.content_tree import scan
from bilingual.errors import ContentError
from bilingual.prefetch import Prefetcher
from bilingual.reader import image_rules
from bilingual.settings import configure
from bilingual.source import SourceConverter
from bilingual.workers import WorkerFailed, Workers
from bilingual.writer import (
    PAGES_PER_TASK,
    TASKS_PER_WORKER,
    PageJob,
    TextJob,
    chunked,
    heaviest_first,
    weight,
)
from conftest import (
    CORPUS,
    CORPUS_SETTINGS,
    REPO,
    build_site,
)

# A plugin that records, in the Pelican process and in any worker, which
# process sent content_written for which file.
RECORDER = """\
import os
from pelican import signals

def started(pelican):
    with open(os.environ["RECORDER_LOG"], "a", encoding="utf-8") as log:
        log.write(f"pelican {os.getpid()}\\n")

def written(path, context):
    name = os.path.relpath(path, context["OUTPUT_PATH"])
    with open(os.environ["RECORDER_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {name}\\n")

def register():
    signals.initialized.connect(started)
    signals.content_written.connect(written)
"""


def digests(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file()
    }


def built(tmp_path, name, **settings):
    out = tmp_path / name
    result = build_site(CORPUS, out, extra={**CORPUS_SETTINGS, **settings}, search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def converted_before_a_save(converter, relative):
    """A worker's conversion of a version of the file older than the
    build's (module level: a task is sent to the workers by name)."""
    from dataclasses import replace

    source = converter.convert(relative)
    return pickle.dumps(replace(source, html="<p>STALE</p>", file_digest="older bytes"))


def test_a_file_saved_while_a_worker_converted_it_is_converted_again(tmp_path, monkeypatch):
    """A worker may read a file just before it is saved again: its
    conversion is of the older bytes (its ``file_digest`` says so), and that
    build shows them, as a build that read the file a moment earlier would.
    The build cache files it under those bytes, so the next build converts
    the file as it is now instead of serving the older version for ever."""
    from bilingual import prefetch

    monkeypatch.setattr("bilingual.reader.MINIMUM_FILES", 1)
    with monkeypatch.context() as patch:
        patch.setattr(prefetch, "convert", converted_before_a_save)  # builds are forks
        out = built(tmp_path, "out", BILINGUAL_WORKERS=2)

    def stale():
        pages = [p.read_text(encoding="utf-8") for p in out.rglob("index.html")]
        assert len(pages) > 10
        return [page for page in pages if "STALE" in page]

    assert stale()
    built(tmp_path, "out", BILINGUAL_WORKERS=2)
    assert not stale()


def test_the_build_asks_for_each_file_in_the_order_the_workers_convert_them(tmp_path, monkeypatch):
    """Results come back in the order the files were sent; a build that asked
    in another order (Pelican's own, a set's) waited while the workers
    converted files it did not need yet, and read most of them on one core
    after the workers were done."""
    log = tmp_path / "asked.log"
    take = Prefetcher.take

    def recorded(prefetcher, relative):
        if relative in prefetcher._files:
            with open(log, "a", encoding="utf-8") as f:
                f.write(f"{id(prefetcher)} {prefetcher._files.index(relative)}\n")
        return take(prefetcher, relative)

    monkeypatch.setattr(Prefetcher, "take", recorded)  # builds are forks: they see it
    monkeypatch.setattr("bilingual.reader.MINIMUM_FILES", 1)
    built(tmp_path, "out", BILINGUAL_WORKERS=2)
    asked: dict[str, list[int]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        prefetcher, position = line.split()
        asked.setdefault(prefetcher, []).append(int(position))
    assert sum(len(positions) for positions in asked.values()) > 10
    assert all(positions == list(range(len(positions))) for positions in asked.values())


def test_pages_are_sent_heaviest_first_in_chunks_of_about_equal_work():
    """A worker that took a long listing (a hundred pages) or the feeds
    last would finish alone, long after the other."""
    weights = [1] * 60 + [97, 1, 8, 8, 95, 3]
    chunks = heaviest_first(weights, 8)
    sent = [index for chunk in chunks for index in chunk]
    assert sorted(sent) == list(range(len(weights)))  # each page once
    assert [weights[i] for i in sent] == sorted(weights, reverse=True)
    assert chunks[:2] == [[60], [64]]  # each listing a chunk of its own
    size = sum(weights) // 8
    assert all(sum(weights[i] for i in chunk[:-1]) < size for chunk in chunks)
    assert heaviest_first([1, 1], 8) == [[0], [1]]


def test_a_large_site_is_sent_in_chunks_of_a_few_pages():
    """A chunk's pages come back as one message, held whole until written:
    at 10,000 story pairs, 64 chunks of ~480 pages held the Pelican process
    ~50 MB higher than chunks of ~50."""
    small = [1] * 3_000 + [120]
    assert chunked(small, 2) == heaviest_first(small, 2 * TASKS_PER_WORKER)  # as before
    large = [1] * 30_000 + [950, 950]  # two long listings, each sent alone
    chunks = chunked(large, 2)
    loads = sorted(sum(large[i] for i in chunk) for chunk in chunks)
    assert loads[-2:] == [950, 950] and loads[-3] <= PAGES_PER_TASK
    assert sorted(i for chunk in chunks for i in chunk) == list(range(len(large)))


def test_a_jobs_weight_is_the_pages_it_renders():
    settings = {"DEFAULT_PAGINATION": 10}
    listing = PageJob("index.html", "index.html", {}, (), {"paginated": {"articles": [0] * 25}})
    assert weight(listing, settings) == 3
    digested = PageJob("t.html", "tag.html", {}, (), {}, frozenset({"t2.html"}),
                       {"t.html": "a", "t2.html": "b", "t3.html": "c"})  # fmt: skip
    assert weight(digested, settings) == 2  # one of its three pages is kept
    assert weight(TextJob("feed.xml", str, cost=8), settings) == 8
    assert feeds.cost(100) == 1 + 100 // feeds.ENTRIES_PER_PAGE
    assert feeds.cost(3) == 1


def test_a_listing_weighs_one_page_when_pagination_is_off():
    """DEFAULT_PAGINATION False (Pelican's default) writes each listing as one
    page; a build without the cache (plain ``pelican``) weighed it by dividing
    by it."""
    listing = PageJob("index.html", "index.html", {}, (), {"paginated": {"articles": [0] * 25}})
    assert weight(listing, {"DEFAULT_PAGINATION": False}) == 1


def test_spawn_fork_and_one_worker_build_the_same_bytes_and_write_in_pelicans_process(
    tmp_path, monkeypatch
):
    """Under either start method, pages rendered in workers are written, and
    ``content_written`` sent, in the Pelican process, once per page (a
    recording plugin rides along), and the bytes are those of one worker."""
    # Read ahead in workers however few the files (the builds are forks of
    # this process, so they see the lower threshold), and render in them.
    # Too few pages for render workers: recorded, then rendered in Pelican's process.
    few = built(tmp_path, "few", BILINGUAL_WORKERS=2)
    monkeypatch.setattr("bilingual.reader.MINIMUM_FILES", 1)
    monkeypatch.setattr("bilingual.writer.MINIMUM_PAGES", 1)
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "recorder.py").write_text(RECORDER, encoding="utf-8")
    recorded = {}
    for method in ("spawn", "fork"):
        recorded[method] = tmp_path / f"{method}.log"
        monkeypatch.setenv("RECORDER_LOG", str(recorded[method]))
        built(
            tmp_path,
            method,
            BILINGUAL_WORKERS=2,
            BILINGUAL_START_METHOD=method,
            PLUGINS=["bilingual", "recorder"],
            PLUGIN_PATHS=["plugins", str(tmp_path / "plugins")],
        )
    one = built(tmp_path, "one", BILINGUAL_WORKERS=1)
    assert len(digests(one)) > 50
    assert digests(tmp_path / "spawn") == digests(one)
    assert digests(tmp_path / "fork") == digests(one)
    assert digests(few) == digests(one)
    pages = sorted(p.relative_to(one).as_posix() for p in one.rglob("*.html"))
    for method, log in recorded.items():
        lines = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
        (pelican,) = [pid for first, pid in lines if first == "pelican"]
        written = [(pid, name) for pid, name in lines if pid != "pelican"]
        assert {pid for pid, _name in written} == {pelican}, method
        names = [name for _pid, name in written]
        assert sorted(names) == pages, method  # each once


def corpus_settings(**overrides):
    return read_settings("pelicanconf.py", override={"PATH": str(CORPUS), **overrides})


def corpus_stories(settings):
    """The corpus's stories, as the build lists them."""
    return scan(settings).files_in(["articles"], [], ("md",))


def test_a_setting_that_is_not_a_start_method_stops_the_build():
    with pytest.raises(ContentError, match="BILINGUAL_START_METHOD 'threads' must be"):
        configure(corpus_settings(BILINGUAL_START_METHOD="threads"))
    with pytest.raises(ContentError, match="BILINGUAL_WORKERS -1 must be a whole number"):
        configure(corpus_settings(BILINGUAL_WORKERS=-1))


def test_files_read_in_spawned_workers_are_the_files_read_here():
    settings = configure(corpus_settings())
    files = corpus_stories(settings)
    assert len(files) > 5
    markdown, rules = body_options(settings), image_rules(settings)
    here = SourceConverter(markdown, rules)
    prefetcher = Prefetcher(markdown, rules, files, 2, "spawn")
    for relative in reversed(files):  # in any order Pelican asks
        assert pickle.loads(prefetcher.take(relative)) == here.convert(relative)
    assert prefetcher.take(files[0]) is None  # each file once
    assert multiprocessing.active_children() == []  # the pool ended with the last file


def _fail_on_two(state, item):
    # Pelican's logging drops a message seen before: each test run its own.
    logging.getLogger("bilingual.test").warning("%s: item %s in a worker", state, item)
    if item == 2:
        raise ValueError(f"no {item}")
    return f"{state} {item}"


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_a_failing_task_stops_the_map_after_its_records_and_ends_every_worker(caplog, method):
    caplog.set_level(logging.WARNING)
    with pytest.raises(WorkerFailed, match="ValueError: no 2"):
        with Workers(2, method, str, (method,)) as pool:
            results = []
            for result in pool.map(_fail_on_two, range(5)):
                results.append(result)
    assert results == [f"{method} 0", f"{method} 1"]
    assert [r.getMessage() for r in caplog.records][:3] == [
        f"{method}: item {n} in a worker" for n in range(3)
    ]
    assert multiprocessing.active_children() == []


def test_a_failure_while_reading_ahead_stops_every_worker():
    """Markdown is read ahead in workers; when one fails, the others stop at
    once (they used to run on until the process exited, or for ever in a
    forked build that ends with os._exit)."""
    settings = configure(corpus_settings())
    files = corpus_stories(settings)
    missing = "articles/2025/vanished.id.md"  # listed, then deleted: reading it fails
    prefetcher = Prefetcher(
        body_options(settings), image_rules(settings), [missing, *files], 2, "fork"
    )
    with pytest.raises(Exception, match="vanished"):
        prefetcher.take(missing)
    assert multiprocessing.active_children() == []
    prefetcher.close()  # closing again is harmless


def test_a_pool_leaves_objects_frozen_before_it_frozen_after_it():
    """A forked pool freezes what exists (the workers' collections then copy
    none of it) and unfreezes it after, unless the process had frozen its
    objects itself: a build forked from the warm builder keeps its own.
    (In a fresh interpreter: test processes freeze what they parse.)"""
    code = """
import gc
from bilingual.workers import Workers

def task(state, item):
    return item

assert gc.get_freeze_count() == 0
with Workers(1, "fork", dict) as pool:
    assert gc.get_freeze_count() > 0
    assert list(pool.map(task, [1])) == [1]
assert gc.get_freeze_count() == 0, "unfrozen after the pool"
gc.freeze()
with Workers(1, "fork", dict) as pool:
    list(pool.map(task, [1]))
assert gc.get_freeze_count() > 0, "the process's own freeze undone"
"""
    done = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": "plugins"},
                          cwd=REPO, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
