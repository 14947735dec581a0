"""What every programme resource of the API shares: scoping, the archived filter, archiving,
and the timescale and latest-progress shapes."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.response import Response

from commissioning.core import access
from commissioning.plans.timescales import Precision
from commissioning.programmes import services
from commissioning.programmes.models import (
    Action,
    Deliverable,
    Programme,
    ProgressUpdate,
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
