"""Recording progress, confirming statuses and editing items, with history kept."""

from datetime import date

import pytest

from commissioning.domain.timescales import Precision, parse_timescale
from commissioning.programmes.models import ProgressUpdate
from commissioning.programmes.services import (
    confirm_status,
    confirm_statuses,
    record_progress,
    update_action,
    update_deliverable,
    update_programme,
    update_stage,
)
from commissioning.programmes.tests.factories import (
    ActionFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db


def test_an_explicit_status_is_recorded_as_confirmed_and_becomes_the_actions(manager):
    action = ActionFactory()

    update = record_progress(
        item=action,
        author=manager,
        as_of=parse_timescale("May 2008"),
        text="Workshop held",
        status="complete",
    )

    action.refresh_from_db()
    assert (update.as_of_text, update.as_of_start, update.as_of_end) == (
        "May 2008",
        date(2008, 5, 1),
        date(2008, 5, 31),
    )
    assert (update.status, update.status_suggested, update.author) == ("complete", False, manager)
    assert (action.status, action.status_suggested) == ("complete", False)
    assert action.history.latest().history_user == manager


def test_without_a_status_one_is_suggested_from_the_text(manager):
    action = ActionFactory()

    update = record_progress(
        item=action,
        author=manager,
        as_of=parse_timescale("May 2008"),
        text="Discussions under way",
        status=None,
    )

    action.refresh_from_db()
    assert (update.status, update.status_suggested) == ("in_progress", True)
    assert (action.status, action.status_suggested) == ("in_progress", True)


def test_a_blank_status_is_suggested_too(manager):
    action = ActionFactory()

    update = record_progress(
        item=action, author=manager, as_of=parse_timescale("May 2008"), text="Done", status=""
    )

    assert update.status_suggested is True


def test_a_back_dated_update_is_kept_but_does_not_change_the_current_status(manager):
    action = ActionFactory(status="in_progress")
    ProgressUpdateFactory(action=action, as_of_end=date(2008, 6, 30), status="in_progress")

    update = record_progress(
        item=action,
        author=manager,
        as_of=parse_timescale("April 2008"),
        text="Nothing yet",
        status="blocked",
    )

    action.refresh_from_db()
    assert ProgressUpdate.objects.filter(pk=update.pk).exists()
    assert action.status == "in_progress"


def test_a_later_update_for_the_same_period_wins(manager):
    action = ActionFactory()
    ProgressUpdateFactory(action=action, as_of_end=date(2008, 5, 31), status="in_progress")

    record_progress(
        item=action,
        author=manager,
        as_of=parse_timescale("May 2008"),
        text="Agreed after all",
        status="complete",
    )

    action.refresh_from_db()
    assert action.status == "complete"


def test_progress_on_a_deliverable_is_recorded_against_it(manager):
    deliverable = DeliverableFactory()

    update = record_progress(
        item=deliverable,
        author=manager,
        as_of=parse_timescale("May 2008"),
        text="Draft agreed",
        status="complete",
    )

    deliverable.refresh_from_db()
    assert update.deliverable == deliverable and update.action is None
    assert deliverable.status == "complete"


def test_earlier_updates_are_never_changed(manager):
    action = ActionFactory()
    old = ProgressUpdateFactory(action=action, text="Discussions under way")

    record_progress(
        item=action, author=manager, as_of=parse_timescale("May 2008"), text="Done", status=None
    )

    old.refresh_from_db()
    assert old.text == "Discussions under way" and action.updates.count() == 2


def test_an_unknown_status_is_refused(manager):
    with pytest.raises(ValueError, match="status"):
        record_progress(
            item=ActionFactory(),
            author=manager,
            as_of=parse_timescale("May 2008"),
            text="x",
            status="finished",
        )
    assert ProgressUpdate.objects.count() == 0


def test_confirming_a_suggested_status_records_who_in_the_items_history(manager):
    action = ActionFactory(status="in_progress", status_suggested=True)

    confirm_status(item=action, author=manager, status="in_progress")

    action.refresh_from_db()
    latest, before = action.history.order_by("-history_id")[:2]
    assert (action.status, action.status_suggested) == ("in_progress", False)
    assert latest.history_user == manager
    assert [change.field for change in latest.diff_against(before).changes] == ["status_suggested"]
    assert ProgressUpdate.objects.count() == 0  # updates stay as they were written


def test_a_person_may_change_the_suggested_status_when_confirming(manager):
    action = ActionFactory(status="complete", status_suggested=True)

    confirm_status(item=action, author=manager, status="in_progress")

    action.refresh_from_db()
    assert (action.status, action.status_suggested) == ("in_progress", False)


def test_confirming_several_statuses_at_once(manager):
    action = ActionFactory(status="complete", status_suggested=True)
    deliverable = DeliverableFactory(status="in_progress", status_suggested=True)

    count = confirm_statuses(
        author=manager, choices=[(action, "complete"), (deliverable, "blocked")]
    )

    action.refresh_from_db()
    deliverable.refresh_from_db()
    assert count == 2
    assert (action.status, action.status_suggested) == ("complete", False)
    assert (deliverable.status, deliverable.status_suggested) == ("blocked", False)


def test_editing_an_action_reads_its_timescale_and_records_the_author(manager):
    action = ActionFactory(title="Agree definitions")

    update_action(
        action=action,
        author=manager,
        title="Agree definitions",
        ref="1.1",
        timescale_text="June 2008",
        section="Governance",
    )

    action.refresh_from_db()
    assert action.timescale_text == "June 2008"
    assert (action.timescale_start, action.timescale_end) == (date(2008, 6, 1), date(2008, 6, 30))
    assert action.timescale_precision == Precision.MONTH
    assert action.history.latest().history_user == manager


def test_saving_an_unchanged_action_adds_no_history(manager):
    action = ActionFactory(ref="1.1", section="Governance")
    rows = action.history.count()

    update_action(
        action=action,
        author=manager,
        title=action.title,
        ref="1.1",
        timescale_text="April 2008",
        section="Governance",
    )

    assert action.history.count() == rows


def test_a_timescale_that_cannot_be_read_is_kept_and_flagged_by_the_service(manager):
    action = ActionFactory()

    update_action(
        action=action, author=manager, title="x", ref="", timescale_text="xyz", section=""
    )

    action.refresh_from_db()
    assert (action.timescale_text, action.timescale_precision, action.due) == (
        "xyz",
        "unparsed",
        None,
    )


def test_a_blank_timescale_clears_the_window(manager):
    action = ActionFactory()

    update_action(action=action, author=manager, title="x", ref="", timescale_text=" ", section="")

    action.refresh_from_db()
    assert action.timescale is None and action.due is None


def test_editing_a_stage_reads_its_timescale(manager):
    stage = StageFactory()

    update_stage(
        stage=stage, author=manager, code="T1", title="Plans ready", timescale_text="Q3 2010/11"
    )

    stage.refresh_from_db()
    assert (stage.timescale_start, stage.timescale_end) == (date(2010, 10, 1), date(2010, 12, 31))
    assert stage.history.latest().history_user == manager


def test_editing_a_deliverable_and_a_programme(manager):
    deliverable = DeliverableFactory(scope="internal")
    programme = ProgrammeFactory()

    update_deliverable(deliverable=deliverable, author=manager, text="New text", scope="external")
    update_programme(programme=programme, author=manager, name="Renamed", description="About")

    deliverable.refresh_from_db()
    programme.refresh_from_db()
    assert (deliverable.text, deliverable.scope) == ("New text", "external")
    assert (programme.name, programme.description) == ("Renamed", "About")
    assert programme.history.latest().history_user == manager
