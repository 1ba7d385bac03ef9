"""Whether JPEG data decodes in full with qpdf's decoder (libjpeg), which is what `qpdf
--check` and strict viewers use. Pillow shrugs off "corrupt JPEG data" warnings and, at a
reduced scale, never reaches some errors; a scan that does not decode cleanly would make
the pack fail that check, so the inspection calls it damaged."""

from __future__ import annotations


def dct_damage(data: bytes) -> str | None:
    """What is wrong with the JPEG `data`, or None when it decodes cleanly."""
    import pikepdf

    pdf = pikepdf.new()
    try:
        stream = pikepdf.Stream(pdf, data)
        stream.Filter = pikepdf.Name.DCTDecode
        try:
            stream.read_bytes(pikepdf.StreamDecodeLevel.all)
        except (pikepdf.PdfError, pikepdf.DataDecodingError, RuntimeError, ValueError) as exc:
            return " ".join(str(exc).split())[:120] or type(exc).__name__
        warnings = pdf.get_warnings()
        return " ".join(str(warnings[0]).split())[:120] if warnings else None
    finally:
        pdf.close()
