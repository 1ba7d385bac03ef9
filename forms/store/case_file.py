"""Open a case JSON file (as `shebao check` reads it, such as the examples) into the store:
the case is validated, and each attached file, found beside the JSON as the CLI finds it,
is copied into the attachment store under its original name. A file the case names but
that is not there refuses the whole import, naming it: nothing is imported half-way."""

from __future__ import annotations

from pathlib import Path

from forms.case.model import CaseError, attachment_path, load_case
from forms.common.files import StoreError
from forms.common.i18n import N_, bi
from forms.store.cases import CaseStore, new_id


def open_case_file(store: CaseStore, path: Path) -> dict:
    """Import the case JSON at `path` as a new case (a new id: the file stays the
    original) and return the stored case. Raises StoreError with a bilingual message."""
    try:
        case = load_case(path)
    except CaseError as exc:
        raise StoreError(exc.message) from None
    files = []
    for att in case.get("attachments", []):
        source = attachment_path(case, att)
        if not source.is_file():
            raise StoreError(bi(N_("{case} names the file {file}, which is not there: put it beside the case "
                                   "file, or remove it from the case."), case=Path(path).name, file=att["path"]))
        files.append((att, source))
    attachments = []
    for att, source in files:  # copied only once every file is known to be there
        sha, rel = store.blobs.add(source)
        attachments.append({**att, "path": rel, "sha256": sha, "label": att.get("label") or source.name})
    case = {k: v for k, v in case.items() if not k.startswith("_")}
    case["id"] = new_id()
    if attachments:
        case["attachments"] = attachments
    store.save(case)
    return store.prepare(case)
