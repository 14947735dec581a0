"""The programme dashboard as of a reporting date."""

from datetime import date

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.programmes.services import load_demo
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
    TeamFactory,
)
from commissioning.reports.dashboard import OVERDUE_SHOWN

pytestmark = pytest.mark.django_db


def page_url(programme, query: str = "") -> str:
    return reverse("programme-dashboard", args=[programme.slug]) + query


def table(page, caption: str) -> list[list[str]]:
    """A table's body rows as cell texts, found by its caption."""
    (found,) = page.xpath(f'//table[caption[normalize-space()="{caption}"]]')
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")]
        for row in found.xpath("tbody/tr")
    ]


def overdue_action(programme, title: str, **kwargs):
    return ActionFactory(
        programme=programme,
        title=title,
        timescale_text="February 2008",
        timescale_start=date(2008, 2, 1),
        timescale_end=date(2008, 2, 29),
        status="in_progress",
        **kwargs,
    )


def test_anonymous_visitor_is_sent_to_sign_in(client):
    programme = ProgrammeFactory()

    response = client.get(page_url(programme))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_unknown_programme_is_not_found(signed_in_client):
    response = signed_in_client.get("/programmes/no-such-programme/dashboard/")

    assert response.status_code == 404


def test_seed_plan_as_of_march_2008(signed_in_client):
    programme = load_demo().programme

    response = signed_in_client.get(page_url(programme, "?as_of=31 March 2008"))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert [h1.text_content().strip() for h1 in page.xpath("//h1")] == [
        "Dashboard as of 31 March 2008"
    ]
    rag = {row[0]: row[1] for row in table(page, "Actions by RAG")}
    assert rag["Blue"] == "2"
    assert rag["Red"] == "1"
    overdue = table(page, "Overdue actions, most overdue first")
    assert len(overdue) == 1
    assert "Agree strategic leadership roles" in overdue[0][0]
    assert "February 2008" in overdue[0][1]
    assert "Draft Section 31 to Board March" in overdue[0][3]
    stages = table(page, "Stages and how many of their deliverables are complete")
    assert stages[0][0] == "T1 Plans and proposed structures ready"
    assert stages[0][3].endswith("of 17")


def test_counts_and_percentages_by_status(signed_in_client):
    programme = ProgrammeFactory()
    ActionFactory.create_batch(3, programme=programme, status="complete")
    ActionFactory(programme=programme, status="not_started")

    response = signed_in_client.get(page_url(programme))  # today: statuses as they are

    page = lxml.html.fromstring(response.content)
    status = {row[0]: row[1:] for row in table(page, "Actions by status")}
    assert status["Complete"] == ["3", "75%"]
    assert status["Not started"] == ["1", "25%"]
    assert status["Blocked"] == ["0", "0%"]


def test_stage_shows_deliverables_complete_and_percentage_in_text(signed_in_client):
    programme = ProgrammeFactory()
    stage = StageFactory(programme=programme, code="T1", title="Plans ready")
    DeliverableFactory(stage=stage, status="complete")
    DeliverableFactory.create_batch(3, stage=stage)

    response = signed_in_client.get(page_url(programme))  # today: statuses as they are

    page = lxml.html.fromstring(response.content)
    (row,) = table(page, "Stages and how many of their deliverables are complete")
    assert row[0] == "T1 Plans ready"
    assert row[3] == "1 of 4"
    assert row[4] == "25%"


def test_owners_and_their_organisations(signed_in_client):
    programme = ProgrammeFactory()
    council = OrganisationFactory(name="Brighton and Hove City Council")
    pct = OrganisationFactory(name="Brighton and Hove City PCT")
    jane = PersonFactory(name="Jane Smith", organisation=council)
    team = TeamFactory(name="Commissioning Teams", organisation=pct)
    for status in ("complete", "in_progress"):
        action = ActionFactory(programme=programme, status=status)
        ActionOwnerFactory(action=action, person=jane, name="Jane Smith")
    joint = ActionFactory(programme=programme, status="in_progress")
    ActionOwnerFactory(action=joint, person=jane, name="Jane Smith")
    ActionOwnerFactory(action=joint, person=None, team=team, kind="team", name=team.name)

    response = signed_in_client.get(page_url(programme))  # today: statuses as they are

    page = lxml.html.fromstring(response.content)
    owners = table(page, "Owners with the most actions")
    assert owners[0] == ["Jane Smith", "3", "2", "1"]  # actions, in progress, complete
    assert owners[1] == ["Commissioning Teams", "1", "1", "0"]
    organisations = {row[0]: row[1] for row in table(page, "Actions by owners’ organisation")}
    assert organisations == {
        "Brighton and Hove City Council": "3",
        "Brighton and Hove City PCT": "1",
    }


def test_overdue_list_is_capped_with_a_link_to_the_rest(signed_in_client):
    programme = ProgrammeFactory(slug="big")
    for number in range(OVERDUE_SHOWN + 3):
        overdue_action(programme, f"Overdue {number}")

    response = signed_in_client.get(page_url(programme, "?as_of=2008-03-31"))

    page = lxml.html.fromstring(response.content)
    assert len(table(page, "Overdue actions, most overdue first")) == OVERDUE_SHOWN
    assert "And 3 more." in page.text_content()
    links = {a.text_content().strip(): a.get("href") for a in page.xpath("//main//a")}
    rest = links["See all overdue actions in the action plan"]
    assert rest.startswith(reverse("programme", args=["big"]) + "?overdue_as_of=2008-03-31")


def test_due_next_period_lists_what_falls_due_after_the_date(signed_in_client):
    programme = ProgrammeFactory()
    ActionFactory(programme=programme, title="Due in April")
    ActionFactory(
        programme=programme,
        title="Due in June",
        timescale_text="June 2008",
        timescale_start=date(2008, 6, 1),
        timescale_end=date(2008, 6, 30),
    )

    response = signed_in_client.get(page_url(programme, "?as_of=2008-03-31"))

    page = lxml.html.fromstring(response.content)
    due_next = table(page, "Stages and actions due next period")
    assert [row[0] for row in due_next] == ["Action: Due in April"]


def test_chart_is_an_accessible_svg_with_the_numbers_in_a_table(signed_in_client):
    programme = ProgrammeFactory()
    action = ActionFactory(programme=programme)
    ProgressUpdateFactory(action=action, status="complete")

    response = signed_in_client.get(page_url(programme, "?as_of=2008-03-31"))

    page = lxml.html.fromstring(response.content)
    (svg,) = page.xpath("//svg[@role='img']")
    assert svg.xpath("title") and svg.xpath("desc")
    rows = table(page, "Actions and deliverables by status at each month-end")
    assert len(rows) == 12
    assert rows[0][0] == "Apr 2007"
    assert rows[-1][0] == "Mar 2008"
    assert rows[-1][1] == "1"  # complete


def test_date_defaults_to_today(signed_in_client):
    programme = ProgrammeFactory()

    response = signed_in_client.get(page_url(programme))

    assert response.status_code == 200
    assert response.context["dashboard"].as_of_iso == date.today().isoformat()


def test_unreadable_date_is_reported_and_today_shown(signed_in_client):
    programme = ProgrammeFactory()

    response = signed_in_client.get(page_url(programme, "?as_of=someday"))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    summary = page.xpath("//*[contains(@class, 'govuk-error-summary')]")[0].text_content()
    assert "Enter a date, like 31 March 2008" in summary
    assert page.xpath("//title")[0].text_content().startswith("Error:")
    assert response.context["dashboard"].as_of_iso == date.today().isoformat()


def test_calendar_subscription_address_is_shown(signed_in_client):
    programme = ProgrammeFactory(slug="commissioning")

    response = signed_in_client.get(page_url(programme))

    page = lxml.html.fromstring(response.content)
    (field,) = page.xpath("//input[@id='calendar-address']")
    assert "/programmes/commissioning/calendar.ics?token=" in field.get("value")
    assert "Subscribe in Outlook or Google Calendar" in page.text_content()


def test_query_count_does_not_grow_with_the_plan(signed_in_client):
    programme = ProgrammeFactory()
    StageFactory(programme=programme)
    signed_in_client.get(page_url(programme))  # the first visit also makes the calendar token

    def queries_for(count: int) -> int:
        for number in range(count):
            action = overdue_action(programme, f"Action {number}")
            ActionOwnerFactory(action=action)
            ProgressUpdateFactory(action=action)
        with CaptureQueriesContext(connection) as captured:
            response = signed_in_client.get(page_url(programme, "?as_of=2008-03-31"))
        assert response.status_code == 200
        return len(captured)

    assert queries_for(5) == queries_for(45)


def test_programme_page_links_to_the_reports(signed_in_client):
    programme = ProgrammeFactory(slug="commissioning")

    response = signed_in_client.get(reverse("programme", args=[programme.slug]))

    page = lxml.html.fromstring(response.content)
    links = {a.text_content().strip(): a.get("href") for a in page.xpath("//main//a")}
    assert links["Dashboard"] == page_url(programme)
    assert links["Timeline"] == reverse("programme-timeline", args=["commissioning"])
    assert links["Highlight report"] == reverse(
        "programme-highlight-report", args=["commissioning"]
    )
    assert links["Calendar feed (.ics)"] == reverse("programme-calendar", args=["commissioning"])


def test_a_repeated_dashboard_reads_no_history_until_the_plan_changes(signed_in_client):
    programme = ProgrammeFactory()
    StageFactory(programme=programme)
    action = overdue_action(programme, "Hold the first workshop")
    url = page_url(programme, f"?as_of={timezone.localdate().isoformat()}")
    signed_in_client.get(url)

    with CaptureQueriesContext(connection) as repeated:
        again = signed_in_client.get(url)
    # Only the stamp (a MAX of each history table) is read: no history, no owners, no items.
    data_reads = [
        q["sql"]
        for q in repeated.captured_queries
        if "MAX(" not in q["sql"] and ("history" in q["sql"] or "programmes_action" in q["sql"])
    ]
    assert data_reads == []

    action.title = "Hold the launch workshop"
    action.save()
    changed = signed_in_client.get(url)

    assert "Hold the first workshop" in again.content.decode()
    assert "Hold the launch workshop" in changed.content.decode()
