import datetime as dt

import pytest
from django.urls import reverse

from commissioning.commissions import presenters, services
from commissioning.commissions.models import Score, StageMove

pytestmark = pytest.mark.django_db


def test_board_columns_filters_and_coverage(
    client, cycle, partnership, django_assert_max_num_queries
):
    client.force_login(cycle.user)
    url = reverse("commissions-board", args=[partnership.home.slug])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stop smoking service" in page and "Street safety" in page
    assert "Surrey commission" not in page
    assert "Analyse (2)" in page
    response = client.get(url, {"theme": "Safer"})
    page = response.content.decode()
    assert "Street safety" in page and "Stop smoking service" not in page
    assert "People live longer" in page  # no commission among the filtered


def test_board_of_another_partnership_is_not_found(client, cycle, partnership):
    client.force_login(cycle.user)
    assert client.get(reverse("commissions-board", args=[partnership.away.slug])).status_code == 404


def test_move_needs_why(client, cycle, partnership):
    client.force_login(cycle.user)
    url = reverse("commissions-commission-move", args=[partnership.home.slug, cycle.smoking.pk])
    response = client.post(url, {"to_stage": "plan", "why": ""})
    assert response.status_code == 400
    assert "Say why the commission moves" in response.content.decode()
    assert "Few quit smoking" in response.content.decode()  # the page is whole again
    assert '<option value="plan" selected>' in response.content.decode()  # choice kept
    response = client.post(url, {"to_stage": "analyse", "why": "Again"})
    assert response.status_code == 400 and ">Again</textarea>" in response.content.decode()
    response = client.post(url, {"to_stage": "plan", "why": "Needs agreed"})
    assert response.status_code == 302
    assert StageMove.objects.filter(commission=cycle.smoking, to_stage="plan").exists()
    page = client.get(
        reverse("commissions-commission", args=[partnership.home.slug, cycle.smoking.pk])
    ).content.decode()
    assert "Needs agreed" in page and "Few quit smoking" in page
    assert "None recorded" in page  # no indicator or pot line on its outcome yet


def test_prioritised_list_page(client, cycle, partnership, django_assert_max_num_queries):
    client.force_login(cycle.user)
    url = reverse("commissions-prioritised", args=[partnership.home.slug, cycle.round.pk])
    with django_assert_max_num_queries(17) as few:
        response = client.get(url)
    page = response.content.decode()
    assert page.index("Stop smoking service") < page.index("Street safety")
    assert "None recorded" in page
    for number in range(10):
        made = services.create_commission(
            partnership=partnership.home, user=cycle.user, title=f"More {number}"
        )
        services.record_score(
            scoring_round=cycle.round,
            user=cycle.user,
            commission=made,
            criterion=cycle.need,
            member=cycle.panel[0],
            value=2,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "More 9" in client.get(url).content.decode()


def test_the_coverage_page_shows_each_area_and_its_outcomes_without_a_commission(
    client, cycle, partnership, django_assert_max_num_queries
):
    from commissioning.outcomes import services as outcome_services

    client.force_login(cycle.user)
    url = reverse("commissions-coverage", args=[partnership.home.slug])
    with django_assert_max_num_queries(12) as few:
        page = client.get(url).content.decode()
    assert "2 of 2 areas have a commission for every outcome" in page
    assert "Stop smoking service</a> (Analyse)" in page
    lonely = outcome_services.create_outcome(
        partnership=partnership.home,
        user=cycle.user,
        code="H2",
        title="Fewer falls",
        level="intermediate_outcome",
        theme="Healthier",
    )
    cycle.safety.status = "decommissioned"
    cycle.safety.save()
    for number in range(5):
        services.create_commission(
            partnership=partnership.home,
            user=cycle.user,
            title=f"More {number}",
            outcomes=[cycle.outcome],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "0 of 2 areas have a commission for every outcome" in page
    assert f"{lonely}</a>:" in page and "no commission in the cycle" in page
    assert "Street safety" not in page  # decommissioned: no longer in the cycle
    assert (
        client.get(reverse("commissions-coverage", args=[partnership.away.slug])).status_code == 404
    )


def test_two_rounds_are_compared_rank_by_rank(client, cycle, partnership):
    later = services.create_round(
        partnership=partnership.home,
        user=cycle.user,
        criteria_set=cycle.criteria,
        name="Round 2",
        held_on=dt.date(2027, 2, 1),
        panel=cycle.panel,
        commissions=[cycle.safety],
    )
    services.record_score(
        scoring_round=later,
        user=cycle.user,
        commission=cycle.safety,
        criterion=cycle.need,
        member=cycle.panel[0],
        value=5,
    )
    client.force_login(cycle.user)
    board = client.get(reverse("commissions-board", args=[partnership.home.slug])).content.decode()
    assert reverse("commissions-prioritised", args=[partnership.home.slug, later.pk]) in board
    url = reverse("commissions-compare", args=[partnership.home.slug, later.pk])
    assert "Compare with the round" in client.get(url).content.decode()
    page = client.get(url, {"with": cycle.round.pk}).content.decode()
    rows = [row.movement for row in presenters.compare_rounds(cycle.round, later)]
    assert rows == ["Up 1", "Not in this round"]  # street safety was 2nd, now 1st
    assert "Up 1" in page and "Not in this round" in page and "Round 1 against Round 2" in page
    refused = client.get(url, {"with": cycle.other.pk})
    assert (
        refused.status_code == 400 and "Choose one of the partnership" in refused.content.decode()
    )
    away = reverse("commissions-compare", args=[partnership.away.slug, later.pk])
    assert client.get(away).status_code == 404


def test_a_manager_approves_the_list_at_a_meeting_and_others_may_not(
    client, cycle, partnership, viewer
):
    url = reverse("commissions-approve", args=[partnership.home.slug, cycle.round.pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(cycle.user)
    listing = reverse("commissions-prioritised", args=[partnership.home.slug, cycle.round.pk])
    assert url in client.get(listing).content.decode()
    page = client.get(url).content.decode()
    assert "Cabinet, 1 March 2026" in page
    refused = client.post(url, {"meeting": ""})
    assert refused.status_code == 400
    assert "Choose the meeting that approved the list" in refused.content.decode()
    assert client.post(url, {"meeting": 999999}).status_code == 400  # not one of its meetings
    done = client.post(url, {"meeting": cycle.meeting.pk, "text": ""})
    assert done.status_code == 302 and done["Location"] == listing
    cycle.round.refresh_from_db()
    assert cycle.round.approved_meeting == cycle.meeting
    assert cycle.round.approved_decision.text.startswith("Approved the prioritised list")
    cycle.smoking.refresh_from_db()
    assert cycle.smoking.status == "prioritised"
    shown = client.get(listing).content.decode()
    assert "Approved at" in shown and url not in shown
    again = client.post(url, {"meeting": cycle.meeting.pk})
    assert again.status_code == 400 and "already approved" in again.content.decode()


def test_a_manager_enters_a_members_scores_all_or_nothing(client, cycle, partnership, viewer):
    url = reverse("commissions-scores", args=[partnership.home.slug, cycle.round.pk])
    client.force_login(viewer)
    assert client.get(url).status_code == 403
    client.force_login(cycle.user)
    member = cycle.panel[0]
    page = client.get(url, {"member": member.pk}).content.decode()
    # Their scores as recorded: smoking need 5, evidence 4.
    smoking_need = f"score-{cycle.smoking.pk}-{cycle.need.pk}"
    smoking_evidence = f"score-{cycle.smoking.pk}-{cycle.evidence.pk}"
    safety_need = f"score-{cycle.safety.pk}-{cycle.need.pk}"
    assert f'name="{smoking_need}"' in page and '<option value="5" selected>' in page
    assert 'aria-label="Stop smoking service: Need"' in page
    refused = client.post(
        url, {"member": member.pk, smoking_need: "1", smoking_evidence: "9", safety_need: "3"}
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Stop smoking service: Evidence: &#x27;9&#x27; is not on the scale" in html
    assert (
        Score.objects.get(
            scoring_round=cycle.round, commission=cycle.smoking, criterion=cycle.need, member=member
        ).value
        == 5
    )  # nothing recorded
    done = client.post(url, {"member": member.pk, smoking_need: "1", safety_need: "5"})
    assert done.status_code == 302
    assert (
        Score.objects.get(
            scoring_round=cycle.round, commission=cycle.smoking, criterion=cycle.need, member=member
        ).value
        == 1
    )
    empty = client.post(url, {"member": member.pk})
    assert empty.status_code == 400 and "Choose at least one score" in empty.content.decode()
    outsider = client.get(url, {"member": cycle.holder.pk})  # not on the panel
    assert (
        outsider.status_code == 400 and "Choose a member of the round" in outsider.content.decode()
    )


def test_a_manager_sets_out_criteria_then_starts_a_round_in_the_pages(
    client, cycle, partnership, viewer
):
    from commissioning.commissions.models import CriteriaSet, ScoringRound

    criteria_url = reverse("commissions-criteria-create", args=[partnership.home.slug])
    round_url = reverse("commissions-round-create", args=[partnership.home.slug])
    client.force_login(viewer)
    assert client.get(criteria_url).status_code == 403
    assert client.get(round_url).status_code == 403
    client.force_login(cycle.user)
    board = client.get(reverse("commissions-board", args=[partnership.home.slug])).content
    assert criteria_url in board.decode() and round_url in board.decode()
    short = client.post(
        criteria_url, {"name": "2027", "scale": "one_to_five", "criteria": "Need, 60\nRisk, 30"}
    )
    assert short.status_code == 400 and "100" in short.content.decode()
    bad = client.post(
        criteria_url, {"name": "2027", "scale": "one_to_five", "criteria": "Need, 60\nRisk"}
    )
    assert "Line 2: write the criterion, a comma, then its weight" in bad.content.decode()
    assert not CriteriaSet.objects.filter(name="2027").exists()
    done = client.post(
        criteria_url,
        {"name": "2027", "scale": "high_medium_low", "criteria": "Need, 60\n\nRisk, 40\n"},
    )
    assert done.status_code == 302 and done["Location"] == round_url
    made = CriteriaSet.objects.get(name="2027")
    assert [(c.name, c.weight) for c in made.criteria.all()] == [("Need", 60), ("Risk", 40)]
    form = client.get(round_url).content.decode()
    assert "Surrey commission" not in form  # another partnership's commission is not offered
    wrong_day = client.post(
        round_url,
        {
            "name": "Round 2027",
            "criteria_set": made.pk,
            "held_on": "next week",
            "panel": [cycle.panel[0].pk],
            "commissions": [cycle.smoking.pk],
        },
    )
    assert wrong_day.status_code == 400 and "Held on: enter a day" in wrong_day.content.decode()
    started = client.post(
        round_url,
        {
            "name": "Round 2027",
            "criteria_set": made.pk,
            "held_on": "3 February 2027",
            "panel": [cycle.panel[0].pk],
            "commissions": [cycle.smoking.pk, cycle.safety.pk],
        },
    )
    assert started.status_code == 302
    scoring_round = ScoringRound.objects.get(name="Round 2027")
    assert scoring_round.held_on == dt.date(2027, 2, 3)
    assert set(scoring_round.commissions.all()) == {cycle.smoking, cycle.safety}
    assert started["Location"] == reverse(
        "commissions-scores", args=[partnership.home.slug, scoring_round.pk]
    )
    other = client.post(
        round_url,
        {
            "name": "Round X",
            "criteria_set": made.pk,
            "held_on": "3 February 2027",
            "panel": [cycle.panel[0].pk],
            "commissions": [cycle.other.pk],
        },
    )
    assert other.status_code == 400 and not ScoringRound.objects.filter(name="Round X").exists()
