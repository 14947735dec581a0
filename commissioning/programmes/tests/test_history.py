"""Every change to stages, deliverables and actions is kept: who, when, what."""

from datetime import date

import pytest

from commissioning.core.models import timescale_values
from commissioning.domain.timescales import Precision, Timescale
from commissioning.programmes.models import Action, Deliverable, Programme, Stage


@pytest.fixture
def programme(db):
    from commissioning.programmes.tests.factories import PartnershipFactory

    return Programme.objects.create(
        name="Transition", slug="transition", partnership=PartnershipFactory()
    )


def april_2008() -> Timescale:
    return Timescale("April 2008", date(2008, 4, 1), date(2008, 4, 30), Precision.MONTH)


def test_action_timescale_round_trips_through_its_fields(programme):
    action = Action.objects.create(
        programme=programme, title="Agree definitions", **timescale_values(april_2008())
    )

    action.refresh_from_db()
    assert action.timescale == april_2008()
    assert action.due == date(2008, 4, 30)


def test_an_action_without_a_timescale_has_none(programme):
    action = Action.objects.create(programme=programme, title="Agree definitions")

    assert action.timescale is None and action.due is None


def test_changes_to_an_action_are_kept_with_who_made_them(programme, manager):
    action = Action.objects.create(
        programme=programme, title="Agree definitions", **timescale_values(april_2008())
    )
    action._history_user = manager
    action.timescale_text, action.timescale_end = "May 2008", date(2008, 5, 31)
    action.save()

    old, new = action.history.order_by("history_date")
    assert (old.timescale_text, new.timescale_text) == ("April 2008", "May 2008")
    assert new.history_user == manager
    changes = {change.field for change in new.diff_against(old).changes}
    assert changes == {"timescale_text", "timescale_end"}


def test_stages_and_deliverables_keep_history(programme):
    stage = Stage.objects.create(programme=programme, code="T1", title="Plans ready")
    deliverable = Deliverable.objects.create(stage=stage, scope="internal", text="A framework")
    deliverable.status = "complete"
    deliverable.save()

    assert stage.history.count() == 1
    assert [h.status for h in deliverable.history.order_by("history_date")] == [
        "not_started",
        "complete",
    ]
