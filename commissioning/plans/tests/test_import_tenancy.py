"""An import into one partnership neither matches nor reveals another partnership's people,
teams or remembered column choices."""

import pytest

from commissioning.partnership.models import Person, Team
from commissioning.plans.loader import owner_directory
from commissioning.plans.services import import_document, remember_columns, remembered_columns
from commissioning.programmes.models import ActionOwner
from commissioning.programmes.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

PLAN = b"""Action,Timescale,Responsibility
Review the depots,March 2011,Jane Smith
Agree the budget,June 2011,Estates Team
"""


@pytest.fixture
def two_partnerships():
    ours = PartnershipFactory(name="Ours", slug="ours", lead_organisation=OrganisationFactory())
    theirs = PartnershipFactory(
        name="Theirs", slug="theirs", lead_organisation=OrganisationFactory()
    )
    # Partnership B's own person and team, with the names A's plan uses.
    jane = PersonFactory(name="Jane Smith", organisation=theirs.lead_organisation)
    team = Team.objects.create(name="Estates Team", partnership=theirs)
    return ours, theirs, jane, team


def test_the_recognisers_directory_holds_only_the_importing_partnerships_names(
    two_partnerships,
):
    ours, theirs, jane, team = two_partnerships
    PersonFactory(name="Omar Khan", organisation=ours.lead_organisation)
    Team.objects.create(name="Our Team", partnership=ours)

    directory = owner_directory(ours)

    assert "Omar Khan" in directory.people and "Our Team" in directory.teams
    assert "Jane Smith" not in directory.people
    assert "Estates Team" not in directory.teams
    assert theirs.lead_organisation.name not in directory.organisations
    assert owner_directory(None).people == frozenset()


def test_a_dry_run_into_one_partnership_reads_the_same_whatever_another_holds(
    two_partnerships,
):
    ours, theirs, jane, team = two_partnerships
    ProgrammeFactory(name="Depots", lead_organisation=ours.lead_organisation, partnership=ours)
    with_theirs = import_document(data=PLAN, filename="plan.csv", programme="Depots", dry_run=True)
    team.delete()
    jane.delete()
    without = import_document(data=PLAN, filename="plan.csv", programme="Depots", dry_run=True)

    assert [action.owners for action in with_theirs.plan.actions] == [
        action.owners for action in without.plan.actions
    ]


def test_an_import_into_one_partnership_never_links_anothers_person_or_team(two_partnerships):
    ours, theirs, jane, team = two_partnerships
    programme = ProgrammeFactory(
        name="Depots", lead_organisation=ours.lead_organisation, partnership=ours
    )

    import_document(data=PLAN, filename="plan.csv", programme="Depots")

    owners = ActionOwner.objects.filter(action__programme=programme)
    assert owners.exists()
    assert not owners.filter(person=jane).exists()
    assert not owners.filter(team=team).exists()
    for owner in owners.filter(team__isnull=False):
        assert owner.team.partnership == ours
    # B's rows are as they were: one Jane Smith of B, one Estates Team of B.
    assert Person.objects.filter(name="Jane Smith", organisation=theirs.lead_organisation).count()
    assert Team.objects.filter(name="Estates Team", partnership=theirs).count() == 1


def test_two_partnerships_may_each_have_a_team_of_the_same_name(two_partnerships):
    ours, theirs, _, _ = two_partnerships

    Team.objects.create(name="Estates Team", partnership=ours)

    assert Team.objects.filter(name="Estates Team").count() == 2


def test_remembered_column_choices_apply_only_in_their_own_partnership(two_partnerships):
    ours, theirs, _, _ = two_partnerships
    layout = "Thing | Whose | When it lands"

    remember_columns(
        layout=layout, choices={"Thing": "title", "Whose": "owners"}, partnership=theirs
    )

    assert remembered_columns([layout], partnership=ours) == {}
    assert set(remembered_columns([layout], partnership=theirs)) == {"Thing", "Whose"}
    # Each partnership keeps its own choice for the same layout.
    remember_columns(layout=layout, choices={"Thing": "ignore"}, partnership=ours)
    assert remembered_columns([layout], partnership=ours) == {"Thing": None}
    assert set(remembered_columns([layout], partnership=theirs)) == {"Thing", "Whose"}


def test_the_preview_offers_only_the_importing_partnerships_people_and_teams(
    two_partnerships, signed_in_client, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    settings.VAR_DIR = tmp_path
    ours, theirs, jane, team = two_partnerships
    Team.objects.create(name="Our Finance Team", partnership=ours)
    plan = b"Action,Timescale,Responsibility\nAgree the budget,June 2011,TBC\n"

    response = signed_in_client.post(
        reverse("import-upload"),
        {
            "document": SimpleUploadedFile("plan.csv", plan),
            "new_programme": "Budgets",
            "partnership": ours.slug,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = signed_in_client.get(response.url).content.decode()

    assert "Our Finance Team" in page
    assert "Estates Team" not in page and "Jane Smith" not in page
