"""Saying who an owner named in a plan is: a person, team or organisation in the directory."""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from commissioning.domain.plan import OwnerKind
from commissioning.partnership.models import Organisation, Person, Team
from commissioning.programmes.models import ActionOwner, Programme

MAPPABLE_KINDS = (OwnerKind.PERSON, OwnerKind.TEAM, OwnerKind.ORGANISATION)

Target = Person | Team | Organisation
_MODELS = {OwnerKind.PERSON: Person, OwnerKind.TEAM: Team, OwnerKind.ORGANISATION: Organisation}


@transaction.atomic
def map_owners(
    *,
    programme: Programme,
    mappings: dict[str, tuple[OwnerKind, Target | None]],
    author,
) -> list[ActionOwner]:
    """Link every owner of ``programme`` named as a key of ``mappings`` to its target.

    A target of None means "a new one of this kind, named as written": an existing person,
    team or organisation with exactly that name is used rather than made twice (the import
    may have just created it). The name as written is kept; the kind and link change.
    Returns the owners changed.
    """
    owners = list(ActionOwner.objects.filter(action__programme=programme, name__in=list(mappings)))
    targets: dict[str, Target] = {}
    changed = []
    for owner in owners:
        kind, target = mappings[owner.name]
        kind = OwnerKind(kind)
        if kind not in MAPPABLE_KINDS:
            raise ValueError(f"an owner cannot be mapped to a {kind}")
        if target is None:
            target = targets.get(owner.name) or _named(kind, owner.name)
        targets[owner.name] = target
        owner.kind = str(kind)
        owner.person = target if kind == OwnerKind.PERSON else None
        owner.team = target if kind == OwnerKind.TEAM else None
        owner.organisation = target if kind == OwnerKind.ORGANISATION else None
        changed.append(owner)
    if changed:
        bulk_update_with_history(
            changed,
            ActionOwner,
            fields=["kind", "person", "team", "organisation"],
            default_user=author,
        )
    return changed


def _named(kind: OwnerKind, name: str) -> Target:
    """The person, team or organisation called ``name``, created when there is none."""
    model = _MODELS[kind]
    existing = model.objects.filter(name__iexact=name).order_by("pk").first()
    return existing or model.objects.create(name=name)
