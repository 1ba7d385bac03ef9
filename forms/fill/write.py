"""Fill the forms a case needs, as PDF and DOCX files: what `shebao fill` and the app call.

The files hold personal data (passport and bank numbers): they are written owner-only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from forms.law.ruleset import Law, as_law

FORMATS = ("pdf", "docx")


def forms_for(case: dict, law: Law | dt.date) -> list[str]:
    """The ids of the forms this case needs, in counter order (none for `retain`, none
    for an online registration)."""
    from forms.law.requirements import requirements

    return [r.form for r in requirements(case, law) if r.form]


def write_private(path: Path, data) -> Path:
    """Write `data` to `path`, readable and writable by the owner only: through a new
    temporary file (O_EXCL, O_NOFOLLOW, 0600) renamed over it, so that a planted link or
    a stale `.part` file never receives the data (forms.common.untrusted.write_exclusive).
    `data`: bytes, or a function that writes into the open file (a PDF writer's `write`:
    no copy in memory)."""
    from forms.common.untrusted import write_exclusive

    return write_exclusive(path, data)


def private_dir(path: Path) -> Path:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def fill_forms(case: dict, law: Law | dt.date, out_dir, formats=FORMATS, lang: str | None = None,
               draft: bool = False, form_ids=None, signature=None, progress=None) -> list[Path]:
    """Write each form the case needs (or `form_ids`) into `out_dir` as <form_id>.pdf and/or
    <form_id>.docx; return the paths written. `lang` None: values in both languages.
    `draft` stamps DRAFT / 草稿 on every PDF page. Blockers are the caller's decision
    (see forms.verdict.report.build_report). `signature` (forms.fill.signature.Signature): placed in
    the person's box of each PDF (the DOCX stays to be signed on paper).
    `progress(done, total, form_id)` after each file; raising from it stops."""
    from forms.fill.render_docx import render_docx
    from forms.fill.render_pdf import render_form

    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(sorted(unknown))}: use {', '.join(FORMATS)}")
    out = private_dir(out_dir)
    paths = []
    law = as_law(law)
    ids = list(form_ids if form_ids is not None else forms_for(case, law))
    total = len(ids) * len(formats)
    for form_id in ids:
        if "pdf" in formats:
            paths.append(write_private(out / f"{form_id}.pdf", render_form(case, form_id, law, lang, draft, signature)))
            if progress:
                progress(len(paths), total, form_id)
        if "docx" in formats:
            paths.append(write_private(out / f"{form_id}.docx", render_docx(case, form_id, law, lang)))
            if progress:
                progress(len(paths), total, form_id)
    return paths
