"""The iCalendar feeds: stage dates and action deadlines, read back as a calendar app would."""

from datetime import date

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    PersonFactory,
    ProgrammeFactory,
    StageFactory,
)
from commissioning.reports.calendar import (
    calendar_token,
    calendar_url,
    person_calendar,
    programme_calendar,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Intelligent Commissioning", slug="commissioning")


def events(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    found = [component for component in calendar.walk("VEVENT")]
    uids = [str(event["UID"]) for event in found]
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    return {str(event["SUMMARY"]): event for event in found}


def test_programme_calendar_has_the_properties_rfc_5545_requires(programme):
    StageFactory(programme=programme, code="T1", title="Plans and proposed structures ready")

    calendar = icalendar.Calendar.from_ical(programme_calendar(programme))

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Intelligent Commissioning – Commissioning"
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
            assert name in event, name


def test_stage_due_date_is_an_all_day_event(programme):
    StageFactory(
        programme=programme,
        code="T1",
        title="Plans and proposed structures ready",
        timescale_text="01 June 2010",
        timescale_start=date(2010, 6, 1),
        timescale_end=date(2010, 6, 1),
    )

    event = events(programme_calendar(programme))["T1 Plans and proposed structures ready"]

    assert event.decoded("DTSTART") == date(2010, 6, 1)
    assert event.decoded("DTEND") == date(2010, 6, 2)
    assert "Stage" in [str(c) for c in event["CATEGORIES"].cats]


def test_action_deadline_is_the_end_of_its_timescale_with_owners_and_status(programme):
    action = ActionFactory(
        programme=programme,
        ref="3",
        title="Agree strategic leadership roles",
        timescale_text="February 2008",
        timescale_start=date(2008, 2, 1),
        timescale_end=date(2008, 2, 29),
        status="in_progress",
    )
    ActionOwnerFactory(action=action, name="Chief Executive", person__name="Chief Executive")
    ActionOwnerFactory(action=action, name="Director of Finance", person__name="Director")

    event = events(programme_calendar(programme, base_url="https://plans.example.org/"))[
        "3 Agree strategic leadership roles"
    ]

    assert event.decoded("DTSTART") == date(2008, 2, 29)
    assert event.decoded("DTEND") == date(2008, 3, 1)
    assert str(event["UID"]) == f"action-{action.pk}@commissioning"
    description = str(event["DESCRIPTION"])
    assert "Timescale: February 2008" in description
    assert "Owners: Chief Executive, Director of Finance" in description
    assert "Status: In progress" in description
    assert str(event["URL"]) == "https://plans.example.org" + reverse("action", args=[action.pk])
    assert "Action deadline" in [str(c) for c in event["CATEGORIES"].cats]


def test_undated_and_unreadable_timescales_are_left_out(programme):
    ActionFactory(programme=programme, title="Dated")
    ActionFactory(
        programme=programme,
        title="Ongoing",
        timescale_text="Ongoing",
        timescale_start=None,
        timescale_end=None,
        timescale_precision="open",
    )
    ActionFactory(
        programme=programme,
        title="Unreadable",
        timescale_text="when we can",
        timescale_start=None,
        timescale_end=None,
        timescale_precision="unparsed",
    )

    assert list(events(programme_calendar(programme))) == ["Dated"]


def test_uids_are_the_same_on_every_download(programme):
    ActionFactory.create_batch(3, programme=programme)
    StageFactory(programme=programme)

    def uids():
        calendar = icalendar.Calendar.from_ical(programme_calendar(programme))
        return sorted(str(event["UID"]) for event in calendar.walk("VEVENT"))

    assert uids() == uids()
    assert len(uids()) == 4


def test_no_url_without_a_base_url(programme):
    ActionFactory(programme=programme, title="Dated")

    assert "URL" not in events(programme_calendar(programme))["Dated"]


def test_actions_are_read_in_one_query_however_many(programme):
    def queries_for(count: int) -> int:
        for _ in range(count):
            action = ActionFactory(programme=programme)
            ActionOwnerFactory(action=action)
            ActionOwnerFactory(action=action)
        with CaptureQueriesContext(connection) as captured:
            programme_calendar(programme)
        return len(captured)

    assert queries_for(3) == queries_for(30) == 2  # stages, then actions with owners


def test_person_calendar_lists_only_actions_the_person_owns(programme):
    person = PersonFactory(name="Jane Smith")
    owned = ActionFactory(programme=programme, title="Hers")
    ActionOwnerFactory(action=owned, person=person, name="Jane Smith")
    ActionOwnerFactory(action=owned, name="Someone Else")
    ActionOwnerFactory(action=ActionFactory(programme=programme, title="Not hers"))

    calendar = icalendar.Calendar.from_ical(person_calendar(person))

    assert str(calendar["X-WR-CALNAME"]) == "Jane Smith – Commissioning"
    event = events(person_calendar(person))["Hers"]
    assert "Jane Smith, Someone Else" in str(event["DESCRIPTION"])
    assert len(list(calendar.walk("VEVENT"))) == 1


# --- the feeds ---


def feed(programme) -> str:
    return reverse("programme-calendar", args=[programme.slug])


def test_signed_in_user_gets_the_programme_feed(signed_in_client, programme):
    ActionFactory(programme=programme, title="Dated")

    response = signed_in_client.get(feed(programme))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Dated" in events(b"".join(response.streaming_content))


def test_a_good_token_opens_the_feed_without_a_session(client, manager, programme):
    ActionFactory(programme=programme, title="Dated")

    response = client.get(feed(programme), {"token": calendar_token(manager, programme)})

    assert response.status_code == 200
    assert "Dated" in events(b"".join(response.streaming_content))


def test_a_bad_or_missing_token_is_refused(client, manager, programme):
    other = ProgrammeFactory()
    token = calendar_token(manager, programme)

    assert client.get(feed(programme)).status_code == 403
    assert client.get(feed(programme), {"token": token + "x"}).status_code == 403
    assert client.get(feed(other), {"token": token}).status_code == 403


def test_a_token_of_a_deactivated_user_is_refused(client, manager, programme):
    token = calendar_token(manager, programme)
    manager.is_active = False
    manager.save()

    assert client.get(feed(programme), {"token": token}).status_code == 403


def test_unknown_programme_is_not_found(signed_in_client):
    response = signed_in_client.get(reverse("programme-calendar", args=["no-such-programme"]))

    assert response.status_code == 404


def test_person_feed_with_a_token(client, manager, programme):
    person = PersonFactory(name="Jane Smith")
    ActionOwnerFactory(action=ActionFactory(programme=programme, title="Hers"), person=person)
    url = reverse("person-calendar", args=[person.pk])

    assert client.get(url).status_code == 403
    programme_token = calendar_token(manager, programme)
    assert client.get(url, {"token": programme_token}).status_code == 403
    response = client.get(url, {"token": calendar_token(manager, person)})
    assert response.status_code == 200
    assert "Hers" in events(b"".join(response.streaming_content))


def test_calendar_url_is_absolute_and_opens_the_feed(rf, client, manager, programme):
    request = rf.get("/", HTTP_HOST="plans.example.org")

    url = calendar_url(request, manager, programme)

    assert url.startswith("http://plans.example.org" + feed(programme) + "?token=")
    assert client.get(url.removeprefix("http://plans.example.org")).status_code == 200


def test_long_titles_with_commas_and_accents_read_back_exactly(programme):
    title = "Agree roles; review café, crèche and “Section 31” agreements — " * 4
    ActionFactory(programme=programme, title=title.strip())

    content = programme_calendar(programme)

    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    content.decode("utf-8")  # folding never splits a character
    assert title.strip() in events(content)


def test_every_line_ends_with_crlf(programme):
    ActionFactory(programme=programme)

    content = programme_calendar(programme)

    assert content.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
