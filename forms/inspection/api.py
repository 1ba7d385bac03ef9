"""The inspection's entry points: inspect_file, inspect_files and inspect_case.

    result = inspect_file("scans/passport.jpg", requirement="reg.passport", channel="online")
    results = inspect_files(paths, requirement=None, channel=None, progress=None, cancel=None)
    result.findings        [Finding]: file= the path as given, requirement= the requirement id
    result.facts           dict of plain values for the UI (judge.facts: type, pages, DPI, ...)
    result.thumbnail_png   bytes of a PNG of the first page or image, at most 256 px, or None

    ci = inspect_case(case, law, progress=None, cancel=None)
    ci.files               [FileResult], one per attachment, in the case's order
    ci.findings            case-level findings: duplicates and page counts per requirement
    ci.all_findings()      every file's findings and the case-level ones
    ci.cancelled           True if cancel() stopped it (ci.files then holds what finished)

Threads and callbacks: the functions block until done, and call `progress(done, total,
result)` after each file and poll `cancel()` at least ten times a second, in the thread
that called them. The app runs inspect_case in a worker thread and forwards progress to
the UI with a signal; a FileResult is plain data, safe to hand over. One inspection runs
at a time per pool; further calls wait.

The files themselves are read in worker processes (worker.py) with a time limit and a
memory ceiling per file, and the results are cached by content hash (cache.py): an
unchanged file is not read again (only hashed). A frozen app must call
multiprocessing.freeze_support() first thing in main(). A shared PC that must keep
nothing calls Cache.default().clear() at the end of a session (or sets SHEBAO_CACHE_DIR=off).

facts: type, type_label {en, zh}, size_bytes, sha256, pages, width_px, height_px (first
page, upright), dpi (lowest effective DPI of a scanned page) and dpi_basis (id1 | id3 |
a4: mapped onto that document's size; page: a PDF's own), blur, blank_pages, encryption
(None | owner | user), text_layer, mrz_in_text, orientation, mode, bits, summary {en, zh}
(one line: type, pages, pixels, DPI, size), seconds (analysis time).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from forms.law.ruleset import Law, as_law
from forms.case.model import attachment_path
from forms.law.findings import Finding, ordered
from forms.inspection import judge
from forms.inspection.analysis import file_sha256
from forms.inspection.record import failed
from forms.inspection.settings import limits
from forms.common.untrusted import check_regular
from forms.inspection.cache import Cache

_DEFAULT = object()


@dataclass
class FileResult:
    path: str  # as attached in the case (or as given)
    requirement: str | None
    findings: list[Finding]
    facts: dict
    thumbnail_png: bytes | None = None
    cached: bool = False  # the analysis came from the cache
    exists: bool = True  # False: the file is not there (check_case reports that)
    analysis: dict | None = field(default=None, repr=False)

    @property
    def blocked(self) -> bool:
        return any(f.severity == "blocker" for f in self.findings)

    def to_json(self) -> dict:
        """Without the thumbnail and the raw analysis."""
        return {"path": self.path, "requirement": self.requirement, "exists": self.exists,
                "cached": self.cached, "facts": self.facts,
                "findings": [f.to_dict() for f in self.findings]}


@dataclass
class CaseInspection:
    files: list[FileResult]
    findings: list[Finding]  # case-level: duplicates, page counts
    cancelled: bool = False
    seconds: float = 0.0

    def all_findings(self) -> list[Finding]:
        out = [f for r in self.files for f in r.findings] + self.findings
        return ordered(out)

    def for_requirement(self, req_id: str) -> list[FileResult]:
        return [r for r in self.files if r.requirement == req_id]


@dataclass
class _Job:
    path: Path  # where the file is
    label: str  # the file as attached: findings' `file`
    requirement: object | None  # Requirement or None
    declared_pages: int | None = None
    name: str | None = None  # how messages name it (the original file name), default label


def inspect_file(path, requirement=None, channel=None, *, case: dict | None = None,
                 on: dt.date | None = None, label: str | None = None, pool=None,
                 cache=_DEFAULT) -> FileResult:
    """Inspect one file on its own. `requirement`: a Requirement, a requirement id
    ("reg.passport") or None; `channel`: a channel id ("online") or rule row, for its
    upload limit; `case`: to compare a passport MRZ in the file's text with."""
    return inspect_files([path], requirement, channel, case=case, on=on,
                         labels=[label] if label else None, pool=pool, cache=cache)[0]


def inspect_files(paths, requirement=None, channel=None, *, case: dict | None = None,
                  on: dt.date | None = None, labels=None, progress=None, cancel=None, pool=None,
                  cache=_DEFAULT) -> list[FileResult]:
    """Inspect several files, each on its own, as if each were all that is attached for
    `requirement` (in parallel; results in the order of `paths`, and only those finished
    if `cancel()` stopped it)."""
    law = as_law(on or dt.date.today())
    req = resolve_requirement(requirement, law, case)
    row = resolve_channel(channel, law)
    jobs = [_Job(Path(p), (labels[i] if labels else None) or str(p), req) for i, p in enumerate(paths)]
    results, _cancelled = _run(jobs, channel=row, case=case, progress=progress, cancel=cancel, pool=pool, cache=cache)
    out = []
    for job, result in zip(jobs, results):
        if result is None:
            continue
        if result.analysis is not None and req is not None:
            result.findings = ordered(result.findings + judge.page_findings(req, [(job.label, result.analysis, None, job.name)]))
        out.append(result)
    return out


def inspect_case(case: dict, law: Law | dt.date, progress=None, cancel=None, *, pool=None,
                 cache=_DEFAULT) -> CaseInspection:
    """Inspect every attachment of the case for the requirement it is attached to, then
    the case-level checks: the same file or image attached twice, and the page count of
    each requirement over all its files. A missing file gets a FileResult with
    exists=False and no findings (check_case reports it as ATTACHMENT_FILE_MISSING)."""
    from forms.law.requirements import requirements

    start = time.monotonic()
    law = as_law(law)
    reqs = {r.id: r for r in requirements(case, law)}
    jobs = []
    for att in case.get("attachments", []):
        req = reqs.get(att["requirement"]) or resolve_requirement(att["requirement"], law, case, strict=False)
        jobs.append(_Job(attachment_path(case, att), att["path"], req, att.get("pages"), att.get("label")))
    row = resolve_channel(case.get("channel"), law)
    results, cancelled = _run(jobs, channel=row, case=case, progress=progress, cancel=cancel,
                              pool=pool, cache=cache)
    found = [(job, r) for job, r in zip(jobs, results) if r is not None]
    out = CaseInspection([r for _, r in found], [], cancelled)
    if not cancelled:
        out.findings = ordered(_duplicates(found) + _pages(found))
    out.seconds = round(time.monotonic() - start, 4)
    return out


def _run(jobs: list[_Job], *, channel: dict | None = None, case: dict | None = None,
         progress=None, cancel=None, pool=None, cache=_DEFAULT):
    """([FileResult or None (not reached: cancelled)], cancelled) for the jobs, in order."""
    cache = Cache.default() if cache is _DEFAULT else (cache or Cache(None))
    total = len(jobs)
    results: list[FileResult | None] = [None] * total
    done = 0

    def finish(i: int, analysis: dict | None, thumb: bytes | None, cached: bool) -> None:
        nonlocal done
        job = jobs[i]
        if analysis is None:
            res = FileResult(job.label, getattr(job.requirement, "id", None), [], {"exists": False}, exists=False)
        else:
            findings = judge.file_findings(analysis, job.label, job.requirement, channel, case, job.name)
            res = FileResult(job.label, getattr(job.requirement, "id", None), ordered(findings),
                             judge.facts(analysis, job.requirement), thumb, cached, True, analysis)
        results[i] = res
        done += 1
        if progress is not None:
            progress(done, total, res)

    by_hash: dict[str, list[int]] = {}  # content not cached yet -> the jobs that have it
    spent: dict[int, float] = {}  # seconds spent hashing each job's file
    for i, job in enumerate(jobs):
        if cancel is not None and cancel():
            return results, True
        # Only a regular file is opened (a FIFO would block, a device read for ever), and
        # only within the size limit; hashing counts against the file's time limit.
        try:
            st = check_regular(job.path)
        except OSError:  # not there, or a FIFO, a device, a folder: "cannot be found"
            finish(i, None, None, False)
            continue
        if st.st_size > limits()["file_mb"] << 20:
            finish(i, failed("FILE_TOO_LARGE", size_mb=st.st_size >> 20, limit_mb=limits()["file_mb"]), None, False)
            continue
        started = time.monotonic()
        try:
            sha = _content_hash(job.path, started + limits()["time_seconds"])
        except TimeoutError:
            finish(i, failed("FILE_TIMEOUT", seconds=limits()["time_seconds"]), None, False)
            continue
        except OSError:
            sha = f"unreadable:{i}"  # the worker reports why
        spent[i] = time.monotonic() - started
        hit = cache.get(sha)
        if hit:
            finish(i, hit[0], hit[1], True)
        else:
            by_hash.setdefault(sha, []).append(i)
    if not by_hash:
        return results, False
    groups = list(by_hash.values())  # the same content twice is analysed once

    def analysed(k: int, analysis: dict, thumb: bytes | None) -> None:
        cache.put(analysis, thumb)
        for i in groups[k]:
            finish(i, analysis, thumb, False)

    if pool is None:
        from forms.inspection.worker import shared_pool
        pool = shared_pool()
    completed = pool.analyse([jobs[g[0]].path for g in groups], analysed, cancel,
                             spent=[spent.get(g[0], 0.0) for g in groups])
    return results, not completed


_HASHES: dict[tuple, str] = {}  # (path, size, times, inode) -> sha256, in this process


def _content_hash(path: Path, deadline: float | None = None) -> str:
    """The file's sha256, hashed again only when the file changed (its size, change times
    or inode; as git's index does): checking a case and packing it then hash each file once.
    TimeoutError once time.monotonic() passes `deadline` (the hash counts against the
    file's time limit)."""
    import os

    st = os.stat(path)
    key = (os.path.realpath(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    sha = _HASHES.get(key)
    if sha is None:
        sha = file_sha256(path, deadline)
        if len(_HASHES) > 10_000:
            _HASHES.clear()
        _HASHES[key] = sha
    return sha


def _duplicates(found) -> list[Finding]:
    """The same file (content hash), or the same image, attached twice."""
    out = []
    min_corr = judge.S.settings()["duplicate"]["min_correlation"]
    seen: list[tuple[_Job, FileResult]] = []
    for job, res in found:
        a = res.analysis
        if a is None:
            continue
        for other_job, other in seen:
            b = other.analysis
            if a.get("sha256") and a["sha256"] == b.get("sha256"):
                out.append(_dup("DUPLICATE_FILE", job, other_job))
                break
            if _same_image(a, b, min_corr):
                out.append(_dup("DUPLICATE_IMAGE", job, other_job))
                break
        seen.append((job, res))
    return out


def _same_image(a: dict, b: dict, min_corr: float) -> bool:
    pa, pb = (a["pages"][0] if a["pages"] else {}), (b["pages"][0] if b["pages"] else {})
    fa, fb = pa.get("fingerprint"), pb.get("fingerprint")
    if not fa or not fb or not pa.get("aspect") or not pb.get("aspect"):
        return False
    if abs(pa["aspect"] - pb["aspect"]) > 0.03 * max(pa["aspect"], pb["aspect"]):
        return False
    if judge.blank_pages(a) or judge.blank_pages(b):
        return False  # two blank pages look alike; each is reported as blank
    from forms.inspection.quality import similarity
    return similarity(fa, fb) >= min_corr


def _dup(code: str, job: _Job, other: _Job) -> Finding:
    from forms.common.i18n import N_, bi

    other_title = getattr(other.requirement, "title", None) or {"en": "?", "zh": "?"}
    if code == "DUPLICATE_FILE":
        msg = bi(N_("{file} is the same file as {other}, attached for “{requirement}”: attach the right document to each item."),
                 file=job.name or job.label, other=other.name or other.label, requirement=other_title)
    else:
        msg = bi(N_("{file} shows the same picture as {other}, attached for “{requirement}”: check that each item has its own document."),
                 file=job.name or job.label, other=other.name or other.label, requirement=other_title)
    sources = tuple(s["id"] for s in getattr(job.requirement, "sources", ())) or judge.SCAN_SOURCES
    return Finding("warning", code, msg, requirement=getattr(job.requirement, "id", None), file=job.label,
                   sources=sources)


def _pages(found) -> list[Finding]:
    by_req: dict = {}
    for job, res in found:
        if job.requirement is not None and res.analysis is not None:
            by_req.setdefault(job.requirement.id, (job.requirement, []))[1].append(
                (job.label, res.analysis, job.declared_pages, job.name))
    out = []
    for req, files in by_req.values():
        out += judge.page_findings(req, files)
    return out


def resolve_requirement(requirement, law: Law | dt.date, case: dict | None = None, strict: bool = True):
    """A Requirement from a Requirement, an id or None. An id is looked up among the
    case's requirements, else among all document rows in force; unknown: ValueError
    (strict) or None."""
    if requirement is None or not isinstance(requirement, str):
        return requirement
    law = as_law(law)
    if case is not None:
        from forms.law.requirements import requirements
        for req in requirements(case, law):
            if req.id == requirement:
                return req
    for row in law.rows("document"):
        if row["id"] == requirement:
            return _requirement_from_row(row, law)
    if strict:
        raise ValueError(requirement)
    return None


def requirement_ids(law: Law | dt.date) -> list[str]:
    return [row["id"] for row in as_law(law).rows("document") if row.get("kind")]


def _requirement_from_row(row: dict, law: Law):
    from forms.law.requirements import Requirement

    checks = law.data.get("check", {})
    return Requirement(
        id=row["id"], title=row["title"], category=row.get("category"),
        mandatory=bool(row.get("mandatory")) and not row["practice"], practice=row["practice"],
        evidence=row.get("evidence"), because=row.get("because", row["title"]),
        remarks=list(row.get("remarks", [])),
        checks=[{"id": c, "title": checks[c]["title"]} for c in row.get("checks", [])],
        sources=law.source_titles(row["source"]), form=row.get("form"), kind=row.get("kind"),
        min_pages=row.get("min_pages"), expiry_field=row.get("expiry_field"))


def resolve_channel(channel, law: Law | dt.date) -> dict | None:
    """The channel's rule row (its upload limit) from an id, a row or None."""
    if channel is None or isinstance(channel, dict):
        return channel
    for row in as_law(law).rows("channel"):
        if row["id"] == channel:
            return row
    raise ValueError(channel)
