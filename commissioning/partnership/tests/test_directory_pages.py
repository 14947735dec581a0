"""The directory page and the organisation, person and team pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def owned_by(action=None, **link):
    """An owner of ``action`` linked to one person, team or organisation."""
    target = next(iter(link.values()))
    return ActionOwnerFactory(
        action=action or ActionFactory(),
        person=link.get("person"),
        team=link.get("team"),
        organisation=link.get("organisation"),
        name=target.name,
        kind=next(iter(link)),
    )


def build_directory(size: int) -> None:
    """``size`` organisations, each with a person and a team owning actions."""
    programme = ProgrammeFactory()
    for _ in range(size):
        organisation = OrganisationFactory()
        person = PersonFactory(organisation=organisation)
        team = TeamFactory(organisation=organisation)
        owned_by(ActionFactory(programme=programme), person=person)
        owned_by(ActionFactory(programme=programme), team=team)
        owned_by(ActionFactory(programme=programme), organisation=organisation)


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("directory"),
        reverse("organisation", args=[1]),
        reverse("person", args=[1]),
        reverse("team", args=[1]),
    ],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


@pytest.mark.parametrize("name", ["organisation", "person", "team"])
def test_a_missing_entry_is_not_found(signed_in_client, name):
    assert signed_in_client.get(reverse(name, args=[999])).status_code == 404


def test_directory_lists_everyone_with_the_actions_they_own(signed_in_client):
    council = OrganisationFactory(name="Brighton and Hove City Council", kind="council")
    person = PersonFactory(name="Sue Lightup", organisation=council, job_title="Commissioner")
    team = TeamFactory(name="Commissioning Teams", organisation=council)
    joint = ActionFactory()
    owned_by(joint, person=person)
    owned_by(joint, team=team)
    owned_by(person=person)
    owned_by(organisation=council)

    response = signed_in_client.get(reverse("directory"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<h1") == 1
    counts = {
        "organisations": {o.name: o.action_count for o in response.context["organisations"]},
        "people": {p.name: p.action_count for p in response.context["people"]},
        "teams": {t.name: t.action_count for t in response.context["teams"]},
    }
    assert counts["organisations"]["Brighton and Hove City Council"] == 3  # joint: once
    assert counts["people"] == {"Sue Lightup": 2}
    assert counts["teams"] == {"Commissioning Teams": 1}
    assert "Council" in content and "Commissioner" in content
    assert reverse("organisation", args=[council.pk]) in content
    assert reverse("person", args=[person.pk]) in content
    assert reverse("team", args=[team.pk]) in content


def test_directory_shows_nobody_yet(signed_in_client):
    content = signed_in_client.get(reverse("directory")).content.decode()

    assert "No organisations yet." in content
    assert "No people yet." in content
    assert "No teams yet." in content


def test_directory_takes_the_same_queries_for_2_or_20_of_each(signed_in_client):
    build_directory(2)
    small = queries_for(signed_in_client, reverse("directory"))
    build_directory(18)

    assert queries_for(signed_in_client, reverse("directory")) == small


def test_organisation_page_includes_actions_of_its_people_and_teams(signed_in_client):
    council = OrganisationFactory(name="Brighton and Hove City Council")
    person = PersonFactory(name="Sue Lightup", organisation=council)
    team = TeamFactory(name="Commissioning Teams", organisation=council)
    own = owned_by(ActionFactory(title="Agree the budget"), organisation=council).action
    by_person = owned_by(ActionFactory(title="Write the strategy"), person=person).action
    by_team = owned_by(ActionFactory(title="Run the workshop"), team=team).action
    owned_by(person=PersonFactory())  # someone else's

    response = signed_in_client.get(reverse("organisation", args=[council.pk]))

    content = response.content.decode()
    rows = response.context["responsibilities"]
    assert {row.title: row.through for row in rows} == {
        "Agree the budget": "The organisation",
        "Write the strategy": "Sue Lightup",
        "Run the workshop": "Commissioning Teams",
    }
    for action in (own, by_person, by_team):
        assert reverse("action", args=[action.pk]) in content
        assert reverse("programme", args=[action.programme.slug]) in content
    assert "1 to 30 April 2008" in content
    assert "Not started" in content
    assert reverse("person", args=[person.pk]) in content
    assert reverse("team", args=[team.pk]) in content


def test_person_page_shows_their_details_and_actions(signed_in_client):
    person = PersonFactory(name="Sue Lightup", job_title="Commissioner", email="sue@example.org")
    action = owned_by(ActionFactory(title="Agree the budget", status="complete"), person=person)
    owned_by(ActionFactory(title="Someone else's"), person=PersonFactory())

    response = signed_in_client.get(reverse("person", args=[person.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert [row.title for row in response.context["responsibilities"]] == ["Agree the budget"]
    assert reverse("action", args=[action.action.pk]) in content
    assert "Commissioner" in content and "sue@example.org" in content
    assert "Complete" in content
    assert reverse("organisation", args=[person.organisation.pk]) in content


def test_team_page_shows_its_members_and_actions(signed_in_client):
    team = TeamFactory(name="Commissioning Teams")
    member = PersonFactory(name="Dwayne Johnson")
    team.members.add(member)
    owned_by(
        ActionFactory(
            title="Run the workshop",
            timescale_text="Whenever",
            timescale_start=None,
            timescale_end=None,
            timescale_precision="unparsed",
        ),
        team=team,
    )

    response = signed_in_client.get(reverse("team", args=[team.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert [row.title for row in response.context["responsibilities"]] == ["Run the workshop"]
    assert "could not be read" in content
    assert reverse("person", args=[member.pk]) in content
    assert "Not recorded" in content  # no organisation


def test_a_page_with_no_actions_says_so(signed_in_client):
    team = TeamFactory()

    content = signed_in_client.get(reverse("team", args=[team.pk])).content.decode()

    assert "No actions." in content


@pytest.mark.parametrize("name", ["organisation", "person", "team"])
def test_detail_pages_take_the_same_queries_for_2_or_20_actions(signed_in_client, name):
    organisation = OrganisationFactory()
    person = PersonFactory(organisation=organisation)
    team = TeamFactory(organisation=organisation)
    team.members.add(person)
    target = {"organisation": organisation, "person": person, "team": team}[name]

    def add_actions(count):
        for _ in range(count):
            owned_by(person=person)
            owned_by(team=team)
            owned_by(organisation=organisation)
            PersonFactory(organisation=organisation)

    add_actions(2)
    small = queries_for(signed_in_client, reverse(name, args=[target.pk]))
    add_actions(18)

    assert queries_for(signed_in_client, reverse(name, args=[target.pk])) == small
