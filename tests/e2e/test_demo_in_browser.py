"""A person signs in to the demo and finds the customer's plan imported."""

import pytest

from commissioning.programmes.services import DEMO_PASSWORD, DEMO_USERNAME, load_demo


@pytest.mark.django_db(transaction=True)
def test_demo_user_signs_in_and_sees_the_imported_programme(live_server, page):
    # Given the demo partnership loaded from the customer's documents
    load_demo()

    # When the demo user signs in to the administration site
    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", DEMO_USERNAME)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")

    # Then the programme, its stages and its actions are there
    page.goto(f"{live_server.url}/admin/programmes/programme/")
    assert page.get_by_role("link", name="Intelligent Commissioning Programme").count() == 1
    page.goto(f"{live_server.url}/admin/programmes/stage/")
    assert page.locator("#result_list tbody tr").count() == 3
    assert page.get_by_text("Plans and proposed structures ready").count() == 1
    page.goto(f"{live_server.url}/admin/programmes/action/")
    assert page.locator("#result_list tbody tr").count() == 9
    assert page.get_by_role("link", name="Shared bi-monthly learning").count() == 1
