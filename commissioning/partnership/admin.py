from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.partnership.models import Organisation, Person, Team


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "job_title", "email"]
    search_fields = ["name", "email"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation"]
    filter_horizontal = ["members"]
