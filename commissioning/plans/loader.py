"""Write a Plan into a programme: one transaction, idempotent, history kept.

Stages and actions are paired with stored ones and merged three ways by
``plans.matching`` (the document, the item now, and the base the last import left): a
field the document did not change keeps a person's edit, a field both changed is a
conflict decided by a person (ADR 0010). Besides:
- a deliverable is the same when stage, scope, parent and text match;
- a progress update is the same when action, as-of period and text match (append-only).
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
from django.db.models import Max, Q
from django.utils import timezone

from commissioning.access import rules as access
from commissioning.core.models import timescale_values
from commissioning.domain.plan import ActionPlan, DeliverablePlan, OwnerKind, Plan, StagePlan
from commissioning.domain.timescales import Timescale
from commissioning.partnership.models import Organisation, Person, Team
from commissioning.plans.bulk import delete_rows, insert_history, insert_rows
from commissioning.plans.matching import Merge, Pairing, merge_plan, normalise
from commissioning.plans.merge import KEEP, TAKE, change_reason, choose
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    ImportBase,
    ImportRun,
    Programme,
    ProgressUpdate,
    Stage,
)
from commissioning.reading.owners import OwnerDirectory


def owner_directory(partnership) -> OwnerDirectory:
    """The person, team and organisation names of ``partnership``, which the recogniser
    reads owner cells against: never another partnership's, so an import can neither match
    nor reveal them. Without a partnership (none chosen yet) the directory is empty."""
    if partnership is None:
        return OwnerDirectory(people=frozenset(), teams=frozenset(), organisations=frozenset())
    people, teams, organisations = directory_of(partnership)
    names = set(organisations.values_list("name", flat=True))
    names |= set(organisations.exclude(short_name="").values_list("short_name", flat=True))
    return OwnerDirectory(
        people=frozenset(people.values_list("name", flat=True)),
        teams=frozenset(teams.values_list("name", flat=True)),
        organisations=frozenset(names),
    )


def directory_of(partnership):
    """The people, teams and organisations of one partnership (``access.rules`` rules)."""
    partnerships = type(partnership).objects.filter(pk=partnership.pk)
    return (
        access.people_of(partnerships),
        access.teams_of(partnerships),
        access.organisations_of(partnerships),
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
        teams = Team.objects.all()
        if self.partnership is not None:
            # A name in one partnership's plan never links to another partnership's person
            # or team.
            people = people.filter(
                Q(organisation__in=self.partnership.organisations())
                | Q(actionowner__action__programme__partnership=self.partnership)
            ).distinct()
            teams = directory_of(self.partnership)[1]
        for pk, name in people.order_by("id").values_list("id", "name"):
            self.people.setdefault(normalise(name), pk)
        for pk, name in teams.order_by("id").values_list("id", "name"):
            self.teams.setdefault(normalise(name), pk)
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
            extra = {"partnership": self.partnership} if model is Team else {}
            objs = [model(name=name, **extra) for name in names.values()]
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
def load_plan(
    *,
    plan: Plan,
    programme: Programme,
    user,
    file_name: str,
    sha256: str,
    merge: Merge | None = None,
    resolutions: dict[str, str] | None = None,
    overwrite: bool = False,
) -> ImportRun:
    """Write ``plan`` into ``programme`` and record the ImportRun; all or nothing.

    Fields the document changed and nobody else did take the document's value; fields a
    person changed keep theirs; a field both changed is a conflict, kept as the person left
    it unless ``resolutions`` (conflict key → ``keep`` or ``document``) or ``overwrite``
    say otherwise. ``merge`` is ``merge_plan``'s answer if the caller has it already.
    """
    counts: Counter = Counter()
    run = ImportRun.objects.create(
        programme=programme, user=user, file_name=file_name, sha256=sha256
    )
    merge = merge if merge is not None else merge_plan(plan=plan, programme=programme)
    decided = choose(merge.conflicts, resolutions=resolutions, overwrite=overwrite)
    by_item: dict[tuple[str, int], list] = {}  # the choices people made, for history
    for conflict in decided:
        if not conflict.by_default:
            by_item.setdefault((conflict.kind, conflict.item_id), []).append(conflict)
    writer = _Writer(run, user, effective_date(plan), merge, by_item, counts)
    for pairing in merge.stages:
        writer.stage(pairing)
    writer.actions(plan)
    write_bases(
        merge,
        run,
        still_open=[c for c in decided if c.by_default],
        deliverables=writer.deliverables,
    )
    counts["conflicts_open"] += sum(1 for c in decided if c.by_default)
    for choice, key in ((KEEP, "conflicts_kept"), (TAKE, "conflicts_taken")):
        counts[key] += sum(1 for c in decided if c.resolution == choice and not c.by_default)
    run.counts = {key: value for key, value in sorted(counts.items()) if value}
    run.warnings = [warning.to_json() for warning in plan.warnings]
    run.conflicts = [conflict.to_json() for conflict in decided]
    run.save(update_fields=["counts", "warnings", "conflicts"])
    return run


@dataclass
class _Writer:
    """Writes one import's merge: stages and deliverables, actions, owners and progress."""

    run: ImportRun
    user: object
    effective: date | None
    merge: Merge
    decided: dict[tuple[str, int], list]
    counts: Counter
    deliverables: list = field(default_factory=list)  # (deliverable, its plan) as loaded

    def version_date(self, kind: str, item_id: int) -> date:
        """When a new version of an existing item takes effect: the document's date, but never
        before the item's latest version (a person's edit since), which it includes."""
        day = self.effective or timezone.localdate()
        latest = self.merge.latest_effective.get((kind, item_id))
        return max(day, latest) if latest else day

    def stage(self, pairing: Pairing) -> Stage:
        stage_plan: StagePlan = pairing.plan
        stage = pairing.item
        if stage is None:
            stages = Stage.objects.filter(programme_id=self.run.programme_id)
            order = (stages.aggregate(last=Max("order"))["last"] or 0) + 1
            values = {"code": stage_plan.code or "", **timescale_values(stage_plan.due)}
            stage = Stage(programme_id=self.run.programme_id, order=order, **values)
            stage.title = stage_plan.title
            stage._history_effective = self.effective
            stage._history_user = self.user
            stage.save()
            pairing.item = stage
            self.counts["stages_created"] += 1
        else:
            decided = self.decided.get(("stage", stage.pk), [])
            fields = pairing.takes + [c.field for c in decided if c.resolution == TAKE]
            if fields or decided or pairing.refresh:
                values = {name: pairing.document[name] for name in fields if name != "timescale"}
                if "timescale" in fields or pairing.refresh:
                    values.update(timescale_values(stage_plan.due))
                for name, value in values.items():
                    setattr(stage, name, value)
                stage._history_effective = self.version_date("stage", stage.pk)
                stage._history_user = self.user
                stage._change_reason = change_reason(decided) if decided else None
                stage.save()
                if fields or pairing.refresh:
                    self.counts["stages_updated"] += 1
        stored = list(stage.deliverables.all())
        existing = {}
        for deliverable in stored:  # as last imported, so a person's edit is still found
            base = self.merge.deliverable_bases.get(deliverable.pk)
            if base is not None:
                key = (base.values.get("scope"), deliverable.parent_id, base.values.get("text"))
                existing[key[0], key[1], normalise(key[2] or "")] = deliverable
        for deliverable in stored:
            existing[deliverable.scope, deliverable.parent_id, normalise(deliverable.text)] = (
                deliverable
            )
        for plan in [stage_plan, *pairing.more_plans]:
            for deliverable_plan in plan.deliverables:
                _load_deliverable(
                    deliverable_plan, stage, None, existing, self.counts, self.effective
                )
                self.deliverables.extend(_loaded(deliverable_plan, existing, None))
        return stage

    def actions(self, plan: Plan) -> None:
        new = [p for p in self.merge.actions if p.item is None]
        matched = [p for p in self.merge.actions if p.item is not None]
        if new:
            stored = Action.objects.filter(programme_id=self.run.programme_id)
            next_order = (stored.aggregate(last=Max("order"))["last"] or 0) + 1
            for offset, pairing in enumerate(new):
                action_plan: ActionPlan = pairing.plan
                pairing.item = Action(
                    programme_id=self.run.programme_id,
                    ref=action_plan.ref or "",
                    order=next_order + offset,
                    status=str(action_plan.status),
                    status_suggested=action_plan.status_suggested,
                    **_action_values(action_plan),
                )
            create_with_history(Action, [p.item for p in new], self.user, effective=self.effective)
            self.counts["actions_created"] += len(new)
        updated, reasons, days = [], [], []
        owners_for: list[Pairing] = list(new)
        for pairing in matched:
            action = pairing.item
            decided = self.decided.get(("action", action.pk), [])
            fields = pairing.takes + [c.field for c in decided if c.resolution == TAKE]
            if "owners" in fields:
                owners_for.append(pairing)
            changed = _apply_action(pairing, fields)
            if changed or decided:
                updated.append(action)
                reasons.append(change_reason(decided) if decided else None)
                days.append(self.version_date("action", action.pk))
            if changed:
                self.counts["actions_updated"] += 1
        owners = _Owners(
            self.counts, self.user, self.effective, partnership=self.run.programme.partnership
        )
        _load_owners(owners_for, self.merge, owners, self.user, self.counts, self)
        _load_progress(plan.as_of, self.merge, self.run, self.user, self.counts)
        update_with_history(Action, updated, ACTION_UPDATE_FIELDS, self.user, reasons, days)


ACTION_UPDATE_FIELDS = ["title", "section", "rag", "status", "status_suggested"] + list(
    timescale_values(None)
)


def _apply_action(pairing: Pairing, fields: list[str]) -> bool:
    """Set the fields taken from the document on the action; True if any value changed."""
    action: Action = pairing.item
    action_plan: ActionPlan = pairing.plan
    values = {
        name: pairing.document[name]
        for name in fields
        if name in ("title", "section", "rag", "status")
    }
    if "status" in values:
        values["status_suggested"] = action_plan.status_suggested
    if "timescale" in fields or pairing.refresh:
        values.update(timescale_values(action_plan.timescale))
    changed = False
    for name, value in values.items():
        if getattr(action, name) != value:
            setattr(action, name, value)
            changed = True
    return changed


def update_with_history(model, objs: list, fields: list[str], user, reasons, days) -> None:
    """Save changed fields of ``objs`` in bulk, with a history record each: its change reason
    and the date it takes effect."""
    if not objs:
        return
    model.objects.bulk_update(objs, fields)
    columns = [f.attname for f in model._meta.concrete_fields]
    insert_history(
        model,
        columns,
        [tuple(getattr(obj, column) for column in columns) for obj in objs],
        user=user,
        history_type="~",
        reasons=reasons,
        effectives=days,
    )


def write_bases(merge: Merge, run: ImportRun, *, still_open=(), deliverables=()) -> None:
    """Keep what the document said about every stage and action it named: the next base.

    A conflict nobody decided (``still_open``) keeps its old base, so that the next import
    raises it again. A base that changes is replaced (deleted and inserted again) so that
    the number of statements does not grow with the plan.
    """
    open_fields = {(c.kind, c.item_id, c.field) for c in still_open}
    stale, rows = [], []
    now = timezone.now()
    for pairing in merge.stages + merge.actions:
        values = dict(pairing.document)
        old = pairing.base
        for name in list(values):
            if pairing.item is not None and (pairing.kind, pairing.item.pk, name) in open_fields:
                if old is not None and name in old.values:
                    values[name] = old.values[name]
                else:
                    del values[name]
        if "status" not in values and old is not None and "status" in old.values:
            values["status"] = old.values["status"]  # the document did not speak for it
        if old is not None:
            if old.values == values:
                continue
            stale.append(old.pk)
        stage_id = pairing.item.pk if pairing.kind == "stage" else None
        action_id = pairing.item.pk if pairing.kind == "action" else None
        rows.append((run.programme_id, stage_id, None, action_id, values, run.pk, now))
    done: set[int] = set()
    for deliverable, plan in deliverables:
        if deliverable.pk in done:
            continue  # named twice in the document: the first says what it was
        done.add(deliverable.pk)
        values = {"scope": str(plan.scope), "text": plan.text}
        old = merge.deliverable_bases.get(deliverable.pk)
        if old is not None:
            if old.values == values:
                continue
            stale.append(old.pk)
        rows.append((run.programme_id, None, deliverable.pk, None, values, run.pk, now))
    delete_rows(ImportBase, stale)
    columns = [
        "programme_id",
        "stage_id",
        "deliverable_id",
        "action_id",
        "values",
        "import_run_id",
        "updated_at",
    ]
    insert_rows(ImportBase, columns, rows)


OWNER_COLUMNS = ["action_id", "name", "kind", "order", "person_id", "team_id", "organisation_id"]


def _load_owners(
    pairings: list[Pairing], merge: Merge, owners: _Owners, user, counts: Counter, writer
) -> None:
    """Give new actions their owners, and replace those of actions taking the document's."""
    replaced: list[ActionOwner] = []
    replaced_days: list[date | None] = []
    wanted = []
    for pairing in pairings:
        action = pairing.item
        day = owners.effective
        old = merge.owners.get(action.pk)
        if old:
            day = writer.version_date("action", action.pk)
            replaced.extend(old)
            replaced_days.extend([day] * len(old))
            counts["owners_replaced"] += 1
        wanted.append((action, pairing.plan.owners, day))
    if replaced:
        _delete_with_history(ActionOwner, replaced, replaced_days)
    owners.create_missing(owner for _, refs, _ in wanted for owner in refs)
    rows, days = [], []
    for action, refs, day in wanted:
        for order, owner in enumerate(refs, start=1):
            link = owners.link(owner.kind, owner.name)
            rows.append((action.pk, owner.name, str(owner.kind), order, *link))
            days.append(day)
    if rows:
        keys = insert_rows(ActionOwner, OWNER_COLUMNS, rows, returning=True)
        insert_history(
            ActionOwner,
            ["id", *OWNER_COLUMNS],
            [(key, *row) for key, row in zip(keys, rows, strict=True)],
            user=user,
            effectives=days,
        )
        counts["owners_created"] += len(rows)


def _delete_with_history(model, objs: list, days: list[date | None]) -> None:
    """Delete instances, recording each deletion as ``Model.delete()`` would."""
    fields = [f for f in model._meta.concrete_fields]
    insert_history(
        model,
        [f.attname for f in fields],
        [tuple(getattr(obj, f.attname) for f in fields) for obj in objs],
        user=None,
        history_type="-",
        effectives=days,
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


def _load_progress(as_of: Timescale | None, merge: Merge, run, user, counts: Counter) -> None:
    """Add the progress updates not already recorded (append-only: nothing is replaced)."""
    as_of_text = as_of.text if as_of else ""
    as_of_key = normalise(as_of_text)
    seen = set(merge.recorded)
    rows = []
    author_id = user.pk if user is not None else None
    for pairing in merge.actions:
        action_plan: ActionPlan = pairing.plan
        if not action_plan.progress:
            continue
        key = (pairing.item.pk, as_of_key, normalise(action_plan.progress))
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            (
                pairing.item.pk,
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
    insert_rows(ProgressUpdate, PROGRESS_COLUMNS, rows)
    counts["progress_updates_created"] += len(rows)


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


def _loaded(plan: DeliverablePlan, existing: dict, parent: Deliverable | None) -> list:
    """Each deliverable of ``plan`` (children too) with the stored row it was loaded as."""
    key = (str(plan.scope), parent.id if parent else None, normalise(plan.text))
    deliverable = existing[key]
    found = [(deliverable, plan)]
    for child in plan.children:
        found.extend(_loaded(child, existing, deliverable))
    return found


def _action_values(action_plan: ActionPlan) -> dict:
    return {
        "title": action_plan.title,
        "section": (action_plan.section or "")[:500],
        "rag": action_plan.rag or "",
        **timescale_values(action_plan.timescale),
    }
