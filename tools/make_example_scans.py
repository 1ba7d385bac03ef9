"""Make the small synthetic scans under examples/scans/ (run once; the output is committed).

Every image is drawn at 300 DPI at the true size of the document it stands for (ID-3
passport page, ID-1 card) and carries that DPI in its metadata; the letters are PDFs with
a text layer. All names and numbers are invented; MRZs carry valid check digits.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from forms.law.identifiers import icao_check_digit as cd  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "examples" / "scans"
DPI = 300
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CJK = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # has Latin as well as CJK glyphs


def mm(v: float) -> int:
    return round(v / 25.4 * DPI)


def td3(state, surname, given, number, nationality, birth, sex, expiry):
    l1 = ("P<" + state.ljust(3, "<") + surname + "<<" + given.replace(" ", "<")).ljust(44, "<")[:44]
    n = number.ljust(9, "<")
    l2 = n + cd(n) + nationality.ljust(3, "<") + birth + cd(birth) + sex + expiry + cd(expiry) + "<" * 14 + "<"
    return l1, l2 + cd(l2[0:10] + l2[13:20] + l2[21:43])


def passport(name, state, surname, given, number, nationality, birth, sex, expiry, shown):
    img = Image.new("RGB", (mm(125), mm(88)), (236, 240, 232))
    d = ImageDraw.Draw(img)
    for y in range(0, img.height, 24):  # guilloche-like background lines
        d.line([(0, y), (img.width, y + 40)], fill=(222, 228, 216), width=2)
    d.rectangle([mm(6), mm(14), mm(38), mm(56)], fill=(200, 206, 214), outline=(90, 90, 90), width=3)
    d.ellipse([mm(14), mm(20), mm(30), mm(38)], fill=(160, 168, 180))
    d.rectangle([mm(11), mm(38), mm(33), mm(56)], fill=(160, 168, 180))
    head = ImageFont.truetype(SANS, 44)
    small = ImageFont.truetype(SANS, 26)
    value = ImageFont.truetype(SANS, 38)
    d.text((mm(6), mm(4)), "PASSPORT / PASS / PASSEPORT — SPECIMEN", font=head, fill=(40, 40, 90))
    y = mm(14)
    for lab, val in shown:
        d.text((mm(42), y), lab, font=small, fill=(80, 80, 80))
        d.text((mm(42), y + 28), val, font=value, fill=(10, 10, 10))
        y += mm(8.5)
    mrz = td3(state, surname, given, number, nationality, birth, sex, expiry)
    font = ImageFont.truetype(MONO, 50)
    d.text((mm(5), mm(70)), mrz[0], font=font, fill=(0, 0, 0))
    d.text((mm(5), mm(78)), mrz[1], font=font, fill=(0, 0, 0))
    img.save(OUT / name, "JPEG", quality=70, dpi=(DPI, DPI), optimize=True)
    return mrz


def card(name, title, lines, color):
    img = Image.new("RGB", (mm(85.6), mm(54)), color)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([6, 6, img.width - 7, img.height - 7], radius=40, outline=(60, 60, 60), width=4)
    d.text((mm(5), mm(4)), title, font=ImageFont.truetype(CJK, 46), fill=(20, 20, 60))
    y = mm(16)
    f = ImageFont.truetype(CJK, 36)
    for line in lines:
        d.text((mm(5), y), line, font=f, fill=(15, 15, 15))
        y += mm(6.5)
    img.save(OUT / name, "JPEG", quality=72, dpi=(DPI, DPI), optimize=True)


def visa_page(name, title, lines, color):
    """A passport visa page (ID-3) with the residence permit sticker on it: China issues
    the residence permit as a sticker in the passport."""
    img = Image.new("RGB", (mm(125), mm(88)), (238, 236, 226))
    d = ImageDraw.Draw(img)
    for y in range(0, img.height, 30):
        d.line([(0, y), (img.width, y - 30)], fill=(226, 224, 212), width=2)
    d.rounded_rectangle([mm(8), mm(8), mm(117), mm(80)], radius=30, fill=color, outline=(90, 90, 90), width=3)
    d.rectangle([mm(12), mm(22), mm(38), mm(56)], fill=(196, 204, 210), outline=(90, 90, 90), width=2)
    d.text((mm(12), mm(11)), title, font=ImageFont.truetype(CJK, 48), fill=(120, 20, 20))
    y = mm(24)
    f = ImageFont.truetype(CJK, 38)
    for line in lines:
        d.text((mm(42), y), line, font=f, fill=(15, 15, 15))
        y += mm(7)
    img.save(OUT / name, "JPEG", quality=72, dpi=(DPI, DPI), optimize=True)


def letter(name, title, paragraphs):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("WQY", CJK, subfontIndex=0))
    c = canvas.Canvas(str(OUT / name), pagesize=A4, invariant=1)
    c.setTitle(title)
    w, h = A4
    c.setFont("WQY", 16)
    c.drawString(60, h - 80, title)
    c.setFont("WQY", 11)
    y = h - 120
    for para in paragraphs:
        for line in para.split("\n"):
            c.drawString(60, y, line)
            y -= 18
        y -= 10
    c.rect(400, 90, 120, 120)
    c.drawString(410, 75, "Seal / 公章")
    c.showPage()
    c.save()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    print(passport("harris-passport.jpg", "GBR", "HARRIS", "EMILY ROSE", "533419862", "GBR", "900615", "F", "310903",
                   [("Surname", "HARRIS"), ("Given names", "EMILY ROSE"), ("Nationality", "BRITISH CITIZEN"),
                    ("Date of birth", "15 JUN 1990"), ("Sex", "F"), ("Date of expiry", "03 SEP 2031")]))
    card("harris-bank-card.jpg", "中国建设银行 社会保障卡",
         ["HARRIS EMILY ROSE", "6217 0028 6000 1234 565", "金融社保卡 · 广东"], (206, 222, 240))
    letter("harris-separation-certificate.pdf", "离职证明 Separation Certificate",
           ["兹证明 HARRIS EMILY ROSE（护照号 533419862）自 2022年3月1日 至 2026年11月20日 在本公司工作，",
            "现已解除劳动关系。\nThis certifies that HARRIS EMILY ROSE (passport 533419862) worked for the company",
            "from 1 March 2022 to 20 November 2026; the employment has ended.",
            "深圳示例科技有限公司 Shenzhen Example Technology Co., Ltd."])
    print(passport("mueller-passport.jpg", "D", "MUELLER", "JONAS", "C01X00T47", "D", "840812", "M", "330214",
                   [("Name / Surname", "MÜLLER"), ("Vornamen / Given names", "JONAS"), ("Staatsangehörigkeit", "DEUTSCH"),
                    ("Geburtstag / Date of birth", "12.08.1984"), ("Geschlecht / Sex", "M"), ("Gültig bis / Expiry", "14.02.2033")]))
    card("mueller-work-permit.jpg", "外国人工作许可证 Work Permit",
         ["MUELLER JONAS", "No. 144030020250012345", "有效期至 Valid until 2027-11-15"], (240, 232, 214))
    visa_page("mueller-residence-permit.jpg", "外国人居留许可 Residence Permit",
         ["MUELLER JONAS", "No. R440300123456", "有效期至 Valid until 2027-11-20"], (226, 240, 226))
    letter("mueller-contract.pdf", "劳动合同 Employment Agreement",
           ["甲方：深圳德示精密机械有限公司  Party A: Shenzhen Demo Precision Machinery Co., Ltd.",
            "乙方：MUELLER JONAS（护照号 C01X00T47） Party B: MUELLER JONAS",
            "期限：2026年11月16日 至 2027年11月15日  Term: 16 November 2026 to 15 November 2027"])
    letter("mueller-dispatch-letter.pdf", "派遣函 Letter of Dispatch (Entsendungsschreiben)",
           ["Beispiel Maschinenbau GmbH, Stuttgart, dispatches MUELLER JONAS to",
            "Shenzhen Demo Precision Machinery Co., Ltd. from 16 November 2026 for 12 months.",
            "派遣期限：12个月。"])
    letter("mueller-domestic-employer.pdf", "境内工作单位证明 Certificate of the Domestic Employer",
           ["兹证明 MUELLER JONAS 在本单位工作。 This certifies that MUELLER JONAS works for",
            "Shenzhen Demo Precision Machinery Co., Ltd., Nanshan District, Shenzhen."])
    letter("mueller-certificate-of-coverage.pdf", "根据中德社会保险协定出具的证明书 Entsendebescheinigung China",
           ["Certificate under the China-Germany social insurance agreement (Art. 4)",
            "MUELLER JONAS remains subject to German pension and unemployment insurance",
            "during the posting from 16 November 2026 to 15 November 2027."])
    card("lee-pr-card.jpg", "中华人民共和国外国人永久居留身份证",
         ["LEE DAVID 李大卫", "944840198501010018", "有效期至 2033-05-31"], (230, 226, 240))
    letter("lee-contract.pdf", "劳动合同 Labor Contract",
           ["甲方：深圳示例科技有限公司  Party A: Shenzhen Example Technology Co., Ltd.",
            "乙方：LEE DAVID（永居证号 944840198501010018）",
            "期限：2026年11月1日起，无固定期限  Term: from 1 November 2026, open-ended"])


if __name__ == "__main__":
    main()
