"""A person signs in to the demo with the printed login and finds the customer's plan."""

import pytest

from commissioning.programmes.services import DEMO_PASSWORD, DEMO_USERNAME, load_demo
from tests.e2e.conftest import assert_accessible, screenshot


@pytest.mark.django_db(transaction=True)
def test_demo_user_signs_in_and_sees_the_imported_programme(live_server, page):
    # Given the demo partnership loaded from the customer's documents
    load_demo()

    # When the demo user signs in with the login `make run` prints
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    screenshot(page, "sign-in")
    page.get_by_label("Username").fill(DEMO_USERNAME)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # Then the programme is listed, and its stages and actions are there
    page.get_by_role("link", name="Intelligent Commissioning Programme").click()
    assert page.get_by_text("Plans and proposed structures ready").count() >= 1
    assert page.locator("#actions tbody tr").count() == 9
