"""The partnership's meetings list, a person's posts, and bodies naming their parent."""

from datetime import date

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.partnership import governance
from commissioning.partnership.tests.governance_factories import (
    BodyFactory,
    MeetingFactory,
    PostFactory,
)
from commissioning.programmes.tests.factories import ActionFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = reverse("governance-meetings")


def rows(response) -> list[list[str]]:
    page = lxml.html.fromstring(response.content.decode())
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")]
        for row in page.xpath("//table[@id='meetings']/tbody/tr")
    ]


def test_meetings_are_listed_newest_first_with_body_decisions_and_links(signed_in_client):
    board = BodyFactory(name="Public Service Board")
    cabinet = BodyFactory(name="Cabinet")
    older = MeetingFactory(body=cabinet, date=date(2010, 1, 12), title="")
    newer = MeetingFactory(body=board, date=date(2010, 3, 30), title="March meeting")
    action = ActionFactory(title="Agree the IC approach")
    governance.record_decision(
        meeting=newer, text="Agreed to use the IC approach", actions=[action]
    )
    governance.record_decision(meeting=older, text="Agreed to proceed")

    response = signed_in_client.get(URL)

    assert response.status_code == 200
    assert rows(response) == [
        [
            "30 March 2010 March meeting",
            "Public Service Board",
            f"Agreed to use the IC approach Action: {action} {action.programme}",
        ],
        ["12 January 2010", "Cabinet", "Agreed to proceed Linked to no action or deliverable"],
    ]
    page = response.content.decode()
    assert reverse("action", args=[action.pk]) in page
    assert reverse("governance-body", args=[board.pk]) in page


def test_a_user_sees_only_their_partnerships_meetings_and_items(sign_in, viewer, partnership):
    ours = BodyFactory(name="Council board", organisation=partnership.council)
    theirs = BodyFactory(name="Surrey board", organisation=partnership.outside)
    meeting = MeetingFactory(body=ours)
    MeetingFactory(body=theirs)
    governance.record_decision(
        meeting=meeting,
        text="Agreed",
        actions=[partnership.council_action, partnership.other_action],
    )

    listed = rows(sign_in(viewer).get(URL))

    assert [row[1] for row in listed] == ["Council board"]
    assert partnership.council_action.title in listed[0][2]
    assert partnership.other_action.title not in listed[0][2]


def test_the_meetings_list_reads_the_same_number_of_queries_for_2_and_20(signed_in_client):
    def build(size):
        for _ in range(size):
            meeting = MeetingFactory()
            governance.record_decision(meeting=meeting, text="Agreed", actions=[ActionFactory()])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert signed_in_client.get(URL).status_code == 200
        return len(queries)

    build(2)
    small = count()
    build(18)
    assert count() == small


def test_no_meetings_says_so_once(signed_in_client):
    response = signed_in_client.get(URL)

    assert response.content.decode().count("No meetings recorded.") == 1


def test_a_persons_page_shows_the_posts_they_hold(signed_in_client):
    person = PersonFactory(name="Jane Smith")
    post = PostFactory(body=BodyFactory(name="Strategic Leadership Board"), title="Director")
    governance.fill_post(post=post, person=person, on=date(2010, 9, 1))

    page = lxml.html.fromstring(signed_in_client.get(reverse("person", args=[person.pk])).content)

    (held,) = page.xpath("//dt[normalize-space()='Posts held']/following-sibling::dd")
    assert " ".join(held.text_content().split()) == (
        "Director, Strategic Leadership Board Since 1 September 2010"
    )


def test_a_body_inside_another_names_its_parent_on_the_structure_page(signed_in_client):
    board = BodyFactory(name="Strategic Leadership Board")
    BodyFactory(name="Strategic Commissioning Unit", parent=board)

    page = signed_in_client.get(reverse("governance-structure")).content.decode()

    assert "Within Strategic Leadership Board" in page
    assert "within another body" not in page


def test_a_body_with_no_posts_says_so_once(signed_in_client):
    body = BodyFactory()

    page = signed_in_client.get(reverse("governance-body", args=[body.pk])).content.decode()

    assert page.count("No posts") == 1
