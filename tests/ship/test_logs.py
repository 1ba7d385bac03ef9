"""The log file: redaction of personal numbers (patterns and the values of the cases
seen), owner-only files, rotation, and a data dir that cannot be written."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from forms.common import logs


@pytest.fixture(autouse=True)
def clean():
    logs.forget_cases()
    yield
    logs.close()
    logs.forget_cases()


@pytest.mark.parametrize("text", [
    "passport 533419862", "passport E12345678", "Reisepass C01X00T47", "护照号码533419862。",
    "PR card GBR350090010205", "PR card 944840198501010018", "card 6217 0028 6000 1234 565",
    "account 6217-0028-6000-1234-565", "account 6217002860001234565", "social security GBR533419862",
    "permit 144030020220067890", "residence permit R440300123456",
    "P<GBRHARRIS<<EMILY<ROSE<<<<<<<<<<<<<<<<<<<<<", "5334198623GBR9006153F3109030<<<<<<<<<<<<<<<2",
    "ID card line IDCHN1234567890<<<<<<<<<<<<<<<",
])
def test_personal_numbers_are_removed_by_pattern(text):
    out = logs.redact(text)
    digits = [w for w in out.replace("<", " ").split() if sum(c.isdigit() for c in w) >= 4]
    assert not digits and ("[ID]" in out or "[NUMBER]" in out or "[MRZ]" in out), out


@pytest.mark.parametrize("text", [
    "2026-11-29 10:00:00,123 INFO shebao.app: exit", "open case 0123456789abcdef0123456789abcdef",
    "attachment stored: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 (54 KB)", "PySide6 6.11.3, Shebao Desk 0.1.0",
    "requirement dep.passport: 3 files", "at 0x7f3a5c2b1d90", "pack: exit 0",
    "task summaries failed after 12 s",
])
def test_what_the_log_needs_is_kept(text):
    assert logs.redact(text) == text


def test_the_values_of_a_case_seen_are_removed_in_any_form():
    case = {"person": {"surname": "KOWALSKA", "given_names": "ANNA MARIA", "passport": {"number": "XK12"},
                       "phone": "+48 600 100 200"},
            "bank": {"account_number": "PL61 1090"}, "attachments": [{"label": "kowalska scan.jpg"}]}
    logs.remember_case(case)
    out = logs.redact("Kowalska, Anna: passport XK12 (+48 600 100 200), account PL61 1090, file kowalska scan.jpg")
    for value in ("Kowalska", "Anna", "XK12", "600 100", "PL61", "scan.jpg"):
        assert value.lower() not in out.lower(), out
    assert logs.redact("Annapurna and marianne") == "Annapurna and marianne"  # whole words only


def test_remember_case_copes_with_any_shape():
    logs.remember_case({"person": "x", "attachments": 3, "bank": {"account_number": ["a", 5]}})
    assert logs.redact("nothing to see") == "nothing to see"


def test_log_file_is_owner_only_and_rotates(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    path = logs.setup("desk", tmp_path)
    handler = next(h for h in logging.getLogger(logs.LOGGER).handlers if isinstance(h, logs.PrivateRotatingFileHandler))
    handler.max_bytes = 2000
    log = logs.get("test")
    try:
        raise ValueError("passport 533419862 and account 6217002860001234565")
    except ValueError:
        log.exception("failed for %s", "E12345678")
    for i in range(200):
        log.info("line %d of many, with a passport E1234%04d", i, i)
    logs.close()
    files = sorted(path.parent.glob("desk.log*"))
    assert [f.name for f in files] == ["desk.log", "desk.log.1", "desk.log.2", "desk.log.3"]
    text = "".join(f.read_text() for f in files)
    assert "line 199 of many" in text and "[ID]" in text
    assert "533419862" not in text and "6217002860001234565" not in text and "E12345678" not in text
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert {stat.S_IMODE(os.stat(f).st_mode) for f in files} == {0o600}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_an_unwritable_data_dir_means_no_log_file_not_an_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        assert logs.setup("cli", tmp_path / "data") is None
        logs.get("cli").info("still fine")
    finally:
        tmp_path.chmod(0o700)


def test_an_unusable_data_dir_means_no_log_file_not_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert logs.setup("cli", blocker) is None
    logs.get("cli").info("still fine")
