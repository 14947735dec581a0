"""The JSON API for importing a document: the same service the upload page and CLI call."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from commissioning.access.api_permissions import MayImport
from commissioning.domain.plan import PlanError
from commissioning.plans.services import (
    authorise_import,
    check_upload,
    import_document,
    oversized_request,
)
from commissioning.programmes.api import TimescaleSerializer
from commissioning.reading import parse_columns


class ImportRequestSerializer(serializers.Serializer):
    """A document to import, and where to."""

    file = serializers.FileField(
        help_text="A plan: text or Markdown, CSV, Excel .xlsx, Word .docx or PDF"
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
    overwrite = serializers.BooleanField(
        default=False,
        help_text="Where a person changed a field the document changed too, take the "
        "document's value (default: keep the person's and report the conflict)",
    )
    columns = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="What columns hold, where the importer reads them wrongly: "
        '"title=Project name,owners=Dept,rag=DCA status" (meanings: title, timescale, '
        "owners, progress, status, rag, ref, section, ignore)",
    )


class ColumnReadingSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    header = serializers.CharField()
    meaning = serializers.CharField(help_text="title, timescale, owners, …, or ignore")
    confidence = serializers.FloatField(help_text="0 to 1")
    why = serializers.CharField()


class TableReadingSerializer(serializers.Serializer):
    location = serializers.CharField()
    header_row = serializers.IntegerField(allow_null=True)
    layout = serializers.CharField(help_text="The header texts joined with ' | '")
    unsure = serializers.BooleanField()
    columns = ColumnReadingSerializer(many=True)


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


class DifferenceSerializer(serializers.Serializer):
    """A field of a stored stage or action the document changes, or a conflict about it."""

    item = serializers.CharField(help_text="The stage or action, as people know it")
    kind = serializers.CharField(help_text="stage or action")
    id = serializers.IntegerField()
    field = serializers.CharField(
        help_text="code, title, section, rag, timescale, status or owners"
    )
    base = serializers.JSONField(help_text="What the last import said; null if not recorded")
    current = serializers.JSONField(help_text="What the item holds now")
    document = serializers.JSONField(help_text="What the document says now")
    line = serializers.IntegerField()


class ImportConflictSerializer(DifferenceSerializer):
    key = serializers.CharField(help_text="Names this conflict while its values stay the same")
    resolution = serializers.ChoiceField(
        choices=["keep", "document"], help_text="Kept the person's value, or took the document's"
    )
    chosen = serializers.BooleanField(
        help_text="False when kept only because nobody chose: the next import asks again"
    )


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
    tables = TableReadingSerializer(many=True)
    changes = DifferenceSerializer(many=True)
    conflicts = ImportConflictSerializer(many=True)
    programme = serializers.CharField(help_text="The programme's name")
    dry_run = serializers.BooleanField()
    run = ImportRunSerializer(allow_null=True)


class ImportErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What is wrong, naming the file and line or cell")


class ImportView(APIView):
    """Import a plan from a document into a programme, or preview it with ``dry_run``.

    A field a person changed since the last import keeps their value; where the document
    changed it too, the conflict is listed and kept unless ``overwrite`` is set.

    Only a programme's managers import into it, and only site administrators start a new one.
    Who may import is settled before the upload is read; a request larger than the upload
    limit is refused before it is parsed, and a file over it before it is read.
    """

    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [IsAuthenticated, MayImport]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication and permissions first
        refusal = oversized_request(request.META.get("CONTENT_LENGTH"))
        if refusal:
            raise ParseError(refusal)

    @extend_schema(
        operation_id="imports_create",
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: OpenApiResponse(ImportResultSerializer, description="A dry run: nothing written"),
            201: OpenApiResponse(ImportResultSerializer, description="Imported"),
            400: OpenApiResponse(
                ImportErrorSerializer,
                description="The document could not be read, or is over one of the import "
                "limits (size, unzipped size, rows, columns, cells, merged cells, list "
                "nesting, reading time)",
            ),
            403: OpenApiResponse(
                ImportErrorSerializer,
                description="Not a manager of the programme (only site administrators start "
                "new programmes); decided before the file is read",
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
        programme = given.validated_data.get("programme") or None
        try:
            authorise_import(user=request.user, programme=programme)
            check_upload(size=upload.size, filename=upload.name)
            result = import_document(
                data=upload.read(),
                filename=upload.name,
                user=request.user,
                programme=programme,
                dry_run=dry_run,
                overwrite=given.validated_data["overwrite"],
                partnership=given.validated_data.get("partnership") or None,
                in_request=True,
                columns=parse_columns(given.validated_data["columns"])
                if given.validated_data.get("columns")
                else None,
            )
        except PlanError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        run = result.run
        body = {
            **result.plan.to_json(),
            "changes": [change.to_json() for change in result.changes],
            "conflicts": [conflict.to_json() for conflict in result.conflicts],
            "programme": result.programme_name,
            "dry_run": dry_run,
            "run": None
            if run is None
            else {"id": run.pk, "counts": run.counts, "warnings": run.warnings},
        }
        return Response(body, status=status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED)
