"""Procurement milestones from the pages: added to a commission, recorded as met or not, with
a clear message for a wrong day, and only by the partnership's managers."""

import datetime as dt

import pytest
from django.urls import reverse

from commissioning.commissions import services
from commissioning.commissions.models import Milestone

pytestmark = pytest.mark.django_db


def _urls(partnership, commission, milestone=None):
    slug = partnership.home.slug
    if milestone is None:
        return reverse("commissions-milestone", args=[slug, commission.pk])
    return reverse("commissions-milestone-record", args=[slug, commission.pk, milestone.pk])


def test_a_manager_adds_a_milestone_and_records_it_met(cycle, partnership, sign_in):
    client = sign_in(cycle.user)
    url = _urls(partnership, cycle.smoking)

    refused = client.post(url, {"stage": "tender", "title": "Tenders close", "due": "soon"})
    assert refused.status_code == 400 and "Due on: enter a day" in refused.content.decode()
    assert not Milestone.objects.exists()
    added = client.post(url, {"stage": "tender", "title": "Tenders close", "due": "16/01/2026"})
    assert added.status_code == 302 and added["Location"].endswith("#milestones")
    milestone = Milestone.objects.get()
    assert (milestone.stage, milestone.due, milestone.status) == (
        "tender",
        dt.date(2026, 1, 16),
        "scheduled",
    )

    record = _urls(partnership, cycle.smoking, milestone)
    no_day = client.post(record, {"status": "met"})
    assert (
        no_day.status_code == 400
        and "Enter the day the milestone was met" in no_day.content.decode()
    )
    future = client.post(record, {"status": "met", "met_on": "1 January 2099"})
    assert future.status_code == 400 and "cannot be in the future" in future.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == "scheduled" and milestone.met_on is None

    assert client.post(record, {"status": "met", "met_on": "20 January 2026"}).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.status, milestone.met_on) == ("met", dt.date(2026, 1, 20))
    page = client.get(
        reverse("commissions-commission", args=[partnership.home.slug, cycle.smoking.pk])
    )
    assert "Met on 20 January 2026" in page.content.decode()
    # Not met after all: the day goes with it.
    client.post(record, {"status": "not_met", "met_on": "20 January 2026"})
    milestone.refresh_from_db()
    assert (milestone.status, milestone.met_on) == ("not_met", None)
    assert milestone.history.count() == 3


def test_only_managers_of_the_partnership_reach_milestones(
    cycle, partnership, sign_in, django_user_model, viewer, outsider
):
    milestone = services.add_milestone(
        commission=cycle.smoking,
        user=cycle.user,
        stage="award",
        title="Awarded",
        due=dt.date(2026, 2, 1),
    )
    reader = sign_in(viewer)
    for stranger in (sign_in(django_user_model.objects.create_user("stranger")), sign_in(outsider)):
        for url in (
            _urls(partnership, cycle.smoking),
            _urls(partnership, cycle.smoking, milestone),
        ):
            assert stranger.get(url).status_code == 404
            posted = {"status": "met", "met_on": "1 February 2026"}
            assert stranger.post(url, posted).status_code == 404
    for url in (_urls(partnership, cycle.smoking), _urls(partnership, cycle.smoking, milestone)):
        assert reader.post(url, {"status": "met", "met_on": "1 February 2026"}).status_code == 403
    other = reverse(
        "commissions-milestone-record", args=[partnership.home.slug, cycle.safety.pk, milestone.pk]
    )
    assert sign_in(cycle.user).get(other).status_code == 404  # not that commission's milestone
    milestone.refresh_from_db()
    assert milestone.status == "scheduled"
