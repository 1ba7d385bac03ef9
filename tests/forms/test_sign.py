"""Sign the applicant field of each generated form with pyHanko and a throwaway
self-signed certificate, then validate it: intact and valid. Also through `shebao sign`."""

import datetime as dt
import subprocess
import sys

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from forms.fill.sign import SignError, sign_pdf

from forms_helpers import pdftotext


def _validate(path, cert, field):
    from pyhanko.keys import load_cert_from_pemder  # noqa: F401 - pyHanko's own key types
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    root = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    with open(path, "rb") as fh:
        reader = PdfFileReader(fh)
        [sig] = [s for s in reader.embedded_signatures if s.field_name == field]
        return validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))


@pytest.mark.parametrize("form_id", ["declaration_form", "termination_application", "termination_notice"])
def test_sign_the_applicant_field_and_validate(filled, p12, tmp_path, form_id):
    path, passphrase, cert = p12
    out = sign_pdf(filled / f"{form_id}.pdf", "applicant_signature", path, passphrase, tmp_path / "signed.pdf")
    status = _validate(out, cert, "applicant_signature")
    assert status.intact and status.valid and status.bottom_line, status.pretty_print_details()
    assert "HARRIS EMILY ROSE" in pdftotext(out)


def test_shebao_sign_reads_the_passphrase_and_explains_failures(filled, p12, tmp_path):
    path, passphrase, cert = p12
    started = dt.date.today()
    cmd = [sys.executable, "-m", "forms", "sign", str(filled / "declaration_form.pdf"),
           "--field", "applicant_signature", "--p12", str(path), "-o", str(tmp_path / "s.pdf"), "--lang", "en"]
    ok = subprocess.run(cmd, input=passphrase.decode() + "\n", capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert _validate(tmp_path / "s.pdf", cert, "applicant_signature").bottom_line
    # the signing date (today) is written on the box's date line
    from pypdf import PdfReader
    stamps = [str(a.get_object()["/Contents"]) for a in PdfReader(tmp_path / "s.pdf").pages[0]["/Annots"]
              if a.get_object()["/Subtype"] == "/Stamp"]
    assert stamps in ([str(d.year), str(d.month), str(d.day)] for d in (started, dt.date.today()))
    wrong = subprocess.run(cmd, input="wrong\n", capture_output=True, text=True)
    assert wrong.returncode == 2 and "passphrase" in wrong.stderr and "Traceback" not in wrong.stderr
    with pytest.raises(SignError, match="no signature field .nope.; its fields: applicant_signature"):
        sign_pdf(filled / "declaration_form.pdf", "nope", path, passphrase, tmp_path / "x.pdf")
    with pytest.raises(SignError, match="already signed"):
        sign_pdf(tmp_path / "s.pdf", "applicant_signature", path, passphrase, tmp_path / "y.pdf")
