"""Work the background worker does, followed in a real browser as it happens."""

import pytest

from commissioning.programmes.services import DEMO_DOCUMENTS, load_demo
from tests.e2e.conftest import assert_accessible, screenshot

ACTION_PLAN = DEMO_DOCUMENTS / "commissioning-action-plan.txt"

ACTION_PLAN = DEMO_DOCUMENTS / "commissioning-action-plan.txt"


@pytest.mark.django_db(transaction=True)
def test_a_pdf_report_is_offered_as_soon_as_the_worker_has_made_it(
    live_server, page, sign_in, manager, task_worker
):
    # Given a signed-in manager and the demo programme
    slug = load_demo().programme.slug
    sign_in(manager)

    # When they ask for the highlight report as a PDF
    page.goto(f"{live_server.url}/programmes/{slug}/reports/highlight/?as_of=2008-03-31")
    page.get_by_role("link", name="PDF").click()

    # Then a page says it is waiting for the worker
    assert page.get_by_role("heading", name="Waiting to start").is_visible()
    assert_accessible(page)

    # When the worker has made it, the page shows it is ready without being reloaded
    task_worker()
    ready = page.get_by_role("heading", name="Your report is ready")
    ready.wait_for(timeout=10_000)
    assert "/tasks/" in page.url
    assert_accessible(page)
    screenshot(page, "report-ready")

    # And the file downloads
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the report (PDF").click()
    assert download.value.suggested_filename == "highlight-intelligent-commissioning-2008-03-31.pdf"


@pytest.mark.django_db(transaction=True)
def test_an_import_that_breaks_in_the_worker_says_so_plainly(
    live_server, page, sign_in, manager, task_worker, monkeypatch
):
    # Given a manager who has confirmed an import, and a worker that breaks on it
    sign_in(manager)
    page.goto(f"{live_server.url}/import/")
    page.get_by_label("Upload a plan").set_input_files(str(ACTION_PLAN))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("button", name="Confirm import").click()

    def broken(**kwargs):
        raise RuntimeError("disk full at /srv/secret")

    monkeypatch.setattr("commissioning.plans.pending.import_document", broken)
    task_worker()

    # Then the page says something went wrong and nothing was imported, with no traceback
    page.get_by_role("heading", name="Sorry, there is a problem").wait_for(timeout=10_000)
    text = page.locator("main").inner_text()
    assert "Nothing was imported." in text
    assert "RuntimeError" not in text and "/srv/secret" not in text
    assert_accessible(page)
    screenshot(page, "import-failed")
