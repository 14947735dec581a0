"""The RAG rules, one row of each table per rule (see the RAG rules ADR)."""

from datetime import date

import pytest

from commissioning.domain.rag import (
    RagRules,
    delivery_confidence,
    overall_rag,
    rag_for,
    stage_rag,
    stage_status,
    worst,
)

AS_OF = date(2008, 3, 31)
DEFAULT = RagRules()


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("dropped", date(2008, 1, 31), None),
        ("dropped", None, None),
        ("complete", date(2008, 1, 31), "Blue"),
        ("complete", None, "Blue"),
        ("blocked", date(2009, 1, 31), "Red"),
        ("blocked", None, "Red"),
        ("in_progress", date(2008, 2, 29), "Red"),
        ("not_started", date(2008, 3, 30), "Red"),
        ("unknown", date(2008, 2, 29), "Red"),
        ("in_progress", date(2008, 3, 31), "Green"),  # due on the day: not yet late
        ("unknown", date(2009, 1, 31), "Amber"),
        ("unknown", None, "Amber"),
        ("not_started", date(2008, 3, 31), "Amber"),
        ("not_started", date(2008, 4, 30), "Amber"),  # exactly 30 days ahead
        ("not_started", date(2008, 5, 1), "Green"),  # 31 days ahead
        ("not_started", None, "Green"),
        ("in_progress", date(2008, 4, 30), "Green"),
        ("in_progress", None, "Green"),
    ],
)
def test_rag_for_follows_the_default_rules(status, due, expected):
    assert rag_for(status=status, due=due, as_of=AS_OF, rules=DEFAULT) == expected


@pytest.mark.parametrize(("warning_days", "expected"), [(0, "Green"), (9, "Green"), (10, "Amber")])
def test_the_warning_window_is_the_programmes(warning_days, expected):
    rules = RagRules(warning_days=warning_days)
    assert (
        rag_for(status="not_started", due=date(2008, 4, 10), as_of=AS_OF, rules=rules) == expected
    )


def test_rag_for_a_far_future_date_does_not_overflow():
    assert rag_for(status="not_started", due=date.max, as_of=date.max, rules=DEFAULT) == "Amber"


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "not_started"),
        (["dropped"], "not_started"),
        (["complete", "complete"], "complete"),
        (["complete", "dropped"], "complete"),
        (["complete", "blocked"], "blocked"),
        (["in_progress", "unknown"], "in_progress"),
        (["complete", "not_started"], "in_progress"),
        (["unknown", "not_started"], "unknown"),
        (["not_started", "not_started"], "not_started"),
    ],
)
def test_stage_status_comes_from_its_deliverables(statuses, expected):
    assert stage_status(statuses) == expected


@pytest.mark.parametrize(
    ("due", "statuses", "rags", "expected"),
    [
        (date(2010, 6, 1), ["complete", "complete"], ["Blue", "Blue"], "Blue"),
        (date(2008, 1, 31), ["complete"], ["Blue"], "Blue"),  # complete, even if late
        (date(2008, 1, 31), ["in_progress"], ["Red"], "Red"),  # the stage itself overdue
        (date(2010, 6, 1), ["in_progress", "blocked"], ["Green", "Red"], "Red"),  # worst one
        (date(2010, 6, 1), ["in_progress", "unknown"], ["Green", "Amber"], "Amber"),
        (date(2010, 6, 1), ["complete", "in_progress"], ["Blue", "Green"], "Green"),
        (date(2008, 4, 15), ["not_started"], ["Amber"], "Amber"),  # not started, due soon
        (None, [], [], "Green"),
        (date(2008, 4, 15), [], [], "Amber"),  # nothing started and due soon
    ],
)
def test_stage_rag_on_the_four_point_scale(due, statuses, rags, expected):
    result = stage_rag(
        due=due, deliverable_statuses=statuses, deliverable_rags=rags, as_of=AS_OF, rules=DEFAULT
    )
    assert result == expected


@pytest.mark.parametrize(
    ("rags", "expected"),
    [
        ([], "Green"),
        (["Green"] * 4, "Green"),
        (["Blue", "Green", None], "Green"),
        (["Amber"] + ["Green"] * 3, "Amber/Green"),  # 25% Amber, no Red
        (["Amber"] * 2 + ["Green"] * 3, "Amber"),  # 40% Amber
        (["Red"] + ["Green"] * 9, "Amber"),  # 10% Red
        (["Red"] + ["Green"] * 4, "Amber/Red"),  # 20% Red
        (["Red"] + ["Green"] * 2, "Amber/Red"),  # a third Red
        (["Red"] * 2 + ["Green"] * 2, "Red"),  # half Red
        ([None, None], "Green"),  # all dropped
    ],
)
def test_delivery_confidence_from_shares_of_deliverables(rags, expected):
    assert delivery_confidence(rags) == expected


@pytest.mark.parametrize(
    ("due", "statuses", "rags", "expected"),
    [
        (date(2010, 6, 1), ["complete"], ["Blue"], "Blue"),
        (date(2008, 1, 31), ["in_progress"] * 4, ["Red", "Green", "Green", "Green"], "Red"),
        (date(2010, 6, 1), ["blocked"] + ["in_progress"] * 9, ["Red"] + ["Green"] * 9, "Amber"),
        (
            date(2010, 6, 1),
            ["in_progress"] * 4,
            ["Amber", "Green", "Green", "Green"],
            "Amber/Green",
        ),
        (date(2010, 6, 1), ["in_progress"] * 2, ["Green", "Green"], "Green"),
        (date(2008, 4, 15), ["not_started"], ["Amber"], "Amber"),
    ],
)
def test_stage_rag_on_the_five_point_scale(due, statuses, rags, expected):
    result = stage_rag(
        due=due,
        deliverable_statuses=statuses,
        deliverable_rags=rags,
        as_of=AS_OF,
        rules=RagRules(scale="five"),
    )
    assert result == expected


@pytest.mark.parametrize(
    ("rags", "expected"),
    [
        ([], None),
        ([None], None),
        (["Blue", "Blue", None], "Blue"),
        (["Blue", "Green"], "Green"),
        (["Blue", "Green", "Amber"], "Amber"),
        (["Amber/Green", "Green"], "Amber/Green"),
        (["Amber", "Amber/Red"], "Amber/Red"),
        (["Red", "Amber", "Blue"], "Red"),
    ],
)
def test_overall_rag_is_the_worst_not_complete(rags, expected):
    assert overall_rag(rags) == expected


def test_worst_of_nothing_is_green():
    assert worst([None]) == "Green"


@pytest.mark.parametrize(
    ("rules", "name"),
    [
        (RagRules(), "default"),
        (RagRules(warning_days=14), "four-point, 14-day warning"),
        (RagRules(scale="five"), "five-point stages, 30-day warning"),
    ],
)
def test_rules_are_named_in_reports(rules, name):
    assert rules.name == name


@pytest.mark.parametrize("kwargs", [{"scale": "three"}, {"warning_days": -1}])
def test_rules_refuse_nonsense(kwargs):
    with pytest.raises(ValueError):
        RagRules(**kwargs)
