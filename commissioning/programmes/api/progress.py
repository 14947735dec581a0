"""Progress updates: append-only, added for an action or a deliverable, never changed."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from commissioning.access import rules as access
from commissioning.domain.timescales import Precision, Timescale, parse_timescale
from commissioning.programmes import services
from commissioning.programmes.api.base import (
    AS_OF_HELP,
    IdFilter,
    actions_for,
    deliverables_for,
)
from commissioning.programmes.models import Action, Deliverable, ProgressUpdate, StatusChoices


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
