"""The floor the pack is measured against: convert the scans with img2pdf, merge with pypdf.

    python bench/floor.py OUT.pdf SCAN.jpg...
"""

import io
import sys


def floor(files, out):
    import img2pdf
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for f in files:
        writer.append(PdfReader(io.BytesIO(img2pdf.convert(f))))
    with open(out, "wb") as fh:
        writer.write(fh)


if __name__ == "__main__":
    floor(sys.argv[2:], sys.argv[1])
