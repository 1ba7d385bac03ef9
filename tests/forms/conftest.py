"""Fixtures for the forms tests: real cases, real files, a throwaway certificate."""

from __future__ import annotations


import pytest
from forms_helpers import EXAMPLES, ON, make_p12


@pytest.fixture(scope="session")
def on():
    return ON


@pytest.fixture
def departure_case():
    from forms.case.model import load_case
    return load_case(EXAMPLES / "departure-refund.json")


@pytest.fixture
def registration_case():
    from forms.case.model import load_case
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
    passphrase = b"correct horse"
    path = tmp_path_factory.mktemp("cert") / "test.p12"
    cert = make_p12(path, passphrase)
    return path, passphrase, cert
