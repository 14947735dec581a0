"""Comparing two dates: completed since, newly overdue, slipped, added and dropped."""

from datetime import date

import pytest

from commissioning.programmes.tests.factories import (
    ActionFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)
from commissioning.reports.asof import build_report

pytestmark = pytest.mark.django_db

JANUARY, MARCH = date(2008, 1, 31), date(2008, 3, 31)


def dated(item, day):
    item.history.update(history_effective=day)
    return item


def progress(action, status: str, month_end: date, text: str = "Update"):
    return ProgressUpdateFactory(
        action=action,
        as_of_text=f"{month_end:%B %Y}",
        as_of_start=month_end.replace(day=1),
        as_of_end=month_end,
        status=status,
        text=text,
    )


def changes(programme):
    return build_report(programme=programme, as_of=MARCH, compare=JANUARY).changes


@pytest.fixture
def programme():
    return ProgrammeFactory()


def test_completed_since_the_earlier_date(programme):
    done_now = dated(ActionFactory(programme=programme, title="Done now"), None)
    progress(done_now, "in_progress", JANUARY)
    progress(done_now, "complete", MARCH)
    done_before = dated(ActionFactory(programme=programme, title="Done before"), None)
    progress(done_before, "complete", JANUARY)

    assert [item.title for item in changes(programme).completed] == ["Done now"]


def test_newly_overdue(programme):
    dated(
        ActionFactory(
            programme=programme,
            title="Due February",
            timescale_text="February 2008",
            timescale_end=date(2008, 2, 29),
        ),
        None,
    )
    dated(
        ActionFactory(
            programme=programme,
            title="Due December",
            timescale_text="December 2007",
            timescale_end=date(2007, 12, 31),
        ),
        None,
    )
    finished = dated(
        ActionFactory(programme=programme, title="Finished", timescale_end=date(2008, 2, 29)),
        None,
    )
    progress(finished, "complete", MARCH)

    assert [item.title for item in changes(programme).overdue] == ["Due February"]


def test_slipped_by_how_many_days(programme):
    action = dated(ActionFactory(programme=programme, title="Slipped"), JANUARY)
    action.timescale_text = "June 2008"
    action.timescale_end = date(2008, 6, 30)
    action._history_effective = date(2008, 2, 15)
    action.save()
    brought_forward = dated(ActionFactory(programme=programme, title="Sooner"), JANUARY)
    brought_forward.timescale_end = date(2008, 3, 31)
    brought_forward._history_effective = date(2008, 2, 15)
    brought_forward.save()

    slipped = changes(programme).slipped

    assert [(slip.item.title, slip.was.text, slip.now.text) for slip in slipped] == [
        ("Slipped", "April 2008", "June 2008")
    ]
    assert slipped[0].days == 61
    assert slipped[0].to_json()["was"]["end"] == "2008-04-30"


def test_a_stage_slips_but_its_deliverables_are_not_listed_again(programme):
    stage = dated(StageFactory(programme=programme), JANUARY)
    stage.timescale_end = date(2010, 7, 1)
    stage._history_effective = MARCH
    stage.save()

    assert [slip.item.kind for slip in changes(programme).slipped] == ["stage"]


def test_added_between_the_dates(programme):
    dated(ActionFactory(programme=programme, title="Always there"), None)
    dated(ActionFactory(programme=programme, title="In January"), JANUARY)
    dated(ActionFactory(programme=programme, title="In February"), date(2008, 2, 1))
    dated(ActionFactory(programme=programme, title="In March"), MARCH)
    dated(ActionFactory(programme=programme, title="In April"), date(2008, 4, 1))

    assert [item.title for item in changes(programme).added] == ["In February", "In March"]


def test_dropped_since_the_earlier_date(programme):
    dropped = dated(ActionFactory(programme=programme, title="Dropped"), None)
    progress(dropped, "dropped", date(2008, 2, 29))
    long_gone = dated(ActionFactory(programme=programme, title="Long gone"), None)
    progress(long_gone, "dropped", JANUARY)

    found = changes(programme).dropped

    assert [(item.title, item.rag) for item in found] == [("Dropped", None)]


def test_no_changes_without_a_compare_date(programme):
    assert build_report(programme=programme, as_of=MARCH).changes is None
