"""Re-importing after people edited the data: a three-way merge that loses nothing."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from commissioning.plans.merge import KEEP, TAKE, Outcome, change_reason, merge_field
from commissioning.plans.services import import_document
from commissioning.programmes import services
from commissioning.programmes.models import Action, ImportBase, ImportRun, ProgressUpdate, Stage
from commissioning.programmes.services import DEMO_DOCUMENTS
from commissioning.programmes.tests.factories import ActionFactory, ProgrammeFactory
from commissioning.reports.asof import build_report

pytestmark = pytest.mark.usefixtures("home_partnership")

HEADER = "Ref,Action,Timescale,Responsibility,Progress – March 2008\n"
V1 = HEADER + (
    "A1,Agree the budget,April 2008,Finance Team,Discussions under way\n"
    "A2,Write the strategy,May 2008,Housing Team,\n"
)
ACTION_PLAN = DEMO_DOCUMENTS / "commissioning-action-plan.txt"
MILESTONES = DEMO_DOCUMENTS / "milestones-and-deliverables.txt"


def imported(text: str, user=None, **options):
    return import_document(
        data=text.encode(), filename="plan.csv", programme="Plan", user=user, **options
    )


def edit_timescale(ref: str, text: str, author) -> Action:
    action = Action.objects.get(ref=ref)
    return services.update_action(
        action=action,
        author=author,
        title=action.title,
        ref=action.ref,
        timescale_text=text,
        section=action.section,
    )


# --- The rule, field by field -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "current", "document", "has_base", "outcome"),
    [
        ("April", "April", "April", True, Outcome.UNCHANGED),  # nobody changed it
        ("April", "June", "April", True, Outcome.UNCHANGED),  # a person changed it: kept
        ("April", "April", "May", True, Outcome.TAKE),  # the document changed it
        ("April", "June", "May", True, Outcome.CONFLICT),  # both changed it
        ("April", "June", "June", True, Outcome.UNCHANGED),  # both changed it alike
        (None, "June", "May", False, Outcome.CONFLICT),  # no base: nobody can tell who
        (None, "May", "May", False, Outcome.UNCHANGED),
        ("", "", "May", True, Outcome.TAKE),  # a blank nobody filled in
    ],
)
def test_merge_field(base, current, document, has_base, outcome):
    assert merge_field(base=base, current=current, document=document, has_base=has_base) == (
        outcome
    )


def test_change_reason_names_what_was_kept_and_what_was_taken():
    from commissioning.plans.merge import Difference

    def decided(field, choice):
        return Difference("action", 1, "A1", field, "a", "b", "c", 2, True).resolved(choice)

    reason = change_reason([decided("timescale", KEEP), decided("owners", TAKE)])

    assert reason == "kept person's value: timescale; took document's value: owners"
    with pytest.raises(ValueError):
        decided("title", "maybe")


# --- Re-imports -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_same_file_again_changes_nothing_even_after_an_edit(manager):
    imported(V1, manager)
    edit_timescale("A1", "June 2008", manager)
    history_before = Action.history.count()

    result = imported(V1, manager)

    action = Action.objects.get(ref="A1")
    assert action.timescale_text == "June 2008"
    assert str(action.timescale_end) == "2008-06-30"
    assert result.changes == [] and result.conflicts == []
    assert result.run.counts == {}
    assert Action.history.count() == history_before


@pytest.mark.django_db
def test_a_later_version_updates_a_field_nobody_touched_and_keeps_an_edit(manager):
    imported(V1, manager)
    edit_timescale("A1", "June 2008", manager)
    later = V1.replace("May 2008,Housing Team", "July 2008,Housing Team")

    result = imported(later, manager)

    assert Action.objects.get(ref="A2").timescale_text == "July 2008"
    assert Action.objects.get(ref="A1").timescale_text == "June 2008"
    assert [(c.item, c.field, c.base, c.current, c.document) for c in result.changes] == [
        ("A2 Write the strategy", "timescale", "May 2008", "May 2008", "July 2008")
    ]
    assert result.conflicts == []
    assert result.run.counts["actions_updated"] == 1
    assert ImportBase.objects.get(action__ref="A2").values["timescale"] == "July 2008"


@pytest.mark.django_db
def test_a_field_both_changed_is_a_conflict_and_the_persons_value_is_kept(manager):
    imported(V1, manager)
    edit_timescale("A1", "June 2008", manager)
    later = V1.replace("April 2008,Finance", "September 2008,Finance")

    dry = imported(later, manager, dry_run=True)
    result = imported(later, manager)

    for outcome in (dry, result):
        (conflict,) = outcome.conflicts
        assert (conflict.field, conflict.base, conflict.current, conflict.document) == (
            "timescale",
            "April 2008",
            "June 2008",
            "September 2008",
        )
        assert conflict.resolution == KEEP and conflict.line == 2
    assert Action.objects.get(ref="A1").timescale_text == "June 2008"
    run = ImportRun.objects.first()
    assert run.counts == {"conflicts_open": 1}
    assert run.conflicts[0]["resolution"] == KEEP
    # Nobody chose, so the next import asks again; once someone chooses, it asks no more.
    (again,) = imported(later, manager).conflicts
    imported(later, manager, resolutions={again.key: KEEP})
    assert imported(later, manager).conflicts == []
    assert Action.objects.get(ref="A1").timescale_text == "June 2008"


@pytest.mark.django_db
def test_overwrite_takes_the_documents_value(manager):
    imported(V1, manager)
    edit_timescale("A1", "June 2008", manager)
    later = V1.replace("April 2008,Finance", "September 2008,Finance")

    result = imported(later, manager, overwrite=True)

    assert result.conflicts[0].resolution == TAKE
    action = Action.objects.get(ref="A1")
    assert (action.timescale_text, str(action.timescale_end)) == ("September 2008", "2008-09-30")


@pytest.mark.django_db
def test_a_choice_per_conflict_is_applied_by_its_key(manager, django_user_model):
    imported(V1, manager)
    edit_timescale("A1", "June 2008", manager)
    edit_timescale("A2", "June 2008", manager)
    later = V1.replace("April 2008", "September 2008").replace("May 2008", "October 2008")
    first, second = imported(later, manager, dry_run=True).conflicts

    result = imported(later, manager, resolutions={first.key: TAKE, second.key: KEEP})

    assert [c.resolution for c in result.conflicts] == [TAKE, KEEP]
    assert Action.objects.get(ref="A1").timescale_text == "September 2008"
    assert Action.objects.get(ref="A2").timescale_text == "June 2008"


@pytest.mark.django_db
def test_a_choice_made_on_values_that_changed_since_does_not_apply(manager):
    imported(V1, manager)
    edit_timescale("A1", "June 2008", manager)
    later = V1.replace("April 2008,Finance", "September 2008,Finance")
    (seen,) = imported(later, manager, dry_run=True).conflicts
    edit_timescale("A1", "July 2008", manager)  # someone else changes it meanwhile

    result = imported(later, manager, resolutions={seen.key: TAKE})

    assert result.conflicts[0].key != seen.key
    assert result.conflicts[0].resolution == KEEP
    assert Action.objects.get(ref="A1").timescale_text == "July 2008"


@pytest.mark.django_db
def test_history_records_who_chose_what(manager, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x-pass-123")
    imported(V1, manager)
    edit_timescale("A1", "June 2008", editor)
    edit_timescale("A2", "June 2008", editor)
    later = V1.replace("April 2008", "September 2008").replace("May 2008", "October 2008")
    first, second = imported(later, manager, dry_run=True).conflicts

    imported(later, manager, resolutions={first.key: KEEP, second.key: TAKE})

    kept = Action.objects.get(ref="A1").history.first()
    took = Action.objects.get(ref="A2").history.first()
    assert (kept.history_change_reason, kept.history_user) == (
        "kept person's value: timescale",
        manager,
    )
    assert kept.timescale_text == "June 2008"
    assert (took.history_change_reason, took.history_user) == (
        "took document's value: timescale",
        manager,
    )
    assert took.timescale_text == "October 2008"


@pytest.mark.django_db
def test_the_report_for_today_shows_the_documents_value_once_taken(manager):
    imported(V1, manager)
    edit_timescale("A1", "June 2008", manager)
    later = V1.replace("April 2008,Finance", "September 2008,Finance")
    imported(later, manager, overwrite=True)

    programme = Action.objects.get(ref="A1").programme
    report = build_report(programme=programme, as_of=date.today())

    item = next(item for item in report.items if item.ref == "A1")
    assert item.due.text == "September 2008"


@pytest.mark.django_db
def test_an_action_a_person_renamed_is_not_imported_again(manager):
    plan = V1.replace("A1,", ",").replace("A2,", ",")  # no refs: matched by title
    imported(plan, manager)
    action = Action.objects.get(title="Agree the budget")
    services.update_action(
        action=action,
        author=manager,
        title="Agree the 2008 budget",
        ref="",
        timescale_text=("April 2008"),
        section="",
    )

    result = imported(plan, manager)

    assert Action.objects.count() == 2
    assert result.new_actions == 0
    assert Action.objects.get(pk=action.pk).title == "Agree the 2008 budget"


@pytest.mark.django_db
def test_an_item_never_imported_differs_as_a_conflict(manager):
    programme = ProgrammeFactory(name="Plan", slug="plan")
    ActionFactory(programme=programme, ref="A1", title="Agree the budget", timescale_text="TBC")

    result = imported(V1, manager)

    fields = {(c.item_id, c.field): c for c in result.conflicts}
    timescale = next(c for (_, name), c in fields.items() if name == "timescale")
    assert (timescale.base, timescale.current, timescale.document) == (None, "TBC", "April 2008")
    assert Action.objects.get(ref="A1").timescale_text == "TBC"


@pytest.mark.django_db
def test_a_person_confirming_a_status_is_not_undone_by_the_same_document(manager):
    imported(V1, manager)
    action = Action.objects.get(ref="A1")
    services.confirm_status(item=action, author=manager, status="blocked")

    result = imported(V1, manager)

    action.refresh_from_db()
    assert (action.status, action.status_suggested) == ("blocked", False)
    assert result.conflicts == []
    assert ProgressUpdate.objects.filter(action=action).count() == 1


@pytest.mark.django_db
def test_new_progress_moves_a_status_nobody_changed():
    imported(V1)
    later = V1.replace("March 2008", "May 2008").replace("Discussions under way", "Completed")

    result = imported(later)

    action = Action.objects.get(ref="A1")
    assert action.status == "complete" and action.status_suggested
    assert [(c.field, c.current, c.document) for c in result.changes] == [
        ("status", "in_progress", "complete")
    ]


@pytest.mark.django_db
def test_owners_a_person_changed_are_kept_and_a_new_document_owner_is_a_conflict(manager):
    imported(V1, manager)
    action = Action.objects.get(ref="A1")
    action.owners.update(name="Treasury Team")  # as the owners editor would
    later = V1.replace("Finance Team", "Audit Team")

    same = imported(V1, manager)
    result = imported(later, manager, dry_run=True)

    assert same.conflicts == [] and same.changes == []
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.base, conflict.current, conflict.document) == (
        "owners",
        ["Finance Team"],
        ["Treasury Team"],
        ["Audit Team"],
    )


@pytest.mark.django_db
def test_a_stage_title_a_person_edited_is_kept(manager):
    milestones = MILESTONES.read_bytes()
    import_document(data=milestones, filename="m.txt", programme="Plan")
    stage = Stage.objects.get(code="T1")
    services.update_stage(
        stage=stage, author=manager, code="T1", title="Plans ready", timescale_text="June 2010"
    )

    result = import_document(data=milestones, filename="m.txt", programme="Plan")

    stage.refresh_from_db()
    assert (stage.title, stage.timescale_text) == ("Plans ready", "June 2010")
    assert result.conflicts == [] and result.changes == []


# --- The command line -------------------------------------------------------------------------


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_dry_run_json_lists_changes_and_conflicts(manager, tmp_path):
    run_import(str(ACTION_PLAN), "--programme", "Demo")
    action = Action.objects.get(title__startswith="Agree mutual definition")
    services.update_action(
        action=action,
        author=manager,
        title=action.title,
        ref="",
        timescale_text="June 2008",
        section="",
    )
    later = ACTION_PLAN.read_text(encoding="utf-8")
    later = later.replace("Commissioning.\tMay 2008", "Commissioning.\tJuly 2008")
    later = later.replace("Publish work programme", "Publish the work programme")
    later = later.replace("July 2008\tCommissioning Teams", "August 2008\tCommissioning Teams")
    path = tmp_path / "later.txt"
    path.write_text(later, encoding="utf-8")

    payload = json.loads(
        run_import(str(path), "--programme", "Demo", "--dry-run", "--format", "json")
    )

    assert payload["conflicts"] == [
        {
            "item": "Agree mutual definition of Commissioning.",
            "kind": "action",
            "id": action.pk,
            "field": "timescale",
            "base": "May 2008",
            "current": "June 2008",
            "document": "July 2008",
            "line": 5,
            "key": payload["conflicts"][0]["key"],
            "resolution": "keep",
            "chosen": False,
        }
    ]
    repeat = Action.objects.get(title__startswith="Repeat UAP")
    assert {"item", "field", "base", "current", "document", "line"} <= set(payload["changes"][0])
    assert [(c["id"], c["field"], c["current"], c["document"]) for c in payload["changes"]] == [
        (repeat.pk, "timescale", "July 2008", "August 2008")
    ]
    assert Action.objects.get(pk=action.pk).timescale_text == "June 2008"


@pytest.mark.django_db
def test_the_command_keeps_the_persons_value_and_overwrite_takes_the_documents(manager, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(V1, encoding="utf-8")
    run_import(str(path), "--programme", "Plan")
    edit_timescale("A1", "June 2008", manager)
    path.write_text(V1.replace("April 2008,Finance", "September 2008,Finance"), encoding="utf-8")

    kept = run_import(str(path), "--programme", "Plan")

    assert "Conflict, line 2: A1 Agree the budget: timescale" in kept
    assert "kept 'June 2008'" in kept and "--overwrite" in kept
    assert Action.objects.get(ref="A1").timescale_text == "June 2008"

    taken = run_import(str(path), "--programme", "Plan", "--overwrite")

    assert "took 'September 2008'" in taken
    assert Action.objects.get(ref="A1").timescale_text == "September 2008"


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_reports_changes_and_conflicts_and_overwrites_only_when_asked(manager):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(manager)
    imported(V1, manager)
    edit_timescale("A1", "June 2008", manager)
    later = V1.replace("April 2008", "September 2008").replace("May 2008,", "July 2008,")

    def post(**fields):
        upload = SimpleUploadedFile("plan.csv", later.encode(), content_type="text/csv")
        data = {"file": upload, "programme": "Plan", **fields}
        return api.post("/api/v1/imports/", data, format="multipart")

    dry = post(dry_run="true").json()
    kept = post().json()

    assert [(c["field"], c["current"], c["document"]) for c in dry["changes"]] == [
        ("timescale", "May 2008", "July 2008")
    ]
    assert [(c["base"], c["current"], c["document"], c["line"]) for c in dry["conflicts"]] == [
        ("April 2008", "June 2008", "September 2008", 2)
    ]
    assert kept["conflicts"][0]["resolution"] == "keep"
    assert Action.objects.get(ref="A1").timescale_text == "June 2008"

    taken = post(overwrite="true")

    assert taken.status_code == 201
    assert taken.json()["conflicts"][0]["resolution"] == "document"
    assert Action.objects.get(ref="A1").timescale_text == "September 2008"


@pytest.mark.django_db
def test_a_deliverable_a_person_reworded_is_not_imported_again(manager):
    from commissioning.programmes.models import Deliverable

    milestones = MILESTONES.read_bytes()
    import_document(data=milestones, filename="m.txt", programme="Plan")
    count = Deliverable.objects.count()
    deliverable = Deliverable.objects.filter(parent=None).order_by("pk").first()
    services.update_deliverable(
        deliverable=deliverable, author=manager, text="Reworded by hand", scope="external"
    )

    import_document(data=milestones, filename="m.txt", programme="Plan")

    assert Deliverable.objects.count() == count
    deliverable.refresh_from_db()
    assert (deliverable.text, deliverable.scope) == ("Reworded by hand", "external")
