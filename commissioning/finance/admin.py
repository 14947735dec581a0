from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.finance.models import DeepDive, Population, SpendLine, SpendShare, Submission


class SpendShareInline(admin.TabularInline):
    model = SpendShare
    extra = 0
    raw_id_fields = ["outcome"]


@admin.register(SpendLine)
class SpendLineAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "financial_year", "phase", "service", "amount", "partnership"]
    list_filter = ["partnership", "financial_year", "phase", "kind"]
    search_fields = ["service", "organisation__name", "source"]
    raw_id_fields = ["pool"]
    inlines = [SpendShareInline]


@admin.register(Population)
class PopulationAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "financial_year", "people", "source"]
    list_filter = ["partnership"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "organisation", "financial_year", "submitted_at"]
    list_filter = ["partnership", "financial_year"]


@admin.register(DeepDive)
class DeepDiveAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "theme", "outcome"]
    list_filter = ["partnership"]
