"""A programme manager's day in a real browser: import, update progress, find what is late."""

import pytest

from commissioning.programmes.models import Action, ProgressUpdate
from commissioning.programmes.services import DEMO_DOCUMENTS
from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.usefixtures("home_partnership")

ACTION_PLAN = DEMO_DOCUMENTS / "commissioning-action-plan.txt"
SHARED_LEARNING = "Shared bi-monthly learning and networking programme"


def import_action_plan(page, live_server, programme: str, run_worker) -> None:
    """Upload the customer's action plan, check the preview, confirm it and let the
    background worker write it."""
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Upload a plan").set_input_files(str(ACTION_PLAN))
    page.get_by_label("A new programme named (optional)").fill(programme)
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Confirm import").click()
    run_worker()
    page.get_by_role("link", name="Check again now").click()


@pytest.mark.django_db(transaction=True)
def test_manager_imports_the_action_plan_and_records_a_workshop(
    live_server, page, sign_in, manager, task_worker, monkeypatch
):
    # Given a signed-in programme manager
    sign_in(manager)

    # When they upload the customer's action plan and confirm the preview
    page.goto(f"{live_server.url}/import/")
    assert_accessible(page)
    screenshot(page, "import-upload")
    page.get_by_label("Upload a plan").set_input_files(str(ACTION_PLAN))
    page.get_by_label("A new programme named (optional)").fill("Adult commissioning")
    page.get_by_role("button", name="Check the file").click()
    assert_accessible(page)
    screenshot(page, "import-preview")
    monkeypatch.setattr("commissioning.core.background.REFRESH_SECONDS", 60)  # hold still
    page.get_by_role("button", name="Confirm import").click()

    # Then the import waits for the background worker, on a page that says so
    assert page.get_by_role("heading", name="Waiting to start").is_visible()
    assert_accessible(page)
    screenshot(page, "import-waiting")

    # When the worker has run, the page shows what the import recorded
    task_worker()
    page.get_by_role("link", name="Check again now").click()
    assert page.get_by_role("heading", name="commissioning-action-plan.txt").is_visible()
    assert_accessible(page)

    # Then the programme shows the nine actions
    page.get_by_role("link", name="Adult commissioning").first.click()
    assert page.locator("#actions tbody tr").count() == 9
    assert_accessible(page)

    # When they record that the workshop was held, as of May 2008, complete
    page.get_by_role("link", name=SHARED_LEARNING).click()
    page.get_by_label("Progress as of").fill("May 2008")
    page.get_by_label("What has happened").fill("Workshop held")
    page.get_by_label("Complete", exact=True).check()
    page.get_by_role("button", name="Add progress update").click()

    # Then it is top of the history and the action is complete
    history = page.get_by_role("table", name="Progress history, newest first")
    assert "Workshop held" in history.locator("tbody tr").first.inner_text()
    assert "May 2008" in history.locator("tbody tr").first.inner_text()
    action = Action.objects.get(title__startswith=SHARED_LEARNING)
    assert action.status == "complete" and not action.status_suggested
    assert_accessible(page)
    screenshot(page, "action")


@pytest.mark.django_db(transaction=True)
def test_an_unreadable_timescale_shows_the_error_summary_and_saves_nothing(
    live_server, page, sign_in, manager, task_worker
):
    sign_in(manager)
    import_action_plan(page, live_server, "Adult commissioning", task_worker)
    action = Action.objects.get(title__startswith=SHARED_LEARNING)
    updates_before = ProgressUpdate.objects.count()

    # When the progress period cannot be read
    page.goto(f"{live_server.url}/actions/{action.pk}/")
    page.get_by_label("Progress as of").fill("sometime soon")
    page.get_by_label("What has happened").fill("Workshop held")
    page.get_by_role("button", name="Add progress update").click()

    # Then the GOV.UK error summary names the problem and nothing is saved
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "Enter the period this progress is as of" in summary.inner_text()
    assert ProgressUpdate.objects.count() == updates_before
    assert_accessible(page)

    # And the same on the edit page for an unreadable timescale
    page.goto(f"{live_server.url}/actions/{action.pk}/edit/")
    page.get_by_label("Timescale").fill("when pigs fly")
    page.get_by_role("button", name="Save").click()
    assert "could not read" in page.locator(".govuk-error-summary").inner_text().lower()
    action.refresh_from_db()
    assert action.timescale_text == "May 2008"
    assert_accessible(page)
    screenshot(page, "edit-action-error")


@pytest.mark.django_db(transaction=True)
def test_overdue_as_of_31_march_2008_shows_exactly_the_late_actions(
    live_server, page, sign_in, manager, task_worker
):
    sign_in(manager)
    import_action_plan(page, live_server, "Adult commissioning", task_worker)

    # When they filter the action plan for what was overdue at the end of March 2008
    page.get_by_role("link", name="Adult commissioning").first.click()
    page.get_by_label("Overdue as of").fill("31 March 2008")
    page.get_by_role("button", name="Apply filters").click()

    # Then exactly the actions due before then and not complete are listed
    expected = set(
        Action.objects.filter(timescale_end__lt="2008-03-31")
        .exclude(status__in=["complete", "dropped"])
        .values_list("title", flat=True)
    )
    rows = page.locator("#actions tbody tr")
    shown = {rows.nth(i).locator("a").first.inner_text() for i in range(rows.count())}
    assert len(expected) == 1 and len(shown) == 1
    assert next(iter(expected)).startswith(next(iter(shown)).rstrip("…").strip())
    assert "overdue_as_of=31+March+2008" in page.url
    assert_accessible(page)
    screenshot(page, "programme-overdue")


@pytest.mark.django_db(transaction=True)
def test_the_progress_form_works_with_the_keyboard_alone(
    live_server, page, sign_in, manager, task_worker
):
    sign_in(manager)
    import_action_plan(page, live_server, "Adult commissioning", task_worker)
    action = Action.objects.get(title__startswith=SHARED_LEARNING)
    page.goto(f"{live_server.url}/actions/{action.pk}/")

    # When they Tab to the form, type, choose a status with the arrow keys and press Enter
    focus_by_tabbing(page, "id_as_of")
    page.keyboard.type("June 2008")
    page.keyboard.press("Tab")
    page.keyboard.type("Second workshop held")
    page.keyboard.press("Tab")  # the first status radio: "Suggest from the text"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # Not started
    page.keyboard.press("ArrowDown")  # In progress
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Then the update is saved with the status chosen
    assert page.locator(".govuk-notification-banner--success").is_visible()
    update = action.updates.order_by("-created_at").first()
    assert (update.as_of_text, update.text, update.status) == (
        "June 2008",
        "Second workshop held",
        "in_progress",
    )


def focus_by_tabbing(page, element_id: str, limit: int = 200) -> None:
    """Press Tab until the element with ``element_id`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"could not reach #{element_id} with the Tab key")
