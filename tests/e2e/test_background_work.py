"""Work the background worker does, followed in a real browser as it happens."""

import pytest

from commissioning.programmes.services import load_demo
from tests.e2e.conftest import assert_accessible, screenshot


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
