"""Markdown as authors write it, and raw HTML made safe.

Unit tests drive the converter the build uses (``bilingual.body``) with the
real settings; one small Pelican build checks the same on published pages.
"""

import html as html_text
import re
import sys
import textwrap
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown
from markdown.extensions import Extension

from conftest import CSP, REPO, build_site, html_pages, served, soup

sys.path.insert(0, str(REPO / "plugins"))
from bilingual.body import ID, BodyConverter, body_options, unique_ids  # noqa: E402
from bilingual.errors import ContentError  # noqa: E402
from bilingual.settings import DEFAULTS, configure  # noqa: E402
from bilingual.source import LINK  # noqa: E402
from bilingual.story_markdown import THEME_IDS, HeadingIds, heading_id  # noqa: E402

# A shell sample as newsroom copy has it: comment lines, placeholders in
# angle brackets, closing tags that would end the page if they were markup.
SHELL = """\
# Generate a key pair on your laptop
# (never on the server)
ssh-keygen -t ed25519 -f ~/.ssh/<your_server_private_key>
## not a heading either
echo "</script></table><b>bold?</b>" > /tmp/x & echo 'done' # trailing
cat <<EOF
<your_username>@<your_host>
EOF"""
ASCII_ART = r"""
   +--------+        +---------+
   | client | -----> | <proxy> |  `tick` *star* _under_ \*
   +--------+        +---------+
        \__ [^1] <!-- not a comment --> &amp; &lt;
"""


@pytest.fixture(scope="module")
def settings():
    from pelican.settings import read_settings

    from bilingual.settings import configure

    return configure(read_settings(str(REPO / "pelicanconf.py")))


@pytest.fixture(scope="module")
def converter(settings):
    return BodyConverter(body_options(settings))


def html(converter, text, path="articles/story.id.md"):
    return converter.convert(text, path).html


def parse(markup):
    return BeautifulSoup(markup, "html.parser")


def no_placeholder(markup):
    return "\x02" not in markup and "\x03" not in markup and "klzzwxh" not in markup


# Code ------------------------------------------------------------------------


def test_a_shell_fence_is_one_code_block_with_every_character(converter):
    out = html(converter, f"Langkahnya:\n\n```sh\n{SHELL}\n```\n\nSelesai.\n")
    document = parse(out)
    (pre,) = document.find_all("pre")
    assert pre.code.get_text() == SHELL + "\n"
    assert not document.find_all(["h1", "h2", "h3", "script", "table", "b"])
    assert [p.get_text() for p in document.find_all("p")] == ["Langkahnya:", "Selesai."]
    assert no_placeholder(out)


def test_ascii_art_in_a_plain_fence_is_kept_exactly(converter):
    out = html(converter, f"Diagram:\n\n```{ASCII_ART}```\n")
    (pre,) = parse(out).find_all("pre")
    assert pre.code.get_text() == ASCII_ART.lstrip("\n")
    assert no_placeholder(out)


def test_a_fence_inside_a_list_item_stays_in_the_item(converter):
    text = (
        "1. Pasang paketnya:\n\n"
        "    ```sh\n    # sebagai root\n    apt-get install <paket>\n    ```\n\n"
        "2. Jalankan layanannya.\n"
    )
    document = parse(html(converter, text))
    (ol,) = document.find_all("ol")
    items = ol.find_all("li", recursive=False)
    assert len(items) == 2
    assert items[0].pre.code.get_text() == "# sebagai root\napt-get install <paket>\n"
    assert not document.find("h1")


def test_code_is_highlighted_with_classes_not_inline_styles(converter):
    document = parse(html(converter, '```php\n<?php echo "</table><script>"; ?>\n```\n'))
    block = document.select_one("div.highlight")
    assert "language-php" in block["class"]
    assert block.select("code span[class]"), "Pygments marked no tokens"
    assert block.code.get_text() == '<?php echo "</table><script>"; ?>\n'
    assert not document.select("[style]")
    assert not document.find(["table", "script"])


def test_inline_code_is_escaped(converter):
    document = parse(html(converter, "Tulis `<script>alert(1)</script>` di sini.\n"))
    assert document.code.get_text() == "<script>alert(1)</script>"
    assert not document.find("script")


# Lists -----------------------------------------------------------------------


def test_a_list_may_start_right_after_a_paragraph_line(converter):
    text = "Data yang dipakai termasuk:\n- Citra satelit\n- Rute kapal\n\nLalu:\n1. satu\n2. dua\n"
    document = parse(html(converter, text))
    assert [li.get_text() for li in document.select("ul > li")] == ["Citra satelit", "Rute kapal"]
    assert [li.get_text() for li in document.select("ol > li")] == ["satu", "dua"]
    assert document.p.get_text() == "Data yang dipakai termasuk:"


def test_a_wrapped_line_that_only_looks_like_a_list_stays_in_the_paragraph(converter):
    """As in CommonMark: an ordered item interrupts a paragraph only at 1."""
    document = parse(html(converter, "Skor akhirnya adalah\n2. Itu rekor.\n"))
    assert not document.find(["ol", "ul"])


def test_no_blank_line_is_added_inside_a_fence(converter):
    text = "~~~\nkalimat\n- bukan daftar\n~~~\n"
    assert parse(html(converter, text)).code.get_text() == "kalimat\n- bukan daftar\n"


def test_a_nested_list_keeps_its_items_tight(converter):
    document = parse(html(converter, "- satu\n    - satu a\n- dua\n"))
    assert not document.find("p")
    assert document.select_one("ul > li > ul > li").get_text() == "satu a"


# Headings --------------------------------------------------------------------


def test_a_body_h1_becomes_h2_and_no_heading_skips_a_level(converter):
    text = "# Satu\n\nTeks.\n\n### Tiga\n\n##### Lima\n\n## Dua\n\n### Tiga lagi\n\n#### Empat\n"
    document = parse(html(converter, text))
    levels = [h.name for h in document.find_all(re.compile("^h[1-6]$"))]
    assert levels == ["h2", "h3", "h4", "h2", "h3", "h4"]


def test_heading_ids_are_unicode_slugs_unique_in_the_page(converter):
    text = "## Hasil Pemilu 2024\n\n## Hasil Pemilu 2024\n\n## Überblick & Ç!\n\n## 🚀\n\n## Main\n"
    ids = [h["id"] for h in parse(html(converter, text)).find_all("h2")]
    assert ids == ["hasil-pemilu-2024", "hasil-pemilu-2024_1", "überblick-ç", "section", "main-1"]


# Headings whose text toc reads in every way it can: stashed HTML, code,
# entities, escapes, footnotes, labels, given ids, numbered slugs. (An id
# given twice is renamed, which toc does not do: tested on its own below.)
QUIRKY_HEADINGS = (
    "## \ttabs   and   spaces\t\n"
    + r"""
# One
## Plain heading
## Plain heading
## Plain heading_1
## a_1
## a
## a
## Q&A &amp; &lt;b&gt; &copy; \* \> café
## `code <b>` *em* **strong** [link](/x "t")
## Raw <span class="x">html</span> <!-- note --> end
## Noted[^1] and tail[^1]
## Label {data-toc-label="Short &amp; <i>it</i>"}
## First {#same}
## Second {#other}
## Escaped {: title="a\>b" }
## main
##
### Deeper {.cls}
#### Four
###### Six

[^1]: A note.
"""
)


class _HeadingIdsOnly(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(HeadingIds(md), "heading_ids", 5)


def _toc_names(tokens):
    for token in tokens:
        yield token["id"], html_text.unescape(token["name"])
        yield from _toc_names(token["children"])


def test_heading_ids_and_names_are_the_ones_the_toc_extension_gives():
    common = ["attr_list", "footnotes", "abbr", "tables"]
    toc = Markdown(extensions=[*common, "toc"], extension_configs={"toc": {"slugify": heading_id}})
    ours = Markdown(extensions=[*common, _HeadingIdsOnly()])
    assert ours.convert(QUIRKY_HEADINGS) == toc.convert(QUIRKY_HEADINGS)
    assert ours.treeprocessors["heading_ids"].names == dict(_toc_names(toc.toc_tokens))


def test_heading_ids_never_take_an_id_the_theme_uses():
    templates = (REPO / "theme" / "templates").rglob("*.html")
    literal = {i for t in templates for i in re.findall(r'\bid="([^"{]+)"', t.read_text("utf-8"))}
    assert literal == THEME_IDS


def test_h2_to_h4_get_a_labelled_link_in_the_story_language(converter):
    text = "## Latar *Belakang*\n\n### Rincian\n\n#### Catatan\n\n##### Kecil\n"
    for path, label in (
        ("articles/a.id.md", "Tautan ke bagian “Latar Belakang”"),
        ("articles/a.en.md", "Link to the section “Latar Belakang”"),
    ):
        document = parse(html(converter, text, path))
        anchors = document.select("a.heading-anchor")
        assert [a.parent.name for a in anchors] == ["h2", "h3", "h4"]
        assert all(a["href"] == f"#{a.parent['id']}" for a in anchors)
        assert anchors[0]["aria-label"] == label
        assert document.h2.get_text() == "Latar Belakang"  # the "#" is drawn by CSS


def test_raw_html_in_a_heading_leaves_no_placeholder(converter):
    out = html(
        converter, "## Harga <em>naik</em> lagi\n\n| a <b>x</b> | b |\n|---|---|\n| 1 | 2 |\n"
    )
    assert no_placeholder(out)
    assert parse(out).h2.a["aria-label"] == "Tautan ke bagian “Harga naik lagi”"


def test_no_placeholder_ever_reaches_the_page(converter):
    """Python-Markdown can lose track of raw HTML (here an unterminated
    <?php next to a fence); then the file is named instead of publishing
    its placeholder characters."""
    text = (
        ":   def\n<?php\n## h <b>x</b>\n```sh\n```\n<iframe src='https://www.youtube.com/embed/x'>"
    )
    try:
        out = html(converter, text, "articles/php.id.md")
    except ContentError as error:
        assert str(error).startswith(
            "articles/php.id.md: field 'body': Markdown left a placeholder"
        )
    else:
        assert no_placeholder(out)


# Footnotes, tables, definitions, abbreviations, attributes --------------------


def test_footnotes_link_both_ways_with_a_localised_title(converter):
    text = "Angka itu naik[^sumber].\n\n[^sumber]: Laporan tahunan 2024.\n"
    for path, title in (
        ("articles/a.id.md", "Kembali ke rujukan 1 dalam teks"),
        ("articles/a.en.md", "Back to reference 1 in the text"),
    ):
        document = parse(html(converter, text, path))
        ref = document.select_one("sup a.footnote-ref")
        note = document.select_one(ref["href"].replace(":", "\\:"))
        assert note.name == "li" and "Laporan tahunan 2024." in note.get_text()
        back = note.select_one("a.footnote-backref")
        assert back["title"] == title
        assert back["href"] == "#" + ref.parent["id"]


def test_tables_align_with_classes(converter):
    document = parse(html(converter, "| Kota | Jumlah |\n|:--|--:|\n| Medan | 12 |\n"))
    assert [c.get("class") for c in document.find_all(["th", "td"])] == [
        ["align-left"],
        ["align-right"],
        ["align-left"],
        ["align-right"],
    ]
    assert not document.select("[style], [align]")


def test_definition_lists_and_abbreviations(converter):
    text = "API\n:   Antarmuka pemrograman aplikasi.\n\nPakai API.\n\n*[API]: Application Programming Interface\n"
    document = parse(html(converter, text))
    assert document.dl.dt.get_text() == "API"
    assert document.dl.dd.get_text().strip() == "Antarmuka pemrograman aplikasi."
    assert document.find("abbr", title="Application Programming Interface")


def test_a_reused_converter_forgets_the_previous_story(converter):
    html(converter, "Pakai API[^1].\n\n[^1]: x\n\n*[API]: Application Programming Interface\n")
    document = parse(html(converter, "Pakai API.\n\n## Judul\n"))
    assert not document.find("abbr") and not document.select(".footnote")
    assert document.h2["id"] == "judul"


def test_attribute_lists_set_language_but_never_a_handler(converter):
    body = converter.convert('Kutipan.\n{: lang=en onclick="alert(1)" }\n', "articles/a.id.md")
    document = parse(body.html)
    assert document.p["lang"] == "en"
    assert not document.p.has_attr("onclick")
    assert body.removed == ("onclick attribute",)


# Raw HTML ----------------------------------------------------------------------


def test_scripts_handlers_and_javascript_urls_are_removed_and_reported(converter):
    text = (
        "<script>document.write('<b>x</b>')</script>\n\n"
        '<p onclick="steal()" style="color:red">Teks <a href="javascript:alert(1)">tautan</a>'
        ' <a href="https://example.org/" target="_blank">ok</a></p>\n\n'
        "<!-- catatan redaksi -->\n"
    )
    body = converter.convert(text, "articles/a.id.md")
    document = parse(body.html)
    assert not document.find("script") and not document.find("b")
    assert "write" not in body.html and "redaksi" not in body.html
    assert not [a for t in document.find_all(True) for a in t.attrs if a.startswith("on")]
    assert "javascript" not in body.html.lower()
    assert document.find("a", href="https://example.org/").get_text() == "ok"
    assert body.removed == (
        "<script>",
        "javascript: URL in href",
        "onclick attribute",
        "style attribute",
        "target attribute",
        "HTML comment",
    )


def test_a_code_sample_outside_a_fence_cannot_swallow_the_story(converter):
    """An unclosed <script> shows as text rather than hiding the rest."""
    text = "Contoh:\n\n<?php echo '</table>'; ?>\n</div></table><script>\n\nParagraf terakhir.\n"
    body = converter.convert(text, "articles/a.id.md")
    document = parse(body.html)
    assert [p.get_text() for p in document.find_all("p")][-2:] == ["<script>", "Paragraf terakhir."]
    assert "<?php echo" in document.get_text()
    assert not document.find(["script", "table", "div"])
    assert body.removed == ("unclosed <script> tag (its text kept)", "</div>", "</table>")


def test_news_embeds_pass(converter):
    text = (
        '<figure><img src="{static}/images/a%20b.jpg" alt="Foto" width="640" height="480"'
        ' loading="lazy" srcset="images/a-640.jpg 640w"><figcaption>Keterangan</figcaption></figure>\n\n'
        "<details><summary>Transkrip</summary><p>Isi</p></details>\n\n"
        '<video controls src="https://example.org/v.mp4"><track kind="captions" src="v.vtt"'
        ' srclang="id"></video>\n\n'
        '<blockquote lang="en" dir="ltr"><p>Quote <sup>1</sup> H<sub>2</sub>O'
        " <dfn>term</dfn></p></blockquote>\n"
    )
    body = converter.convert(text, "articles/a.id.md")
    assert body.removed == ()
    document = parse(body.html)
    assert document.img["src"] == "{static}/images/a%20b.jpg"
    assert document.img["srcset"] == "images/a-640.jpg 640w"
    assert document.figcaption and document.details.summary and document.video.track
    assert document.blockquote["lang"] == "en" and document.sup and document.sub
    assert document.dfn


def test_an_iframe_from_a_listed_host_is_sandboxed_lazy_and_titled(converter):
    text = (
        '<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/xyz"'
        ' frameborder="0" allowfullscreen></iframe>\n\n'
        '<iframe src="https://player.vimeo.com/video/1" title="Wawancara" sandbox="allow-forms"'
        ' onload="x()"></iframe>\n'
    )
    body = converter.convert(text, "articles/a.en.md")
    first, second = parse(body.html).find_all("iframe")
    assert first["title"] == "Embedded content from www.youtube-nocookie.com"
    assert second["title"] == "Wawancara"
    for frame in (first, second):
        assert frame["loading"] == "lazy"
        sandbox = frame.get_attribute_list("sandbox")
        assert sandbox == DEFAULTS["BILINGUAL_HTML"]["iframe_sandbox"].split()
    assert body.removed == ("frameborder attribute", "onload attribute")


def test_nothing_inside_an_allowed_iframe_is_kept(converter):
    text = '<iframe src="https://player.vimeo.com/video/1"><script>alert(1)</script></iframe>\n'
    body = converter.convert(text, "articles/a.id.md")
    assert parse(body.html).iframe.contents == []
    assert "alert" not in body.html
    assert body.removed == ("content inside <iframe>",)


@pytest.mark.parametrize(
    "markup",
    [
        "<IFRAME SRC=https://evil.example/x></IFRAME>",
        '<iframe/src="https://evil.example/x"></iframe>',
        '<iframe src="https://www.youtube.com/embed/x" src="https://evil.example/"></iframe>',
        '<iframe src="https://www.youtube.com:443@evil.example/"></iframe>',
        '<!-- x --!><iframe src="https://evil.example/"></iframe><!-- y -->',
        '<p><iframe\nsrc="//evil.example/"></iframe></p>',
    ],
)
def test_odd_iframe_markup_never_frames_another_host(converter, markup):
    out = html(converter, f"Teks.\n\n{markup}\n\nAkhir.\n")
    assert "evil.example" not in out
    assert not parse(out).find("iframe")
    assert "Akhir." in out


@pytest.mark.parametrize(
    ("src", "host"),
    [
        ("https://evil.example/embed", "evil.example"),
        ("http://www.youtube.com/embed/x", "www.youtube.com"),  # not https
        ("javascript:alert(1)", "no listed host"),
        ("https://www.youtube.com.evil.example/x", "www.youtube.com.evil.example"),
    ],
)
def test_an_iframe_from_any_other_host_is_removed_and_reported(converter, src, host):
    body = converter.convert(f'Sebelum.\n\n<iframe src="{src}"></iframe>\n\nSesudah.\n', "a.id.md")
    assert not parse(body.html).find("iframe")
    assert body.removed == (f"<iframe> from {host}",)
    assert "Sesudah." in body.html


def test_the_readme_policy_frames_exactly_the_listed_hosts():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    policy = re.search(r"^Content-Security-Policy: (.*)$", readme, re.M)[1]
    frame_src = re.search(r"frame-src ([^;]*)", policy)[1].split()
    assert frame_src == [f"https://{h}" for h in DEFAULTS["BILINGUAL_HTML"]["iframe_hosts"]]
    assert "frame-src " + " ".join(frame_src) + ";" in CSP  # the policy the browser tests use


# Settings and the newsroom commands ----------------------------------------------


def test_the_iframe_hosts_can_be_changed_in_settings(settings):
    own = BodyConverter(
        body_options({**settings, "BILINGUAL_HTML": {"iframe_hosts": ["datawrapper.dwcdn.net"]}})
    )
    text = '<iframe src="https://datawrapper.dwcdn.net/abc/"></iframe>\n\n<iframe src="https://www.youtube.com/embed/x"></iframe>\n'
    body = own.convert(text, "articles/a.id.md")
    assert [f["src"] for f in parse(body.html).find_all("iframe")] == [
        "https://datawrapper.dwcdn.net/abc/"
    ]
    assert "<figure>" not in body.removed  # the other defaults are kept


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"BILINGUAL_HTML": {"tag": ["p"]}}, "BILINGUAL_HTML: unknown key 'tag'"),
        ({"BILINGUAL_HTML": {"tags": ["p", "script"]}}, "'script' is never allowed"),
        ({"BILINGUAL_HTML": {"attributes": {"a": ["onclick"]}}}, "'onclick' is never allowed"),
        ({"MARKDOWN": {"extensions": ["extra"]}}, "MARKDOWN is not read"),
    ],
)
def test_bad_markdown_and_html_settings_stop_the_build(settings, override, message):
    with pytest.raises(ContentError, match=re.escape(message)):
        configure({**settings, **override})


def test_make_status_reads_bodies_as_the_build_renders_them(tmp_path, settings):
    """The status command numbers paragraphs of the HTML the site shows: a list
    right after a paragraph line is three blocks, not one paragraph."""
    from bilingual.newsroom.status import report
    from bilingual.newsroom.stories import read_stories

    story = tmp_path / "articles" / "daftar.id.md"
    story.parent.mkdir(parents=True)
    story.write_text(
        "Title: Daftar\nDate: 2025-06-01 10:00\nCategory: Kota\n\n"
        "Warga kota yang datang ke balai untuk mengurus surat ini akan dilayani oleh petugas"
        " dan mereka harus membawa:\n- Kartu identitas yang masih berlaku\n"
        "- Surat keterangan dari kelurahan yang sudah ditandatangani\n\n"
        "The mayor said that the office is open to all.\n\n"
        "Petugas juga mengatakan bahwa antrean di balai sudah lebih pendek dari pada tahun lalu"
        " karena ada loket baru yang dibuka setiap hari.\n",
        encoding="utf-8",
    )
    data = report(read_stories(str(tmp_path), ["id", "en"]), {**settings, "PATH": str(tmp_path)})
    findings = [a for a in data["advisories"] if "paragraph" in a]
    assert findings and findings[0].startswith("articles/daftar.id.md: paragraph 4 reads as 'en'")


# A small site --------------------------------------------------------------------

STORY_ID = f"""Title: Cara Memasang Kunci SSH
Date: 2025-06-01 10:00
Category: Teknologi
Authors: Redaksi

# Persiapan

Yang perlu disiapkan:
- Laptop dengan terminal
- Akses ke server[^akses]

```sh
{SHELL}
```

## Langkah

1. Salin kuncinya:

    ```sh
    # dari laptop
    ssh-copy-id <your_username>@<your_host>
    ```

2. Masuk ke server.

## Langkah

Video panduan:

<iframe src="https://www.youtube.com/embed/abc123" allowfullscreen></iframe>

<iframe src="https://evil.example/track"></iframe>

<script>alert("x")</script>
<p onclick="steal()">Klik <a href="javascript:alert(1)">di sini</a>.</p>

[^akses]: Minta ke tim infrastruktur.
"""
STORY_EN = """Title: How to Install an SSH Key
Date: 2025-06-01 10:00
Category: Technology

# Before you start

You need:
- a laptop
- a server

```python
# A line far wider than a phone: it must scroll inside the story column, not the page.
def install(key: str, host: str = "<your_host>") -> int:
    return run(["ssh-copy-id", "-i", key, host], check=True, timeout=30).returncode  # 0 = ok
```

### A deeper heading

Done[^1].

[^1]: A note.
"""


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("markdown")
    articles = root / "content" / "articles" / "2025"
    articles.mkdir(parents=True)
    (articles / "kunci-ssh.id.md").write_text(STORY_ID, encoding="utf-8")
    (articles / "kunci-ssh.en.md").write_text(STORY_EN, encoding="utf-8")
    pages = root / "content" / "pages"
    pages.mkdir()
    (pages / "tentang.id.md").write_text(
        "Title: Tentang\n\n# Siapa kami\n\nKami menulis:\n- berita\n- analisis\n",
        encoding="utf-8",
    )
    result = build_site(root / "content", root / "out", search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out", result.stdout + result.stderr


def test_the_built_story_keeps_every_character_of_its_code(small_site):
    out, _log = small_site
    document = soup(out / "2025" / "06" / "kunci-ssh" / "index.html")
    codes = [pre.code.get_text() for pre in document.select(".story-body pre")]
    assert codes == [SHELL + "\n", "# dari laptop\nssh-copy-id <your_username>@<your_host>\n"]
    assert document.select_one(".story-body ol > li pre")
    assert [li.get_text() for li in document.select(".story-body > ul > li")][0] == (
        "Laptop dengan terminal"
    )


def test_every_built_page_has_one_h1_and_unique_ids(small_site):
    out, _log = small_site
    for path in html_pages(out):
        document = soup(path)
        if document.select_one('meta[http-equiv="refresh"]'):
            continue
        assert len(document.find_all("h1")) == 1, path
        ids = Counter(tag["id"] for tag in document.find_all(id=True))
        assert [i for i, n in ids.items() if n > 1] == [], path
        text = path.read_text(encoding="utf-8")
        assert no_placeholder(text), path


def test_built_headings_footnotes_and_lists(small_site):
    out, _log = small_site
    story = soup(out / "2025" / "06" / "kunci-ssh" / "index.html")
    assert [h["id"] for h in story.select(".story-body h2")] == [
        "persiapan",
        "langkah",
        "langkah_1",
    ]
    assert story.select_one("#persiapan a.heading-anchor")["href"] == "#persiapan"
    assert story.select_one(".footnote li").get_text().strip().startswith("Minta ke tim")
    english = soup(out / "en" / "2025" / "06" / "kunci-ssh" / "index.html")
    assert [h.name for h in english.select(".story-body :is(h2, h3)")] == ["h2", "h3"]
    assert english.select_one(".footnote-backref")["title"] == "Back to reference 1 in the text"
    page = soup(out / "tentang" / "index.html")
    assert [li.get_text() for li in page.select(".story-body li")] == ["berita", "analisis"]


def test_nothing_from_content_runs(small_site):
    out, _log = small_site
    for path in html_pages(out):
        document = soup(path)
        for script in document.find_all("script"):
            assert script.get("type") == "application/ld+json" or script.get("src"), path
        for tag in document.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], path
            assert not tag.get("href", "").lower().startswith("javascript:"), path


def test_embeds_are_kept_from_listed_hosts_and_reported_otherwise(small_site):
    out, log = small_site
    story = soup(out / "2025" / "06" / "kunci-ssh" / "index.html")
    (frame,) = story.find_all("iframe")
    assert frame["src"] == "https://www.youtube.com/embed/abc123"
    assert frame["loading"] == "lazy" and frame["sandbox"] and frame["title"]
    assert frame["title"] == "Konten sematan dari www.youtube.com"
    assert (
        "articles/2025/kunci-ssh.id.md: removed <iframe> from evil.example, <script>,"
        " javascript: URL in href, onclick attribute"
    ) in log
    assert "kunci-ssh.en.md: removed" not in log
    assert "WARNING" not in log


# In a browser -------------------------------------------------------------------

CONTRAST = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const pre = document.querySelector(".story-body .highlight pre");
  const bg = lum(getComputedStyle(pre).backgroundColor);
  const ratios = [...pre.querySelectorAll("span[class]")].map((s) => {
    const fg = lum(getComputedStyle(s).color);
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  });
  return {
    tokens: ratios.length,
    lowest: Math.min(...ratios),
    colours: new Set([...pre.querySelectorAll("span[class]")].map((s) => getComputedStyle(s).color)).size,
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
    preScrolls: pre.scrollWidth > pre.clientWidth,
    anchor: getComputedStyle(document.querySelector(".heading-anchor"), "::before").content,
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_code_on_a_phone_scrolls_in_its_column_in_readable_colours(small_site, page, scheme):
    """At 320 px, under the README's Content-Security-Policy: the page does not
    scroll sideways, the code block does, and every token is 4.5:1."""
    out, _log = small_site
    page.set_viewport_size({"width": 320, "height": 800})
    page.emulate_media(color_scheme=scheme)
    with served(out, csp=CSP) as base:
        page.goto(base + "/en/2025/06/kunci-ssh/")
        found = page.evaluate(CONTRAST)
    assert found["pageOverflow"] <= 0 and found["preScrolls"]
    assert found["tokens"] > 10 and found["colours"] >= 4, found
    assert found["lowest"] >= 4.5, found
    assert found["anchor"] == '"#"'
    assert page.console_errors == []


# The docs' examples --------------------------------------------------------------

GUIDES = ["README.md", "docs/writers-guide.md", "docs/panduan-penulis.md"]


@pytest.mark.parametrize("guide", GUIDES)
def test_the_markdown_example_in_each_guide_renders_as_it_says(converter, guide):
    text = (REPO / guide).read_text(encoding="utf-8")
    example = re.search(r"^````markdown\n(.*?)\n````$", text, re.M | re.S)[1]
    fence = re.search(r"^```sh\n(.*?)\n```$", example, re.M | re.S)[1]
    body = converter.convert(example, "articles/guide.id.md")
    document = parse(body.html)
    assert body.removed == ()
    assert document.pre.code.get_text() == fence + "\n"
    assert len(document.select("ul > li")) == 2
    assert document.select_one("sup a.footnote-ref") and document.select_one(".footnote li")
    if document.table:
        assert [c["class"] for c in document.table.tr.find_all("th")] == [
            ["align-left"],
            ["align-right"],
        ]


@pytest.mark.parametrize("guide", GUIDES[1:])
def test_the_html_example_in_each_writers_guide_passes_whole(converter, guide):
    text = (REPO / guide).read_text(encoding="utf-8")
    example = re.search(r"^```html\n(.*?)\n```$", text, re.M | re.S)[1]
    body = converter.convert(example, "articles/guide.id.md")
    document = parse(body.html)
    assert body.removed == ()
    assert document.figure.img and document.figure.figcaption
    frame = document.iframe
    assert frame["src"].startswith("https://www.youtube-nocookie.com/embed/")
    assert frame["loading"] == "lazy" and frame["sandbox"] and frame["title"]
    # Every figure the guide shows (the photo step's too) keeps its credit.
    blocks = re.findall(r"^( *)```html\n(.*?)\n\1```$", text, re.M | re.S)
    figures = [textwrap.dedent(block) for _indent, block in blocks if "<figure>" in block]
    assert len(figures) == 2
    for figure in figures:
        body = converter.convert(figure, "articles/guide.id.md")
        assert body.removed == ()
        assert parse(body.html).select_one("figure figcaption span.credit")


def test_ids_written_by_hand_never_repeat_or_take_the_themes(converter):
    text = '## Pembuka {#main}\n\nTeks.\n\n<p id="catatan">a</p>\n\n<p id="catatan">b</p>\n'
    ids = [t["id"] for t in parse(html(converter, text)).find_all(id=True)]
    assert "main" not in ids and len(ids) == len(set(ids)), ids


@pytest.mark.parametrize(
    "markup",
    [
        '<p id="a">x</p><p id="b">y</p><a href="/b#c">d</a>',
        'id="a" xid="a" id="b" data-id="c" éid="d" _id="" id="" id="e',  # not after a word character
        'text xid="a id="b" tail xhref="c href="d" e',  # a refused start inside a value
        'id="id="x"" id="id=" href="href="/x?y"',
        'href="x"href="y" -href="z" ĥhref="w" 9href="v"',
    ],
)
def test_id_and_link_patterns_match_as_with_a_leading_word_boundary(markup):
    # They put the boundary after the literal, for speed: same matches.
    assert ID.findall(markup) == re.findall(r'\bid="([^"]*)"', markup)
    assert LINK.findall(markup) == re.findall(r'\bhref="([^"#?]*)', markup)


def test_only_ids_the_pattern_finds_are_renamed():
    assert unique_ids('<b xid="a"></b><b id="a"></b>') == '<b xid="a"></b><b id="a"></b>'
    assert unique_ids('<b id="a"></b><b id="a"></b>') == '<b id="a"></b><b id="a-2"></b>'
    assert unique_ids('<b id="main"></b><b id="main-2">') == '<b id="main-2"></b><b id="main-2-2">'


def test_tabs_survive_in_a_fence_inside_a_quote(converter):
    document = parse(html(converter, "> ```make\n> all:\n> \techo hi\n> ```\n"))
    assert "\techo hi" in document.find("code").get_text()


def test_an_id_given_twice_or_a_themes_is_renamed_before_its_anchor_links_it(converter):
    """``{#hari}`` on two headings, or ``{#main}`` (the skip link's target):
    the heading keeps another id, and its anchor links that id with the
    heading's own name."""
    text = "## Senin {#hari}\n\nCerah.\n\n## Selasa {#hari}\n\nBerawan.\n\n## Utama {#main}\n"
    headings = parse(html(converter, text)).select("h2")
    assert [h["id"] for h in headings] == ["hari", "hari-2", "main-2"]
    for heading, name in zip(headings, ("Senin", "Selasa", "Utama"), strict=True):
        anchor = heading.select_one("a.heading-anchor")
        assert anchor["href"] == f"#{heading['id']}"
        assert anchor["aria-label"] == f"Tautan ke bagian “{name}”"
