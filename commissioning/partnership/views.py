"""The directory: organisations, people and teams, and what each is responsible for."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from commissioning.partnership.models import Organisation, Person, Team
from commissioning.partnership.presenters import responsibility_rows
from commissioning.partnership.responsibilities import (
    actions_owned,
    organisation_owners,
    organisations_with_action_counts,
    people_with_action_counts,
    teams_with_action_counts,
)


def directory_entry_for(request, queryset, pk: int):
    """The directory entry ``pk`` if the user may see it (every signed-in user, for now)."""
    return get_object_or_404(queryset, pk=pk)


def directory(request):
    """Every organisation, person and team, with how many actions each owns."""
    context = {
        "organisations": organisations_with_action_counts(),
        "people": people_with_action_counts(),
        "teams": teams_with_action_counts(),
    }
    return render(request, "partnership/directory.html", context)


def organisation_page(request, pk: int):
    """An organisation, its people and teams, and every action they own."""
    organisation = directory_entry_for(
        request,
        Organisation.objects.prefetch_related("people", "teams"),
        pk,
    )
    rows = responsibility_rows(
        actions_owned(organisation_owners(organisation)), organisation=organisation
    )
    context = {"organisation": organisation, "responsibilities": rows}
    return render(request, "partnership/organisation.html", context)


def person_page(request, pk: int):
    """A person, their teams, and the actions they own."""
    person = directory_entry_for(
        request, Person.objects.select_related("organisation").prefetch_related("teams"), pk
    )
    rows = responsibility_rows(actions_owned(Q(person=person)))
    return render(request, "partnership/person.html", {"person": person, "responsibilities": rows})


def team_page(request, pk: int):
    """A team, its members, and the actions it owns."""
    team = directory_entry_for(
        request, Team.objects.select_related("organisation").prefetch_related("members"), pk
    )
    rows = responsibility_rows(actions_owned(Q(team=team)))
    return render(request, "partnership/team.html", {"team": team, "responsibilities": rows})
