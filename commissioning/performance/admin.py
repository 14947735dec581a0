from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.performance.models import Indicator, IndicatorValue, TurnTheCurve


class ValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["period", "actual", "target", "target_text", "baseline", "lower", "upper"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "partnership", "theme", "polarity"]
    list_filter = ["partnership", "polarity", "kind"]
    search_fields = ["code", "title"]
    inlines = [ValueInline]


@admin.register(TurnTheCurve)
class TurnTheCurveAdmin(SimpleHistoryAdmin):
    list_display = ["indicator"]
