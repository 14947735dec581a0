"""The CSV export of a programme's actions: every action matching the page's filters."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
)
from commissioning.programmes.views import programme as programme_views

pytestmark = pytest.mark.django_db

HEADER = [
    "Ref",
    "Action",
    "Timescale",
    "Due",
    "Responsibility",
    "Latest progress",
    "Progress as of",
    "Status",
    "Status suggested",
]


@pytest.fixture
def programme():
    return ProgrammeFactory(slug="commissioning")


def csv_url(programme, query: str = "") -> str:
    return reverse("programme-actions-csv", args=[programme.slug]) + query


def download(client, url: str) -> tuple[bytes, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_anonymous_visitor_is_sent_to_sign_in(client, programme):
    response = client.get(csv_url(programme))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_unknown_programme_is_not_found(signed_in_client):
    assert signed_in_client.get("/programmes/no-such-programme/actions.csv").status_code == 404


def test_csv_has_a_byte_order_mark_and_one_row_per_action(signed_in_client, programme):
    action = ActionFactory(
        programme=programme,
        ref="1.2",
        title="Agree mutual definition, with partners",
        timescale_text="May 2008",
        timescale_end=date(2008, 5, 31),
        status="in_progress",
        status_suggested=True,
    )
    ActionOwnerFactory(action=action, person__name="John Bennett", name="John Bennett")
    ActionOwnerFactory(action=action, person=None, name="Commissioning Teams", kind="team")
    ProgressUpdateFactory(action=action, as_of_text="February 2008", as_of_end=date(2008, 2, 29))
    ProgressUpdateFactory(action=action, text="Discussions under way")
    ActionFactory(programme=programme, title="No dates yet", timescale_text="", timescale_end=None)

    body, rows = download(signed_in_client, csv_url(programme))

    assert body.startswith(b"\xef\xbb\xbf")
    assert rows == [
        HEADER,
        [
            "1.2",
            "Agree mutual definition, with partners",
            "May 2008",
            "2008-05-31",
            "John Bennett; Commissioning Teams",
            "Discussions under way",
            "March 2008",
            "In progress",
            "yes",
        ],
        ["", "No dates yet", "", "", "", "", "", "Not started", "no"],
    ]


def test_csv_is_named_after_the_programme_as_a_download(signed_in_client, programme):
    response = signed_in_client.get(csv_url(programme))

    assert response["Content-Disposition"] == 'attachment; filename="commissioning-actions.csv"'


def test_csv_applies_the_pages_filters_and_sort_without_paging(signed_in_client, programme):
    for day in range(1, 121):
        ActionFactory(
            programme=programme,
            title=f"Overdue {day:03}",
            timescale_end=date(2008, 1, 1).replace(day=1 + day % 28),
            status="in_progress",
        )
    ActionFactory(
        programme=programme, title="Done", timescale_end=date(2008, 1, 1), status="complete"
    )
    ActionFactory(programme=programme, title="Later", timescale_end=date(2008, 6, 30))

    _, rows = download(
        signed_in_client, csv_url(programme, "?overdue_as_of=31+March+2008&sort=-due")
    )

    titles = [row[1] for row in rows[1:]]
    assert len(titles) == 120
    assert "Done" not in titles and "Later" not in titles
    dues = [row[3] for row in rows[1:]]
    assert dues == sorted(dues, reverse=True)


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused(signed_in_client, programme):
    ActionFactory(programme=programme, title='=HYPERLINK("http://example.org")')

    _, rows = download(signed_in_client, csv_url(programme))

    assert rows[1][1] == '\'=HYPERLINK("http://example.org")'


def count_queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        _, rows = download(client, url)
    return len(queries.captured_queries), len(rows) - 1


def add_actions(programme, count: int) -> None:
    for action in ActionFactory.create_batch(count, programme=programme):
        ActionOwnerFactory.create_batch(2, action=action)
        ProgressUpdateFactory.create_batch(2, action=action)


def test_queries_do_not_grow_with_actions_owners_or_updates(signed_in_client, programme):
    add_actions(programme, 5)
    few, rows = count_queries(signed_in_client, csv_url(programme))
    assert rows == 5

    add_actions(programme, 45)
    many, rows = count_queries(signed_in_client, csv_url(programme))
    assert rows == 50

    assert many == few


def test_actions_owners_and_progress_are_read_once_per_chunk_of_actions(
    signed_in_client, programme, monkeypatch
):
    add_actions(programme, 5)
    one_chunk, _ = count_queries(signed_in_client, csv_url(programme))

    monkeypatch.setattr(programme_views, "CSV_CHUNK_SIZE", 2)
    three_chunks, rows = count_queries(signed_in_client, csv_url(programme))

    assert rows == 5
    # The actions are one cursor read in chunks; each further chunk reads owners and progress.
    assert three_chunks == one_chunk + 2 * 2
