"""The JSON API for programmes, stages, deliverables, actions and progress updates."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commissioning.programmes.models import Action, ProgressUpdate
from commissioning.programmes.services import load_demo
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
    TeamFactory,
)

LISTS = [
    "/api/v1/programmes/",
    "/api/v1/stages/",
    "/api/v1/deliverables/",
    "/api/v1/actions/",
    "/api/v1/progress-updates/",
]


@pytest.fixture
def api(manager) -> APIClient:
    """A client sending the programme manager's token, as another system would."""
    client = APIClient()
    token = Token.objects.create(user=manager)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Intelligent Commissioning", slug="intelligent-commissioning")


def build_programme(programme, size: int) -> None:
    """``size`` stages, deliverables and actions, each action with owners and updates."""
    for _ in range(size):
        stage = StageFactory(programme=programme)
        deliverable = DeliverableFactory(stage=stage)
        ProgressUpdateFactory(action=None, deliverable=deliverable)
        action = ActionFactory(programme=programme)
        ActionOwnerFactory(action=action)
        ActionOwnerFactory(action=action, person=None, team=TeamFactory(), name="IT", kind="team")
        ProgressUpdateFactory(action=action)
        ProgressUpdateFactory(action=action, as_of_text="April 2008", as_of_end=date(2008, 4, 30))


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- Who may use the API ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*LISTS, "/api/v1/imports/"])
def test_anonymous_requests_are_refused(url):
    response = APIClient().get(url)

    assert response.status_code in {401, 403}


@pytest.mark.parametrize("url", LISTS)
def test_a_token_reads_every_list(api, programme, url):
    build_programme(programme, 1)

    response = api.get(url)

    assert response.status_code == 200
    assert response.json()["count"] >= 1


def test_a_wrong_token_is_refused(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = client.get("/api/v1/actions/")

    assert response.status_code in {401, 403}
    assert response.json() == {"detail": "Invalid token."}


def test_a_signed_in_browser_session_reads_the_api(signed_in_client, programme):
    response = signed_in_client.get("/api/v1/programmes/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["results"]] == ["intelligent-commissioning"]


# --- Programmes --------------------------------------------------------------------------------


def test_a_programme_is_found_by_its_slug(api, programme):
    ActionFactory.create_batch(2, programme=programme)

    body = api.get("/api/v1/programmes/intelligent-commissioning/").json()

    assert body["name"] == "Intelligent Commissioning"
    assert body["action_count"] == 2
    assert body["lead_organisation"] == programme.lead_organisation.name
    assert body["url"].endswith("/api/v1/programmes/intelligent-commissioning/")


def test_a_missing_programme_is_not_found(api, db):
    assert api.get("/api/v1/programmes/no-such-programme/").status_code == 404


# --- Stages and deliverables -------------------------------------------------------------------


def test_stages_filter_by_programme(api, programme):
    StageFactory(programme=programme, code="T1", title="Plans ready")
    StageFactory(code="X1")

    body = api.get("/api/v1/stages/?programme=intelligent-commissioning").json()

    assert [(s["code"], s["programme"]) for s in body["results"]] == [
        ("T1", "intelligent-commissioning")
    ]
    assert body["results"][0]["timescale"] == {
        "text": "01 June 2010",
        "start": "2010-06-01",
        "end": "2010-06-01",
        "precision": "day",
    }
    assert body["results"][0]["due"] == "2010-06-01"


def test_deliverables_filter_by_programme_and_stage(api, programme):
    first, second = StageFactory.create_batch(2, programme=programme)
    wanted = DeliverableFactory(stage=second, text="A commissioning framework")
    DeliverableFactory(stage=first)
    DeliverableFactory()

    body = api.get(f"/api/v1/deliverables/?programme={programme.slug}&stage={second.pk}").json()

    assert [d["id"] for d in body["results"]] == [wanted.pk]
    assert body["results"][0]["programme"] == programme.slug
    assert body["results"][0]["latest_progress"] is None


def test_a_missing_deliverable_is_not_found(api, db):
    assert api.get("/api/v1/deliverables/999999/").status_code == 404


# --- Actions -----------------------------------------------------------------------------------


def test_an_action_shows_timescale_owners_and_latest_progress(api, programme):
    action = ActionFactory(programme=programme, ref="1.2", title="Agree definitions")
    owner = ActionOwnerFactory(action=action, name="Jane Smith")
    ProgressUpdateFactory(action=action, as_of_text="March 2008", text="Started")
    ProgressUpdateFactory(
        action=action,
        as_of_text="May 2008",
        as_of_end=date(2008, 5, 31),
        text="Agreed",
        status="complete",
    )

    body = api.get(f"/api/v1/actions/{action.pk}/").json()

    assert body["ref"] == "1.2" and body["programme"] == "intelligent-commissioning"
    assert body["timescale"] == {
        "text": "April 2008",
        "start": "2008-04-01",
        "end": "2008-04-30",
        "precision": "month",
    }
    assert body["due"] == "2008-04-30"
    assert body["owners"] == [
        {
            "name": "Jane Smith",
            "kind": "person",
            "person": owner.person_id,
            "team": None,
            "organisation": None,
        }
    ]
    assert body["latest_progress"] == {"as_of": "May 2008", "text": "Agreed", "status": "complete"}


def test_an_action_without_timescale_or_progress_shows_nulls(api, programme):
    action = ActionFactory(
        programme=programme,
        timescale_text="",
        timescale_start=None,
        timescale_end=None,
        timescale_precision="unparsed",
    )

    body = api.get(f"/api/v1/actions/{action.pk}/").json()

    assert (body["timescale"], body["due"], body["latest_progress"]) == (None, None, None)


def test_actions_use_the_action_page_filters(api, programme):
    late = ActionFactory(programme=programme, title="Late one", status="in_progress")
    ActionFactory(programme=programme, title="Done", status="complete")
    ActionFactory(programme=programme, title="Later", timescale_end=date(2009, 1, 31))
    ActionFactory(title="Another programme's")

    url = "/api/v1/actions/?programme=intelligent-commissioning&overdue_as_of=31 May 2008"
    body = api.get(url).json()

    assert [a["id"] for a in body["results"]] == [late.pk]


def test_actions_filter_by_status_and_sort_by_due_date(api, programme):
    ActionFactory(programme=programme, title="B", status="blocked", timescale_end=date(2008, 9, 1))
    ActionFactory(programme=programme, title="A", status="blocked", timescale_end=date(2008, 5, 1))
    ActionFactory(programme=programme, title="C", status="complete")

    body = api.get("/api/v1/actions/?status=blocked&sort=-due").json()

    assert [a["title"] for a in body["results"]] == ["B", "A"]


def test_an_unreadable_filter_date_is_a_field_error(api, db):
    response = api.get("/api/v1/actions/?due_before=whenever")

    assert response.status_code == 400
    assert "due_before" in response.json()


def test_a_missing_action_is_not_found(api, db):
    assert api.get("/api/v1/actions/999999/").status_code == 404


# --- Progress updates --------------------------------------------------------------------------


def test_progress_updates_filter_by_action_and_deliverable(api, programme):
    action = ActionFactory(programme=programme)
    on_action = ProgressUpdateFactory(action=action)
    deliverable = DeliverableFactory(stage=StageFactory(programme=programme))
    on_deliverable = ProgressUpdateFactory(action=None, deliverable=deliverable)

    by_action = api.get(f"/api/v1/progress-updates/?action={action.pk}").json()
    by_deliverable = api.get(f"/api/v1/progress-updates/?deliverable={deliverable.pk}").json()

    assert [u["id"] for u in by_action["results"]] == [on_action.pk]
    assert [u["id"] for u in by_deliverable["results"]] == [on_deliverable.pk]
    assert by_action["results"][0]["as_of"] == "March 2008"


@pytest.mark.parametrize("given", ["1.5e253", "99999999999999999999999", "0", "one"])
def test_an_id_filter_the_database_cannot_hold_is_a_field_error(api, db, given):
    response = api.get(f"/api/v1/progress-updates/?action={given}")

    assert response.status_code == 400
    assert "action" in response.json()


def test_posting_progress_records_it_with_its_author_and_window(api, programme, manager):
    action = ActionFactory(programme=programme)

    response = api.post(
        "/api/v1/progress-updates/",
        {
            "action": action.pk,
            "as_of": "May 2008",
            "text": "Definitions agreed",
            "status": "complete",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    update = ProgressUpdate.objects.get()
    assert (update.action, update.author, update.as_of_text) == (action, manager, "May 2008")
    assert (update.as_of_start, update.as_of_end) == (date(2008, 5, 1), date(2008, 5, 31))
    assert response.json()["id"] == update.pk
    assert response.json()["author"] == "manager"
    action.refresh_from_db()
    assert action.status == "complete"


def test_posting_progress_without_a_status_suggests_one(api, programme):
    deliverable = DeliverableFactory(stage=StageFactory(programme=programme))

    response = api.post(
        "/api/v1/progress-updates/",
        {"deliverable": deliverable.pk, "as_of": "June 2008", "text": "Completed in June"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["status_suggested"] is True


def test_posting_progress_as_of_an_unreadable_date_is_a_field_error(api, programme):
    action = ActionFactory(programme=programme)

    response = api.post(
        "/api/v1/progress-updates/",
        {"action": action.pk, "as_of": "sometime soon", "text": "Going well"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "as_of": ["Enter when the progress is as of, like May 2008 or 31 May 2008"]
    }
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("items", ["neither", "both"])
def test_progress_is_for_an_action_or_a_deliverable(api, programme, items):
    action = ActionFactory(programme=programme)
    deliverable = DeliverableFactory(stage=StageFactory(programme=programme))
    given = {"as_of": "May 2008", "text": "Going well"}
    if items == "both":
        given |= {"action": action.pk, "deliverable": deliverable.pk}

    response = api.post("/api/v1/progress-updates/", given, format="json")

    assert response.status_code == 400
    assert "action" in response.json()


def test_progress_for_a_missing_action_is_a_field_error(api, db):
    response = api.post(
        "/api/v1/progress-updates/",
        {"action": 999999, "as_of": "May 2008", "text": "Going well"},
        format="json",
    )

    assert response.status_code == 400
    assert "action" in response.json()


def test_progress_updates_cannot_be_changed_or_deleted(api, programme):
    update = ProgressUpdateFactory(action=ActionFactory(programme=programme))

    assert api.patch(f"/api/v1/progress-updates/{update.pk}/", {"text": "x"}).status_code == 405
    assert api.delete(f"/api/v1/progress-updates/{update.pk}/").status_code == 405


def test_other_resources_are_read_only(api, programme):
    action = ActionFactory(programme=programme)

    assert api.post("/api/v1/actions/", {"title": "New"}).status_code == 405
    assert api.delete(f"/api/v1/actions/{action.pk}/").status_code == 405
    assert Action.objects.count() == 1


# --- A fixed number of queries, whatever the size --------------------------------------------


@pytest.mark.parametrize(
    "url",
    [*LISTS, "/api/v1/actions/?programme=intelligent-commissioning&q=Action&status=not_started"],
)
def test_lists_take_the_same_queries_for_3_or_30_rows(api, programme, url):
    build_programme(programme, 3)
    small = queries_for(api, url)

    build_programme(programme, 27)
    large = queries_for(api, url)

    assert api.get(url).json()["count"] >= (1 if "programmes" in url else 30)
    assert small == large


# --- The documented example, on the customer's documents -------------------------------------


def test_the_documented_curl_example_finds_the_overdue_action(api):
    load_demo()

    url = "/api/v1/actions/?programme=intelligent-commissioning&overdue_as_of=2008-03-31"
    body = api.get(url).json()

    assert body["count"] == 1
    action = body["results"][0]
    assert action["title"].startswith("Agree strategic leadership")
    assert (action["due"], action["status"]) == ("2008-02-29", "in_progress")
    assert action["latest_progress"]["as_of"] == "March 2008"
