"""What every programme resource of the API shares: scoping, the archived filter, archiving,
and the timescale and latest-progress shapes."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from commissioning.access import rules as access
from commissioning.domain.timescales import Precision
from commissioning.programmes import queries
from commissioning.programmes.concurrency import changes_since, current_version
from commissioning.programmes.models import (
    Action,
    Deliverable,
    Programme,
    StatusChoices,
)

AS_OF_HELP = "When the progress is as of, as people write it, like May 2008"


# --- Scoping: every lookup goes through these; the rules are in commissioning.access.rules ------


def programmes_for(user) -> QuerySet[Programme]:
    """The programmes ``user`` may see."""
    return access.visible_programmes(user)


def actions_for(user) -> QuerySet[Action]:
    return access.visible_actions(user)


def deliverables_for(user) -> QuerySet[Deliverable]:
    return access.visible_deliverables(user)


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


def archive_or_restore(view, request, change, verb: str) -> Response:
    """Archive or restore the view's record (programme managers only), and show it."""
    item = view.get_object()
    try:
        access.require_manage(request.user, item)
    except PermissionDenied as refused:
        noun = item._meta.verbose_name
        raise PermissionDenied(
            f"You are not allowed to {verb} this {noun}: only the programme's managers can"
        ) from refused
    change(item=item, user=request.user)
    return with_etag(Response(view.get_serializer(view.get_queryset().get(pk=item.pk)).data), item)


def archive_schema(serializer, verb: str):
    return extend_schema(
        request=None,
        parameters=[ETAG_HEADER],
        responses={
            200: serializer,
            403: error_response(f"Not allowed: only the programme's managers can {verb} it"),
            404: error_response("No such record, or not one you can see"),
        },
    )


# --- Versions: ETag on the way out, If-Match on the way in ----------------------------------


class ErrorSerializer(serializers.Serializer):
    """The shape of every error but a field error: what went wrong, in a sentence."""

    detail = serializers.CharField()


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    was = serializers.CharField(help_text="Its value in the version you sent")
    now = serializers.CharField(help_text="Its value now")


class ConflictSerializer(ErrorSerializer):
    """A refused change: someone saved the record since the version you sent."""

    etag = serializers.CharField(help_text="The record's current ETag, to send after re-reading")
    changed_by = serializers.CharField()
    changed = FieldChangeSerializer(many=True)


def error_response(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    location=OpenApiParameter.HEADER,
    description="The record's version; send it back as If-Match to change the record",
    response=[200],
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=True,
    description=(
        "The ETag of the record as you last read it. Without it the change is refused "
        "(428); if the record changed since, it is refused (412) with what changed"
    ),
)
PRECONDITION_RESPONSES = {
    412: OpenApiResponse(
        ConflictSerializer, description="The record changed since the version in If-Match"
    ),
    428: error_response("If-Match is missing: read the record and send its ETag"),
}


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "Send the record's ETag in an If-Match header: read the record first, so that a change "
        "someone else made meanwhile is not overwritten"
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def etag(item) -> str:
    return f'"{current_version(item)}"'


def with_etag(response: Response, item) -> Response:
    response["ETag"] = etag(item)
    return response


def required_version(request, item, fields: dict[str, str]) -> int:
    """The version in the request's If-Match header, if it is ``item``'s current one; else
    428 (no header) or 412 with who changed which of ``fields`` since."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    text = header.removeprefix("W/").strip().strip('"')
    version = int(text) if text.isdigit() and len(text) < 19 else None
    if version is None or version != current_version(item):
        raise conflict(item, version, fields)
    return version


def conflict(item, version: int | None, fields: dict[str, str]) -> PreconditionFailed:
    """412: who changed which fields since ``version``, and the ETag to send after re-reading."""
    who, changes = changes_since(item, version, fields)
    noun = item._meta.verbose_name
    named = ", ".join(change.field for change in changes) or "nothing you can change here"
    return PreconditionFailed(
        {
            "detail": (
                f"This {noun} has changed since the version you sent ({who} changed: {named}). "
                "Read it again and make your change to the current version."
            ),
            "etag": etag(item),
            "changed_by": who,
            "changed": [
                {"field": change.field, "was": change.was, "now": change.now} for change in changes
            ],
        }
    )


class RetrieveWithETag:
    """A record's own URL answers with its version in the ETag header."""

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        return with_etag(Response(self.get_serializer(item).data), item)


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
        latest = queries.latest_update(item)
        if latest is None:
            return None
        return {"as_of": latest.as_of_text, "text": latest.text, "status": latest.status}
