"""The refund estimate: hand-computed balances, the findings on a history, the rate table
against its data file, and the parser of a pasted contribution record."""

import datetime as dt
import tomllib
from decimal import Decimal

import pytest

from forms.law import ruleset as R
from forms.case.model import CaseError, validate
from forms.estimate import HistoryError, Period, compute, estimate_case, parse_record, periods_from_case, to_case
from forms.estimate.history import month_index
from forms.common.paths import resource

RULES = R.load_rules()
PARAMS = R.parameters()
D = Decimal


def period(start: str, end: str, base) -> Period:
    (y0, m0), (y1, m1) = (map(int, start.split("-")), map(int, end.split("-")))
    return Period(month_index(y0, m0), month_index(y1, m1), D(str(base)))


def codes(est) -> list[str]:
    return [f.code for f in est.findings]


# --- hand-computed ---------------------------------------------------------------------------

def test_one_full_year_at_a_flat_base():
    # 2018, base 10,000: 12 × 800 = 9,600 paid; month-sum 800 × (12 + 11 + … + 1) = 800 × 78
    # = 62,400; interest 62,400 × 8.29 % / 12 = 431.08; balance 10,031.08.
    est = compute([period("2018-01", "2018-12", 10000)], dt.date(2018, 12, 31), PARAMS)
    (year,) = est.years
    assert (year.year, year.months, year.contributions, year.interest) == (2018, 12, D("9600.00"), D("431.08"))
    assert est.balance == D("10031.08")
    assert year.rate == D("0.0829") and year.rate_kind == "uncertain"
    # uncertain rate: the range takes the table's lowest (1.50 %) and highest (8.31 %) rate
    assert est.low == D("9600") + D("78.00")  # 62,400 × 1.50 % / 12
    assert est.high == D("9600") + D("432.12")  # 62,400 × 8.31 % / 12


def test_the_official_year_has_no_range():
    # 2016 is the one rate from an official notice (8.31 %): 62,400 × 8.31 % / 12 = 432.12
    est = compute([period("2016-07", "2016-12", 10000)], dt.date(2016, 12, 1), PARAMS)
    # July..December of 2016 at 800; month-sum 800 × (6+5+4+3+2+1) = 16,800 → 116.34
    assert est.years[0].rate_kind == "official"
    assert est.years[0].interest == D("116.34")
    assert est.low == est.high == est.balance == D("4800") + D("116.34")


def test_a_period_across_a_year_end():
    # 2019-11 .. 2020-02 at base 5,000 (400 a month), settled in February 2020
    # 2019: month-sum 400 × (2 + 1) = 1,200 → 1,200 × 7.61 % / 12 = 7.61; balance 807.61
    # 2020 to February (m = 2): 807.61 × 6.04 % × 2/12 = 8.1299 + 400 × (2 + 1) × 6.04 % / 12
    # = 6.04 → 14.17; balance 807.61 + 800 + 14.17 = 1,621.78
    est = compute([period("2019-11", "2020-02", 5000)], dt.date(2020, 2, 15), PARAMS)
    y19, y20 = est.years
    assert (y19.months, y19.contributions, y19.interest, y19.balance) == (2, D("800.00"), D("7.61"), D("807.61"))
    assert (y20.months, y20.contributions, y20.interest, y20.balance) == (2, D("800.00"), D("14.17"), D("1621.78"))


def test_a_gap_is_a_warning_and_its_months_earn_nothing():
    est = compute([period("2021-01", "2021-03", 10000), period("2021-07", "2021-12", 10000)],
                  dt.date(2021, 12, 31), PARAMS)
    gap = [f for f in est.findings if f.code == "CONTRIBUTION_GAP"]
    assert len(gap) == 1 and "2021-04" in gap[0].message["en"] and "2021-06" in gap[0].message["en"]
    assert gap[0].severity == "warning" and gap[0].field == "contributions"
    # 800 × (12+11+10) + 800 × (6+5+4+3+2+1) = 800 × 54 = 43,200; × 6.69 % / 12 = 240.84
    assert est.years[0].months == 9 and est.years[0].interest == D("240.84")


def test_an_overlap_is_a_warning_and_counted_as_given():
    est = compute([period("2023-01", "2023-06", 10000), period("2023-06", "2023-12", 10000)],
                  dt.date(2023, 12, 31), PARAMS)
    assert "CONTRIBUTION_OVERLAP" in codes(est)
    assert est.years[0].contributions == D("800") * 13


def test_a_base_above_the_limit_is_a_warning():
    est = compute([period("2016-01", "2016-03", 20000)], dt.date(2016, 12, 31), PARAMS)
    (above,) = [f for f in est.findings if f.code == "BASE_ABOVE_LIMIT"]
    assert "18,162" in above.message["en"] and "20000" in above.message["en"]
    assert above.sources == ("base-2016", "base-rule")
    assert est.years[0].contributions == D("4800.00")  # used as given, and said so
    ok = compute([period("2016-01", "2016-03", 18162)], dt.date(2016, 12, 31), PARAMS)
    assert "BASE_ABOVE_LIMIT" not in codes(ok)
    low = compute([period("2016-01", "2016-03", 1500)], dt.date(2016, 12, 31), PARAMS)
    assert "BASE_BELOW_LIMIT" in codes(low)


def test_a_year_without_a_rate_is_flagged_not_guessed():
    est = compute([period("2015-12", "2016-01", 10000)], dt.date(2016, 1, 31), PARAMS)
    y15, y16 = est.years
    assert y15.rate is None and y15.rate_kind == "none" and y15.interest == 0
    assert "RATE_MISSING" in codes(est)


def test_a_year_not_yet_announced_uses_the_last_rate_and_says_so():
    est = compute([period("2026-01", "2026-12", 10000)], dt.date(2026, 12, 31), PARAMS)
    (y,) = est.years
    assert y.rate_kind == "assumed" and y.rate_year == 2025 and y.rate == D("0.015")
    assert any("not announced yet" in a["en"] and "2025" in a["en"] for a in est.assumptions)
    assert est.low < est.high  # an assumed rate is uncertain


def test_every_estimate_says_the_bureau_computes_the_real_amount():
    est = compute([period("2024-01", "2024-12", 10000)], dt.date(2025, 1, 31), PARAMS)
    assert "bureau computes the real amount" in est.assumptions[-1]["en"]
    assert est.to_json()["bureau_computes"]["zh"] != est.to_json()["bureau_computes"]["en"]


def test_months_after_settlement_are_left_out():
    est = compute([period("2025-01", "2025-12", 10000)], dt.date(2025, 6, 30), PARAMS)
    assert "CONTRIBUTION_AFTER_SETTLEMENT" in codes(est)
    assert est.years[-1].months == 6


def test_the_example_case_has_a_history_and_an_estimate():
    from pathlib import Path

    from forms.case.model import load_case

    case = load_case(Path(__file__).parents[2] / "examples" / "departure-refund.json")
    est = estimate_case(case, dt.date(2026, 12, 20))
    assert [y.year for y in est.years] == [2022, 2023, 2024, 2025, 2026]
    assert est.contributions == D(4 * 960 + 12 * 1040 + 12 * 1120 + 29 * 1200)
    assert est.low < est.balance < est.high


def test_a_settlement_date_outside_the_rules_is_refused():
    case = {"schema_version": 1, "procedure": "departure", "contributions": [{"from": "2024-01", "to": "2024-12", "base": 1}]}
    with pytest.raises(R.RuleDateError):
        estimate_case(case, dt.date(2030, 1, 1))


# --- the case file ---------------------------------------------------------------------------

def test_the_schema_checks_the_history():
    case = {"schema_version": 1, "procedure": "departure", "contributions": [{"from": "2024-13", "to": "2024-12", "base": 1}]}
    with pytest.raises(CaseError) as err:
        validate(case)
    assert err.value.json_path == "$.contributions[0].from"
    case["contributions"] = [{"from": "2024-01", "to": "2024-12", "base": -5}]
    with pytest.raises(CaseError):
        validate(case)


def test_a_period_that_ends_before_it_starts_is_refused_with_its_path():
    case = {"contributions": [{"from": "2024-05", "to": "2024-01", "base": 100}]}
    with pytest.raises(HistoryError) as err:
        periods_from_case(case)
    assert "$.contributions[0]" in err.value.message["en"]


def test_periods_round_trip_through_the_case():
    periods = [period("2022-03", "2022-06", 12000), period("2022-07", "2023-06", "13000.5")]
    assert to_case(periods) == [{"from": "2022-03", "to": "2022-06", "base": 12000},
                                {"from": "2022-07", "to": "2023-06", "base": 13000.5}]
    assert periods_from_case({"contributions": to_case(periods)}) == periods


# --- the rate table against its data file ---------------------------------------------------

def test_the_rate_table_matches_the_data_file():
    with open(resource("rules", "shenzhen", "estimate.toml"), "rb") as fh:
        data = tomllib.load(fh)
    rows = {r["year"]: r for r in data["crediting_rate"]}
    assert sorted(rows) == list(range(2016, 2026))
    expected = {2016: "0.0831", 2017: "0.0712", 2018: "0.0829", 2019: "0.0761", 2020: "0.0604",
                2021: "0.0669", 2022: "0.0612", 2023: "0.0397", 2024: "0.0262", 2025: "0.0150"}
    assert {y: D(str(r["rate"])) for y, r in rows.items()} == {y: D(v) for y, v in expected.items()}
    # only 2016 has an official notice; every other year is marked uncertain
    assert [y for y, r in rows.items() if not r["uncertain"]] == [2016]
    assert rows[2016]["source"][0] == "rstf-2017-71"
    assert all(rows[y]["source"] == ["rate-calculators"] for y in range(2017, 2025))
    assert rows[2025]["source"] == ["rate-2025-local"]
    for y, r in rows.items():
        assert r["effective_from"] == dt.date(y, 1, 1) and r["effective_to"] == dt.date(y, 12, 31)
        for sid in r["source"]:
            assert sid in RULES["source"], sid
    # the loader keeps them, and the source test walks them
    assert {where.split(":")[1] for where, _ in R.rule_rows(RULES) if where.startswith("crediting_rate")} == \
        {f"rate-{y}" for y in range(2016, 2026)}
    assert RULES["personal_account"]["share"] == 0.08


# --- the pasted contribution record ----------------------------------------------------------

# The record's table as copied from the downloaded PDF: a title, the header, one row per
# period (the columns of the personal contribution record: number, period, months, employer
# number and name, the pension base, the personal and the employer's contribution), a total.
RECORD = """深圳市社会保险参保缴费明细（个人）
序号\t起止年月\t月数\t单位编号\t单位名称\t养老保险缴费基数\t个人缴交\t单位缴交
1\t202203-202206\t4\t12345678\t深圳示例科技有限公司\t12,000.00\t960.00\t1,680.00
2\t202207-202306\t12\t12345678\t深圳示例科技有限公司\t13,000.00\t1,040.00\t1,820.00

3\t202307 - 202406\t12\t12345678\t深圳示例科技有限公司\t14000\t1120.00\t1960.00
合计\t\t28\t\t\t\t\t
"""


def test_the_parser_reads_a_contribution_record():
    periods = parse_record(RECORD)
    assert [(p.start, p.end, p.base, p.line) for p in periods] == [
        (month_index(2022, 3), month_index(2022, 6), D("12000.00"), 3),
        (month_index(2022, 7), month_index(2023, 6), D("13000.00"), 4),
        (month_index(2023, 7), month_index(2024, 6), D("14000"), 6),
    ]


def test_the_parser_takes_columns_by_two_spaces_and_one_month_a_row():
    text = ("缴费年月    单位名称          医疗保险缴费基数   养老保险缴费基数\n"
            "2024-01     Example Co Ltd    9,000              10,000.00\n"
            "2024年02月  Example Co Ltd    9,000              10,000.00\n")
    periods = parse_record(text)
    assert [(p.start, p.end, p.base) for p in periods] == [
        (month_index(2024, 1), month_index(2024, 1), D("10000.00")),  # the pension base, not the medical one
        (month_index(2024, 2), month_index(2024, 2), D("10000.00"))]


def test_the_parser_refuses_malformed_lines_with_their_numbers():
    bad = RECORD.replace("14000", "fourteen thousand").replace("202207-202306\t12\t", "202207-202306\t12\t\t")
    with pytest.raises(HistoryError) as err:
        parse_record(bad)
    problems = [p["en"] for p in err.value.problems]
    assert len(problems) == 2
    assert problems[0].startswith("Line 4:") and "9 columns" in problems[0] and "8" in problems[0]
    assert problems[1].startswith("Line 6:") and "cannot read" in problems[1]
    assert err.value.problems[0]["zh"] != problems[0]


def test_the_parser_refuses_a_month_thirteen_and_a_reversed_period():
    with pytest.raises(HistoryError) as err:
        parse_record("起止年月\t缴费基数\n202213-202301\t100\n202305-202301\t100\n")
    assert [p["en"].split(":")[0] for p in err.value.problems] == ["Line 2", "Line 3"]


def test_the_parser_refuses_a_period_with_stray_characters():
    with pytest.raises(HistoryError) as err:
        parse_record("起止年月\t缴费基数\n202501-2025xx\t100\n2025年1月至2025年3月\t100\n")
    assert [p["en"].split(":")[0] for p in err.value.problems] == ["Line 2"]  # line 3 is a valid range


def test_the_parser_refuses_text_without_a_table():
    with pytest.raises(HistoryError) as err:
        parse_record("hello\nworld\n")
    assert "header" in err.value.message["en"]
