"""Two programme managers edit the same action at once, each in their own browser."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client

from commissioning.partnership.models import ProgrammeRole
from commissioning.programmes.models import Action
from tests.e2e.conftest import assert_accessible


@pytest.fixture
def open_browser(browser, live_server):
    """``open_browser(user)``: a browser of its own (its own cookies), signed in as ``user``."""
    contexts = []

    def open_as(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def second_manager(partnership):
    user = get_user_model().objects.create_user(
        "second-manager", "second@example.org", "x-pass-123", first_name="Sam", last_name="Jones"
    )
    ProgrammeRole.objects.create(user=user, programme=partnership.programme, role="manager")
    return user


@pytest.mark.django_db(transaction=True)
def test_the_second_save_is_refused_and_shows_what_the_first_changed(
    live_server, open_browser, programme_manager, second_manager, partnership
):
    action = partnership.council_action
    edit_url = f"{live_server.url}/actions/{action.pk}/edit/"

    # Given two managers each have the action's edit form open
    first, second = open_browser(programme_manager), open_browser(second_manager)
    first.goto(edit_url)
    second.goto(edit_url)

    # When the first saves a new wording
    first.get_by_label("Action", exact=True).fill("Agree the structure by March")
    first.get_by_role("button", name="Save changes").click()
    first.wait_for_url(f"{live_server.url}/actions/{action.pk}/")

    # And the second, not knowing, saves a different one
    second.get_by_label("Action", exact=True).fill("Agree a new structure")
    second.get_by_role("button", name="Save changes").click()

    # Then the second is refused, told who changed what, beside their own version
    summary = second.locator(".govuk-error-summary")
    assert "council-manager changed this action while you were editing it" in (summary.inner_text())
    changed = second.get_by_role("table", name="Changed while you were editing")
    row = changed.locator("tbody tr").first.inner_text()
    assert "Agree a new structure" in row and "Agree the structure by March" in row
    assert second.get_by_label("Action", exact=True).input_value() == "Agree a new structure"
    assert_accessible(second)
    # And the first's change is the one stored
    action.refresh_from_db()
    assert action.title == "Agree the structure by March"

    # When the second saves again, having seen the other change
    second.get_by_role("button", name="Save changes").click()

    # Then theirs is stored and the history shows both, each with its author
    second.wait_for_url(f"{live_server.url}/actions/{action.pk}/")
    assert Action.objects.get(pk=action.pk).title == "Agree a new structure"
    history = second.get_by_role("table", name="History, newest first").inner_text()
    assert history.index("Sam Jones") < history.index("council-manager")
    assert "Agree the structure by March → Agree a new structure" in history
    assert_accessible(second)


@pytest.mark.django_db(transaction=True)
def test_archiving_restoring_and_the_history_pages_are_accessible(
    live_server, open_browser, programme_manager, partnership
):
    action = partnership.council_action
    page = open_browser(programme_manager)

    # Given a manager on the action's edit page, when they archive it and confirm
    page.goto(f"{live_server.url}/actions/{action.pk}/edit/")
    page.get_by_role("button", name="Archive action").click()
    assert_accessible(page)
    page.get_by_role("button", name="Archive action").click()

    # Then its page says it is archived, by whom, and offers to restore it
    banner = page.get_by_role("region", name="Archived").inner_text()
    assert "by council-manager" in banner
    assert_accessible(page)

    # And the programme's history lists it as archived
    page.goto(f"{live_server.url}/programmes/{partnership.programme.slug}/history/")
    assert "Agree the structure" in page.get_by_role("region", name="Archived items").inner_text()
    assert_accessible(page)

    # When they restore it from its page, then it is back and its history says so
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    page.get_by_role("button", name="Restore").click()
    page.goto(f"{live_server.url}/actions/{action.pk}/history/")
    history = page.get_by_role("table", name="History, newest first").inner_text()
    assert history.index("Restored") < history.index("Archived")
    assert_accessible(page)
