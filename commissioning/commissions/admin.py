from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.commissions.models import (
    Commission,
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationPlan,
    Lesson,
    Milestone,
    Score,
    ScoringRound,
    StageMove,
)


class StageMoveInline(admin.TabularInline):
    model = StageMove
    extra = 0
    can_delete = False
    readonly_fields = ["from_stage", "to_stage", "moved_at", "moved_by", "why"]

    def has_add_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Commission)
class CommissionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "stage", "status", "route", "is_pilot"]
    list_filter = ["partnership", "stage", "status", "route", "is_pilot"]
    search_fields = ["title"]
    filter_horizontal = ["outcomes", "gaps", "providers"]
    readonly_fields = ["stage", "stage_since"]
    inlines = [StageMoveInline, MilestoneInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "scale"]
    inlines = [CriterionInline]


@admin.register(ScoringRound)
class ScoringRoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "held_on", "approved_meeting"]
    filter_horizontal = ["panel", "commissions"]


@admin.register(Score)
class ScoreAdmin(SimpleHistoryAdmin):
    list_display = ["scoring_round", "commission", "criterion", "member", "value"]
    list_filter = ["scoring_round"]


admin.site.register(EvaluationPlan, SimpleHistoryAdmin)
admin.site.register(Evaluation, SimpleHistoryAdmin)


@admin.register(Lesson)
class LessonAdmin(SimpleHistoryAdmin):
    list_display = ["text", "partnership", "target", "acted_on"]
    list_filter = ["partnership", "target"]
