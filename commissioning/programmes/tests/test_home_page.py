"""The home page: the programmes the user can see, their action counts and next stage date."""

from datetime import date

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.programmes.tests.factories import (
    ActionFactory,
    ProgrammeFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_without_programmes_the_page_offers_an_import(signed_in_client):
    response = signed_in_client.get(reverse("home"))

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    assert page.xpath("//main//a[.='Import a plan']/@href") == [reverse("import-upload")]


def test_each_programme_shows_counts_by_status_and_its_next_stage_date(signed_in_client):
    programme = ProgrammeFactory(name="Intelligent Commissioning", lead_organisation__name="BHCC")
    ActionFactory.create_batch(2, programme=programme, status="in_progress")
    ActionFactory(programme=programme, status="complete")
    StageFactory(programme=programme, timescale_end=date(2000, 1, 31))
    StageFactory(programme=programme, timescale_end=date(2099, 6, 1))
    StageFactory(programme=programme, timescale_end=date(2099, 12, 1))

    response = signed_in_client.get(reverse("home"))

    page = lxml.html.fromstring(response.content)
    card = page.xpath("//div[contains(@class, 'govuk-summary-card')]")[0]
    assert card.xpath(".//h2/a/@href") == [reverse("programme", args=[programme.slug])]
    text = " ".join(card.text_content().split())
    assert "BHCC" in text
    assert "3 in all, 2 in progress, 1 complete" in text
    assert "Next stage date 1 June 2099" in text
    assert card.xpath(".//a[.='2 in progress']/@href") == [
        reverse("programme", args=[programme.slug]) + "?status=in_progress#actions"
    ]


def test_queries_do_not_grow_with_programmes(signed_in_client):
    def add_programmes(count):
        for programme in ProgrammeFactory.create_batch(count):
            ActionFactory.create_batch(3, programme=programme)
            StageFactory(programme=programme, timescale_end=date(2099, 1, 1))

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = signed_in_client.get(reverse("home"))
        return len(queries.captured_queries), len(response.context["programmes"])

    add_programmes(1)
    one, shown = count_queries()
    assert shown == 1

    add_programmes(4)
    five, shown = count_queries()
    assert shown == 5

    assert five == one
