"""The action page: what the action is, where it stands, its progress and its changes."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.programmes.models import ProgressUpdate
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    OrganisationFactory,
    ProgressUpdateFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db


def url(action, name="action"):
    return reverse(name, args=[action.pk])


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(url(ActionFactory()))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_a_missing_action_is_not_found(signed_in_client):
    assert signed_in_client.get(reverse("action", args=[999])).status_code == 404


def test_the_page_shows_the_action_its_timescale_window_and_owners(signed_in_client):
    action = ActionFactory(title="Agree definitions", ref="1.2", section="Governance")
    person = ActionOwnerFactory(action=action)
    team = TeamFactory(name="Commissioning Teams")
    ActionOwnerFactory(action=action, person=None, team=team, name=team.name, kind="team")
    ActionOwnerFactory(action=action, person=None, name="Head of Service", kind="role")

    response = signed_in_client.get(url(action))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Agree definitions</h1>' in page
    assert "April 2008" in page and "1 April 2008 to 30 April 2008" in page
    assert reverse("person", args=[person.person_id]) in page
    assert reverse("team", args=[team.pk]) in page and "(Team)" in page
    assert "Head of Service" in page and "(Role)" in page
    assert "Governance" in page
    assert reverse("action-edit", args=[action.pk]) in page
    assert reverse("programme", args=[action.programme.slug]) in page  # breadcrumbs


def test_an_organisation_owner_links_to_the_directory(signed_in_client):
    action = ActionFactory()
    organisation = OrganisationFactory()
    ActionOwnerFactory(
        action=action,
        person=None,
        organisation=organisation,
        name=organisation.name,
        kind="organisation",
    )

    page = signed_in_client.get(url(action)).content.decode()

    assert reverse("organisation", args=[organisation.pk]) in page


def test_a_timescale_that_could_not_be_read_says_so(signed_in_client):
    action = ActionFactory(
        timescale_text="when ready",
        timescale_start=None,
        timescale_end=None,
        timescale_precision="unparsed",
    )

    page = signed_in_client.get(url(action)).content.decode()

    assert "Could not be read — edit the timescale" in page


def test_a_single_day_shows_its_due_date(signed_in_client):
    action = ActionFactory(
        timescale_text="30/04/2008",
        timescale_start=date(2008, 4, 30),
        timescale_end=date(2008, 4, 30),
        timescale_precision="day",
    )

    page = signed_in_client.get(url(action)).content.decode()

    assert "Due 30 April 2008" in page


def test_a_suggested_status_is_shown_as_such_with_a_confirm_button(signed_in_client):
    action = ActionFactory(status="in_progress", status_suggested=True)

    page = signed_in_client.get(url(action)).content.decode()

    assert "Suggested: In progress" in page
    assert f'action="{url(action, "action-confirm-status")}"' in page
    assert '<input type="hidden" name="status" value="in_progress">' in page
    assert ">Confirm<" in page


def test_a_confirmed_status_has_no_confirm_button(signed_in_client):
    page = signed_in_client.get(url(ActionFactory(status="complete"))).content.decode()

    assert "Suggested:" not in page and ">Confirm<" not in page


def test_adding_an_update_puts_it_top_of_the_history_and_changes_the_status(
    signed_in_client, manager
):
    action = ActionFactory()
    ProgressUpdateFactory(action=action, text="Discussions under way")

    response = signed_in_client.post(
        url(action, "action-add-progress"),
        {"as_of": "May 2008", "text": "Workshop held", "status": "complete"},
    )

    assert response.status_code == 302 and response.url == url(action)
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["Progress update as of May 2008 added"]
    action.refresh_from_db()
    assert (action.status, action.status_suggested) == ("complete", False)
    page = signed_in_client.get(url(action)).content.decode()
    assert page.index("Workshop held") < page.index("Discussions under way")
    assert "manager" in page


def test_without_a_chosen_status_one_is_suggested(signed_in_client):
    action = ActionFactory()

    signed_in_client.post(
        url(action, "action-add-progress"),
        {"as_of": "May 2008", "text": "Discussions under way", "status": ""},
    )

    action.refresh_from_db()
    assert (action.status, action.status_suggested) == ("in_progress", True)
    page = signed_in_client.get(url(action)).content.decode()
    assert "In progress (suggested)" in page


def test_a_period_that_cannot_be_read_shows_the_error_and_saves_nothing(signed_in_client):
    action = ActionFactory()
    before = ProgressUpdate.objects.count()

    response = signed_in_client.post(
        url(action, "action-add-progress"),
        {"as_of": "sometime", "text": "Workshop held", "status": ""},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert '<a href="#id_as_of">Enter the period this progress is as of, like May 2008</a>' in page
    assert "govuk-error-message" in page
    assert 'value="sometime"' in page  # what was typed is kept
    assert ProgressUpdate.objects.count() == before


@pytest.mark.parametrize("as_of", ["Ongoing", "monthly", ""])
def test_progress_must_be_as_of_a_period(signed_in_client, as_of):
    action = ActionFactory()

    response = signed_in_client.post(
        url(action, "action-add-progress"), {"as_of": as_of, "text": "x", "status": ""}
    )

    assert "Enter the period this progress is as of, like May 2008" in response.content.decode()
    assert ProgressUpdate.objects.count() == 0


def test_what_happened_is_required(signed_in_client):
    response = signed_in_client.post(
        url(ActionFactory(), "action-add-progress"), {"as_of": "May 2008", "text": " "}
    )

    assert "Enter what has happened" in response.content.decode()
    assert ProgressUpdate.objects.count() == 0


def test_a_back_dated_update_leaves_the_status_as_it_was(signed_in_client):
    action = ActionFactory(status="in_progress")
    ProgressUpdateFactory(action=action, as_of_end=date(2008, 6, 30), status="in_progress")

    signed_in_client.post(
        url(action, "action-add-progress"),
        {"as_of": "April 2008", "text": "Workshop held", "status": "complete"},
    )

    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.updates.count() == 2


def test_confirming_the_suggested_status(signed_in_client, manager):
    action = ActionFactory(status="in_progress", status_suggested=True)

    response = signed_in_client.post(
        url(action, "action-confirm-status"), {"status": "in_progress"}
    )

    assert response.status_code == 302 and response.url == url(action)
    action.refresh_from_db()
    assert (action.status, action.status_suggested) == ("in_progress", False)
    assert action.history.latest().history_user == manager
    page = signed_in_client.get(url(action)).content.decode()
    assert "Status suggested: yes → no" in page  # the change shows who confirmed it


def test_changing_the_status(signed_in_client):
    action = ActionFactory(status="in_progress", status_suggested=True)

    signed_in_client.post(url(action, "action-confirm-status"), {"status": "blocked"})

    action.refresh_from_db()
    assert (action.status, action.status_suggested) == ("blocked", False)


def test_an_unknown_status_changes_nothing(signed_in_client):
    action = ActionFactory(status="in_progress", status_suggested=True)

    signed_in_client.post(url(action, "action-confirm-status"), {"status": "finished"})

    action.refresh_from_db()
    assert (action.status, action.status_suggested) == ("in_progress", True)


def test_confirming_needs_a_post(signed_in_client):
    response = signed_in_client.get(url(ActionFactory(), "action-confirm-status"))

    assert response.status_code == 405


def test_the_changes_say_who_changed_what(signed_in_client, manager):
    action = ActionFactory(title="Agree definitions")
    action._history_user = manager
    action.title = "Agree the definitions"
    action.save()

    page = signed_in_client.get(url(action)).content.decode()

    assert "Title: Agree definitions → Agree the definitions" in page
    assert '<td class="govuk-table__cell">manager</td>' in page
    assert "Created" in page


def test_the_progress_form_works_without_javascript(signed_in_client):
    page = signed_in_client.get(url(ActionFactory())).content.decode()

    assert '<label for="id_as_of" class="govuk-label">' in page
    assert '<label for="id_text" class="govuk-label">' in page
    assert 'type="radio"' in page and 'type="submit"' in page
    assert "Suggest from the text" in page


def count_queries(client, action) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(action)).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_history(signed_in_client, manager):
    small = ActionFactory()
    ProgressUpdateFactory.create_batch(2, action=small, author=manager)
    ActionOwnerFactory.create_batch(2, action=small)
    large = ActionFactory()
    ProgressUpdateFactory.create_batch(20, action=large, author=manager)
    ActionOwnerFactory.create_batch(20, action=large)
    for number in range(10):
        large._history_user = manager
        large.title = f"Title {number}"
        large.save()

    assert count_queries(signed_in_client, small) == count_queries(signed_in_client, large)
