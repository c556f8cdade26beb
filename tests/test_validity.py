"""Valid HTML5: the Nu Html Checker (vnu) finds no error on any kind of page
of the real site or of the fixture corpora.

Every story and static page is checked (each body is different) and one page
of every other kind in each language (home, page 2 of a listing, category,
tag and author pages and indexes, archives, search, the 404 pages, alias
redirects): the same templates render the rest. The checker runs once per
session over the pages of every site the selected tests ask for, because
starting the JVM costs more than checking a hundred pages.
"""

import pytest

from conftest import page_kinds, page_url, pages_to_validate, vnu_errors

SITES = ["real_site", "corpus_site", "realistic_site"]
KINDS = {"home", "home/page-n", "story", "page", "category", "category-index", "tag", "author",
         "archives", "search", "404"}  # fmt: skip


# A page the checker must reject: it rides along in the one run.
INVALID = (
    '<!DOCTYPE html><html lang="en"><head><title>x</title></head>'
    "<body><table><p>not in a cell</table></body></html>"
)


@pytest.fixture(scope="session")
def vnu_report(request, tmp_path_factory):
    """{site fixture name: {file: errors}} for the sites this session's
    validity tests check, plus "invalid": the errors of ``INVALID``. A site
    that failed to build is left out (its test reports the build failure)."""
    wanted = {
        item.callspec.params["site"]
        for item in request.session.items
        if item.originalname == "test_every_kind_of_page_is_valid_html"
    }
    invalid = tmp_path_factory.mktemp("vnu") / "invalid.html"
    invalid.write_text(INVALID, encoding="utf-8")
    files = {"invalid": [invalid]}
    for name in SITES:
        if name in wanted:
            try:
                files[name] = pages_to_validate(request.getfixturevalue(name))
            except Exception:  # reported by the test of that site
                continue
    errors = vnu_errors([f for chosen in files.values() for f in chosen])
    return {name: {f: errors[f.resolve()] for f in chosen} for name, chosen in files.items()}


@pytest.mark.parametrize("site", SITES)
def test_every_kind_of_page_is_valid_html(request, vnu_report, site):
    root = request.getfixturevalue(site)
    report = vnu_report[site]
    assert {page_url(root, f): errors for f, errors in report.items() if errors} == {}
    # Guard: the checker saw every kind of page this site has.
    checked = {page_url(root, f) for f in report}
    for (kind, lang), urls in page_kinds(root).items():
        assert set(urls) & checked, f"no {kind} page in {lang} was checked"
    if site != "real_site":  # the real site has whatever kinds its content gives
        assert KINDS <= {kind for kind, _ in page_kinds(root)}


def test_the_checker_reports_an_error(vnu_report):
    """Guard: an invalid page does not pass."""
    ((_, errors),) = vnu_report["invalid"].items()
    assert errors
