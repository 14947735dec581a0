from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.outcomes.models import (
    Alignment,
    AlignmentMark,
    ChainLink,
    ChainNode,
    Gap,
    GapStatusMove,
    NeedsAnalysis,
    Outcome,
    OutcomeChain,
    ProgrammeLink,
)


@admin.register(Outcome)
class OutcomeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "level", "theme", "partnership", "status"]
    list_filter = ["partnership", "level", "status"]
    search_fields = ["code", "title"]


class ChainLinkInline(admin.TabularInline):
    model = ChainLink
    fk_name = "chain"
    extra = 0
    raw_id_fields = ["from_outcome", "to_outcome"]


@admin.register(OutcomeChain)
class OutcomeChainAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner_organisation", "partnership", "status"]
    list_filter = ["partnership", "status"]
    inlines = [ChainLinkInline]


@admin.register(ChainNode)
class ChainNodeAdmin(SimpleHistoryAdmin):
    list_display = ["chain", "outcome"]
    raw_id_fields = ["outcome"]


class AlignmentMarkInline(admin.TabularInline):
    model = AlignmentMark
    extra = 0
    raw_id_fields = ["partner_outcome", "council_outcome"]


@admin.register(Alignment)
class AlignmentAdmin(SimpleHistoryAdmin):
    list_display = ["partner_chain", "council_chain", "partnership"]
    inlines = [AlignmentMarkInline]


@admin.register(NeedsAnalysis)
class NeedsAnalysisAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "timescale_text", "partnership"]
    list_filter = ["partnership", "kind"]
    filter_horizontal = ["outcomes"]


class GapStatusMoveInline(admin.TabularInline):
    model = GapStatusMove
    extra = 0
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Gap)
class GapAdmin(SimpleHistoryAdmin):
    list_display = ["description", "outcome", "severity", "status", "status_date"]
    list_filter = ["partnership", "severity", "status"]
    inlines = [GapStatusMoveInline]


@admin.register(ProgrammeLink)
class ProgrammeLinkAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "partnership"]
    raw_id_fields = ["deliverable", "action", "outcome", "chain", "needs_analysis"]
