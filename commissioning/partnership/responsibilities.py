"""Which actions each organisation, person and team is responsible for.

An organisation is responsible for the actions it owns itself and those owned by its people
and its teams. Counts are subqueries, so a directory of any size takes the same queries.
Each function counts or lists only the actions of ``programmes`` when given (the programmes
the reader can see), else every action; archived actions are left out.
"""

from __future__ import annotations

from django.db.models import F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from commissioning.partnership.models import Organisation, Person, Team
from commissioning.programmes.models import Action, ActionOwner


class _CountDistinct(Func):
    """COUNT(DISTINCT …) without a GROUP BY, for a one-row subquery."""

    template = "COUNT(DISTINCT %(expressions)s)"
    output_field = IntegerField()


def _owned_count(condition: Q, programmes: QuerySet | None = None) -> Coalesce:
    owners = ActionOwner.objects.filter(condition, action__archived_at__isnull=True).order_by()
    if programmes is not None:
        owners = owners.filter(action__programme__in=programmes)
    counted = owners.annotate(n=_CountDistinct(F("action"))).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def organisation_owners(organisation) -> Q:
    """Owners that are the organisation, one of its people or one of its teams."""
    return (
        Q(organisation=organisation)
        | Q(person__organisation=organisation)
        | Q(team__organisation=organisation)
    )


def organisations_with_action_counts(programmes: QuerySet | None = None) -> QuerySet[Organisation]:
    return Organisation.objects.annotate(
        action_count=_owned_count(organisation_owners(OuterRef("pk")), programmes)
    ).order_by("name")


def people_with_action_counts(programmes: QuerySet | None = None) -> QuerySet[Person]:
    return (
        Person.objects.select_related("organisation")
        .annotate(action_count=_owned_count(Q(person=OuterRef("pk")), programmes))
        .order_by("name", "pk")
    )


def teams_with_action_counts(programmes: QuerySet | None = None) -> QuerySet[Team]:
    return (
        Team.objects.select_related("organisation")
        .annotate(action_count=_owned_count(Q(team=OuterRef("pk")), programmes))
        .order_by("name")
    )


def actions_owned(condition: Q, programmes: QuerySet | None = None) -> QuerySet[Action]:
    """Actions with an owner matching ``condition``; each with those owners as ``as_owners``."""
    owners = ActionOwner.objects.filter(condition)
    actions = (
        Action.objects.all()
        if programmes is None
        else Action.objects.filter(programme__in=programmes)
    )
    return (
        actions.not_archived()
        .filter(pk__in=owners.values("action"))
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "owners",
                queryset=owners.select_related("person", "team", "organisation"),
                to_attr="as_owners",
            )
        )
        .order_by("programme__name", "order", "pk")
    )
