"""The customer's two documents read into exactly the plans they describe."""

import json
from datetime import date
from pathlib import Path

import pytest

from commissioning.domain.plan import OwnerKind, Plan, Scope, Status
from commissioning.reading import read_plan

SEEDS = Path(__file__).resolve().parents[2] / "programmes" / "demo"
MILESTONES = "milestones-and-deliverables.txt"
ACTION_PLAN = "commissioning-action-plan.txt"


def read_seed(name: str) -> Plan:
    return read_plan((SEEDS / name).read_bytes(), name)


@pytest.fixture(scope="module")
def milestones() -> Plan:
    return read_seed(MILESTONES)


@pytest.fixture(scope="module")
def action_plan() -> Plan:
    return read_seed(ACTION_PLAN)


def deliverables(stage, scope):
    return [d for d in stage.deliverables if d.scope == scope]


def test_milestone_plan_has_title_and_no_reporting_date(milestones):
    assert milestones.title == "Milestones and Deliverables"
    assert milestones.as_of is None
    assert milestones.actions == []


def test_milestone_plan_has_three_stages_with_codes_titles_and_due_dates(milestones):
    stages = milestones.stages
    assert [s.code for s in stages] == ["T1", "T2", "T3"]
    assert [s.title for s in stages] == [
        "Plans and proposed structures ready",
        "Structural change/people in post",
        "Fully functioning as a commissioning organisation",
    ]
    assert (stages[0].due.start, stages[0].due.end) == (date(2010, 6, 1), date(2010, 6, 1))
    assert stages[1].due.end == date(2010, 11, 30)
    assert (stages[2].due.start, stages[2].due.end) == (date(2011, 6, 1), date(2011, 6, 30))


def test_stage_one_deliverables_keep_their_nesting(milestones):
    t1 = milestones.stages[0]
    internal = deliverables(t1, Scope.INTERNAL)
    assert len(internal) == 11
    assert len(deliverables(t1, Scope.EXTERNAL)) == 3
    assert internal[1].text == "Determined the structure of the:"
    assert len(internal[1].children) == 3
    assert internal[1].children[2].text == "Support units, including the number of Heads of Service"
    assert {d.line for d in t1.deliverables} == {5}


def test_stage_two_deliverables(milestones):
    t2 = milestones.stages[1]
    assert len(deliverables(t2, Scope.INTERNAL)) == 10
    assert len(deliverables(t2, Scope.EXTERNAL)) == 3
    assert {d.line for d in t2.deliverables} == {6}


def test_stage_three_wrapped_row_gives_title_and_two_deliverables(milestones):
    t3 = milestones.stages[2]
    assert [d.text for d in deliverables(t3, Scope.INTERNAL)] == [
        "Full commissioning cycle begins and includes all outcome areas (stage over time)",
        "From this date, potentially different deliverers of services as a result of "
        "commissioning process",
    ]
    assert [d.line for d in t3.deliverables] == [8, 9]
    assert deliverables(t3, Scope.EXTERNAL) == []


def test_stray_word_fragments_are_warnings_not_deliverables(milestones):
    # The fragments sit on physical lines 8 and 9 of the file.
    warnings = {(w.line, w.message) for w in milestones.warnings}
    assert any(line == 8 and "'ed'" in m and "External" in m for line, m in warnings)
    assert any(line == 9 and "'the'" in m and "External" in m for line, m in warnings)
    texts = [d.text for s in milestones.stages for d in s.deliverables]
    assert "ed" not in texts and "the" not in texts


def test_action_plan_reporting_date_comes_from_the_progress_header(action_plan):
    assert action_plan.as_of.text == "March 2008"
    assert (action_plan.as_of.start, action_plan.as_of.end) == (date(2008, 3, 1), date(2008, 3, 31))
    assert action_plan.stages == []


def test_action_plan_has_nine_actions_with_lines_and_month_timescales(action_plan):
    actions = action_plan.actions
    assert [a.line for a in actions] == list(range(4, 13))
    assert actions[1].title == "Agree mutual definition of Commissioning."
    assert [a.timescale.text for a in actions] == [
        "April 2008",
        "May 2008",
        "May 2008",
        "January 2008",
        "February 2008",
        "March 2008",
        "April 2008",
        "May 2008",
        "July 2008",
    ]
    assert (actions[4].timescale.start, actions[4].timescale.end) == (
        date(2008, 2, 1),
        date(2008, 2, 29),
    )
    assert all(a.timescale.precision == "month" for a in actions)


def test_action_plan_owners(action_plan):
    first, third = action_plan.actions[0], action_plan.actions[2]
    assert [(o.name, o.kind) for o in first.owners] == [
        ("John Bennett", OwnerKind.PERSON),
        ("Sue Lightup", OwnerKind.PERSON),
        ("Dwayne Johnson", OwnerKind.PERSON),
    ]
    assert [(o.name, o.kind) for o in third.owners] == [("Commissioning Teams", OwnerKind.TEAM)]
    assert any("'John Bennett' needs review" in w.message for w in action_plan.warnings)


def test_action_plan_statuses_are_suggested_from_progress(action_plan):
    actions = action_plan.actions
    assert [a.status for a in actions] == [
        Status.COMPLETE,
        Status.IN_PROGRESS,
        Status.IN_PROGRESS,
        Status.COMPLETE,
        Status.IN_PROGRESS,
        Status.IN_PROGRESS,
        Status.IN_PROGRESS,
        Status.NOT_STARTED,
        Status.NOT_STARTED,
    ]
    assert all(a.status_suggested for a in actions)
    assert [a.progress for a in actions[-2:]] == [None, None]
    assert actions[0].progress == "Completed"


@pytest.mark.parametrize("name", [MILESTONES, ACTION_PLAN])
def test_plan_json_round_trips(name):
    payload = read_seed(name).to_json()
    assert json.loads(json.dumps(payload)) == payload
