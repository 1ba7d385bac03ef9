"""The floor the pack is measured against: convert the scans with img2pdf, merge them (and
any PDF attachment, as it is) with pypdf, write the result.

    python bench/floor.py OUT.pdf SCAN.jpg... [SCANNED.pdf...]
"""

import io
import sys


def floor(files, out):
    import img2pdf
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for f in files:
        if str(f).endswith(".pdf"):
            writer.append(PdfReader(f))
        else:
            writer.append(PdfReader(io.BytesIO(img2pdf.convert(f))))
    with open(out, "wb") as fh:
        writer.write(fh)


if __name__ == "__main__":
    floor(sys.argv[2:], sys.argv[1])
