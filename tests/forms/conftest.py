"""Fixtures for the forms tests: real cases, real files, a throwaway certificate."""

from __future__ import annotations

import datetime as dt

import pytest
from forms_helpers import EXAMPLES, ON


@pytest.fixture(scope="session")
def on():
    return ON


@pytest.fixture
def departure_case():
    from forms.case import load_case
    return load_case(EXAMPLES / "departure-refund.json")


@pytest.fixture
def registration_case():
    from forms.case import load_case
    return load_case(EXAMPLES / "registration-dispatched-de.json")


@pytest.fixture(scope="session")
def filled(tmp_path_factory):
    """`shebao fill examples/departure-refund.json --out OUT`, run once."""
    from forms.cli import main
    out = tmp_path_factory.mktemp("filled")
    assert main(["fill", str(EXAMPLES / "departure-refund.json"), "--out", str(out), "--on", ON.isoformat()]) == 0
    return out


@pytest.fixture(scope="session")
def p12(tmp_path_factory):
    """A throwaway self-signed signing certificate: (path, passphrase, certificate)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Emily Rose Harris (test)")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    passphrase = b"correct horse"
    data = pkcs12.serialize_key_and_certificates(b"test", key, cert, None,
                                                 serialization.BestAvailableEncryption(passphrase))
    path = tmp_path_factory.mktemp("cert") / "test.p12"
    path.write_bytes(data)
    return path, passphrase, cert
