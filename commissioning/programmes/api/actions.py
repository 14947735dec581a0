"""The action plan: filtered lists, changes (PATCH), archive and restore."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action as api_action
from rest_framework.response import Response

from commissioning.access.api_permissions import MayChangeAction
from commissioning.domain.timescales import parse_timescale
from commissioning.programmes import queries, services
from commissioning.programmes.api.base import (
    ETAG_HEADER,
    IF_MATCH,
    LISTS_HIDE_ARCHIVED,
    PRECONDITION_RESPONSES,
    HidesArchived,
    LatestProgressMixin,
    RetrieveWithETag,
    TimescaleSerializer,
    actions_for,
    archive_or_restore,
    archive_schema,
    conflict,
    error_response,
    required_version,
    with_etag,
)
from commissioning.programmes.concurrency import EditConflict
from commissioning.programmes.filters import ActionFilter
from commissioning.programmes.models import Action, ActionOwner, StatusChoices


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


# What a PATCH may change, as the 412 names them.
CHANGEABLE = {
    "title": "title",
    "ref": "ref",
    "section": "section",
    "timescale_text": "timescale",
    "status": "status",
}
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "description": "Each field to correct, with its messages",
}


@LISTS_HIDE_ARCHIVED
class ActionViewSet(
    RetrieveWithETag, HidesArchived, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
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
        return queries.with_latest_progress(queryset)

    @extend_schema(
        request=ActionChangeSerializer,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={
            200: ActionSerializer,
            400: OpenApiResponse(
                FIELD_ERRORS, description="A field error for each field to correct"
            ),
            403: error_response("Not allowed to make this change"),
            404: error_response("No such action, or not one you can see"),
            **PRECONDITION_RESPONSES,
        },
    )
    def partial_update(self, request, *args, **kwargs):
        action = self.get_object()
        version = required_version(request, action, CHANGEABLE)
        given = ActionChangeSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            with transaction.atomic():
                if data.keys() - {"status"}:
                    services.update_action(
                        action=action,
                        author=request.user,
                        title=data.get("title", action.title),
                        ref=data.get("ref", action.ref),
                        timescale_text=data.get("timescale", action.timescale_text),
                        section=data.get("section", action.section),
                        expected_version=version,
                    )
                    version = None  # claimed: the status goes in the same transaction
                if "status" in data:
                    services.confirm_status(
                        item=action,
                        author=request.user,
                        status=data["status"],
                        expected_version=version,
                    )
        except EditConflict as refused:
            action.refresh_from_db()
            raise conflict(action, refused.version, CHANGEABLE) from refused
        return with_etag(
            Response(self.get_serializer(self.get_queryset().get(pk=action.pk)).data), action
        )

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    @archive_schema(ActionSerializer, "archive")
    @api_action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive the action: it leaves every list and report, and can be restored."""
        return archive_or_restore(self, request, services.archive_item, "archive")

    @archive_schema(ActionSerializer, "restore")
    @api_action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Restore an archived action."""
        return archive_or_restore(self, request, services.restore_item, "restore")
