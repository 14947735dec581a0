"""The JSON API for reports: a programme as of a date, and what changed since another."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.access.api_permissions import MayReport
from commissioning.domain.rag import RAG_ORDER
from commissioning.programmes.api import TimescaleSerializer, programmes_for
from commissioning.programmes.filters import ReadableDateField
from commissioning.programmes.models import StatusChoices
from commissioning.reports.asof import build_report

DATE_HELP = "A date as people write it: 2008-03-31, 31/03/2008, 31 March 2008 or March 2008"


class ReadableDateSerializerField(serializers.Field):
    """A date typed as people write it; a month means its last day."""

    def to_internal_value(self, data):
        try:
            return ReadableDateField().clean(str(data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value):
        return value.isoformat()


class ReportQuerySerializer(serializers.Serializer):
    as_of = ReadableDateSerializerField(required=False, help_text="Default: today")
    compare = ReadableDateSerializerField(required=False)

    def validate(self, attrs):
        as_of = attrs.setdefault("as_of", timezone.localdate())
        compare = attrs.get("compare")
        if compare is not None and compare >= as_of:
            raise serializers.ValidationError(
                {"compare": ["Enter a date before the reporting date"]}
            )
        return attrs


# The shapes below only describe the report JSON for the schema; the report serialises itself.


class ProgressAsOfSerializer(serializers.Serializer):
    as_of = serializers.CharField(help_text="As written, like March 2008")
    text = serializers.CharField(allow_blank=True)


class ReportItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="stage, deliverable or action")
    id = serializers.IntegerField()
    ref = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    due = TimescaleSerializer(allow_null=True)
    status = serializers.ChoiceField(choices=StatusChoices.choices)
    status_suggested = serializers.BooleanField()
    rag = serializers.ChoiceField(choices=RAG_ORDER, allow_null=True)
    owners = serializers.ListField(child=serializers.CharField())
    progress = ProgressAsOfSerializer(allow_null=True)
    stage = serializers.CharField(allow_null=True, help_text="For deliverables: the stage")
    scope = serializers.CharField(allow_null=True, help_text="For deliverables")


class SlipSerializer(ReportItemSerializer):
    was = TimescaleSerializer(allow_null=True, help_text="The timescale on the earlier date")
    days = serializers.IntegerField(help_text="How many days later it is due now")


class ChangesSerializer(serializers.Serializer):
    since = serializers.DateField()
    completed = ReportItemSerializer(many=True)
    overdue = ReportItemSerializer(many=True, help_text="Newly overdue")
    slipped = SlipSerializer(many=True)
    added = ReportItemSerializer(many=True)
    dropped = ReportItemSerializer(many=True)


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


class CountsSerializer(serializers.Serializer):
    status = serializers.DictField(child=serializers.IntegerField())
    rag = serializers.DictField(child=serializers.IntegerField())


class ReportSerializer(serializers.Serializer):
    programme = serializers.CharField()
    as_of = serializers.DateField()
    period = PeriodSerializer()
    overall_rag = serializers.CharField(
        allow_null=True, help_text="The worst RAG of what is not complete; Blue if all is"
    )
    counts = CountsSerializer()
    items = ReportItemSerializer(many=True)
    changes = ChangesSerializer(allow_null=True)


class ProgrammeReportView(APIView):
    """A programme as it stood on a date; with ``compare``, what changed since then."""

    permission_classes = [IsAuthenticated, MayReport]

    @extend_schema(
        operation_id="programme_report",
        parameters=[
            OpenApiParameter("as_of", str, description=f"The reporting date. {DATE_HELP}"),
            OpenApiParameter(
                "compare", str, description=f"An earlier date to compare with. {DATE_HELP}"
            ),
        ],
        responses={
            200: ReportSerializer,
            400: OpenApiResponse(description="A date could not be read"),
            404: OpenApiResponse(description="No such programme, or not one you can see"),
        },
    )
    def get(self, request, slug: str):
        programme = get_object_or_404(programmes_for(request.user), slug=slug)
        self.check_object_permissions(request, programme)
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = build_report(programme=programme, **query.validated_data)
        return Response(report.to_json())
