"""`make status` advisories without false alarms (issue 15): code, URLs, IP
addresses, version numbers and log lines are neither figures nor English
paragraphs; scale words and their abbreviations count.

The unit tests call the figure and language checks on rendered Markdown the
way the status report does; the last tests run `status` on a realistic
Indonesian/English tech story pair written here.
"""

import json
from decimal import Decimal

import pytest
from markdown import Markdown

from bilingual.newsroom.__main__ import main as newsroom_main
from bilingual.newsroom.figures import figures
from bilingual.newsroom.langcheck import identify
from bilingual.newsroom.prose import prose_text
from bilingual.newsroom.status import language_findings
from bilingual.newsroom.stories import Variant
from conftest import REPO


def html(markdown_text):
    return Markdown(extensions=["markdown.extensions.extra"]).convert(markdown_text)


def figures_of(markdown_text, lang):
    return figures(prose_text(html(markdown_text)), lang)


def number(value, kind="number"):
    return (Decimal(value).normalize(), kind)


# Not figures ---------------------------------------------------------------------

NOT_FIGURES = {
    "inline code": "Jalankan `apt install nginx=1.24.0-1ubuntu1` lalu `sleep 30`.",
    "fenced code": "Perintahnya:\n\n```sh\n# port 8080\ncurl -I http://127.0.0.1:8080/\n```",
    "indented code": "Konfigurasi:\n\n    listen 443 ssl;\n    worker_connections 4096;",
    "URL": "Rinciannya di https://nginx.org/en/CHANGES-1.24 dan www.example.org/2025/07/x.",
    "e-mail": "Kirim laporan ke security2025@example.org.",
    "IPv4": "Server 127.0.0.1, 10.0.0.5:8080 dan jaringan 192.168.1.0/24 diblokir.",
    "IPv6": "Alamat ::1 dan fe80::1/64 juga.",
    "version after v": "Perbaikan ada di v2.19.0 dan V1.2.",
    "version word": "Gunakan versi 3.12 atau rilis 1.6.",
    "three-part version": "Paket openssl 3.0.13 dan nginx 1.24.0 sudah diperbarui.",
    "file path": "Ubah /etc/nginx/sites-available/app2 dan ~/.config/app3/settings.",
    "log lines": (
        "Jul  3 10:00:01 web1 sshd[2211]: Failed password for root from 203.0.113.9 port 52144\n"
        "2025-07-03 10:00:02,118 ERROR [worker-3] upstream timed out after 60s\n"
        "2025/07/03 10:00:03 [error] 1234#0: *5 connect() failed (111: Connection refused)\n"
        '10.0.0.7 - - [03/Jul/2025:10:00:04 +0700] "GET /api/v2 HTTP/1.1" 502 157\n'
        "[   12.345678] usb 1-1: new high-speed USB device number 2\n"
        "level=warn ts=2025-07-03T03:00:05Z msg=retry attempt=3"
    ),
}


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("text", NOT_FIGURES.values(), ids=NOT_FIGURES.keys())
def test_is_not_a_figure(text, lang):
    assert figures_of(text, lang) == set()


# Read as the same figure -----------------------------------------------------------

SAME = {
    "K and ribu": ("Sekitar 1,5 ribu server", "About 1.5K servers"),
    "lower-case k": ("naik 10 ribu", "up 10k"),
    "M and juta": ("2,3 juta pengguna", "2.3M users"),
    "B and miliar": ("$4 miliar", "$4B"),
    "bn": ("$4,5 miliar", "$4.5bn"),
    "Indonesian M is miliar": ("Rp5 M", "IDR 5 billion"),
    "jt and rb": ("Rp 2 jt dan Rp 500 rb", "Rp 2 million and Rp 500 thousand"),
    "triliun": ("Rp 2,5 triliun", "Rp 2.5 trillion"),
    "T": ("Rp 3 T", "Rp 3T"),
    "grouping": ("1.234.567 orang", "1,234,567 people"),
    "Ubuntu 20.04 is not 20:04": ("Ubuntu 20.04", "Ubuntu 20.04"),
    "Linux 6.4 is not 64": ("Linux 6.4", "Linux 6.4"),
    "clock with pukul": ("pukul 14.30 WIB", "at 14:30 WIB"),
    "clock range": ("08.00 hingga 16.00", "from 8:00 to 16:00"),
    "clock before a comma": ("pukul 20.15, lalu", "at 20:15, then"),
    "long grouping is no IP address": ("Rp 1.200.100.000", "Rp 1,200,100,000"),
    "a wrapped line that starts with a currency": (
        "Nilai ekspornya mencapai\n$ 14,3 miliar tahun lalu",
        "Exports were worth\n$ 14.3 billion last year",
    ),
}


@pytest.mark.parametrize(("indonesian", "english"), SAME.values(), ids=SAME.keys())
def test_figures_read_the_same_in_both_languages(indonesian, english):
    found = figures_of(indonesian, "id")
    assert found, indonesian
    assert found == figures_of(english, "en")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Linux 6.4", "id", {number("6.4")}),
        ("Ubuntu 20.04", "id", {number("20.04")}),
        ("1,5 ribu", "id", {number(1500)}),
        ("1.5K", "en", {number(1500)}),
        ("Rp5 M", "id", {number(5_000_000_000)}),
        ("$5M", "en", {number(5_000_000)}),
        ("naik 12,5%", "id", {number("12.5", "percent")}),
        ("pukul 14.30", "id", {number(14 * 60 + 30, "time")}),
        ("10.000.000 warga", "id", {number(10_000_000)}),
        ("5m and 64 MB", "en", {number(5), number(64)}),
    ],
)
def test_figure_values(text, lang, expected):
    assert figures_of(text, lang) == expected


@pytest.mark.parametrize(
    ("indonesian", "english"),
    [
        ("1,5 ribu", "15K"),
        ("Rp5 M", "5 million"),  # an Indonesian M is miliar
        ("pukul 14.30 WIB", "at 14:45 WIB"),
        ("1.200 pelanggan", "1.200 customers"),  # 1,200 in English
        ("Linux 6.4", "Linux 6.5"),
    ],
)
def test_real_differences_are_still_found(indonesian, english):
    assert figures_of(indonesian, "id") != figures_of(english, "en")


# Not English ---------------------------------------------------------------------

LOG_PARAGRAPH = (
    "Jul  3 10:00:01 web1 sshd[2211]: Failed password for invalid user admin from "
    "203.0.113.9 port 52144 ssh2\n"
    "Jul  3 10:00:03 web1 sshd[2211]: Connection closed by invalid user admin 203.0.113.9 "
    "port 52144 [preauth]\n"
    "2025-07-03 10:00:05 WARNING the worker has been restarted because it was not responding"
)


def test_log_lines_are_no_language():
    assert identify(LOG_PARAGRAPH) is None
    assert identify("This is the sentence that has been written in English.") == "en"


def findings(body, lang="id"):
    variant = Variant(f"articles/2025/x.{lang}.md", lang, {}, body)
    return language_findings(variant, html(body))


def test_code_and_logs_are_not_english_paragraphs_in_an_indonesian_story():
    body = "\n\n".join([
        "Peretas mencoba masuk ke server itu sejak pagi. Log yang tercatat:",
        LOG_PARAGRAPH,
        "Pesan `could not be resolved because the host was not found in the list` muncul.",
        "- Periksa layanan:\n\n    ```\n    this is what it would print if it were down\n    ```",
        "```text\nAn error occurred while the server was starting: it has been stopped\n```",
        "Setelah itu, tim keamanan memblokir alamat tersebut di firewall.",
    ])  # fmt: skip
    assert findings(body) == []


def test_an_english_paragraph_is_still_found_next_to_code():
    body = (
        "Tim keamanan memblokir alamat itu pada hari Senin, dan menurut mereka serangan itu"
        " tidak berhasil karena kata sandi yang dipakai sudah diganti sejak bulan lalu.\n\n"
        "```sh\nufw deny from 203.0.113.9\n```\n\n"
        "The team said that it will publish a full report on the incident by the end of the week."
    )
    (finding,) = findings(body)
    assert finding.startswith("articles/2025/x.id.md: paragraph 2 reads as 'en'")


# A realistic pair through `make status` ----------------------------------------------

INDONESIAN = """\
Title: Celah di Server Web, 1,5 Ribu Situs Terdampak
Date: 2025-07-03 09:00
Category: Teknologi
Tags: Keamanan

Sekitar 1,5 ribu situs di Indonesia masih menjalankan nginx 1.24.0 yang rentan,
menurut pemindaian yang dirilis Kamis pukul 14.30 WIB. Kerugian akibat serangan
serupa tahun lalu ditaksir Rp 2,5 miliar, dan 45,2% server yang dipindai belum
diperbarui sejak Ubuntu 20.04 dirilis.

Pembaruan untuk Linux 6.4 dan versi 3.12 dari pustaka itu sudah tersedia di
https://nginx.org/en/CHANGES-1.24 sejak 2 Juli. Layanan yang terdampak melayani
2,3 juta pengguna dan 1.200 pelanggan korporat, dengan nilai kontrak $4 miliar.

## Cara memeriksa

Jalankan perintah berikut di server Anda (ganti `<alamat_server>` dengan alamat
server, misalnya 10.0.0.5):

```sh
# periksa versi yang terpasang
nginx -v
curl -I http://127.0.0.1:8080/
sudo apt install nginx=1.26.1-1ubuntu1
```

Jika server diserang, log akan memuat baris seperti ini:

```text
2025/07/03 10:00:03 [error] 1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.9
```

Beberapa pembaca mengirim log SSH mereka tanpa format:

Jul  3 10:00:01 web1 sshd[2211]: Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2
Jul  3 10:00:03 web1 sshd[2211]: Connection closed by invalid user admin 203.0.113.9 port 52144 [preauth]

Alamat 192.168.1.0/24 dan ::1 aman karena tidak terjangkau dari luar. Tim
keamanan akan memperbarui 3 pusat data dalam 48 jam, pukul 08.00 hingga 16.00.
"""

ENGLISH = """\
Title: Web Server Flaw Leaves 1.5K Sites Exposed
Date: 2025-07-03 12:00
Category: Technology
Tags: Security

About 1.5K sites in Indonesia still run the vulnerable nginx 1.24.0, according
to a scan released on Thursday at 14:30 WIB. Losses from similar attacks last
year were estimated at Rp 2.5 billion, and 45.2% of the servers scanned have
not been updated since Ubuntu 20.04 came out.

Updates for Linux 6.4 and version 3.12 of the library have been available at
https://nginx.org/en/CHANGES-1.24 since 2 July. The affected services have
2.3M users and 1,200 corporate customers, with contracts worth $4B.

## How to check

Run the following on your server (replace `<server_address>` with the server's
address, for example 10.0.0.5):

```sh
# check the installed version
nginx -v
curl -I http://127.0.0.1:8080/
sudo apt install nginx=1.26.1-1ubuntu1
```

If the server is under attack, its log will have lines like this:

```text
2025/07/03 10:00:03 [error] 1234#0: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 203.0.113.9
```

Some readers sent their SSH logs unformatted:

Jul  3 10:00:01 web1 sshd[2211]: Failed password for invalid user admin from 203.0.113.9 port 52144 ssh2
Jul  3 10:00:03 web1 sshd[2211]: Connection closed by invalid user admin 203.0.113.9 port 52144 [preauth]

The addresses 192.168.1.0/24 and ::1 are safe because they cannot be reached
from outside. The security team will update 3 data centres within 48 hours,
from 08:00 to 16:00.
"""

SETTINGS = f"""import runpy

globals().update(
    (k, v) for k, v in runpy.run_path({str(REPO / "pelicanconf.py")!r}).items() if k.isupper()
)
PATH = "content"
"""


def status_advisories(tmp_path, capsys, files):
    for name, text in files.items():
        path = tmp_path / "content" / "articles" / "2025" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "settings.py").write_text(SETTINGS, encoding="utf-8")
    assert newsroom_main(["-s", str(tmp_path / "settings.py"), "status", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["advisories"]


def test_realistic_tech_story_pair_has_no_advisory(tmp_path, capsys):
    files = {"nginx-flaw.id.md": INDONESIAN, "nginx-flaw.en.md": ENGLISH}
    assert status_advisories(tmp_path, capsys, files) == []


def test_realistic_pair_with_a_changed_figure_has_one_advisory(tmp_path, capsys):
    """The pair above is not clean by accident: one changed figure shows."""
    files = {
        "nginx-flaw.id.md": INDONESIAN,
        "nginx-flaw.en.md": ENGLISH.replace("45.2% of the servers", "42.5% of the servers"),
    }
    assert status_advisories(tmp_path, capsys, files) == [
        "articles/2025/nginx-flaw: figures in 'en' but not in 'id': 42.5%",
        "articles/2025/nginx-flaw: figures in 'id' but not in 'en': 45.2%",
    ]


def test_the_realistic_fixture_corpus_has_no_figure_or_language_advisory(capsys):
    """tests/realistic: code, logs, IP addresses, versions and figures in both
    number formats across 33 stories. Its tags pair by inference, so only
    the term-mapping advice may appear."""
    from bilingual.newsroom.__main__ import status

    assert status(str(REPO / "pelicanconf.py"), True, False, str(REPO / "tests/realistic")) == 0
    advisories = json.loads(capsys.readouterr().out)["advisories"]
    assert [a for a in advisories if not a.startswith(("tag: term", "category: term"))] == []


def test_status_pairs_categories_and_tags_as_the_build_does():
    """A category is one name, whatever its punctuation (Pelican does not
    split it), and terms are compared by the slugs of their URLs: the
    build pairs Hukum, HAM with Law, Human Rights and says nothing."""
    from pelican.settings import read_settings

    from bilingual.newsroom.status import term_conflicts
    from bilingual.newsroom.stories import Story
    from bilingual.settings import configure

    settings = configure(read_settings(str(REPO / "pelicanconf.py")))

    def pair(key, id_header, en_header):
        story = Story(key, "article")
        story.variants["id"] = Variant(f"articles/{key}.id.md", "id", id_header, "")
        story.variants["en"] = Variant(f"articles/{key}.en.md", "en", en_header, "")
        return story

    stories = {
        "sidang": pair(
            "sidang",
            {"category": "Hukum, HAM", "tags": "Sidang Umum"},
            {"category": "Law, Human Rights", "tags": "General Hearing"},
        ),
        "gunung": pair(
            "gunung",
            {"category": "Wisata; Alam", "tags": "Jawa Timur, Pendakian"},
            {"category": "Travel; Nature", "tags": "East Java, Hiking"},
        ),
    }
    expected = [
        "tag: term 'east-java' (en) could match any of jawa-timur, pendakian (id);"
        " add it to BILINGUAL_TERMS",
        "tag: term 'hiking' (en) could match any of jawa-timur, pendakian (id);"
        " add it to BILINGUAL_TERMS",
    ]
    assert term_conflicts(stories, settings, ["id", "en"]) == expected
    # The build pairs terms across listed stories only: a draft translation,
    # a hidden or scheduled original, adds no advice.
    unlisted = {
        "draft": ({}, {"status": "draft"}),
        "hidden": ({"status": "hidden"}, {}),
        "scheduled": ({"date": "2999-01-01 10:00"}, {}),
    }
    for key, (id_extra, en_extra) in unlisted.items():
        stories[key] = pair(
            key,
            {"category": "Kota", "tags": "Pasar, Banjir", **id_extra},
            {"category": "City", "tags": "Market, Floods", **en_extra},
        )
    assert term_conflicts(stories, settings, ["id", "en"]) == expected
