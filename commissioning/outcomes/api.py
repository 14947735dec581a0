"""The JSON API for outcomes: the library, chains with their links, alignments, needs
analyses and gaps, each scoped to the partnerships the user may read
(``access.visible_partnerships``); ``?partnership=<slug>`` narrows to one.

Reading, plus adding a link to a chain (``POST /chains/{id}/links/``), refused with the loop
named as on the page. Every list costs a fixed number of queries, whatever its size.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.access import rules as access
from commissioning.domain.chains import Mark, classify_alignment
from commissioning.outcomes import services
from commissioning.outcomes.models import (
    Alignment,
    ChainLink,
    Confidence,
    Gap,
    NeedsAnalysis,
    Outcome,
    OutcomeChain,
)

PARTNERSHIP = OpenApiParameter(
    "partnership", str, description="Only this partnership's rows (its slug)"
)


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only list and detail of one model, in the partnerships the user may read."""

    model = None

    def base_queryset(self) -> QuerySet:
        return self.model.objects.all()

    def get_queryset(self):
        partnerships = access.visible_partnerships(self.request.user)
        slug = self.request.query_params.get("partnership")
        if slug:
            partnerships = partnerships.filter(slug=slug)
        return self.base_queryset().filter(partnership__in=partnerships).order_by("id")


# --- Serializers ----------------------------------------------------------------------------


class OutcomeSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner_organisation = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )

    class Meta:
        model = Outcome
        fields = [
            "id",
            "partnership",
            "code",
            "title",
            "description",
            "level",
            "theme",
            "owner_organisation",
            "status",
            "agreed_meeting",
            "archived_at",
        ]


class ChainLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChainLink
        fields = ["id", "from_outcome", "to_outcome", "rationale", "confidence"]


class ChainSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner_organisation = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )
    outcomes = serializers.SerializerMethodField()
    links = ChainLinkSerializer(many=True, read_only=True)

    class Meta:
        model = OutcomeChain
        fields = [
            "id",
            "partnership",
            "title",
            "description",
            "owner_organisation",
            "status",
            "agreed_meeting",
            "outcomes",
            "links",
        ]

    def get_outcomes(self, chain) -> list[int]:
        return [node.outcome_id for node in chain.nodes.all()]


class NewLinkSerializer(serializers.Serializer):
    from_outcome = serializers.IntegerField()
    to_outcome = serializers.IntegerField()
    rationale = serializers.CharField(required=False, allow_blank=True, default="")
    confidence = serializers.ChoiceField(choices=Confidence.choices, default=Confidence.MEDIUM)


class AlignmentSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    marks = serializers.SerializerMethodField()
    figure = serializers.SerializerMethodField()
    council_missing = serializers.SerializerMethodField()
    partner_missing = serializers.SerializerMethodField()
    conflicts = serializers.SerializerMethodField()

    class Meta:
        model = Alignment
        fields = [
            "id",
            "partnership",
            "partner_chain",
            "council_chain",
            "note",
            "marks",
            "figure",
            "council_missing",
            "partner_missing",
            "conflicts",
        ]

    def _result(self, alignment):
        cached = getattr(alignment, "_result", None)
        if cached is None:
            cached = classify_alignment(
                council=[n.outcome_id for n in alignment.council_chain.nodes.all()],
                partner=[n.outcome_id for n in alignment.partner_chain.nodes.all()],
                marks=[
                    Mark(m.kind, m.partner_outcome_id, m.council_outcome_id)
                    for m in alignment.marks.all()
                ],
            )
            alignment._result = cached
        return cached

    def get_marks(self, alignment) -> list[dict]:
        return [
            {
                "kind": m.kind,
                "partner_outcome": m.partner_outcome_id,
                "council_outcome": m.council_outcome_id,
                "note": m.note,
            }
            for m in alignment.marks.all()
        ]

    def get_figure(self, alignment) -> float | None:
        """Share (0–1) of the council chain's outcomes the partner's chain reaches."""
        return self._result(alignment).figure

    def get_council_missing(self, alignment) -> list[int]:
        return self._result(alignment).council_missing

    def get_partner_missing(self, alignment) -> list[int]:
        return self._result(alignment).partner_missing

    def get_conflicts(self, alignment) -> int:
        return self._result(alignment).conflicts


class NeedsAnalysisSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    period = serializers.CharField(source="timescale_text", read_only=True)
    period_end = serializers.DateField(source="timescale_end", read_only=True)
    outcomes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    author_organisation = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )

    class Meta:
        model = NeedsAnalysis
        fields = [
            "id",
            "partnership",
            "title",
            "kind",
            "author_organisation",
            "period",
            "period_end",
            "population",
            "findings",
            "document_url",
            "outcomes",
        ]


class GapSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    moves = serializers.SerializerMethodField()

    class Meta:
        model = Gap
        fields = [
            "id",
            "partnership",
            "outcome",
            "description",
            "severity",
            "needs_analysis",
            "status",
            "status_date",
            "moves",
        ]

    def get_moves(self, gap) -> list[dict]:
        return [{"status": m.status, "date": m.date, "note": m.note} for m in gap.moves.all()]


# --- Viewsets -------------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[PARTNERSHIP]))
class OutcomeViewSet(ScopedViewSet):
    """The outcome library, archived outcomes included (with ``archived_at``)."""

    model = Outcome
    serializer_class = OutcomeSerializer

    def base_queryset(self):
        return Outcome.objects.select_related("partnership", "owner_organisation")


@extend_schema_view(list=extend_schema(parameters=[PARTNERSHIP]))
class ChainViewSet(ScopedViewSet):
    """Outcome chains with their outcomes and "from so that to" links."""

    model = OutcomeChain
    serializer_class = ChainSerializer

    def base_queryset(self):
        return OutcomeChain.objects.select_related(
            "partnership", "owner_organisation"
        ).prefetch_related("nodes", Prefetch("links", queryset=ChainLink.objects.order_by("id")))

    @extend_schema(request=NewLinkSerializer, responses={201: ChainLinkSerializer})
    @action(detail=True, methods=["post"])
    def links(self, request, pk=None):
        """Add a link to the chain; 400 naming the loop when it would close one."""
        chain = self.get_object()
        if not access.can_change_outcomes(request.user, chain.partnership):
            raise exceptions.PermissionDenied(
                f"Only partnership managers of {chain.partnership} can change its chains"
            )
        data = NewLinkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        library = Outcome.objects.filter(partnership=chain.partnership)
        ends = {}
        for name in ("from_outcome", "to_outcome"):
            ends[name] = library.filter(pk=data.validated_data[name]).first()
            if ends[name] is None:
                raise exceptions.ValidationError({name: ["No such outcome in this partnership"]})
        try:
            link = services.add_link(
                chain=chain,
                user=request.user,
                rationale=data.validated_data["rationale"],
                confidence=data.validated_data["confidence"],
                **ends,
            )
        except services.OutcomesError as error:
            raise exceptions.ValidationError(
                {error.field or "non_field_errors": [error.message]}
            ) from error
        return Response(ChainLinkSerializer(link).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=[PARTNERSHIP]))
class AlignmentViewSet(ScopedViewSet):
    """A partner's chain beside the council's: marks, the figure and the gaps each way."""

    model = Alignment
    serializer_class = AlignmentSerializer

    def base_queryset(self):
        return Alignment.objects.select_related("partnership").prefetch_related(
            "marks", "partner_chain__nodes", "council_chain__nodes"
        )


@extend_schema_view(list=extend_schema(parameters=[PARTNERSHIP]))
class NeedsAnalysisViewSet(ScopedViewSet):
    model = NeedsAnalysis
    serializer_class = NeedsAnalysisSerializer

    def base_queryset(self):
        return NeedsAnalysis.objects.select_related(
            "partnership", "author_organisation"
        ).prefetch_related("outcomes")


@extend_schema_view(list=extend_schema(parameters=[PARTNERSHIP]))
class GapViewSet(ScopedViewSet):
    """Gaps with their dated status moves."""

    model = Gap
    serializer_class = GapSerializer

    def base_queryset(self):
        return Gap.objects.select_related("partnership").prefetch_related("moves")
