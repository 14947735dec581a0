"""Reports read what people set in the pages: confirmed updates and the reporting period."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.programmes.models import ProgressUpdate
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
)
from commissioning.reports.asof import build_report
from commissioning.reports.charts import period_ends

pytestmark = pytest.mark.django_db

MARCH_2008 = date(2008, 3, 31)


@pytest.fixture
def suggested(partnership):
    """An action whose progress as of March 2008 suggested it is complete, as imported."""
    action = partnership.council_action
    action.status, action.status_suggested = "complete", True
    action.save()
    action.history.update(history_effective=MARCH_2008)
    update = ProgressUpdateFactory(
        action=action, text="Completed", status="complete", status_suggested=True
    )
    return action, update


def highlight(client, slug: str, as_of: str) -> str:
    url = reverse("programme-highlight-report", args=[slug])
    return client.get(url, {"as_of": as_of, "format": "html"}).content.decode()


def test_confirming_a_suggested_status_shows_confirmed_in_the_board_pack_of_that_date(
    sign_in, programme_manager, partnership, suggested
):
    action, update = suggested
    client = sign_in(programme_manager)
    before = build_report(programme=partnership.programme, as_of=MARCH_2008)
    assert before.actions[-1].status_suggested  # the report is cached from here on
    assert "Complete (suggested)" in highlight(client, partnership.programme.slug, "31/03/2008")

    response = client.post(
        reverse("action-confirm-status", args=[action.pk]), {"status": "complete"}
    )

    assert response.status_code == 302
    item = next(
        i
        for i in build_report(programme=partnership.programme, as_of=MARCH_2008).actions
        if i.id == action.pk
    )
    assert (item.status, item.status_suggested) == ("complete", False)
    board_pack = highlight(client, partnership.programme.slug, "31/03/2008")
    assert "Complete (suggested)" not in board_pack
    update.refresh_from_db()
    assert (update.confirmed_by, update.suggested_status) == (programme_manager, "complete")
    assert update.text == "Completed"  # what was written stays as written


def test_the_audit_trail_still_says_who_confirmed_and_when(
    sign_in, programme_manager, partnership, suggested
):
    action, _ = suggested
    client = sign_in(programme_manager)

    client.post(reverse("action-confirm-status", args=[action.pk]), {"status": "complete"})

    page = client.get(reverse("action", args=[action.pk])).content.decode()
    assert "Suggested status confirmed by council-manager on" in page
    latest = action.history.latest()
    assert (latest.history_user, latest.status_suggested) == (programme_manager, False)


def test_a_status_changed_when_confirming_is_what_that_dates_report_shows(
    sign_in, programme_manager, partnership, suggested
):
    action, update = suggested
    client = sign_in(programme_manager)

    client.post(reverse("action-confirm-status", args=[action.pk]), {"status": "in_progress"})

    item = next(
        i
        for i in build_report(programme=partnership.programme, as_of=MARCH_2008).actions
        if i.id == action.pk
    )
    assert (item.status, item.status_suggested) == ("in_progress", False)
    update.refresh_from_db()
    assert (update.status, update.suggested_status) == ("in_progress", "complete")
    page = client.get(reverse("action", args=[action.pk])).content.decode()
    assert "Suggested Complete; changed by council-manager on" in page


def test_an_update_written_with_a_status_is_not_marked_confirmed(
    sign_in, programme_manager, partnership
):
    action = partnership.council_action
    update = ProgressUpdateFactory(action=action, status="blocked", status_suggested=False)

    sign_in(programme_manager).post(
        reverse("action-confirm-status", args=[action.pk]), {"status": "in_progress"}
    )

    update.refresh_from_db()
    assert (update.status, update.confirmed_at) == ("blocked", None)
    assert ProgressUpdate.objects.count() == 1


# --- The reporting period -------------------------------------------------------------------


def test_a_quarterly_programme_reports_the_quarter_and_whats_due_next_quarter():
    programme = ProgrammeFactory(reporting_period_months=3)
    soon = ActionFactory(
        programme=programme,
        timescale_text="May 2008",
        timescale_start=date(2008, 5, 1),
        timescale_end=date(2008, 5, 31),
        timescale_precision="month",
    )
    soon.history.update(history_effective=MARCH_2008)

    report = build_report(programme=programme, as_of=MARCH_2008)

    assert (report.period_start, report.next_period_end) == (date(2007, 12, 31), date(2008, 6, 30))
    monthly = ProgrammeFactory(reporting_period_months=1)
    assert build_report(programme=monthly, as_of=MARCH_2008).next_period_end == date(2008, 4, 30)


@pytest.mark.parametrize(
    ("as_of", "months", "expected"),
    [
        (MARCH_2008, 3, [date(2007, 6, 30), date(2007, 9, 30), date(2007, 12, 31), MARCH_2008]),
        (date(2008, 5, 15), 3, [date(2007, 12, 31), date(2008, 3, 31), date(2008, 5, 15)]),
        (MARCH_2008, 1, [date(2008, 1, 31), date(2008, 2, 29), MARCH_2008]),
    ],
)
def test_the_chart_steps_by_the_reporting_period(as_of, months, expected):
    assert period_ends(as_of, months=months, count=len(expected)) == expected


def test_the_dashboard_of_a_quarterly_programme_charts_quarters(signed_in_client):
    programme = ProgrammeFactory(reporting_period_months=3)

    response = signed_in_client.get(
        reverse("programme-dashboard", args=[programme.slug]), {"as_of": "31/03/2008"}
    )

    page = response.content.decode()
    assert "Status over the last 12 quarters" in page
    assert "Dec 2007" in page and "Feb 2008" not in page
