"""Editing programmes, stages, deliverables and actions, refusing stale forms."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.programmes.tests.factories import (
    ActionFactory,
    DeliverableFactory,
    ProgrammeFactory,
    StageFactory,
)
from commissioning.programmes.views.editing import current_version

pytestmark = pytest.mark.django_db

UNREADABLE = (
    "We could not read &#x27;xyz&#x27; as a timescale. Enter a date or period, like April "
    "2008, 31/03/2009, Q3 2010/11 or Ongoing"
)


def edit_url(item):
    if hasattr(item, "slug"):
        return reverse("programme-edit", args=[item.slug])
    name = {"Stage": "stage", "Action": "action", "Deliverable": "deliverable"}[type(item).__name__]
    return reverse(f"{name}-edit", args=[item.pk])


def action_post(action, **changes):
    data = {
        "title": action.title,
        "ref": action.ref,
        "timescale": action.timescale_text,
        "section": action.section,
        "version": current_version(action),
    }
    return {**data, **changes}


@pytest.mark.parametrize(
    "factory", [ProgrammeFactory, StageFactory, ActionFactory, DeliverableFactory]
)
def test_anonymous_people_are_sent_to_sign_in(client, factory):
    response = client.get(edit_url(factory()))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


@pytest.mark.parametrize(
    "path",
    [
        "/programmes/nothing-here/edit/",
        "/stages/999/edit/",
        "/actions/999/edit/",
        "/deliverables/999/edit/",
    ],
)
def test_a_missing_item_is_not_found(signed_in_client, path):
    assert signed_in_client.get(path).status_code == 404


def test_the_action_form_is_prefilled(signed_in_client):
    action = ActionFactory(title="Agree definitions", ref="1.2", section="Governance")

    page = signed_in_client.get(edit_url(action)).content.decode()

    assert "Agree definitions</textarea>" in page
    assert 'value="1.2"' in page and 'value="April 2008"' in page
    assert 'value="Governance"' in page
    assert f'name="version" value="{current_version(action)}"' in page


def test_editing_an_action_stores_the_window_and_shows_it_back(signed_in_client, manager):
    action = ActionFactory()

    response = signed_in_client.post(edit_url(action), action_post(action, timescale="June 2008"))

    assert response.status_code == 302 and response.url == reverse("action", args=[action.pk])
    action.refresh_from_db()
    assert action.timescale_text == "June 2008"
    assert (action.timescale_start, action.timescale_end) == (date(2008, 6, 1), date(2008, 6, 30))
    assert action.history.latest().history_user == manager
    page = signed_in_client.get(response.url).content.decode()
    assert "1 June 2008 to 30 June 2008" in page
    assert "Action saved" in page


def test_a_timescale_that_cannot_be_read_saves_nothing(signed_in_client):
    action = ActionFactory(title="Agree definitions")
    rows = action.history.count()

    response = signed_in_client.post(
        edit_url(action), action_post(action, title="Renamed", timescale="xyz")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and UNREADABLE in page
    action.refresh_from_db()
    assert (action.title, action.timescale_text) == ("Agree definitions", "April 2008")
    assert action.history.count() == rows


def test_saving_without_changes_adds_no_history(signed_in_client):
    action = ActionFactory()
    rows = action.history.count()

    signed_in_client.post(edit_url(action), action_post(action))

    assert action.history.count() == rows


def test_a_stale_form_is_refused_showing_both_versions(signed_in_client, manager):
    action = ActionFactory(title="Agree definitions")
    loaded = action_post(action, title="My change")
    action._history_user = manager
    action.title = "Someone else's change"
    action.save()

    response = signed_in_client.post(edit_url(action), loaded)

    page = response.content.decode()
    assert response.status_code == 200
    assert "manager changed this action while you were editing it (action)" in page
    assert "My change</textarea>" in page  # the person's own values stay in the form
    assert "Someone else&#x27;s change <span" in page  # beside what was saved meanwhile
    assert f'name="version" value="{current_version(action)}"' in page
    action.refresh_from_db()
    assert action.title == "Someone else's change"


def test_saving_again_after_a_stale_refusal_works(signed_in_client, manager):
    action = ActionFactory()
    loaded = action_post(action, title="My change")
    action._history_user = manager
    action.title = "Someone else's change"
    action.save()
    signed_in_client.post(edit_url(action), loaded)

    response = signed_in_client.post(edit_url(action), action_post(action, title="My change"))

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "My change"


def test_editing_a_stage(signed_in_client, manager):
    stage = StageFactory()

    response = signed_in_client.post(
        edit_url(stage),
        {
            "code": "T2",
            "title": "Structures in place",
            "timescale": "End November 2010",
            "version": current_version(stage),
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("programme", args=[stage.programme.slug])
    stage.refresh_from_db()
    assert (stage.code, stage.title, stage.timescale_end) == (
        "T2",
        "Structures in place",
        date(2010, 11, 30),
    )
    assert stage.history.latest().history_user == manager


def test_a_stage_needs_a_timescale_it_can_read(signed_in_client):
    stage = StageFactory(title="Plans ready")

    response = signed_in_client.post(
        edit_url(stage),
        {"code": "T1", "title": "Changed", "timescale": "xyz", "version": current_version(stage)},
    )

    assert response.status_code == 200 and UNREADABLE in response.content.decode()
    stage.refresh_from_db()
    assert stage.title == "Plans ready"


def test_editing_a_deliverable(signed_in_client):
    deliverable = DeliverableFactory(scope="internal")
    page = signed_in_client.get(edit_url(deliverable)).content.decode()
    assert 'value="internal"' in page and 'checked="checked"' in page

    response = signed_in_client.post(
        edit_url(deliverable),
        {
            "text": "Pooled budget agreed",
            "scope": "external",
            "version": current_version(deliverable),
        },
    )

    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.text, deliverable.scope) == ("Pooled budget agreed", "external")


def test_editing_a_programme(signed_in_client):
    programme = ProgrammeFactory(name="Transition")

    response = signed_in_client.post(
        edit_url(programme),
        {
            "name": "Transition 2010",
            "description": "From T1 to T3",
            "warning_days": "30",
            "rag_scale": "four",
            "reporting_period": "1",
            "version": current_version(programme),
        },
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.name, programme.description) == ("Transition 2010", "From T1 to T3")


def test_a_programme_name_must_be_unique(signed_in_client):
    ProgrammeFactory(name="Taken")
    programme = ProgrammeFactory(name="Transition")

    response = signed_in_client.post(
        edit_url(programme), {"name": "taken", "version": current_version(programme)}
    )

    assert "There is already a programme called taken" in response.content.decode()
    programme.refresh_from_db()
    assert programme.name == "Transition"
