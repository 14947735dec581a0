"""build_report: the programme rebuilt as it stood on a date, from history and progress."""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commissioning.domain.timescales import parse_timescale
from commissioning.plans.services import import_document
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    ProgressUpdate,
)
from commissioning.programmes.services import (
    confirm_status,
    load_demo,
    record_progress,
    update_action,
)
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)
from commissioning.reports.asof import add_months, build_report, status_over_time


@pytest.fixture(autouse=True)
def home(request):
    """The installation's one partnership, where new programmes go."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return None
    from commissioning.programmes.tests.factories import PartnershipFactory

    request.getfixturevalue("db")
    return PartnershipFactory(name="Home Partnership", slug="home")


pytestmark = pytest.mark.django_db

MARCH_2008 = date(2008, 3, 31)


def dated(item, day: date | None):
    """Say that every version of ``item`` recorded so far describes ``day``."""
    item.history.update(history_effective=day)
    return item


def the(report, title: str):
    return next(item for item in report.items if item.title.startswith(title))


@pytest.fixture
def demo_programme(request):
    """The demo, with the action plan's rows undated or dated as of March 2008."""
    programme = load_demo().programme
    if getattr(request, "param", None) == "dated":
        Action.history.filter(history_effective__isnull=True).update(history_effective=MARCH_2008)
        ActionOwner.history.filter(history_effective__isnull=True).update(
            history_effective=MARCH_2008
        )
    return programme


@pytest.mark.parametrize("demo_programme", ["undated", "dated"], indirect=True)
def test_seed_action_plan_as_of_march_2008(demo_programme):
    report = build_report(programme=demo_programme, as_of=MARCH_2008)

    blue = [item.title for item in report.actions if item.rag == "Blue"]
    assert len(blue) == 2
    assert blue[0].startswith("Finalise Understanding Adult Partnership Report")
    assert blue[1].startswith("Agree key strategic commissioning objectives")
    leadership = the(report, "Agree strategic leadership roles")
    assert leadership.due.text == "February 2008"
    assert leadership.status == "in_progress"
    assert leadership.rag == "Red"
    assert leadership.owners == ("John Bennett", "Sue Lightup", "Dwayne Johnson")
    assert leadership.progress.text == "Draft Section 31 to Board March"
    assert report.overall_rag == "Red"
    assert report.progress_heading == "Progress to Date – March 2008"


def test_a_report_for_an_earlier_date_keeps_the_old_timescale(demo_programme, manager):
    action = Action.objects.get(title__startswith="Agree mutual definition")
    record_progress(
        item=action,
        author=manager,
        as_of=parse_timescale("April 2008"),
        text="Definition agreed at the Board",
        status="complete",
    )
    update_action(
        action=action,
        author=manager,
        title=action.title,
        ref=action.ref,
        timescale_text="September 2008",
        section=action.section,
    )

    then = the(build_report(programme=demo_programme, as_of=date(2008, 4, 30)), "Agree mutual")
    now = the(build_report(programme=demo_programme, as_of=timezone.localdate()), "Agree mutual")

    assert then.due.text == "May 2008"
    assert then.due.end == date(2008, 5, 31)
    assert then.status == "complete"
    assert then.progress.as_of == "April 2008"
    assert now.due.text == "September 2008"
    before_april = the(build_report(programme=demo_programme, as_of=MARCH_2008), "Agree mutual")
    assert before_april.status == "in_progress"
    assert before_april.progress.text == "Discussions under way"


def test_the_version_dated_on_or_before_the_date_is_shown():
    action = dated(ActionFactory(title="Old title", timescale_text="April 2008"), date(2008, 1, 31))
    action.title = "New title"
    action._history_effective = date(2008, 6, 30)
    action.save()

    assert build_report(programme=action.programme, as_of=MARCH_2008).actions[0].title == (
        "Old title"
    )
    later = build_report(programme=action.programme, as_of=date(2008, 6, 30))
    assert later.actions[0].title == "New title"


def test_an_item_recorded_after_the_date_is_shown_as_first_recorded():
    action = dated(ActionFactory(title="First"), date(2008, 6, 30))
    action.title = "Second"
    action._history_effective = date(2008, 9, 30)
    action.save()

    report = build_report(programme=action.programme, as_of=MARCH_2008)

    assert [item.title for item in report.actions] == ["First"]
    assert report.actions[0].status == "not_started"


def test_a_dated_version_gives_the_status_when_there_is_no_progress():
    action = dated(ActionFactory(status="in_progress"), date(2008, 2, 29))

    assert build_report(programme=action.programme, as_of=MARCH_2008).actions[0].status == (
        "in_progress"
    )
    assert build_report(programme=action.programme, as_of=date(2008, 1, 31)).actions[0].status == (
        "not_started"
    )


def test_an_undated_version_without_progress_stood_not_started():
    action = dated(ActionFactory(status="in_progress"), None)

    assert build_report(programme=action.programme, as_of=MARCH_2008).actions[0].status == (
        "not_started"
    )


def test_the_latest_progress_on_or_before_the_date_gives_the_status():
    action = dated(ActionFactory(), None)
    ProgressUpdateFactory(action=action, text="Started", status="in_progress")
    ProgressUpdateFactory(
        action=action,
        as_of_text="May 2008",
        as_of_start=date(2008, 5, 1),
        as_of_end=date(2008, 5, 31),
        text="Done",
        status="complete",
    )

    march = build_report(programme=action.programme, as_of=MARCH_2008).actions[0]
    may = build_report(programme=action.programme, as_of=date(2008, 5, 31)).actions[0]

    assert (march.status, march.progress.text, march.rag) == ("in_progress", "Started", "Green")
    assert (may.status, may.progress.text, may.rag) == ("complete", "Done", "Blue")


def test_a_later_correction_for_the_same_period_wins():
    action = dated(ActionFactory(), None)
    ProgressUpdateFactory(action=action, text="Started", status="in_progress")
    ProgressUpdateFactory(action=action, text="Actually blocked", status="blocked")

    item = build_report(programme=action.programme, as_of=MARCH_2008).actions[0]

    assert (item.status, item.progress.text, item.rag) == ("blocked", "Actually blocked", "Red")


def test_an_undated_update_counts_from_the_day_it_was_written():
    action = dated(ActionFactory(), None)
    update = ProgressUpdateFactory(
        action=action, as_of_text="", as_of_start=None, as_of_end=None, status="complete"
    )
    written = timezone.make_aware(datetime(2008, 4, 10, 12))
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=written)

    assert build_report(programme=action.programme, as_of=MARCH_2008).actions[0].progress is None
    item = build_report(programme=action.programme, as_of=date(2008, 4, 10)).actions[0]
    assert (item.status, item.progress.as_of) == ("complete", "10 April 2008")


def test_a_confirmed_status_wins_over_the_suggestion(manager):
    action = ActionFactory()
    ProgressUpdateFactory(action=action, status="in_progress", status_suggested=True)
    confirm_status(item=action, author=manager, status="complete")

    item = build_report(programme=action.programme, as_of=timezone.localdate()).actions[0]

    assert (item.status, item.status_suggested) == ("complete", False)


def test_a_dropped_item_has_no_rag():
    action = dated(ActionFactory(), None)
    ProgressUpdateFactory(action=action, status="dropped", text="No longer needed")

    item = build_report(programme=action.programme, as_of=MARCH_2008).actions[0]

    assert (item.status, item.rag) == ("dropped", None)


def test_owners_are_those_of_the_date(manager):
    action = dated(ActionFactory(), None)
    old = dated(ActionOwnerFactory(action=action, name="Old owner"), None)
    old._history_effective = date(2008, 6, 30)
    old.delete()
    new = ActionOwnerFactory(action=action, name="New owner")
    dated(new, date(2008, 6, 30))

    assert build_report(programme=action.programme, as_of=MARCH_2008).actions[0].owners == (
        "Old owner",
    )
    june = build_report(programme=action.programme, as_of=date(2008, 6, 30))
    assert june.actions[0].owners == ("New owner",)


def test_items_written_without_history_are_shown_as_they_are():
    programme = ProgrammeFactory()
    action = Action.objects.bulk_create([Action(programme=programme, title="Bulk", order=1)])[0]
    ActionOwner.objects.bulk_create([ActionOwner(action=action, name="Someone", kind="person")])

    item = build_report(programme=programme, as_of=MARCH_2008).actions[0]

    assert (item.title, item.owners) == ("Bulk", ("Someone",))


def test_stages_take_the_worst_of_their_deliverables():
    stage = StageFactory(code="T1", title="Plans ready")
    done = DeliverableFactory(stage=stage, text="Done")
    stuck = DeliverableFactory(stage=stage, text="Stuck")
    ProgressUpdateFactory(action=None, deliverable=done, status="complete")
    ProgressUpdateFactory(action=None, deliverable=stuck, status="blocked")

    report = build_report(programme=stage.programme, as_of=MARCH_2008)

    assert (report.stages[0].status, report.stages[0].rag) == ("blocked", "Red")
    assert [(d.title, d.rag, d.stage) for d in report.deliverables] == [
        ("Done", "Blue", "T1"),
        ("Stuck", "Red", "T1"),
    ]
    assert report.deliverables[0].due.text == "01 June 2010"


def test_a_stage_is_blue_when_every_deliverable_is_complete():
    deliverable = DeliverableFactory()
    ProgressUpdateFactory(action=None, deliverable=deliverable, status="complete")

    report = build_report(programme=deliverable.stage.programme, as_of=MARCH_2008)

    assert report.stages[0].rag == "Blue"
    assert report.overall_rag == "Blue"


def test_stages_on_the_five_point_scale():
    programme = ProgrammeFactory(rag_scale="five")
    stage = StageFactory(programme=programme)
    deliverables = [DeliverableFactory(stage=stage) for _ in range(4)]
    ProgressUpdateFactory(action=None, deliverable=deliverables[0], status="unknown")
    for deliverable in deliverables[1:]:
        ProgressUpdateFactory(action=None, deliverable=deliverable, status="in_progress")

    report = build_report(programme=programme, as_of=MARCH_2008)

    assert report.stages[0].rag == "Amber/Green"
    assert report.rules == "five-point stages, 30-day warning"


def test_the_warning_window_is_the_programmes():
    programme = ProgrammeFactory(warning_days=10)
    ActionFactory(programme=programme)  # April 2008, 30 days after the end of March

    assert build_report(programme=programme, as_of=MARCH_2008).actions[0].rag == "Green"


def test_items_are_in_report_order():
    programme = ProgrammeFactory()
    later = StageFactory(programme=programme, code="T2", order=1, timescale_end=date(2010, 11, 30))
    sooner = StageFactory(programme=programme, code="T1", order=2, timescale_end=date(2010, 6, 1))
    undated = StageFactory(programme=programme, code="T3", order=0, timescale_end=None)
    external = DeliverableFactory(stage=sooner, scope="external", order=1, text="External")
    parent = DeliverableFactory(stage=sooner, scope="internal", order=2, text="Parent")
    DeliverableFactory(stage=sooner, scope="internal", order=3, text="Sibling")
    DeliverableFactory(stage=sooner, scope="internal", order=1, parent=parent, text="Child")
    DeliverableFactory(stage=later, scope="internal", order=1, text="Later")
    ActionFactory(programme=programme, order=2, title="Second")
    ActionFactory(programme=programme, order=1, title="First")

    report = build_report(programme=programme, as_of=MARCH_2008)

    assert [s.id for s in report.stages] == [sooner.id, later.id, undated.id]
    assert [d.title for d in report.deliverables] == [
        "External",
        "Parent",
        "Child",
        "Sibling",
        "Later",
    ]
    assert report.deliverables[2].parent_id == parent.id
    assert external.scope == report.deliverables[0].scope
    assert [a.title for a in report.actions] == ["First", "Second"]


@pytest.mark.parametrize(
    ("months", "as_of", "start", "end"),
    [
        (1, date(2008, 3, 31), date(2008, 2, 29), date(2008, 4, 30)),
        (1, date(2008, 1, 15), date(2007, 12, 15), date(2008, 2, 15)),
        (3, date(2008, 5, 31), date(2008, 2, 29), date(2008, 8, 31)),
    ],
)
def test_reporting_period_is_the_programmes(months, as_of, start, end):
    programme = ProgrammeFactory(reporting_period_months=months)

    report = build_report(programme=programme, as_of=as_of)

    assert (report.period_start, report.next_period_end) == (start, end)


def test_a_compare_date_starts_the_period():
    programme = ProgrammeFactory()

    report = build_report(programme=programme, as_of=MARCH_2008, compare=date(2007, 12, 31))

    assert report.period_start == date(2007, 12, 31)
    assert report.changes.since == date(2007, 12, 31)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2008, 3, 31), -1, date(2008, 2, 29)),
        (date(2008, 1, 31), 1, date(2008, 2, 29)),
        (date(2008, 12, 15), 1, date(2009, 1, 15)),
        (date(2008, 1, 15), -1, date(2007, 12, 15)),
        (date(9999, 12, 31), 1, date.max),
        (date(1, 1, 1), -1, date.min),
    ],
)
def test_add_months_keeps_the_day_within_the_month(day, months, expected):
    assert add_months(day, months) == expected


def _programme_of_size(size: int):
    programme = ProgrammeFactory()
    for _ in range(2):
        stage = StageFactory(programme=programme)
        for _ in range(size // 5):
            deliverable = DeliverableFactory(stage=stage)
            ProgressUpdateFactory(action=None, deliverable=deliverable)
    for _ in range(size):
        action = ActionFactory(programme=programme)
        ActionOwnerFactory(action=action)
        ProgressUpdateFactory(action=action)
    return programme


def _queries(programme, **kwargs) -> int:
    with CaptureQueriesContext(connection) as queries:
        build_report(programme=programme, as_of=MARCH_2008, **kwargs)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_programme():
    small, large = _programme_of_size(5), _programme_of_size(50)

    assert _queries(small) == _queries(large)
    assert _queries(small, compare=date(2008, 1, 31)) == _queries(large, compare=date(2008, 1, 31))
    assert _queries(large) <= 10


def test_status_over_time_counts_actions_and_deliverables():
    action = dated(ActionFactory(), None)
    ProgressUpdateFactory(action=action, status="in_progress")
    deliverable = dated(DeliverableFactory(stage=StageFactory(programme=action.programme)), None)
    ProgressUpdateFactory(
        action=None,
        deliverable=deliverable,
        as_of_text="May 2008",
        as_of_end=date(2008, 5, 31),
        status="complete",
    )
    dated(ActionFactory(programme=action.programme, status="blocked"), date(2008, 4, 30))
    dates = [date(2008, 2, 29), MARCH_2008, date(2008, 4, 30), date(2008, 5, 31)]

    counts = status_over_time(programme=action.programme, dates=dates)

    assert counts == [
        {"not_started": 3},
        {"in_progress": 1, "not_started": 2},
        {"in_progress": 1, "not_started": 1, "blocked": 1},
        {"in_progress": 1, "complete": 1, "blocked": 1},
    ]
    report = build_report(programme=action.programme, as_of=date(2008, 4, 30))
    statuses = [item.status for item in [*report.deliverables, *report.actions]]
    assert {status: statuses.count(status) for status in statuses} == counts[2]
    assert Deliverable.objects.count() == 1


def _import(text: str) -> None:
    import_document(data=text.encode(), filename="plan.csv", programme="Dated imports")


def test_each_import_takes_effect_on_its_documents_reporting_date():
    _import(
        "Ref,Action,Timescale,Responsibility,Progress to Date – March 2008\n"
        "1,Agree outcomes,May 2008,Sue Lightup,Workshop held\n"
    )
    _import(
        "Ref,Action,Timescale,Responsibility,Progress to Date – June 2008\n"
        "1,Agree outcomes,September 2008,Sue Lightup,Outcomes agreed and signed off\n"
    )
    programme = Programme.objects.get(name="Dated imports")

    march = the(build_report(programme=programme, as_of=date(2008, 4, 30)), "Agree outcomes")
    june = the(build_report(programme=programme, as_of=date(2008, 7, 31)), "Agree outcomes")

    assert march.due.text == "May 2008"
    assert march.progress.as_of == "March 2008"
    assert june.due.text == "September 2008"
    assert june.progress.as_of == "June 2008"
    effective = set(Action.history.values_list("history_effective", flat=True))
    assert effective == {date(2008, 3, 31), date(2008, 6, 30)}
