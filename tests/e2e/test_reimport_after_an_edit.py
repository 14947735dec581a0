"""Re-importing a later version of a plan after someone changed it by hand, in a real browser."""

import pytest

from commissioning.programmes.models import Action
from commissioning.programmes.services import DEMO_DOCUMENTS
from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.usefixtures("home_partnership")

ACTION_PLAN = DEMO_DOCUMENTS / "commissioning-action-plan.txt"
DEFINITION = "Agree mutual definition of Commissioning."


def upload(page, live_server, path, programme: str | None = None) -> None:
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Upload a plan").set_input_files(str(path))
    if programme:
        page.get_by_label("A new programme named (optional)").fill(programme)
    else:
        page.get_by_label("Import into").select_option(label="Adult commissioning")
    page.get_by_role("button", name="Check the file").click()


def confirm_and_let_the_worker_write(page, task_worker) -> None:
    """Confirm the preview, let the background worker write it and show the result."""
    page.get_by_role("button", name="Confirm import").click()
    page.wait_for_url("**/import/tasks/**")
    assert task_worker() == 1
    page.reload()
    page.wait_for_url("**/import/runs/**")


@pytest.mark.django_db(transaction=True)
def test_a_reimport_after_an_edit_shows_the_conflict_and_keeps_the_edit(
    live_server, page, sign_in, manager, tmp_path, task_worker
):
    # Given an imported action plan whose timescale a person then changed by hand
    sign_in(manager)
    upload(page, live_server, ACTION_PLAN, programme="Adult commissioning")
    confirm_and_let_the_worker_write(page, task_worker)
    action = Action.objects.get(title=DEFINITION)
    page.goto(f"{live_server.url}/actions/{action.pk}/edit/")
    page.get_by_label("Timescale").fill("June 2008")
    page.get_by_role("button", name="Save").click()

    # When a later version moves that timescale and another action's too
    later = ACTION_PLAN.read_text(encoding="utf-8")
    later = later.replace(f"{DEFINITION}\tMay 2008", f"{DEFINITION}\tJuly 2008")
    later = later.replace("July 2008\tCommissioning Teams", "August 2008\tCommissioning Teams")
    path = tmp_path / "action-plan-later.txt"
    path.write_text(later, encoding="utf-8")
    upload(page, live_server, path)

    # Then the preview lists the change and the conflict, and nothing is written yet
    changes = page.get_by_role("table", name="Changes to what is already here")
    assert "August 2008" in changes.inner_text()
    conflict = page.get_by_role("group", name=f"{DEFINITION}: timescale")
    assert "Last imported: May 2008. Changed here to: June 2008." in conflict.inner_text()
    assert_accessible(page)
    screenshot(page, "import-conflict")

    # When they confirm without choosing, they are asked to choose
    page.get_by_role("button", name="Confirm import").click()
    summary = page.locator(".govuk-error-summary")
    assert "Choose whether to keep the timescale" in summary.inner_text()
    assert_accessible(page)

    # When they keep their own value and confirm
    conflict = page.get_by_role("group", name=f"{DEFINITION}: timescale")
    conflict.get_by_label("Keep ‘June 2008’, the value here").check()
    confirm_and_let_the_worker_write(page, task_worker)

    # Then their edit is kept, the untouched action takes the document's timescale,
    # and the result says what was chosen
    assert "Conflicts: kept the value here" in page.locator("main").inner_text()
    assert_accessible(page)
    assert Action.objects.get(pk=action.pk).timescale_text == "June 2008"
    repeat = Action.objects.get(title__startswith="Repeat UAP")
    assert repeat.timescale_text == "August 2008"

    # And the action's history says who kept which value
    page.goto(f"{live_server.url}/actions/{action.pk}/history/")
    assert "Kept person's value: timescale" in page.locator("main").inner_text()
    assert_accessible(page)
