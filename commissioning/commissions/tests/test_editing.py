"""Creating and changing a commission in the pages: managers only, stale forms refused,
bad input named by field, every change in the commission's history."""

import pytest
from django.urls import reverse

from commissioning.commissions import services
from commissioning.commissions.models import Commission, StageMove
from commissioning.programmes.concurrency import EditConflict, current_version

pytestmark = pytest.mark.django_db


def _new_url(partnership):
    return reverse("commissions-commission-create", args=[partnership.home.slug])


def _edit_url(partnership, commission):
    return reverse("commissions-commission-edit", args=[partnership.home.slug, commission.pk])


def _fields(cycle, **changes):
    data = {
        "title": "Weight management for families",
        "description": "Twelve-week programme",
        "outcomes": [cycle.outcome.pk],
        "gaps": [cycle.gap.pk],
        "lead_post": cycle.post.pk,
        "stage": "plan",
        "status": "proposed",
        "route": "grant",
        "providers": [],
        "budget_amount": "£1.2m",
        "expected_savings": "250k",
        "actual_cost": "",
        "actual_savings": "",
        "is_pilot": "on",
        "predecessor": "",
        "version": "0",
    }
    data.update(changes)
    return data


def test_a_manager_creates_a_commission_from_the_board(client, cycle, partnership):
    client.force_login(cycle.user)
    board = client.get(reverse("commissions-board", args=[partnership.home.slug]))
    assert _new_url(partnership) in board.content.decode()
    assert client.get(_new_url(partnership)).status_code == 200
    response = client.post(_new_url(partnership), _fields(cycle))
    made = Commission.objects.get(title="Weight management for families")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "commissions-commission", args=[partnership.home.slug, made.pk]
    )
    assert made.partnership == partnership.home and made.stage == "plan" and made.is_pilot
    assert str(made.budget_amount) == "1200000.00" and str(made.expected_savings) == "250000.00"
    assert list(made.outcomes.all()) == [cycle.outcome] and list(made.gaps.all()) == [cycle.gap]
    assert made.lead_holder == cycle.holder
    assert StageMove.objects.get(commission=made).to_stage == "plan"
    assert made.history.get().history_user == cycle.user


def test_bad_money_and_a_missing_title_are_named_and_nothing_is_stored(client, cycle, partnership):
    client.force_login(cycle.user)
    before = Commission.objects.count()
    response = client.post(
        _new_url(partnership), _fields(cycle, title="", budget_amount="about 12 dollars")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the commission&#x27;s title" in page
    assert "Budget: enter an amount of money in pounds" in page
    assert "govuk-error-summary" in page
    assert Commission.objects.count() == before


def test_an_outcome_of_another_partnership_cannot_be_chosen(client, cycle, partnership):
    client.force_login(cycle.user)
    response = client.post(_new_url(partnership), _fields(cycle, outcomes=[cycle.away_outcome.pk]))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_a_manager_changes_a_commission_and_the_page_shows_its_history(
    client, cycle, partnership, django_assert_max_num_queries
):
    client.force_login(cycle.user)
    url = _edit_url(partnership, cycle.smoking)
    form = client.get(url).content.decode()
    assert "Stop smoking service" in form and "£100,000" in form
    version = current_version(cycle.smoking)
    data = _fields(
        cycle,
        title="Stop smoking service (city-wide)",
        actual_cost="90,000",
        actual_savings="£12k",
        predecessor=cycle.safety.pk,
        version=str(version),
    )
    del data["stage"]
    response = client.post(url, data)
    assert response.status_code == 302
    cycle.smoking.refresh_from_db()
    assert cycle.smoking.title == "Stop smoking service (city-wide)"
    assert cycle.smoking.predecessor == cycle.safety and cycle.smoking.stage == "analyse"
    page_url = reverse("commissions-commission", args=[partnership.home.slug, cycle.smoking.pk])
    with django_assert_max_num_queries(30):
        page = client.get(page_url).content.decode()
    assert "Title: Stop smoking service → Stop smoking service (city-wide)" in page
    assert "Street safety" in page  # what it follows
    assert "Cost £90,000.00; savings £12,000.00" in page
    safety = client.get(
        reverse("commissions-commission", args=[partnership.home.slug, cycle.safety.pk])
    ).content.decode()
    assert "followed by" in safety


def test_a_form_drawn_before_someone_else_saved_is_refused_and_keeps_the_values(
    client, cycle, partnership
):
    client.force_login(cycle.user)
    old_version = current_version(cycle.smoking)
    services.edit_commission(commission=cycle.smoking, user=cycle.user, status="paused")
    data = _fields(cycle, title="My title", version=str(old_version))
    del data["stage"]
    response = client.post(_edit_url(partnership, cycle.smoking), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Someone else changed this commission" in page
    assert 'value="My title"' in page
    assert f'value="{current_version(cycle.smoking)}"' in page  # saving again keeps theirs
    cycle.smoking.refresh_from_db()
    assert cycle.smoking.title == "Stop smoking service" and cycle.smoking.status == "paused"


def test_the_service_refuses_a_save_over_a_newer_version(cycle):
    old = current_version(cycle.smoking)
    services.edit_commission(commission=cycle.smoking, user=cycle.user, status="paused")
    with pytest.raises(EditConflict):
        services.edit_commission(
            commission=cycle.smoking, user=cycle.user, expected_version=old, status="active"
        )


def test_a_predecessor_already_followed_or_a_loop_is_refused(cycle):
    services.edit_commission(commission=cycle.smoking, user=cycle.user, predecessor=cycle.safety)
    with pytest.raises(services.CommissionsError, match="already follows"):
        services.create_commission(
            partnership=cycle.smoking.partnership,
            user=cycle.user,
            title="Another",
            predecessor=cycle.safety,
        )
    with pytest.raises(services.CommissionsError, match="cannot follow itself"):
        services.edit_commission(
            commission=cycle.safety, user=cycle.user, predecessor=cycle.smoking
        )


def test_who_may_create_and_change(client, cycle, partnership, viewer, outsider):
    for user, expected in ((None, 302), (viewer, 403), (outsider, 404)):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(_new_url(partnership)).status_code == expected
        assert client.post(_new_url(partnership), _fields(cycle)).status_code == expected
        assert client.get(_edit_url(partnership, cycle.smoking)).status_code == expected
    assert not Commission.objects.filter(title="Weight management for families").exists()
    client.force_login(viewer)
    board = client.get(reverse("commissions-board", args=[partnership.home.slug])).content
    assert _new_url(partnership).encode() not in board


def test_the_edit_form_costs_the_same_queries_however_many_commissions(
    client, cycle, partnership, django_assert_max_num_queries
):
    client.force_login(cycle.user)
    url = _edit_url(partnership, cycle.smoking)
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for number in range(15):
        services.create_commission(
            partnership=partnership.home, user=cycle.user, title=f"More {number}"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
