"""Archive, not delete: archived items leave lists, filters, exports, the API and reports,
but their own page still opens and a programme manager can restore them."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.programmes import services
from commissioning.programmes.models import Action
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    ProgrammeFactory,
    StageFactory,
)
from commissioning.reports.asof import build_report, status_over_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Transition", slug="transition")


@pytest.fixture
def archived(programme, manager):
    """An archived action, deliverable and stage (with a deliverable of its own)."""
    action = ActionFactory(programme=programme, title="Retired action")
    ActionOwnerFactory(action=action, person=None, name="Retired Owner", kind="role")
    stage = StageFactory(programme=programme, title="Kept stage")
    deliverable = DeliverableFactory(stage=stage, text="Retired deliverable")
    gone_stage = StageFactory(programme=programme, title="Retired stage")
    DeliverableFactory(stage=gone_stage, text="Deliverable of a retired stage")
    for item in (action, deliverable, gone_stage):
        services.archive_item(item=item, user=manager)
    ActionFactory(programme=programme, title="Live action")
    DeliverableFactory(stage=stage, text="Live deliverable")
    return action, deliverable, gone_stage


# --- The services -----------------------------------------------------------------------------


def test_archiving_records_who_and_when_in_the_item_and_its_history(manager):
    action = ActionFactory()
    before = timezone.now()

    services.archive_item(item=action, user=manager)

    action.refresh_from_db()
    assert action.archived_by == manager and before <= action.archived_at <= timezone.now()
    latest = action.history.latest()
    assert (latest.history_user, latest.archived_at) == (manager, action.archived_at)


def test_archiving_an_archived_item_changes_nothing(manager):
    action = ActionFactory()
    services.archive_item(item=action, user=manager)
    rows = action.history.count()

    services.archive_item(item=action, user=manager)

    assert action.history.count() == rows


def test_restoring_brings_it_back_and_history_says_who(manager, programme_manager):
    deliverable = DeliverableFactory()
    services.archive_item(item=deliverable, user=manager)

    services.restore_item(item=deliverable, user=programme_manager)

    deliverable.refresh_from_db()
    assert (deliverable.archived_at, deliverable.archived_by) == (None, None)
    assert deliverable.history.latest().history_user == programme_manager


# --- Pages, filters and exports ---------------------------------------------------------------


def test_the_programme_page_leaves_archived_items_out(signed_in_client, programme, archived):
    page = signed_in_client.get(reverse("programme", args=[programme.slug])).content.decode()

    assert "Live action" in page and "Live deliverable" in page and "Kept stage" in page
    for gone in ("Retired action", "Retired deliverable", "Retired stage", "of a retired stage"):
        assert gone not in page
    assert "Retired Owner" not in page  # nor the owner among the filter's choices


def test_filters_never_find_an_archived_action(signed_in_client, programme, archived):
    url = reverse("programme", args=[programme.slug])

    page = signed_in_client.get(url, {"q": "Retired"}).content.decode()

    assert "No actions match these filters" in page


def test_the_csv_export_leaves_archived_actions_out(signed_in_client, programme, archived):
    response = signed_in_client.get(reverse("programme-actions-csv", args=[programme.slug]))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    titles = [row[1] for row in csv.reader(io.StringIO(text))][1:]
    assert titles == ["Live action"]


def test_the_home_page_counts_only_what_is_not_archived(signed_in_client, programme, archived):
    gone = ProgrammeFactory(name="Closed programme")
    services.archive_item(item=gone, user=None)

    summaries = signed_in_client.get(reverse("home")).context["programmes"]

    assert [summary.programme for summary in summaries] == [programme]
    assert summaries[0].programme.action_count == 1


def test_review_statuses_leaves_archived_items_out(signed_in_client, programme, manager):
    action = ActionFactory(programme=programme, title="Suggested", status_suggested=True)
    services.archive_item(item=action, user=manager)

    page = signed_in_client.get(reverse("programme-review-statuses", args=[programme.slug]))

    assert "Suggested" not in page.content.decode().split("<main")[1]


def test_an_archived_action_page_opens_with_a_banner_and_restore(signed_in_client, archived):
    action = archived[0]

    page = signed_in_client.get(reverse("action", args=[action.pk])).content.decode()

    when = timezone.localtime(action.history.latest().archived_at)
    assert f"Archived on {when:%-d %B %Y} at {when:%H:%M} by manager" in page
    assert reverse("action-restore", args=[action.pk]) in page


def test_a_viewer_sees_the_banner_but_cannot_restore(sign_in, viewer, partnership, manager):
    services.archive_item(item=partnership.internal, user=manager)

    client = sign_in(viewer)
    page = client.get(reverse("deliverable", args=[partnership.internal.pk])).content.decode()
    restore = client.post(reverse("deliverable-restore", args=[partnership.internal.pk]))

    assert "Archived on" in page
    assert reverse("deliverable-restore", args=[partnership.internal.pk]) not in page
    assert restore.status_code == 403


def test_the_edit_page_offers_to_archive(signed_in_client):
    action = ActionFactory()

    page = signed_in_client.get(reverse("action-edit", args=[action.pk])).content.decode()

    assert 'class="govuk-button govuk-button--warning"' in page
    assert reverse("action-archive", args=[action.pk]) in page


@pytest.mark.parametrize(
    "kind, factory", [("action", ActionFactory), ("deliverable", DeliverableFactory)]
)
def test_archive_asks_to_confirm_then_archives(signed_in_client, manager, kind, factory):
    item = factory()
    url = reverse(f"{kind}-archive", args=[item.pk])

    confirm = signed_in_client.get(url).content.decode()
    item.refresh_from_db()
    assert f"Are you sure you want to archive this {kind}?" in confirm and item.archived_at is None

    response = signed_in_client.post(url)

    assert response.status_code == 302 and response.url == reverse(kind, args=[item.pk])
    item.refresh_from_db()
    assert item.archived_by == manager


@pytest.mark.parametrize(
    "kind, factory", [("action", ActionFactory), ("deliverable", DeliverableFactory)]
)
def test_restore_brings_the_item_back(signed_in_client, manager, kind, factory):
    item = factory()
    services.archive_item(item=item, user=manager)

    response = signed_in_client.post(reverse(f"{kind}-restore", args=[item.pk]))

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.archived_at is None


def test_restore_needs_a_post(signed_in_client):
    assert (
        signed_in_client.get(reverse("action-restore", args=[ActionFactory().pk])).status_code
        == 405
    )


def test_the_edit_page_of_an_archived_item_says_so(signed_in_client, archived):
    page = signed_in_client.get(reverse("action-edit", args=[archived[0].pk])).content.decode()

    assert "This action is archived" in page
    assert reverse("action-archive", args=[archived[0].pk]) not in page


def test_only_programme_managers_archive(
    sign_in, partner_contributor, viewer, outsider, partnership
):
    action = partnership.nhs_action
    url = reverse("action-archive", args=[action.pk])

    assert sign_in(partner_contributor).post(url).status_code == 403
    assert sign_in(viewer).post(url).status_code == 403
    assert sign_in(outsider).post(url).status_code == 404
    action.refresh_from_db()
    assert action.archived_at is None


def test_a_programme_manager_archives(sign_in, programme_manager, partnership):
    url = reverse("deliverable-archive", args=[partnership.internal.pk])

    assert sign_in(programme_manager).post(url).status_code == 302

    partnership.internal.refresh_from_db()
    assert partnership.internal.archived_by == programme_manager


def test_anonymous_people_cannot_archive(client):
    response = client.post(reverse("action-archive", args=[ActionFactory().pk]))

    assert response.status_code == 302 and response.url.startswith(reverse("sign-in"))


# --- The API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, key, gone",
    [
        ("/api/v1/actions/", "title", "Retired action"),
        ("/api/v1/deliverables/", "text", "Retired deliverable"),
        ("/api/v1/stages/", "title", "Retired stage"),
    ],
)
def test_api_lists_leave_archived_records_out(api_as, manager, archived, url, key, gone):
    api = api_as(manager)

    listed = [row[key] for row in api.get(url).json()["results"]]
    only_archived = [row[key] for row in api.get(url, {"archived": "true"}).json()["results"]]

    assert gone not in listed and listed
    assert gone in only_archived


def test_an_archived_action_still_answers_at_its_own_url(api_as, manager, archived):
    response = api_as(manager).get(f"/api/v1/actions/{archived[0].pk}/")

    assert response.status_code == 200 and response.json()["archived_at"]


def test_api_programmes_leave_archived_ones_out_and_count_live_actions(
    api_as, manager, programme, archived
):
    gone = ProgrammeFactory(name="Closed programme")
    services.archive_item(item=gone, user=manager)

    rows = api_as(manager).get("/api/v1/programmes/").json()["results"]

    assert [(row["name"], row["action_count"]) for row in rows] == [("Transition", 1)]


@pytest.mark.parametrize("kind", ["actions", "deliverables"])
def test_the_api_archives_and_restores(api_as, manager, kind):
    item = ActionFactory() if kind == "actions" else DeliverableFactory()
    api = api_as(manager)

    archived = api.post(f"/api/v1/{kind}/{item.pk}/archive/")
    item.refresh_from_db()
    assert archived.status_code == 200 and archived.json()["archived_at"]
    assert item.archived_by == manager

    restored = api.post(f"/api/v1/{kind}/{item.pk}/restore/")
    item.refresh_from_db()
    assert restored.status_code == 200 and restored.json()["archived_at"] is None
    assert item.archived_at is None


def test_the_api_lets_only_managers_archive(api_as, partner_contributor, viewer, partnership):
    url = f"/api/v1/actions/{partnership.nhs_action.pk}/archive/"

    assert api_as(partner_contributor).post(url).status_code == 403
    assert api_as(viewer).post(url).status_code == 403
    assert not Action.objects.filter(pk=partnership.nhs_action.pk).archived().exists()


def test_the_api_never_deletes(api_as, manager):
    action = ActionFactory()

    response = api_as(manager).delete(f"/api/v1/actions/{action.pk}/")

    assert response.status_code == 405 and Action.objects.filter(pk=action.pk).exists()


# --- Reports ----------------------------------------------------------------------------------


def recorded_in_2008(item):
    item.history.update(history_effective=date(2008, 1, 31))
    return item


def test_a_report_leaves_out_what_was_archived_on_or_before_its_date(programme, manager):
    kept = recorded_in_2008(ActionFactory(programme=programme, title="Kept"))
    gone = recorded_in_2008(ActionFactory(programme=programme, title="Archived"))
    stage = recorded_in_2008(StageFactory(programme=programme))
    recorded_in_2008(DeliverableFactory(stage=stage, text="In an archived stage"))
    services.archive_item(item=gone, user=manager)
    services.archive_item(item=stage, user=manager)
    today = timezone.localdate()

    on_the_day = build_report(programme=programme, as_of=today)
    the_day_before = build_report(programme=programme, as_of=today - timedelta(days=1))

    assert [item.title for item in on_the_day.actions] == [kept.title]
    assert on_the_day.stages == [] and on_the_day.deliverables == []
    assert [item.title for item in the_day_before.actions] == [kept.title, gone.title]
    assert [item.title for item in the_day_before.deliverables] == ["In an archived stage"]


def test_a_restored_item_is_back_in_the_report(programme, manager):
    action = recorded_in_2008(ActionFactory(programme=programme))
    services.archive_item(item=action, user=manager)
    services.restore_item(item=action, user=manager)

    report = build_report(programme=programme, as_of=timezone.localdate())

    assert [item.id for item in report.actions] == [action.pk]


def test_status_over_time_counts_only_what_was_there(programme, manager):
    recorded_in_2008(ActionFactory(programme=programme))
    gone = recorded_in_2008(ActionFactory(programme=programme))
    services.archive_item(item=gone, user=manager)
    today = timezone.localdate()

    before, after = status_over_time(programme=programme, dates=[today - timedelta(days=1), today])

    assert sum(before.values()) == 2 and sum(after.values()) == 1


def test_a_person_page_leaves_their_archived_actions_out(signed_in_client, manager):
    owner = ActionOwnerFactory(action=ActionFactory(title="Retired action"))
    ActionOwnerFactory(action=ActionFactory(title="Live action"), person=owner.person)
    services.archive_item(item=owner.action, user=manager)

    page = signed_in_client.get(reverse("person", args=[owner.person.pk])).content.decode()

    assert "Live action" in page and "Retired action" not in page
