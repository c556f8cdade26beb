"""Run one Pelican build in this process and print its peak memory as JSON.

    python bench/measure.py SETTINGS CONTENT OUTPUT [pelican options...]

The caller times the whole command; this reports what only the process
itself knows: its peak RSS, the largest peak among worker processes, and
the peak of all of them together. "Together" is the largest sum, over
samples taken every ``INTERVAL`` seconds, of each process's proportional
set size (PSS): a page that forked processes share counts once, split
between them, where adding their RSS would count it in each.
"""

import json
import os
import resource
import sys
import threading

import pelican

INTERVAL = 0.05  # seconds between samples


def pss_kb(pid: int) -> int:
    """The process's proportional set size in KiB (0 when it has ended)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    """The process's children and theirs, from /proc."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{parent}/task/{task}/children") as f:
                    kids = [int(k) for k in f.read().split()]
            except OSError:
                continue
            found += kids
            todo += kids
    return found


class Sampler(threading.Thread):
    """Samples the PSS of this process and its descendants until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.wait(INTERVAL):
            total = sum(pss_kb(pid) for pid in [me, *children(me)])
            self.peak_kb = max(self.peak_kb, total)


settings, content, output, *rest = sys.argv[1:]
sampler = Sampler()
if os.path.exists(f"/proc/{os.getpid()}/smaps_rollup"):
    sampler.start()
try:
    pelican.main([content, "-s", settings, "-o", output, "-q", *rest])
except SystemExit as done:
    if done.code:
        raise
sampler.stopped.set()
usage = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"peak_rss_kb": usage.ru_maxrss, "worker_peak_rss_kb": workers.ru_maxrss,
                  "peak_pss_total_kb": sampler.peak_kb}))  # fmt: skip
