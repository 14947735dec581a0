"""Stages of programmes, each with its due timescale."""

from __future__ import annotations

import django_filters
from rest_framework import serializers, viewsets

from commissioning.access import rules as access
from commissioning.programmes.api.base import (
    LISTS_HIDE_ARCHIVED,
    HidesArchived,
    RetrieveWithETag,
    TimescaleSerializer,
)
from commissioning.programmes.models import Stage


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
class StageViewSet(RetrieveWithETag, HidesArchived, viewsets.ReadOnlyModelViewSet):
    """Stages of programmes (T1, T2, …), each with its due timescale."""

    serializer_class = StageSerializer
    filterset_class = StageFilter

    def get_queryset(self):
        return access.visible_stages(self.request.user).select_related("programme")
