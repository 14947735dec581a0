from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    ImportRun,
    Programme,
    ProgressUpdate,
    Stage,
)


class StageInline(admin.TabularInline):
    model = Stage
    fields = ["order", "code", "title", "timescale_text", "timescale_end"]
    readonly_fields = ["timescale_end"]
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "lead_organisation"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners"]
    inlines = [StageInline]


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    fields = ["order", "scope", "parent", "text", "status"]
    extra = 0


@admin.register(Stage)
class StageAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "programme", "timescale_text", "timescale_end"]
    list_filter = ["programme"]
    inlines = [DeliverableInline]


@admin.register(Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = ["text", "stage", "scope", "status"]
    list_filter = ["stage__programme", "scope", "status"]
    search_fields = ["text"]


class ActionOwnerInline(admin.TabularInline):
    model = ActionOwner
    fields = ["order", "name", "kind", "person", "team", "organisation"]
    extra = 0


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    fields = ["as_of_text", "text", "status", "status_suggested", "author", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "timescale_text", "timescale_end", "status"]
    list_filter = ["programme", "status", "status_suggested"]
    search_fields = ["title", "ref"]
    inlines = [ActionOwnerInline, ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["as_of_text", "action", "deliverable", "status", "status_suggested", "author"]
    list_filter = ["status", "status_suggested"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "programme", "user", "created_at", "sha256"]
    readonly_fields = [
        "programme",
        "user",
        "file_name",
        "sha256",
        "created_at",
        "counts",
        "warnings",
    ]
