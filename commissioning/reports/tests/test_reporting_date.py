"""Reports open on the programme's latest reporting date and say which date it is and why."""

from datetime import date, timedelta

import lxml.html
import pytest
from django.urls import reverse

from commissioning.programmes.services import load_demo
from commissioning.programmes.tests.factories import (
    ActionFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
)
from commissioning.reports.reporting_date import (
    CURRENT,
    LATEST,
    NO_UPDATES,
    default_reporting_date,
    latest_progress_date,
)

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("latest", "months", "day", "reason"),
    [
        pytest.param(None, 1, TODAY, NO_UPDATES, id="no-updates-today"),
        pytest.param(date(2008, 3, 31), 1, date(2008, 3, 31), LATEST, id="old-plan-its-date"),
        pytest.param(date(2026, 11, 2), 1, date(2026, 11, 2), LATEST, id="a-month-ago-is-past"),
        pytest.param(date(2026, 11, 3), 1, TODAY, CURRENT, id="within-this-month"),
        pytest.param(date(2026, 9, 30), 3, TODAY, CURRENT, id="within-this-quarter"),
        pytest.param(date(2026, 9, 1), 3, date(2026, 9, 1), LATEST, id="last-quarter"),
        pytest.param(date(2027, 3, 31), 1, TODAY, CURRENT, id="future-as-of-is-current"),
    ],
)  # fmt: skip
def test_default_reporting_date(latest, months, day, reason):
    chosen = default_reporting_date(latest=latest, today=TODAY, period_months=months)

    assert (chosen.day, chosen.reason) == (day, reason)


@pytest.mark.django_db
def test_latest_progress_date_reads_actions_and_deliverables_of_this_programme_only():
    programme = ProgrammeFactory()
    action = ActionFactory(programme=programme)
    deliverable = DeliverableFactory(stage__programme=programme)
    ProgressUpdateFactory(action=action, as_of_end=date(2008, 1, 31))
    ProgressUpdateFactory(action=None, deliverable=deliverable, as_of_end=date(2008, 3, 31))
    ProgressUpdateFactory(action=ActionFactory(), as_of_end=date(2009, 1, 31))  # another's

    assert latest_progress_date(programme) == date(2008, 3, 31)


def page(client, name: str, slug: str, query: str = ""):
    response = client.get(reverse(name, args=[slug]) + query)
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def reason(html) -> str:
    return " ".join(html.xpath("string(//*[@id='reporting-date'])").split())


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["programme-dashboard", "programme-timeline"])
def test_the_demo_opens_on_march_2008_and_says_why(signed_in_client, name):
    slug = load_demo().programme.slug

    html = page(signed_in_client, name, slug)

    assert html.xpath("string(//h1)").strip().endswith("as of 31 March 2008")
    assert reason(html).startswith(
        "Shown as of 31 March 2008, the date of the programme’s latest progress updates."
    )
    assert html.xpath("//input[@name='as_of']/@value") == ["31 March 2008"]


@pytest.mark.django_db
def test_the_demo_highlight_report_form_is_filled_in_with_march_2008(signed_in_client):
    slug = load_demo().programme.slug

    html = page(signed_in_client, "programme-highlight-report", slug)

    assert html.xpath("//input[@name='as_of']/@value") == ["31 March 2008"]
    assert "31 March 2008, the date of the programme’s latest progress updates" in reason(html)


@pytest.mark.django_db
def test_a_programme_kept_up_to_date_opens_on_today(signed_in_client):
    programme = ProgrammeFactory()
    ProgressUpdateFactory(
        action=ActionFactory(programme=programme), as_of_end=date.today() - timedelta(days=3)
    )

    html = page(signed_in_client, "programme-dashboard", programme.slug)

    assert "the programme has progress updates in the current reporting period" in reason(html)
    assert html.xpath("//input[@name='as_of']/@value")[0].endswith(str(date.today().year))


@pytest.mark.django_db
def test_a_date_chosen_is_shown_as_chosen(signed_in_client):
    slug = load_demo().programme.slug

    html = page(signed_in_client, "programme-timeline", slug, "?as_of=2008-01-31")

    assert reason(html) == "Shown as of 31 January 2008, the date you chose."
