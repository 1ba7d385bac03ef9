"""The contribution history: periods of months at one monthly base, typed into the case
or pasted as the table text of the contribution record the person downloads.

A month is an int index (year * 12 + month - 1) inside the engine and "YYYY-MM" in the
case file. Bad input raises HistoryError with every problem and its line (pasted text) or
JSON path (case file), in both languages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from forms.common.i18n import N_, bi

FIELD = "contributions"  # the case field that holds the history


class HistoryError(ValueError):
    """A history that cannot be used; `problems` are bilingual messages, one per line."""

    def __init__(self, problems: list[dict]):
        self.problems = problems
        self.message = {lang: "\n".join(p[lang] for p in problems) for lang in ("zh", "en")}
        super().__init__(self.message["en"])


@dataclass(frozen=True)
class Period:
    start: int  # month index
    end: int  # month index, inclusive
    base: Decimal  # monthly contribution base, RMB
    line: int | None = None  # where it came from in pasted text

    @property
    def months(self) -> int:
        return self.end - self.start + 1


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_month(text: str) -> int:
    """'2022-03' -> index; ValueError otherwise."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(text)
    return month_index(int(m.group(1)), int(m.group(2)))


# --- the case file -------------------------------------------------------------------------

def periods_from_case(case: dict) -> list[Period]:
    """The case's periods (the schema has checked their form; here: from <= to)."""
    out, problems = [], []
    for i, row in enumerate(case.get(FIELD) or []):
        where = f"$.{FIELD}[{i}]"
        try:
            start, end = parse_month(row["from"]), parse_month(row["to"])
            base = Decimal(str(row["base"]))
        except (KeyError, ValueError, TypeError, InvalidOperation):
            problems.append(bi(N_("{where}: a period needs a from and a to month (YYYY-MM) and a monthly base."), where=where))
            continue
        if end < start:
            problems.append(bi(N_("{where}: the period ends ({end}) before it starts ({start})."),
                               where=where, start=row["from"], end=row["to"]))
            continue
        out.append(Period(start, end, base))
    if problems:
        raise HistoryError(problems)
    return out


def to_case(periods: list[Period]) -> list[dict]:
    """Periods as the case file stores them."""
    return [{"from": month_text(p.start), "to": month_text(p.end), "base": _number(p.base)} for p in periods]


def _number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


# --- the pasted contribution record ---------------------------------------------------------
#
# The record lists one row per period (or per month) with, among other columns, the period
# and the pension contribution base. Columns are found by their header, so their order and
# the other columns (employer, the shares paid, the other insurances) do not matter.

_PERIOD = ("起止年月", "缴费起止", "缴费期间", "费款所属期", "period")
_SINGLE = ("缴费年月", "所属年月", "年月", "month")
_FROM = ("起始年月", "开始年月", "from")
_TO = ("截止年月", "终止年月", "to")
_BASE = ("缴费基数", "基数", "base")
_SKIP_ROWS = ("合计", "小计", "总计", "total")
_MONTH = re.compile(r"(\d{4})\s*(?:[-./年]\s*(\d{1,2})\s*月?|(\d{2}))")
_AMOUNT = re.compile(r"^[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:元)?$")


def _cells(line: str, mode: str) -> list[str]:
    if mode == "tab":
        return [c.strip() for c in line.split("\t")]
    if mode == "wide":
        return [c for c in re.split(r"\s{2,}", line.strip())]
    return line.split()


def _named(cell: str, name: str) -> bool:
    if name.isascii():  # an English header: whole words ("to" is not in "total")
        return re.search(rf"\b{name}\b", cell.lower()) is not None
    return name in cell


def _find(header: list[str], names: tuple, prefer: str | None = None) -> int | None:
    hits = [i for i, h in enumerate(header) if any(_named(h, n) for n in names)]
    if prefer:
        hits = [i for i in hits if prefer in header[i]] or hits
    return hits[0] if hits else None


def _months(cell: str) -> list[int]:
    """The months in a period cell; anything but months and range marks is refused
    ("2025xx" is not read as a month of 2025)."""
    if re.sub(r"[\s\-~～—–至到]|to", "", _MONTH.sub("", cell)):
        raise ValueError(cell)
    out = []
    for m in _MONTH.finditer(cell):
        year, month = int(m.group(1)), int(m.group(2) or m.group(3))
        if not 1 <= month <= 12:
            raise ValueError(cell)
        out.append(month_index(year, month))
    return out


def _amount(cell: str) -> Decimal:
    m = _AMOUNT.match(cell.strip())
    if not m:
        raise ValueError(cell)
    return Decimal(m.group(1).replace(",", "") + (m.group(2) or ""))


def parse_record(text: str) -> list[Period]:
    """Periods from the table text of a contribution record: a header line naming the
    period (起止年月, or 起始年月 and 截止年月, or one 缴费年月 a row) and the base
    (养老…缴费基数) columns, then one row per period. Columns are separated by tabs, by
    two or more spaces, or (when the header has single spaces only) by single spaces.
    Total rows are skipped; any other row that cannot be read is refused with its line."""
    lines = text.splitlines()
    header = mode = None
    problems, out = [], []
    for no, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if header is None:
            mode = "tab" if "\t" in raw else ("wide" if len(re.split(r"\s{2,}", raw.strip())) >= 2 else "space")
            cells = _cells(raw, mode)
            cols = {"period": _find(cells, _PERIOD), "single": _find(cells, _SINGLE), "from": _find(cells, _FROM),
                    "to": _find(cells, _TO), "base": _find(cells, _BASE, prefer="养老")}
            if cols["base"] is None or (cols["period"] is None and cols["single"] is None
                                        and (cols["from"] is None or cols["to"] is None)):
                continue  # a title line above the table
            header = cells
            continue
        cells = _cells(raw, mode)
        if cells and any(cells[0].lower().startswith(s) for s in _SKIP_ROWS):
            continue
        if len(cells) != len(header):
            problems.append(bi(N_("Line {line}: {found} columns where the header has {expected}."),
                               line=no, found=len(cells), expected=len(header)))
            continue
        try:
            if cols["from"] is not None and cols["to"] is not None:
                start, end = _months(cells[cols["from"]]), _months(cells[cols["to"]])
                months = start[:1] + end[:1] if len(start) == len(end) == 1 else []
            else:
                months = _months(cells[cols["period"] if cols["period"] is not None else cols["single"]])
            if len(months) == 1:
                months = months * 2
            if len(months) != 2:
                raise ValueError
            base = _amount(cells[cols["base"]])
        except ValueError:
            problems.append(bi(N_("Line {line}: cannot read a period (YYYYMM or YYYY-MM) and a base amount in: {text}"),
                               line=no, text=raw.strip()[:80]))
            continue
        if months[1] < months[0]:
            problems.append(bi(N_("Line {line}: the period ends before it starts."), line=no))
            continue
        out.append(Period(months[0], months[1], base, no))
    if header is None:
        problems.append(bi(N_("No table header found: the record needs a line naming the period (起止年月 or 缴费年月) and the base (缴费基数) columns.")))
    elif not out and not problems:
        problems.append(bi(N_("The table has a header but no rows.")))
    if problems:
        raise HistoryError(problems)
    return out
