"""A subject access export: everything held about a person, as JSON."""

import json
from datetime import date

import pytest
from axes.models import AccessLog
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.partnership.models import Membership, Person, PostTenure
from commissioning.partnership.people import export_person
from commissioning.partnership.tests.governance_factories import BodyFactory, PostFactory
from commissioning.programmes.models import ImportRun
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x-pass-123")


def person_with_everything(django_user_model, size: int = 1) -> Person:
    """A person with a sign-in and ``size`` of each thing that can be held about them."""
    person = PersonFactory(
        name="Sue Lightup",
        organisation=OrganisationFactory(name=f"Brighton and Hove City Council {size}"),
        job_title="Commissioner",
        email="sue@example.org",
    )
    user = django_user_model.objects.create_user(f"slightup{size}", "sue@example.org", "x-1")
    person.user = user
    person.save()
    programme = ProgrammeFactory(name=f"Programme for {size}")
    for n in range(size):
        TeamFactory().members.add(person)
        post = PostFactory(title=f"Director {n}", holder=person, filled_on=date(2009, 4, 1))
        PostTenure.objects.create(post=post, person=person, start=date(2009, 4, 1))
        Membership.objects.create(body=BodyFactory(), person=person, role_in_body="member")
        action = ActionFactory(programme=programme, title=f"Action {n}")
        ActionOwnerFactory(action=action, person=person, name="Sue Lightup")
        ProgressUpdateFactory(action=action, author=user, text=f"Progress {n}")
        ImportRun.objects.create(programme=programme, user=user, file_name=f"plan-{n}.docx")
        AccessLog.objects.create(username=user.username, ip_address="192.0.2.1", user_agent="UA")
        action._history_user = user
        action.title = f"Action {n}, retitled"
        action.save()
    return person


def test_the_export_holds_the_person_and_their_history(django_user_model):
    person = person_with_everything(django_user_model)

    held = export_person(person=person)

    assert held["person"] == {
        "id": person.pk,
        "name": "Sue Lightup",
        "organisation": "Brighton and Hove City Council 1",
        "job_title": "Commissioner",
        "email": "sue@example.org",
    }
    assert [row["history_type"] for row in held["person_history"]] == ["+", "~"]
    assert held["person_history"][0]["name"] == "Sue Lightup"


def test_the_export_holds_teams_posts_tenures_memberships_and_actions(django_user_model):
    person = person_with_everything(django_user_model)

    held = export_person(person=person)

    assert len(held["teams"]) == 1
    assert held["posts_held"][0]["title"] == "Director 0"
    assert held["post_tenures"][0]["start"] == "2009-04-01"
    assert held["body_memberships"][0]["role_in_body"] == "member"
    assert held["actions_owned"][0]["action__title"] == "Action 0, retitled"
    assert held["actions_owned_history"][0]["name"] == "Sue Lightup"


def test_the_export_holds_what_their_sign_in_did(django_user_model):
    person = person_with_everything(django_user_model)

    user = export_person(person=person)["user"]

    assert user["username"] == "slightup1"
    assert user["is_active"] is True
    assert [update["text"] for update in user["progress_updates"]] == ["Progress 0"]
    assert [run["file_name"] for run in user["import_runs"]] == ["plan-0.docx"]
    assert user["sign_ins"][0]["ip_address"] == "192.0.2.1"
    assert {"record": "programmes.Action", "history_type": "~"}.items() <= user["changes_made"][
        0
    ].items()
    assert "password" not in json.dumps(user)


def test_a_person_without_a_sign_in_has_no_user_section():
    assert export_person(person=PersonFactory())["user"] is None


def test_the_export_is_json():
    person = PersonFactory()

    assert json.loads(json.dumps(export_person(person=person)))["person"]["id"] == person.pk


def test_the_export_costs_the_same_queries_however_much_is_held(django_user_model):
    small = person_with_everything(django_user_model, size=1)
    large = person_with_everything(django_user_model, size=6)

    with CaptureQueriesContext(connection) as for_small:
        export_person(person=small)
    with CaptureQueriesContext(connection) as for_large:
        held = export_person(person=large)

    assert len(held["actions_owned"]) == 6
    assert len(for_large) == len(for_small)


# --- The page, the command and the admin action --------------------------------------------


def test_an_administrator_downloads_the_export(client, administrator, django_user_model):
    person = person_with_everything(django_user_model)
    client.force_login(administrator)

    response = client.get(reverse("person-export", args=[person.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="person-{person.pk}.json"'
    assert response.json()["person"]["name"] == "Sue Lightup"


def test_a_user_who_is_not_an_administrator_may_not_export(client, django_user_model):
    person = PersonFactory()
    staff = django_user_model.objects.create_user("staff", "s@example.org", "x-1", is_staff=True)
    client.force_login(staff)

    response = client.get(reverse("person-export", args=[person.pk]))

    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("person-export", args=[1]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_exporting_a_missing_person_is_not_found(client, administrator):
    client.force_login(administrator)

    assert client.get(reverse("person-export", args=[999])).status_code == 404


def test_the_command_writes_the_export_to_a_file(tmp_path, capsys):
    person = PersonFactory(name="Sue Lightup")
    path = tmp_path / "sue.json"

    call_command("export_person", str(person.pk), "-o", str(path))

    assert json.loads(path.read_text(encoding="utf-8"))["person"]["name"] == "Sue Lightup"
    assert str(path) in capsys.readouterr().out


def test_the_command_writes_to_the_screen_without_a_file(capsys):
    person = PersonFactory(name="Sue Lightup")

    call_command("export_person", str(person.pk))

    assert json.loads(capsys.readouterr().out)["person"]["id"] == person.pk


def test_the_command_refuses_an_unknown_person():
    with pytest.raises(CommandError, match="No person with id 999"):
        call_command("export_person", "999")


def test_the_admin_action_downloads_the_selected_people(client, administrator):
    first, second = PersonFactory(), PersonFactory()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:partnership_person_changelist"),
        {"action": "export", "_selected_action": [first.pk, second.pk]},
    )

    assert response.status_code == 200
    ids = sorted(held["person"]["id"] for held in response.json()["people"])
    assert ids == sorted([first.pk, second.pk])
