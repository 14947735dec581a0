"""Deliverables of stages, with their latest progress; archived and restored, never deleted."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets
from rest_framework.decorators import action as api_action

from commissioning.programmes import queries, services
from commissioning.programmes.api.base import (
    LISTS_HIDE_ARCHIVED,
    HidesArchived,
    IdFilter,
    LatestProgressMixin,
    RetrieveWithETag,
    archive_or_restore,
    archive_schema,
    deliverables_for,
)
from commissioning.programmes.models import Deliverable


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
class DeliverableViewSet(RetrieveWithETag, HidesArchived, viewsets.ReadOnlyModelViewSet):
    """Deliverables of stages, internal or external, with their latest progress.

    Deliverables are archived, never deleted: POST ``archive/`` and ``restore/``.
    """

    serializer_class = DeliverableSerializer
    filterset_class = DeliverableFilter

    def get_queryset(self):
        queryset = deliverables_for(self.request.user).select_related("stage__programme")
        return queries.with_latest_progress(queryset)

    @archive_schema(DeliverableSerializer, "archive")
    @api_action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive the deliverable: it leaves every list and report, and can be restored."""
        return archive_or_restore(self, request, services.archive_item, "archive")

    @archive_schema(DeliverableSerializer, "restore")
    @api_action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        """Restore an archived deliverable."""
        return archive_or_restore(self, request, services.restore_item, "restore")
