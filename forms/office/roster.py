"""Roster import: an HR office's employee list (CSV or Excel .xlsx) becomes one case per row.

    table = read_table(path)                    # headers and rows, as in the file
    mapping = guess_mapping(table.headers, remembered)   # column -> case field
    result = import_roster(store, table, mapping, today)

Each row is checked with the engine before anything is stored: every cell is read as its
case field's type (dates, country codes, choices, numbers), the case is validated against
the case schema, and the fields that find the case again must be there. A row with any
problem is not imported at all; the report names its row (as numbered in the file), its
column, the problem and the fix. A row whose passport number and nationality match a case
in the store updates that case (only the cells the row fills) and says what changed; the
same file imported again changes nothing. The good rows are stored in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from forms.case.fields import label
from forms.case.model import get
from forms.common.i18n import N_, bi

# the case fields a roster can fill, in the template's order
FIELDS = [
    "person.surname", "person.given_names", "person.name_zh", "person.sex", "person.birth_date",
    "person.nationality", "person.passport.number", "person.passport.issue_date", "person.passport.expiry",
    "person.phone", "person.email", "procedure",
    "employment.employer_name_zh", "employment.employer_name_en", "employment.credit_code",
    "employment.document_kind", "employment.document_number", "employment.document_processed",
    "employment.document_expiry", "employment.residence_permit_number", "employment.residence_permit_expiry",
    "employment.arrangement", "employment.start_date", "employment.job_title", "employment.monthly_wage",
    "departure.choice", "departure.leaving_date", "departure.pension_verified", "social_security.number",
]
KEY = ("person.passport.number", "person.nationality")  # finds the case again on a re-import
REQUIRED = ("person.surname", *KEY)
MAX_ROWS = 20000


class RosterError(ValueError):
    """A roster that cannot be read at all (bilingual message)."""

    def __init__(self, message: dict):
        self.message = message
        super().__init__(message["en"])


@dataclass
class Table:
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the file, cells)


@dataclass
class Problem:
    row: int
    column: str  # the header as in the file ("" for the row as a whole)
    field: str | None
    message: dict  # bilingual: what is wrong
    fix: dict  # bilingual: what to do

    def to_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "field": self.field, "problem": self.message, "fix": self.fix}


@dataclass
class ImportResult:
    created: list[dict] = field(default_factory=list)  # {"row", "id", "name"}
    updated: list[dict] = field(default_factory=list)  # {"row", "id", "name", "changes": [{"field", "old", "new"}]}
    unchanged: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def refused_rows(self) -> list[int]:
        return sorted({p.row for p in self.problems})

    def to_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "refused_rows": self.refused_rows, "problems": [p.to_dict() for p in self.problems]}


# --- the template and the columns ---------------------------------------------------------

def header(fld: str) -> str:
    """The template's bilingual column header: "护照号码 Passport number"."""
    text = label(fld)
    return f"{text['zh']} {text['en']}"


def save_template(path: Path) -> Path:
    """An empty roster with the bilingual headers, as .xlsx or .csv (by the suffix)."""
    path = Path(path)
    headers = [header(f) for f in FIELDS]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        sheet.title = "Roster"
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) * 0.9)
        sheet.freeze_panes = "A2"
        book.save(path)
    else:
        import csv

        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh).writerow(headers)
    return path


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-()（）.:：/]+", "", str(text)).casefold()


def guess_mapping(headers: list[str], remembered: dict[str, str] | None = None) -> dict[int, str]:
    """Column index -> case field: the remembered choice for a header first, else a header
    that is the field's path, its English or Chinese label, or the template's header."""
    names = {}
    for f in FIELDS:
        text = label(f)
        for name in (f, text["en"], text["zh"], header(f), f.rsplit(".", 1)[-1]):
            names.setdefault(_norm(name), f)
    out, used = {}, set()
    for i, h in enumerate(headers):
        f = (remembered or {}).get(h) or names.get(_norm(h))
        if f in FIELDS and f not in used:
            out[i] = f
            used.add(f)
    return out


# --- reading ------------------------------------------------------------------------------

def read_table(path: Path) -> Table:
    """The first sheet of an .xlsx file, or a CSV file (UTF-8, with or without BOM, or GB18030;
    comma, semicolon or tab). The first non-empty row holds the headers."""
    path = Path(path)
    try:
        head = path.read_bytes()[:4]
    except OSError as exc:
        raise RosterError(bi(N_("Cannot read {path}: {problem}"), path=str(path), problem=exc.strerror or str(exc))) from None
    rows = _read_xlsx(path) if head.startswith(b"PK") else _read_csv(path)
    numbered = [(n, cells) for n, cells in rows if any(c not in (None, "") for c in cells)]
    if not numbered:
        raise RosterError(bi(N_("{path} has no rows: the first row must hold the column headers."), path=str(path)))
    if len(numbered) > MAX_ROWS + 1:
        raise RosterError(bi(N_("{path} has more than {n} rows: split it into smaller files."), path=str(path), n=MAX_ROWS))
    (_n, first), data = numbered[0], numbered[1:]
    headers = [str(c).strip() if c is not None else "" for c in first]
    width = len(headers)
    return Table(headers, [(n, (list(cells) + [None] * width)[:width]) for n, cells in data])


def _read_xlsx(path: Path):
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zip, XML or openpyxl errors all mean "not a workbook we can read"
        raise RosterError(bi(N_("{path} is not an Excel workbook (.xlsx) that can be read. Save it again as .xlsx or CSV."),
                             path=str(path))) from None
    try:
        sheet = book.worksheets[0]
        return [(n, list(values)) for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
    finally:
        book.close()


def _read_csv(path: Path):
    import csv

    raw = path.read_bytes()
    if b"\0" in raw[:4096]:
        raise RosterError(bi(N_("{path} is neither a CSV file nor an Excel workbook (.xlsx)."), path=str(path)))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterError(bi(N_("{path} is not a text file: save the roster as CSV (UTF-8) or .xlsx."), path=str(path)))
    lines = text.splitlines()
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:5]), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(enumerate(csv.reader(lines, dialect), start=1))


# --- cells to case values --------------------------------------------------------------------

def _spec(fld: str) -> dict:
    from forms.case.model import schema

    node = schema()
    for part in fld.split("."):
        node = node["properties"][part]
    if "$ref" in node:
        return {"kind": node["$ref"].rsplit("/", 1)[-1]}
    if "enum" in node:
        return {"kind": "enum", "values": node["enum"]}
    return {"kind": node.get("type", "string")}


_DATE_FORMS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")
_SEX = {"m": "M", "male": "M", "男": "M", "f": "F", "female": "F", "女": "F", "x": "X"}
_PROCEDURE = {"registration": "registration", "登记": "registration", "参保登记": "registration",
              "departure": "departure", "离境": "departure", "离境结算": "departure"}


def _country(text: str) -> str | None:
    from forms.case import countries

    code = text.strip().upper()
    if countries.is_code(code):
        return code
    if len(code) == 3 and countries.from_mrz(code):
        return countries.from_mrz(code)
    wanted = text.strip().casefold()
    for alpha2 in countries.codes():
        if any(n.casefold() == wanted for n in countries.names(alpha2).values()):
            return alpha2
    return None


def cell_value(fld: str, value):
    """(value for the case, None) or (None, (problem, fix)) for one cell; None for empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    kind = _spec(fld)
    text = str(value).strip()
    if kind["kind"] == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat(), None
        if isinstance(value, dt.date):
            return value.isoformat(), None
        for form in _DATE_FORMS:
            try:
                return dt.datetime.strptime(text, form).date().isoformat(), None
            except ValueError:
                continue
        return None, (bi(N_("“{value}” is not a date."), value=text[:40]),
                      bi(N_("Write the date as YYYY-MM-DD, for example 2027-01-31 (or use a date cell in Excel).")))
    if kind["kind"] == "country":
        code = _country(text)
        if code:
            return code, None
        return None, (bi(N_("“{value}” is not a country."), value=text[:40]),
                      bi(N_("Use the two-letter country code (DE, FR, US…) or the country's name.")))
    if kind["kind"] == "enum":
        lookup = {"person.sex": _SEX, "procedure": _PROCEDURE}.get(fld, {})
        choice = lookup.get(text.casefold()) or next((v for v in kind["values"] if v.casefold() == text.casefold()), None)
        if choice:
            return choice, None
        return None, (bi(N_("“{value}” is not one of the choices."), value=text[:40]),
                      bi(N_("Use one of: {choices}."), choices=", ".join(kind["values"])))
    if kind["kind"] == "number":
        try:
            return float(text.replace(",", "")), None
        except ValueError:
            return None, (bi(N_("“{value}” is not a number."), value=text[:40]),
                          bi(N_("Write the amount as digits, for example 18000.")))
    if isinstance(value, float) and value.is_integer():  # Excel keeps a number column's "12345" as 12345.0
        text = str(int(value))
    return text, None


def _set(case: dict, fld: str, value) -> None:
    node = case
    *parents, last = fld.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def row_case(row_no: int, cells: list, headers: list[str], mapping: dict[int, str],
             procedure: str) -> tuple[dict, dict, list[Problem]]:
    """(values by field, the case they make, problems) for one row."""
    from jsonschema import Draft202012Validator, FormatChecker

    from forms.case.model import SCHEMA_VERSION, _describe, schema

    values, problems, column_of = {}, [], {}
    for i, fld in mapping.items():
        column_of[fld] = headers[i]
        value, problem = cell_value(fld, cells[i])
        if problem:
            problems.append(Problem(row_no, headers[i], fld, *problem))
        elif value is not None:
            values[fld] = value
    case = {"schema_version": SCHEMA_VERSION, "procedure": values.get("procedure", procedure)}
    for fld, value in values.items():
        _set(case, fld, value)
    if not problems:
        validator = Draft202012Validator(schema(), format_checker=FormatChecker())
        for err in validator.iter_errors(case):
            fld = ".".join(str(p) for p in err.absolute_path)
            problems.append(Problem(row_no, column_of.get(fld, ""), fld or None,
                                    bi(N_("Not valid: {problem}"), problem=_describe(err)),
                                    bi(N_("Correct the value in the file and import it again."))))
    for fld in REQUIRED:
        if fld not in values and not any(p.field == fld for p in problems):
            problems.append(Problem(row_no, column_of.get(fld, ""), fld,
                                    bi(N_("{field} is empty."), field=label(fld)),
                                    bi(N_("Fill in the surname, nationality and passport number: a new import of "
                                          "the roster finds the case again by passport number and nationality."))))
    return values, case, problems


# --- the import -----------------------------------------------------------------------------

def _key(values: dict) -> tuple:
    return tuple(str(values.get(f, "")).upper() for f in KEY)


def _existing(store) -> dict[tuple, str]:
    """(passport number, nationality) -> case id, read by SQLite from the stored JSON."""
    out = {}
    for cid, number, nat in store.db.execute(
            "SELECT id, json_extract(json, '$.person.passport.number'), json_extract(json, '$.person.nationality') "
            "FROM cases WHERE deleted IS NULL"):
        if number and nat:
            out.setdefault((str(number).upper(), str(nat).upper()), cid)
    return out


def import_roster(store, table: Table, mapping: dict[int, str], today: dt.date, *,
                  procedure: str = "registration", dry_run: bool = False, progress=None, cancel=None) -> ImportResult:
    """Check every row, then store the good ones (new cases, or updates of the case with the
    same passport number and nationality) in one transaction, each with its status summary
    for `today`. With dry_run nothing is stored. Cancel (before the store) stores nothing."""
    from forms.case.model import full_name
    from forms.store.cases import new_id
    from forms.verdict.summary import case_summary

    result = ImportResult()
    missing = [header(f) for f in REQUIRED if f not in mapping.values()]
    if missing:
        result.problems.append(Problem(0, "", None, bi(N_("No column is mapped to {fields}."), fields=", ".join(missing)),
                                       bi(N_("Choose the roster's columns for the surname, nationality and passport number."))))
        return result
    existing = _existing(store)
    seen: dict[tuple, int] = {}
    writes = []  # (kind, row, case, summary, changes)
    total = len(table.rows)
    for n, (row_no, cells) in enumerate(table.rows, start=1):
        if cancel is not None and cancel.is_set():
            return ImportResult()
        values, new, problems = row_case(row_no, cells, table.headers, mapping, procedure)
        key = _key(values)
        if not problems and key in seen:
            problems.append(Problem(row_no, "", None, bi(N_("The same person as row {row} (passport number and nationality)."),
                                                         row=seen[key]),
                                    bi(N_("Keep one row per person."))))
        if problems:
            result.problems.extend(problems)
        else:
            seen[key] = row_no
            cid = existing.get(key)
            if cid is None:
                new["id"] = new_id()
                writes.append(("created", row_no, new, []))
            else:
                case = store.load(cid)
                changes = [{"field": f, "old": get(case, f), "new": v} for f, v in values.items() if get(case, f) != v]
                for change in changes:
                    _set(case, change["field"], change["new"])
                writes.append(("updated" if changes else "unchanged", row_no, case, changes))
        if progress is not None:
            progress(n, total)
    if dry_run:
        for kind, row_no, case, changes in writes:
            getattr(result, kind).append(_entry(row_no, case, changes, full_name))
        return result
    with store.batch():  # all good rows, or none: one transaction
        for kind, row_no, case, changes in writes:
            if kind != "unchanged":
                store.save(case, case_summary(store.prepare(case), today))
            getattr(result, kind).append(_entry(row_no, case, changes, full_name))
    return result


def _entry(row_no: int, case: dict, changes: list, full_name) -> dict:
    out = {"row": row_no, "id": case["id"], "name": full_name(case)}
    if changes:
        out["changes"] = changes
    return out
