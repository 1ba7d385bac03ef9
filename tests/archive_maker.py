"""Exported cases for import tests: each .shebao holds a case with two attachments of its
own (random bytes, so no two archives share a stored file)."""

from __future__ import annotations

import os
from pathlib import Path


def make_archives(folder: Path, n: int, scan_bytes: int = 100_000) -> list[Path]:
    from forms.store import CaseStore
    from forms.store.archive import export_case

    scratch = CaseStore(folder / "scratch")
    out = []
    for i in range(n):
        case = scratch.create("registration", person={"surname": f"IMPORT{i}"})
        for j, req in enumerate(("reg.passport", "reg.residence_permit")):
            src = folder / f"scan-{i}-{j}.jpg"
            src.write_bytes(os.urandom(scan_bytes))
            scratch.attach(case, req, src)
            src.unlink()  # copied into the store
        scratch.save(case)
        out.append(export_case(scratch, case["id"], folder / f"case-{i}.shebao"))
    scratch.close()
    return out
