"""Run one Pelican build in this process and print its peak memory as JSON.

    python bench/measure.py SETTINGS CONTENT OUTPUT [pelican options...]

The caller times the whole command; this reports what only the process
itself knows: its peak RSS, and the largest peak among worker processes.
"""

import json
import resource
import sys

import pelican

settings, content, output, *rest = sys.argv[1:]
try:
    pelican.main([content, "-s", settings, "-o", output, "-q", *rest])
except SystemExit as done:
    if done.code:
        raise
usage = resource.getrusage(resource.RUSAGE_SELF)
workers = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"peak_rss_kb": usage.ru_maxrss, "worker_peak_rss_kb": workers.ru_maxrss}))
