from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commissioning.partnership.models import (
    Agreement,
    Body,
    Contribution,
    Decision,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    PostTenure,
    Team,
)


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


# --- Governance ---------------------------------------------------------------------------------


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    fields = ["title", "remit", "holder", "filled_on", "order"]
    raw_id_fields = ["holder"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "unit_type", "organisation", "parent"]
    list_filter = ["kind", "unit_type"]
    search_fields = ["name"]
    inlines = [PostInline, MembershipInline]


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "remit", "body", "holder", "filled_on"]
    list_filter = ["body"]
    search_fields = ["title", "remit", "holder__name"]
    raw_id_fields = ["holder"]


@admin.register(PostTenure)
class PostTenureAdmin(SimpleHistoryAdmin):
    list_display = ["post", "person", "start", "end"]
    raw_id_fields = ["post", "person"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role_in_body", "start", "end"]
    list_filter = ["body", "role_in_body"]
    raw_id_fields = ["person"]


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    filter_horizontal = ["actions", "deliverables"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "body", "title"]
    list_filter = ["body"]
    inlines = [DecisionInline]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting"]
    filter_horizontal = ["actions", "deliverables"]


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "host", "start", "end"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    filter_horizontal = ["parties", "actions"]
    inlines = [ContributionInline]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "organisation", "financial_year", "amount"]
    list_filter = ["financial_year"]
