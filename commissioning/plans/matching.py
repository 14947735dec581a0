"""Pair a plan's stages and actions with a programme's, and work out the three-way merge.

Reads only: the loader writes what this decides, and a dry run shows it. Matching rules:
- a stage is the same stage when its code (T1) matches, else its title;
- an action is the same when its ref matches, else its title (case and spacing ignored);
each compared with the item as it is now and as the last import gave it (its base), so a
person renaming an action does not make the next import add it again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Max

from commissioning.domain.plan import ActionPlan, Plan, StagePlan
from commissioning.plans.merge import Difference, Outcome, merge_field
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    ImportBase,
    Programme,
    ProgressUpdate,
    Stage,
)

STAGE_FIELDS = ("code", "title", "timescale")
ACTION_FIELDS = ("title", "section", "rag", "timescale", "status", "owners")


def normalise(text: str) -> str:
    """The form used to match names and titles: lower case, single spaces."""
    return " ".join(text.split()).casefold()


def short_label(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Pairing:
    """One stage or action of the plan, the stored item it is (None: new) and the merge."""

    kind: str
    plan: StagePlan | ActionPlan
    item: Stage | Action | None
    document: dict[str, Any]
    base: ImportBase | None = None
    takes: list[str] = field(default_factory=list)  # fields taken from the document
    refresh: bool = False  # same timescale text, read into a different window: re-read it
    changes: list[Difference] = field(default_factory=list)
    conflicts: list[Difference] = field(default_factory=list)
    more_plans: list[StagePlan] = field(default_factory=list)  # the same stage named again

    @property
    def label(self) -> str:
        if self.kind == "stage":
            return short_label(f"{self.plan.code or ''} {self.plan.title}".strip())
        return short_label(f"{self.plan.ref or ''} {self.plan.title}".strip())


@dataclass
class Merge:
    """Every pairing of a plan with a programme, and what the re-import would change."""

    stages: list[Pairing]
    actions: list[Pairing]
    owners: dict[int, list[ActionOwner]]  # the matched actions' current owners
    recorded: set[tuple[int, str, str]]  # (action, as of, text) of progress already recorded
    latest_effective: dict[tuple[str, int], date]  # each item's latest history_effective
    deliverable_bases: dict[int, ImportBase] = field(default_factory=dict)

    @property
    def changes(self) -> list[Difference]:
        return [d for p in self.stages + self.actions for d in p.changes]

    @property
    def conflicts(self) -> list[Difference]:
        return [d for p in self.stages + self.actions for d in p.conflicts]

    @property
    def new_stages(self) -> int:
        return sum(1 for p in self.stages if p.item is None)

    @property
    def new_actions(self) -> int:
        return sum(1 for p in self.actions if p.item is None)


def merge_plan(*, plan: Plan, programme: Programme | None) -> Merge:
    """Pair ``plan`` with ``programme`` (None: a new programme) and merge each field."""
    if programme is None or programme.pk is None:
        stages = _pair_stages(plan, [], {})
        actions = _pair_actions(plan, programme, [], {})
        return Merge(stages, actions, {}, set(), {})
    bases, deliverable_bases = {}, {}
    for base in ImportBase.objects.filter(programme=programme):
        if base.deliverable_id:
            deliverable_bases[base.deliverable_id] = base
        else:
            bases["stage" if base.stage_id else "action", base.stage_id or base.action_id] = base
    stages = _pair_stages(plan, list(programme.stages.all()), bases)
    existing = list(programme.actions.all())
    actions = _pair_actions(plan, programme, existing, bases)
    owners: dict[int, list[ActionOwner]] = {}
    if any(p.item is not None for p in actions):
        for owner in ActionOwner.objects.filter(action__programme=programme):
            owners.setdefault(owner.action_id, []).append(owner)
    recorded, latest = _recorded_progress(programme, actions)
    merge = Merge(stages, actions, owners, recorded, _latest_effective(programme))
    merge.deliverable_bases = deliverable_bases
    for pairing in stages:
        if pairing.item is not None:
            _merge(pairing, _stage_current(pairing.item), STAGE_FIELDS)
    for pairing in actions:
        if pairing.item is not None:
            _claim_status(pairing, plan, latest)
            current = _action_current(pairing.item, owners.get(pairing.item.pk, []))
            _merge(pairing, current, ACTION_FIELDS)
    return merge


# --- Pairing ----------------------------------------------------------------------------------


def _pair_stages(plan: Plan, stages: list[Stage], bases: dict) -> list[Pairing]:
    by_key: dict[str, Stage] = {}
    for stage in stages:
        base = bases.get(("stage", stage.pk))
        if base is not None:
            by_key.setdefault(normalise(base.values.get("match", "")), stage)
    for stage in stages:  # the stage as it is now wins over what it was imported as
        by_key[normalise(stage.code or stage.title)] = stage
    pairings: dict[str, Pairing] = {}
    for stage_plan in plan.stages:
        key = normalise(stage_plan.code or stage_plan.title)
        if key in pairings:
            pairings[key].more_plans.append(stage_plan)
            continue
        stage = by_key.get(key)
        pairings[key] = Pairing(
            kind="stage",
            plan=stage_plan,
            item=stage,
            document=stage_document(stage_plan),
            base=bases.get(("stage", stage.pk)) if stage else None,
        )
    return list(pairings.values())


def _pair_actions(plan: Plan, programme, existing: list[Action], bases: dict) -> list[Pairing]:
    """Pair each planned action with a stored one (by ref, else the next unpaired equal title)."""
    by_ref: dict[str, Action] = {}
    by_title: dict[str, list[Action]] = {}
    for action in existing:
        base = bases.get(("action", action.pk))
        if base is not None and base.values.get("ref"):
            by_ref.setdefault(normalise(base.values["ref"]), action)
    for action in existing:
        if action.ref:
            by_ref[normalise(action.ref)] = action
        titles = {normalise(action.title)}
        base = bases.get(("action", action.pk))
        if base is not None and base.values.get("title"):
            titles.add(normalise(base.values["title"]))
        for title in titles:
            by_title.setdefault(title, []).append(action)
    paired: set[int] = set()
    pairings = []
    for action_plan in plan.actions:
        title_key = normalise(action_plan.title)
        action = by_ref.get(normalise(action_plan.ref)) if action_plan.ref else None
        if action is None or action.pk in paired:
            action = next((a for a in by_title.get(title_key, []) if a.pk not in paired), None)
        if action is not None:
            paired.add(action.pk)
        pairings.append(
            Pairing(
                kind="action",
                plan=action_plan,
                item=action,
                document=action_document(action_plan),
                base=bases.get(("action", action.pk)) if action else None,
            )
        )
    return pairings


# --- Values -----------------------------------------------------------------------------------


def stage_document(stage_plan: StagePlan) -> dict[str, Any]:
    """What the document says about a stage, in the form a base keeps."""
    values = {
        "match": stage_plan.code or stage_plan.title,
        "code": stage_plan.code or "",
        "timescale": stage_plan.due.text if stage_plan.due else "",
    }
    if stage_plan.title:
        values["title"] = stage_plan.title
    return values


def action_document(action_plan: ActionPlan) -> dict[str, Any]:
    """What the document says about an action, in the form a base keeps.

    The status is the document's only when it reports progress (see ``_claim_status``).
    """
    return {
        "ref": action_plan.ref or "",
        "title": action_plan.title,
        "section": (action_plan.section or "")[:500],
        "rag": action_plan.rag or "",
        "timescale": action_plan.timescale.text if action_plan.timescale else "",
        "owners": [owner.name for owner in action_plan.owners],
        "status": str(action_plan.status),
    }


def _stage_current(stage: Stage) -> dict[str, Any]:
    return {"code": stage.code, "title": stage.title, "timescale": stage.timescale_text}


def _action_current(action: Action, owners: list[ActionOwner]) -> dict[str, Any]:
    return {
        "title": action.title,
        "section": action.section,
        "rag": action.rag,
        "timescale": action.timescale_text,
        "status": action.status,
        "owners": [owner.name for owner in sorted(owners, key=lambda o: (o.order, o.pk))],
    }


def _comparable(name: str, value):
    if name == "owners" and value is not None:
        return [normalise(owner) for owner in value]
    return value


def _claim_status(pairing: Pairing, plan: Plan, latest: dict[int, date]) -> None:
    """The document speaks for the status only with progress no older than what is recorded."""
    action_plan: ActionPlan = pairing.plan
    previous = latest.get(pairing.item.pk)
    as_of = plan.as_of
    is_newer = previous is None or (as_of is not None and as_of.end and as_of.end >= previous)
    if not (action_plan.progress and is_newer):
        pairing.document.pop("status")


def _merge(pairing: Pairing, current: dict[str, Any], fields: tuple[str, ...]) -> None:
    base = pairing.base.values if pairing.base is not None else None
    for name in fields:
        if name not in pairing.document:
            continue  # the document says nothing about it
        document = pairing.document[name]
        base_value = base.get(name) if base is not None else None
        outcome = merge_field(
            base=_comparable(name, base_value),
            current=_comparable(name, current[name]),
            document=_comparable(name, document),
            has_base=base is not None and name in base,
        )
        if outcome == Outcome.UNCHANGED:
            continue
        difference = Difference(
            kind=pairing.kind,
            item_id=pairing.item.pk,
            item=pairing.label,
            field=name,
            base=base_value,
            current=current[name],
            document=document,
            line=pairing.plan.line,
            is_conflict=outcome == Outcome.CONFLICT,
        )
        if outcome == Outcome.TAKE:
            pairing.takes.append(name)
            pairing.changes.append(difference)
        else:
            pairing.conflicts.append(difference)
    if "timescale" in pairing.document and pairing.document["timescale"] == current["timescale"]:
        planned = pairing.plan.due if pairing.kind == "stage" else pairing.plan.timescale
        if planned is not None and _window(planned) != _stored_window(pairing.item):
            pairing.refresh = True


def _window(timescale) -> tuple:
    return (timescale.start, timescale.end, str(timescale.precision))


def _stored_window(item) -> tuple:
    return (item.timescale_start, item.timescale_end, item.timescale_precision)


# --- What is recorded already -----------------------------------------------------------------


def _recorded_progress(programme: Programme, actions: list[Pairing]):
    """Progress already recorded (to add none twice) and each action's latest as-of date."""
    recorded: set[tuple[int, str, str]] = set()
    latest: dict[int, date] = {}
    if not any(p.item is not None and p.plan.progress for p in actions):
        return recorded, latest
    rows = ProgressUpdate.objects.filter(action__programme=programme).values_list(
        "action_id", "as_of_text", "text", "as_of_end"
    )
    for action_id, as_of_text, text, as_of_end in rows:
        recorded.add((action_id, normalise(as_of_text), normalise(text)))
        if as_of_end and (action_id not in latest or as_of_end > latest[action_id]):
            latest[action_id] = as_of_end
    return recorded, latest


def _latest_effective(programme: Programme) -> dict[tuple[str, int], date]:
    """Each stage's and action's latest effective history date: a new version is no earlier."""
    latest: dict[tuple[str, int], date] = {}
    for kind, model in (("stage", Stage), ("action", Action)):
        rows = (
            model.history.filter(programme_id=programme.pk, history_effective__isnull=False)
            .values("id")
            .annotate(latest=Max("history_effective"))
            .values_list("id", "latest")
        )
        latest.update({(kind, pk): day for pk, day in rows})
    return latest
