"""The timeline page: stages and actions on a months axis as of a date, undated ones apart."""

from datetime import date

import lxml.html
import pytest
from django.urls import reverse

from commissioning.programmes.services import load_demo
from commissioning.programmes.tests.factories import ActionFactory, ProgrammeFactory, StageFactory

pytestmark = pytest.mark.django_db


def page_url(programme, query: str = "") -> str:
    return reverse("programme-timeline", args=[programme.slug]) + query


def test_anonymous_visitor_is_sent_to_sign_in(client):
    programme = ProgrammeFactory()

    response = client.get(page_url(programme))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_unknown_programme_is_not_found(signed_in_client):
    response = signed_in_client.get("/programmes/no-such-programme/timeline/")

    assert response.status_code == 404


def test_seed_plan_timeline_as_of_march_2008(signed_in_client):
    programme = load_demo().programme

    response = signed_in_client.get(page_url(programme, "?as_of=2008-03-31"))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert [h1.text_content().strip() for h1 in page.xpath("//h1")] == [
        "Timeline as of 31 March 2008"
    ]
    (svg,) = page.xpath("//svg[@role='img']")
    assert svg.xpath("title") and svg.xpath("desc")
    drawn = svg.text_content()
    assert "Plans and proposed structures ready" in drawn
    assert "Agree strategic leadership roles" in drawn
    assert "A bar is a timescale that covers a period" in page.text_content()


def test_undated_items_are_listed_below_the_timeline(signed_in_client):
    programme = ProgrammeFactory()
    StageFactory(programme=programme, title="Dated stage")
    ActionFactory(programme=programme, title="Dated action")
    undated = ActionFactory(
        programme=programme,
        title="Review annually",
        timescale_text="Ongoing",
        timescale_start=None,
        timescale_end=None,
        timescale_precision="open",
    )

    response = signed_in_client.get(page_url(programme))

    page = lxml.html.fromstring(response.content)
    (heading,) = page.xpath("//h2[@id='not-on-the-timeline']")
    listed = heading.getnext()
    assert [li.text_content().split()[:2] for li in listed.xpath("li")] == [["Review", "annually"]]
    assert "Ongoing" in listed.text_content()
    assert listed.xpath("li/a")[0].get("href") == reverse("action", args=[undated.pk])


def test_every_item_dated_says_so(signed_in_client):
    programme = ProgrammeFactory()
    ActionFactory(programme=programme)

    response = signed_in_client.get(page_url(programme))

    assert "Every stage and action has dates" in response.content.decode()


def test_unreadable_date_is_reported_and_today_shown(signed_in_client):
    programme = ProgrammeFactory()

    response = signed_in_client.get(page_url(programme, "?as_of=someday"))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    summary = page.xpath("//*[contains(@class, 'govuk-error-summary')]")[0].text_content()
    assert "Enter a date, like 31 March 2008" in summary
    assert response.context["as_of_iso"] == date.today().isoformat()


def test_links_to_the_dashboard_and_highlight_report_for_the_same_date(signed_in_client):
    programme = ProgrammeFactory(slug="commissioning")

    response = signed_in_client.get(page_url(programme, "?as_of=31/03/2008"))

    page = lxml.html.fromstring(response.content)
    links = {a.text_content().strip(): a.get("href") for a in page.xpath("//main//a")}
    assert links["Dashboard as of 31 March 2008"] == (
        "/programmes/commissioning/dashboard/?as_of=2008-03-31"
    )
    assert links["Highlight report as of 31 March 2008"] == (
        "/programmes/commissioning/reports/highlight/?as_of=2008-03-31"
    )
