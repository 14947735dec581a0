"""Reusable reads of programme data: who may see what, and lists in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import HttpRequest

from commissioning.access import rules as access
from commissioning.partnership.models import Organisation
from commissioning.programmes.cache import cached
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    ProgressUpdate,
    Stage,
)


def visible_programmes(user) -> QuerySet[Programme]:
    """The programmes ``user`` may see: the rule is ``access.visible_programmes``."""
    return access.visible_programmes(user)


def programme_for(request: HttpRequest, slug: str) -> Programme:
    """The programme at ``slug`` if the signed-in user may see it, else 404."""
    return access.programme_for(request.user, slug)


def programme_summaries(user, *, today: date) -> QuerySet[Programme]:
    """The programmes ``user`` may see, not archived, with action counts by status and next
    stage date."""
    programmes = visible_programmes(user).not_archived()
    return programmes.with_summary(today).select_related("lead_organisation")


def stages_in_date_order(programme: Programme) -> QuerySet[Stage]:
    """The programme's stages, not archived, by due date (undated last), then plan order."""
    return programme.stages.filter(archived_at__isnull=True).order_by(
        F("timescale_end").asc(nulls_last=True), "order", "pk"
    )


def deliverables_of(programme: Programme) -> QuerySet[Deliverable]:
    """Every deliverable of every stage of the programme, in one query; archived ones (or in
    an archived stage) are left out."""
    return Deliverable.objects.filter(
        stage__programme=programme, archived_at__isnull=True, stage__archived_at__isnull=True
    ).order_by("stage", "scope", "order", "pk")


# Latest reporting period first; of two for the same period, the one written last.
PROGRESS_ORDER = (F("as_of_end").desc(nulls_last=True), "-created_at", "-id")


def with_latest_progress(items: QuerySet) -> QuerySet:
    """Actions or deliverables, each read with its latest progress update.

    A sliced prefetch: one query for the rows actually evaluated (a page, or a chunk of
    ``.iterator(chunk_size=...)``) that reads only those rows' updates. A correlated
    subquery in the list's own query would be run for every row the database sorts, before
    the page is cut: all 20,000 actions of a large plan for a page of 100.
    """
    latest = ProgressUpdate.objects.order_by(*PROGRESS_ORDER)[:1]
    return items.prefetch_related(Prefetch("updates", queryset=latest, to_attr="latest_updates"))


def latest_update(item) -> ProgressUpdate | None:
    """The update ``with_latest_progress`` read for ``item``, or None when it has none."""
    updates = item.latest_updates
    return updates[0] if updates else None


def actions_for_list(programme: Programme) -> QuerySet[Action]:
    """The programme's actions, not archived, with latest progress; owners are fetched for
    the rows read.

    The owners are a prefetch, so they cost one query for the rows actually evaluated
    (one page, or one chunk of ``.iterator(chunk_size=...)``), whatever the number of actions.
    """
    owners = Prefetch("owners", queryset=ActionOwner.objects.order_by("order", "pk"))
    actions = programme.actions.filter(archived_at__isnull=True)
    return with_latest_progress(actions).prefetch_related(owners)


def _nulls_last(term):
    if isinstance(term, str) and term.lstrip("-") == "timescale_end":
        due = F("timescale_end")
        return due.desc(nulls_last=True) if term.startswith("-") else due.asc(nulls_last=True)
    return term


@dataclass(frozen=True)
class ExportedAction:
    """An action as the CSV export writes it: plain values, no model instance."""

    ref: str
    title: str
    timescale_text: str
    due: date | None
    status: str
    status_suggested: bool
    owners: list[str]
    progress: str
    progress_as_of: str


EXPORT_FIELDS = (
    "pk",
    "ref",
    "title",
    "timescale_text",
    "timescale_end",
    "status",
    "status_suggested",
)


def exported_actions(actions: QuerySet[Action], *, chunk_size: int) -> Iterator[ExportedAction]:
    """``actions`` (filtered and ordered as the caller chose) as plain values, read in chunks.

    Per chunk of ``chunk_size`` actions: one query for the actions, one for their owners and
    one for their progress updates, each returning tuples, so memory stays that of one chunk
    and no model instance is built for a row that is only written out.
    """
    rows = actions.prefetch_related(None).values_list(*EXPORT_FIELDS)
    read = rows.iterator(chunk_size=chunk_size)
    while chunk := list(islice(read, chunk_size)):
        ids = [row[0] for row in chunk]
        owners: dict[int, list[str]] = defaultdict(list)
        for action_id, name in (
            ActionOwner.objects.filter(action_id__in=ids)
            .order_by("action_id", "order", "pk")
            .values_list("action_id", "name")
        ):
            owners[action_id].append(name)
        latest: dict[int, tuple[str, str]] = {}
        for action_id, text, as_of in (
            ProgressUpdate.objects.filter(action_id__in=ids)
            .order_by("action_id", *PROGRESS_ORDER)
            .values_list("action_id", "text", "as_of_text")
        ):
            latest.setdefault(action_id, (text, as_of))
        for pk, ref, title, timescale_text, due, status, suggested in chunk:
            progress, as_of = latest.get(pk, ("", ""))
            yield ExportedAction(
                ref, title, timescale_text, due, status, suggested, owners[pk], progress, as_of
            )


def in_stable_order(actions: QuerySet[Action]) -> QuerySet[Action]:
    """The same ordering with undated actions last and plan order breaking ties.

    Pages must not shift between requests, so equal sort keys fall back to the plan order.
    """
    ordering = actions.query.order_by or Action._meta.ordering
    return actions.order_by(*(_nulls_last(term) for term in ordering), "order", "pk")


def owner_names(programme: Programme) -> list[str]:
    """The distinct owner names, as written, of the programme's actions not archived.

    Reading them scans every owner of the programme, so the list is kept (``cache``)
    until the programme's data changes: the action list's filter asks on every page.
    """

    def read() -> list[str]:
        names = ActionOwner.objects.filter(
            action__programme=programme, action__archived_at__isnull=True
        )
        return list(names.order_by("name").values_list("name", flat=True).distinct())

    return cached(programme, ("owner names",), read)


def organisations_of(programme: Programme) -> QuerySet[Organisation]:
    """The lead, the partners and every organisation owning (or employing an owner of) an action
    not archived."""
    owners = ActionOwner.objects.filter(
        action__programme=programme, action__archived_at__isnull=True
    )
    return (
        Organisation.objects.filter(
            Q(pk=programme.lead_organisation_id)
            | Q(partner_programmes=programme)
            | Q(pk__in=owners.values("organisation"))
            | Q(pk__in=owners.values("person__organisation"))
            | Q(pk__in=owners.values("team__organisation"))
        )
        .distinct()
        .order_by("name")
    )
