"""A programme rebuilt as it stood on a reporting date, from its history and progress updates.

Two clocks: ``history_date`` says when a version was recorded, ``history_effective`` the
reporting date it describes (a plan as of March 2008 imported today is effective 31 March
2008; empty means an undated document, as it described things). The version of an item on
a date is its latest version effective on or before it, else its first version. See the RAG
rules ADR for the rules and why. An item archived on or before the date (as its version of
that date says) was not there: it is left out, and so are the deliverables of a stage left out.

The number of queries is the same whatever the size of the programme: SQL picks the one
version and the one progress update each item needs, and only those rows are read.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from commissioning.domain import rag
from commissioning.domain.timescales import Precision, Timescale
from commissioning.programmes.cache import cached
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    ProgressUpdate,
    Stage,
)
from commissioning.reports.compare import changes_between
from commissioning.reports.report import ProgressAsOf, Report, ReportItem


def rules_for(programme: Programme) -> rag.RagRules:
    """The programme's RAG rules."""
    return rag.RagRules(scale=programme.rag_scale, warning_days=programme.warning_days)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier if negative), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def build_report(*, programme: Programme, as_of: date, compare: date | None = None) -> Report:
    """The programme as it stood on ``as_of``; with ``compare``, what changed since then.

    Kept (``programmes.cache``) until anything behind the report changes.
    """
    return cached(
        programme,
        ("build_report", as_of, compare),
        lambda: _build_report(programme=programme, as_of=as_of, compare=compare),
    )


def _build_report(*, programme: Programme, as_of: date, compare: date | None) -> Report:
    later = _snapshot(programme, as_of)
    report = later.report
    if compare is not None:
        earlier = _snapshot(programme, compare)
        report.changes = changes_between(
            earlier=earlier.report,
            later=report,
            earlier_unrecorded=earlier.unrecorded,
            later_unrecorded=later.unrecorded,
        )
        report.period_start = compare
    return report


def status_over_time(*, programme: Programme, dates: list[date]) -> list[dict[str, int]]:
    """For each date, how many actions and deliverables stood at each status then.

    Two grouped queries a date; no rows are read into memory. Kept like ``build_report``.
    """
    return cached(
        programme,
        ("status_over_time", tuple(dates)),
        lambda: _status_over_time(programme=programme, dates=dates),
    )


def _status_over_time(*, programme: Programme, dates: list[date]) -> list[dict[str, int]]:
    result = []
    for day in dates:
        counts: dict[str, int] = {}
        for queryset, field in (
            (Action.objects.filter(programme=programme), "action"),
            (Deliverable.objects.filter(stage__programme=programme), "deliverable"),
        ):
            rows = (
                queryset.annotate(archived_then=_archived_then(queryset.model, day))
                .filter(Q(archived_then__isnull=True) | Q(archived_then__date__gt=day))
                .annotate(
                    status_then=Coalesce(
                        Subquery(_progress_as_of(field, day).values("status")[:1]),
                        Subquery(_dated_version(queryset.model, day).values("status")[:1]),
                        Value(rag.NOT_STARTED),
                    )
                )
                .order_by()
                .values("status_then")
                .annotate(n=Count("pk"))
            )
            for row in rows:
                counts[row["status_then"]] = counts.get(row["status_then"], 0) + row["n"]
        result.append(counts)
    return result


# --- One date -----------------------------------------------------------------------------


@dataclass
class Snapshot:
    """A report, and the items not yet recorded on its date (shown as first recorded)."""

    report: Report
    unrecorded: frozenset[tuple[str, int]]


def _snapshot(programme: Programme, as_of: date) -> Snapshot:
    rules = rules_for(programme)
    stages = _versions(Stage, Stage.objects.filter(programme=programme), as_of)
    deliverables = _versions(
        Deliverable, Deliverable.objects.filter(stage__programme=programme), as_of
    )
    actions = _versions(Action, Action.objects.filter(programme=programme), as_of)
    stages, deliverables, actions = (
        [row for row in rows if not _archived(row, as_of)]
        for rows in (stages, deliverables, actions)
    )
    unrecorded_actions = {row.id for row in actions if _unrecorded(row, as_of)}
    owners = _owner_names(programme, as_of, unrecorded_actions)
    progress = _progress(programme, as_of)

    stage_items = {row.id: _stage_item(row) for row in stages}
    ordered_stages = sorted(
        stages, key=lambda row: (row.timescale_end is None, row.timescale_end, row.order, row.id)
    )
    by_stage: dict[int, list] = {}
    for row in deliverables:
        item = _deliverable_item(row, stage_items.get(row.stage_id), progress, as_of, rules)
        by_stage.setdefault(row.stage_id, []).append((row, item))
    stage_list = [
        _with_stage_rag(stage_items[row.id], row, by_stage.get(row.id, []), as_of, rules)
        for row in ordered_stages
    ]
    deliverable_list = [
        item for row in ordered_stages for item in _in_plan_order(by_stage.get(row.id, []))
    ]
    action_list = [
        _action_item(row, owners.get(row.id, ()), progress.get(("action", row.id)), as_of, rules)
        for row in sorted(actions, key=lambda row: (row.order, row.id))
    ]
    months = programme.reporting_period_months
    report = Report(
        programme=programme.name,
        slug=programme.slug,
        as_of=as_of,
        period_start=add_months(as_of, -months),
        next_period_end=add_months(as_of, months),
        progress_heading=f"Progress to Date – {as_of:%B %Y}",
        stages=stage_list,
        deliverables=deliverable_list,
        actions=action_list,
        overall_rag=rag.overall_rag(item.rag for item in [*stage_list, *action_list]),
        rules=rules.name,
    )
    unrecorded = {
        (kind, row.id)
        for kind, rows in (("stage", stages), ("deliverable", deliverables), ("action", actions))
        for row in rows
        if _unrecorded(row, as_of)
    }
    return Snapshot(report, frozenset(unrecorded))


# --- Choosing versions and progress in SQL -------------------------------------------------


def _qualifies(as_of: date) -> Q:
    return Q(history_effective__lte=as_of) | Q(history_effective__isnull=True)


def _version_as_of(history, as_of: date, outer: str = "pk") -> QuerySet:
    """The latest version effective on or before ``as_of`` (undated ones count earliest)."""
    return (
        history.objects.filter(_qualifies(as_of), id=OuterRef(outer))
        .order_by(F("history_effective").desc(nulls_last=True), "-history_id")
        .values("history_id")[:1]
    )


def _first_version(history, outer: str = "pk") -> QuerySet:
    return (
        history.objects.filter(id=OuterRef(outer))
        .order_by(F("history_effective").asc(nulls_first=True), "history_id")
        .values("history_id")[:1]
    )


def _dated_version(model, as_of: date) -> QuerySet:
    """The latest version with a reporting date on or before ``as_of``."""
    return model.history.model.objects.filter(
        id=OuterRef("pk"), history_effective__lte=as_of
    ).order_by("-history_effective", "-history_id")


def _versions(model, current: QuerySet, as_of: date) -> list:
    """Each current item's version on ``as_of``: one query, plus one for items without history.

    Items written without history (bulk loads) are taken as they are now.
    """
    history = model.history.model
    picks = current.annotate(
        version=Coalesce(
            Subquery(_version_as_of(history, as_of)), Subquery(_first_version(history))
        )
    ).values("version")
    rows = list(_rows(history.objects.filter(history_id__in=picks)))
    rows += current.exclude(Exists(history.objects.filter(id=OuterRef("pk"))))
    return rows


def _rows(history_rows: QuerySet):
    """Historical rows as named tuples: the fields read by attribute, without model instances.

    Building tens of thousands of model instances costs more than the query itself.
    """
    names = [field.attname for field in history_rows.model._meta.concrete_fields]
    return history_rows.values_list(*names, named=True)


def _archived(row, as_of: date) -> bool:
    """Archived on or before ``as_of`` (in the version of that date): not there then."""
    archived_at = getattr(row, "archived_at", None)
    return archived_at is not None and timezone.localdate(archived_at) <= as_of


def _archived_then(model, as_of: date) -> Coalesce:
    """When the item's version on ``as_of`` says it was archived (else when it is now)."""
    history = model.history.model
    version = (
        history.objects.filter(_qualifies(as_of), id=OuterRef("pk"))
        .order_by(F("history_effective").desc(nulls_last=True), "-history_id")
        .values("archived_at")[:1]
    )
    return Coalesce(Subquery(version), F("archived_at"))


def _unrecorded(row, as_of: date) -> bool:
    effective = getattr(row, "history_effective", None)
    return effective is not None and effective > as_of


def _owner_names(programme: Programme, as_of: date, unrecorded_actions: set[int]) -> dict:
    """Each action's owner names on ``as_of``, in order; two queries.

    An action not yet recorded on ``as_of`` is shown as first recorded, with its first owners.
    """
    history = ActionOwner.history.model
    actions = Action.objects.filter(programme=programme).values("pk")
    picks = (
        history.objects.filter(action_id__in=actions, history_type="+")
        .annotate(
            version=Coalesce(
                Subquery(_version_as_of(history, as_of, "id")),
                Subquery(_first_version(history, "id")),
            )
        )
        .values("version")
    )
    rows = [
        row
        for row in _rows(history.objects.filter(history_id__in=picks).exclude(history_type="-"))
        if (row.action_id in unrecorded_actions) == _unrecorded(row, as_of)
    ]
    first: dict[int, date] = {}
    for row in rows:
        if row.action_id in unrecorded_actions:
            first[row.action_id] = min(
                first.get(row.action_id, row.history_effective), row.history_effective
            )
    rows = [
        row
        for row in rows
        if row.action_id not in first or row.history_effective == first[row.action_id]
    ]
    rows += ActionOwner.objects.filter(action__programme=programme).exclude(
        Exists(history.objects.filter(id=OuterRef("pk")))
    )
    names: dict[int, list[str]] = {}
    for row in sorted(rows, key=lambda row: (row.action_id, row.order, row.id)):
        names.setdefault(row.action_id, []).append(row.name)
    return {action_id: tuple(found) for action_id, found in names.items()}


def _progress_as_of(field: str, as_of: date) -> QuerySet:
    """An item's progress updates reported on or before ``as_of``, latest first."""
    return (
        ProgressUpdate.objects.filter(**{field: OuterRef("pk")})
        .annotate(reported=Coalesce("as_of_end", TruncDate("created_at")))
        .filter(reported__lte=as_of)
        .order_by("-reported", "-created_at", "-id")
    )


def _progress(programme: Programme, as_of: date) -> dict[tuple[str, int], ProgressUpdate]:
    """The latest progress update on or before ``as_of`` of each action and deliverable."""
    latest_for_actions = Action.objects.filter(programme=programme).values(
        latest=Subquery(_progress_as_of("action", as_of).values("id")[:1])
    )
    latest_for_deliverables = Deliverable.objects.filter(stage__programme=programme).values(
        latest=Subquery(_progress_as_of("deliverable", as_of).values("id")[:1])
    )
    updates = ProgressUpdate.objects.filter(
        Q(id__in=latest_for_actions) | Q(id__in=latest_for_deliverables)
    )
    return {
        ("action", u.action_id) if u.action_id else ("deliverable", u.deliverable_id): u
        for u in updates
    }


# --- Making report items -------------------------------------------------------------------


def _timescale(row) -> Timescale | None:
    if not row.timescale_text:
        return None
    return Timescale(
        text=row.timescale_text,
        start=row.timescale_start,
        end=row.timescale_end,
        precision=Precision(row.timescale_precision),
    )


def _status(row, update: ProgressUpdate | None, as_of: date) -> tuple[str, bool]:
    """Where an item stood: its latest progress, unless a later dated edit set the status.

    A status confirmed or changed by a person after the update (a dated version recorded
    later) wins; an item with neither stood not started.
    """
    effective = getattr(row, "history_effective", None)
    dated = effective is not None and effective <= as_of
    if update is not None and not (dated and row.history_date > update.created_at):
        return update.status, update.status_suggested
    if dated:
        return row.status, row.status_suggested
    return rag.NOT_STARTED, False


def _progress_item(update: ProgressUpdate | None) -> ProgressAsOf | None:
    if update is None:
        return None
    written = update.as_of_text or f"{update.created_at:%-d %B %Y}"
    return ProgressAsOf(as_of=written, as_of_end=update.as_of_end, text=update.text)


def _stage_item(row) -> ReportItem:
    return ReportItem(
        kind="stage",
        id=row.id,
        ref=row.code or None,
        title=row.title,
        due=_timescale(row),
        status=rag.NOT_STARTED,
        status_suggested=False,
        rag=None,
    )


def _deliverable_item(row, stage: ReportItem | None, progress: dict, as_of, rules) -> ReportItem:
    """A deliverable is due when its stage is."""
    update = progress.get(("deliverable", row.id))
    status, suggested = _status(row, update, as_of)
    due = stage.due if stage else None
    return ReportItem(
        kind="deliverable",
        id=row.id,
        ref=None,
        title=row.text,
        due=due,
        status=status,
        status_suggested=suggested,
        rag=rag.rag_for(status=status, due=due.end if due else None, as_of=as_of, rules=rules),
        progress=_progress_item(update),
        stage=(stage.ref or stage.title) if stage else None,
        scope=row.scope,
        parent_id=row.parent_id,
    )


def _with_stage_rag(item: ReportItem, row, deliverables: list, as_of: date, rules) -> ReportItem:
    """The stage with its status and RAG from its own due date and its deliverables."""
    statuses = [deliverable.status for _, deliverable in deliverables]
    return replace(
        item,
        status=rag.stage_status(statuses),
        rag=rag.stage_rag(
            due=row.timescale_end,
            deliverable_statuses=statuses,
            deliverable_rags=[deliverable.rag for _, deliverable in deliverables],
            as_of=as_of,
            rules=rules,
        ),
    )


def _action_item(row, owners: Iterable[str], update, as_of: date, rules) -> ReportItem:
    status, suggested = _status(row, update, as_of)
    return ReportItem(
        kind="action",
        id=row.id,
        ref=row.ref or None,
        title=row.title,
        due=_timescale(row),
        status=status,
        status_suggested=suggested,
        rag=rag.rag_for(status=status, due=row.timescale_end, as_of=as_of, rules=rules),
        owners=tuple(owners),
        progress=_progress_item(update),
        section=row.section or None,
    )


def _in_plan_order(pairs: list) -> list[ReportItem]:
    """A stage's deliverables by scope, then order, each followed by its own children."""
    pairs = sorted(pairs, key=lambda pair: (pair[0].scope, pair[0].order, pair[0].id))
    ids = {row.id for row, _ in pairs}
    children: dict[int | None, list] = {}
    for row, item in pairs:
        parent = row.parent_id if row.parent_id in ids else None
        children.setdefault(parent, []).append((row, item))
    ordered: list[ReportItem] = []

    def visit(parent: int | None) -> None:
        for row, item in children.get(parent, []):
            ordered.append(item)
            visit(row.id)

    visit(None)
    return ordered
