"""JSON for commissions (with their stage moves, evaluations and lessons) and scoring rounds
(with their scores and prioritised list), scoped to the partnerships the user may read: a
row of another partnership is 404, as on the pages.

The partnership's managers (``access.can_manage_commissions``, the pages' rule) also write:

- ``POST /commissions/`` records a commission; ``PATCH /commissions/{id}/`` changes one,
  sending the ETag it was read with in ``If-Match`` (428 without it, 412 with what changed
  when someone saved it since), as actions are changed;
- ``POST /commissions/{id}/moves/`` moves it round the cycle, saying why;
- ``POST /commissions/{id}/evaluations/`` and ``…/lessons/`` record an evaluation and a
  lesson, ``…/lessons/{lesson_pk}/acted-on/`` what was done about a lesson;
- ``POST /scoring-rounds/{id}/scores/`` records a list of scores, all or nothing, refused
  once the round's list is approved.

Every write goes through ``commissioning.commissions.services``; a value it refuses is a 400
naming the field (DRF's shape: ``{"field": ["message"]}``), and nothing is written.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commissioning.access import rules as access
from commissioning.access.api_permissions import MayManageCommissions
from commissioning.commissions import presenters, services
from commissioning.commissions.models import (
    Commission,
    Criterion,
    Evaluation,
    Lesson,
    LessonTarget,
    ProcurementStage,
    Result,
    Route,
    Score,
    ScoringRound,
    Stage,
    StageMove,
    Status,
)
from commissioning.outcomes.models import Gap, Outcome
from commissioning.partnership.models import Organisation, Person, Post
from commissioning.programmes.api.base import (
    ETAG_HEADER,
    PRECONDITION_RESPONSES,
    RetrieveWithETag,
    conflict,
    error_response,
    required_version,
    with_etag,
)
from commissioning.programmes.concurrency import EditConflict, current_version

PARTNERSHIP = OpenApiParameter(
    "partnership", str, description="Only this partnership's rows (its slug)"
)
# Without a schema here, the API's schema hook gives it the usual error shapes.
FIELD_ERRORS = OpenApiResponse(
    description="A field error for each field to correct (DRF's shape); nothing is written"
)
MAY_NOT = error_response("Signed in, but not one of the partnership's managers")
NOT_FOUND = error_response("No such record, or not one of your partnerships'")
ETAG_ON_CREATE = OpenApiParameter(
    "ETag",
    str,
    location=OpenApiParameter.HEADER,
    description="The commission's version; send it back as If-Match to change it",
    response=[201],
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "The ETag of the commission as you last read it. Without it the change is refused "
        "(428); if the commission changed since, it is refused (412) with what changed"
    ),
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "The commission's ETag as you last read it: when sent, the move is refused (412) if "
        "the commission changed since"
    ),
)
# What a PATCH may change, as a 412 names them (attribute: label).
CHANGEABLE = {
    name: name for name in services.COMMISSION_FIELDS if name not in ("lead_post", "predecessor")
} | {"lead_post_id": "lead_post", "predecessor_id": "predecessor"}


def _refused(error: services.CommissionsError) -> exceptions.ValidationError:
    return exceptions.ValidationError({error.field or "non_field_errors": [error.message]})


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    model = None

    def base_queryset(self) -> QuerySet:
        return self.model.objects.all()

    def get_queryset(self):
        partnerships = access.visible_partnerships(self.request.user)
        slug = self.request.query_params.get("partnership")
        if slug:
            partnerships = partnerships.filter(slug=slug)
        return self.base_queryset().filter(partnership__in=partnerships).order_by("id")


# --- Shapes read ----------------------------------------------------------------------------


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
            "predecessor", "procurement_stage", "contract_value", "contract_start",
            "contract_end", "moves",
        ]  # fmt: skip
        # Not read-only fields: DRF would drop their allow_blank, and the schema the blank
        # route and procurement stage. The serializer only reads; writes have their own.


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evaluation
        fields = ["id", "commission", "evaluated_on", "is_final", "result", "findings"]
        read_only_fields = fields


class LessonSerializer(serializers.ModelSerializer):
    is_open = serializers.BooleanField(read_only=True, help_text="Not yet acted on")

    class Meta:
        model = Lesson
        fields = [
            "id", "text", "target", "target_commission", "target_criterion", "evaluation",
            "acted_on", "action_taken", "is_open",
        ]  # fmt: skip
        read_only_fields = fields


class ScoringRoundSerializer(serializers.ModelSerializer):
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ScoringRound
        fields = [
            "id", "partnership", "name", "held_on", "criteria_set", "panel", "commissions",
            "approved_meeting", "approved_decision",
        ]  # fmt: skip


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["id", "commission", "criterion", "member", "value", "note"]
        read_only_fields = fields


# --- Shapes written -------------------------------------------------------------------------


def _money(**kwargs):
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        help_text="In pounds",
        **kwargs,
    )


def _ids(queryset, **kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, many=True, required=False, **kwargs
    )


def _id(queryset, **kwargs):
    return serializers.PrimaryKeyRelatedField(
        queryset=queryset, required=False, allow_null=True, **kwargs
    )


class CommissionChangeSerializer(serializers.Serializer):
    """A commission's own fields, each optional on a change; the ids are of the
    partnership's rows (a provider is any organisation in the directory)."""

    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    outcomes = _ids(Outcome.objects.none(), help_text="The outcomes it serves (ids)")
    gaps = _ids(Gap.objects.none(), help_text="The gaps it addresses (ids)")
    lead_post = _id(Post.objects.none(), help_text="The lead commissioner's post (its id)")
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    route = serializers.ChoiceField(choices=Route.choices, required=False, allow_blank=True)
    providers = _ids(Organisation.objects.all(), help_text="Organisations (ids)")
    budget_amount = _money()
    expected_savings = _money()
    actual_cost = _money()
    actual_savings = _money()
    is_pilot = serializers.BooleanField(required=False)
    predecessor = _id(Commission.objects.none(), help_text="The commission it follows (its id)")
    procurement_stage = serializers.ChoiceField(
        choices=ProcurementStage.choices, required=False, allow_blank=True
    )
    contract_value = _money()
    contract_start = serializers.DateField(required=False, allow_null=True)
    contract_end = serializers.DateField(required=False, allow_null=True)

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partnership is None:
            return
        self.fields["outcomes"].child_relation.queryset = Outcome.objects.filter(
            partnership=partnership
        )
        self.fields["gaps"].child_relation.queryset = Gap.objects.filter(partnership=partnership)
        self.fields["lead_post"].queryset = Post.objects.filter(
            body__partnership=partnership
        ).select_related("body")
        self.fields["predecessor"].queryset = Commission.objects.filter(partnership=partnership)

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Enter the commission's title")
        return value

    def validate(self, attrs):
        start, end = attrs.get("contract_start"), attrs.get("contract_end")
        if start and end and end < start:
            raise serializers.ValidationError({"contract_end": ["The end is before the start"]})
        return attrs


class NewCommissionSerializer(CommissionChangeSerializer):
    """A new commission: its partnership, title and the stage it enters the cycle at."""

    partnership = serializers.SlugField(help_text="The partnership's slug")
    title = serializers.CharField(max_length=300)
    stage = serializers.ChoiceField(choices=Stage.choices, default=Stage.ANALYSE)
    why = serializers.CharField(
        max_length=2000,
        required=False,
        default="Commission recorded",
        help_text="Why it enters the cycle (its first stage move)",
    )


class NewStageMoveSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices)
    why = serializers.CharField(
        max_length=5000,
        error_messages={
            "required": "Say why the commission moves",
            "blank": "Say why the commission moves",
        },
    )


class NewEvaluationSerializer(serializers.Serializer):
    evaluated_on = serializers.DateField()
    result = serializers.ChoiceField(
        choices=Result.choices, help_text="Whether the commission met its aims"
    )
    findings = serializers.CharField(
        max_length=20000, error_messages={"blank": "Enter the findings"}
    )
    is_final = serializers.BooleanField(required=False, default=False)


class NewLessonSerializer(serializers.Serializer):
    """A lesson the commission taught, addressed to the framework, a commission or a
    criterion; for ``commission`` with no ``commission`` given, this one."""

    text = serializers.CharField(max_length=5000, error_messages={"blank": "Enter the lesson"})
    target = serializers.ChoiceField(choices=LessonTarget.choices)
    evaluation = _id(Evaluation.objects.none(), help_text="One of this commission's evaluations")
    commission = _id(Commission.objects.none(), help_text="The commission it is for (its id)")
    criterion = _id(Criterion.objects.none(), help_text="The criterion it is for (its id)")

    def __init__(self, *args, commission: Commission | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if commission is None:
            return
        partnership = commission.partnership_id
        self.fields["evaluation"].queryset = Evaluation.objects.filter(commission=commission)
        self.fields["commission"].queryset = Commission.objects.filter(partnership=partnership)
        self.fields["criterion"].queryset = Criterion.objects.filter(
            criteria_set__partnership=partnership
        ).select_related("criteria_set")


class ActOnLessonSerializer(serializers.Serializer):
    action_taken = serializers.CharField(
        max_length=5000, error_messages={"blank": "Say what was done"}
    )
    acted_on = serializers.DateField(
        required=False, allow_null=True, help_text="When it was done; today when left out"
    )


class NewScoreSerializer(serializers.Serializer):
    commission = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    criterion = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    member = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The panel member (a person's id)"
    )
    value = serializers.CharField(
        max_length=20, help_text='On the round\'s scale: 1 to 5, or "High", "Medium", "Low"'
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


# --- Viewsets -------------------------------------------------------------------------------


class CommissionViewSet(
    RetrieveWithETag,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Commissions with their stage moves. The partnership's managers record (POST) and
    change (PATCH, with ``If-Match``) them, move them round the cycle and record lessons."""

    serializer_class = CommissionSerializer
    model = Commission
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        return [*super().get_permissions(), MayManageCommissions()]

    def base_queryset(self):
        return Commission.objects.select_related("partnership").prefetch_related(
            "moves", "outcomes", "gaps", "providers"
        )

    def _shown(self, commission: Commission, code: int = status.HTTP_200_OK) -> Response:
        shown = self.get_serializer(self.base_queryset().get(pk=commission.pk))
        return with_etag(Response(shown.data, status=code), commission)

    @extend_schema(parameters=[PARTNERSHIP])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=NewCommissionSerializer,
        parameters=[ETAG_ON_CREATE],
        responses={201: CommissionSerializer, 400: FIELD_ERRORS, 403: MAY_NOT},
    )
    def create(self, request, *args, **kwargs):
        """Record a commission; it enters the cycle at ``stage`` with its first move."""
        slug = request.data.get("partnership") if hasattr(request.data, "get") else None
        partnership = (
            access.visible_partnerships(request.user).filter(slug=slug).first()
            if isinstance(slug, str) and slug
            else None
        )
        if partnership is None:
            raise exceptions.ValidationError(
                {"partnership": ["No such partnership, or not one you belong to"]}
            )
        if not access.can_manage_commissions(request.user, partnership):
            raise exceptions.PermissionDenied(
                f"Only partnership managers of {partnership} can record its commissions"
            )
        given = NewCommissionSerializer(data=request.data, partnership=partnership)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        data.pop("partnership")
        try:
            commission = services.create_commission(
                partnership=partnership, user=request.user, **data
            )
        except services.CommissionsError as error:
            raise _refused(error) from error
        return self._shown(commission, status.HTTP_201_CREATED)

    @extend_schema(
        request=CommissionChangeSerializer,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={
            200: CommissionSerializer,
            400: FIELD_ERRORS,
            403: MAY_NOT,
            404: NOT_FOUND,
            **PRECONDITION_RESPONSES,
        },
    )
    def partial_update(self, request, *args, **kwargs):
        """Change a commission's fields; its stage changes only by a move (``moves/``)."""
        commission = self.get_object()
        version = required_version(request, commission, CHANGEABLE)
        given = CommissionChangeSerializer(
            data=request.data, partnership=commission.partnership, partial=True
        )
        given.is_valid(raise_exception=True)
        try:
            services.edit_commission(
                commission=commission,
                user=request.user,
                expected_version=version,
                **given.validated_data,
            )
        except EditConflict as refused:
            commission.refresh_from_db()
            raise conflict(commission, refused.version, CHANGEABLE) from refused
        except services.CommissionsError as error:
            raise _refused(error) from error
        return self._shown(commission)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(
        request=NewStageMoveSerializer,
        parameters=[IF_MATCH_OPTIONAL, ETAG_ON_CREATE],
        responses={
            201: StageMoveSerializer,
            400: FIELD_ERRORS,
            403: MAY_NOT,
            404: NOT_FOUND,
            412: PRECONDITION_RESPONSES[412],
        },
    )
    @action(detail=True, methods=["post"])
    def moves(self, request, pk=None):
        """Move the commission to another cycle stage, saying why (400 without a reason)."""
        commission = self.get_object()
        version = (
            required_version(request, commission, {"stage": "stage"})
            if request.headers.get("If-Match", "").strip()
            else None
        )
        given = NewStageMoveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            move = services.move_stage(
                commission=commission,
                user=request.user,
                expected_version=version,
                **given.validated_data,
            )
        except EditConflict as refused:
            commission.refresh_from_db()
            raise conflict(commission, refused.version, {"stage": "stage"}) from refused
        except services.CommissionsError as error:
            raise _refused(error) from error
        response = Response(StageMoveSerializer(move).data, status=status.HTTP_201_CREATED)
        response["ETag"] = f'"{current_version(commission)}"'
        return response

    @extend_schema(
        methods=["GET"],
        responses={200: EvaluationSerializer(many=True), 404: NOT_FOUND},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        request=NewEvaluationSerializer,
        responses={201: EvaluationSerializer, 400: FIELD_ERRORS, 403: MAY_NOT, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def evaluations(self, request, pk=None):
        """The commission's evaluations, earliest first: result and findings (GET); record
        an evaluation (POST)."""
        commission = self.get_object()
        if request.method == "GET":
            rows = commission.evaluations.order_by("evaluated_on", "id")
            return Response(EvaluationSerializer(rows, many=True).data)
        given = NewEvaluationSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            evaluation = services.record_evaluation(
                commission=commission, user=request.user, **given.validated_data
            )
        except services.CommissionsError as error:
            raise _refused(error) from error
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"],
        responses={200: LessonSerializer(many=True), 404: NOT_FOUND},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        request=NewLessonSerializer,
        responses={201: LessonSerializer, 400: FIELD_ERRORS, 403: MAY_NOT, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def lessons(self, request, pk=None):
        """The lessons from the commission's evaluations or addressed to it, open ones first
        (GET); record a lesson (POST)."""
        commission = self.get_object()
        if request.method == "GET":
            lessons = presenters.learning(commission).lessons
            return Response(LessonSerializer(lessons, many=True).data)
        given = NewLessonSerializer(data=request.data, commission=commission)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        target = data["target"]
        named = data.get("commission")
        if target == LessonTarget.COMMISSION and named is None:
            named = commission
        try:
            lesson = services.record_lesson(
                partnership=commission.partnership,
                user=request.user,
                text=data["text"],
                target=target,
                evaluation=data.get("evaluation"),
                commission=named,
                criterion=data.get("criterion"),
            )
        except services.CommissionsError as error:
            raise _refused(error) from error
        return Response(LessonSerializer(lesson).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ActOnLessonSerializer,
        parameters=[OpenApiParameter("lesson_pk", int, location=OpenApiParameter.PATH)],
        responses={200: LessonSerializer, 400: FIELD_ERRORS, 403: MAY_NOT, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"lessons/(?P<lesson_pk>[0-9]+)/acted-on",
        url_name="lesson-acted-on",
    )
    def lesson_acted_on(self, request, pk=None, lesson_pk=None):
        """Record what was done about one of the commission's open lessons, closing it."""
        commission = self.get_object()
        shown = Q(evaluation__commission=commission) | Q(target_commission=commission)
        lesson = Lesson.objects.filter(
            shown, partnership_id=commission.partnership_id, acted_on__isnull=True, pk=lesson_pk
        ).first()
        if lesson is None:
            raise exceptions.NotFound("No such open lesson of this commission")
        given = ActOnLessonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            lesson = services.act_on_lesson(
                lesson=lesson,
                user=request.user,
                action_taken=given.validated_data["action_taken"],
                on=given.validated_data.get("acted_on"),
            )
        except services.CommissionsError as error:
            raise _refused(error) from error
        return Response(LessonSerializer(lesson).data)


class ScoringRoundViewSet(ScopedViewSet):
    """Scoring rounds with their panel; their scores (the partnership's managers record
    them, all or nothing, until the list is approved) and their prioritised list."""

    serializer_class = ScoringRoundSerializer
    model = ScoringRound
    http_method_names = ["get", "post", "head", "options"]

    def get_permissions(self):
        return [*super().get_permissions(), MayManageCommissions()]

    def base_queryset(self):
        return ScoringRound.objects.select_related("partnership", "criteria_set").prefetch_related(
            "panel", "commissions"
        )

    @extend_schema(parameters=[PARTNERSHIP])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

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

    @extend_schema(
        methods=["GET"],
        responses={200: ScoreSerializer(many=True), 404: NOT_FOUND},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        request=NewScoreSerializer(many=True),
        responses={
            201: ScoreSerializer(many=True),
            400: OpenApiResponse(
                {
                    "anyOf": [
                        {"$ref": "#/components/schemas/Error"},
                        {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": {
                                    "type": "array",
                                    "items": {"type": "string"},
                                },
                            },
                        },
                        {
                            "type": "object",
                            "additionalProperties": {
                                "type": "array",
                                "items": {"type": "string"},
                            },
                        },
                    ]
                },
                description=(
                    "A list as long as the one sent: each row's errors by field (empty for a "
                    "good row); nothing is recorded"
                ),
            ),
            403: MAY_NOT,
            404: NOT_FOUND,
            409: error_response("The round's list is approved: it can no longer be scored"),
        },
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def scores(self, request, pk=None):
        """The round's scores (GET); record a list of scores, all or nothing (POST)."""
        scoring_round = self.get_object()
        if request.method == "GET":
            rows = Score.objects.filter(scoring_round=scoring_round).order_by("id")
            return Response(ScoreSerializer(rows, many=True).data)
        if scoring_round.is_approved:
            raise Approved()
        if not isinstance(request.data, list):
            raise exceptions.ValidationError({"scores": ["Send a list of scores"]})
        given = NewScoreSerializer(data=request.data, many=True)
        given.is_valid(raise_exception=True)
        entries = _score_entries(scoring_round, given.validated_data)
        try:
            saved = services.record_scores(
                scoring_round=scoring_round, user=request.user, entries=entries
            )
        except services.ScoresRefused as refused:
            return Response(refused.problems, status=status.HTTP_400_BAD_REQUEST)
        except services.CommissionsError as error:
            raise _refused(error) from error
        rows = Score.objects.filter(pk__in=[score.pk for score in saved]).order_by("id")
        return Response(ScoreSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)


class Approved(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The round's list is approved: it can no longer be scored"
    default_code = "approved"


def _score_entries(scoring_round: ScoringRound, rows: list[dict]) -> list[services.ScoreEntry]:
    """The rows with their ids read as the round's partnership's rows (three queries); a
    person named is any in the directory, the service saying if they are not on the panel."""
    partnership = scoring_round.partnership_id
    commissions = Commission.objects.filter(
        partnership=partnership, pk__in={row["commission"] for row in rows}
    ).in_bulk()
    criteria = Criterion.objects.filter(
        criteria_set__partnership=partnership, pk__in={row["criterion"] for row in rows}
    ).in_bulk()
    members = Person.objects.filter(pk__in={row["member"] for row in rows}).in_bulk()
    return [
        services.ScoreEntry(
            commission=commissions.get(row["commission"]),
            criterion=criteria.get(row["criterion"]),
            member=members.get(row["member"]),
            value=row["value"],
            note=row["note"],
        )
        for row in rows
    ]
