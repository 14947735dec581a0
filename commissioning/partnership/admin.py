from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import JsonResponse
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from commissioning.access import rules as access
from commissioning.partnership.models import (
    Agreement,
    Body,
    Contribution,
    Decision,
    Meeting,
    Membership,
    Organisation,
    Partnership,
    PartnershipRole,
    Person,
    Post,
    PostTenure,
    ProgrammeRole,
    Team,
)
from commissioning.partnership.people import anonymise_person, export_person, placeholder_name


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind"]
    search_fields = ["name", "short_name"]


class PartnershipRoleInline(admin.TabularInline):
    model = PartnershipRole
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    """The tenancy root: its lead, partners and who holds a role in its governance."""

    list_display = ["name", "slug", "lead_organisation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners"]
    inlines = [PartnershipRoleInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "job_title", "email", "user"]
    search_fields = ["name", "email", "user__username"]
    raw_id_fields = ["user"]
    actions = ["anonymise", "export"]

    def has_personal_data_permission(self, request) -> bool:
        """Anonymising and subject access exports are for site administrators only."""
        return access.is_site_administrator(request.user)

    @admin.action(
        description="Anonymise selected people (they have left)", permissions=["personal_data"]
    )
    def anonymise(self, request, queryset):
        """Ask to confirm, then anonymise each selected person."""
        people = list(queryset.select_related("organisation"))
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": "Are you sure? Anonymising cannot be undone",
                "opts": self.model._meta,
                "people": [(person, placeholder_name(person)) for person in people],
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            template = "admin/partnership/person/anonymise_confirmation.html"
            return TemplateResponse(request, template, context)
        for person in people:
            result = anonymise_person(person=person, by=request.user)
            to_review = result.progress_updates_to_review or result.owners_to_review
            level = messages.WARNING if to_review else messages.SUCCESS
            self.message_user(request, result.summary, level)
        return None

    @admin.action(
        description="Download everything held about selected people (subject access)",
        permissions=["personal_data"],
    )
    def export(self, request, queryset):
        people = [export_person(person=person) for person in queryset]
        response = JsonResponse({"people": people}, json_dumps_params={"indent": 2})
        response["Content-Disposition"] = 'attachment; filename="subject-access.json"'
        return response


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "organisation"]
    list_filter = ["partnership"]
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
    list_display = ["name", "partnership", "kind", "unit_type", "organisation", "parent"]
    list_filter = ["partnership", "kind", "unit_type"]
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
    list_display = ["title", "partnership", "kind", "status", "host", "start", "end"]
    list_filter = ["partnership", "kind", "status"]
    search_fields = ["title"]
    filter_horizontal = ["parties", "actions"]
    inlines = [ContributionInline]


@admin.register(Contribution)
class ContributionAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "organisation", "financial_year", "amount"]
    list_filter = ["financial_year"]


# --- Who may do what ----------------------------------------------------------------------------


@admin.register(ProgrammeRole)
class ProgrammeRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "programme", "role"]
    list_filter = ["role", "programme"]
    search_fields = ["user__username", "programme__name"]
    raw_id_fields = ["user"]
