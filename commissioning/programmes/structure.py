"""Writes that add to and arrange a programme: stages, deliverables, actions and owners.

Each is one atomic function with keyword-only arguments, called by the pages (and open to
the API and the command line). Every row written keeps who wrote it in its history.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from commissioning.domain.plan import OwnerKind, Scope
from commissioning.partnership.models import Organisation, OrganisationKind, Person, Team
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    Stage,
)
from commissioning.programmes.services import _save_changes, _timescale, update_action

DirectoryEntry = Person | Team | Organisation


@dataclass(frozen=True)
class NewDirectoryEntry:
    """A name to add to the directory (or find there) as it becomes an owner."""

    kind: str  # person, team or organisation
    name: str
    organisation: Organisation | None = None


# An owner chosen on a form: someone in the directory, an owner kept as the plan wrote it,
# or a new name for the directory.
OwnerChoice = DirectoryEntry | ActionOwner | NewDirectoryEntry


class StructureRefused(ValueError):
    """A change that may not happen: the message says why, for the person who asked."""


def _next_order(queryset) -> int:
    highest = queryset.aggregate(highest=Max("order"))["highest"]
    return 0 if highest is None else highest + 1


def _created(model, *, author, **values):
    row = model(**values)
    row._history_user = author
    row.save()
    return row


# --- Stages ---------------------------------------------------------------------------------


@transaction.atomic
def create_stage(
    *, programme: Programme, author, code: str, title: str, timescale_text: str
) -> Stage:
    """Add a stage after the programme's others in plan order."""
    return _created(
        Stage,
        author=author,
        programme=programme,
        code=code.strip(),
        title=title.strip(),
        order=_next_order(Stage.objects.filter(programme=programme)),
        **_timescale(timescale_text),
    )


@transaction.atomic
def move_stage(*, stage: Stage, author, direction: str) -> bool:
    """Move a stage one place up or down among the programme's stages not archived.

    Plan order is renumbered 0, 1, 2… as it is shown, so stages imported with equal orders
    move too; only stages whose place changed get a history row. Returns False when the
    stage is already first (up) or last (down).
    """
    if direction not in {"up", "down"}:
        raise ValueError(f"Unknown direction {direction!r}")
    stages = list(
        Stage.objects.select_for_update()
        .filter(programme_id=stage.programme_id, archived_at__isnull=True)
        .order_by("order", "pk")
    )
    place = next((i for i, row in enumerate(stages) if row.pk == stage.pk), None)
    if place is None:
        raise StructureRefused("An archived stage has no place to move: restore it first")
    other = place - 1 if direction == "up" else place + 1
    if not 0 <= other < len(stages):
        return False
    stages[place], stages[other] = stages[other], stages[place]
    for order, row in enumerate(stages):
        _save_changes(row, author=author, values={"order": order})
    stage.order = next(row.order for row in stages if row.pk == stage.pk)
    return True


# --- Deliverables ---------------------------------------------------------------------------


@transaction.atomic
def create_deliverable(
    *, stage: Stage, author, text: str, scope: str, parent: Deliverable | None = None
) -> Deliverable:
    """Add a deliverable to a stage, last among its siblings; under ``parent`` to nest it.

    A smaller deliverable sits in its parent's column: it must be of the same stage and
    scope, and its parent must not be archived.
    """
    if scope not in {str(value) for value in Scope}:
        raise ValueError(f"Unknown scope {scope!r}")
    if parent is not None:
        parent = Deliverable.objects.select_for_update().get(pk=parent.pk)
        if parent.stage_id != stage.pk:
            raise StructureRefused("The deliverable it is part of is in another stage")
        if parent.archived_at is not None:
            raise StructureRefused(
                f"The deliverable “{parent}” was archived: choose another one to put it under"
            )
        if parent.scope != scope:
            raise StructureRefused(
                f"A smaller deliverable has the scope of the one it is part of "
                f"({parent.get_scope_display().lower()})"
            )
    siblings = Deliverable.objects.filter(stage=stage, scope=scope, parent=parent)
    return _created(
        Deliverable,
        author=author,
        stage=stage,
        parent=parent,
        scope=scope,
        text=text.strip(),
        order=_next_order(siblings),
    )


# --- Actions and their owners ----------------------------------------------------------------


@transaction.atomic
def create_action(
    *,
    programme: Programme,
    author,
    title: str,
    ref: str,
    timescale_text: str,
    section: str,
    owners: list[OwnerChoice],
) -> Action:
    """Add an action at the end of the action plan, with its owners in the order given."""
    action = _created(
        Action,
        author=author,
        programme=programme,
        title=title.strip(),
        ref=ref.strip(),
        section=section.strip(),
        order=_next_order(Action.objects.filter(programme=programme)),
        **_timescale(timescale_text),
    )
    set_action_owners(action=action, author=author, owners=owners)
    return action


@transaction.atomic
def change_action(
    *,
    action: Action,
    author,
    title: str,
    ref: str,
    timescale_text: str,
    section: str,
    owners: list[OwnerChoice] | None,
    expected_version: int | None = None,
) -> Action:
    """Change an action and its owners together: all of it is saved, or none.

    ``owners`` None leaves the owners as they are; ``expected_version`` guards against a
    save someone made since the form was loaded (``services.update_action``).
    """
    update_action(
        action=action,
        author=author,
        title=title,
        ref=ref,
        timescale_text=timescale_text,
        section=section,
        expected_version=expected_version,
    )
    if owners is not None:
        set_action_owners(action=action, author=author, owners=owners)
    return action


def _owner_key(owner: OwnerChoice) -> tuple[str, int]:
    """Who an owner is: the directory entry it points to, else the owner row itself."""
    if isinstance(owner, Person):
        return ("person", owner.pk)
    if isinstance(owner, Team):
        return ("team", owner.pk)
    if isinstance(owner, Organisation):
        return ("organisation", owner.pk)
    for kind in ("person", "team", "organisation"):
        if owner.kind == kind and getattr(owner, f"{kind}_id"):
            return (kind, getattr(owner, f"{kind}_id"))
    return ("owner", owner.pk)


@transaction.atomic
def set_action_owners(*, action: Action, author, owners: list[OwnerChoice]) -> list[ActionOwner]:
    """Make the action's owners exactly ``owners``, in that order.

    An owner already there stays as it is (its name as written is kept); one no longer
    chosen is removed; a new one is added under its directory name. Each change is a row in
    the owners' history with the author, so reports as of an earlier date still show the
    owners of then. A new name is added to the directory first (or found there).
    """
    owners = [
        add_to_directory(
            kind=owner.kind,
            name=owner.name,
            organisation=owner.organisation,
            author=author,
            partnership=action.programme.partnership,
        )
        if isinstance(owner, NewDirectoryEntry)
        else owner
        for owner in owners
    ]
    existing = {_owner_key(row): row for row in action.owners.select_for_update()}
    wanted = list(dict.fromkeys(_owner_key(owner) for owner in owners))
    chosen = {_owner_key(owner): owner for owner in owners}
    for key, row in existing.items():
        if key not in chosen:
            row._history_user = author
            row.delete()
    result = []
    for order, key in enumerate(wanted):
        row = existing.get(key)
        if row is not None:
            result.append(_save_changes(row, author=author, values={"order": order}))
            continue
        entry = chosen[key]
        if isinstance(entry, ActionOwner):  # kept as written, but not this action's
            raise StructureRefused(f"“{entry.name}” is not an owner of this action")
        kind, _ = key
        result.append(
            _created(
                ActionOwner,
                author=author,
                action=action,
                name=entry.name,
                kind=OwnerKind(kind).value,
                order=order,
                **{kind: entry},
            )
        )
    return result


@transaction.atomic
def add_to_directory(
    *, kind: str, name: str, organisation: Organisation | None, author, partnership=None
) -> DirectoryEntry:
    """Add a person, team or organisation to the directory, or find the one of that name.

    A person is matched by name within the organisation given; a team by name within
    ``partnership`` (team names are unique per partnership); organisations by name alone.
    """
    name = " ".join(name.split())
    if not name:
        raise ValueError("A directory entry needs a name")
    if kind == "person":
        found = Person.objects.filter(name__iexact=name, organisation=organisation).first()
        return found or _created(Person, author=author, name=name, organisation=organisation)
    if kind == "team":
        found = Team.objects.filter(name__iexact=name, partnership=partnership).first()
        return found or _created(
            Team, author=author, name=name, organisation=organisation, partnership=partnership
        )
    if kind == "organisation":
        found = Organisation.objects.filter(name__iexact=name).first()
        return found or _created(
            Organisation, author=author, name=name, kind=OrganisationKind.OTHER
        )
    raise ValueError(f"Unknown kind of directory entry {kind!r}")
