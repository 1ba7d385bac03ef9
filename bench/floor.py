"""The floor the pack is measured against: convert the scans with img2pdf, merge them (and
any PDF attachment, as it is) with pypdf, write the result, and flush it to the disk
(fsync) as the pack's own writer does (forms.common.untrusted.write_exclusive): both pay
for the same I/O, and the ratio measures the work the pack adds.

    python bench/floor.py OUT.pdf SCAN.jpg... [SCANNED.pdf...]
"""

import io
import os
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
        fh.flush()
        os.fsync(fh.fileno())


if __name__ == "__main__":
    floor(sys.argv[2:], sys.argv[1])
