"""The JSON API for indicators and their values, scoped to the partnerships the user belongs
to; ``?partnership=<slug>`` narrows to one.

Reading, plus ``POST /indicators/{id}/values/``: a list of values checked row by row (each
problem named by its row and field) and written all or nothing, by those who may enter the
indicator's values. Every list costs a fixed number of queries, whatever its size.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.access import rules as access
from commissioning.performance import services
from commissioning.performance.models import Indicator, IndicatorValue

PARTNERSHIP = OpenApiParameter(
    "partnership", str, description="Only this partnership's indicators (its slug)"
)


class ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = [
            "id", "period", "period_start", "period_end", "actual", "target", "target_text",
            "baseline", "lower", "upper", "numerator", "denominator", "comparator", "note",
            "provisional", "entered_at",
        ]  # fmt: skip
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner_organisation = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )
    values = ValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id", "partnership", "code", "title", "definition", "outcomes", "kind", "theme",
            "unit", "polarity", "frequency", "decimals", "source", "owner_organisation",
            "owner_name", "comparator_name", "tolerance", "values",
        ]  # fmt: skip
        read_only_fields = fields


class EntrySerializer(serializers.Serializer):
    """One value to record: its period as written, an actual and/or a target."""

    period = serializers.CharField(max_length=60)
    actual = serializers.CharField(required=False, allow_blank=True, default="")
    target = serializers.CharField(required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(parameters=[PARTNERSHIP], summary="Indicators with their values"),
    retrieve=extend_schema(summary="One indicator with its values"),
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        partnerships = access.visible_partnerships(self.request.user)
        slug = self.request.query_params.get("partnership")
        if slug:
            partnerships = partnerships.filter(slug=slug)
        return (
            Indicator.objects.filter(partnership__in=partnerships)
            .select_related("partnership", "owner_organisation")
            .prefetch_related("outcomes", Prefetch("values", IndicatorValue.objects.all()))
            .order_by("id")
        )

    @extend_schema(
        request=EntrySerializer(many=True),
        responses={201: ValueSerializer(many=True)},
        summary="Record values of one indicator, all or nothing",
    )
    @action(detail=True, methods=["post"], url_path="values")
    def values(self, request, pk=None):
        indicator = self.get_object()
        if not access.may_enter_values(request.user, indicator):
            raise exceptions.PermissionDenied("You do not enter this indicator's values")
        rows = request.data if isinstance(request.data, list) else None
        if rows is None:
            raise exceptions.ValidationError({"detail": "Send a list of values"})
        entries, errors = [], {}
        for index, row in enumerate(rows):
            entry = EntrySerializer(data=row)
            if not entry.is_valid():
                errors[str(index)] = entry.errors
                continue
            entries.append(
                services.Entry(
                    indicator,
                    entry.validated_data["period"],
                    entry.validated_data["actual"],
                    entry.validated_data["target"],
                    where=f"row {index}",
                )
            )
        if errors:
            raise exceptions.ValidationError(errors)
        try:
            services.enter_values(entries=entries, user=request.user)
        except services.PerformanceError as error:
            raise exceptions.ValidationError({"rows": error.problems}) from error
        periods = [entry.period.strip() for entry in entries]
        stored = IndicatorValue.objects.filter(indicator=indicator, period__in=periods)
        return Response(ValueSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)
