"""Write a Plan into a programme: one transaction, idempotent, history kept.

Matching rules, so that importing the same file again changes nothing and a later version
of a plan updates what it should:
- a stage is the same stage when its code (T1) matches, else its title;
- a deliverable is the same when stage, scope, parent and text match;
- an action is the same when its ref matches, else its title (case and spacing ignored);
- a progress update is the same when action, as-of period and text match.
Nothing is deleted: rows missing from a later version stay as they were.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from commissioning.core.models import timescale_values
from commissioning.partnership.models import Organisation, Person, Team
from commissioning.plans.owners import OwnerDirectory
from commissioning.plans.plan import ActionPlan, DeliverablePlan, OwnerKind, Plan, StagePlan
from commissioning.plans.timescales import Timescale
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    ImportRun,
    Programme,
    ProgressUpdate,
    Stage,
)


def normalise(text: str) -> str:
    """The form used to match names and titles: lower case, single spaces."""
    return " ".join(text.split()).casefold()


def owner_directory() -> OwnerDirectory:
    """Every person, team and organisation name already known."""
    organisations = set(Organisation.objects.values_list("name", flat=True))
    organisations |= set(
        Organisation.objects.exclude(short_name="").values_list("short_name", flat=True)
    )
    return OwnerDirectory(
        people=frozenset(Person.objects.values_list("name", flat=True)),
        teams=frozenset(Team.objects.values_list("name", flat=True)),
        organisations=frozenset(organisations),
    )


@dataclass
class _Owners:
    """Resolves owner names to people, teams and organisations, creating what is new."""

    counts: Counter
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for person in Person.objects.order_by("id"):
            self.people.setdefault(normalise(person.name), person)
        self.teams = {normalise(t.name): t for t in Team.objects.all()}
        for organisation in Organisation.objects.all():
            self.organisations[normalise(organisation.name)] = organisation
            if organisation.short_name:
                self.organisations.setdefault(normalise(organisation.short_name), organisation)

    def link(self, kind: OwnerKind, name: str) -> dict:
        """The foreign keys for an owner of this kind and name."""
        key = normalise(name)
        if kind == OwnerKind.PERSON:
            if key not in self.people:
                self.people[key] = Person.objects.create(name=name)
                self.counts["people_created"] += 1
            return {"person": self.people[key]}
        if kind == OwnerKind.TEAM:
            if key not in self.teams:
                self.teams[key] = Team.objects.create(name=name)
                self.counts["teams_created"] += 1
            return {"team": self.teams[key]}
        if kind == OwnerKind.ORGANISATION:
            if key not in self.organisations:
                self.organisations[key] = Organisation.objects.create(name=name)
                self.counts["organisations_created"] += 1
            return {"organisation": self.organisations[key]}
        return {}


@transaction.atomic
def load_plan(*, plan: Plan, programme: Programme, user, file_name: str, sha256: str) -> ImportRun:
    """Write ``plan`` into ``programme`` and record the ImportRun; all or nothing."""
    counts: Counter = Counter()
    run = ImportRun.objects.create(
        programme=programme, user=user, file_name=file_name, sha256=sha256
    )
    for stage_plan in plan.stages:
        _load_stage(stage_plan, programme, counts)
    _load_actions(plan, programme, run, user, counts)
    run.counts = {key: value for key, value in sorted(counts.items()) if value}
    run.warnings = [warning.to_json() for warning in plan.warnings]
    run.save(update_fields=["counts", "warnings"])
    return run


def _load_stage(stage_plan: StagePlan, programme: Programme, counts: Counter) -> Stage:
    stages = list(programme.stages.all())
    key = normalise(stage_plan.code or stage_plan.title)
    stage = next((s for s in stages if normalise(s.code or s.title) == key), None)
    values = {"code": stage_plan.code or "", **timescale_values(stage_plan.due)}
    if stage_plan.title:
        values["title"] = stage_plan.title
    if stage is None:
        order = max((s.order for s in stages), default=0) + 1
        stage = Stage.objects.create(programme=programme, order=order, **values)
        counts["stages_created"] += 1
    elif _assign_changes(stage, values):
        stage.save()
        counts["stages_updated"] += 1
    existing = {(d.scope, d.parent_id, normalise(d.text)): d for d in stage.deliverables.all()}
    for deliverable_plan in stage_plan.deliverables:
        _load_deliverable(deliverable_plan, stage, None, existing, counts)
    return stage


def _load_deliverable(
    plan: DeliverablePlan,
    stage: Stage,
    parent: Deliverable | None,
    existing: dict,
    counts: Counter,
) -> None:
    parent_id = parent.id if parent else None
    key = (str(plan.scope), parent_id, normalise(plan.text))
    deliverable = existing.get(key)
    if deliverable is None:
        siblings = [d for (scope, pid, _), d in existing.items() if pid == parent_id]
        deliverable = Deliverable.objects.create(
            stage=stage,
            parent=parent,
            scope=str(plan.scope),
            text=plan.text,
            order=max((d.order for d in siblings), default=0) + 1,
        )
        existing[key] = deliverable
        counts["deliverables_created"] += 1
    for child in plan.children:
        _load_deliverable(child, stage, deliverable, existing, counts)


def _assign_changes(instance, values: dict) -> bool:
    """Set ``values`` on ``instance``; True when anything actually changed."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _action_values(action_plan: ActionPlan) -> dict:
    return {
        "title": action_plan.title,
        "section": (action_plan.section or "")[:500],
        "rag": action_plan.rag or "",
        **timescale_values(action_plan.timescale),
    }


def _match_actions(plan: Plan, programme: Programme) -> tuple[list, list, list]:
    """Pair each planned action with a stored one (by ref, else by the n-th equal title)."""
    existing = list(programme.actions.all())
    by_ref = {normalise(a.ref): a for a in existing if a.ref}
    by_title: dict[str, list[Action]] = {}
    for action in existing:
        by_title.setdefault(normalise(action.title), []).append(action)
    seen_titles: Counter = Counter()
    next_order = max((a.order for a in existing), default=0) + 1
    new, matched, changed = [], [], []
    for action_plan in plan.actions:
        title_key = normalise(action_plan.title)
        occurrence = seen_titles[title_key]
        seen_titles[title_key] += 1
        action = by_ref.get(normalise(action_plan.ref)) if action_plan.ref else None
        if action is None and occurrence < len(by_title.get(title_key, [])):
            action = by_title[title_key][occurrence]
        if action is None:
            action = Action(
                programme=programme,
                ref=action_plan.ref or "",
                order=next_order,
                status=str(action_plan.status),
                status_suggested=action_plan.status_suggested,
                **_action_values(action_plan),
            )
            next_order += 1
            new.append((action, action_plan))
            continue
        if _assign_changes(action, _action_values(action_plan)):
            changed.append(action)
        matched.append((action, action_plan))
    return new, matched, changed


def _load_actions(plan: Plan, programme: Programme, run, user, counts: Counter) -> None:
    new, matched, changed = _match_actions(plan, programme)
    if new:
        bulk_create_with_history([a for a, _ in new], Action, default_user=user)
        counts["actions_created"] += len(new)
    _load_owners(new, matched, _Owners(counts), user, counts)
    status_changed = _load_progress(plan.as_of, new + matched, run, user, counts)
    to_update = {a.pk: a for a in changed + status_changed}
    if to_update:
        bulk_update_with_history(
            list(to_update.values()),
            Action,
            fields=["title", "section", "rag", "status", "status_suggested"]
            + list(timescale_values(None)),
            default_user=user,
        )
        counts["actions_updated"] += len(to_update)


def _load_owners(new, matched, owners: _Owners, user, counts: Counter) -> None:
    current: dict[int, list[tuple[str, str]]] = {}
    if matched:
        for owner in ActionOwner.objects.filter(action__in=[a for a, _ in matched]):
            current.setdefault(owner.action_id, []).append((owner.name, owner.kind))
    rows = []
    for action, action_plan in new + matched:
        wanted = [(o.name, str(o.kind)) for o in action_plan.owners]
        if action.pk in current and current[action.pk] == wanted:
            continue
        if action.pk in current:
            for old in ActionOwner.objects.filter(action=action):
                old.delete()
            counts["owners_replaced"] += 1
        for order, owner in enumerate(action_plan.owners, start=1):
            rows.append(
                ActionOwner(
                    action=action,
                    name=owner.name,
                    kind=str(owner.kind),
                    order=order,
                    **owners.link(owner.kind, owner.name),
                )
            )
    if rows:
        bulk_create_with_history(rows, ActionOwner, default_user=user)
        counts["owners_created"] += len(rows)


def _load_progress(as_of: Timescale | None, pairs, run, user, counts: Counter) -> list[Action]:
    """Add progress updates not already recorded; returns actions whose status moved on."""
    with_progress = [(a, p) for a, p in pairs if p.progress]
    if not with_progress:
        return []
    as_of_text = as_of.text if as_of else ""
    seen: set[tuple[int, str, str]] = set()
    latest: dict[int, object] = {}
    for update in ProgressUpdate.objects.filter(action__in=[a for a, _ in with_progress]):
        seen.add((update.action_id, normalise(update.as_of_text), normalise(update.text)))
        if update.as_of_end and (
            update.action_id not in latest or update.as_of_end > latest[update.action_id]
        ):
            latest[update.action_id] = update.as_of_end
    rows, moved = [], []
    for action, action_plan in with_progress:
        key = (action.pk, normalise(as_of_text), normalise(action_plan.progress))
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            ProgressUpdate(
                action=action,
                as_of_text=as_of_text,
                as_of_start=as_of.start if as_of else None,
                as_of_end=as_of.end if as_of else None,
                text=action_plan.progress,
                status=str(action_plan.status),
                status_suggested=action_plan.status_suggested,
                author=user,
                import_run=run,
            )
        )
        previous = latest.get(action.pk)
        is_newer = previous is None or (as_of is not None and as_of.end and as_of.end >= previous)
        if is_newer and action.status != str(action_plan.status):
            action.status = str(action_plan.status)
            action.status_suggested = action_plan.status_suggested
            moved.append(action)
    ProgressUpdate.objects.bulk_create(rows)
    counts["progress_updates_created"] += len(rows)
    return moved
