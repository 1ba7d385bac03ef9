"""Packs or forms for many cases into one folder, one case after another, each with its own
result: saved (the files written), refused (the engine's blockers: forms.verdict.report decides,
as for one case) or failed (why). A cancel between two cases keeps what is finished.
Used by `shebao pack-all` and the app's batch dialog."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from forms.common.i18n import N_, bi

SAVED, REFUSED, FAILED = "saved", "refused", "failed"


@dataclass
class BatchItem:
    case: str  # id
    name: str
    status: str  # saved | refused | failed
    paths: list[str] = field(default_factory=list)
    reason: dict | None = None  # bilingual: why refused or failed, or a note
    blockers: list[dict] = field(default_factory=list)  # refused: the blockers' bilingual messages

    def to_dict(self) -> dict:
        return {"case": self.case, "name": self.name, "status": self.status, "paths": self.paths,
                "reason": self.reason, "blockers": self.blockers}


def safe_name(text: str) -> str:
    """A file name part without characters that Windows or macOS refuse."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', " ", text).strip(" .") or "case"


def _unique(path: Path, taken: set) -> Path:
    candidate, n = path, 2
    while candidate in taken or candidate.exists():
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        n += 1
    taken.add(candidate)
    return candidate


def output_for(case: dict, today: dt.date, folder: Path, kind: str = "pack", *, draft: bool = False,
               lang: str | None = None, taken: set | None = None) -> BatchItem:
    """The pack (kind "pack": "NAME - submission pack.pdf") or the forms as PDF (kind
    "forms": a folder "NAME - forms") of one case, checked on its evaluation date."""
    from forms.case.model import full_name
    from forms.law.deadlines import evaluation_date
    from forms.common.logs import redact
    from forms.pack.build import PackRefused, build_pack
    from forms.verdict.report import build_report
    from forms.law.ruleset import RuleDateError

    name = full_name(case)
    stem = safe_name(name or case.get("id", "case"))
    taken = set() if taken is None else taken
    item = BatchItem(case.get("id", ""), name, SAVED)
    on = evaluation_date(case, today)
    try:
        if kind == "pack":
            path = _unique(Path(folder) / f"{stem} - submission pack.pdf", taken)
            result = build_pack(case, on, path, draft=draft, lang=lang)
            item.paths = [str(result.path)]
            if result.problems:
                item.reason = bi(N_("{count} attached files could not be included; a page in the pack says why."),
                                 count=len(result.problems))
        else:
            from forms.fill.write import fill_forms, forms_for

            report = build_report(case, on)
            if not report.ready and not draft:
                raise PackRefused(report)
            if not forms_for(case, on):
                item.reason = bi(N_("This case needs no forms (retaining the account, or registering online)."))
                return item
            out = _unique(Path(folder) / f"{stem} - forms", taken)
            item.paths = [str(p) for p in fill_forms(case, on, out, ("pdf",), lang, draft=draft)]
    except PackRefused as exc:
        item.status, item.reason = REFUSED, exc.message
        item.blockers = [f.message for f in exc.report.findings if f.severity == "blocker"]
    except RuleDateError as exc:
        item.status, item.reason = FAILED, exc.message
    except OSError as exc:
        item.status = FAILED
        item.reason = bi(N_("Cannot write {path}: {problem}"), path=redact(str(exc.filename or folder)),
                         problem=exc.strerror or str(exc))
    except Exception as exc:  # noqa: BLE001 - one case's failure never stops the batch
        item.status = FAILED
        item.reason = bi(N_("Unexpected error ({kind}): {problem}"), kind=type(exc).__name__,
                         problem=redact(str(exc))[:200])
    return item


def run_batch(load, ids: list[str], today: dt.date, folder: Path, kind: str = "pack", *, draft: bool = False,
              lang: str | None = None, on_item=None, progress=None, cancel=None) -> list[BatchItem]:
    """output_for each case (`load(id)` gives it), in order. `on_item(item)` after each;
    `cancel.is_set()` is checked between cases: the items finished stay."""
    from forms.fill.write import private_dir

    folder = private_dir(Path(folder))
    taken: set = set()
    items = []
    for n, cid in enumerate(ids):
        if cancel is not None and cancel.is_set():
            break
        try:
            case = load(cid)
        except Exception as exc:  # noqa: BLE001 - a case that cannot be loaded is that case's failure
            item = BatchItem(cid, "", FAILED, reason=getattr(exc, "message", None) or bi(
                N_("Unexpected error ({kind}): {problem}"), kind=type(exc).__name__, problem=str(exc)[:200]))
        else:
            item = output_for(case, today, folder, kind, draft=draft, lang=lang, taken=taken)
        items.append(item)
        if on_item is not None:
            on_item(item)
        if progress is not None:
            progress(n + 1, len(ids))
    return items
