"""The illustrative commissions the demo loads."""

import pytest
from django.urls import reverse

from commissioning.commissions import services
from commissioning.commissions.demo import load_commissions_demo
from commissioning.commissions.models import (
    Commission,
    Evaluation,
    Lesson,
    Milestone,
    Score,
    ScoringRound,
    StageMove,
)
from commissioning.programmes.services import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_the_demo_commissions_cover_every_stage_pilots_and_a_procurement(demo):
    partnership = demo.programme.partnership
    commissions = Commission.objects.filter(partnership=partnership)
    assert commissions.count() == 8
    assert set(commissions.values_list("stage", flat=True)) == {"analyse", "plan", "do", "review"}
    assert all(c.outcomes.exists() for c in commissions)
    assert commissions.filter(gaps__isnull=False).distinct().count() == 3
    pilots = commissions.filter(is_pilot=True)
    assert pilots.count() == 3
    assert all(hasattr(pilot, "evaluation_plan") for pilot in pilots)
    assert Evaluation.objects.filter(commission__in=pilots).count() == 2
    lessons = Lesson.objects.filter(partnership=partnership)
    assert lessons.count() == 3 and lessons.filter(acted_on__isnull=False).count() == 1
    full = commissions.get(title="Stop-smoking service across the city")
    assert full.predecessor.is_pilot and full.predecessor.successor == full
    procured = commissions.get(procurement_stage="implementation")
    stages = list(Milestone.objects.filter(commission=procured).values_list("stage", flat=True))
    assert set(stages) == {"planning", "tender", "award", "contract", "implementation"}
    assert procured.providers.filter(kind="vcs").exists()
    assert procured.lead_post is not None and procured.lead_holder is None  # a vacant post
    assert commissions.filter(lead_holder__isnull=False).exists()
    assert StageMove.objects.filter(commission__partnership=partnership).count() == 8 + 12
    assert "illustrative" in full.description.lower()


def test_the_demo_round_ranks_six_commissions_scored_by_a_panel_of_three(demo):
    scoring_round = ScoringRound.objects.get(partnership=demo.programme.partnership)
    assert scoring_round.panel.count() == 3
    assert sum(c.weight for c in scoring_round.criteria_set.criteria.all()) == 100
    assert Score.objects.filter(scoring_round=scoring_round).count() == 3 * 6 * 7
    ranked = services.prioritised_list(scoring_round)
    assert len(ranked) == 6
    assert [item.rank for item in ranked][0] == 1
    assert all(1 <= item.total <= 5 for item in ranked)


def test_loading_the_commissions_demo_twice_changes_nothing(demo):
    partnership = demo.programme.partnership
    before = (Commission.history.count(), Score.objects.count(), Milestone.objects.count())
    assert not load_commissions_demo(partnership=partnership, user=None)
    load_demo()
    assert (Commission.history.count(), Score.objects.count(), Milestone.objects.count()) == (
        before
    )


def test_the_demo_board_and_prioritised_list_show_the_commissions(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=demo.username))
    slug = demo.programme.partnership.slug
    board = client.get(reverse("commissions-board", args=[slug])).content.decode()
    assert "Safer late-night venues" in board and "Review (2)" in board
    scoring_round = ScoringRound.objects.get(partnership=demo.programme.partnership)
    page = client.get(reverse("commissions-prioritised", args=[slug, scoring_round.pk]))
    assert page.status_code == 200
    assert "Family healthy-weight programme" in page.content.decode()
