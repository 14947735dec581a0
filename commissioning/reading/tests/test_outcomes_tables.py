"""Outcomes framework tables read through the same pipeline as plans."""

import io

import openpyxl

from commissioning.reading.readers import read_document
from commissioning.reading.recognisers import recognise

FRAMEWORK = (
    "Theme,Outcome,Sub-outcome,Code,Level\n"
    "Healthy lives,People live longer in good health,,HL1,Population result\n"
    ",,Fewer people smoke,HL1.1,Intermediate outcome\n"
    ",,More people are active,HL1.2,Contributory factor\n"
    "Safe places,People feel safe,,SP1,1\n"
    ",,Less anti-social behaviour,SP1.1,sometimes\n"
)


def read(data: bytes, name: str):
    return recognise(read_document(data, name))


def test_a_framework_table_gives_outcomes_with_theme_parent_level_and_line():
    plan = read(FRAMEWORK.encode(), "framework.csv")

    assert [o.to_json() for o in plan.outcomes] == [
        {"code": "HL1", "title": "People live longer in good health", "level": "population_result",
         "theme": "Healthy lives", "parent": None, "line": 2},
        {"code": "HL1.1", "title": "Fewer people smoke", "level": "intermediate_outcome",
         "theme": "Healthy lives", "parent": "HL1", "line": 3},
        {"code": "HL1.2", "title": "More people are active", "level": "contributory_factor",
         "theme": "Healthy lives", "parent": "HL1", "line": 4},
        {"code": "SP1", "title": "People feel safe", "level": "population_result",
         "theme": "Safe places", "parent": None, "line": 5},
        {"code": "SP1.1", "title": "Less anti-social behaviour", "level": None,
         "theme": "Safe places", "parent": "SP1", "line": 6},
    ]  # fmt: skip
    assert [(w.line, w.message) for w in plan.warnings] == [
        (6, "level 'sometimes' is not one of population result, intermediate outcome or "
            "contributory factor; left blank"),
    ]  # fmt: skip
    assert plan.actions == [] and plan.stages == []
    assert plan.to_json()["outcomes"][1]["parent"] == "HL1"


def test_outcome_and_sub_outcome_on_one_row_give_both_and_parent_by_title():
    data = (
        b"Theme\tOutcome\tSub-outcome\n"
        b"Good start\tChildren are ready for school\tMore two-year-olds take up places\n"
        b"\t\tParents get help early\n"
    )

    plan = read(data, "framework.txt")

    assert [(o.title, o.parent, o.line) for o in plan.outcomes] == [
        ("Children are ready for school", None, 2),
        ("More two-year-olds take up places", "Children are ready for school", 2),
        ("Parents get help early", "Children are ready for school", 3),
    ]
    assert {o.theme for o in plan.outcomes} == {"Good start"}


def test_a_flat_library_with_a_contributes_to_column_in_a_workbook():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Code", "Outcome", "Level", "Contributes to"])
    sheet.append(["A", "Residents are healthy", "population result", None])
    sheet.append(["B", "Residents eat well", "intermediate", "A"])
    sheet.append([None, None, None, None])
    sheet.append(["C", None, "factor", "B"])
    buffer = io.BytesIO()
    book.save(buffer)

    plan = read(buffer.getvalue(), "library.xlsx")

    assert [(o.code, o.level, o.parent, o.line) for o in plan.outcomes] == [
        ("A", "population_result", None, 2),
        ("B", "intermediate_outcome", "A", 3),
    ]
    assert [(w.line, w.message) for w in plan.warnings] == [
        (5, "row has no outcome title; it was not read")
    ]


def test_a_repeated_outcome_is_read_with_a_warning_naming_the_first_line():
    data = b"Code,Outcome\nX1,One\nX1,One again\n"

    plan = read(data, "library.csv")

    assert len(plan.outcomes) == 2
    assert [(w.line, w.message) for w in plan.warnings] == [
        (3, "outcome 'X1' is already on line 2")
    ]


def test_an_action_table_with_an_outcome_column_is_still_an_action_plan():
    data = (
        "Ref,Action,Outcome,Lead,Timescale\n1,Write the strategy,Better care,Jo Bloggs,March 2026\n"
    )

    plan = read(data.encode(), "plan.csv")

    assert [a.title for a in plan.actions] == ["Write the strategy"]
    assert plan.outcomes == []
