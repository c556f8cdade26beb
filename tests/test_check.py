"""`make check` on real builds, and every kind of breakage it must catch;
deterministic and atomic builds."""

import shutil
import sys

import pytest

from conftest import CONTENT, CORPUS, CORPUS_SETTINGS, REPO, build_site

sys.path.insert(0, str(REPO / "plugins"))
from bilingual.newsroom.check import Site, check, main  # noqa: E402
from bilingual.newsroom.csp import allowed_hosts  # noqa: E402

SITEURL = "https://example.org/news"


def errors_of(root, siteurl="", hosts=None):
    return dict(check(Site(root, siteurl, hosts=hosts)))


def run_check(capsys, *args):
    """``make check``'s command, in-process: (exit code, what it printed)."""
    code = main([*map(str, args), "-s", str(REPO / "pelicanconf.py")])
    return code, capsys.readouterr().out


def test_real_site_development_build_is_clean(real_site):
    assert errors_of(real_site) == {}


def test_corpus_development_build_is_clean(corpus_site):
    assert errors_of(corpus_site) == {}


@pytest.mark.parametrize("content", [CONTENT, CORPUS], ids=["real", "corpus"])
def test_publish_build_under_a_sub_path_is_clean(tmp_path, monkeypatch, content, capsys):
    monkeypatch.setenv("SITEURL", SITEURL)
    result = build_site(content, tmp_path / "out", "publishconf.py", CORPUS_SETTINGS, search=True)
    assert result.returncode == 0, result.stderr
    assert errors_of(tmp_path / "out", SITEURL) == {}
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITEURL}/">' in home
    # Issue 15: `make check` after a publish, without SITEURL, found 184
    # errors ("id -> None is not a page"); it reads the SITEURL from the build.
    code, printed = run_check(capsys, tmp_path / "out")
    assert code == 0, printed
    assert printed.splitlines()[-1].endswith(f"(SITEURL {SITEURL}), no errors"), printed
    code, printed = run_check(capsys, tmp_path / "out", "--siteurl", "https://warta.example.org")
    assert code == 2
    assert printed.splitlines() == [
        f"check: {tmp_path / 'out'}/ was built with SITEURL {SITEURL}, not "
        "https://warta.example.org; run make check without SITEURL, or rebuild with the one "
        "you meant"
    ]


@pytest.fixture
def broken(corpus_site, tmp_path):
    """A copy of the corpus output to break."""
    root = tmp_path / "site"
    shutil.copytree(corpus_site, root)
    return root


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_catches_a_broken_link(broken):
    edit(broken / "tentang-kami" / "index.html", "</main>", '<a href="../nowhere/">x</a></main>')
    assert errors_of(broken)["broken link"] == ["/tentang-kami/: ../nowhere/ -> no file"]


def test_catches_broken_assets_in_src_srcset_and_css(broken):
    edit(broken / "tentang-kami" / "index.html", "</main>",
         '<img src="../a.png" srcset="../b.png 2x" alt=""></main>')  # fmt: skip
    (broken / "theme" / "css" / "style.css").write_text("body{background:url(../missing.png)}")
    found = errors_of(broken)["broken asset"]
    assert any("../a.png" in e for e in found)
    assert any("../b.png" in e for e in found)
    assert any("missing.png" in e for e in found)


def test_catches_a_wrong_page_language(broken):
    edit(broken / "en" / "about-us" / "index.html", '<html lang="en">', '<html lang="id">')
    assert "/en/about-us/" in errors_of(broken)["wrong lang"][0]


def test_catches_a_hreflang_set_that_is_not_reciprocal(broken):
    page = broken / "en" / "about-us" / "index.html"
    text = page.read_text(encoding="utf-8")
    start = text.index('<link rel="alternate" hreflang="id"')
    page.write_text(text[:start] + text[text.index(">", start) + 1 :], encoding="utf-8")
    assert any("/tentang-kami/" in e for e in errors_of(broken)["hreflang"])


def test_catches_a_wrong_canonical(broken):
    edit(broken / "tentang-kami" / "index.html", 'rel="canonical" href="../tentang-kami/"',
         'rel="canonical" href="../"')  # fmt: skip
    assert errors_of(broken)["canonical"] == ["/tentang-kami/: points at ../"]


def test_catches_an_orphan_page(broken):
    orphan = broken / "orphan" / "index.html"
    orphan.parent.mkdir()
    shutil.copy(broken / "tentang-kami" / "index.html", orphan)
    edit(orphan, 'href="../tentang-kami/"', 'href="../orphan/"')
    assert "/orphan/: no other page links here" in errors_of(broken)["orphan page"]


def test_catches_a_feed_that_does_not_parse(broken):
    (broken / "feeds" / "all.atom.xml").write_text("<feed>")
    assert any("does not parse" in e for e in errors_of(broken)["feed"])


def test_catches_a_sitemap_entry_that_does_not_exist(broken):
    edit(broken / "sitemap.xml", "<loc>/tentang-kami/</loc>", "<loc>/gone/</loc>")
    assert errors_of(broken)["sitemap"] == ["/sitemap.xml: /gone/ -> no file"]


def test_catches_a_leaked_draft(broken):
    edit(broken / "tentang-kami" / "index.html", "</main>", '<p class="draft-note">x</p></main>')
    assert errors_of(broken)["draft leaked"] == [
        "/tentang-kami/: a draft or noindex page in the output"
    ]


PAGE = ("tentang-kami", "index.html")


def test_catches_a_stray_end_tag(broken):
    """A PHP sample's ``</table>`` passed through as raw HTML (issue 13)."""
    edit(broken.joinpath(*PAGE), "</p>", "</p></table>")
    (found,) = errors_of(broken)["malformed html"]
    assert found.startswith("/tentang-kami/: line ")
    assert found.endswith("Unexpected end tag (table). Ignored.")


def test_catches_an_unclosed_script_that_swallows_the_rest_of_the_page(broken):
    edit(broken.joinpath(*PAGE), "</p>", "</p><script>if (a < b) {")
    errors = errors_of(broken)
    assert any("Expected end tag (script)" in e for e in errors["malformed html"])
    assert errors["truncated page"] == [
        '/tentang-kami/: no <footer class="site-footer">: the page is cut short'
    ]


def test_catches_an_unclosed_element_that_takes_in_the_footer(broken):
    page = broken.joinpath(*PAGE)
    edit(page, "</main>", "<aside>")  # the footer ends up inside <main>
    errors = errors_of(broken)
    assert errors["malformed html"]
    assert errors["truncated page"] == [
        "/tentang-kami/: <body> ends with <main>, not the site footer: the page is cut short"
    ]


def test_catches_a_page_cut_short(broken):
    page = broken.joinpath(*PAGE)
    text = page.read_text(encoding="utf-8")
    page.write_text(text[: text.index('<footer class="site-footer">')], encoding="utf-8")
    assert errors_of(broken)["truncated page"] == [
        '/tentang-kami/: no <footer class="site-footer">: the page is cut short'
    ]


def test_catches_inline_script_but_not_json_ld_or_the_search_scripts(broken):
    search = (broken / "cari" / "index.html").read_text(encoding="utf-8")
    assert '<script src="../pagefind/pagefind-ui.js" defer></script>' in search
    assert '<script type="application/ld+json">' in search
    edit(broken.joinpath(*PAGE), "</p>",
         '</p><script>alert(1)</script><a href="javascript:go()" onclick="go()">x</a>')  # fmt: skip
    assert errors_of(broken)["inline script"] == [
        "/tentang-kami/: inline <script>: 'alert(1)'",
        "/tentang-kami/: <a href='javascript:go()'>: a javascript: URL",
        "/tentang-kami/: <a onclick>: an event-handler attribute",
    ]


def test_catches_links_to_fragments_that_do_not_exist(broken):
    edit(broken.joinpath(*PAGE), "</p>",
         '</p><p><a href="#main">ok</a> <a href="#">top</a> <a href="#anchor">ok</a>'
         ' <a name="anchor"></a> <a href="#nowhere">x</a>'
         ' <a href="../en/about-us/#main">ok</a> <a href="../en/about-us/#gone">x</a>'
         ' <a href="https://example.org/#elsewhere">off-site</a></p>')  # fmt: skip
    assert errors_of(broken)["missing fragment"] == [
        "/tentang-kami/: #nowhere -> no id 'nowhere' on /tentang-kami/",
        "/tentang-kami/: ../en/about-us/#gone -> no id 'gone' on /en/about-us/",
    ]


BLOCKED = (
    '<img src="https://tracker.example/pixel.gif" alt="">'
    '<iframe src="https://player.example.tv/embed/x" title="v"></iframe>'
    '<script src="https://cdn.example.net/lib.js"></script>'
    '<picture><source srcset="https://img.example.com/a.webp 1x"><img src="a.png" alt=""></picture>'
    '<video src="//media.example.com/v.mp4" poster="data:image/png;base64,AA"></video>'
    '<object data="../x.swf"></object>'
)


def test_catches_resources_the_csp_would_block(broken):
    edit(broken.joinpath(*PAGE), "</main>", BLOCKED + "</main>")
    edit(
        broken.joinpath(*PAGE),
        "</head>",
        '<link rel="icon" href="https://icons.example/i.png"></head>',
    )
    css = broken / "theme" / "css" / "style.css"
    css.write_text(
        css.read_text(encoding="utf-8") + "a{background:url(https://fonts.example/b.png)}"
    )
    found = errors_of(broken)["blocked by CSP"]
    assert found == [
        "/tentang-kami/: <link> https://icons.example/i.png: img-src allows only the site itself;"
        " list it in BILINGUAL_IMAGE_HOSTS and in the CSP's img-src",
        "/tentang-kami/: <img> https://tracker.example/pixel.gif: img-src allows only the site"
        " itself; list it in BILINGUAL_IMAGE_HOSTS and in the CSP's img-src",
        "/tentang-kami/: <iframe> https://player.example.tv/embed/x: frame-src allows only"
        " the site itself; list it in BILINGUAL_HTML's iframe_hosts and in the CSP's frame-src",
        "/tentang-kami/: <script> https://cdn.example.net/lib.js: script-src allows only the site"
        " itself",
        "/tentang-kami/: <source> https://img.example.com/a.webp: img-src allows only the site"
        " itself; list it in BILINGUAL_IMAGE_HOSTS and in the CSP's img-src",
        "/tentang-kami/: <video> //media.example.com/v.mp4: media-src allows only the site itself",
        "/tentang-kami/: <object> ../x.swf: object-src is 'none': no plugin content loads",
        "/theme/css/style.css: url() https://fonts.example/b.png: img-src allows only the site"
        " itself; list it in BILINGUAL_IMAGE_HOSTS and in the CSP's img-src",
    ]


def test_hosts_listed_in_settings_are_allowed(broken):
    edit(broken.joinpath(*PAGE), "</main>", BLOCKED + "</main>")
    hosts = allowed_hosts({
        "BILINGUAL_IMAGE_HOSTS": ["tracker.example", "https://*.example.com/"],
        "BILINGUAL_HTML": {"iframe_hosts": ["https://player.example.tv/embed/"]},
    })  # fmt: skip
    assert errors_of(broken, hosts=hosts)["blocked by CSP"] == [
        "/tentang-kami/: <script> https://cdn.example.net/lib.js: script-src allows only the site"
        " itself",
        "/tentang-kami/: <video> //media.example.com/v.mp4: media-src allows only the site itself",
        "/tentang-kami/: <object> ../x.swf: object-src is 'none': no plugin content loads",
    ]


def test_the_site_itself_is_allowed_by_its_absolute_url(broken):
    edit(
        broken.joinpath(*PAGE),
        "</main>",
        '<img src="https://example.org/news/theme/favicon.svg" alt=""></main>',
    )
    assert "blocked by CSP" not in errors_of(broken, SITEURL)
    assert "blocked by CSP" in errors_of(broken)


def test_make_check_allows_hosts_given_on_the_command_line(broken, capsys):
    edit(broken.joinpath(*PAGE), "</main>", '<img src="https://cdn.example/a.png" alt=""></main>')
    code, printed = run_check(capsys, broken)
    assert code == 1 and "blocked by CSP: 1" in printed, printed
    code, printed = run_check(capsys, broken, "--allow-image-host", "cdn.example")
    assert code == 0, printed


def test_make_check_asks_for_the_siteurl_when_the_build_does_not_say(broken, capsys):
    edit(broken / "index.html", '<link rel="canonical" href="./">', "")
    code, printed = run_check(capsys, broken)
    assert code == 2
    assert printed == (
        f"check: cannot tell which SITEURL {broken}/ was built with (its home page has no"
        " canonical link); pass the one the build used: make check SITEURL=https://...\n"
    )


def test_make_check_exits_non_zero_on_errors(broken, capsys, monkeypatch):
    """The checker's exit code (make check runs this main; test_make.py
    checks what make passes it)."""
    edit(broken / "tentang-kami" / "index.html", "</main>", '<a href="../nowhere/">x</a></main>')
    monkeypatch.chdir(REPO)  # where pelicanconf.py is
    assert main([str(broken)]) == 1
    assert "broken link: 1" in capsys.readouterr().out


def test_a_hidden_story_is_neither_an_orphan_nor_a_feed_without_page(tmp_path):
    """Hidden stories are published but listed nowhere, by design; a category
    used only by hidden stories has no page and so no feed."""
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    (content / "articles" / "2025" / "hidden-notice.id.md").write_text(
        "Title: Pengumuman Internal\nDate: 2025-06-06 10:00\nCategory: Pengumuman\n"
        "Status: hidden\n\nPengumuman ini tidak didaftar di mana pun.\n",
        encoding="utf-8",
    )
    result = build_site(content, tmp_path / "out", "pelicanconf.py", CORPUS_SETTINGS, search=True)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "2025" / "06" / "hidden-notice" / "index.html").is_file()
    assert not list((tmp_path / "out").rglob("pengumuman*.xml"))
    assert errors_of(tmp_path / "out") == {}


def test_the_check_reads_the_elements_beautiful_soup_would():
    """The single pass over a page (``elements``) gives each element the
    parent and attributes Beautiful Soup's html.parser tree gives it, on
    markup where the two could part: void and self-closed elements, stray
    end tags, repeated attributes, attribute lists, an unclosed script."""
    from bs4 import BeautifulSoup

    from bilingual.newsroom.elements import elements

    html = (
        '<html lang="id"><p><picture></div><source srcset="a 1x"><br></br><img/></img>'
        "<source></picture><source><div/><source></p><picture><p></picture><source>"
        '<a HREF="x" href="y" class=" b  c " rel="Alternate\tnext" onclick>t</a>'
        "<svg><source/></svg><script>if (a < b) {"
    )
    soup = BeautifulSoup(html, "html.parser")
    expected = [
        (t.name, {k: v if isinstance(v, str) else " ".join(v) for k, v in t.attrs.items()},
         "" if t.parent is soup else t.parent.name)
        for t in soup.find_all(True)
    ]  # fmt: skip
    found = elements(html)
    assert [(e.name, e.attrs, e.parent) for e in found] == expected
    sources = ["picture", "picture", "p", "p", "html", "svg"]
    assert [e.parent for e in found if e.name == "source"] == sources
