"""Anonymising a person who has left: the service, the command and the admin action."""

from datetime import date

import pytest
from axes.models import AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.authtoken.models import Token

from commissioning.partnership import people
from commissioning.partnership.models import Membership, Person, PostTenure
from commissioning.partnership.people import (
    ANONYMISED,
    KEPT_FIELDS,
    PERSONAL_FIELDS,
    anonymise_person,
    export_person,
)
from commissioning.partnership.tests.governance_factories import BodyFactory, PostFactory
from commissioning.programmes.models import ActionOwner
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    OrganisationFactory,
    PersonFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db

NAME = "Sue Lightup"


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x-pass-123")


@pytest.fixture
def leaver():
    """A person who has left: an email address in their history, posts, actions."""
    council = OrganisationFactory(name="Brighton and Hove City Council")
    person = PersonFactory(
        name=NAME, organisation=council, job_title="Commissioner", email="sue@old.example"
    )
    person.email = "sue.lightup@brighton-hove.gov.uk"
    person.save()
    return person


def new_name(person: Person) -> str:
    return f"Former officer {person.pk}"


def test_the_name_is_replaced_and_the_email_cleared(leaver, administrator):
    result = anonymise_person(person=leaver, by=administrator)

    leaver.refresh_from_db()
    assert leaver.name == new_name(leaver)
    assert leaver.email == ""
    assert (leaver.organisation.name, leaver.job_title) == (
        "Brighton and Hove City Council",
        "Commissioner",
    )
    assert result.former_name == NAME


def test_the_persons_history_no_longer_holds_the_name_or_email(leaver, administrator):
    anonymise_person(person=leaver, by=administrator)

    rows = list(leaver.history.order_by("history_id").values("name", "email"))
    assert len(rows) == 3
    assert rows == [{"name": new_name(leaver), "email": ""}] * 3


def test_history_records_who_anonymised_the_person_and_when(leaver, administrator):
    anonymise_person(person=leaver, by=administrator)

    latest = leaver.history.latest()
    assert latest.history_change_reason == ANONYMISED
    assert latest.history_user == administrator
    assert latest.history_type == "~"


def test_action_owners_linked_to_the_person_are_renamed_history_too(leaver, administrator):
    owned = ActionOwnerFactory(person=leaver, name="Sue Lightup (BHCC)")
    other = ActionOwnerFactory(name="Rob Other")

    result = anonymise_person(person=leaver, by=administrator)

    owned.refresh_from_db()
    assert owned.name == new_name(leaver)
    assert set(owned.history.values_list("name", flat=True)) == {new_name(leaver)}
    assert other.history.get().name == "Rob Other"
    assert (result.owners, result.owner_history_rows) == (1, 1)


def test_an_owner_once_written_with_the_name_and_then_linked_keeps_no_trace(leaver, administrator):
    owner = ActionOwner.objects.create(action=ActionFactory(), name=NAME, kind="unknown")
    owner.person, owner.kind = leaver, "person"
    owner.save()

    anonymise_person(person=leaver, by=administrator)

    assert set(owner.history.values_list("name", flat=True)) == {new_name(leaver)}


def test_posts_tenures_and_memberships_still_read_sensibly(leaver, administrator):
    post = PostFactory(title="Strategic Director", holder=leaver, filled_on=date(2009, 4, 1))
    tenure = PostTenure.objects.create(post=post, person=leaver, start=date(2009, 4, 1))
    Membership.objects.create(body=BodyFactory(), person=leaver, role_in_body="chair")

    anonymise_person(person=leaver, by=administrator)

    post.refresh_from_db()
    tenure.refresh_from_db()
    assert post.holder == leaver
    assert str(tenure) == f"{new_name(leaver)} as Strategic Director"
    assert leaver.memberships.get().role_in_body == "chair"


def test_progress_text_mentioning_the_name_is_reported_not_rewritten(leaver, administrator):
    mentions = ProgressUpdateFactory(text="Sue Lightup to report back in May")
    ProgressUpdateFactory(text="Discussions under way")

    result = anonymise_person(person=leaver, by=administrator)

    mentions.refresh_from_db()
    assert mentions.text == "Sue Lightup to report back in May"
    assert result.progress_updates_to_review == [mentions.pk]
    assert f"to review: {mentions.pk}" in result.summary


def test_owners_written_with_the_name_but_not_linked_are_reported(leaver, administrator):
    unlinked = ActionOwner.objects.create(action=ActionFactory(), name=NAME, kind="unknown")

    result = anonymise_person(person=leaver, by=administrator)

    unlinked.refresh_from_db()
    assert unlinked.name == NAME
    assert result.owners_to_review == [unlinked.pk]


def test_a_linked_sign_in_is_deactivated_and_anonymised(
    leaver, administrator, django_user_model, client
):
    user = django_user_model.objects.create_user(
        "slightup", "sue@example.org", "x-pass-123", first_name="Sue", last_name="Lightup"
    )
    leaver.user = user
    leaver.save()
    Token.objects.create(user=user)
    AccessLog.objects.create(username="slightup", ip_address="192.0.2.1", user_agent="Firefox")

    result = anonymise_person(person=leaver, by=administrator)

    user.refresh_from_db()
    assert result.user_deactivated
    assert (user.username, user.email, user.first_name, user.last_name) == (
        f"former-user-{user.pk}",
        "",
        "",
        "",
    )
    assert not user.is_active
    assert not user.has_usable_password()
    assert not Token.objects.filter(user=user).exists()
    assert AccessLog.objects.get().username == f"former-user-{user.pk}"
    signing_in = {"username": "slightup", "password": "x-pass-123"}
    assert client.post(reverse("sign-in"), signing_in).status_code == 200  # refused
    assert "_auth_user_id" not in client.session


def test_changes_the_leaver_made_are_still_attributed_to_their_anonymised_sign_in(
    leaver, administrator, django_user_model
):
    user = django_user_model.objects.create_user("slightup", "sue@example.org", "x-pass-123")
    leaver.user = user
    leaver.save()
    action = ActionFactory()
    action._history_user = user
    action.title = "Agree the budget"
    action.save()

    anonymise_person(person=leaver, by=administrator)

    assert action.history.latest().history_user.username == f"former-user-{user.pk}"


def test_admin_log_entries_no_longer_show_the_name(leaver, administrator):
    entry = LogEntry.objects.create(
        user=administrator,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(leaver.pk),
        object_repr=NAME,
        action_flag=CHANGE,
    )

    anonymise_person(person=leaver, by=administrator)

    entry.refresh_from_db()
    assert entry.object_repr == new_name(leaver)


def test_nothing_held_about_them_carries_the_name_afterwards(
    leaver, administrator, django_user_model
):
    user = django_user_model.objects.create_user("slightup", "sue@example.org", "x-pass-123")
    leaver.user = user
    leaver.save()
    ActionOwnerFactory(person=leaver, name=NAME)
    PostTenure.objects.create(post=PostFactory(), person=leaver, start=date(2009, 4, 1))

    anonymise_person(person=leaver, by=administrator)

    held = str(export_person(person=leaver))
    for detail in ("Sue", "Lightup", "slightup", "@"):
        assert detail not in held


def test_only_a_site_administrator_may_anonymise(leaver, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", "c@example.org", "x-pass-1")
    colleague.is_staff = True
    colleague.save()

    with pytest.raises(PermissionDenied):
        anonymise_person(person=leaver, by=colleague)

    leaver.refresh_from_db()
    assert leaver.name == NAME


def test_anonymising_is_all_or_nothing(leaver, administrator, django_user_model, monkeypatch):
    leaver.user = django_user_model.objects.create_user("slightup", "s@example.org", "x-pass-1")
    leaver.save()
    owner = ActionOwnerFactory(person=leaver, name=NAME)

    def broken(user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(people, "_anonymise_user", broken)
    with pytest.raises(RuntimeError):
        anonymise_person(person=leaver, by=administrator)

    owner.refresh_from_db()
    assert owner.name == NAME
    assert set(leaver.history.values_list("name", flat=True)) == {NAME}


def test_every_field_of_a_person_is_either_kept_or_anonymised():
    fields = {field.name for field in Person._meta.concrete_fields}

    assert fields <= KEPT_FIELDS | PERSONAL_FIELDS, (
        f"decide whether these are kept or anonymised: {fields - KEPT_FIELDS - PERSONAL_FIELDS}"
    )


# --- The command ----------------------------------------------------------------------------


def test_the_command_needs_yes(leaver, capsys):
    with pytest.raises(CommandError, match="add --yes"):
        call_command("anonymise_person", str(leaver.pk))

    leaver.refresh_from_db()
    assert leaver.name == NAME


def test_the_command_anonymises_and_says_what_to_review(leaver, capsys):
    update = ProgressUpdateFactory(text="Chased by Sue Lightup")

    call_command("anonymise_person", str(leaver.pk), "--yes")

    leaver.refresh_from_db()
    assert leaver.name == new_name(leaver)
    assert leaver.history.latest().history_user is None
    output = capsys.readouterr().out
    assert f'is now "{new_name(leaver)}"' in output
    assert f"to review: {update.pk}" in output


def test_the_command_records_the_administrator_named(leaver, administrator):
    call_command("anonymise_person", str(leaver.pk), "--yes", "--user", "root")

    assert leaver.history.latest().history_user == administrator


def test_the_command_refuses_a_user_who_is_not_an_administrator(leaver, django_user_model):
    django_user_model.objects.create_user("colleague", "c@example.org", "x-pass-1")

    with pytest.raises(CommandError, match="site administrators"):
        call_command("anonymise_person", str(leaver.pk), "--yes", "--user", "colleague")


def test_the_command_refuses_an_unknown_person():
    with pytest.raises(CommandError, match="No person with id 999"):
        call_command("anonymise_person", "999", "--yes")


# --- The admin action -----------------------------------------------------------------------


def run_action(client, action: str, person: Person, **extra):
    return client.post(
        reverse("admin:partnership_person_changelist"),
        {"action": action, "_selected_action": [person.pk], **extra},
    )


def test_the_admin_action_asks_before_anonymising(client, leaver, administrator):
    client.force_login(administrator)

    response = run_action(client, "anonymise", leaver)

    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    assert new_name(leaver) in response.content.decode()
    leaver.refresh_from_db()
    assert leaver.name == NAME


def test_the_admin_action_anonymises_once_confirmed(client, leaver, administrator):
    update = ProgressUpdateFactory(text="Sue Lightup to chase")
    client.force_login(administrator)

    response = run_action(client, "anonymise", leaver, confirm="yes")

    assert response.status_code == 302
    leaver.refresh_from_db()
    assert leaver.name == new_name(leaver)
    assert leaver.history.latest().history_user == administrator
    page = client.get(response.url).content.decode()
    assert f"to review: {update.pk}" in page


def test_staff_who_are_not_administrators_cannot_anonymise(client, leaver, django_user_model):
    staff = django_user_model.objects.create_user("staff", "s@example.org", "x-pass-1")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(content_type__model="person"))
    client.force_login(staff)

    page = client.get(reverse("admin:partnership_person_changelist")).content.decode()
    response = run_action(client, "anonymise", leaver, confirm="yes")

    assert 'value="anonymise"' not in page
    assert response.status_code == 302  # back to the list: "No action selected"
    leaver.refresh_from_db()
    assert leaver.name == NAME
