"""The site administrators' admin. Programmes, stages, deliverables and actions are archived,
never deleted here; an archived action or deliverable may be purged for good."""

from django.contrib import admin, messages
from django.db import transaction
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
from commissioning.programmes.services import (
    PurgeRefused,
    archive_item,
    purge_item,
    restore_item,
)

ARCHIVED_FIELDS = ["archived_at", "archived_by"]
ARCHIVED_FILTER = ("archived_at", admin.EmptyFieldListFilter)


@admin.action(description="Archive selected items")
def archive_selected(modeladmin, request, queryset) -> None:
    with transaction.atomic():
        for item in queryset:
            archive_item(item=item, user=request.user)
    modeladmin.message_user(request, "Archived: restore them at any time", messages.SUCCESS)


@admin.action(description="Restore selected archived items")
def restore_selected(modeladmin, request, queryset) -> None:
    with transaction.atomic():
        for item in queryset:
            restore_item(item=item, user=request.user)
    modeladmin.message_user(request, "Restored", messages.SUCCESS)


class ArchivedNotDeleted(SimpleHistoryAdmin):
    """Shows who archived a record, and never deletes: archive it instead."""

    readonly_fields = ARCHIVED_FIELDS
    actions = [archive_selected, restore_selected]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.action(description="Purge selected archived items (delete for good)")
def purge_archived(modeladmin, request, queryset) -> None:
    """Delete the selected items for good: all archived and a site administrator, or none."""
    items = list(queryset)
    try:
        with transaction.atomic():
            for item in items:
                purge_item(item=item, user=request.user)
    except PurgeRefused as refusal:
        modeladmin.message_user(request, f"{refusal}. Nothing was purged.", messages.ERROR)
        return
    modeladmin.message_user(request, f"Purged {len(items)} item(s) for good", messages.SUCCESS)


class StageInline(admin.TabularInline):
    model = Stage
    fields = ["order", "code", "title", "timescale_text", "timescale_end"]
    readonly_fields = ["timescale_end"]
    extra = 0
    can_delete = False  # archived, never deleted


@admin.register(Programme)
class ProgrammeAdmin(ArchivedNotDeleted):
    list_display = ["name", "partnership", "lead_organisation", "archived_at"]
    list_filter = ["partnership", ARCHIVED_FILTER]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners"]
    inlines = [StageInline]


class DeliverableInline(admin.TabularInline):
    model = Deliverable
    fields = ["order", "scope", "parent", "text", "status"]
    extra = 0
    can_delete = False  # archived, never deleted


@admin.register(Stage)
class StageAdmin(ArchivedNotDeleted):
    list_display = ["code", "title", "programme", "timescale_text", "timescale_end", "archived_at"]
    list_filter = ["programme", ARCHIVED_FILTER]
    inlines = [DeliverableInline]


@admin.register(Deliverable)
class DeliverableAdmin(ArchivedNotDeleted):
    list_display = ["text", "stage", "scope", "status", "archived_at"]
    list_filter = ["stage__programme", "scope", "status", ARCHIVED_FILTER]
    search_fields = ["text"]
    actions = [archive_selected, restore_selected, purge_archived]


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
class ActionAdmin(ArchivedNotDeleted):
    list_display = [
        "title",
        "programme",
        "timescale_text",
        "timescale_end",
        "status",
        "archived_at",
    ]
    list_filter = ["programme", "status", "status_suggested", ARCHIVED_FILTER]
    search_fields = ["title", "ref"]
    actions = [archive_selected, restore_selected, purge_archived]
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
