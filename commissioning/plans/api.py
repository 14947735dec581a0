"""The JSON API for importing a document: the same service the upload page and CLI call."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.plans.plan import PlanError
from commissioning.plans.services import import_document
from commissioning.programmes.api import TimescaleSerializer


class ImportRequestSerializer(serializers.Serializer):
    """A document to import, and where to."""

    file = serializers.FileField(
        help_text="A plan: text or Markdown, CSV, Excel .xlsx or Word .docx"
    )
    programme = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The programme's name or slug; created if new. Default: the document's title",
    )
    partnership = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="The slug or name of the partnership a new programme belongs to (needed "
        "when there is more than one partnership)",
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="Read the document and show the plan, but write nothing"
    )


# The shapes below only describe the plan JSON for the schema; the plan serialises itself.


class PlanWarningSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    message = serializers.CharField()


class PlanOwnerSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    resolved = serializers.BooleanField()


class PlanDeliverableSerializer(serializers.Serializer):
    scope = serializers.CharField()
    text = serializers.CharField()
    line = serializers.IntegerField()
    children = serializers.ListField(
        child=serializers.DictField(), help_text="Nested deliverables, in the same shape"
    )


class PlanStageSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    due = TimescaleSerializer(allow_null=True)
    line = serializers.IntegerField()
    deliverables = PlanDeliverableSerializer(many=True)


class PlanActionSerializer(serializers.Serializer):
    ref = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    timescale = TimescaleSerializer(allow_null=True)
    owners = PlanOwnerSerializer(many=True)
    progress = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    status_suggested = serializers.BooleanField()
    rag = serializers.CharField(allow_null=True)
    line = serializers.IntegerField()
    section = serializers.CharField(allow_null=True)
    stage = serializers.CharField(allow_null=True)


class ImportRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    warnings = PlanWarningSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    """The plan read from the document, and the import run recorded (none for a dry run)."""

    title = serializers.CharField(allow_null=True)
    as_of = TimescaleSerializer(allow_null=True)
    stages = PlanStageSerializer(many=True)
    actions = PlanActionSerializer(many=True)
    warnings = PlanWarningSerializer(many=True)
    programme = serializers.CharField(help_text="The programme's name")
    dry_run = serializers.BooleanField()
    run = ImportRunSerializer(allow_null=True)


class ImportErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What is wrong, naming the file and line or cell")


class ImportView(APIView):
    """Import a plan from a document into a programme, or preview it with ``dry_run``.

    Only a programme's managers import into it, and only site administrators start a new one.
    """

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="imports_create",
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: OpenApiResponse(ImportResultSerializer, description="A dry run: nothing written"),
            201: OpenApiResponse(ImportResultSerializer, description="Imported"),
            400: OpenApiResponse(
                ImportErrorSerializer, description="The document could not be read"
            ),
            403: OpenApiResponse(
                ImportErrorSerializer,
                description="Not a manager of the programme (only site administrators start "
                "new programmes)",
            ),
        },
        examples=[
            OpenApiExample(
                "Unreadable document",
                value={"detail": "plan.xlsx, sheet Plan cell B4: not a timescale"},
                response_only=True,
                status_codes=["400"],
            )
        ],
    )
    def post(self, request):
        given = ImportRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        upload = given.validated_data["file"]
        dry_run = given.validated_data["dry_run"]
        try:
            result = import_document(
                data=upload.read(),
                filename=upload.name,
                user=request.user,
                programme=given.validated_data.get("programme") or None,
                dry_run=dry_run,
                partnership=given.validated_data.get("partnership") or None,
            )
        except PlanError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        run = result.run
        body = {
            **result.plan.to_json(),
            "programme": result.programme_name,
            "dry_run": dry_run,
            "run": None
            if run is None
            else {"id": run.pk, "counts": run.counts, "warnings": run.warnings},
        }
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)
