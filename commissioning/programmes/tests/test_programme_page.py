"""The programme page: stages with their deliverables, and the action plan filtered and paged."""

from datetime import date

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = ProgrammeFactory(
        name="Strategic Commissioning", slug="commissioning", lead_organisation__name="BHCC"
    )
    programme.partners.add(
        OrganisationFactory(name="Brighton and Hove City PCT"),
        OrganisationFactory(name="Sussex Partnership Trust"),
    )
    return programme


def page_url(programme, query: str = "") -> str:
    return reverse("programme", args=[programme.slug]) + query


def listed(response) -> list[str]:
    return [row.action.title for row in response.context["rows"]]


def month(programme, title, year, month_number, last_day, *, status="not_started", **kwargs):
    """An action due at the end of a month, as an action plan writes it."""
    return ActionFactory(
        programme=programme,
        title=title,
        timescale_text=date(year, month_number, 1).strftime("%B %Y"),
        timescale_start=date(year, month_number, 1),
        timescale_end=date(year, month_number, last_day),
        status=status,
        **kwargs,
    )


def test_anonymous_visitor_is_sent_to_sign_in(client, programme):
    response = client.get(page_url(programme))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_unknown_programme_is_not_found(signed_in_client):
    assert signed_in_client.get("/programmes/no-such-programme/").status_code == 404


def test_page_names_the_programme_its_lead_and_partners_with_links(signed_in_client, programme):
    response = signed_in_client.get(page_url(programme))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert [h1.text_content().strip() for h1 in page.xpath("//h1")] == ["Strategic Commissioning"]
    text = page.text_content()
    assert "BHCC" in text
    assert "Brighton and Hove City PCT" in text and "Sussex Partnership Trust" in text
    links = {a.text_content().strip(): a.get("href") for a in page.xpath("//main//a")}
    assert links["Edit programme"] == reverse("programme-edit", args=[programme.slug])
    assert links["Review suggested statuses"] == reverse(
        "programme-review-statuses", args=[programme.slug]
    )
    assert links["Download actions (CSV)"] == reverse(
        "programme-actions-csv", args=[programme.slug]
    )


def test_stages_are_in_date_order_with_undated_stages_last(signed_in_client, programme):
    undated = StageFactory(
        programme=programme, code="T0", title="Someday", order=0, timescale_end=None
    )
    later = StageFactory(programme=programme, code="T2", order=1, timescale_end=date(2011, 3, 31))
    sooner = StageFactory(
        programme=programme,
        code="T1",
        title="Plans and proposed structures ready",
        order=2,
        timescale_text="01 June 2010",
        timescale_end=date(2010, 6, 1),
    )

    response = signed_in_client.get(page_url(programme))

    assert [s.stage for s in response.context["stages"]] == [sooner, later, undated]
    page = lxml.html.fromstring(response.content)
    headings = [h.text_content().strip() for h in page.xpath("//section/h3")]
    assert headings[0] == "T1 Plans and proposed structures ready"
    assert "Due 01 June 2010" in page.xpath("//section")[0].text_content()
    edit_links = page.xpath("//section//a[starts-with(normalize-space(), 'Edit stage')]/@href")
    assert edit_links[0] == reverse("stage-edit", args=[sooner.pk])


def test_deliverables_sit_in_internal_and_external_columns_nested_as_written(
    signed_in_client, programme
):
    stage = StageFactory(programme=programme)
    parent = DeliverableFactory(stage=stage, scope="internal", text="Structures agreed")
    child = DeliverableFactory(
        stage=stage, scope="internal", parent=parent, text="Heads of service"
    )
    DeliverableFactory(
        stage=stage, scope="external", text="Section 31 agreed", status="in_progress"
    )

    with CaptureQueriesContext(connection) as queries:
        response = signed_in_client.get(page_url(programme))

    page = lxml.html.fromstring(response.content)
    internal, external = (
        page.xpath(f"//div[contains(@class, 'govuk-grid-column-one-half')][h4[.='{name}']]")[0]
        for name in ("Internal", "External")
    )
    nested = internal.xpath("ul/li[a='Structures agreed']/ul/li/a")
    assert [a.text for a in nested] == ["Heads of service"]
    assert nested[0].get("href") == reverse("deliverable", args=[child.pk])
    assert external.xpath("ul/li/a/text()") == ["Section 31 agreed"]
    assert external.xpath("ul/li/strong/text()") == ["In progress"]
    deliverable_reads = [
        q for q in queries.captured_queries if "deliverable" in q["sql"] and "MAX(" not in q["sql"]
    ]  # (the data stamp, a MAX of each history table, names the deliverables' too)
    assert len(deliverable_reads) == 1


def test_action_table_shows_timescale_owners_latest_progress_and_status(
    signed_in_client, programme
):
    action = month(
        programme, "Agree mutual definition", 2008, 5, 31, ref="1.2", status="in_progress"
    )
    action.status_suggested = True
    action.save()
    ActionOwnerFactory(action=action, person__name="John Bennett", name="John Bennett")
    ActionOwnerFactory(action=action, person=None, name="Sue L", kind="unknown")
    ProgressUpdateFactory(action=action, as_of_text="February 2008", as_of_end=date(2008, 2, 29))
    ProgressUpdateFactory(action=action, text="Discussions under way")

    response = signed_in_client.get(page_url(programme))

    page = lxml.html.fromstring(response.content)
    table = page.get_element_by_id("actions")
    cells = [" ".join(td.text_content().split()) for td in table.xpath("tbody/tr[1]/td")]
    assert cells == [
        "1.2 Agree mutual definition",
        "May 2008 Due 31 May 2008",
        "John Bennett, Sue L (needs review)",
        "Discussions under way As of March 2008",
        "In progress (suggested)",
    ]
    assert table.xpath("tbody/tr[1]/td[1]/a/@href") == [reverse("action", args=[action.pk])]
    assert "Showing 1 to 1 of 1 action." in " ".join(page.text_content().split())


@pytest.fixture
def plan(programme):
    """Actions due January to May 2008, some finished, with owners from two organisations."""
    council = OrganisationFactory(name="Council")
    trust = OrganisationFactory(name="Trust")
    actions = {
        "january": month(programme, "Agree objectives", 2008, 1, 31, status="in_progress"),
        "february": month(programme, "Agree leadership roles", 2008, 2, 29, status="complete"),
        "march": month(programme, "Analyse structures", 2008, 3, 31, status="in_progress"),
        "april": month(programme, "Publish structures", 2008, 4, 30),
        "may": month(programme, "Publish work programme", 2008, 5, 31, status="dropped"),
        "dropped_early": month(programme, "Old idea", 2008, 1, 31, status="dropped"),
    }
    ActionOwnerFactory(
        action=actions["january"], person=PersonFactory(name="John Bennett", organisation=council)
    )
    ActionOwnerFactory(
        action=actions["april"], person=PersonFactory(name="Sue Lightup", organisation=trust)
    )
    ActionOwnerFactory(action=actions["march"], person=None, name="Commissioning Teams")
    return actions | {"council": council, "trust": trust}


def test_filtering_by_status(signed_in_client, programme, plan):
    response = signed_in_client.get(page_url(programme, "?status=complete&status=dropped"))

    assert listed(response) == ["Agree leadership roles", "Publish work programme", "Old idea"]


def test_filtering_by_owner_offers_the_programmes_owner_names(signed_in_client, programme, plan):
    response = signed_in_client.get(page_url(programme, "?owner=Sue+Lightup"))

    assert listed(response) == ["Publish structures"]
    page = lxml.html.fromstring(response.content)
    options = page.xpath("//select[@name='owner']/option")
    assert [o.text.strip() for o in options] == [
        "Anyone",
        "Commissioning Teams",
        "John Bennett",
        "Sue Lightup",
    ]
    assert page.xpath("//select[@name='owner']/option[@selected]/text()") == ["Sue Lightup"]


def test_filtering_by_organisation(signed_in_client, programme, plan):
    response = signed_in_client.get(page_url(programme, f"?organisation={plan['council'].pk}"))

    assert listed(response) == ["Agree objectives"]


def test_filtering_by_due_on_or_before_a_date_as_written(signed_in_client, programme, plan):
    response = signed_in_client.get(page_url(programme, "?due_before=29+February+2008"))

    assert listed(response) == ["Agree objectives", "Agree leadership roles", "Old idea"]


def test_overdue_as_of_lists_unfinished_actions_due_before_that_day(
    signed_in_client, programme, plan
):
    response = signed_in_client.get(page_url(programme, "?overdue_as_of=31+March+2008"))

    assert listed(response) == ["Agree objectives"]


def test_free_text_search_reads_titles_and_owners(signed_in_client, programme, plan):
    assert listed(signed_in_client.get(page_url(programme, "?q=publish"))) == [
        "Publish structures",
        "Publish work programme",
    ]
    assert listed(signed_in_client.get(page_url(programme, "?q=teams"))) == ["Analyse structures"]


def test_sorting_by_due_date_latest_first_marks_the_column(signed_in_client, programme, plan):
    response = signed_in_client.get(page_url(programme, "?sort=-due&status=in_progress"))

    assert listed(response) == ["Analyse structures", "Agree objectives"]
    page = lxml.html.fromstring(response.content)
    timescale = page.xpath("//table[@id='actions']//th[a[starts-with(., 'Timescale')]]")[0]
    assert timescale.get("aria-sort") == "descending"
    assert timescale.xpath("a/@href")[0] == "?sort=due&status=in_progress#actions"


def test_csv_link_keeps_the_filters(signed_in_client, programme, plan):
    response = signed_in_client.get(page_url(programme, "?status=complete&q=&page=1"))

    page = lxml.html.fromstring(response.content)
    href = page.xpath("//a[.='Download actions (CSV)']/@href")[0]
    assert href == reverse("programme-actions-csv", args=[programme.slug]) + "?status=complete"


def test_an_invalid_filter_is_reported_and_the_others_still_apply(
    signed_in_client, programme, plan
):
    response = signed_in_client.get(page_url(programme, "?overdue_as_of=notadate&status=complete"))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    summary = page.xpath("//div[contains(@class, 'govuk-error-summary')]")[0]
    assert summary.xpath(".//a/@href") == ["#id_overdue_as_of"]
    assert "Enter a date, like 31 March 2008" in summary.text_content()
    assert page.xpath("//*[@id='id_overdue_as_of']/@value") == ["notadate"]
    assert page.xpath("//title/text()")[0].startswith("Error:")
    assert listed(response) == ["Agree leadership roles"]


def test_actions_are_paged_by_a_hundred_keeping_the_filters(signed_in_client, programme):
    ActionFactory.create_batch(101, programme=programme, status="in_progress")

    first = signed_in_client.get(page_url(programme, "?status=in_progress"))
    second = signed_in_client.get(page_url(programme, "?status=in_progress&page=2"))

    assert len(first.context["rows"]) == 100 and len(second.context["rows"]) == 1
    page = lxml.html.fromstring(first.content)
    assert "Showing 1 to 100 of 101 actions." in " ".join(page.text_content().split())
    nav = page.xpath("//nav[contains(@class, 'govuk-pagination')]")[0]
    assert nav.xpath(".//a[@rel='next']/@href") == ["?status=in_progress&page=2#actions"]
    assert nav.xpath(".//a[@aria-current='page']/text()")[0].strip() == "1"


def test_queries_do_not_grow_with_actions_owners_or_updates(signed_in_client, programme):
    def add_actions(count):
        for action in ActionFactory.create_batch(count, programme=programme):
            ActionOwnerFactory.create_batch(2, action=action)
            ProgressUpdateFactory.create_batch(2, action=action)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = signed_in_client.get(page_url(programme))
        assert response.status_code == 200
        return len(queries.captured_queries), len(response.context["rows"])

    stage = StageFactory(programme=programme)
    DeliverableFactory(stage=stage)
    add_actions(5)
    few, rows = count_queries()
    assert rows == 5

    add_actions(45)
    DeliverableFactory.create_batch(5, stage=StageFactory(programme=programme))
    many, rows = count_queries()
    assert rows == 50

    assert many == few


@pytest.mark.parametrize(
    "query, field",
    [
        ("?sort=bogus", "id_sort"),
        ("?status=bogus", "id_status"),
        ("?organisation=999999", "id_organisation"),
        ("?due_before=Ongoing", "id_due_before"),
    ],
)
def test_any_invalid_filter_is_reported_never_a_server_error(
    signed_in_client, programme, plan, query, field
):
    response = signed_in_client.get(page_url(programme, query))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert page.xpath("//div[contains(@class, 'govuk-error-summary')]//a/@href")[0].startswith(
        f"#{field}"
    )
    assert len(listed(response)) == 6


def test_a_page_number_out_of_range_shows_the_last_page(signed_in_client, programme, plan):
    response = signed_in_client.get(page_url(programme, "?page=99"))

    assert response.status_code == 200
    assert len(listed(response)) == 6
