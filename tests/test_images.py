"""Photos done like a newsroom (issue 14), checked on a small built site
whose images are made here with Pillow: a camera JPEG with GPS, serial and
software tags turned a quarter by its EXIF orientation, a PNG screenshot, a
photo narrower than every width, a GIF and an SVG.

Two builds share one image cache: the second must link the first's files
(the same inodes: nothing encoded again) and give the same bytes."""

import io
import json
import os
import re
import shutil
import struct
import zlib
from pathlib import Path
from urllib.parse import unquote, urljoin
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw
from PIL.ExifTags import IFD

from conftest import build_site, jpeg, resolve, soup, write_files

SERIAL = "SN-4242-SECRET"
SOFTWARE = "PhotoEditor 9.1"
STORY = "Title: {title}\nDate: 2026-03-0{day} 09:00\nCategory: Kota\n{extra}\n{body}\n"
RASTER = (".jpg", ".png", ".webp", ".avif")
STALE = "kamera-480w.webp"  # a derivative the replaced site holds other bytes for


def camera_photo() -> bytes:
    """1000×700 stored, shown 700×1000 (orientation 6), with location,
    camera serial, software and XMP."""
    picture = Image.linear_gradient("L").resize((1000, 700)).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6  # turned a quarter
    exif[0x010F], exif[0x0110], exif[0x0131] = "Canon", "EOS R5", SOFTWARE
    exif.get_ifd(IFD.Exif)[0xA431] = SERIAL  # BodySerialNumber
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[1], gps[2], gps[3], gps[4] = "S", (6.0, 10.0, 30.0), "E", (106.0, 49.0, 0.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, xmp=xmp, quality=80)
    return out.getvalue()


def screenshot() -> bytes:
    shot = Image.new("RGB", (600, 400), "white")
    draw = ImageDraw.Draw(shot)
    for y in range(10, 400, 24):
        draw.text((10, y), "$ make html  # built in 1.2 s", fill="black")
    out = io.BytesIO()
    shot.save(out, "PNG")
    return out.getvalue()


def flat_screenshot(width: int, height: int) -> bytes:
    """A terminal's worth of text on a flat ground: a few colours, which
    resampling turns into many shades."""
    shot = Image.new("RGB", (width, height), (250, 250, 250))
    draw = ImageDraw.Draw(shot)
    draw.rectangle([0, 0, width, 30], fill=(40, 60, 120))
    for y in range(40, height, 18):
        draw.text((8, y), "warta$", fill=(0, 130, 60))
        draw.text((60, y), "make html  # 42 stories, 7 photos, built in 1.2 s", fill=(20, 20, 20))
    draw.rectangle([width - 120, 40, width - 20, 140], fill=(210, 80, 40))
    out = io.BytesIO()
    shot.save(out, "PNG")
    return out.getvalue()


def saved(picture: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    picture.save(out, fmt)
    return out.getvalue()


def chart(width: int, height: int) -> Image.Image:
    """Bars on a white ground, as an agency's TIFF or an old BMP export."""
    picture = Image.new("RGB", (width, height), "white")
    for i in range(4):
        ImageDraw.Draw(picture).rectangle(
            [20 + i * width // 4, height // (i + 2), 60 + i * width // 4, height],
            fill=(200, 40 * i, 60),
        )
    return picture


def gif() -> bytes:
    out = io.BytesIO()
    frames = [Image.new("P", (8, 8), c) for c in (1, 2)]
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def story(title: str, day: int, extra: str = "", body: str = "Isi berita.") -> str:
    return STORY.format(title=title, day=day, extra=extra, body=body)


FILES = {
    "images/kamera.jpg": camera_photo(),
    "images/layar.png": screenshot(),
    "images/kecil.jpg": jpeg(300, 200),
    "images/putar.gif": gif(),
    "images/alur.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>',
    "articles/2026/foto.id.md": story(
        "Foto dari lapangan",
        3,
        "Image: images/kamera.jpg\nImage_Alt: Pasar pagi\n",
        "Teks.\n\n![Layar](images/layar.png)\n\n![Kecil](/images/kecil.jpg)\n\n"
        "![Putar](images/putar.gif)\n\n![Alur]({static}/images/alur.svg)\n",
    ),
    "articles/2026/tanpa-foto.id.md": story("Berita tanpa foto yang judulnya panjang", 2),
    "articles/2026/lama.id.md": story(
        "Berita lama", 1, 'Image: images/kecil.jpg\nImage_Caption: Pasar "lama" <b>&</b>\n'
    ),
    # No hero: its first body image is the likeliest largest paint. Older
    # than the others, so the home page's lead keeps its photo.
    "images/pindai.tif": saved(chart(640, 360), "TIFF"),
    "images/peta.bmp": saved(chart(300, 200), "BMP"),
    "articles/2026/tanpa-sampul.id.md": "Title: Grafik tanpa foto utama\nDate: 2026-02-27 09:00\n"
    "Category: Kota\n\nTeks.\n\n![Pindai](images/pindai.tif)\n\n![Peta](images/peta.bmp)\n\n"
    "![Alur](images/alur.svg)\n",
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Two builds of the same content with one image cache. The second
    finds a site it replaced before in its build cache: a copy of the
    first (hard links, as the driver leaves it) where a derivative was
    since replaced by other bytes, with a stray file and an empty folder."""
    root = tmp_path_factory.mktemp("images")
    content = write_files(root / "content", FILES)
    extra = {"CACHE_PATH": str(root / "cache")}
    result = build_site(content, root / "first", extra=extra, search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    previous = root / "second.cache" / "previous-site"
    shutil.copytree(root / "first", previous, copy_function=os.link)
    (previous / "images" / STALE).unlink()
    (previous / "images" / STALE).write_bytes(b"not this picture")
    (previous / "images" / "sisa-480w.webp").write_bytes(b"left over")
    (previous / "images" / "kosong").mkdir()
    result = build_site(content, root / "second", extra=extra, search=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "first", root / "second"


@pytest.fixture(scope="module")
def site(builds):
    return builds[0]


def images_of(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.suffix in RASTER]


def test_no_published_image_carries_location_camera_or_software(site):
    published = images_of(site)
    assert len(published) >= 19, published  # originals, renditions and cards
    for path in published:
        data = path.read_bytes()
        with Image.open(path) as picture:
            assert not picture.getexif(), path
            assert "xmp" not in picture.info and "exif" not in picture.info, path
        for secret in (b"Exif\x00", b"GPS", SERIAL.encode(), SOFTWARE.encode(), b"xmpmeta"):
            assert secret not in data, (path, secret)


def test_the_orientation_is_applied_before_the_metadata_goes(site):
    with Image.open(site / "images" / "kamera.jpg") as original:
        assert original.size == (700, 1000)


def test_renditions_exist_at_their_stated_widths_and_never_upscaled(site):
    url = "/2026/03/foto/"
    page = soup(site / "2026" / "03" / "foto" / "index.html")
    pictures = page.select("article.story picture")
    assert len(pictures) == 3  # hero, screenshot, small photo; not the GIF or the SVG
    widths = {}
    for picture in pictures:
        img = picture.img
        for tag in [*picture.select("source"), img]:
            for candidate in tag["srcset"].split(", "):
                address, descriptor = candidate.split()
                file = site / unquote(resolve(url, address)).lstrip("/")
                with Image.open(file) as rendition:
                    assert f"{rendition.width}w" == descriptor, file
                    assert rendition.width <= int(img["width"]), file
                widths.setdefault(img["alt"], set()).add(int(descriptor[:-1]))
    # The screenshot's 480 px PNG and WebP each weigh more than its 600 px
    # ones: a phone takes the 600 px file (image_encoding.lightest_only).
    assert widths == {"Pasar pagi": {480, 700}, "Layar": {600}, "Kecil": {300}}
    assert not list(site.glob("images/layar-480w.*"))
    types = [[s["type"] for s in p.select("source")] for p in pictures]
    assert types == [["image/avif", "image/webp"], ["image/webp"], ["image/avif", "image/webp"]]


def test_cards_offer_the_hero_cropped_to_their_16_by_9_shape(site):
    """A card shows its image at 16:9 (object-fit: cover): it offers the
    centred crop, so a phone downloads no pixel the card hides."""
    home = soup(site / "index.html")
    cards = home.select("article.card picture")
    assert len(cards) == 2  # the portrait kamera.jpg (700×1000) and kecil.jpg (300×200)
    widths = {}
    for picture in cards:
        img = picture.img
        assert abs(int(img["width"]) * 9 - int(img["height"]) * 16) < 16, img
        for tag in [*picture.select("source"), img]:
            for candidate in tag["srcset"].split(", "):
                address, descriptor = candidate.split()
                file = site / unquote(resolve("/", address)).lstrip("/")
                with Image.open(file) as crop:
                    assert f"{crop.width}w" == descriptor, file
                    assert abs(crop.width * 9 - crop.height * 16) < 16, (file, crop.size)
                widths.setdefault(img["src"].rsplit("/", 1)[1], set()).add(crop.width)
    assert widths == {"kamera-700x394.jpg": {480, 700}, "kecil-300x169.jpg": {300}}
    story = soup(site / "2026" / "03" / "foto" / "index.html")  # the hero itself is whole
    assert story.select_one("figure.hero img")["height"] == "1000"


def test_the_card_crop_is_the_middle_of_the_picture():
    from bilingual.renditions import ImageSettings, plan

    portrait = plan("images/a.jpg", 700, 1000, ImageSettings(), hero=True)
    assert portrait.crop_box() == (0, 303, 700, 697) and portrait.crop_widths == (480, 700)
    panorama = plan("images/b.jpg", 2100, 600, ImageSettings(), hero=True)
    assert panorama.crop_box() == (516, 0, 1583, 600)
    assert panorama.crop_widths == (480, 720, 960, 1067)
    assert plan("images/c.jpg", 2100, 600, ImageSettings()).crop_widths == ()


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def test_a_16_bit_scan_keeps_its_greys():
    """A 16-bit greyscale PNG (scanners, photo editors) is scaled to 8 bits,
    not clipped: converted as it came, everything above 1/256 of white was white."""
    from bilingual.image_encoding import derive
    from bilingual.renditions import ORIGINAL, ImageSettings, plan

    scan = Image.new("I;16", (64, 4))
    scan.putdata([x * 1024 for x in range(64)] * 4)  # 0 … 64,512: black to white
    published = derive(
        _png(scan), plan("images/pindai.png", 64, 4, ImageSettings()), ImageSettings()
    )
    with Image.open(io.BytesIO(published[ORIGINAL])) as picture:
        row = [picture.convert("L").getpixel((x, 0)) for x in (0, 16, 32, 63)]
    assert row == [0, 63, 127, 251], row


def test_a_transparent_hero_gets_a_white_social_card_not_a_black_one():
    from bilingual.image_encoding import hero_files
    from bilingual.renditions import ImageSettings, plan

    chart = Image.new("RGBA", (800, 420), (0, 0, 0, 0))  # a chart on a transparent ground
    ImageDraw.Draw(chart).rectangle([350, 100, 450, 420], fill=(30, 100, 200, 255))
    hero = plan("images/grafik.png", 800, 420, ImageSettings(), hero=True)
    files = hero_files(_png(chart), hero, ImageSettings(), "card")
    with Image.open(io.BytesIO(files["card"])) as card:
        assert card.size == (1200, 630)
        assert min(card.getpixel((20, 20))) > 245, card.getpixel((20, 20))  # the ground
        assert card.getpixel((600, 500))[2] > 150  # the bar


def test_a_chart_of_few_colours_is_published_with_a_palette_of_those_colours():
    """Padded to 256 entries, the palette took 8 bits a pixel: the clean
    copy of a 6-colour chart came out larger than the file it was made from."""
    from bilingual.image_encoding import encode
    from bilingual.renditions import ImageSettings

    chart = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    for i in range(5):
        ImageDraw.Draw(chart).rectangle(
            [i * 120, 100, i * 120 + 80, 400], fill=(30, 60 + i * 40, 200, 255)
        )
    published = encode(chart, "png", False, ImageSettings(), b"")
    with Image.open(io.BytesIO(published)) as picture:
        assert picture.mode == "P" and len(picture.getpalette() or []) <= 6 * 3
        assert picture.convert("RGBA").getpixel((30, 200))[:3] == (30, 60, 200)
    assert len(published) < len(_png(chart))


def test_svg_and_gif_pass_through_untouched(site):
    for name in ("putar.gif", "alur.svg"):
        assert (site / "images" / name).read_bytes() == FILES[f"images/{name}"]
    page = soup(site / "2026" / "03" / "foto" / "index.html")
    assert page.select_one('img[alt="Putar"]').find_parent("picture") is None


def test_the_first_image_is_fetched_first_and_every_other_lazily(site):
    story = soup(site / "2026" / "03" / "foto" / "index.html")
    home = soup(site / "index.html")
    section = soup(site / "kategori" / "kota" / "index.html")  # a listing: no lead, cards only
    firsts = [
        story.select_one("figure.hero img"),
        home.select_one(".card-lead img"),
        section.select_one(".card img"),
    ]
    for img in firsts:
        assert img["fetchpriority"] == "high" and "loading" not in img.attrs, img
    pages = (story, home, section)
    others = [i for page in pages for i in page.select("main img") if i not in firsts]
    assert len(others) >= 5
    for img in others:
        assert (img["loading"], img["decoding"]) == ("lazy", "async"), img
    for img in [i for page in pages for i in page.select("img")]:
        assert img.get("width") and img.get("height"), img


def test_a_story_without_a_hero_loads_its_first_body_image_at_once(site):
    """Its first body image is the likeliest largest paint: lazy, it would
    wait for layout. It is eager but not fetchpriority="high" (it may sit
    below paragraphs); every later image stays lazy, and so does the first
    body image of a story with a hero."""
    page = soup(site / "2026" / "02" / "tanpa-sampul" / "index.html")
    assert page.select_one("figure.hero") is None
    first, *others = page.select(".story-body img")
    assert first["alt"] == "Pindai" and first.find_parent("picture")
    assert first["loading"] == "eager" and "fetchpriority" not in first.attrs
    assert [(i["alt"], i["loading"]) for i in others] == [("Peta", "lazy"), ("Alur", "lazy")]
    illustrated = soup(site / "2026" / "03" / "foto" / "index.html")
    assert illustrated.select_one(".story-body img")["loading"] == "lazy"


def test_a_tiff_or_bmp_is_offered_in_png_never_in_its_own_format(site):
    """Only Safari shows a TIFF and a BMP comes uncompressed: the <img> and
    its srcset name PNG files (the sources are graphics), which exist at
    their stated widths; the original is still published under its name."""
    url = "/2026/02/tanpa-sampul/"
    page = soup(site / "2026" / "02" / "tanpa-sampul" / "index.html")
    for alt, original in (("Pindai", "pindai.tif"), ("Peta", "peta.bmp")):
        img = page.select_one(f'img[alt="{alt}"]')
        addresses = [img["src"], *(c.split()[0] for c in img["srcset"].split(", "))]
        for address in addresses:
            assert address.endswith(".png"), address
            with Image.open(site / unquote(resolve(url, address)).lstrip("/")) as fallback:
                assert fallback.format == "PNG"
        for candidate in img.find_parent("picture").source["srcset"].split(", "):
            assert candidate.split()[0].endswith(".webp"), candidate
        with Image.open(site / "images" / original) as published:
            assert published.format == ("TIFF" if original.endswith(".tif") else "BMP")


def test_a_feed_offers_a_tiff_or_bmp_as_its_web_rendition(site):
    """A feed reader shows the plain <img>: it names the PNG the page's
    <img> names, not the original that only Safari shows (or uncompressed)."""
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(site / "feeds" / "all.atom.xml").getroot()
    (entry,) = [e for e in feed.iter(f"{atom}entry") if "Grafik" in e.findtext(f"{atom}title")]
    body = BeautifulSoup(entry.findtext(f"{atom}content"), "html.parser")
    page = soup(site / "2026" / "02" / "tanpa-sampul" / "index.html")
    for alt in ("Pindai", "Peta"):
        src = resolve("/", body.select_one(f'img[alt="{alt}"]')["src"])  # from the site's root
        shown = resolve("/2026/02/tanpa-sampul/", page.select_one(f'img[alt="{alt}"]')["src"])
        assert src.endswith(".png") and src == shown, src
        assert (site / unquote(src).lstrip("/")).is_file(), src


def test_a_published_feed_names_the_web_rendition_under_the_site_url():
    from bilingual.feeds import _web_images
    from bilingual.renditions import ImageSettings, plan, web_fallbacks

    plans = {
        p: plan(p, 640, 360, ImageSettings())
        for p in ("images/a b.tif", "images/c.bmp", "images/d.png")
    }
    web = web_fallbacks(plans)
    assert web == {"images/a%20b.tif": "images/a%20b-640w.png", "images/c.bmp": "images/c-640w.png"}
    body = (
        '<img src="https://x.org/news/images/a%20b.tif"><a href="https://x.org/news/images/c.bmp">'
    )
    assert _web_images(body, "https://x.org/news", web) == (
        '<img src="https://x.org/news/images/a%20b-640w.png"><a href="https://x.org/news/images/c.bmp">'
    )


def test_a_tiff_or_bmp_falls_back_to_jpeg_for_a_photo_and_png_for_a_graphic():
    """The fallback is named by the plan, made by the encoder and part of
    the cache key (``shape``): an entry made when a TIFF fell back to TIFF
    is never taken for the PNG one."""
    from bilingual.image_encoding import derive
    from bilingual.renditions import ORIGINAL, ImageSettings, Plan, plan

    settings = ImageSettings(widths=(240, 480))
    for name, fmt in (("pindai.tif", "TIFF"), ("peta.BMP", "BMP")):
        graphic = plan(f"images/{name}", 320, 180, settings)
        assert graphic.fallback == "png" and graphic.shape().endswith("|png")
        assert {n.rsplit(".", 1)[1] for n in graphic.roles().values()} == {"webp", "png", name[-3:]}
        photo = Plan(f"images/{name}", 320, 180, True, (240, 320), ("avif", "webp"))
        assert photo.fallback == "jpg" and photo.shape() != graphic.shape()
        for made in (derive(saved(chart(320, 180), fmt), p, settings) for p in (graphic, photo)):
            with Image.open(io.BytesIO(made[ORIGINAL])) as original:
                assert original.format == fmt and original.size == (320, 180)
                if fmt == "TIFF":  # compressed, losslessly: written raw it outweighed the source
                    assert original.info["compression"] == "tiff_adobe_deflate"
                    assert original.tobytes() == chart(320, 180).tobytes()
                    assert len(made[ORIGINAL]) < len(saved(chart(320, 180), fmt)) / 10
        with Image.open(io.BytesIO(made["320w.jpg"])) as fallback:
            assert fallback.format == "JPEG" and fallback.size == (320, 180)


def _fallback_weights(made: dict[str, bytes]) -> list[tuple[int, int]]:
    """(width, bytes) of each PNG rendition made, narrowest first."""
    return sorted((int(r.split("w.")[0]), len(b)) for r, b in made.items() if r.endswith("w.png"))


def test_a_resized_screenshot_never_weighs_more_than_a_wider_file():
    """Resampling a flat screenshot adds shades: a narrower PNG in full
    colour weighed many times the original. A graphic of few colours gets
    the smaller of a palette and full colour, and a fallback width still
    heavier than a wider file (or the whole picture) is not made, nor
    offered: the browser takes the wider, lighter one. The same pixels give
    the same bytes, from a PNG or a TIFF."""
    from bilingual.image_encoding import derive, encode, hero_files
    from bilingual.picture import picture_markup
    from bilingual.renditions import ORIGINAL, ImageSettings, plan

    widths = (160, 240, 320, 480)
    settings = ImageSettings(widths=widths, card_widths=widths, formats=())  # PNG only: faster
    data = flat_screenshot(640, 360)
    with Image.open(io.BytesIO(data)) as source:
        assert source.getcolors(256), "a source of few colours"
        resized = source.resize((240, 135), Image.Resampling.LANCZOS)
        scan = saved(source, "TIFF")  # the same pixels from an agency
    assert resized.getcolors(256) is None  # resampling added shades
    full, palette = (encode(resized, "png", False, settings, b"", few) for few in (False, True))
    assert len(palette) < len(full)
    graphic = plan("images/layar.png", 640, 360, settings, hero=True)
    made = derive(data, graphic, settings)
    pngs = _fallback_weights(made)
    assert pngs[-1] == (640, len(made[ORIGINAL]))  # the 480 px one weighed more: the original
    assert len(pngs) < len(widths), "no width was left out"
    assert [b for _, b in pngs] == sorted({b for _, b in pngs}), "a narrower file is lighter"
    from_tiff = derive(scan, plan("images/layar.tif", 640, 360, settings), settings)
    assert {r: b for r, b in from_tiff.items() if r != ORIGINAL} == {
        r: b for r, b in made.items() if r != ORIGINAL
    }
    crops = hero_files(data, graphic, settings, "card")
    weights = [len(crops[r]) for r in graphic.crop_roles() if r.endswith(".png") and r in crops]
    assert len(weights) > 1 and weights == sorted(set(weights))
    offered = graphic.encoded(made, crops)
    markup = BeautifulSoup(picture_markup(offered, "", "100vw", "lazy", {"alt": ""}), "html.parser")
    listed = [c.split() for c in markup.img["srcset"].split(", ")]
    assert [int(w[:-1]) for _, w in listed] == [w for w, _ in pngs]
    assert markup.img["src"] in {address for address, _ in listed}


def test_each_story_has_a_1200_by_630_social_card(site):
    for path, card in [("2026/03/foto/", "kamera-og.jpg"), ("2026/03/tanpa-foto/", ".png")]:
        page = soup(site / path / "index.html")
        address = page.select_one('meta[property="og:image"]')["content"]
        assert address.endswith(card), address
        size = [page.select_one(f'meta[property="og:image:{k}"]')["content"] for k in ("width", "height")]  # fmt: skip
        assert size == ["1200", "630"]
        file = site / unquote(urljoin(f"/{path}", address)).lstrip("/")
        with Image.open(file) as picture:
            assert picture.size == (1200, 630)
        twitter = page.select_one('meta[name="twitter:card"]')["content"]
        assert twitter == "summary_large_image"
        (data,) = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
        assert data["image"] == [address]  # the card, drawn ones too


def test_a_social_card_says_what_it_shows(site):
    """og:image:alt and twitter:image:alt: a hero's alt text (else its
    caption, escaped), a drawn card's headline, the site's own image's name."""
    expected = {
        "2026/03/foto/": "Pasar pagi",
        "2026/03/tanpa-foto/": "Berita tanpa foto yang judulnya panjang",
        "2026/03/lama/": 'Pasar "lama" <b>&</b>',
        "": "Warta",
    }
    for path, alt in expected.items():
        page = soup(site / path / "index.html")
        said = [
            page.select_one('meta[property="og:image:alt"]')["content"],
            page.select_one('meta[name="twitter:image:alt"]')["content"],
        ]
        assert said == [alt, alt], path


def test_a_rebuild_reuses_the_cache_and_gives_the_same_bytes(builds):
    first, second = builds
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    # Both builds link the one cached file: the second encoded nothing.
    for path in images_of(first / "images") + images_of(first / "og"):
        assert path.stat().st_ino == (second / path.relative_to(first)).stat().st_ino, path


def test_a_rebuild_takes_over_the_image_folders_of_the_site_it_replaced(builds):
    """The second build moved the replaced site's image folders into its own
    output (the equality above: only the right files, the stale one linked
    again); the rest of that site waits in the cache for the next build."""
    _first, second = builds
    previous = second.with_name("second.cache") / "previous-site"
    assert not (previous / "images").exists() and not (previous / "og").exists()
    assert (previous / "index.html").is_file()
    assert not (second / "images" / "kosong").exists()
    assert (second / "images" / STALE).read_bytes() != b"not this picture"


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width``×``height`` pixels and holds none."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def test_a_bomb_a_truncated_file_and_a_lying_name_stop_the_build(tmp_path):
    whole = camera_photo()
    body = "Teks.\n\n![Bom](images/bom.png)\n\n![Palsu](images/palsu.jpg)\n"
    content = write_files(
        tmp_path / "content",
        {
            "images/bom.png": _png_header(40_000, 40_000),
            "images/putus.jpg": whole[: len(whole) // 2],
            "images/palsu.jpg": FILES["images/layar.png"],
            "articles/2026/rusak.id.md": story("Rusak", 4, "", body + CUT_SVG_BODY),
            "images/alur-putus.svg": SVG_CUT_IN_ROOT,
            # Published as it is, so opening it read only its header.
            "images/putar-putus.gif": animated_gif()[:-200],
            "articles/2026/putus.id.md": story("Putus", 5, "Image: images/putus.jpg\n"),
            # Refused by the reader for its body image: its hero, found broken
            # only when encoded, is still named at its line.
            "images/rusak-terpotong.jpg": whole[: len(whole) // 2],
            "images/sebenarnya-png.jpg": FILES["images/layar.png"],
            "articles/2026/lomba.id.md": story(
                "Lomba", 6, "Image: images/rusak-terpotong.jpg\n", "![x](images/sebenarnya-png.jpg)"
            ),
            # A link is not inspected by the reader: the image step names it.
            "images/unduh.jpg": FILES["images/layar.png"],
            "articles/2026/tautan.id.md": story(
                "Tautan", 7, "", "Teks.\n\n[Unduh](images/unduh.jpg)"
            ),
        },
    )
    result = build_site(content, tmp_path / "out", extra={"CACHE_PATH": str(tmp_path / "c")},
                        search=False)  # fmt: skip
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "articles/2026/rusak.id.md:7: field 'body': images/bom.png has more pixels" in log
    assert "rusak.id.md:9: field 'body': images/palsu.jpg holds PNG data" in log
    assert "rename it to images/palsu.png" in log
    # Said once, by the story with its line: not again for the file itself.
    assert log.count("palsu.jpg holds PNG data") == log.count("bom.png has more pixels") == 1
    # Found broken only when decoded in full, after reading: still at its line.
    assert "putus.id.md:4: field 'image': images/putus.jpg cannot be decoded" in log
    assert "articles/2026/lomba.id.md:4: field 'image': images/rusak-terpotong.jpg cannot" in log
    assert "lomba.id.md:6: field 'body': images/sebenarnya-png.jpg holds PNG data" in log
    assert "tautan.id.md:7: field 'body': images/unduh.jpg holds PNG data" in log
    assert "rusak.id.md:11: field 'body': images/alur-putus.svg has no readable <svg>" in log
    assert (
        "images/putar-putus.gif: field 'file': images/putar-putus.gif cannot be decoded"
        " (image file is truncated" in log
    )
    assert log.count("used by no story") == 1
    assert log.count("sebenarnya-png.jpg holds") == log.count("unduh.jpg holds") == 1
    assert not (tmp_path / "out").exists()


CUT_SVG_BODY = "\n![Alur](images/alur-putus.svg)\n"
SVG_CUT_IN_ROOT = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4'


def animated_gif() -> bytes:
    """Four 64×64 frames of a gradient: several kilobytes of frames after the header."""
    out = io.BytesIO()
    frames = [Image.linear_gradient("L").resize((64, 64)).rotate(a).convert("P") for a in (0, 90, 180, 270)]  # fmt: skip
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


@pytest.mark.parametrize(
    ("root", "size"),
    [
        ('width="480" height="120" viewBox="0 0 48 12"', (480, 120)),
        ('width="21cm" height="29.7cm"', (794, 1123)),
        ("width='210mm' height='297mm'", (794, 1123)),
        ('width="2in" height="1.5in"', (192, 144)),
        ('width="72pt" height="36pt"', (96, 48)),
        ('width="3pc" height="1pc"', (48, 16)),
        ('width="100%" height="100%" viewBox="0,0,300,200"', (300, 200)),
        ('width="600" viewBox="0 0 300 200"', (600, 400)),
        ('height="5cm" viewBox="0 0 400 100"', (756, 189)),
        ('data-note="a > b" width="10" height="20"', (10, 20)),
    ],
)
def test_an_svg_states_its_size_in_pixels(tmp_path, root, size):
    from bilingual.svg import svg_size

    path = tmp_path / "a.svg"
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" {root}><rect/></svg>\n')
    assert svg_size(str(path), "images/a.svg") == size


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (SVG_CUT_IN_ROOT.decode(), "has no readable <svg> element (the file is cut off"),
        ('<svg width="4" height="4"><g><rect/>', "ends before its closing </svg>"),
        ("<svg><rect/></svg>", "states no size: give its <svg> element a width and height"),
        ('<svg width="50%" height="2em"/>', "states no size"),
        ('<svg viewBox="0 0 0 10"/>', "states no size"),
        ("PNG, not an SVG", "has no readable <svg> element"),
    ],
)
def test_a_cut_off_or_sizeless_svg_is_refused_saying_what_to_fix(tmp_path, text, message):
    from bilingual import images

    path = tmp_path / "a.svg"
    path.write_text(text)
    with pytest.raises(ValueError, match=re.escape(f"images/a.svg {message}")):
        images.inspect(str(path), "images/a.svg")


def test_a_gif_is_decoded_whole_once_while_it_is_unchanged(tmp_path, monkeypatch):
    """Its header is sound when the frames are cut off: every frame is
    decoded, and a sound GIF is not opened again by the next build."""
    from bilingual import images
    from bilingual.known_files import KnownFiles

    whole, cut = tmp_path / "putar.gif", tmp_path / "putus.gif"
    whole.write_bytes(animated_gif())
    cut.write_bytes(animated_gif()[:-200])
    with Image.open(cut) as header_only:
        assert header_only.size == (64, 64)
    known = KnownFiles(str(tmp_path / "cache"))
    assert images.inspect(str(whole), "images/putar.gif", known) == (64, 64)
    with pytest.raises(ValueError, match=r"images/putus.gif cannot be decoded \(image file is"):
        images.inspect(str(cut), "images/putus.gif", known)
    known.save()

    def refuse(*args, **kwargs):
        raise AssertionError("decoded a GIF the cache knows")

    monkeypatch.setattr(images.PILImage, "open", refuse)
    again = KnownFiles(str(tmp_path / "cache"))
    assert images.inspect(str(whole), "images/putar.gif", again) == (64, 64)
    with pytest.raises(AssertionError, match="decoded a GIF"):  # a broken one is never kept
        images.inspect(str(cut), "images/putus.gif", again)


def test_a_problem_found_after_reading_names_the_line_that_shows_the_image():
    from bilingual.source import image_reference

    header = "Title: T\nDate: 2026-03-01\nCategory: Kota\n"
    hero = header + "Image: {static}/images/a%20b.jpg\n\nTeks.\n"
    assert image_reference(hero, "images/a b.jpg") == ("image", 4)
    body = header + "\nTeks.\n\n![x](../../images/a%20b.jpg)\n\n![y](images/c.png)\n"
    assert image_reference(body, "images/a b.jpg") == ("body", 7)
    assert image_reference(body, "images/c.png") == ("body", 9)
    yaml = "---\ntitle: T\nimage: images/c.png\n---\nTeks.\n"
    assert image_reference(yaml, "images/c.png") == ("image", 3)
    assert image_reference(body, "images/d.png") == ("body", None)


def test_an_unchanged_image_is_not_opened_again_and_a_changed_one_is(tmp_path, monkeypatch):
    """A rebuild must not read unchanged images (issue 14: within 5% of a
    build without them); an edited file, or a broken one, is read anew."""
    from bilingual import images
    from bilingual.known_files import KnownFiles

    photo = tmp_path / "content" / "foto.png"
    photo.parent.mkdir()
    photo.write_bytes(screenshot())
    first = KnownFiles(str(tmp_path / "cache"))
    assert images.inspect(str(photo), "foto.png", first) == (600, 400)
    first.save()

    def refuse(*args, **kwargs):
        raise AssertionError("opened an image the cache knows")

    with monkeypatch.context() as patch:
        patch.setattr(images.PILImage, "open", refuse)
        again = KnownFiles(str(tmp_path / "cache"))
        assert images.inspect(str(photo), "foto.png", again) == (600, 400)
    Image.new("RGB", (30, 20)).save(photo, "PNG")  # edited: another size
    assert images.inspect(str(photo), "foto.png", again) == (30, 20)
    lying = tmp_path / "content" / "palsu.jpg"
    lying.write_bytes(screenshot())
    for _ in range(2):
        with pytest.raises(ValueError, match="holds PNG data"):
            images.inspect(str(lying), "palsu.jpg", again)


def test_the_known_files_keep_only_what_the_last_build_used(tmp_path, monkeypatch):
    """sources.json must not grow with every image a cache ever saw (tests
    share one cache across hundreds of sites); a build that asks nothing
    does not read it."""
    from bilingual import known_files
    from bilingual.known_files import KnownFiles

    cache, photos = tmp_path / "cache", tmp_path / "content"
    write_files(photos, {"a.png": screenshot(), "b.png": screenshot()})
    both = KnownFiles(str(cache))
    for name in ("a.png", "b.png"):
        both.learn(str(photos / name), "digest", name)
    both.save()
    one = KnownFiles(str(cache))
    assert one.recall(str(photos / "b.png"), "digest") == "b.png"
    one.save()
    saved = json.loads((cache / known_files.FILE_NAME).read_text(encoding="utf-8"))
    assert list(saved) == [str(photos / "b.png")]

    def refuse(*args, **kwargs):
        raise AssertionError("read sources.json without being asked anything")

    monkeypatch.setattr(known_files.json, "load", refuse)
    KnownFiles(str(cache)).save()


def test_two_images_that_would_make_the_same_file_stop_the_build():
    """a.jpg and a.png both make a-480w.webp: one would be published in the
    other's place; so would a derivative named like a static file. Names
    that differ are no collision."""
    from bilingual.image_store import _collisions

    files = {  # entry key -> {output name: role}
        "k1": {"images/a.jpg": "original", "images/a-480w.webp": "480w.webp"},
        "k2": {"images/a.png": "original", "images/a-480w.webp": "480w.webp"},
        "k3": {"images/b-og.jpg": "og"},  # one entry, shown by two stories
    }
    made_from = {"k1": "images/a.jpg", "k2": "images/a.png", "k3": "images/b.jpg"}
    (found,) = _collisions(files, {"images/a.jpg", "images/a.png"}, made_from)
    assert "images/a.jpg" in found and "images/a.png" in found and "a-480w.webp" in found
    del files["k2"]["images/a-480w.webp"]
    assert _collisions(files, {"images/a.jpg", "images/a.png"}, made_from) == []
    (static,) = _collisions(files, {"images/a-480w.webp"}, made_from)
    assert "images/a-480w.webp" in static and "(480w.webp)" in static


def test_picture_markup_escapes_what_content_and_settings_give_it():
    """The markup is assembled from cached parts: the alt text, a class, the
    site URL and ``sizes`` are still escaped, and each page's own
    attributes and priority land on its ``<img>``."""
    from bilingual.picture import picture_markup
    from bilingual.renditions import ImageSettings, plan

    photo = plan('images/a "b"&c.jpg', 800, 600, ImageSettings(), hero=True)
    site, sizes = "https://x.org/a&b", '100vw"'
    eager = picture_markup(photo, site, sizes, "high", {"alt": 'Rumah "kami" <b>&'})
    lazy = picture_markup(photo, site, sizes, "lazy", {"class": "c<", "alt": ""}, crop=True)
    for markup in (eager, lazy):
        assert "a&b" not in markup and "<b>" not in markup and '100vw"' not in markup
    first = BeautifulSoup(eager, "html.parser")
    img = first.img
    assert img["alt"] == 'Rumah "kami" <b>&' and img["fetchpriority"] == "high"
    assert img["src"] == "https://x.org/a&b/images/a%20%22b%22%26c-800w.jpg"
    assert [s["sizes"] for s in first.select("source")] == ['100vw"', '100vw"']
    assert (img["width"], img["height"], img.get("loading")) == ("800", "600", None)
    card = BeautifulSoup(lazy, "html.parser").img
    assert (card["class"], card["alt"], card["loading"]) == (["c<"], "", "lazy")
    assert (card["width"], card["height"]) == ("800", "450")


def _cache_entry(cache: Path, key: str, files: dict[str, bytes]) -> None:
    (cache / key).mkdir(parents=True)
    for role, data in files.items():
        (cache / key / role).write_bytes(data)


def test_publishing_links_each_file_once_and_takes_over_what_is_right(tmp_path, monkeypatch):
    """Each file is one link into the output, in place of what is there;
    from the replaced site, a file that is the cache's own is kept without
    a link, anything else there goes."""
    from bilingual import image_memo, image_output

    cache, out, previous = tmp_path / "cache", tmp_path / "out", tmp_path / "previous"
    _cache_entry(cache, "k1", {"original": b"A", "480w.webp": b"a480"})
    _cache_entry(cache, "k2", {"card": b"C"})
    files = {
        "k1": {"images/a.jpg": "original", "images/a-480w.webp": "480w.webp"},
        "k2": {"og/2026/03/b.png": "card"},
    }
    (previous / "images" / "kosong").mkdir(parents=True)
    os.link(cache / "k1" / "original", previous / "images" / "a.jpg")  # right: kept
    (previous / "images" / "a-480w.webp").write_bytes(b"old")  # the same name, other bytes
    (previous / "images" / "sisa.gif").write_bytes(b"gone")
    (out / "og" / "2026" / "03").mkdir(parents=True)
    (out / "og" / "2026" / "03" / "b.png").write_bytes(b"written before")
    links = []
    real_link = os.link
    monkeypatch.setattr(os, "link", lambda *a, **k: links.append(a) or real_link(*a, **k))
    inodes = {key: entry[2] for key, entry in image_memo.entries(str(cache), files).items()}
    image_output.publish(files, str(cache), str(out), inodes, str(previous))
    # a-480w.webp again, b.png in place of the file there; never a.jpg
    assert {target for _role, target in links} == {"a-480w.webp", "b.png"}
    published = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert published == ["images/a-480w.webp", "images/a.jpg", "og/2026/03/b.png"]
    for key, names in files.items():
        for name, role in names.items():
            assert (out / name).stat().st_ino == (cache / key / role).stat().st_ino, name
    assert not (previous / "images").exists()


def test_where_links_fail_the_files_are_copied_never_written_into(tmp_path, monkeypatch):
    from bilingual import image_output

    cache, out = tmp_path / "cache", tmp_path / "out"
    _cache_entry(cache, "k1", {"original": b"A", "480w.webp": b"a480"})
    (out / "images").mkdir(parents=True)
    os.link(cache / "k1" / "original", out / "images" / "a-480w.webp")  # an earlier link

    def refuse(*args, **kwargs):
        raise PermissionError("no links here")

    monkeypatch.setattr(os, "link", refuse)
    files = {"k1": {"images/a.jpg": "original", "images/a-480w.webp": "480w.webp"}}
    image_output.publish(files, str(cache), str(out), {})
    assert (out / "images" / "a.jpg").read_bytes() == b"A"
    assert (out / "images" / "a-480w.webp").read_bytes() == b"a480"
    assert (cache / "k1" / "original").read_bytes() == b"A", "the cache is never written into"


def test_the_plan_kept_for_the_next_build_follows_every_input(tmp_path):
    """derive_images takes its last result back only for the same inputs
    (a photo touched, a hero or title changed, other settings or font) and
    cache entries whose files were not replaced since."""
    from bilingual import image_memo

    photo, font = tmp_path / "images" / "a.jpg", tmp_path / "font.ttf"
    photo.parent.mkdir()
    photo.write_bytes(b"jpeg")
    font.write_bytes(b"font")
    stories = [("a.id.md", "images/a.jpg", "Judul", "2026/03/a/")]
    statics = ["images/a.jpg", "images/b.svg"]

    def digest(**changed):
        given = {"statics": statics, "stories": stories, "settings": "s", **changed}
        return image_memo.inputs(str(tmp_path), given["statics"], ["images/a.jpg"],
                                 given["stories"], given["settings"], str(font))  # fmt: skip

    first = digest()
    assert digest() == first
    others = [
        digest(statics=statics + ["images/a-480w.webp"]),  # a name a derivative would take
        digest(stories=[("a.id.md", "", "Judul", "2026/03/a/")]),
        digest(stories=[("a.id.md", "images/a.jpg", "Judul baru", "2026/03/a/")]),
        digest(settings="t"),
    ]
    assert len({first, *others}) == 5
    os.utime(photo, ns=(1, 1))
    touched = digest()
    font.write_bytes(b"another font")
    assert len({first, touched, digest()}) == 3
    cache = tmp_path / "cache"
    _cache_entry(cache, "k1", {"original": b"A", "card": b"C"})
    entries = image_memo.entries(str(cache), ["k1"])
    assert entries["k1"][2] == {r: (cache / "k1" / r).stat().st_ino for r in ("original", "card")}
    kept = ({}, {"a.id.md": "og.png"}, {"k1": {"og.png": "card"}}, entries)
    image_memo.remember(str(cache), first, kept)
    assert image_memo.recall(str(cache), first) == kept
    assert image_memo.recall(str(cache), touched) is None
    assert image_memo.unchanged(str(cache), entries)
    inode, changed, files = entries["k1"]  # a file replaced since would move the change time
    assert not image_memo.unchanged(str(cache), {"k1": (inode, changed - 1, files)})
    assert not image_memo.unchanged(str(cache), {"k2": (inode, changed, files)})  # gone


def test_a_drawn_card_is_keyed_by_its_fonts_bytes_not_where_the_font_lies(tmp_path):
    """A moved or second checkout finds the cards it drew: the key holds
    the font's bytes, not its path; different text is a different key."""
    from bilingual.social_card import CardText

    fonts = [tmp_path / "a" / "font.ttf", tmp_path / "b" / "font.ttf"]
    for font in fonts:
        font.parent.mkdir()
        font.write_bytes(b"same font")
    one, two = (CardText("Judul", "Warta", "#fff", "#000", "#c00", str(f)) for f in fonts)
    assert one.key_text() == two.key_text()
    assert str(tmp_path) not in one.key_text()
    assert CardText("Lain", "Warta", "#fff", "#000", "#c00", str(fonts[0])).key_text() != (
        one.key_text()
    )


def test_a_photo_written_over_with_its_old_size_and_time_is_hashed_again(tmp_path):
    """A same-size photo written over in place, its modification time put
    back (cp -p, rsync -t), keeps size, time and inode: the change time
    still moves, so the cache does not serve the old photo's digest."""
    from bilingual.known_files import KnownFiles

    photo = tmp_path / "foto.jpg"
    photo.write_bytes(b"a" * 64)
    os.utime(photo, ns=(10**18, 10**18))
    changed = os.stat(photo).st_ctime_ns
    known = KnownFiles(str(tmp_path / "cache"))
    known.learn(str(photo), "digest", "digest of a")
    assert known.recall(str(photo), "digest") == "digest of a"
    with open(photo, "r+b") as f:
        f.write(b"b" * 64)
    while os.stat(photo).st_ctime_ns == changed:  # the clock's tick may be coarse
        os.utime(photo, ns=(10**18, 10**18))
    os.utime(photo, ns=(10**18, 10**18))
    assert known.recall(str(photo), "digest") is None
