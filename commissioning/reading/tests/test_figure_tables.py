"""Indicator and spend tables read through the same pipeline as plans (ADR 0020)."""

from __future__ import annotations

import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commissioning.domain.plan import PlanError
from commissioning.reading import read_plan
from commissioning.reading.recognisers.indicators import period_column, polarity_of, unit_of
from commissioning.reading.recognisers.spend import year_column

FIGURES = "figures"


def read(samples_dir, name):
    path = samples_dir / FIGURES / name
    return read_plan(path.read_bytes(), name)


def values(indicator):
    return [
        (v.period.text, v.actual, v.target, v.target_text, v.baseline, v.comparator)
        for v in indicator.values
    ]


# --- Indicators: long form ----------------------------------------------------------------------


def test_a_national_dataset_in_long_form_gives_each_indicator_its_values(samples_dir):
    plan = read(samples_dir, "phof-long.csv")

    life, smoking = plan.indicators
    assert (life.code, life.title, life.polarity) == (
        "90366",
        "Life expectancy at birth (Male)",
        "higher_is_better",
    )
    # England's row is the comparator of the local value for the same period.
    assert values(life) == [
        ("2008 - 10", Decimal("77.1"), None, None, False, Decimal("78.6")),
        ("2009 - 11", Decimal("77.5"), None, None, False, None),
    ]
    assert (life.values[0].lower, life.values[0].upper) == (Decimal("76.6"), Decimal("77.6"))
    assert life.values[0].period.start.year == 2008 and life.values[0].period.end.year == 2010
    assert smoking.polarity == "lower_is_better"
    assert values(smoking) == [("2012", Decimal("21.3"), None, None, False, None)]
    assert [w.message for w in plan.warnings] == [
        "1 row for other areas left out: only the first area's values are read "
        "(England's are read as the comparator)"
    ]
    assert plan.actions == [] and plan.outcomes == [] and plan.spend == []


def test_the_dry_run_json_has_the_shape_the_issue_names(samples_dir):
    indicator = read(samples_dir, "phof-long.csv").to_json()["indicators"][0]

    assert set(indicator) == {
        "code", "title", "outcome", "theme", "unit", "polarity", "values", "line"
    }  # fmt: skip
    assert set(indicator["values"][0]) == {
        "period", "actual", "target", "target_text", "baseline", "comparator", "note", "line"
    }  # fmt: skip
    assert indicator["values"][0]["actual"] == 77.1
    assert indicator["line"] == 2


# --- Indicators: wide form ----------------------------------------------------------------------


def test_a_council_plan_in_wide_form_reads_baseline_periods_targets_and_headings(samples_dir):
    plan = read(samples_dir, "council-plan-wide.csv")

    sport, alcohol, crime = plan.indicators
    assert (sport.code, sport.theme, sport.unit, sport.polarity) == (
        "NI 8",
        "Healthier communities",
        "%",
        "higher_is_better",
    )
    assert values(sport) == [
        ("2007/08", Decimal("21.3"), None, None, True, None),
        ("2008/09", Decimal("22.0"), None, None, False, None),
        ("2009/10", Decimal("22.4"), None, None, False, None),
        ("2010/11", None, Decimal("24"), None, False, None),
    ]
    assert alcohol.unit == "rate per 100,000"
    # A target written as words is kept as text and is never a number.
    assert values(alcohol)[-1] == ("2010/11", None, None, "TBC", False, None)
    assert crime.theme == "Safer communities" and crime.unit == "rate per 1,000"
    assert values(crime)[-1] == ("2010/11", None, None, "to be renegotiated", False, None)
    assert [(w.line, w.message) for w in plan.warnings] == [
        (6, "line 6: value 'abc' is not a number; left blank")
    ]


def test_a_wide_table_in_a_workbook_names_the_cell_of_a_bad_value():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard"
    sheet.append(["Indicator", "Polarity", "2009/10", "2010/11", "Target 2011/12"])
    sheet.append(["Theme: Safer communities"])
    sheet.append(["Repeat victims of domestic violence", "Lower is better", 24, "n/k", "tba"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    plan = read_plan(buffer.getvalue(), "scorecard.xlsx")

    (indicator,) = plan.indicators
    assert indicator.theme == "Safer communities"
    assert indicator.polarity == "lower_is_better"
    assert values(indicator) == [
        ("2009/10", Decimal("24"), None, None, False, None),
        ("2010/11", None, None, None, False, None),
        ("2011/12", None, None, "tba", False, None),
    ]
    assert [w.message for w in plan.warnings] == [
        "Scorecard!D3: value 'n/k' is not a number; left blank"
    ]


def test_a_word_table_of_indicators_is_read():
    document = docx.Document()
    document.add_heading("Performance scorecard", 1)
    table = document.add_table(rows=3, cols=4)
    for row, texts in zip(
        table.rows,
        [
            ["NI ref", "Indicator", "2008/09", "2009/10"],
            ["NI 111", "First time entrants to the youth justice system", "1,210", "1,150"],
            ["NI 117", "16 to 18 year olds not in education, employment or training", "7.1%", ""],
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)

    plan = read_plan(buffer.getvalue(), "scorecard.docx")

    assert [(i.code, len(i.values), i.unit) for i in plan.indicators] == [
        ("NI 111", 2, None),
        ("NI 117", 1, "%"),
    ]
    assert plan.indicators[0].values[0].actual == Decimal("1210")


def test_one_indicator_and_period_twice_in_long_form_is_refused_naming_both_lines():
    text = (
        "Indicator ID,Indicator Name,Time period,Value\n"
        "NI 171,New business registration rate,2009/10,52.1\n"
        "NI 171,New business registration rate,2010/11,54.0\n"
        "NI 171,New business registration rate,2009/10,49.8\n"
    )

    with pytest.raises(PlanError) as raised:
        read_plan(text.encode(), "registrations.csv")

    message = str(raised.value)
    assert message.startswith("registrations.csv")
    assert "'NI 171 New business registration rate'" in message
    assert "period '2009/10' twice, at line 2 and at line 4" in message


def test_one_indicator_twice_in_a_wide_workbook_is_refused_naming_both_cells():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Scorecard"
    sheet.append(["Indicator", "2009/10", "2010/11", "Target 2010/11"])
    sheet.append(["Repeat victims of domestic violence", 24, 22, 20])
    sheet.append(["Repeat victims of domestic violence", 25, "", 19])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(
        PlanError,
        match=r"period '2009/10' twice, at Scorecard!B2 and at "
        r"Scorecard!B3",
    ):
        read_plan(buffer.getvalue(), "scorecard.xlsx")


def test_an_england_row_for_the_same_indicator_and_period_is_not_a_duplicate():
    text = (
        "Indicator ID,Indicator Name,Area Name,Time period,Value\n"
        "1.01,Children in low income families,Barnsley,2012,21.5\n"
        "1.01,Children in low income families,England,2012,18.6\n"
    )

    plan = read_plan(text.encode(), "phof.csv")

    (value,) = plan.indicators[0].values
    assert (value.actual, value.comparator) == (Decimal("21.5"), Decimal("18.6"))


# --- Spend --------------------------------------------------------------------------------------


def test_a_total_pot_count_in_long_form_reads_money_as_people_write_it(samples_dir):
    plan = read(samples_dir, "total-pot-long.csv")

    lines = [
        (s.organisation, s.year.text, s.amount, s.phase, s.theme, s.service) for s in plan.spend
    ]
    assert lines == [
        ("Hovewell Council", "2009/10", Decimal("1234000"), "outturn", "Older people", "Home care"),
        ("NHS Hovewell", "2009/10", Decimal("2300000"), "outturn", "Older people",
         "Community nursing"),
        ("Hovewell Police", "2009/10", Decimal("-45000"), "budget", "Community safety",
         "Neighbourhood policing"),
    ]  # fmt: skip
    assert [w.message for w in plan.warnings] == [
        "line 5: '2009' is not a financial year (write it as 2010/11); the line was left out",
        "line 6: amount: 'lots' is not an amount of money; the line was left out",
    ]
    assert plan.to_json()["spend"][0]["amount"] == "1234000"


def test_a_partners_return_reads_year_columns_phases_headings_and_leaves_totals(samples_dir):
    plan = read(samples_dir, "partner-return.csv")

    assert [(s.service, s.theme, s.year.text, s.phase, s.amount) for s in plan.spend] == [
        ("Early years", "Children and young people", "2008/09", "outturn", Decimal("1200000")),
        ("Early years", "Children and young people", "2009/10", "budget", Decimal("1250000")),
        ("Youth offending", "Children and young people", "2008/09", "outturn", Decimal("300000")),
        ("Youth offending", "Children and young people", "2010/11", "forecast", Decimal("310000")),
    ]
    assert plan.warnings == []


def test_a_line_split_across_outcomes_must_add_up_to_100_per_cent():
    data = (
        "Partner,Service,Outcome,Year,Amount £m,Share %\n"
        "Hovewell Council,Home care,Older people live at home,2010/11,2,60\n"
        "Hovewell Council,Home care,Fewer falls,2010/11,2,40\n"
        "NHS Hovewell,Falls clinic,Fewer falls,2010/11,1,50\n"
        "NHS Hovewell,Falls clinic,Older people live at home,2010/11,1,30\n"
    ).encode()

    plan = read_plan(data, "split.csv")

    assert [(s.organisation, s.outcome, s.amount, s.share) for s in plan.spend] == [
        ("Hovewell Council", "Older people live at home", Decimal("1200000.00"), Decimal("60")),
        ("Hovewell Council", "Fewer falls", Decimal("800000.00"), Decimal("40")),
    ]
    assert [w.message for w in plan.warnings] == [
        "line 4: the shares of this line add up to 80 %, not 100 %; its 2 rows were left out"
    ]


def test_an_action_plan_with_targets_and_budgets_is_still_an_action_plan():
    data = (
        "Ref,Action,Target,Lead,Budget,Timescale\n"
        "1,Agree the pooled budget,Signed off,Director of Finance,£20k,April 2008\n"
    ).encode()

    plan = read_plan(data, "plan.csv")

    assert [a.title for a in plan.actions] == ["Agree the pooled budget"]
    assert plan.indicators == [] and plan.spend == []


# --- Header words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period", "role"),
    [
        ("2009/10", "2009/10", "actual"),
        ("Baseline 2007/08", "2007/08", "baseline"),
        ("Target 2010/11", "2010/11", "target"),
        ("2010/11 target", "2010/11", "target"),
        ("Q3 2010/11", "Q3 2010/11", "actual"),
        ("2005-2007 ave", "2005-2007 ave", "actual"),
        ("to May 07", "to May 07", "actual"),
    ],
)
def test_period_columns(text, period, role):
    column = period_column(text)
    assert (column.period.text, str(column.role)) == (period, role)


@pytest.mark.parametrize("text", ["Indicator", "Target", "Lead officer", "Progress to date"])
def test_words_are_not_period_columns(text):
    assert period_column(text) is None


@pytest.mark.parametrize(
    ("text", "year", "multiplier", "phase"),
    [
        ("2008/09 £000s", "2008/09", 1000, None),
        ("Budget 2010/11 £m", "2010/11", 1_000_000, "budget"),
        ("2009/10 Outturn (£000)", "2009/10", 1000, "outturn"),
        ("Spend 2009/10", "2009/10", 1, None),
    ],
)
def test_year_columns(text, year, multiplier, phase):
    column = year_column(text)
    assert (column.year.text, column.multiplier, column.phase) == (year, multiplier, phase)


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("RAG - High is good", "higher_is_better"),
        ("Lower is better", "lower_is_better"),
        ("Good: Low", "lower_is_better"),
        ("Not applicable", "no_judgement"),
        ("sideways", None),
    ],
)
def test_polarity_words(text, polarity):
    assert polarity_of(text) == polarity


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Rate per 100,000 population", "rate per 100,000"),
        ("% of pupils", "%"),
        ("Number of households", "count"),
        ("Cost per place £", "£"),
        ("Satisfaction", None),
    ],
)
def test_unit_words(text, unit):
    assert unit_of(text) == unit


# --- Any cell -----------------------------------------------------------------------------------

CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20).map(
    lambda text: text.replace('"', "").replace(",", " ").replace("\n", " ").replace("\r", " ")
)


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=5))
def test_any_cells_under_either_header_give_a_reading_or_a_plan_error(rows):
    for header in ("Indicator,2009/10,Target 2010/11,Polarity", "Partner,Theme,Year,Amount £000s"):
        data = "\n".join([header, *(",".join(row) for row in rows)]).encode()
        try:
            plan = read_plan(data, "any.csv")
        except PlanError:
            continue
        for line in plan.spend:
            assert isinstance(line.amount, Decimal)
        for indicator in plan.indicators:
            for value in indicator.values:
                assert value.target is None or value.target_text is None
