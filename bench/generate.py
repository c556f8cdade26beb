"""A deterministic synthetic bilingual corpus in our content layout.

    python bench/generate.py N OUT

writes N story pairs under OUT/articles/<year>/ (about 10% of stories in one
language only), two pages, and one shared image. Stories run 500-900 words
with headings, lists, links and an image reference; ~8 categories and ~40
tags are named per language, ~5 authors write them, and dates spread over
several years. The same N always gives the same files.
"""

import random
import struct
import sys
import zlib
from datetime import datetime, timedelta
from pathlib import Path

CATEGORIES = [
    ("Politik", "Politics"), ("Ekonomi", "Economy"), ("Teknologi", "Technology"),
    ("Olahraga", "Sports"), ("Budaya", "Culture"), ("Kesehatan", "Health"),
    ("Lingkungan", "Environment"), ("Pendidikan", "Education"),
]  # fmt: skip
TAG_WORDS = [
    ("Banjir", "Floods"), ("Pemilu", "Elections"), ("Inflasi", "Inflation"),
    ("Sepak Bola", "Football"), ("Bulu Tangkis", "Badminton"), ("Kereta", "Railways"),
    ("Pangan", "Food"), ("Energi", "Energy"), ("Pariwisata", "Tourism"), ("Sekolah", "Schools"),
    ("Rumah Sakit", "Hospitals"), ("Hutan", "Forests"), ("Laut", "Oceans"), ("Pajak", "Taxes"),
    ("Ekspor", "Exports"), ("Startup", "Startups"), ("Internet", "Internet"), ("Film", "Film"),
    ("Musik", "Music"), ("Batik", "Batik"), ("Jakarta", "Jakarta"), ("Bali", "Bali"),
    ("Papua", "Papua"), ("Sumatra", "Sumatra"), ("Kalimantan", "Kalimantan"), ("Iklim", "Climate"),
    ("Vaksin", "Vaccines"), ("Universitas", "Universities"), ("Pertanian", "Agriculture"),
    ("Nelayan", "Fishers"), ("Transportasi", "Transport"), ("Perumahan", "Housing"),
    ("Anggaran", "Budget"), ("Korupsi", "Corruption"), ("Pengadilan", "Courts"),
    ("Polusi", "Pollution"), ("Gempa", "Earthquakes"), ("Olimpiade", "Olympics"),
    ("Kopi", "Coffee"), ("Kuliner", "Cuisine"),
]  # fmt: skip
AUTHORS = ["Sari Wulandari", "Budi Santoso", "Rina Kusuma", "Agus Pratama", "Dewi Lestari"]
SENTENCES = {
    "id": [
        "Pemerintah daerah menyatakan bahwa program ini akan dilanjutkan tahun depan.",
        "Warga di sekitar lokasi mengatakan mereka belum menerima informasi yang jelas.",
        "Para pengamat menilai langkah tersebut cukup berani tetapi masih perlu diuji.",
        "Data terbaru menunjukkan kenaikan yang konsisten selama tiga bulan terakhir.",
        "Rapat lanjutan dijadwalkan berlangsung pada pekan depan di balai kota.",
        "Sejumlah pelaku usaha berharap kebijakan ini tidak berubah di tengah jalan.",
        "Anggaran untuk kegiatan tersebut sudah disetujui oleh dewan pada bulan lalu.",
        "Menurut panitia, jumlah peserta tahun ini jauh lebih banyak dari perkiraan.",
    ],
    "en": [
        "The regional government said the programme will continue next year.",
        "Residents near the site said they had not yet received clear information.",
        "Observers said the step was bold but still needed to be tested.",
        "The latest data show a steady rise over the past three months.",
        "A follow-up meeting is scheduled for next week at the city hall.",
        "Several business owners hope the policy will not change midway.",
        "The budget for the activity was approved by the council last month.",
        "According to the organisers, far more people took part this year than expected.",
    ],
}
HEADINGS = {"id": ["Latar Belakang", "Tanggapan Warga", "Langkah Berikutnya"],
            "en": ["Background", "Residents Respond", "Next Steps"]}  # fmt: skip


def png(width=64, height=36):
    """A small valid PNG: the one image every story refers to."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\x90\x60\x40" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def body(rng, lang, words):
    """Markdown of about ``words`` words: paragraphs, headings, a list, links, an image."""
    parts, count, heading = [], 0, 0
    while count < words:
        if count and heading < len(HEADINGS[lang]) and rng.random() < 0.25:
            parts.append(f"## {HEADINGS[lang][heading]}")
            heading += 1
        paragraph = " ".join(rng.choice(SENTENCES[lang]) for _ in range(rng.randint(3, 6)))
        if rng.random() < 0.2:
            paragraph += (
                f" [{'Selengkapnya' if lang == 'id' else 'More'}](https://example.org/{count})."
            )
        parts.append(paragraph)
        count += len(paragraph.split())
        if len(parts) == 3:
            parts.append(
                "!["
                + ("Ilustrasi" if lang == "id" else "Illustration")
                + "]({static}/images/bench.png)"
            )
        if len(parts) == 5:
            parts.append("\n".join(f"- {rng.choice(SENTENCES[lang])}" for _ in range(3)))
    return "\n\n".join(parts) + "\n"


def story(rng, lang, n, date, category, tags, authors, words):
    names = 0 if lang == "id" else 1
    title = (
        ("Laporan" if lang == "id" else "Report")
        + f" {n}: "
        + rng.choice(SENTENCES[lang])[:48].rsplit(" ", 1)[0]
    )
    return (
        f"Title: {title.rstrip('. ')}\nSlug: story-{n}\nDate: {date:%Y-%m-%d %H:%M}\n"
        f"Category: {category[names]}\nTags: {', '.join(t[names] for t in tags)}\n"
        f"Authors: {', '.join(authors)}\nSummary: {rng.choice(SENTENCES[lang])}\n\n"
        + body(rng, lang, words)
    )


def generate(n, out):
    rng = random.Random(n)
    out = Path(out)
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "images" / "bench.png").write_bytes(png())
    (out / "pages").mkdir(exist_ok=True)
    (out / "pages" / "about.id.md").write_text("Title: Tentang\nSlug: tentang\n\nSitus uji.\n")
    (out / "pages" / "about.en.md").write_text("Title: About\nSlug: about\n\nA test site.\n")
    start = datetime(2019, 1, 1, 8, 0)
    span = (datetime(2025, 12, 31) - start).total_seconds()
    for i in range(n):
        date = start + timedelta(seconds=int(span * i / n) + rng.randint(0, 3600))
        category = rng.choice(CATEGORIES)
        tags = rng.sample(TAG_WORDS, rng.randint(2, 4))
        authors = rng.sample(AUTHORS, rng.choice([1, 1, 1, 2]))
        words = rng.randint(500, 900)
        folder = out / "articles" / str(date.year)
        folder.mkdir(parents=True, exist_ok=True)
        langs = ["id", "en"]
        if rng.random() < 0.1:  # one language only
            langs = [rng.choice(["id", "id", "en"])]
        for lang in langs:
            text = story(
                random.Random(f"{n}-{i}-{lang}"), lang, i, date, category, tags, authors, words
            )
            (folder / f"story-{i}.{lang}.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2])
