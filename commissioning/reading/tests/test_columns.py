"""Columns are understood from their headers and their cells; each reading says why."""

import pytest

from commissioning.domain.plan import PlanError
from commissioning.reading import parse_columns, read_plan
from commissioning.reading.recognisers.columns import (
    assign,
    content_scores,
    header_meaning,
    profile,
)
from commissioning.reading.recognisers.headers import Meaning


@pytest.mark.parametrize(
    ("header", "meaning"),
    [
        ("Project name", Meaning.TITLE),
        ("What we will do", Meaning.TITLE),
        ("Recommendation", Meaning.TITLE),
        ("Actions to be taken", Meaning.TITLE),
        ("Lead Director", Meaning.OWNERS),
        ("Exec lead", Meaning.OWNERS),
        ("Dept", Meaning.OWNERS),
        ("Responsibilities", Meaning.OWNERS),
        ("Date due", Meaning.TIMESCALE),
        ("Timeframe", Meaning.TIMESCALE),
        ("Deadine", Meaning.TIMESCALE),  # misspelt
        ("DCA status", Meaning.RAG),
        ("Delivery confidence", Meaning.RAG),
        ("Update – Dec 2017", Meaning.PROGRESS),
        ("Progress to Date – March 2008", Meaning.PROGRESS),
        ("Open/Closed", Meaning.STATUS),
        ("Ref No.", Meaning.REF),
        ("Theme", Meaning.SECTION),
        ("Date raised", None),  # a date, but not when the work is due
        ("Date logged", None),
        ("Colour of the sky", None),
    ],
)
def test_header_words(header, meaning):
    assert header_meaning(header) == meaning


@pytest.mark.parametrize(
    ("cells", "meaning"),
    [
        (["March 2018", "Q2 2018/19", "Dec 2019", "31/03/2020"], Meaning.TIMESCALE),
        (["Amber/Green", "G", "A/R", "Red"], Meaning.RAG),
        (["Complete", "In progress", "Not started", "Ongoing"], Meaning.STATUS),
        (["1.1", "1.2", "SO1", "A3"], Meaning.REF),
        (["Head of Housing", "AG/ZW", "Chief Executive", "Finance Director"], Meaning.OWNERS),
    ],
)
def test_cells_say_what_a_column_holds(cells, meaning):
    scores = content_scores(profile(cells))
    assert max(scores, key=lambda m: scores[m][0]) == meaning


def test_a_date_raised_column_is_not_the_timescale():
    result = assign(
        {0: "Issue", 1: "Date raised", 2: "Target"},
        {
            0: ["Fix the leaking roof at the depot", "Replace the old boiler in block B"],
            1: ["01/02/2017", "05/06/2017"],
            2: ["March 2018", "June 2018"],
        },
    )
    assert result.columns[2] == Meaning.TIMESCALE
    assert 1 not in result.columns


def test_a_headerless_table_is_read_from_its_cells():
    rows = [
        "1.1,Review the safeguarding policy and publish it,June 2015,Head of Service,Complete",
        "1.2,Train all front-line staff in the new procedures,September 2015,Training Manager,"
        "In progress",
        "2.1,Set up a multi-agency panel for complex cases,December 2015,Chief Executive,"
        "Not started",
    ]
    plan = read_plan("\n".join(rows).encode(), "plan.csv")
    assert [a.ref for a in plan.actions] == ["1.1", "1.2", "2.1"]
    assert plan.actions[0].timescale.end.isoformat() == "2015-06-30"
    assert [o.name for o in plan.actions[1].owners] == ["Training Manager"]
    assert [str(a.status) for a in plan.actions] == ["complete", "in_progress", "not_started"]
    [table] = plan.tables
    assert table.header_row is None and table.unsure
    assert all("no header" in c.why for c in table.columns)


PORTFOLIO = """Major projects summary
1. Notes: this report is for information only
2. The RAG key is below the table
Project name,Dept,DCA status,Date raised,Timeframe,Update Dec 2017
New leisure centre,Communities,Amber/Green,12/03/2016,March 2018,Contractor appointed and on site
Digital front door,Customer Services,A/R,01/02/2017,Q2 2018/19,Procurement delayed by two months
Housing regeneration,Housing,G,05/05/2016,Dec 2019,Planning consent received and phase one started
"""


def test_a_portfolio_list_is_a_plan_with_numbered_notes_above_its_header():
    plan = read_plan(PORTFOLIO.encode(), "projects.csv")
    assert plan.title == "Major projects summary"
    assert plan.as_of.text == "Dec 2017"
    assert [a.title for a in plan.actions] == [
        "New leisure centre",
        "Digital front door",
        "Housing regeneration",
    ]
    assert [a.rag for a in plan.actions] == ["Amber/Green", "Amber/Red", "Green"]
    owners = ["Communities", "Customer Services", "Housing"]
    assert [a.owners[0].name for a in plan.actions] == owners
    assert plan.actions[0].timescale.text == "March 2018"  # not the date raised
    [table] = plan.tables
    assert table.header_row == 4
    meanings = {c.header: c.meaning for c in table.columns}
    assert meanings == {
        "Project name": "title",
        "Dept": "owners",
        "DCA status": "rag",
        "Date raised": None,
        "Timeframe": "timescale",
        "Update Dec 2017": "progress",
    }
    timeframe = next(c for c in table.columns if c.header == "Timeframe")
    assert timeframe.confidence > 0.9
    assert "100 % of cells are timescales" in timeframe.why
    json_columns = plan.to_json()["tables"][0]["columns"]
    assert set(json_columns[0]) == {"index", "header", "meaning", "confidence", "why"}
    assert json_columns[3]["meaning"] == "ignore"


def test_a_person_chooses_the_columns():
    chosen = parse_columns("title=Project name, ignore=Dept, owners=Date raised")
    plan = read_plan(PORTFOLIO.encode(), "projects.csv", columns=chosen)
    assert plan.actions[0].owners == [] or plan.actions[0].owners[0].name != "Communities"
    reading = {c.header: c for c in plan.tables[0].columns}
    assert reading["Dept"].meaning is None and reading["Dept"].why == "chosen by a person"
    assert reading["Date raised"].meaning == "owners"


def test_chosen_columns_find_a_header_the_importer_does_not_know():
    text = "Thing,When it lands,Whose\nBuild the new depot,March 2019,Estates\n"
    with pytest.raises(PlanError):
        read_plan(text.encode(), "odd.csv")
    chosen = parse_columns("title=Thing,timescale=When it lands,owners=Whose")
    plan = read_plan(text.encode(), "odd.csv", columns=chosen)
    assert plan.actions[0].timescale.text == "March 2019"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title", "is not meaning=Header text"),
        ("colour=Project", "is not a column meaning"),
        ("title=", "is not meaning=Header text"),
    ],
)
def test_bad_column_choices_are_named(text, message):
    with pytest.raises(PlanError, match=message):
        parse_columns(text)


def test_a_table_with_only_action_and_timescale_columns_reads():
    plan = read_plan(b"Action,Timescale\nPublish the plan,June 2020\n", "short.csv")
    assert plan.actions[0].owners == []
    assert plan.actions[0].timescale.text == "June 2020"


def test_rows_left_out_are_named_in_the_warnings():
    plan = read_plan(PORTFOLIO.encode(), "projects.csv")
    notes = [w for w in plan.warnings if "read as a note" in w.message]
    assert [w.line for w in notes] == [2, 3]
    assert "'1. Notes: this report is for information only'" in notes[0].message
