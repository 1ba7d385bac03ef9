"""Run by the tests in tests/ship as a separate process: the real app, started as
`shebao-desk` starts it (desktop.app.build + run: event loop, then shutdown), driven
through its widgets. Says what it did on stdout, one line each.

    python -m tests.ship.app_driver full           # a departure typed in, scans dropped, an
                                                   # error in a slot and in a task, then Quit
    python -m tests.ship.app_driver kiosk-attach   # --kiosk: a case with attachments, then
                                                   # waits (the test kills it)
    python -m tests.ship.app_driver kiosk-quit     # --kiosk: list the cases, then Quit
    python -m tests.ship.app_driver kiosk-look     # --kiosk: full screen? the language switch
                                                   # of the first screen clicked, then Quit
    python -m tests.ship.app_driver quit           # as set (no flag): list the cases, then Quit
    python -m tests.ship.app_driver wait           # as set: start, then wait for a signal
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from desktop.app import build, parse_args, run
from tests.desktop.drive import click, drop_files, fill, new_case_button, page, paste

ROOT = Path(__file__).resolve().parents[2]
SCANS = ROOT / "examples" / "scans"
HARRIS_MRZ = ["P<GBRHARRIS<<EMILY<ROSE<<<<<<<<<<<<<<<<<<<<<", "5334198623GBR9006153F3109030<<<<<<<<<<<<<<<2"]
PASSPORT, ACCOUNT, SS = "533419862", "6217002860001234565", "GBR533419862"


def say(*words) -> None:
    print(*words, flush=True)


def wait_until(condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the app did not get there in time")
        QTest.qWait(20)


def enter_departure(window) -> None:
    """A departure case through the widgets, with the numbers the tests look for."""
    window.activateWindow()
    click(new_case_button(window, "departure"))
    window.editor.go("eligibility")
    fill(window, "eligibility", "employment.arrangement", "permit")
    window.editor.go("person")
    for field, value in (("person.surname", "HARRIS"), ("person.given_names", "EMILY ROSE"),
                         ("person.birth_date", "15/06/1990"), ("person.nationality", "United Kingdom"),
                         ("person.passport.number", PASSPORT), ("person.passport.issuing_country", "GB"),
                         ("person.passport.expiry", "03/09/2031")):
        fill(window, "person", field, value)
    paste(page(window, "person").fields["person.passport.mrz"], "\n".join(HARRIS_MRZ))
    window.editor.go("departure")
    fill(window, "departure", "departure.choice", "terminate")
    for field, value in (("social_security.number", SS), ("bank.account_number", ACCOUNT),
                         ("bank.account_holder", "HARRIS EMILY ROSE")):
        fill(window, "departure", field, value)
    window.editor.go("documents")
    docs = page(window, "documents")
    for req, name in (("dep.passport", "harris-passport.jpg"), ("dep.bank_card", "harris-bank-card.jpg")):
        drop_files(docs.rows[req], [SCANS / name])
        wait_until(lambda: docs.task is None)
    wait_until(lambda: len(window.session.case.get("attachments", [])) == 2)
    window.session.flush()
    window.editor.go("review")
    say("CASE", window.session.id, len(window.session.case["attachments"]), "attachments")


def full(app, window) -> None:
    enter_departure(window)

    # an error nobody catches, in a slot run by the event loop, whose message carries
    # personal numbers; then the rest, once the loop has handled it
    def broken_slot():
        raise ValueError(f"account {ACCOUNT} does not match passport {PASSPORT} ({HARRIS_MRZ[1]})")
    QTimer.singleShot(0, broken_slot)
    QTimer.singleShot(100, lambda: after_error(app, window))


def after_error(app, window) -> None:
    box = window.dialog
    text = box.text() if box is not None else ""
    say("ERROR-SHOWN", type(box).__name__, "log file" in text, PASSPORT in text)
    if box is not None:
        box.close()

    # a background task that fails the same way
    def failing(progress, cancel):
        raise RuntimeError(f"cannot read scan of {SS}, MRZ {HARRIS_MRZ[0]}")
    handle = window.runner.start(failing, name="failing")
    wait_until(lambda: handle.done)
    window.close_case()
    say("DONE")
    window.close()
    app.quit()


def kiosk_attach(app, window) -> None:
    enter_departure(window)
    say("ATTACHED", window.kiosk.path, window.session.id)


def kiosk_quit(app, window) -> None:
    kiosk = window.kiosk
    say("ROWS", len(window.case_list.model.rows), "SWEPT", len(kiosk.swept) if kiosk else "-",
        "KIOSK", kiosk.path if kiosk else "-")
    window.close()
    app.quit()


def kiosk_look(app, window) -> None:
    from desktop import i18n

    welcome = window.case_list.empty
    switch = welcome.languages
    say("FULLSCREEN", window.isFullScreen(), "WELCOME", welcome.isVisible(), "SWITCH", switch.isVisible(),
        "LANG", i18n.lang())
    click(switch.buttons["zh"])
    say("LANG", i18n.lang(), "HEADING", welcome.heading.accessibleName().replace(" ", "_"), "CHECKED", switch.buttons["zh"].isChecked(),
        "BAR", window.kiosk_languages.buttons["zh"].isChecked())
    click(switch.buttons["en"])
    say("LANG", i18n.lang(), "HEADING", welcome.heading.accessibleName().replace(" ", "_"))
    window.close()
    app.quit()


def wait(app, window) -> None:
    """Start and wait (the test ends it with a signal)."""
    say("STARTED", window.kiosk.path if window.kiosk else "-")


if __name__ == "__main__":
    what = sys.argv[1]
    args, rest = parse_args(["--kiosk"] if what.startswith("kiosk") else [])
    app, window = build(rest, kiosk=True if args.kiosk else None)
    action = {"full": full, "kiosk-attach": kiosk_attach, "kiosk-quit": kiosk_quit, "quit": kiosk_quit,
              "kiosk-look": kiosk_look,
              "wait": wait}[what]
    QTimer.singleShot(0, lambda: action(app, window))
    sys.exit(run(app, window))
