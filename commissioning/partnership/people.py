"""A person's own data: anonymising someone who has left, and a subject access export.

Both are for site administrators only (UK GDPR: erasure where there is no reason to keep a
name, and the right of access). Anonymising keeps the person's row, so posts held, body
memberships, tenures and the actions they owned still read sensibly in history, as
"Former officer 12" of their organisation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token
from simple_history.utils import get_history_model_for_model

from commissioning.access import rules as access
from commissioning.partnership.models import Membership, Person, Post, PostTenure
from commissioning.programmes.models import ActionOwner, ImportRun, ProgressUpdate

ANONYMISED = "Anonymised"

# Every field of Person is either kept (it describes the role, not the individual; the
# sign-in is anonymised in place) or replaced here; a test fails when a new field is in
# neither list. The archive fields say who archived the record, not who the person is.
KEPT_FIELDS = {"id", "organisation", "job_title", "user", "archived_at", "archived_by"}
PERSONAL_FIELDS = {"name", "email"}


def placeholder_name(person: Person) -> str:
    """The stable name a person is known by once anonymised."""
    return f"Former officer {person.pk}"


def placeholder_username(user) -> str:
    return f"former-user-{user.pk}"


def linked_user(person: Person):
    """The person's sign-in, if they have one."""
    try:
        return getattr(person, "user", None)
    except ObjectDoesNotExist:
        return None


@dataclass
class Anonymised:
    """What anonymising a person changed, and what an administrator should still review."""

    person: Person
    former_name: str
    history_rows: int = 0
    owners: int = 0
    owner_history_rows: int = 0
    user_deactivated: bool = False
    progress_updates_to_review: list[int] = field(default_factory=list)
    owners_to_review: list[int] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One paragraph for the command line and the admin's message."""
        text = (
            f'"{self.former_name}" is now "{self.person.name}": {self.history_rows} history '
            f"record(s) and {self.owners} action owner(s) rewritten"
        )
        if self.user_deactivated:
            text += "; their sign-in is deactivated and anonymised"
        if self.progress_updates_to_review:
            ids = ", ".join(map(str, self.progress_updates_to_review))
            text += f". Progress updates that still mention the name, to review: {ids}"
        if self.owners_to_review:
            ids = ", ".join(map(str, self.owners_to_review))
            text += f". Action owners written with the name but not linked to them: {ids}"
        return text + "."


@transaction.atomic
def anonymise_person(*, person: Person, by) -> Anonymised:
    """Replace a person's name and contact details everywhere, history included.

    ``by`` is the site administrator doing it (None from the command line). Free text that
    mentions the name (progress updates, owners not linked to the person) is reported, not
    rewritten: what someone wrote is never changed behind their back.
    """
    if by is not None and not access.is_site_administrator(by):
        raise PermissionDenied("Only site administrators can anonymise a person")
    person = Person.objects.select_for_update().get(pk=person.pk)
    result = Anonymised(person=person, former_name=person.name)
    name = placeholder_name(person)
    result.history_rows = (
        get_history_model_for_model(Person).objects.filter(id=person.pk).update(name=name, email="")
    )
    result.owners, result.owner_history_rows = _rename_owners(person, name)
    user = linked_user(person)
    if user is not None:
        _anonymise_user(user)
        result.user_deactivated = True
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).update(object_repr=name)
    result.progress_updates_to_review, result.owners_to_review = _mentions(result.former_name)
    person.name, person.email = name, ""
    person._history_user = by
    person._change_reason = ANONYMISED
    person.save()
    return result


def _rename_owners(person: Person, name: str) -> tuple[int, int]:
    """Give every action owner ever linked to the person the placeholder name, history too."""
    history = get_history_model_for_model(ActionOwner).objects
    ids = set(ActionOwner.objects.filter(person=person).values_list("id", flat=True))
    ids |= set(history.filter(person_id=person.pk).values_list("id", flat=True))
    owners = ActionOwner.objects.filter(id__in=ids).update(name=name)
    return owners, history.filter(id__in=ids).update(name=name)


def _anonymise_user(user) -> None:
    """Deactivate the person's sign-in and remove who it was; its history stays by id."""
    former_username = user.get_username()
    username = placeholder_username(user)
    user.username, user.email, user.first_name, user.last_name = username, "", "", ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    Token.objects.filter(user=user).delete()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=former_username).update(username=username)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).update(object_repr=username)


def _mentions(former_name: str) -> tuple[list[int], list[int]]:
    """Progress updates and unlinked action owners whose text still carries the name."""
    updates = ProgressUpdate.objects.filter(text__icontains=former_name)
    owners = ActionOwner.objects.filter(name__iexact=former_name, person__isnull=True)
    return (
        sorted(updates.values_list("id", flat=True)),
        sorted(owners.values_list("id", flat=True)),
    )


# --- Subject access export ----------------------------------------------------------------------

HISTORY_FIELDS = ["history_id", "history_date", "history_type", "history_change_reason"]


def export_person(*, person: Person) -> dict:
    """Everything held about a person, ready for ``json.dumps``; a fixed number of queries."""
    person = Person.objects.select_related("organisation").get(pk=person.pk)
    user = linked_user(person)
    data = {
        "exported_at": timezone.now(),
        "person": {
            "id": person.pk,
            "name": person.name,
            "organisation": person.organisation.name if person.organisation else None,
            "job_title": person.job_title,
            "email": person.email,
        },
        "person_history": list(
            get_history_model_for_model(Person)
            .objects.filter(id=person.pk)
            .order_by("history_date", "history_id")
            .values(*HISTORY_FIELDS, "history_user__username", "name", "job_title", "email")
        ),
        **_partnership(person),
        **_actions_owned(person),
        "user": _user(user) if user is not None else None,
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _partnership(person: Person) -> dict:
    return {
        "teams": list(person.teams.order_by("name").values("id", "name", "organisation__name")),
        "posts_held": list(
            Post.objects.filter(holder=person).values("id", "title", "body__name", "filled_on")
        ),
        "post_tenures": list(
            PostTenure.objects.filter(person=person).values(
                "id", "post_id", "post__title", "post__body__name", "start", "end"
            )
        ),
        "body_memberships": list(
            Membership.objects.filter(person=person).values(
                "id", "body__name", "role_in_body", "start", "end"
            )
        ),
    }


def _actions_owned(person: Person) -> dict:
    owner_history = get_history_model_for_model(ActionOwner).objects
    return {
        "actions_owned": list(
            ActionOwner.objects.filter(person=person)
            .order_by("action__programme__name", "action__order", "action_id")
            .values(
                "id",
                "name",
                "action_id",
                "action__ref",
                "action__title",
                "action__status",
                "action__programme__name",
            )
        ),
        "actions_owned_history": list(
            owner_history.filter(person_id=person.pk)
            .order_by("history_date", "history_id")
            .values(*HISTORY_FIELDS, "id", "action_id", "name")
        ),
    }


def _user(user) -> dict:
    """The person's sign-in and everything recorded against it."""
    roles = getattr(user, "programme_roles", None)
    return {
        "id": user.pk,
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "has_api_token": Token.objects.filter(user=user).exists(),
        "programme_roles": list(roles.values("programme__name", "role")) if roles else [],
        "progress_updates": list(
            ProgressUpdate.objects.filter(author=user)
            .order_by("created_at", "id")
            .values(
                "id",
                "action_id",
                "deliverable_id",
                "as_of_text",
                "status",
                "text",
                "created_at",
            )
        ),
        "import_runs": list(
            ImportRun.objects.filter(user=user)
            .order_by("created_at", "id")
            .values("id", "programme__name", "file_name", "sha256", "created_at", "counts")
        ),
        "sign_ins": list(
            AccessLog.objects.filter(username=user.get_username())
            .order_by("attempt_time")
            .values("attempt_time", "logout_time", "ip_address", "user_agent")
        ),
        "changes_made": _changes_made(user),
    }


def _changes_made(user) -> list[dict]:
    """Every historical record the user is the author of: which record, when, what kind."""
    changes = []
    for model in apps.get_models():
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        history = get_history_model_for_model(model)
        rows = history.objects.filter(history_user_id=user.pk).values(*HISTORY_FIELDS, "id")
        changes += [{"record": model._meta.label, **row} for row in rows]
    return sorted(changes, key=lambda change: (change["history_date"], change["record"]))
