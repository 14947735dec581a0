"""The deliverable page: its stage, scope, parent and children, status and progress."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.programmes.models import ProgressUpdate
from commissioning.programmes.tests.factories import DeliverableFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def url(deliverable, name="deliverable"):
    return reverse(name, args=[deliverable.pk])


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(url(DeliverableFactory()))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_a_missing_deliverable_is_not_found(signed_in_client):
    assert signed_in_client.get(reverse("deliverable", args=[999])).status_code == 404


def test_the_page_shows_stage_scope_parent_and_children(signed_in_client):
    parent = DeliverableFactory(text="Commissioning framework agreed", scope="external")
    deliverable = DeliverableFactory(
        stage=parent.stage, parent=parent, text="Outcomes agreed", scope="external"
    )
    child = DeliverableFactory(stage=parent.stage, parent=deliverable, text="Outcome chains drawn")

    response = signed_in_client.get(url(deliverable))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Outcomes agreed</h1>' in page
    assert str(parent.stage) in page and "Due 1 June 2010" in page
    assert "External" in page
    assert f'href="{url(parent)}">Commissioning framework agreed</a>' in page
    assert f'href="{url(child)}">Outcome chains drawn</a>' in page
    assert reverse("deliverable-edit", args=[deliverable.pk]) in page
    assert reverse("stage-edit", args=[parent.stage.pk]) in page


def test_adding_progress_changes_the_status(signed_in_client, manager):
    deliverable = DeliverableFactory()

    response = signed_in_client.post(
        url(deliverable, "deliverable-add-progress"),
        {"as_of": "May 2008", "text": "Draft Section 31 agreed", "status": "complete"},
    )

    assert response.status_code == 302 and response.url == url(deliverable)
    deliverable.refresh_from_db()
    update = deliverable.updates.get()
    assert (update.text, update.author) == ("Draft Section 31 agreed", manager)
    assert (deliverable.status, deliverable.status_suggested) == ("complete", False)
    page = signed_in_client.get(url(deliverable)).content.decode()
    assert "Draft Section 31 agreed" in page


def test_a_period_that_cannot_be_read_saves_nothing(signed_in_client):
    deliverable = DeliverableFactory()

    response = signed_in_client.post(
        url(deliverable, "deliverable-add-progress"), {"as_of": "sometime", "text": "x"}
    )

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert ProgressUpdate.objects.count() == 0


def test_confirming_the_suggested_status(signed_in_client, manager):
    deliverable = DeliverableFactory(status="in_progress", status_suggested=True)
    page = signed_in_client.get(url(deliverable)).content.decode()
    assert "Suggested: In progress" in page

    response = signed_in_client.post(
        url(deliverable, "deliverable-confirm-status"), {"status": "in_progress"}
    )

    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.status_suggested) == ("in_progress", False)
    assert deliverable.history.latest().history_user == manager


def count_queries(client, deliverable) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url(deliverable)).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_progress_or_children(signed_in_client, manager):
    small = DeliverableFactory()
    ProgressUpdateFactory.create_batch(2, action=None, deliverable=small, author=manager)
    DeliverableFactory.create_batch(2, stage=small.stage, parent=small)
    large = DeliverableFactory()
    ProgressUpdateFactory.create_batch(20, action=None, deliverable=large, author=manager)
    DeliverableFactory.create_batch(20, stage=large.stage, parent=large)

    assert count_queries(signed_in_client, small) == count_queries(signed_in_client, large)
