"""Sign one empty signature field of a PDF with a PKCS#12 certificate: PAdES-B-B with
pyHanko, offline (no timestamp server, no revocation look-up).

The signature goes into the existing field (the applicant's box, the employer's seal), as
an incremental update, so the other fields stay signable by someone else.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from forms.common.i18n import N_, bi


class SignError(ValueError):
    """Signing is not possible; `.message` says why and what to do, in both languages."""

    def __init__(self, message: dict):
        self.message = message
        super().__init__(message["en"])


def signature_fields(pdf: bytes) -> dict[str, bool]:
    """{field name: already signed} for every signature field of a PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return {name: value is not None for name, value, _ in enumerate_sig_fields(reader)}


MAX_PDF_BYTES = 200 << 20  # a filled form is under 1 MB, a whole pack with scans tens of MB


def load_signer(p12: Path, passphrase: bytes | None):
    from pyhanko.sign.signers import SimpleSigner

    p12 = Path(p12)
    if not p12.is_file():
        raise SignError(bi(N_("Certificate file not found: {path}"), path=str(p12)))
    from cryptography.hazmat.primitives.serialization import pkcs12

    signer = None
    try:  # checked first: pyHanko would log a traceback for a wrong passphrase
        key, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), passphrase or None)
        if key is not None and cert is not None:
            signer = SimpleSigner.load_pkcs12(str(p12), passphrase=passphrase or None)
    except Exception:  # noqa: BLE001 - a wrong passphrase or not a PKCS#12 file
        signer = None
    if signer is None:
        raise SignError(bi(N_("Cannot open the certificate {path}: wrong passphrase, or not a PKCS#12 (.p12/.pfx) file."),
                           path=p12.name))
    return signer


def sign_pdf(pdf_path, field: str, p12, passphrase: bytes | None, out_path=None,
             on: dt.date | None = None) -> Path:
    """Sign `field` of the PDF at `pdf_path` and write the result to `out_path` (default
    <name>-signed.pdf beside it); the signing date `on` (default today) goes on the box's
    date line. Raises SignError with a bilingual message."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    from forms.fill.sign_marks import add_date, date_rect_for, stamp_style
    from forms.fill.write import write_private
    from forms.common.untrusted import UnsafeFile, read_regular

    pdf_path = Path(pdf_path)
    try:  # a regular file only: a FIFO would block, a device read for ever
        data = read_regular(pdf_path, MAX_PDF_BYTES)
    except UnsafeFile as exc:
        raise SignError(exc.message) from None
    except OSError:
        raise SignError(bi(N_("PDF not found or not readable: {path}"), path=str(pdf_path))) from None
    try:
        fields = signature_fields(data)
    except Exception:  # noqa: BLE001
        raise SignError(bi(N_("{path} is not a PDF that can be signed."), path=pdf_path.name)) from None
    if field not in fields:
        names = ", ".join(sorted(fields)) or "—"
        raise SignError(bi(N_("{path} has no signature field “{field}”; its fields: {names}."),
                           path=pdf_path.name, field=field, names=names))
    if fields[field]:
        raise SignError(bi(N_("The field “{field}” is already signed."), field=field))
    signer = load_signer(p12, passphrase)
    name = signer.signing_cert.subject.native.get("common_name") or signer.signing_cert.subject.human_friendly
    now = dt.datetime.now().astimezone()
    on = on or now.date()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page_ref, rect = _widget(writer, field)
    style = stamp_style(name if name.isascii() else "", now.strftime("%Y-%m-%d %H:%M %Z").strip(), rect)
    date_rect = date_rect_for(field, rect)
    # the date line is page content: written by the first signature only, in its own
    # revision; after a signature, a new annotation would void it (the stamp has the date)
    if date_rect is not None and page_ref is not None and not any(fields.values()):
        add_date(writer, page_ref, date_rect, on)
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    out_path = Path(out_path) if out_path else pdf_path.with_name(pdf_path.stem + "-signed.pdf")
    return write_private(out_path, out.getvalue())


def _widget(writer, field: str):
    """(page reference, rectangle) of a signature field's widget."""
    from pyhanko.sign.fields import enumerate_sig_fields

    for name, _value, ref in enumerate_sig_fields(writer.prev):
        if name == field:
            widget = ref.get_object()
            rect = tuple(float(v) for v in widget["/Rect"])
            return (widget.raw_get("/P") if "/P" in widget else None), rect
    return None, (0.0, 0.0, 0.0, 0.0)
