"""Programmes: their lead organisation, partners and number of actions."""

from __future__ import annotations

from django.db.models import Count, Q
from rest_framework import serializers, viewsets

from commissioning.programmes.api.base import (
    LISTS_HIDE_ARCHIVED,
    HidesArchived,
    RetrieveWithETag,
    programmes_for,
)
from commissioning.programmes.models import Programme


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
class ProgrammeViewSet(RetrieveWithETag, HidesArchived, viewsets.ReadOnlyModelViewSet):
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
