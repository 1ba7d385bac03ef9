"""No network: the command line and the app's flows pass with sockets disabled in this
process (pytest-socket; the subprocess runs are in test_full_run.py), and nothing of ours
imports a networking module."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.desktop.conftest import data_dir, window  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ON = "2026-11-29"

# Modules that open connections (or exist to), and Qt's networking and web modules.
NETWORK_MODULES = {
    "socket", "ssl", "http", "urllib.request", "urllib3", "requests", "httpx", "aiohttp", "ftplib", "smtplib",
    "poplib", "imaplib", "telnetlib", "xmlrpc", "websocket", "websockets", "asyncio", "socketserver",
    "logging.handlers", "webbrowser", "PySide6.QtNetwork", "PySide6.QtNetworkAuth", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebSockets", "PySide6.QtWebView", "PySide6.QtHttpServer",
}
NETWORK_NAMES = {"QNetworkAccessManager", "QTcpSocket", "QUdpSocket", "QSslSocket", "QNetworkRequest",
                 "QWebEngineView", "QDesktopServices"}


@pytest.fixture
def no_network():
    """pytest-socket: every socket but local AF_UNIX ones (asyncio's self-pipe, which
    pyHanko's signing runs on) raises SocketBlockedError; name lookups too."""
    from pytest_socket import disable_socket, enable_socket

    disable_socket(allow_unix_socket=True)
    yield
    enable_socket()


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, [alias.name.rsplit(".", 1)[-1]]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [a.name for a in node.names]


def test_nothing_of_ours_imports_a_network_module():
    offenders = []
    for folder in ("forms", "desktop", "packaging"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for line, module, names in _imports(path):
                full = {module, *(f"{module}.{n}" for n in names)}
                bad = {m for m in full if any(m == x or m.startswith(x + ".") for x in NETWORK_MODULES)}
                bad |= set(names) & NETWORK_NAMES
                if bad:
                    offenders.append(f"{path.relative_to(ROOT)}:{line} {sorted(bad)}")
    assert not offenders, offenders


def test_the_scan_finds_a_network_import(tmp_path):
    """The check above does see one (it is not vacuous)."""
    probe = tmp_path / "probe.py"
    probe.write_text("import urllib.request\nfrom PySide6.QtNetwork import QNetworkAccessManager\n")
    found = [m for _l, m, _n in _imports(probe)]
    assert found == ["urllib.request", "PySide6.QtNetwork"]


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_sockets_are_really_disabled(no_network):
    import socket

    from pytest_socket import SocketBlockedError

    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(SocketBlockedError):
        socket.create_connection(("127.0.0.1", 9))


def test_cli_flows_pass_without_network(no_network, tmp_path):
    from forms.cli import COMMANDS, main
    from tests.forms.forms_helpers import make_p12

    dep = EXAMPLES / "departure-refund.json"
    assert main(["check", str(dep), "--on", ON]) == 0
    assert main(["check", str(EXAMPLES / "registration-dispatched-de.json"), "--on", ON, "--json"]) == 0
    assert main(["rules", "--procedure", "registration", "--nationality", "DE", "--group", "dispatched", "--on", ON]) == 0
    assert main(["fill", str(dep), "--out", str(tmp_path / "filled"), "--on", ON]) == 0
    assert main(["pack", str(dep), "-o", str(tmp_path / "pack.pdf"), "--on", ON]) == 0
    make_p12(tmp_path / "signer.p12", b"pw")
    sys.stdin = __import__("io").StringIO("pw\n")
    try:
        assert main(["sign", str(tmp_path / "pack.pdf"), "--field", "declaration_form_applicant_signature",
                     "--p12", str(tmp_path / "signer.p12"), "-o", str(tmp_path / "signed.pdf")]) == 0
    finally:
        sys.stdin = sys.__stdin__
    if "inspect" in COMMANDS:
        assert main(["inspect", str(dep), "--on", ON]) in (0, 1)
    assert (tmp_path / "signed.pdf").stat().st_size > (tmp_path / "pack.pdf").stat().st_size


def test_app_flows_pass_without_network(no_network, window, qtbot):  # noqa: F811
    from tests.desktop.drive import click, drop_files, fill, new_case_button, page

    click(new_case_button(window, "departure"))
    window.editor.go("person")
    fill(window, "person", "person.surname", "HARRIS")
    fill(window, "person", "person.passport.number", "533419862")
    window.editor.go("departure")
    fill(window, "departure", "departure.choice", "terminate")
    window.editor.go("documents")
    docs = page(window, "documents")
    with qtbot.waitSignal(window.session.saved, timeout=5000):
        drop_files(docs.rows["dep.passport"], [EXAMPLES / "scans" / "harris-passport.jpg"])
    report = window.session.report
    assert report.attachments_for("dep.passport") and not report.ready
    window.editor.go("review")
    assert page(window, "review").summary.text()
    window.close_case()
    assert [r.name for r in window.case_list.model.rows] == ["HARRIS"]
    assert "PySide6.QtNetwork" not in sys.modules
