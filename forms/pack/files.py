"""What the pack does with each attached file, from the one verdict (the report with the
file inspection, forms/verdict/report.py) rather than from a second look of its own:

    a file no finding blocks          its pages (forms/pack/scans.py), nothing else
    a file blocked, but whole          (drafts only) a page naming the blocking findings,
                                       then its pages
    a file that cannot be used         (drafts only) that page alone: nothing of a damaged,
    (judge.UNUSABLE: damaged, cut         cut-off, encrypted or unsupported file is copied
    off, encrypted, unsupported...)

The page carries the inspection's own finding texts, in both languages: one source of truth
for what is wrong with a file. A non-draft pack is only made of a ready case, so it never
holds such a page; a file the inspection passed and that still cannot be read stops it
(PackFileError) rather than leave a gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forms.common.i18n import N_, bi
from forms.law.findings import BLOCKER


class PackFileError(ValueError):
    """A file the check passed cannot be put into a final pack. `.message`: bilingual."""

    def __init__(self, message: dict):
        self.message = message
        super().__init__(message["en"])


@dataclass
class Entry:
    req: object  # Requirement
    att: dict
    name: str  # how the pack names the file (its original name)
    source: object = None  # scans.Source of its pages, or None: nothing of it is included
    notice: list[dict] = field(default_factory=list)  # bilingual texts of the page before it

    @property
    def pages(self) -> int:
        return (self.source.pages if self.source is not None else 0) + (1 if self.notice else 0)


def plan(report, case: dict, attached, draft: bool, progress=None) -> list[Entry]:
    """An Entry for each (requirement, attachment) of `attached`, from `report` (made with
    inspect=True). `progress(att)` after each file."""
    from forms.case.model import attachment_path
    from forms.inspection.judge import UNUSABLE
    from forms.pack.scans import open_source

    results = {}  # id(attachment) -> FileResult, in the case's order
    for att, res in zip(case.get("attachments", []), report.files or []):
        results[id(att)] = res
    out = []
    for req, att in attached:
        res = results.get(id(att))
        path = attachment_path(case, att)
        name = att.get("label") or path.name
        blockers = [f for f in report.findings if f.severity == BLOCKER and f.file == att["path"]]
        entry = Entry(req, att, name, notice=[f.message for f in blockers])
        unusable = res is None or not res.exists or any(f.code in UNUSABLE for f in blockers)
        if not unusable:
            src = open_source(path, name, res.analysis)
            if src.kind == "placeholder":
                if not draft:
                    raise PackFileError(src.problem)
                entry.notice.append(src.problem)
            else:
                entry.source = src
        elif not entry.notice:  # not inspected: say so rather than show an empty page
            entry.notice.append(bi(N_("{file} could not be checked, so it is not included: check the case again."),
                                   file=name))
        if entry.notice and not draft:
            raise PackFileError(entry.notice[0])
        out.append(entry)
        if progress:
            progress(att)
    return out


def draw_notice(c, entry: Entry) -> None:
    """The page before (or instead of) a blocked file: what blocks it, in both languages."""
    from forms.fill import pdftext as T
    from forms.fill.render_pdf import LEFT, PAGE_H, WIDTH, _bold, _text

    req = entry.req
    y = PAGE_H - 100
    _bold(c, LEFT, y, 14, f"{req.title['zh']}  {req.title['en']}")
    y -= 24
    _text(c, LEFT, y, 9, entry.name, 0.3)
    y -= 26
    head = (bi(N_("This file is not ready to submit:")) if entry.source is not None
            else bi(N_("This file is not included in the pack:")))
    _bold(c, LEFT, y, 11, head["zh"] + "  " + head["en"])
    y -= 10
    for message in entry.notice:
        for key, size in (("zh", 10.5), ("en", 9.5)):
            for line in T.wrap(message[key], size, WIDTH):
                y -= size * T.LEADING
                if y < 80:
                    break
                _text(c, LEFT, y, size, line)
            y -= 6
        y -= 8
    c.showPage()
