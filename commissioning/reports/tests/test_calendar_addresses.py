"""Calendar feed addresses can be renewed and stopped from the feed page, and expire unused."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.programmes.tests.factories import ProgrammeFactory
from commissioning.reports.calendar import calendar_token
from commissioning.reports.models import CalendarToken

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="commissioning")


def feed(programme) -> str:
    return reverse("programme-calendar", args=[programme.slug])


@pytest.fixture
def calendar_app():
    """A calendar app: no session, only the address."""
    return Client()


def change(client, programme, what: str):
    return client.post(
        reverse("programme-calendar-address", args=[programme.slug]), {"change": what}
    )


def test_the_feed_page_offers_to_renew_and_stop_the_address(signed_in_client, programme):
    page = signed_in_client.get(reverse("programme-dashboard", args=[programme.slug]))

    content = page.content.decode()
    assert "Renew the address" in content and "Stop the address" in content
    assert "90 days" in content


def test_renewing_gives_a_new_address_and_the_old_one_stops(
    calendar_app, signed_in_client, manager, programme
):
    old = calendar_token(manager, programme)

    response = change(signed_in_client, programme, "renew")

    assert response.status_code == 302
    new = CalendarToken.objects.get(user=manager).key
    assert new != old
    assert calendar_app.get(feed(programme), {"token": old}).status_code == 403
    assert calendar_app.get(feed(programme), {"token": new}).status_code == 200


def test_stopping_the_address_closes_the_feed(calendar_app, signed_in_client, manager, programme):
    token = calendar_token(manager, programme)

    change(signed_in_client, programme, "stop")

    assert not CalendarToken.objects.exists()
    assert calendar_app.get(feed(programme), {"token": token}).status_code == 403


def test_an_address_unused_for_too_long_expires(calendar_app, manager, programme, settings):
    settings.CALENDAR_TOKEN_UNUSED_DAYS = 30
    token = calendar_token(manager, programme)
    assert calendar_app.get(feed(programme), {"token": token}).status_code == 200
    used = CalendarToken.objects.get()
    assert used.last_used_at is not None

    CalendarToken.objects.update(last_used_at=timezone.now() - timedelta(days=31))

    assert calendar_app.get(feed(programme), {"token": token}).status_code == 403
    assert calendar_token(manager, programme) != token  # the page then gives a new one


def test_an_address_in_use_does_not_expire(calendar_app, manager, programme, settings):
    settings.CALENDAR_TOKEN_UNUSED_DAYS = 30
    token = calendar_token(manager, programme)
    CalendarToken.objects.update(
        created_at=timezone.now() - timedelta(days=100),
        last_used_at=timezone.now() - timedelta(days=29),
    )

    assert calendar_app.get(feed(programme), {"token": token}).status_code == 200


def test_only_people_who_see_the_programme_can_change_its_address(partnership, outsider, sign_in):
    response = change(sign_in(outsider), partnership.programme, "renew")

    assert response.status_code == 404
    assert not CalendarToken.objects.exists()


def test_changing_the_address_needs_a_post(signed_in_client, programme):
    url = reverse("programme-calendar-address", args=[programme.slug])

    assert signed_in_client.get(url).status_code == 405


# --- A person's feed: the signed-in person's own address, from the person's page ---------------


def person_change(client, person, what: str):
    return client.post(reverse("person-calendar-address", args=[person.pk]), {"change": what})


def person_feed(person) -> str:
    return reverse("person-calendar", args=[person.pk])


def test_a_person_page_gets_renews_and_stops_the_readers_own_address(
    calendar_app, signed_in_client, manager
):
    from commissioning.programmes.tests.factories import PersonFactory

    person = PersonFactory(name="Jane Smith")
    page = signed_in_client.get(reverse("person", args=[person.pk])).content.decode()
    assert "Get a calendar address" in page and "token=" not in page

    assert person_change(signed_in_client, person, "renew").status_code == 302
    first = CalendarToken.objects.get(user=manager, feed=f"people/{person.pk}").key
    page = signed_in_client.get(reverse("person", args=[person.pk])).content.decode()
    assert f"token={first}" in page
    assert "Renew the address" in page and "Stop the address" in page
    assert calendar_app.get(person_feed(person), {"token": first}).status_code == 200

    person_change(signed_in_client, person, "renew")
    second = CalendarToken.objects.get(user=manager, feed=f"people/{person.pk}").key
    assert second != first
    assert calendar_app.get(person_feed(person), {"token": first}).status_code == 403
    assert calendar_app.get(person_feed(person), {"token": second}).status_code == 200

    person_change(signed_in_client, person, "stop")
    assert not CalendarToken.objects.filter(user=manager).exists()
    assert calendar_app.get(person_feed(person), {"token": second}).status_code == 403


def test_a_person_of_another_partnership_has_no_address_to_get(client, partnership, viewer):
    from commissioning.programmes.tests.factories import PersonFactory

    person = PersonFactory(organisation=partnership.outside)
    client.force_login(viewer)

    response = person_change(client, person, "renew")

    assert response.status_code == 404
    assert not CalendarToken.objects.exists()
