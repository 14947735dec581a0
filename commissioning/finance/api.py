"""The JSON API for the total pot: spend lines (read, and written with each row checked),
population, and the aggregated pot, each scoped to the partnerships the user belongs to
(``access.visible_partnerships``); ``?partnership=<slug>`` narrows to one.

``POST /spend-lines/`` takes one line or a list of them: every row is checked first, and
one bad row writes nothing, the errors saying which row and which field. A contributor
writes only their own organisation's lines. Every list costs a fixed number of queries.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.access import rules as access
from commissioning.domain import financial_years
from commissioning.domain.money import MoneyError, read_money
from commissioning.finance import pot as count
from commissioning.finance import services
from commissioning.finance.models import (
    CipfaCategory,
    Kind,
    Phase,
    Population,
    Spending,
    SpendLine,
)
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Agreement, Organisation

PARTNERSHIP = OpenApiParameter(
    "partnership", str, description="Only this partnership's rows (its slug)"
)


def _partnerships(request):
    partnerships = access.visible_partnerships(request.user)
    slug = request.query_params.get("partnership")
    if slug:
        partnerships = partnerships.filter(slug=slug)
    return partnerships


class ShareSerializer(serializers.Serializer):
    percent = serializers.DecimalField(max_digits=6, decimal_places=3)
    theme = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    outcome = serializers.IntegerField(required=False, allow_null=True, default=None)


class SpendLineSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = serializers.SlugRelatedField(slug_field="name", read_only=True)
    pool = serializers.PrimaryKeyRelatedField(read_only=True)
    shares = serializers.SerializerMethodField()

    class Meta:
        model = SpendLine
        fields = [
            "id",
            "partnership",
            "organisation",
            "financial_year",
            "amount",
            "phase",
            "service",
            "cipfa_category",
            "kind",
            "spending",
            "locally_controlled",
            "pool",
            "source",
            "note",
            "shares",
        ]

    def get_shares(self, line) -> list[dict]:
        return [
            {"percent": str(s.percent), "theme": s.theme, "outcome": s.outcome_id}
            for s in line.shares.all()
        ]


class NewSpendLineSerializer(serializers.Serializer):
    partnership = serializers.SlugField()
    organisation = serializers.CharField(help_text="The partner's name or short name")
    financial_year = serializers.CharField(help_text="For example 2010/11")
    amount = serializers.CharField(help_text="Pounds, as written: 1200000, £1.2m, (2,345)")
    phase = serializers.ChoiceField(choices=Phase.choices, default=Phase.BUDGET)
    service = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    cipfa_category = serializers.ChoiceField(
        choices=CipfaCategory.choices, required=False, allow_blank=True, default=""
    )
    kind = serializers.ChoiceField(choices=Kind.choices, default=Kind.OTHER)
    spending = serializers.ChoiceField(choices=Spending.choices, default=Spending.REVENUE)
    locally_controlled = serializers.BooleanField(required=False, allow_null=True, default=None)
    pool = serializers.IntegerField(required=False, allow_null=True, default=None)
    source = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    shares = ShareSerializer(many=True, required=False)

    def validate_financial_year(self, value):
        try:
            return financial_years.normalise(value)
        except financial_years.FinancialYearError as error:
            raise serializers.ValidationError(str(error)) from error

    def validate_amount(self, value):
        try:
            amount = read_money(value)
        except MoneyError as error:
            raise serializers.ValidationError(str(error)) from error
        if amount is None:
            raise serializers.ValidationError("Give an amount")
        return amount


def _resolve(row: dict, user) -> tuple:
    """The partnership, organisation, pool and shares a checked row names; errors by field."""
    partnership = access.visible_partnerships(user).filter(slug=row["partnership"]).first()
    if partnership is None:
        return None, {"partnership": ["No such partnership"]}
    if not access.can_enter_spend(user, partnership):
        raise exceptions.PermissionDenied(f"You may not enter spend lines in {partnership}")
    errors: dict[str, list[str]] = {}
    name = row["organisation"].strip().casefold()
    organisation = next(
        (
            org
            for org in access.spend_organisations(user, partnership)
            if name in (org.name.casefold(), org.short_name.casefold())
        ),
        None,
    )
    if organisation is None:
        errors["organisation"] = [
            f"{row['organisation']!r} is not a partner whose lines you may enter in {partnership}"
        ]
    pool = None
    if row.get("pool"):
        pool = Agreement.objects.filter(partnership=partnership, pk=row["pool"]).first()
        if pool is None:
            errors["pool"] = ["No such agreement in this partnership"]
    shares = []
    for index, share in enumerate(row.get("shares") or []):
        outcome = None
        if share.get("outcome"):
            outcome = Outcome.objects.filter(partnership=partnership, pk=share["outcome"]).first()
            if outcome is None:
                errors.setdefault("shares", []).append(f"share {index + 1}: no such outcome")
        shares.append(
            services.Share(
                percent=Decimal(share["percent"]),
                outcome=outcome,
                theme="" if outcome else share.get("theme", "").strip(),
            )
        )
    if not row.get("shares"):
        shares = services.whole()
    if errors:
        return None, errors
    values = {
        name: row[name]
        for name in services.LINE_FIELDS
        if name not in ("organisation", "pool") and name in row
    }
    return (partnership, {**values, "organisation": organisation, "pool": pool}, shares), None


@extend_schema_view(list=extend_schema(parameters=[PARTNERSHIP]))
class SpendLineViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Spend lines with their shares; ``?year=2010/11`` and ``?phase=`` narrow the list."""

    serializer_class = SpendLineSerializer

    def get_queryset(self):
        lines = (
            SpendLine.objects.filter(partnership__in=_partnerships(self.request))
            .select_related("partnership", "organisation")
            .prefetch_related("shares")
            .order_by("id")
        )
        year = self.request.query_params.get("year")
        if year:
            lines = lines.filter(financial_year=year)
        phase = self.request.query_params.get("phase")
        if phase:
            lines = lines.filter(phase=phase)
        return lines

    @extend_schema(
        request=NewSpendLineSerializer(many=True), responses={201: SpendLineSerializer(many=True)}
    )
    def create(self, request, *args, **kwargs):
        """One line or a list: all written, or none with each bad row's errors."""
        rows = request.data if isinstance(request.data, list) else [request.data]
        many = isinstance(request.data, list)
        checked, problems = [], []
        for index, row in enumerate(rows):
            data = NewSpendLineSerializer(data=row)
            if not data.is_valid():
                problems.append({"row": index, "errors": data.errors})
                continue
            resolved, errors = _resolve(data.validated_data, request.user)
            if errors:
                problems.append({"row": index, "errors": errors})
                continue
            partnership, values, shares = resolved
            if not access.can_enter_spend(request.user, partnership):
                raise exceptions.PermissionDenied(f"You may not enter spend lines in {partnership}")
            try:
                services.check_shares(shares, partnership)
            except services.FinanceError as error:
                problems.append({"row": index, "errors": {"shares": [error.message]}})
                continue
            checked.append(resolved)
        if problems:
            if (
                not any(checked)
                and all("partnership" in problem["errors"] for problem in problems)
                and not many
            ):
                raise exceptions.NotFound("No such partnership")
            return Response({"rows": problems}, status=status.HTTP_400_BAD_REQUEST)
        made = []
        try:
            with transaction.atomic():
                for index, (partnership, values, shares) in enumerate(checked):
                    try:
                        made.append(
                            services.save_line(
                                partnership=partnership, user=request.user, shares=shares, **values
                            )
                        )
                    except services.FinanceError as error:
                        problems.append(
                            {
                                "row": index,
                                "errors": {error.field or "non_field_errors": [error.message]},
                            }
                        )
                        raise
        except services.FinanceError:
            return Response({"rows": problems}, status=status.HTTP_400_BAD_REQUEST)
        lines = (
            SpendLine.objects.filter(pk__in=[line.pk for line in made])
            .select_related("partnership", "organisation")
            .prefetch_related("shares")
            .order_by("id")
        )
        data = SpendLineSerializer(lines, many=True).data
        return Response(data if many else data[0], status=status.HTTP_201_CREATED)


class PopulationSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Population
        fields = ["id", "partnership", "financial_year", "people", "source"]


@extend_schema_view(list=extend_schema(parameters=[PARTNERSHIP]))
class PopulationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PopulationSerializer

    def get_queryset(self):
        return (
            Population.objects.filter(partnership__in=_partnerships(self.request))
            .select_related("partnership")
            .order_by("partnership__slug", "financial_year")
        )


BY_CHOICES = ("partner", "theme", "outcome", "kind", "phase", "year", "service", "spending")


class TotalPotView(APIView):
    """The aggregated pot: totals grouped by ``by`` (any of partner, theme, outcome, kind,
    phase, year, service, spending, comma separated) for ``year`` and ``phase``."""

    @extend_schema(
        parameters=[
            OpenApiParameter("partnership", str, description="The partnership's slug"),
            OpenApiParameter("year", str, description="A financial year, e.g. 2010/11"),
            OpenApiParameter("phase", str, description="budget, forecast or outturn"),
            OpenApiParameter("by", str, description="e.g. partner,theme"),
        ],
        responses={200: dict},
    )
    def get(self, request):
        partnerships = _partnerships(request)
        if request.query_params.get("partnership"):
            partnership = partnerships.first()
            if partnership is None:
                raise exceptions.NotFound("No such partnership")
        else:
            found = list(partnerships[:2])
            if not found:
                return Response({"partnership": None, "currency": "GBP", "cells": []})
            if len(found) != 1:
                raise exceptions.ValidationError(
                    {"partnership": ["Say which partnership (its slug)"]}
                )
            partnership = found[0]
        by = tuple(
            part.strip() for part in request.query_params.get("by", "partner,theme").split(",")
        )
        unknown = [part for part in by if part not in BY_CHOICES]
        if unknown or not by:
            raise exceptions.ValidationError(
                {"by": [f"Group by any of {', '.join(BY_CHOICES)}, not {', '.join(unknown)}"]}
            )
        filters = {}
        year = request.query_params.get("year")
        if year:
            try:
                filters["year"] = financial_years.normalise(year)
            except financial_years.FinancialYearError as error:
                raise exceptions.ValidationError({"year": [str(error)]}) from error
        phase = request.query_params.get("phase")
        if phase:
            if phase not in Phase.values:
                raise exceptions.ValidationError({"phase": ["budget, forecast or outturn"]})
            filters["phase"] = phase
        elif year:
            filters["phase"] = count.best_phase(count.phases_of(partnership, filters["year"]))
        rows = count.grouped(partnership, by=by, **filters)
        names = {}
        if "partner" in by:
            names = dict(
                Organisation.objects.filter(pk__in={r["partner"] for r in rows}).values_list(
                    "pk", "name"
                )
            )
        outcomes = {}
        if "outcome" in by:
            outcomes = {
                o.pk: str(o) for o in Outcome.objects.filter(pk__in={r["outcome"] for r in rows})
            }
        total = sum((row["total"] for row in rows), Decimal(0))
        population = count.populations(partnership).get(filters.get("year")) if year else None
        cells = []
        for row in rows:
            cell = {}
            for name in by:
                value = row[name]
                if name == "partner":
                    value = names.get(value)
                elif name == "outcome":
                    value = outcomes.get(value, count.NOT_ASSIGNED) if value else None
                elif name == "theme":
                    value = value or count.NOT_ASSIGNED
                cell[name] = value
            cell["amount"] = str(row["total"])
            cells.append(cell)
        return Response(
            {
                "partnership": partnership.slug,
                "year": filters.get("year"),
                "phase": filters.get("phase"),
                "by": list(by),
                "currency": "GBP",
                "total": str(total),
                "population": population,
                "per_head": str(count.per_head(total, population)) if population else None,
                "cells": cells,
            }
        )
