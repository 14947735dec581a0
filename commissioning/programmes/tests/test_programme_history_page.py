"""The programme's history page lists its changes, newest first, a page at a time."""

from datetime import timedelta

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.programmes.tests.factories import ActionFactory, ProgrammeFactory
from commissioning.programmes.views.history import CHANGES_PER_PAGE

pytestmark = pytest.mark.django_db


def rows(response) -> list[list[str]]:
    page = lxml.html.fromstring(response.content.decode())
    (table,) = page.xpath("//table[caption[contains(., 'Changes to the programme')]]")
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")]
        for row in table.xpath("tbody/tr")
    ]


def test_changes_are_listed_newest_first(signed_in_client, manager):
    programme = ProgrammeFactory(name="Intelligent Commissioning")
    action = ActionFactory(programme=programme, title="Agree the structure")
    action.history.update(history_date=timezone.now() - timedelta(days=2))
    action._history_user = manager
    action.title = "Agree the structure of the board"
    action.save()

    response = signed_in_client.get(reverse("programme-history", args=[programme.slug]))

    listed = rows(response)
    assert listed[0][2].startswith("Changed Agree the structure of the board")
    assert "Title: Agree the structure → Agree the structure of the board" in listed[0][3]
    assert any(row[2].startswith("Created") for row in listed[1:])


def test_a_long_history_is_paginated(signed_in_client):
    programme = ProgrammeFactory()
    ActionFactory.create_batch(CHANGES_PER_PAGE + 5, programme=programme)
    url = reverse("programme-history", args=[programme.slug])

    first, second = signed_in_client.get(url), signed_in_client.get(url + "?page=2")

    assert len(rows(first)) == CHANGES_PER_PAGE
    assert len(rows(second)) == 6  # five actions and the programme itself
    html = lxml.html.fromstring(first.content.decode())
    assert html.xpath("//nav[@aria-label='Pages of changes']//a[@rel='next']/@href") == [
        "?page=2#changes"
    ]
    assert "Showing 1 to 50 of 56 changes, newest first." in " ".join(html.text_content().split())


def test_a_programme_with_no_changes_recorded_says_so_once(signed_in_client):
    programme = ProgrammeFactory()
    programme.history.all().delete()

    response = signed_in_client.get(reverse("programme-history", args=[programme.slug]))

    assert response.content.decode().count("No changes have been recorded") == 1
