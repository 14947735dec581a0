"""A programme manager builds the plan in the browser: an action with owners of two kinds."""

import pytest

from commissioning.programmes.models import Action
from commissioning.programmes.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    TeamFactory,
)
from tests.e2e.conftest import CHROMIUM, assert_accessible, screenshot


@pytest.fixture
def directory(db):
    """A programme, and a person and a team in the directory to own its actions."""
    council = OrganisationFactory(name="Brighton & Hove City Council", short_name="BHCC")
    programme = ProgrammeFactory(
        name="Adult commissioning", slug="adult-commissioning", lead_organisation=council
    )
    PersonFactory(name="Sue Lightup", organisation=council)
    PersonFactory(name="John Bennett", organisation=council)
    TeamFactory(name="Commissioning Teams", organisation=council, partnership=programme.partnership)
    return programme


@pytest.mark.django_db(transaction=True)
def test_manager_adds_an_action_owned_by_a_person_and_a_team_with_the_keyboard(
    live_server, page, sign_in, manager, directory
):
    # Given a signed-in programme manager on the programme's page
    sign_in(manager)
    page.goto(f"{live_server.url}/programmes/{directory.slug}/")

    # When they choose to add an action and describe it
    page.get_by_role("link", name="Add an action").click()
    assert_accessible(page)
    page.get_by_label("Action", exact=True).fill("Agree outcome measures with partners")
    page.get_by_label("Timescale").fill("Q3 2010/11")

    # And pick two owners by typing, with the keyboard alone
    owners = page.get_by_role("combobox", name="Owners")
    owners.fill("sue")
    page.get_by_role("option", name="Sue Lightup (BHCC)").wait_for()
    page.keyboard.press("ArrowDown")  # to the first suggestion, as a keyboard user would
    page.keyboard.press("Enter")
    owners.fill("commissioning t")
    page.get_by_role("option", name="Commissioning Teams (team)").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")

    # Then both are listed as chosen, each with a button to remove it
    chosen = page.get_by_role("list", name="Chosen owners")
    assert chosen.get_by_role("listitem").count() == 2
    assert page.get_by_role("button", name="Remove Sue Lightup (BHCC)").is_visible()
    assert page.get_by_role("button", name="Remove Commissioning Teams (team)").is_visible()
    assert_accessible(page)
    screenshot(page, "add-action")

    # When they add the action
    page.get_by_role("button", name="Add action").click()

    # Then its page names both owners and the directory links them
    assert page.get_by_role("heading", name="Agree outcome measures with partners").is_visible()
    action = Action.objects.get(title="Agree outcome measures with partners")
    assert [(o.kind, o.name) for o in action.owners.order_by("order")] == [
        ("person", "Sue Lightup"),
        ("team", "Commissioning Teams"),
    ]
    assert page.get_by_role("link", name="Sue Lightup").is_visible()
    assert page.get_by_role("link", name="Commissioning Teams").is_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_without_javascript_owners_are_chosen_from_a_plain_list(
    live_server, browser, client, manager, directory
):
    # Given a browser with JavaScript off, signed in as the manager
    from django.conf import settings

    assert CHROMIUM.exists()
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    client.force_login(manager)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()

    # When they add an action choosing a person and a team in the multiple select
    page.goto(f"{live_server.url}/programmes/{directory.slug}/actions/add/")
    page.get_by_label("Action", exact=True).fill("Map the total pot")
    page.get_by_label("Owners").select_option(
        label=["John Bennett (BHCC)", "Commissioning Teams (team)"]
    )
    page.get_by_role("button", name="Add action").click()

    # Then the action is owned by both
    action = Action.objects.get(title="Map the total pot")
    assert sorted(o.kind for o in action.owners.all()) == ["person", "team"]
    context.close()
