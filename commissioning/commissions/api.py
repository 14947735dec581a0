"""Read-only JSON for commissions (with their stage moves) and scoring rounds (with their
prioritised list), scoped to the partnerships the user may read."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.commissions import services
from commissioning.commissions.models import Commission, ScoringRound, StageMove
from commissioning.core import access


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    model = None

    def base_queryset(self) -> QuerySet:
        return self.model.objects.all()

    def get_queryset(self):
        partnerships = access.outcomes_partnerships(self.request.user)
        slug = self.request.query_params.get("partnership")
        if slug:
            partnerships = partnerships.filter(slug=slug)
        return self.base_queryset().filter(partnership__in=partnerships).order_by("id")


class StageMoveSerializer(serializers.ModelSerializer):
    class Meta:
        model = StageMove
        fields = ["id", "from_stage", "to_stage", "moved_at", "moved_by", "why"]


class CommissionSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    moves = StageMoveSerializer(many=True, read_only=True)

    class Meta:
        model = Commission
        fields = [
            "id", "partnership", "title", "description", "outcomes", "gaps", "lead_post",
            "lead_holder", "stage", "stage_since", "status", "route", "providers",
            "budget_amount", "expected_savings", "actual_cost", "actual_savings", "is_pilot",
            "predecessor", "moves",
        ]  # fmt: skip


class ScoringRoundSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ScoringRound
        fields = [
            "id", "partnership", "name", "held_on", "criteria_set", "panel", "commissions",
            "approved_meeting", "approved_decision",
        ]  # fmt: skip


class CommissionViewSet(ScopedViewSet):
    serializer_class = CommissionSerializer
    model = Commission

    def base_queryset(self):
        return Commission.objects.prefetch_related("moves", "outcomes", "gaps", "providers")


class ScoringRoundViewSet(ScopedViewSet):
    serializer_class = ScoringRoundSerializer
    model = ScoringRound

    def base_queryset(self):
        return ScoringRound.objects.prefetch_related("panel", "commissions")

    @action(detail=True)
    def prioritised(self, request, pk=None):
        """The round's prioritised list: rank, rank range and weighted total per commission."""
        ranked = services.prioritised_list(self.get_object())
        return Response(
            [
                {
                    "commission": item.key,
                    "rank": item.rank,
                    "best_rank": item.best_rank,
                    "worst_rank": item.worst_rank,
                    "weighted_total": round(item.total, 4),
                }
                for item in ranked
            ]
        )
