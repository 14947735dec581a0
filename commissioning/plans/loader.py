"""Write a Plan into a programme: one transaction, idempotent, history kept.

Matching rules, so that importing the same file again changes nothing and a later version
of a plan updates what it should:
- a stage is the same stage when its code (T1) matches, else its title;
- a deliverable is the same when stage, scope, parent and text match;
- an action is the same when its ref matches, else its title (case and spacing ignored);
- a progress update is the same when action, as-of period and text match.
Nothing is deleted: rows missing from a later version stay as they were.

Every history record the import writes takes effect on the document's as-of date (the end
of "Progress to Date – March 2008"), so a report as of any date sees the plan as the
documents then described it; an undated document takes effect on the day it is imported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import router, transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from commissioning.core.models import timescale_values
from commissioning.partnership.models import Organisation, Person, Team
from commissioning.plans.bulk import delete_rows, insert_history, insert_rows
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
    user: object = None
    effective: date | None = None
    partnership: object = None  # match people of this partnership only
    people: dict[str, int] = field(default_factory=dict)
    teams: dict[str, int] = field(default_factory=dict)
    organisations: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        people = Person.objects.all()
        if self.partnership is not None:
            # A name in one partnership's plan never links to another partnership's person.
            people = people.filter(
                Q(organisation__in=self.partnership.organisations())
                | Q(actionowner__action__programme__partnership=self.partnership)
            ).distinct()
        for pk, name in people.order_by("id").values_list("id", "name"):
            self.people.setdefault(normalise(name), pk)
        self.teams = {normalise(name): pk for pk, name in Team.objects.values_list("id", "name")}
        for pk, name, short_name in Organisation.objects.order_by(
            *Organisation._meta.ordering
        ).values_list("id", "name", "short_name"):
            self.organisations[normalise(name)] = pk
            if short_name:
                self.organisations.setdefault(normalise(short_name), pk)

    def _known(self, kind: OwnerKind) -> tuple[dict[str, int] | None, type | None, str]:
        if kind == OwnerKind.PERSON:
            return self.people, Person, "people_created"
        if kind == OwnerKind.TEAM:
            return self.teams, Team, "teams_created"
        if kind == OwnerKind.ORGANISATION:
            return self.organisations, Organisation, "organisations_created"
        return None, None, ""

    def create_missing(self, owners) -> None:
        """Create, in bulk and in order of first mention, every owner not yet known."""
        new: dict[OwnerKind, dict[str, str]] = {}
        for owner in owners:
            known, _, _ = self._known(owner.kind)
            key = normalise(owner.name)
            if known is not None and key not in known:
                new.setdefault(owner.kind, {}).setdefault(key, owner.name)
        for kind, names in new.items():
            known, model, count = self._known(kind)
            objs = [model(name=name) for name in names.values()]
            create_with_history(model, objs, self.user, effective=self.effective)
            known.update(zip(names, (obj.pk for obj in objs), strict=True))
            self.counts[count] += len(objs)

    def link(self, kind: OwnerKind, name: str) -> tuple[int | None, int | None, int | None]:
        """The person, team and organisation ids for an owner (after ``create_missing``)."""
        key = normalise(name)
        if kind == OwnerKind.PERSON:
            return self.people[key], None, None
        if kind == OwnerKind.TEAM:
            return None, self.teams[key], None
        if kind == OwnerKind.ORGANISATION:
            return None, None, self.organisations[key]
        return None, None, None


def create_with_history(model, objs: list, user, *, effective: date | None = None) -> None:
    """Insert unsaved instances in bulk, set their primary keys and write their history."""
    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = [f.attname for f in fields]
    rows = [tuple(f.pre_save(obj, True) for f in fields) for obj in objs]
    keys = insert_rows(model, columns, rows, returning=True)
    using = router.db_for_write(model)
    for obj, key in zip(objs, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = using
    insert_history(
        model,
        [model._meta.pk.attname, *columns],
        [(key, *row) for key, row in zip(keys, rows, strict=True)],
        user=user,
        effective=effective,
    )


def effective_date(plan: Plan) -> date | None:
    """The reporting date a plan describes: the end of its as-of period, if it has one."""
    return plan.as_of.end if plan.as_of is not None else None


@transaction.atomic
def load_plan(*, plan: Plan, programme: Programme, user, file_name: str, sha256: str) -> ImportRun:
    """Write ``plan`` into ``programme`` and record the ImportRun; all or nothing."""
    counts: Counter = Counter()
    run = ImportRun.objects.create(
        programme=programme, user=user, file_name=file_name, sha256=sha256
    )
    effective = effective_date(plan)
    for stage_plan in plan.stages:
        _load_stage(stage_plan, programme, counts, effective)
    _load_actions(plan, programme, run, user, counts, effective)
    run.counts = {key: value for key, value in sorted(counts.items()) if value}
    run.warnings = [warning.to_json() for warning in plan.warnings]
    run.save(update_fields=["counts", "warnings"])
    return run


def _load_stage(
    stage_plan: StagePlan, programme: Programme, counts: Counter, effective: date | None
) -> Stage:
    stages = list(programme.stages.all())
    key = normalise(stage_plan.code or stage_plan.title)
    stage = next((s for s in stages if normalise(s.code or s.title) == key), None)
    values = {"code": stage_plan.code or "", **timescale_values(stage_plan.due)}
    if stage_plan.title:
        values["title"] = stage_plan.title
    if stage is None:
        order = max((s.order for s in stages), default=0) + 1
        stage = Stage(programme=programme, order=order, **values)
        stage._history_effective = effective
        stage.save()
        counts["stages_created"] += 1
    elif _assign_changes(stage, values):
        stage._history_effective = effective
        stage.save()
        counts["stages_updated"] += 1
    existing = {(d.scope, d.parent_id, normalise(d.text)): d for d in stage.deliverables.all()}
    for deliverable_plan in stage_plan.deliverables:
        _load_deliverable(deliverable_plan, stage, None, existing, counts, effective)
    return stage


def _load_deliverable(
    plan: DeliverablePlan,
    stage: Stage,
    parent: Deliverable | None,
    existing: dict,
    counts: Counter,
    effective: date | None,
) -> None:
    parent_id = parent.id if parent else None
    key = (str(plan.scope), parent_id, normalise(plan.text))
    deliverable = existing.get(key)
    if deliverable is None:
        siblings = [d for (scope, pid, _), d in existing.items() if pid == parent_id]
        deliverable = Deliverable(
            stage=stage,
            parent=parent,
            scope=str(plan.scope),
            text=plan.text,
            order=max((d.order for d in siblings), default=0) + 1,
        )
        deliverable._history_effective = effective
        deliverable.save()
        existing[key] = deliverable
        counts["deliverables_created"] += 1
    for child in plan.children:
        _load_deliverable(child, stage, deliverable, existing, counts, effective)


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


def _load_actions(
    plan: Plan, programme: Programme, run, user, counts: Counter, effective: date | None
) -> None:
    new, matched, changed = _match_actions(plan, programme)
    if new:
        create_with_history(Action, [a for a, _ in new], user, effective=effective)
        counts["actions_created"] += len(new)
    owners = _Owners(counts, user, effective, partnership=programme.partnership)
    _load_owners(new, matched, programme, owners, user, counts)
    status_changed = _load_progress(plan.as_of, new, matched, programme, run, user, counts)
    to_update = {a.pk: a for a in changed + status_changed}
    if to_update:
        bulk_update_with_history(
            list(to_update.values()),
            Action,
            fields=["title", "section", "rag", "status", "status_suggested"]
            + list(timescale_values(None)),
            default_user=user,
            custom_historical_attrs={"history_effective": effective or timezone.localdate()},
        )
        counts["actions_updated"] += len(to_update)


OWNER_COLUMNS = ["action_id", "name", "kind", "order", "person_id", "team_id", "organisation_id"]


def _load_owners(new, matched, programme: Programme, owners: _Owners, user, counts: Counter):
    current: dict[int, list[ActionOwner]] = {}
    if matched:
        for owner in ActionOwner.objects.filter(action__programme=programme):
            current.setdefault(owner.action_id, []).append(owner)
    replaced: list[ActionOwner] = []
    wanted = []
    for action, action_plan in new + matched:
        plan_owners = action_plan.owners
        old = current.get(action.pk)
        if old is not None:
            # Same names: keep the stored owners, with whatever a person linked them to.
            if [normalise(o.name) for o in old] == [normalise(o.name) for o in plan_owners]:
                continue
            replaced.extend(old)
            counts["owners_replaced"] += 1
        wanted.append((action, action_plan.owners))
    if replaced:
        _delete_with_history(ActionOwner, replaced, owners.effective)
    owners.create_missing(owner for _, refs in wanted for owner in refs)
    rows = [
        (action.pk, owner.name, str(owner.kind), order, *owners.link(owner.kind, owner.name))
        for action, refs in wanted
        for order, owner in enumerate(refs, start=1)
    ]
    if rows:
        keys = insert_rows(ActionOwner, OWNER_COLUMNS, rows, returning=True)
        insert_history(
            ActionOwner,
            ["id", *OWNER_COLUMNS],
            [(key, *row) for key, row in zip(keys, rows, strict=True)],
            user=user,
            effective=owners.effective,
        )
        counts["owners_created"] += len(rows)


def _delete_with_history(model, objs: list, effective: date | None) -> None:
    """Delete instances, recording each deletion as ``Model.delete()`` would."""
    fields = [f for f in model._meta.concrete_fields]
    insert_history(
        model,
        [f.attname for f in fields],
        [tuple(getattr(obj, f.attname) for f in fields) for obj in objs],
        user=None,
        history_type="-",
        effective=effective,
    )
    delete_rows(model, [obj.pk for obj in objs])


PROGRESS_COLUMNS = [
    "action_id",
    "as_of_text",
    "as_of_start",
    "as_of_end",
    "text",
    "status",
    "status_suggested",
    "author_id",
    "import_run_id",
]


def _load_progress(
    as_of: Timescale | None, new, matched, programme: Programme, run, user, counts: Counter
) -> list[Action]:
    """Add progress updates not already recorded; returns actions whose status moved on."""
    with_progress = [(a, p) for a, p in new + matched if p.progress]
    if not with_progress:
        return []
    as_of_text = as_of.text if as_of else ""
    seen: set[tuple[int, str, str]] = set()
    latest: dict[int, object] = {}
    if any(p.progress for _, p in matched):
        recorded = ProgressUpdate.objects.filter(action__programme=programme).values_list(
            "action_id", "as_of_text", "text", "as_of_end"
        )
        for action_id, update_as_of, text, as_of_end in recorded:
            seen.add((action_id, normalise(update_as_of), normalise(text)))
            if as_of_end and (action_id not in latest or as_of_end > latest[action_id]):
                latest[action_id] = as_of_end
    rows, moved = [], []
    author_id = user.pk if user is not None else None
    as_of_key = normalise(as_of_text)
    for action, action_plan in with_progress:
        key = (action.pk, as_of_key, normalise(action_plan.progress))
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            (
                action.pk,
                as_of_text,
                as_of.start if as_of else None,
                as_of.end if as_of else None,
                action_plan.progress,
                str(action_plan.status),
                action_plan.status_suggested,
                author_id,
                run.pk,
            )
        )
        previous = latest.get(action.pk)
        is_newer = previous is None or (as_of is not None and as_of.end and as_of.end >= previous)
        if is_newer and action.status != str(action_plan.status):
            action.status = str(action_plan.status)
            action.status_suggested = action_plan.status_suggested
            moved.append(action)
    insert_rows(ProgressUpdate, PROGRESS_COLUMNS, rows)
    counts["progress_updates_created"] += len(rows)
    return moved
