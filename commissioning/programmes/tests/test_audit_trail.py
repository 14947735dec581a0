"""The audit trail: every create, change, archive and restore, with who, when and what."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.core.audit import ARCHIVED, CHANGED, CREATED, RESTORED, Change
from commissioning.programmes import services, trails
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)
from commissioning.programmes.views.editing import current_version

pytestmark = pytest.mark.django_db


def edit(client, action, **changes):
    data = {
        "title": action.title,
        "ref": action.ref,
        "timescale": action.timescale_text,
        "section": action.section,
        "version": current_version(action),
        **changes,
    }
    response = client.post(reverse("action-edit", args=[action.pk]), data)
    assert response.status_code == 302, response.content.decode()
    action.refresh_from_db()


def parsed_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# --- What the trail records -------------------------------------------------------------------


def test_an_edit_through_the_edit_page_says_who_when_and_each_field_from_and_to(
    signed_in_client, manager
):
    action = ActionFactory(title="Agree definitions", timescale_text="April 2008")
    before = timezone.now()

    edit(signed_in_client, action, title="Agree the definitions", timescale="May 2008")

    latest = trails.action_trail(action)[0]
    assert latest.what == CHANGED
    assert latest.who == "manager"
    assert before <= latest.when <= timezone.now()
    assert Change("Title", "Agree definitions", "Agree the definitions") in latest.changes
    assert Change("Timescale", "April 2008", "May 2008") in latest.changes
    assert Change("Due", "30 April 2008", "31 May 2008") in latest.changes


def test_each_change_names_its_own_author(sign_in, manager, programme_manager, partnership):
    action = partnership.council_action
    edit(sign_in(manager), action, title="First wording")
    edit(sign_in(programme_manager), action, title="Second wording")

    changes = [entry for entry in trails.action_trail(action) if entry.what == CHANGED]

    assert [(entry.who, entry.changes[0].new) for entry in changes] == [
        ("council-manager", "Second wording"),
        ("manager", "First wording"),
    ]


def test_an_action_trail_holds_its_creation_owners_and_progress(manager):
    action = ActionFactory(title="Agree definitions")
    owner = ActionOwnerFactory(action=action, name="Head of Policy")
    ProgressUpdateFactory(action=action, author=manager, text="Workshop held", status="complete")

    entries = trails.action_trail(action)

    kinds = {(entry.kind, entry.what) for entry in entries}
    assert kinds == {("action", CREATED), ("owner", CREATED), ("progress update", CREATED)}
    progress = next(entry for entry in entries if entry.kind == "progress update")
    assert progress.who == "manager"
    assert Change("What has happened", "", "Workshop held") in progress.changes
    assert Change("Status", "", "Complete") in progress.changes
    owned = next(entry for entry in entries if entry.kind == "owner")
    assert Change("Person", "", owner.person.name) in owned.changes


def test_archiving_and_restoring_are_entries_with_who_did_them(manager, programme_manager):
    deliverable = DeliverableFactory()
    services.archive_item(item=deliverable, user=manager)
    services.restore_item(item=deliverable, user=programme_manager)

    entries = trails.deliverable_trail(deliverable)

    assert [(entry.what, entry.who) for entry in entries] == [
        (RESTORED, "council-manager"),
        (ARCHIVED, "manager"),
        (CREATED, "Not recorded"),
    ]


def test_a_save_that_changes_nothing_shown_makes_no_entry():
    action = ActionFactory()
    action.order += 1
    action.save()

    assert [entry.what for entry in trails.action_trail(action)] == [CREATED]


# --- Pages -------------------------------------------------------------------------------------


def test_the_action_page_shows_its_history_section(signed_in_client):
    action = ActionFactory(title="Agree definitions")
    edit(signed_in_client, action, title="Agree the definitions")

    page = signed_in_client.get(reverse("action", args=[action.pk])).content.decode()

    assert '<h2 class="govuk-heading-m" id="history">History</h2>' in page
    assert "Title: Agree definitions → Agree the definitions" in page
    assert reverse("action-history", args=[action.pk]) in page
    assert reverse("action-history-csv", args=[action.pk]) in page


def test_the_full_history_page_lists_every_entry(signed_in_client):
    action = ActionFactory(title="Version 0")
    for number in range(1, 13):
        edit(signed_in_client, action, title=f"Version {number}")

    item_page = signed_in_client.get(reverse("action", args=[action.pk])).content.decode()
    full = signed_in_client.get(reverse("action-history", args=[action.pk])).content.decode()

    assert "See all 13 entries of the history" in item_page
    assert "Version 1 → Version 2" not in item_page  # only the latest ten on the item page
    assert "Version 1 → Version 2" in full
    assert "Version 11 → Version 12" in full


def test_the_deliverable_page_and_its_history_page_show_the_history(signed_in_client):
    deliverable = DeliverableFactory(text="A framework")
    services.update_deliverable(
        deliverable=deliverable, author=None, text="A commissioning framework", scope="external"
    )

    for name in ("deliverable", "deliverable-history"):
        page = signed_in_client.get(reverse(name, args=[deliverable.pk])).content.decode()
        assert "Deliverable: A framework → A commissioning framework" in page
        assert "Scope: Internal → External" in page


def test_the_action_history_csv_reads_back_with_the_csv_module(signed_in_client):
    action = ActionFactory(title="=Agree definitions")
    edit(signed_in_client, action, title="Agree the definitions")

    response = signed_in_client.get(reverse("action-history-csv", args=[action.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = parsed_csv(response)
    change = next(row for row in rows if row["What"] == "changed")
    assert (change["Who"], change["Record"], change["Field"]) == ("manager", "action", "Title")
    assert (change["From"], change["To"]) == ("'=Agree definitions", "Agree the definitions")
    assert change["Record id"] == str(action.pk)
    assert timezone.datetime.fromisoformat(change["When"]) <= timezone.localtime()
    created = [row for row in rows if row["What"] == "created"]
    assert {"Title", "Timescale", "Due"} <= {row["Field"] for row in created}


def test_the_stage_and_deliverable_csvs_answer(signed_in_client):
    deliverable = DeliverableFactory()

    for name, pk in (
        ("stage-history-csv", deliverable.stage.pk),
        ("deliverable-history-csv", deliverable.pk),
    ):
        rows = parsed_csv(signed_in_client.get(reverse(name, args=[pk])))
        assert [row["What"] for row in rows] == ["created"] * len(rows) and rows


def test_the_programme_csv_holds_everything_in_the_programme(signed_in_client, manager):
    programme = ProgrammeFactory(name="Transition")
    deliverable = DeliverableFactory(stage=StageFactory(programme=programme, code="T1"))
    action = ActionFactory(programme=programme, ref="1.1")
    ActionOwnerFactory(action=action, name="Head of Policy")
    ProgressUpdateFactory(action=action, author=manager)
    ProgressUpdateFactory(action=None, deliverable=deliverable)
    ActionFactory(title="In another programme")
    services.archive_item(item=action, user=manager)

    response = signed_in_client.get(reverse("programme-history-csv", args=[programme.slug]))

    rows = parsed_csv(response)
    assert {row["Record"] for row in rows} == {
        "programme",
        "stage",
        "deliverable",
        "action",
        "owner",
        "progress update",
    }
    assert {(row["What"], row["Who"]) for row in rows if row["Record"] == "action"} == {
        ("created", "Not recorded"),
        ("archived", "manager"),
    }
    assert not any("another programme" in row["Title"] for row in rows)


# --- Who may read it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, item",
    [
        ("action-history", "council_action"),
        ("action-history-csv", "council_action"),
        ("deliverable-history", "internal"),
        ("deliverable-history-csv", "internal"),
        ("stage-history-csv", "stage"),
    ],
)
def test_an_outsider_cannot_read_the_history(sign_in, outsider, partnership, name, item):
    url = reverse(name, args=[getattr(partnership, item).pk])

    assert sign_in(outsider).get(url).status_code == 404


@pytest.mark.parametrize("name", ["programme-history", "programme-history-csv"])
def test_a_viewer_reads_their_programme_history_and_no_other(sign_in, viewer, partnership, name):
    client = sign_in(viewer)

    ours = client.get(reverse(name, args=[partnership.programme.slug]))
    theirs = client.get(reverse(name, args=[partnership.other_programme.slug]))

    assert (ours.status_code, theirs.status_code) == (200, 404)


def test_anonymous_people_are_sent_to_sign_in(client):
    action = ActionFactory()

    response = client.get(reverse("action-history", args=[action.pk]))

    assert response.status_code == 302 and response.url.startswith(reverse("sign-in"))


# --- A fixed number of queries -----------------------------------------------------------------


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def busy_action(edits: int, manager):
    action = ActionFactory()
    ActionOwnerFactory.create_batch(edits, action=action)
    ProgressUpdateFactory.create_batch(edits, action=action, author=manager)
    for number in range(edits):
        action._history_user = manager
        action.title = f"Title {number}"
        action.save()
    return action


def test_an_action_trail_costs_the_same_queries_however_long(manager):
    small, large = busy_action(5, manager), busy_action(50, manager)

    assert count_queries(lambda: trails.action_trail(small)) == count_queries(
        lambda: trails.action_trail(large)
    )
    assert len(trails.action_trail(large)) > 150


def test_the_history_page_costs_the_same_queries_however_long(signed_in_client, manager):
    small, large = busy_action(5, manager), busy_action(50, manager)

    def page(action):
        return lambda: signed_in_client.get(reverse("action-history", args=[action.pk]))

    assert count_queries(page(small)) == count_queries(page(large))


def build_programme(size: int, manager):
    programme = ProgrammeFactory()
    for _ in range(size):
        stage = StageFactory(programme=programme)
        deliverable = DeliverableFactory(stage=stage)
        DeliverableFactory(stage=stage, parent=deliverable)
        ProgressUpdateFactory(action=None, deliverable=deliverable, author=manager)
        action = ActionFactory(programme=programme)
        ActionOwnerFactory(action=action)
        ProgressUpdateFactory(action=action, author=manager)
        action._history_user = manager
        action.title = "Changed"
        action.save()
    services.archive_item(item=action, user=manager)
    services.purge_item(item=action, user=manager)
    return programme


def test_the_programme_csv_costs_the_same_queries_for_5_or_50_items(signed_in_client, manager):
    small, large = build_programme(5, manager), build_programme(50, manager)

    def download(programme):
        url = reverse("programme-history-csv", args=[programme.slug])
        return lambda: b"".join(signed_in_client.get(url).streaming_content)

    assert count_queries(download(small)) == count_queries(download(large))


def test_the_programme_history_page_costs_the_same_queries(signed_in_client, manager):
    small, large = build_programme(5, manager), build_programme(50, manager)
    for programme in (small, large):
        for action in programme.actions.all()[:3]:
            services.archive_item(item=action, user=manager)

    def page(programme):
        return lambda: signed_in_client.get(reverse("programme-history", args=[programme.slug]))

    assert count_queries(page(small)) == count_queries(page(large))


def test_entries_are_newest_first():
    action = ActionFactory()
    action.history.update(history_date=timezone.now() - timedelta(days=1))
    ProgressUpdateFactory(action=action)

    entries = trails.action_trail(action)

    assert [entry.kind for entry in entries] == ["progress update", "action"]
