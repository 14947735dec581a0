"""Reusable reads of programme data: who may see what, and lists in a fixed number of queries."""

from datetime import date

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpRequest

from commissioning.core import access
from commissioning.partnership.models import Organisation
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


def latest_progress() -> QuerySet[ProgressUpdate]:
    """The progress updates of the outer action, latest reporting period first."""
    return ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by(
        F("as_of_end").desc(nulls_last=True), "-created_at", "-pk"
    )


def with_latest_progress(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Annotate each action with its latest progress text and the period it was "as of"."""
    return actions.annotate(
        latest_progress_text=Subquery(latest_progress().values("text")[:1]),
        latest_progress_as_of=Subquery(latest_progress().values("as_of_text")[:1]),
    )


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


def in_stable_order(actions: QuerySet[Action]) -> QuerySet[Action]:
    """The same ordering with undated actions last and plan order breaking ties.

    Pages must not shift between requests, so equal sort keys fall back to the plan order.
    """
    ordering = actions.query.order_by or Action._meta.ordering
    return actions.order_by(*(_nulls_last(term) for term in ordering), "order", "pk")


def owner_names(programme: Programme) -> list[str]:
    """The distinct owner names, as written, of the programme's actions not archived."""
    names = (
        ActionOwner.objects.filter(action__programme=programme, action__archived_at__isnull=True)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return list(names)


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
