"""The JSON API for programmes, stages, deliverables, actions and progress updates.

Read-only except progress updates, which may be added (never edited), and actions, which may
be changed (PATCH). Every list is read in a fixed number of queries, whatever its size, and
shows only what the user may see (``commissioning.core.access``). Lists leave archived
records out (``?archived=true`` lists only those); actions and deliverables are archived and
restored (POST ``…/archive/``, ``…/restore/``), never deleted.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action as api_action
from rest_framework.response import Response

from commissioning.core import access
from commissioning.core.api_permissions import MayChangeAction
from commissioning.domain.timescales import Precision, Timescale, parse_timescale
from commissioning.programmes import services
from commissioning.programmes.filters import ActionFilter
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    ProgressUpdate,
    Stage,
    StatusChoices,
)

AS_OF_HELP = "When the progress is as of, as people write it, like May 2008"


# --- Scoping: every lookup goes through these; the rules are in commissioning.core.access ------


def programmes_for(user) -> QuerySet[Programme]:
    """The programmes ``user`` may see."""
    return access.visible_programmes(user)


def actions_for(user) -> QuerySet[Action]:
    return access.visible_actions(user)


def deliverables_for(user) -> QuerySet[Deliverable]:
    return access.visible_deliverables(user)


def with_latest_progress(queryset: QuerySet, item: str) -> QuerySet:
    """Annotate each action or deliverable with its latest progress update, in the same query."""
    latest = ProgressUpdate.objects.filter(**{item: OuterRef("pk")}).order_by(
        *services.PROGRESS_ORDER
    )
    return queryset.annotate(
        latest_progress_id=Subquery(latest.values("id")[:1]),
        latest_progress_as_of=Subquery(latest.values("as_of_text")[:1]),
        latest_progress_text=Subquery(latest.values("text")[:1]),
        latest_progress_status=Subquery(latest.values("status")[:1]),
    )


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number the database can hold, else a 400 for the parameter."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=2**63 - 1, **kwargs)


ARCHIVED_PARAMETER = OpenApiParameter(
    "archived",
    bool,
    description="true lists only archived records; left out, archived records are not listed",
)


class HidesArchived:
    """Lists leave archived records out unless ``?archived=true`` asks for only those; a
    record's own URL answers either way."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action != "list":
            return queryset
        if self.request.query_params.get("archived", "").lower() in {"true", "1"}:
            return queryset.archived()
        return queryset.not_archived()


LISTS_HIDE_ARCHIVED = extend_schema_view(list=extend_schema(parameters=[ARCHIVED_PARAMETER]))


def archive_or_restore(view, request, change) -> Response:
    """Archive or restore the view's record (programme managers only), and show it."""
    item = view.get_object()
    access.require_manage(request.user, item)
    change(item=item, user=request.user)
    return Response(view.get_serializer(view.get_queryset().get(pk=item.pk)).data)


def archive_schema(serializer, verb: str):
    return extend_schema(
        request=None,
        responses={
            200: serializer,
            403: OpenApiResponse(description=f"Only the programme's managers can {verb} it"),
            404: OpenApiResponse(description="No such record, or not one you can see"),
        },
    )


# --- Shapes shared by several resources ------------------------------------------------------


class TimescaleSerializer(serializers.Serializer):
    """A timescale as written, with the window it was read as."""

    text = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    precision = serializers.ChoiceField(choices=[p.value for p in Precision])


class LatestProgressSerializer(serializers.Serializer):
    """The most recent progress update of an action or deliverable."""

    as_of = serializers.CharField(help_text="As written, like March 2008")
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=StatusChoices.choices)


class LatestProgressMixin(serializers.Serializer):
    latest_progress = serializers.SerializerMethodField()

    @extend_schema_field(LatestProgressSerializer(allow_null=True))
    def get_latest_progress(self, item) -> dict | None:
        if item.latest_progress_id is None:
            return None
        return {
            "as_of": item.latest_progress_as_of,
            "text": item.latest_progress_text,
            "status": item.latest_progress_status,
        }


# --- Programmes --------------------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api-programme-detail", lookup_field="slug"
    )
    lead_organisation = serializers.SlugRelatedField(
        slug_field="name", read_only=True, allow_null=True
    )
    partners = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    action_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "slug",
            "name",
            "description",
            "lead_organisation",
            "partners",
            "action_count",
            "archived_at",
            "url",
        ]


@LISTS_HIDE_ARCHIVED
class ProgrammeViewSet(HidesArchived, viewsets.ReadOnlyModelViewSet):
    """Programmes, with their lead organisation, partners and number of actions."""

    serializer_class = ProgrammeSerializer
    lookup_field = "slug"
    filter_backends: list = []

    def get_queryset(self):
        return (
            programmes_for(self.request.user)
            .select_related("lead_organisation")
            .prefetch_related("partners")
            .annotate(action_count=Count("actions", filter=Q(actions__archived_at__isnull=True)))
            .order_by("name")
        )


# --- Stages ------------------------------------------------------------------------------------


class StageFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        field_name="programme__slug", label="Programme (its slug)"
    )

    class Meta:
        model = Stage
        fields: list[str] = []


class StageSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-stage-detail")
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    timescale = TimescaleSerializer(read_only=True, allow_null=True)
    due = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Stage
        fields = [
            "id",
            "programme",
            "code",
            "title",
            "order",
            "timescale",
            "due",
            "archived_at",
            "url",
        ]


@LISTS_HIDE_ARCHIVED
class StageViewSet(HidesArchived, viewsets.ReadOnlyModelViewSet):
    """Stages of programmes (T1, T2, …), each with its due timescale."""

    serializer_class = StageSerializer
    filterset_class = StageFilter

    def get_queryset(self):
        return access.visible_stages(self.request.user).select_related("programme")


# --- Deliverables ------------------------------------------------------------------------------


class DeliverableFilter(django_filters.FilterSet):
    programme = django_filters.CharFilter(
        field_name="stage__programme__slug", label="Programme (its slug)"
    )
    stage = IdFilter(field_name="stage_id", label="Stage (its id)")

    class Meta:
        model = Deliverable
        fields: list[str] = []


class DeliverableSerializer(LatestProgressMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-deliverable-detail")
    programme = serializers.CharField(source="stage.programme.slug", read_only=True)

    class Meta:
        model = Deliverable
        fields = [
            "id",
            "programme",
            "stage",
            "parent",
            "scope",
            "text",
            "order",
            "status",
            "status_suggested",
            "latest_progress",
            "archived_at",
            "url",
        ]
        read_only_fields = fields


@LISTS_HIDE_ARCHIVED
class DeliverableViewSet(HidesArchived, viewsets.ReadOnlyModelViewSet):
    """Deliverables of stages, internal or external, with their latest progress.

    Deliverables are archived, never deleted: POST ``archive/`` and ``restore/``.
    """

    serializer_class = DeliverableSerializer
    filterset_class = DeliverableFilter

    def get_queryset(self):
        queryset = deliverables_for(self.request.user).select_related("stage__programme")
        return with_latest_progress(queryset, "deliverable")

    @archive_schema(DeliverableSerializer, "archive")
    @api_action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive the deliverable: it leaves every list and report, and can be restored."""
        return archive_or_restore(self, request, services.archive_item)

    @archive_schema(DeliverableSerializer, "restore")
    @api_action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Restore an archived deliverable."""
        return archive_or_restore(self, request, services.restore_item)


# --- Actions -----------------------------------------------------------------------------------


class ProgrammeActionFilter(ActionFilter):
    """The action page's filters, plus the programme the actions belong to."""

    programme = django_filters.CharFilter(
        field_name="programme__slug", label="Programme (its slug)"
    )

    # The parent's filters read dates and organisations from text the schema cannot see;
    # these say what each parameter takes. A date may be written as people write it.
    @extend_schema_field({"type": "string", "example": "31 March 2008"})
    def filter_due_before(self, queryset, name, value):
        return super().filter_due_before(queryset, name, value)

    @extend_schema_field({"type": "string", "example": "31 March 2008"})
    def filter_overdue(self, queryset, name, value):
        return super().filter_overdue(queryset, name, value)

    @extend_schema_field(OpenApiTypes.INT)
    def filter_organisation(self, queryset, name, value):
        return super().filter_organisation(queryset, name, value)


class ActionOwnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionOwner
        fields = ["name", "kind", "person", "team", "organisation"]
        read_only_fields = fields


class ActionSerializer(LatestProgressMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-action-detail")
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    timescale = TimescaleSerializer(read_only=True, allow_null=True)
    due = serializers.DateField(read_only=True, allow_null=True)
    owners = ActionOwnerSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "ref",
            "title",
            "programme",
            "section",
            "timescale",
            "due",
            "status",
            "status_suggested",
            "owners",
            "latest_progress",
            "archived_at",
            "url",
        ]
        read_only_fields = fields


class ActionChangeSerializer(serializers.Serializer):
    """What may be changed on an action: its status (for those who answer for it), or its
    wording and timescale (for the programme's managers)."""

    title = serializers.CharField(required=False)
    ref = serializers.CharField(required=False, allow_blank=True, max_length=40)
    section = serializers.CharField(required=False, allow_blank=True, max_length=500)
    timescale = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text="As people write it"
    )
    status = serializers.ChoiceField(
        choices=StatusChoices.choices, required=False, help_text="Confirms or changes the status"
    )

    def validate_timescale(self, value: str) -> str:
        if value.strip() and not parse_timescale(value).is_parsed:
            raise serializers.ValidationError(
                f"Could not read {value!r} as a timescale: enter a date or period, like "
                "April 2008, 31/03/2009 or Q3 2010/11"
            )
        return value


@LISTS_HIDE_ARCHIVED
class ActionViewSet(HidesArchived, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """The action plan: filter by programme, text, status, owner, organisation and dates.

    PATCH changes an action: its status alone may be set by anyone who answers for the action
    (a contributor of the owning organisation, team or person); anything else only by the
    programme's managers. An action the user cannot see is 404; one they may not change, 403.
    Actions are archived, never deleted: POST ``archive/`` and ``restore/`` (managers only).
    """

    serializer_class = ActionSerializer
    filterset_class = ProgrammeActionFilter
    http_method_names = ["get", "patch", "post", "head", "options"]

    def get_permissions(self):
        return [*super().get_permissions(), MayChangeAction()]

    def get_queryset(self):
        queryset = (
            actions_for(self.request.user)
            .select_related("programme")
            .prefetch_related(Prefetch("owners", queryset=ActionOwner.objects.order_by("order")))
        )
        return with_latest_progress(queryset, "action")

    @extend_schema(
        request=ActionChangeSerializer,
        responses={
            200: ActionSerializer,
            400: OpenApiResponse(description="A field error for each field to correct"),
            403: OpenApiResponse(description="Not allowed to make this change"),
            404: OpenApiResponse(description="No such action, or not one you can see"),
        },
    )
    def partial_update(self, request, *args, **kwargs):
        action = self.get_object()
        given = ActionChangeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        with transaction.atomic():
            if data.keys() - {"status"}:
                services.update_action(
                    action=action,
                    author=request.user,
                    title=data.get("title", action.title),
                    ref=data.get("ref", action.ref),
                    timescale_text=data.get("timescale", action.timescale_text),
                    section=data.get("section", action.section),
                )
            if "status" in data:
                services.confirm_status(item=action, author=request.user, status=data["status"])
        return Response(self.get_serializer(self.get_queryset().get(pk=action.pk)).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @archive_schema(ActionSerializer, "archive")
    @api_action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive the action: it leaves every list and report, and can be restored."""
        return archive_or_restore(self, request, services.archive_item)

    @archive_schema(ActionSerializer, "restore")
    @api_action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Restore an archived action."""
        return archive_or_restore(self, request, services.restore_item)


# --- Progress updates --------------------------------------------------------------------------


class ProgressUpdateFilter(django_filters.FilterSet):
    action = IdFilter(field_name="action_id", label="Action (its id)")
    deliverable = IdFilter(field_name="deliverable_id", label="Deliverable (its id)")

    class Meta:
        model = ProgressUpdate
        fields: list[str] = []


class ProgressUpdateSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api-progress-update-detail")
    as_of = serializers.CharField(source="as_of_text", read_only=True, help_text=AS_OF_HELP)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "action",
            "deliverable",
            "as_of",
            "as_of_start",
            "as_of_end",
            "text",
            "status",
            "status_suggested",
            "author",
            "created_at",
            "url",
        ]
        read_only_fields = fields


class NewProgressUpdateSerializer(serializers.Serializer):
    """A progress update to add: for an action or a deliverable, as of a period."""

    action = serializers.PrimaryKeyRelatedField(
        queryset=Action.objects.all(), required=False, allow_null=True
    )
    deliverable = serializers.PrimaryKeyRelatedField(
        queryset=Deliverable.objects.all(), required=False, allow_null=True
    )
    as_of = serializers.CharField(max_length=100, help_text=AS_OF_HELP)
    text = serializers.CharField()
    status = serializers.ChoiceField(
        choices=StatusChoices.choices,
        required=False,
        allow_null=True,
        help_text="Where it stands; when left out it is suggested from the text",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions_for(user)
        self.fields["deliverable"].queryset = deliverables_for(user)

    def validate_as_of(self, value: str) -> Timescale:
        timescale = parse_timescale(value)
        if timescale.end is None or timescale.precision in {Precision.RECURRING, Precision.OPEN}:
            raise serializers.ValidationError(
                "Enter when the progress is as of, like May 2008 or 31 May 2008"
            )
        return timescale

    def validate(self, attrs):
        if bool(attrs.get("action")) == bool(attrs.get("deliverable")):
            raise serializers.ValidationError(
                {"action": "Give either an action or a deliverable, not both or neither"}
            )
        return attrs


class ProgressUpdateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Progress updates, newest first. Append-only: an update is added, never changed."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilter

    def get_queryset(self):
        return (
            access.visible_progress_updates(self.request.user)
            .select_related("author")
            .order_by(*services.PROGRESS_ORDER)
        )

    @extend_schema(
        request=NewProgressUpdateSerializer,
        responses={
            201: ProgressUpdateSerializer,
            400: OpenApiResponse(description="A field error for each field to correct"),
            403: OpenApiResponse(description="Not one of the items you may add progress to"),
        },
    )
    def create(self, request, *args, **kwargs):
        given = NewProgressUpdateSerializer(data=request.data, user=request.user)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        item = data.get("action") or data.get("deliverable")
        access.require_contribute(request.user, item)
        update = services.record_progress(
            item=item,
            author=request.user,
            as_of=data["as_of"],
            text=data["text"],
            status=data.get("status") or None,
        )
        shown = ProgressUpdateSerializer(update, context=self.get_serializer_context())
        return Response(shown.data, status=status.HTTP_201_CREATED)
