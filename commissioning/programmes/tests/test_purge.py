"""Purging: only a site administrator deletes an archived item for good, and it is audited."""

import pytest
from django.contrib.admin import helpers
from django.core.management import CommandError, call_command
from django.urls import reverse

from commissioning.programmes import services
from commissioning.programmes.models import Action, ActionOwner, Deliverable, ProgressUpdate
from commissioning.programmes.services import PurgeRefused, purge_item
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archived_action(manager):
    action = ActionFactory(title="Retired action")
    ActionOwnerFactory(action=action)
    ProgressUpdateFactory(action=action)
    services.archive_item(item=action, user=manager)
    return action


# --- The service ------------------------------------------------------------------------------


def test_a_site_administrator_purges_an_archived_action_and_history_says_who(
    manager, archived_action
):
    pk = archived_action.pk

    purge_item(item=archived_action, user=manager)

    assert not Action.objects.filter(pk=pk).exists()
    assert not ActionOwner.objects.filter(action_id=pk).exists()
    assert not ProgressUpdate.objects.filter(action_id=pk).exists()
    deletion = Action.history.filter(id=pk).latest()
    assert (deletion.history_type, deletion.history_user) == ("-", manager)
    owner_deletion = ActionOwner.history.filter(action_id=pk, history_type="-").get()
    assert owner_deletion.history_user == manager


def test_an_item_not_archived_is_refused_with_a_clear_message(manager):
    action = ActionFactory(title="Still in use")

    with pytest.raises(PurgeRefused, match="“Still in use” is not archived: archive it"):
        purge_item(item=action, user=manager)

    assert Action.objects.filter(pk=action.pk).exists()


def test_a_programme_manager_cannot_purge(programme_manager, partnership, manager):
    services.archive_item(item=partnership.council_action, user=manager)

    with pytest.raises(PurgeRefused, match="Only a site administrator"):
        purge_item(item=partnership.council_action, user=programme_manager)

    assert Action.objects.filter(pk=partnership.council_action.pk).exists()


def test_a_deliverable_with_smaller_deliverables_not_archived_is_refused(manager):
    parent = DeliverableFactory()
    DeliverableFactory(stage=parent.stage, parent=parent)
    services.archive_item(item=parent, user=manager)

    with pytest.raises(PurgeRefused, match="1 smaller deliverable"):
        purge_item(item=parent, user=manager)


def test_a_deliverable_goes_with_its_archived_smaller_deliverables(manager):
    parent = DeliverableFactory()
    child = DeliverableFactory(stage=parent.stage, parent=parent)
    for item in (parent, child):
        services.archive_item(item=item, user=manager)
    ids = [parent.pk, child.pk]

    purge_item(item=parent, user=manager)

    assert not Deliverable.objects.filter(pk__in=ids).exists()
    deletions = Deliverable.history.filter(id__in=ids, history_type="-")
    assert {row.history_user for row in deletions} == {manager} and deletions.count() == 2


# --- Admin --------------------------------------------------------------------------------------


def purge_in_admin(client, model: str, items):
    return client.post(
        reverse(f"admin:programmes_{model}_changelist"),
        {"action": "purge_archived", helpers.ACTION_CHECKBOX_NAME: [item.pk for item in items]},
        follow=True,
    )


def test_the_admin_action_purges_archived_items(signed_in_client, manager, archived_action):
    response = purge_in_admin(signed_in_client, "action", [archived_action])

    assert "Purged 1 item(s) for good" in response.content.decode()
    assert not Action.objects.filter(title="Retired action").exists()


def test_the_admin_action_purges_nothing_if_one_is_not_archived(signed_in_client, archived_action):
    live = ActionFactory(title="Live")

    response = purge_in_admin(signed_in_client, "action", [archived_action, live])

    assert "is not archived: archive it before purging it. Nothing was purged." in (
        response.content.decode().replace("&#x27;", "'")
    )
    assert Action.objects.filter(pk__in=[archived_action.pk, live.pk]).count() == 2


def test_the_admin_never_deletes_outright(signed_in_client):
    deliverable = DeliverableFactory()

    response = signed_in_client.get(
        reverse("admin:programmes_deliverable_delete", args=[deliverable.pk])
    )

    assert response.status_code == 403


# --- The command ------------------------------------------------------------------------------


def test_the_command_only_lists_without_yes(manager, archived_action, capsys):
    call_command("purge", "action", str(archived_action.pk), "--user", "manager")

    assert "Would purge action" in capsys.readouterr().out
    assert Action.objects.filter(pk=archived_action.pk).exists()


def test_the_command_purges_with_yes(manager, archived_action, capsys):
    pk = archived_action.pk

    call_command("purge", "action", str(pk), "--user", "manager", "--yes")

    assert f"Purged action {pk} “Retired action”" in capsys.readouterr().out
    assert Action.history.filter(id=pk).latest().history_user == manager


def test_the_command_refuses_an_item_not_archived(manager):
    live = ActionFactory()

    with pytest.raises(CommandError, match="is not archived") as refused:
        call_command("purge", "action", str(live.pk), "--user", "manager", "--yes")

    assert refused.value.returncode == 3
    assert Action.objects.filter(pk=live.pk).exists()


def test_the_command_refuses_anyone_but_a_site_administrator(programme_manager, partnership):
    services.archive_item(item=partnership.internal, user=programme_manager)

    with pytest.raises(CommandError, match="Only a site administrator"):
        call_command(
            "purge",
            "deliverable",
            str(partnership.internal.pk),
            "--user",
            "council-manager",
            "--yes",
        )


# --- The programme's history lists what was purged ---------------------------------------------


def test_the_programme_history_lists_purged_items_with_who(signed_in_client, manager):
    action = ActionFactory(title="Retired action", ref="2.1")
    services.archive_item(item=action, user=manager)
    purge_item(item=action, user=manager)

    url = reverse("programme-history", args=[action.programme.slug])
    page = signed_in_client.get(url).content.decode()

    purged = page.split('id="purged"')[1]
    assert (
        "Action 2.1 Retired action" in purged
        and '<td class="govuk-table__cell">manager</td>' in purged
    )


def test_the_admin_archives_and_restores_a_stage(signed_in_client, manager):
    stage = DeliverableFactory().stage
    url = reverse("admin:programmes_stage_changelist")
    selected = {helpers.ACTION_CHECKBOX_NAME: [stage.pk]}

    signed_in_client.post(url, {"action": "archive_selected", **selected})
    stage.refresh_from_db()
    assert stage.archived_by == manager

    signed_in_client.post(url, {"action": "restore_selected", **selected})
    stage.refresh_from_db()
    assert stage.archived_at is None and stage.history.latest().history_user == manager
