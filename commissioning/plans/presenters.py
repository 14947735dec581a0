"""Turn an import's plan and run into what the import pages show; templates hold no logic."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from commissioning.domain.plan import ActionPlan, DeliverablePlan, OwnerKind, Plan, PlanWarning
from commissioning.domain.timescales import Precision, Timescale
from commissioning.plans.forms import conflict_field_name
from commissioning.plans.merge import FIELD_LABELS, KEEP, TAKE
from commissioning.programmes.models import ImportRun, StatusChoices
from commissioning.programmes.presenters import STATUS_TAG_COLOURS

COUNT_LABELS = {
    "stages_created": "Stages created",
    "stages_updated": "Stages updated",
    "deliverables_created": "Deliverables created",
    "actions_created": "Actions created",
    "actions_updated": "Actions updated",
    "owners_created": "Owners recorded",
    "owners_replaced": "Actions whose owners changed",
    "people_created": "People added to the directory",
    "teams_created": "Teams added to the directory",
    "organisations_created": "Organisations added to the directory",
    "progress_updates_created": "Progress updates recorded",
    "conflicts_kept": "Conflicts: kept the value here",
    "conflicts_taken": "Conflicts: took the document's value",
    "conflicts_open": "Conflicts left for a person to decide (the value here was kept)",
}


def long_date(day: date) -> str:
    """A date as GOV.UK writes it: 31 March 2008."""
    return f"{day.day} {day:%B %Y}"


def date_range(start: date | None, end: date) -> str:
    """A window as people read it: "1 to 30 April 2008", "1 April to 30 June 2008"."""
    if start is None or start == end:
        return long_date(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"


def timescale_window(timescale: Timescale | None) -> str:
    """The window a timescale was read as, in words; "could not be read" when unparsed."""
    if timescale is None:
        return ""
    if timescale.precision == Precision.UNPARSED:
        return "could not be read"
    if timescale.end is None:
        return "no fixed date"
    return date_range(timescale.start, timescale.end)


def _warning_text(warning: PlanWarning) -> str:
    """The message without a leading "line 4" that repeats the warning's own line."""
    text = re.sub(rf"^(?:line|row)\s+{warning.line}\b[\s,:]*", "", warning.message, flags=re.I)
    return text[:1].upper() + text[1:] if text else warning.message


@dataclass
class WarningRow:
    line: int
    message: str


@dataclass
class OwnerRow:
    name: str
    kind: str
    needs_review: bool


@dataclass
class ActionRow:
    line: int
    title: str
    timescale: str
    window: str
    owners: list[OwnerRow]
    progress: str
    status: str
    status_tag_class: str
    status_suggested: bool
    warnings: list[str]


@dataclass
class DeliverableRow:
    text: str
    scope: str
    line: int
    children: list[DeliverableRow] = field(default_factory=list)


@dataclass
class StageRow:
    heading: str
    timescale: str
    window: str
    deliverables: list[DeliverableRow]


@dataclass
class PlanPreview:
    """A dry run as the preview page shows it."""

    title: str
    as_of: str
    programme_name: str
    programme_is_new: bool
    counts: list[tuple[str, int]]
    warnings: list[WarningRow]
    stages: list[StageRow]
    actions: list[ActionRow]
    unresolved_names: list[str]


def needs_review(owner) -> bool:
    return owner.kind == OwnerKind.UNKNOWN or not owner.resolved


def unresolved_owner_names(plan: Plan) -> list[str]:
    """Each owner name a person must look at, once, in the order the plan names them."""
    names: dict[str, None] = {}
    for action in plan.actions:
        for owner in action.owners:
            if needs_review(owner):
                names.setdefault(owner.name, None)
    return list(names)


def plan_preview(plan: Plan, *, programme_name: str, programme_is_new: bool) -> PlanPreview:
    """What the preview page shows for a dry run of ``plan``."""
    warnings = [WarningRow(w.line, _warning_text(w)) for w in plan.warnings]
    by_line: dict[int, list[str]] = {}
    for row in warnings:
        by_line.setdefault(row.line, []).append(row.message)
    stages = [
        StageRow(
            heading=" ".join(part for part in (stage.code, stage.title) if part),
            timescale=stage.due.text if stage.due else "",
            window=timescale_window(stage.due),
            deliverables=[_deliverable_row(d) for d in stage.deliverables],
        )
        for stage in plan.stages
    ]
    unresolved = unresolved_owner_names(plan)
    return PlanPreview(
        title=plan.title or "",
        as_of=plan.as_of.text if plan.as_of else "",
        programme_name=programme_name,
        programme_is_new=programme_is_new,
        counts=[
            ("Stages", len(plan.stages)),
            ("Deliverables", sum(_count(d) for s in plan.stages for d in s.deliverables)),
            ("Actions", len(plan.actions)),
            ("Owners to check", len(unresolved)),
            ("Warnings", len(plan.warnings)),
        ],
        warnings=warnings,
        stages=stages,
        actions=[_action_row(a, by_line.get(a.line, [])) for a in plan.actions],
        unresolved_names=unresolved,
    )


def _count(deliverable: DeliverablePlan) -> int:
    return 1 + sum(_count(child) for child in deliverable.children)


def _deliverable_row(deliverable: DeliverablePlan) -> DeliverableRow:
    return DeliverableRow(
        text=deliverable.text,
        scope=str(deliverable.scope).capitalize(),
        line=deliverable.line,
        children=[_deliverable_row(child) for child in deliverable.children],
    )


def _action_row(action: ActionPlan, warnings: list[str]) -> ActionRow:
    status = str(action.status)
    return ActionRow(
        line=action.line,
        title=action.title,
        timescale=action.timescale.text if action.timescale else "",
        window=timescale_window(action.timescale),
        owners=[OwnerRow(o.name, str(o.kind), needs_review(o)) for o in action.owners],
        progress=action.progress or "",
        status=StatusChoices(status).label,
        status_tag_class=STATUS_TAG_COLOURS[status],
        status_suggested=action.status_suggested,
        warnings=warnings,
    )


@dataclass
class RunSummary:
    """An import run as the result page shows it."""

    who: str
    when: str
    counts: list[tuple[str, int]]
    warnings: list[WarningRow]
    conflicts: list[ConflictOutcome] = field(default_factory=list)


@dataclass
class ConflictOutcome:
    """A conflict an import met, and what became of it."""

    line: int
    item: str
    field: str
    current: str
    document: str
    outcome: str


def _conflict_outcome(recorded: dict) -> ConflictOutcome:
    name = recorded.get("field", "")
    if recorded.get("resolution") == TAKE:
        outcome = "Took the document's value"
    elif recorded.get("chosen"):
        outcome = "Kept the value here"
    else:
        outcome = "Kept the value here: nobody chose, so the next import asks again"
    return ConflictOutcome(
        line=recorded.get("line", 0),
        item=recorded.get("item", ""),
        field=FIELD_LABELS.get(name, name).capitalize(),
        current=shown_value(name, recorded.get("current")),
        document=shown_value(name, recorded.get("document")),
        outcome=outcome,
    )


def run_summary(run: ImportRun) -> RunSummary:
    """Human labels for an import run's counts, warnings, author and time."""
    created = timezone.localtime(run.created_at)
    who = (run.user.get_full_name() or run.user.get_username()) if run.user else "Unknown"
    warnings = [
        WarningRow(w.get("line", 0), _warning_text(PlanWarning(w.get("line", 0), w["message"])))
        for w in run.warnings
    ]
    return RunSummary(
        who=who,
        when=f"{long_date(created)} at {created:%H:%M}",
        counts=[
            (COUNT_LABELS.get(key, key.replace("_", " ").capitalize()), value)
            for key, value in run.counts.items()
            if value
        ],
        warnings=warnings,
        conflicts=[_conflict_outcome(recorded) for recorded in run.conflicts],
    )


# --- What a re-import changes, and its conflicts ------------------------------------------------


@dataclass
class ChangeRow:
    line: int
    item: str
    field: str
    old: str
    new: str


@dataclass
class ConflictRow:
    """One conflict as the preview shows it, with its pair of radios."""

    name: str
    legend: str
    line: int
    base: str
    current: str
    document: str
    chosen: str
    errors: list[str]
    keep_value: str = KEEP
    take_value: str = TAKE


@dataclass
class MergePreview:
    """What a re-import would do to what the programme holds."""

    changes: list[ChangeRow]
    conflicts: list[ConflictRow]
    new_stages: int
    new_actions: int


def shown_value(field_name: str, value) -> str:
    """A merged value as people read it: owners listed, statuses by label."""
    if value is None:
        return "Not recorded"
    if isinstance(value, list):
        return ", ".join(value) or "None"
    if field_name == "status" and value in StatusChoices.values:
        return StatusChoices(value).label
    return value or "(blank)"


def merge_preview(result, form) -> MergePreview:
    """The changes and conflicts of a dry run, in the order of the document."""
    changes = [
        ChangeRow(
            line=change.line,
            item=change.item,
            field=change.field_label.capitalize(),
            old=shown_value(change.field, change.current),
            new=shown_value(change.field, change.document),
        )
        for change in sorted(result.changes, key=lambda c: c.line)
    ]
    conflicts = []
    for conflict in sorted(result.conflicts, key=lambda c: c.line):
        bound = form[conflict_field_name(conflict)]
        conflicts.append(
            ConflictRow(
                name=bound.html_name,
                legend=f"{conflict.item}: {conflict.field_label}",
                line=conflict.line,
                base=shown_value(conflict.field, conflict.base),
                current=shown_value(conflict.field, conflict.current),
                document=shown_value(conflict.field, conflict.document),
                chosen=str(bound.value() or ""),
                errors=list(bound.errors),
            )
        )
    return MergePreview(changes, conflicts, result.new_stages, result.new_actions)
