"""Generated document pages with an MRZ set in OCR-B (Debian's fonts-ocr-b) and known
values: TD3 passport pages, TD1 cards and MRV-A visas, at their true size and a given DPI,
then turned, blurred and JPEG-compressed as a scan or photo would be. Used by the MRZ
tests and bench/bench_mrz.py."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from forms.law.identifiers import icao_check_digit as cd

FONT_DIRS = [Path("/usr/share/fonts/opentype/ocr-b"), Path("/usr/share/fonts/truetype/ocr-b")]
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# (width, height) mm and where the MRZ starts (mm from the left, from the bottom)
SIZES = {"TD3": (125.0, 88.0), "TD1": (85.6, 54.0), "MRVA": (120.0, 80.0)}
PITCH_MM = 2.54  # ICAO 9303 Part 3: 10 characters per inch
LINE_MM = {"TD3": 4.23, "MRVA": 4.23, "TD1": 3.53}  # line pitch

SURNAMES = ["ERIKSSON", "MUELLER", "OBRIEN", "GARCIA<LOPEZ", "NGUYEN", "SMITH", "KOWALSKI", "DUBOIS", "ROSSI", "TANAKA",
            "OKONKWO", "SILVA", "PETERSEN", "BOUCHARD", "HARRIS", "DE<BRUIJN"]
GIVEN = ["ANNA<MARIA", "JONAS", "EMILY<ROSE", "LI", "MOHAMED", "SOPHIE", "JOAO<PEDRO", "OLGA", "KENJI", "ZOE"]
STATES = ["UTO", "D", "GBR", "FRA", "USA", "NLD", "ITA", "JPN", "BRA", "CAN", "NGA", "POL", "SWE", "ESP"]


def ocrb() -> str:
    for folder in FONT_DIRS:
        for name in ("OCRB.otf", "OCRB.ttf", "ocrb.otf"):
            if (folder / name).is_file():
                return str(folder / name)
    raise FileNotFoundError("OCR-B font (Debian package fonts-ocr-b) not installed")


def _pad(text: str, n: int) -> str:
    return text.ljust(n, "<")[:n]


def td3(state, surname, given, number, nationality, birth, sex, expiry, optional="") -> list[str]:
    l1 = _pad("P<" + _pad(state, 3) + surname + "<<" + given, 44)
    n, opt = _pad(number, 9), _pad(optional, 14)
    opt_cd = cd(opt) if optional else "<"
    l2 = n + cd(n) + _pad(nationality, 3) + birth + cd(birth) + sex + expiry + cd(expiry) + opt + opt_cd
    return [l1, l2 + cd(l2[0:10] + l2[13:20] + l2[21:43])]


def mrva(state, surname, given, number, nationality, birth, sex, expiry, optional="") -> list[str]:
    l1 = _pad("V<" + _pad(state, 3) + surname + "<<" + given, 44)
    n = _pad(number, 9)
    l2 = n + cd(n) + _pad(nationality, 3) + birth + cd(birth) + sex + expiry + cd(expiry) + _pad(optional, 16)
    return [l1, l2]


def td1(state, surname, given, number, nationality, birth, sex, expiry, optional="") -> list[str]:
    n = _pad(number, 9)
    l1 = "I<" + _pad(state, 3) + n + cd(n) + _pad(optional, 15)
    l2 = birth + cd(birth) + sex + expiry + cd(expiry) + _pad(nationality, 3) + "<" * 11
    l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return [l1, l2, _pad(surname + "<<" + given, 30)]


MAKERS = {"TD3": td3, "MRVA": mrva, "TD1": td1}


def random_values(seed: int) -> dict:
    """Values for one document, with characters OCR confuses (0/O, B/8, S/5, Z/2) in the
    document number."""
    r = random.Random(seed)
    # no letter O or I: issuers avoid them beside 0 and 1 (Germany uses neither), and the
    # recogniser cannot tell OCR-B's O from 0 (forms.law.mrz then refuses to guess)
    number = "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789B5S8Z2") for _ in range(r.choice((8, 9))))
    state = r.choice(STATES)
    return {
        "state": state, "surname": r.choice(SURNAMES), "given": r.choice(GIVEN), "number": number,
        "nationality": state if r.random() < 0.8 else r.choice(STATES),
        "birth": f"{r.randint(40, 99):02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}",
        "sex": r.choice("MF"), "expiry": f"{r.randint(27, 36):02d}{r.randint(1, 12):02d}{r.randint(1, 28):02d}",
        "optional": "".join(r.choice("0123456789") for _ in range(r.choice((0, 0, 6, 9)))),
    }


def mrz_lines(layout: str, values: dict) -> list[str]:
    v = values
    return MAKERS[layout](v["state"], v["surname"], v["given"], v["number"], v["nationality"], v["birth"],
                          v["sex"], v["expiry"], v["optional"])


def page(lines: list[str], layout: str = "TD3", dpi: float = 300, seed: int = 1) -> Image.Image:
    """A data page at its true size and `dpi`: a light patterned background, a photo box,
    a few printed labels and the MRZ in OCR-B at 10 characters per inch."""
    w_mm, h_mm = SIZES[layout]
    px = lambda mm: round(mm / 25.4 * dpi)  # noqa: E731
    r = random.Random(seed)
    tint = (r.randint(225, 245), r.randint(228, 245), r.randint(220, 240))
    img = Image.new("RGB", (px(w_mm), px(h_mm)), tint)
    d = ImageDraw.Draw(img)
    for y in range(0, img.height, max(4, px(2))):  # guilloche-like lines
        d.line([(0, y), (img.width, y + px(3))], fill=tuple(c - 12 for c in tint), width=max(1, px(0.2)))
    d.rectangle([px(4), px(8), px(4 + w_mm * 0.25), px(8 + h_mm * 0.5)], fill=(190, 196, 204), outline=(90, 90, 90))
    sans = ImageFont.truetype(SANS, max(8, px(2.2)))
    y = px(6)
    for label in ("SURNAME / NOM", "GIVEN NAMES / PRENOMS", "NATIONALITY", "DATE OF BIRTH", "DATE OF EXPIRY"):
        d.text((px(w_mm * 0.33), y), label, font=sans, fill=(60, 60, 80))
        y += px(h_mm * 0.1)
    font_path = ocrb()
    probe = ImageFont.truetype(font_path, 100)
    size = 100 * px(PITCH_MM) / probe.getlength("A")
    font = ImageFont.truetype(font_path, max(6, round(size)))
    pitch = LINE_MM[layout]
    bottom = h_mm - 4.0 - pitch * (len(lines) - 1)
    for i, line in enumerate(lines):
        x = (w_mm - PITCH_MM * len(line)) / 2
        d.text((px(x), px(bottom + i * pitch) - font.size), line, font=font, fill=(15, 15, 20))
    return img


def distort(img: Image.Image, rotation: int = 0, blur: float = 0.0, quality: int = 85, tilt: float = 0.0,
            margin: float = 0.0, dpi: float | None = None) -> bytes:
    """The page as a JPEG: on a darker background `margin` (share of its size) wide, tilted by
    `tilt` degrees, turned by `rotation` (0/90/180/270), blurred, at `quality`."""
    if margin:
        bg = Image.new("RGB", (round(img.width * (1 + 2 * margin)), round(img.height * (1 + 2 * margin))), (70, 64, 60))
        bg.paste(img, (round(img.width * margin), round(img.height * margin)))
        img = bg
    if tilt:
        img = img.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(70, 64, 60))
    if rotation:
        img = img.rotate(rotation, expand=True)
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    kw = {"dpi": (dpi, dpi)} if dpi else {}
    img.save(out, "JPEG", quality=quality, **kw)
    return out.getvalue()
