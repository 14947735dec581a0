"""Reviewing the statuses suggested from progress text, and confirming them in one go."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.programmes.tests.factories import (
    ActionFactory,
    DeliverableFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
)

pytestmark = pytest.mark.django_db


def url(programme):
    return reverse("programme-review-statuses", args=[programme.slug])


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(url(ProgrammeFactory()))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_a_missing_programme_is_not_found(signed_in_client):
    assert signed_in_client.get("/programmes/nothing-here/review-statuses/").status_code == 404


def test_only_suggested_statuses_of_the_programme_are_listed(signed_in_client):
    programme = ProgrammeFactory()
    suggested = ActionFactory(
        programme=programme, title="Agree definitions", status="complete", status_suggested=True
    )
    ProgressUpdateFactory(action=suggested, text="Older text")
    ProgressUpdateFactory(
        action=suggested, text="Definitions agreed at Board", as_of_end="2008-05-31"
    )
    ActionFactory(programme=programme, title="Already confirmed", status="complete")
    ActionFactory(title="Another programme's", status_suggested=True)
    deliverable = DeliverableFactory(
        stage=StageFactory(programme=programme),
        text="Section 31 drafted",
        status="in_progress",
        status_suggested=True,
    )

    response = signed_in_client.get(url(programme))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Agree definitions" in page and "Section 31 drafted" in page
    assert "Already confirmed" not in page and "Another programme&#x27;s" not in page
    assert "Definitions agreed at Board" in page and "Older text" not in page
    assert f'name="action-{suggested.pk}"' in page
    assert f'name="deliverable-{deliverable.pk}"' in page
    assert '<option value="complete" selected>' in page  # pre-set to the suggestion
    assert "Confirm statuses" in page


def test_confirming_all_rows_at_once(signed_in_client, manager):
    programme = ProgrammeFactory()
    first = ActionFactory(programme=programme, status="complete", status_suggested=True)
    second = ActionFactory(programme=programme, status="in_progress", status_suggested=True)
    deliverable = DeliverableFactory(
        stage=StageFactory(programme=programme), status="unknown", status_suggested=True
    )

    response = signed_in_client.post(
        url(programme),
        {
            f"action-{first.pk}": "complete",
            f"action-{second.pk}": "blocked",
            f"deliverable-{deliverable.pk}": "not_started",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("programme", args=[programme.slug])
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["3 statuses confirmed"]
    for item, status in ((first, "complete"), (second, "blocked"), (deliverable, "not_started")):
        item.refresh_from_db()
        assert (item.status, item.status_suggested) == (status, False)
        assert item.history.latest().history_user == manager


def test_one_confirmation_is_singular(signed_in_client):
    programme = ProgrammeFactory()
    action = ActionFactory(programme=programme, status="complete", status_suggested=True)

    response = signed_in_client.post(url(programme), {f"action-{action.pk}": "complete"})

    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 status confirmed"]


def test_a_row_left_out_of_the_form_stays_suggested(signed_in_client):
    programme = ProgrammeFactory()
    shown = ActionFactory(programme=programme, status="complete", status_suggested=True)
    added_meanwhile = ActionFactory(programme=programme, status="complete", status_suggested=True)

    signed_in_client.post(url(programme), {f"action-{shown.pk}": "complete"})

    added_meanwhile.refresh_from_db()
    assert added_meanwhile.status_suggested is True


def test_an_unknown_status_confirms_nothing(signed_in_client):
    programme = ProgrammeFactory()
    good = ActionFactory(programme=programme, status="complete", status_suggested=True)
    bad = ActionFactory(programme=programme, status="complete", status_suggested=True)

    response = signed_in_client.post(
        url(programme), {f"action-{good.pk}": "complete", f"action-{bad.pk}": "finished"}
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    good.refresh_from_db()
    assert good.status_suggested is True


def test_nothing_to_review_says_so(signed_in_client):
    page = signed_in_client.get(url(ProgrammeFactory())).content.decode()

    assert "There are no suggested statuses to review." in page


def count_queries(client, programme) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(programme)).status_code == 200
    return len(queries)


def make_suggested(count: int):
    programme = ProgrammeFactory()
    stage = StageFactory(programme=programme)
    for _ in range(count):
        action = ActionFactory(programme=programme, status="complete", status_suggested=True)
        ProgressUpdateFactory.create_batch(2, action=action)
        DeliverableFactory(stage=stage, status="in_progress", status_suggested=True)
    return programme


def test_the_number_of_queries_is_the_same_for_3_and_30_suggestions(signed_in_client):
    small, large = make_suggested(3), make_suggested(30)

    assert count_queries(signed_in_client, small) == count_queries(signed_in_client, large)
