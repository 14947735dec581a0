"""Who may use each API endpoint: a token carries its user's rights, and only those."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from commissioning.partnership.tests.governance_factories import AgreementFactory, BodyFactory
from commissioning.programmes.concurrency import current_version
from commissioning.programmes.models import ImportRun, Programme, ProgressUpdate
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)

PERSONAS = ["outsider", "viewer", "partner_contributor", "programme_manager", "manager"]
MEMBER = {"outsider": 404, "viewer": 200, "partner_contributor": 200}
MEMBER |= {"programme_manager": 200, "manager": 200}

DETAILS = {
    "programme": lambda p: f"/api/v1/programmes/{p.programme.slug}/",
    "report": lambda p: f"/api/v1/programmes/{p.programme.slug}/report/",
    "stage": lambda p: f"/api/v1/stages/{p.stage.pk}/",
    "deliverable": lambda p: f"/api/v1/deliverables/{p.internal.pk}/",
    "action": lambda p: f"/api/v1/actions/{p.council_action.pk}/",
}
LISTS = {
    "programmes": "/api/v1/programmes/",
    "stages": "/api/v1/stages/",
    "deliverables": "/api/v1/deliverables/",
    "actions": "/api/v1/actions/",
    "progress-updates": "/api/v1/progress-updates/",
    "bodies": "/api/v1/bodies/",
    "agreements": "/api/v1/agreements/",
}


@pytest.fixture
def as_persona(request, api_as):
    def client_for(persona: str) -> APIClient:
        if persona == "anonymous":
            return APIClient()
        return api_as(request.getfixturevalue(persona))

    return client_for


@pytest.mark.parametrize("name", DETAILS)
def test_anonymous_requests_are_refused(partnership, name):
    response = APIClient().get(DETAILS[name](partnership))

    assert response.status_code in {401, 403}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", DETAILS)
def test_members_read_every_resource_and_outsiders_find_nothing(
    partnership, as_persona, name, persona
):
    response = as_persona(persona).get(DETAILS[name](partnership))

    assert response.status_code == MEMBER[persona]


@pytest.mark.parametrize("name", LISTS)
def test_lists_hold_only_what_the_token_may_see(partnership, as_persona, name):
    ProgressUpdateFactory(action=partnership.nhs_action)
    ProgressUpdateFactory(action=partnership.other_action)
    body = BodyFactory(organisation=partnership.nhs)
    BodyFactory(organisation=partnership.outside)
    agreement = AgreementFactory(partnership=partnership.home)
    agreement.parties.set([partnership.nhs])
    AgreementFactory(partnership=partnership.away).parties.set([partnership.outside])
    DeliverableFactory(stage=partnership.other_stage)

    ours = as_persona("partner_contributor").get(LISTS[name]).json()
    theirs = as_persona("outsider").get(LISTS[name]).json()

    def programmes_of(rows):
        found = set()
        for row in rows:
            if "programme" in row:
                found.add(row["programme"])
            elif "slug" in row:
                found.add(row["slug"])
            elif row.get("action"):
                found.add(row["action"])
            else:
                found.add(row.get("name") or row.get("title"))
        return found

    assert ours["count"] >= 1 and theirs["count"] >= 1
    assert programmes_of(ours["results"]).isdisjoint(programmes_of(theirs["results"]))
    if name == "bodies":
        assert [row["name"] for row in ours["results"]] == [body.name]


@pytest.mark.parametrize("url", ["/api/v1/actions/", "/api/v1/progress-updates/"])
def test_a_members_lists_take_the_same_queries_for_3_or_30_rows(
    partnership, partner_contributor, api_as, url
):
    client = api_as(partner_contributor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(size):
        for _ in range(size):
            action = ActionFactory(programme=partnership.programme)
            ActionOwnerFactory(action=action)
            ProgressUpdateFactory(action=action)
            DeliverableFactory(stage=StageFactory(programme=partnership.programme))

    add(3)
    small = count()
    add(27)
    assert count() == small


# --- Changing an action -----------------------------------------------------------------------


def if_match(item) -> dict:
    """The header that says which version of ``item`` a change is made to: the current one."""
    return {"HTTP_IF_MATCH": f'"{current_version(item)}"'}


def test_a_contributors_token_cannot_patch_another_organisations_action(
    partnership, partner_contributor, api_as
):
    action = partnership.council_action

    response = api_as(partner_contributor).patch(
        f"/api/v1/actions/{action.pk}/", {"status": "complete"}, format="json"
    )

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "not_started"
    assert action.history.count() == 1


def test_a_contributors_token_cannot_patch_another_partnerships_action(
    partnership, partner_contributor, api_as
):
    action = partnership.other_action

    response = api_as(partner_contributor).patch(
        f"/api/v1/actions/{action.pk}/", {"status": "complete", "title": "Ours"}, format="json"
    )

    assert response.status_code == 404
    action.refresh_from_db()
    assert (action.status, action.title) == ("not_started", "Surrey's own action")


def test_a_contributor_sets_the_status_of_their_organisations_action(
    partnership, partner_contributor, api_as
):
    action = partnership.nhs_action

    response = api_as(partner_contributor).patch(
        f"/api/v1/actions/{action.pk}/", {"status": "blocked"}, format="json", **if_match(action)
    )

    assert response.status_code == 200
    assert response.json()["status"] == "blocked"
    action.refresh_from_db()
    assert action.history.latest().history_user == partner_contributor


def test_a_contributor_cannot_reword_their_organisations_action(
    partnership, partner_contributor, api_as
):
    action = partnership.nhs_action

    response = api_as(partner_contributor).patch(
        f"/api/v1/actions/{action.pk}/", {"title": "Something else"}, format="json"
    )

    assert response.status_code == 403
    action.refresh_from_db()
    assert action.title == "Pool the budgets"


@pytest.mark.parametrize("persona, status", [("viewer", 403), ("programme_manager", 200)])
def test_only_the_programme_manager_rewords_an_action(partnership, as_persona, persona, status):
    action = partnership.nhs_action

    response = as_persona(persona).patch(
        f"/api/v1/actions/{action.pk}/",
        {"title": "Pool the budgets by April", "timescale": "April 2009"},
        format="json",
        **if_match(action),
    )

    assert response.status_code == status
    action.refresh_from_db()
    assert (action.title == "Pool the budgets by April") is (status == 200)
    if status == 200:
        assert response.json()["timescale"]["text"] == "April 2009"


def test_a_timescale_that_cannot_be_read_is_refused(partnership, programme_manager, api_as):
    action = partnership.nhs_action
    response = api_as(programme_manager).patch(
        f"/api/v1/actions/{action.pk}/",
        {"timescale": "whenever"},
        format="json",
        **if_match(action),
    )

    assert response.status_code == 400
    assert "timescale" in response.json()


def test_actions_cannot_be_replaced_or_deleted(partnership, programme_manager, api_as):
    url = f"/api/v1/actions/{partnership.nhs_action.pk}/"
    client = api_as(programme_manager)

    assert client.put(url, {"status": "complete"}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


# --- Adding progress --------------------------------------------------------------------------


def add_progress(client, **item):
    return client.post(
        "/api/v1/progress-updates/",
        {"as_of": "May 2008", "text": "Draft agreed", **item},
        format="json",
    )


@pytest.mark.parametrize(
    "persona, own, other",
    [
        ("outsider", 400, 400),  # an id they cannot see is no id at all
        ("viewer", 403, 403),
        ("partner_contributor", 201, 403),
        ("programme_manager", 201, 201),
    ],
)
def test_who_may_add_progress_to_which_action(partnership, as_persona, persona, own, other):
    client = as_persona(persona)

    assert add_progress(client, action=partnership.nhs_action.pk).status_code == own
    assert add_progress(client, action=partnership.council_action.pk).status_code == other


def test_a_refused_progress_update_writes_nothing(partnership, partner_contributor, api_as):
    add_progress(api_as(partner_contributor), action=partnership.council_action.pk)
    add_progress(api_as(partner_contributor), deliverable=partnership.internal.pk)

    assert not ProgressUpdate.objects.exists()


def test_an_outsider_is_not_told_whether_a_guessed_id_exists(partnership, outsider, api_as):
    guessed = add_progress(api_as(outsider), action=partnership.nhs_action.pk).json()
    missing = add_progress(api_as(outsider), action=999_999).json()

    assert guessed["action"][0].replace(str(partnership.nhs_action.pk), "?") == missing["action"][
        0
    ].replace("999999", "?")


# --- Imports and reports ----------------------------------------------------------------------

PLAN = b"Action,Timescale,Responsibility\nAgree the budget,April 2008,TBC\n"


def import_into(client, programme: str, **extra):
    document = SimpleUploadedFile("plan.csv", PLAN)
    return client.post(
        "/api/v1/imports/",
        {"file": document, "programme": programme, **extra},
        format="multipart",
    )


@pytest.mark.parametrize(
    "persona, status",
    [
        ("outsider", 403),
        ("viewer", 403),
        ("partner_contributor", 403),
        ("programme_manager", 201),
        ("manager", 201),
    ],
)
def test_only_its_managers_import_into_a_programme(partnership, as_persona, persona, status):
    response = import_into(as_persona(persona), "Intelligent Commissioning")

    assert response.status_code == status
    assert ImportRun.objects.exists() is (status == 201)


def test_an_import_refusal_says_why(partnership, viewer, outsider, api_as):
    refused = import_into(api_as(viewer), "Intelligent Commissioning").json()
    hidden = import_into(api_as(outsider), "Intelligent Commissioning").json()
    absent = import_into(api_as(outsider), "No such programme").json()

    # Refused before the upload is read: a viewer manages nothing, whatever the programme.
    assert refused["detail"] == "Only programme managers and site administrators import plans"
    assert hidden["detail"].replace("Intelligent Commissioning", "?") == absent["detail"].replace(
        "No such programme", "?"
    )


def test_only_site_administrators_start_a_programme_by_import(
    programme_manager, manager, api_as, db
):
    assert import_into(api_as(programme_manager), "A new one").status_code == 403
    unplaced = import_into(api_as(manager), "A new one")
    assert unplaced.status_code == 400
    assert "name the partnership the new programme 'A new one'" in unplaced.json()["detail"]
    placed = import_into(api_as(manager), "A new one", partnership="brighton-and-hove")
    assert placed.status_code == 201
    assert Programme.objects.get(name="A new one").partnership.slug == "brighton-and-hove"


def test_an_outsiders_token_cannot_read_another_partnerships_report(partnership, outsider, api_as):
    ProgrammeFactory(name="Yet another")

    response = api_as(outsider).get(f"/api/v1/programmes/{partnership.programme.slug}/report/")

    assert response.status_code == 404
