"""The tests that build ``content/`` hold for any content, not just the demo
story: proved by running every one of them (the ``content`` marker, see
conftest.py) in a copy of the project whose ``content/articles/`` holds the
realistic fixture corpus instead, and ``content/images/`` its images.

``content/pages/`` stays: the masthead page the settings name lives there.
The copy runs on this interpreter and, for the ``make`` targets the tests
call, this project's virtualenv. conftest.py starts it as soon as the suite is
collected (under pytest-xdist, in the controller) and runs this test last,
so the copy's run overlaps the rest of the suite. The
real-browser tests are left out for time: the ones on ``content/`` pick their
pages and search words from the built site (the largest page of each kind, a
word only one story uses), not from the demo story.
"""

import os
import re

import pytest

from conftest import NESTED, REALISTIC, ContentTestRun, any_content_root


def excerpt(output):
    """The first failure and the summary of a pytest run's output."""
    summary = output[output.find("short test summary info") :][-6_000:]
    starts = [i for i in (output.find("= FAILURES ="), output.find("= ERRORS =")) if i >= 0]
    first = output[min(starts) :][:6_000] if starts else output[-6_000:]
    return f"{first}\n...\n{summary}"


def test_every_content_test_passes_with_other_content(request):
    if os.environ.get(NESTED):
        pytest.skip("this is the copy's own run")
    root = any_content_root(request.config)
    articles = {p.name for p in (root / "project" / "content" / "articles").rglob("*.md")}
    assert articles == {p.name for p in (REALISTIC / "articles").rglob("*.md")}
    code, output = ContentTestRun.result(root)
    report = excerpt(output)
    assert code == 0, report
    passed = re.search(r"(\d+) passed", output.strip().splitlines()[-1])
    assert passed and int(passed[1]) >= 40, report
