"""The directory: organisations, people and teams, and what each is responsible for."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render

from commissioning.access import rules as access
from commissioning.partnership.models import Organisation, Person, Team
from commissioning.partnership.people import export_person
from commissioning.partnership.presenters import responsibility_rows
from commissioning.partnership.responsibilities import (
    actions_owned,
    organisation_owners,
    organisations_with_action_counts,
    people_with_action_counts,
    teams_with_action_counts,
)
from commissioning.reports.calendar import calendar_url, has_calendar_token


def directory_entry_for(request, queryset, pk: int, visible):
    """The directory entry ``pk`` if it is one of ``visible`` (the organisations, people or
    teams of the user's partnerships), else 404; what each entry is responsible for is shown
    only in the programmes the user can see."""
    return get_object_or_404(queryset.filter(pk__in=visible.values("pk")), pk=pk)


def directory(request):
    """The organisations, people and teams of the user's partnerships, with how many actions
    each owns."""
    user = request.user
    programmes = access.visible_programmes(user)
    context = {
        "organisations": organisations_with_action_counts(programmes).filter(
            pk__in=access.visible_organisations(user).values("pk")
        ),
        "people": people_with_action_counts(programmes).filter(
            pk__in=access.visible_people(user).values("pk")
        ),
        "teams": teams_with_action_counts(programmes).filter(
            pk__in=access.visible_teams(user).values("pk")
        ),
    }
    return render(request, "partnership/directory.html", context)


def organisation_page(request, pk: int):
    """An organisation, its people and teams, and every action they own."""
    organisation = directory_entry_for(
        request,
        Organisation.objects.prefetch_related(
            Prefetch("people", queryset=access.visible_people(request.user)),
            Prefetch("teams", queryset=access.visible_teams(request.user)),
        ),
        pk,
        access.visible_organisations(request.user),
    )
    actions = actions_owned(
        organisation_owners(organisation), access.visible_programmes(request.user)
    )
    rows = responsibility_rows(actions, organisation=organisation)
    context = {"organisation": organisation, "responsibilities": rows}
    return render(request, "partnership/organisation.html", context)


def person_page(request, pk: int):
    """A person, the posts they hold, their teams, and the actions they own."""
    person = directory_entry_for(
        request,
        Person.objects.select_related("organisation").prefetch_related(
            Prefetch("teams", queryset=access.visible_teams(request.user))
        ),
        pk,
        access.visible_people(request.user),
    )
    rows = responsibility_rows(
        actions_owned(Q(person=person), access.visible_programmes(request.user))
    )
    posts = access.visible_posts(request.user).filter(holder=person).select_related("body")
    context = {
        "person": person,
        "responsibilities": rows,
        "posts": posts.order_by("body__order", "body__name", "order", "id"),
        # The signed-in person's own address of this feed, once they asked for one.
        "calendar_url": (
            calendar_url(request, request.user, person)
            if has_calendar_token(request.user, person)
            else ""
        ),
        "calendar_unused_days": settings.CALENDAR_TOKEN_UNUSED_DAYS,
    }
    return render(request, "partnership/person.html", context)


def team_page(request, pk: int):
    """A team, its members, and the actions it owns."""
    team = directory_entry_for(
        request,
        Team.objects.select_related("organisation").prefetch_related(
            Prefetch("members", queryset=access.visible_people(request.user))
        ),
        pk,
        access.visible_teams(request.user),
    )
    rows = responsibility_rows(actions_owned(Q(team=team), access.visible_programmes(request.user)))
    return render(request, "partnership/team.html", {"team": team, "responsibilities": rows})


def person_export(request, pk: int):
    """Everything held about a person, as a JSON download: for site administrators only."""
    if not access.is_site_administrator(request.user):
        raise PermissionDenied("Only site administrators can export what is held about a person")
    person = get_object_or_404(Person, pk=pk)
    response = JsonResponse(export_person(person=person), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response
