"""The structures people use: cells split without tabs, wrapped rows, sub-actions."""

import pytest

from commissioning.domain.plan import PlanError
from commissioning.reading import read_plan
from commissioning.reading.readers.text import split_columns, trailing_timescale


@pytest.mark.parametrize(
    ("lines", "cells"),
    [
        (
            ["Action / By when / Lead", "Review the scheme / October 2015 / AG/ZW",
             "Report to cabinet / December 2016 / ZW"],
            [["Action", "By when", "Lead"], ["Review the scheme", "October 2015", "AG/ZW"],
             ["Report to cabinet", "December 2016", "ZW"]],
        ),
        (
            ["| Action | Due |", "|---|---|", "| Publish | May 2020 |", "| Consult | June 2020 |"],
            [["Action", "Due"], [""], ["Publish", "May 2020"], ["Consult", "June 2020"]],
        ),
        (
            ["Action            Due         Lead",
             "Publish the plan  May 2020    Head of Policy",
             "Consult partners  June 2020   Chief Executive"],
            [["Action", "Due", "Lead"], ["Publish the plan", "May 2020", "Head of Policy"],
             ["Consult partners", "June 2020", "Chief Executive"]],
        ),
        (
            ["Stage Dates", "Consultation on options June – July 2017",
             "Submission to the Secretary of State December 2021", "Adoption of the plan 2022"],
            [["Stage", "Dates"], ["Consultation on options", "June – July 2017"],
             ["Submission to the Secretary of State", "December 2021"],
             ["Adoption of the plan", "2022"]],
        ),
        # Two lines are not a table; a sentence with a slash stays a sentence.
        (["Either / or / both", "Neither / nor / none"], [["Either / or / both"],
                                                           ["Neither / nor / none"]]),
    ],
)  # fmt: skip
def test_cells_separated_without_tabs(lines, cells):
    assert [line.split("\t") for line in split_columns(lines)] == cells


@pytest.mark.parametrize(
    ("line", "tail"),
    [
        ("Submission December 2021", "December 2021"),
        ("Consultation on options June – July 2017", "June – July 2017"),
        ("Adopt the plan", None),
        ("Review in 2019 the old policy", None),
    ],
)
def test_a_date_ending_a_line(line, tail):
    at = trailing_timescale(line)
    assert (line[at:] if at is not None else None) == tail


def test_flattened_word_table_reads_as_a_plan():
    text = (
        "Equality action plan\n\n"
        "Action / By when / Responsible officer / Completed\n"
        "Annual review of the scheme / By end of October 2015 / AG/ZW / Completed\n"
        "Annual report to cabinet / By end of December 2016 / AG/ZW / Ongoing\n"
        "Train managers in equality law / March 2017 / HR Manager / Not started\n"
    )
    plan = read_plan(text.encode(), "plan.txt")
    assert [a.title for a in plan.actions][0] == "Annual review of the scheme"
    assert plan.actions[0].timescale.end.isoformat() == "2015-10-31"
    assert [o.name for o in plan.actions[0].owners] == ["AG", "ZW"]
    assert [str(a.status) for a in plan.actions] == ["complete", "in_progress", "not_started"]


def test_wrapped_rows_join_the_action_they_continue():
    rows = [
        "Ref,Action,Due,Lead",
        "1,Produce a long-term strategy and,Sep 2011,Head of Housing",
        ",clarify the future of sheltered housing,,",
        "2,Agree service standards with residents,Dec 2011,Head of Housing",
        "2 (cont'd),Publish the standards booklet,,",
        "3,Set up a tenants' panel,Mar 2012,Head of Housing",
    ]
    plan = read_plan("\n".join(rows).encode(), "plan.csv")
    assert [a.title for a in plan.actions] == [
        "Produce a long-term strategy and clarify the future of sheltered housing",
        "Agree service standards with residents Publish the standards booklet",
        "Set up a tenants' panel",
    ]


def test_sub_actions_nest_under_their_parent():
    rows = [
        "Ref,Action,Due",
        "1,Publish policies,May 2020",
        "1.1,Publish the complaints policy,May 2020",
        "1.2,Publish the safeguarding policy,June 2020",
        "2,Train staff,July 2020",
        "a),Train managers,July 2020",
        "b),Train front-line staff,August 2020",
    ]
    plan = read_plan("\n".join(rows).encode(), "plan.csv")
    assert [(a.ref, a.parent) for a in plan.actions] == [
        ("1", None),
        ("1.1", "1"),
        ("1.2", "1"),
        ("2", None),
        ("a)", "2"),
        ("b)", "2"),
    ]
    assert plan.to_json()["actions"][1]["parent"] == "1"


def test_section_rows_group_the_actions_under_them():
    rows = [
        "Action,Due,Lead",
        "1. Publication of policies and procedures,,",
        "Publish the complaints policy,May 2020,Head of Policy",
        "2. Training,,",
        "Train managers,July 2020,HR Manager",
    ]
    plan = read_plan("\n".join(rows).encode(), "plan.csv")
    assert [a.section for a in plan.actions] == [
        "1. Publication of policies and procedures",
        "2. Training",
    ]


def test_a_transposed_table_is_turned_round():
    rows = [
        "Action,Build the new depot,Close the old depot,Sell the old site",
        "Target date,March 2019,June 2019,December 2019",
        "Lead officer,Head of Estates,Head of Estates,Chief Executive",
    ]
    plan = read_plan("\n".join(rows).encode(), "turned.csv")
    assert [a.title for a in plan.actions] == [
        "Build the new depot",
        "Close the old depot",
        "Sell the old site",
    ]
    assert plan.actions[2].timescale.end.isoformat() == "2019-12-31"
    assert [o.name for o in plan.actions[2].owners] == ["Chief Executive"]
    assert plan.actions[0].owners[0].name == "Head of Estates"


PASTED = """Estates action plan

Ref
Action
Target date
Lead officer
1
Build the new depot
March 2019
Head of Estates
2
Close the old depot
June 2019
Head of Estates
"""


def test_cells_one_per_line_are_rebuilt_into_rows():
    plan = read_plan(PASTED.encode(), "pasted.txt")
    assert [(a.ref, a.title, a.line) for a in plan.actions] == [
        ("1", "Build the new depot", 7),
        ("2", "Close the old depot", 11),
    ]
    assert plan.actions[1].timescale.text == "June 2019"
    assert plan.actions[1].owners[0].name == "Head of Estates"


def test_cells_one_per_line_that_do_not_line_up_are_a_warning():
    broken = PASTED.replace("June 2019\n", "")
    with pytest.raises(PlanError) as raised:
        read_plan(broken.encode(), "pasted.txt")
    assert "no recognisable" in str(raised.value)
    from commissioning.reading.readers import read_document

    document = read_document(broken.encode(), "pasted.txt")
    [warning] = [w for w in document.warnings if "could not be rebuilt" in w.message]
    assert warning.message.startswith("lines 3–")


BULLETS = """Digital plan

Quarter 1: April – June 2012

* publish the strategy
* [open the new service](http://example.org/service) to the public

In quarter 2 (July to September) we expect to:

* move 5 services to beta
* train 70 editors

Some closing prose that is not a milestone.
"""


def test_bullets_under_period_headings_become_stages_and_milestones():
    plan = read_plan(BULLETS.encode(), "plan.md")
    assert [(s.title, s.due.start.isoformat(), s.due.end.isoformat()) for s in plan.stages] == [
        ("Quarter 1: April – June 2012", "2012-04-01", "2012-06-30"),
        ("In quarter 2 (July to September) we expect to", "2012-07-01", "2012-09-30"),
    ]
    assert [(a.stage, a.title) for a in plan.actions] == [
        ("Quarter 1: April – June 2012", "publish the strategy"),
        ("Quarter 1: April – June 2012", "open the new service to the public"),
        ("In quarter 2 (July to September) we expect to", "move 5 services to beta"),
        ("In quarter 2 (July to September) we expect to", "train 70 editors"),
    ]
