"""Real, messy plans: each reads into a Plan or fails with a clear PlanError."""

import json
from datetime import date
from pathlib import Path

import pytest

from commissioning.domain.plan import Plan, PlanError
from commissioning.reading import read_plan

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample_names() -> list:
    return sorted(path.name for path in SAMPLES.glob("*.txt"))


def read_sample(name: str) -> Plan:
    return read_plan((SAMPLES / name).read_bytes(), name)


@pytest.mark.parametrize("name", sample_names())
def test_sample_reads_or_fails_clearly(name):
    try:
        plan = read_sample(name)
    except PlanError as error:
        assert str(error).startswith(name)
        return
    assert plan.stages or plan.actions
    json.dumps(plan.to_json())


def test_timeline_months_become_stages_and_paragraphs_milestones():
    plan = read_sample("iow-change-plan-timeline.txt")
    expected = json.loads((SAMPLES / "iow-change-plan-timeline.expected.json").read_text())
    assert plan.title == "Change Plan Timeline September 2005 to April 2006"
    assert plan.as_of is None
    got = [
        (a.stage, a.title, a.timescale.start.isoformat(), a.timescale.end.isoformat())
        for a in plan.actions
    ]
    want = [
        (row["stage"], row["title"], row["timescale_start"], row["timescale_end"])
        for row in expected["rows"]
    ]
    assert got == want
    assert all(not a.owners and a.progress is None and a.status == "unknown" for a in plan.actions)
    stages = {stage.title: stage for stage in plan.stages}
    for stage in expected["stages"]:
        if stage["name"] in stages:
            due = stages[stage["name"]].due
            assert (due.start.isoformat(), due.end.isoformat()) == (stage["start"], stage["end"])
    assert len(plan.stages) == 5
    assert all(s.code is None and not s.deliverables for s in plan.stages)


def test_disability_plan_reads_rows_spread_over_lines():
    plan = read_sample("des-action-plan-2006-09.txt")
    assert (plan.as_of.start, plan.as_of.end) == (date(2007, 5, 30), date(2007, 5, 30))
    first = plan.actions[0]
    assert first.timescale.text == "March 2007"
    assert (first.timescale.start, first.timescale.end) == (date(2007, 3, 1), date(2007, 3, 31))
    assert [o.name for o in first.owners] == ["Corporate Manager (Human Resources)"]
    assert first.section.startswith("1. Eliminate discrimination")
    assert first.progress == "Update needed from People Operations Manager"
    assert first.title.startswith("Advertise in publications relevant to disabled people")


def test_disability_plan_repeated_header_makes_no_action():
    plan = read_sample("des-action-plan-2006-09.txt")
    assert len(plan.actions) == 2
    assert [a.line for a in plan.actions] == [7, 14]
    assert all(a.title != "Action(s)" for a in plan.actions)
    second = plan.actions[1]
    assert second.timescale.end == date(2008, 3, 31)
    assert [o.name for o in second.owners][:2] == [
        "Corporate Manager (Human Resources)",
        "Health Wellbeing and Access Team Leader",
    ]
    assert any("pieced together" in w.message for w in plan.warnings)
