import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.commissions import evidence, services
from commissioning.commissions.models import Commission, Evaluation, Score, StageMove
from commissioning.commissions.services import CommissionsError
from commissioning.finance.models import SpendLine, SpendShare
from commissioning.performance.models import Indicator, IndicatorValue
from commissioning.performance.presenters import judge, values_by_indicator

pytestmark = pytest.mark.django_db


def test_commission_records_lead_holder_and_first_move(cycle):
    assert cycle.smoking.lead_holder == cycle.holder
    (move,) = cycle.smoking.moves.all()
    assert (move.from_stage, move.to_stage) == ("", "analyse")
    assert cycle.smoking.history.count() == 1


def test_outcome_of_another_partnership_refused(cycle, partnership):
    with pytest.raises(CommissionsError, match="belongs to another partnership") as raised:
        services.create_commission(
            partnership=partnership.home, user=cycle.user, title="x", outcomes=[cycle.away_outcome]
        )
    assert raised.value.field == "outcomes"
    assert not Commission.objects.filter(title="x").exists()


def test_stage_moves_need_why_and_are_kept(cycle):
    with pytest.raises(CommissionsError, match="Say why"):
        services.move_stage(commission=cycle.smoking, user=cycle.user, to_stage="plan", why=" ")
    start = cycle.smoking.stage_since
    services.move_stage(
        commission=cycle.smoking,
        user=cycle.user,
        to_stage="plan",
        why="Needs agreed",
        at=start + dt.timedelta(days=10),
    )
    services.move_stage(
        commission=cycle.smoking,
        user=cycle.user,
        to_stage="do",
        why="Contract let",
        at=start + dt.timedelta(days=30),
    )
    cycle.smoking.refresh_from_db()
    assert cycle.smoking.stage == "do"
    moves = list(StageMove.objects.filter(commission=cycle.smoking))
    assert [m.to_stage for m in moves] == ["analyse", "plan", "do"]
    spent = services.time_in_stages(moves, now=start + dt.timedelta(days=35))
    assert spent == {
        "analyse": dt.timedelta(days=10),
        "plan": dt.timedelta(days=20),
        "do": dt.timedelta(days=5),
    }
    with pytest.raises(CommissionsError, match="already at Do"):
        services.move_stage(commission=cycle.smoking, user=cycle.user, to_stage="do", why="x")
    with pytest.raises(CommissionsError, match="before the commission's last move"):
        services.move_stage(
            commission=cycle.smoking, user=cycle.user, to_stage="review", why="x", at=start
        )


def test_criteria_weights_must_add_to_100(partnership, cycle):
    with pytest.raises(CommissionsError, match="Weights add up to 90: 10 short of 100"):
        services.create_criteria_set(
            partnership=partnership.home,
            user=cycle.user,
            name="Bad",
            scale="one_to_five",
            criteria=[("A", 50), ("B", 40)],
        )
    with pytest.raises(CommissionsError, match="5 over 100"):
        services.reweight(criteria_set=cycle.criteria, user=cycle.user, weights={cycle.need.pk: 65})
    services.reweight(
        criteria_set=cycle.criteria,
        user=cycle.user,
        weights={cycle.need.pk: 50, cycle.evidence.pk: 50},
    )
    cycle.need.refresh_from_db()
    assert cycle.need.weight == 50


def test_scores_on_the_scale_and_from_the_panel(cycle, partnership):
    with pytest.raises(CommissionsError, match="not on the scale"):
        services.record_score(
            scoring_round=cycle.round,
            user=cycle.user,
            commission=cycle.smoking,
            criterion=cycle.need,
            member=cycle.panel[0],
            value="7",
        )
    outsider = cycle.holder
    with pytest.raises(CommissionsError, match="not on the round's panel"):
        services.record_score(
            scoring_round=cycle.round,
            user=cycle.user,
            commission=cycle.smoking,
            criterion=cycle.need,
            member=outsider,
            value=3,
        )
    with pytest.raises(CommissionsError, match="another partnership"):
        services.record_score(
            scoring_round=cycle.round,
            user=cycle.user,
            commission=cycle.other,
            criterion=cycle.need,
            member=cycle.panel[0],
            value=3,
        )
    # a second score by the same member replaces the first
    services.record_score(
        scoring_round=cycle.round,
        user=cycle.user,
        commission=cycle.smoking,
        criterion=cycle.need,
        member=cycle.panel[0],
        value=1,
        note="rethought",
    )
    assert Score.objects.filter(scoring_round=cycle.round).count() == 12


def test_prioritised_list_and_approval(cycle, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        ranked = services.prioritised_list(cycle.round)
    assert [item.key for item in ranked] == [cycle.smoking.pk, cycle.safety.pk]
    # smoking: need mean 14/3, evidence 11/3 → (0.6×14 + 0.4×11)/3
    assert ranked[0].total == pytest.approx((0.6 * 14 + 0.4 * 11) / 3)
    assert ranked[0].rank_range == "1"
    decision = services.approve_round(
        scoring_round=cycle.round, user=cycle.user, meeting=cycle.meeting
    )
    assert "prioritised list" in decision.text
    cycle.smoking.refresh_from_db()
    assert cycle.smoking.status == "prioritised"
    with pytest.raises(CommissionsError, match="already approved"):
        services.approve_round(scoring_round=cycle.round, user=cycle.user, meeting=cycle.meeting)
    with pytest.raises(CommissionsError, match="no longer be scored"):
        services.record_score(
            scoring_round=cycle.round,
            user=cycle.user,
            commission=cycle.smoking,
            criterion=cycle.need,
            member=cycle.panel[0],
            value=1,
        )


def test_pilot_evaluation_and_lessons(cycle, partnership):
    with pytest.raises(CommissionsError, match="Only a pilot"):
        services.set_evaluation_plan(commission=cycle.smoking, user=cycle.user, questions="q")
    plan = services.set_evaluation_plan(
        commission=cycle.safety,
        user=cycle.user,
        questions="Do people feel safer?",
        method="Survey",
        final_on=dt.date(2026, 12, 1),
    )
    assert plan.final_on == dt.date(2026, 12, 1)
    evaluation = services.record_evaluation(
        commission=cycle.safety,
        user=cycle.user,
        result="partly_met",
        findings="Some",
        evaluated_on=dt.date(2026, 6, 1),
    )
    with pytest.raises(CommissionsError, match="Choose the criterion"):
        services.record_lesson(
            partnership=partnership.home, user=cycle.user, text="Weigh evidence", target="criterion"
        )
    lesson = services.record_lesson(
        partnership=partnership.home,
        user=cycle.user,
        text="Weigh evidence more",
        target="criterion",
        criterion=cycle.evidence,
        evaluation=evaluation,
    )
    assert lesson.is_open
    services.act_on_lesson(
        lesson=lesson, user=cycle.user, action_taken="Reweighted", on=timezone.localdate()
    )
    lesson.refresh_from_db()
    assert not lesson.is_open


def test_open_gaps_evidence(cycle, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        found = evidence.open_gaps([cycle.smoking.pk, cycle.safety.pk])
    assert [(g.description, g.severity) for g in found[cycle.smoking.pk]] == [
        ("Few quit smoking", "High")
    ]
    assert cycle.safety.pk not in found


def _measured(cycle, partnership):
    """Two indicators on the smoking commission's outcome (one also on the safety one's) and
    pot lines sharing money to both outcomes over two years and phases."""
    quitters = Indicator.objects.create(
        partnership=partnership.home, code="L1", title="Quitters", decimals=0
    )
    quitters.outcomes.add(cycle.outcome)
    for period, actual in (("2007/08", 90), ("2008/09", 95), ("2009/10", 99)):
        IndicatorValue.objects.create(
            indicator=quitters, period=period, actual=Decimal(actual), target=Decimal(100)
        )
    fear = Indicator.objects.create(
        partnership=partnership.home,
        code="L2",
        title="Fear of crime",
        polarity="lower_is_better",
    )
    fear.outcomes.add(cycle.outcome, cycle.safer)
    IndicatorValue.objects.create(
        indicator=fear, period="2009/10", actual=Decimal(40), target=Decimal(20)
    )
    lines = [
        ("2009/10", "outturn", 1000, cycle.outcome, 50),
        ("2010/11", "budget", 800, cycle.outcome, 100),
        ("2010/11", "forecast", 600, cycle.outcome, 100),
        ("2010/11", "forecast", 400, cycle.safer, 25),
    ]
    for year, phase, amount, outcome, percent in lines:
        line = SpendLine.objects.create(
            partnership=partnership.home,
            organisation=partnership.council,
            financial_year=year,
            phase=phase,
            amount=Decimal(amount),
        )
        SpendShare.objects.create(line=line, outcome=outcome, percent=Decimal(percent))
    return quitters, fear


def test_indicator_evidence_is_judged_as_the_scorecard_judges_it(
    cycle, partnership, django_assert_max_num_queries
):
    quitters, fear = _measured(cycle, partnership)
    ids = [cycle.smoking.pk, cycle.safety.pk, cycle.other.pk]
    with django_assert_max_num_queries(3):
        found = evidence.indicator_rag(ids)
    values = values_by_indicator([quitters, fear], None)
    for commission, expected in ((cycle.smoking, [quitters, fear]), (cycle.safety, [fear])):
        assert [shown.code for shown in found[commission.pk]] == [i.code for i in expected]
        for shown, indicator in zip(found[commission.pk], expected, strict=True):
            row = judge(indicator, values[indicator.pk])
            assert (shown.rag, shown.trend) == (row.rag_label, row.trend_label)
    assert found[cycle.safety.pk][0].rag == "Red"  # 40 against a target of 20, lower better
    assert str(found[cycle.smoking.pk][0]).startswith("L1 Quitters: ")
    assert cycle.other.pk not in found


def test_pot_money_is_the_latest_year_in_its_most_final_phase(
    cycle, partnership, django_assert_max_num_queries
):
    _measured(cycle, partnership)
    with django_assert_max_num_queries(2):
        found = evidence.pot_money([cycle.smoking.pk, cycle.safety.pk, cycle.other.pk])
    # 2010/11 is the latest year; its forecast beats its budget.
    assert found[cycle.smoking.pk] == evidence.PotEvidence("2010/11", "Forecast", Decimal(600))
    assert found[cycle.safety.pk] == evidence.PotEvidence("2010/11", "Forecast", Decimal(100))
    assert str(found[cycle.smoking.pk]) == "£600 (2010/11, forecast)"
    assert cycle.other.pk not in found


def test_the_commission_page_and_prioritised_list_show_the_evidence(client, cycle, partnership):
    _measured(cycle, partnership)
    client.force_login(cycle.user)
    page = client.get(
        reverse("commissions-commission", args=[partnership.home.slug, cycle.smoking.pk])
    ).content.decode()
    assert "L1 Quitters" in page and "£600 (2010/11, forecast)" in page
    listing = client.get(
        reverse("commissions-prioritised", args=[partnership.home.slug, cycle.round.pk])
    ).content.decode()
    assert "L2 Fear of crime: Red" in listing and "£100 (2010/11, forecast)" in listing


def test_a_value_the_model_refuses_is_named_by_its_field_and_nothing_is_written(cycle):
    with pytest.raises(services.CommissionsError, match="^Result: ") as refused:
        services.record_evaluation(
            commission=cycle.safety,
            user=cycle.user,
            result="brilliant",
            findings="Went well",
            evaluated_on=dt.date(2026, 5, 1),
        )
    assert refused.value.field == "result"
    assert not Evaluation.objects.exists()
    with pytest.raises(services.CommissionsError, match="^Route: ") as refused:
        services.create_commission(
            partnership=cycle.smoking.partnership, user=cycle.user, title="X", route="barter"
        )
    assert not Commission.objects.filter(title="X").exists()


def _entry(cycle, member, value, commission=None, criterion=None):
    return services.ScoreEntry(
        commission=commission or cycle.safety,
        criterion=criterion or cycle.need,
        member=member,
        value=value,
    )


def test_scores_in_a_batch_are_all_or_nothing(cycle):
    before = sorted(Score.objects.values_list("pk", "value", "note"))
    with pytest.raises(services.ScoresRefused) as refused:
        services.record_scores(
            scoring_round=cycle.round,
            user=cycle.user,
            entries=[
                _entry(cycle, cycle.panel[0], 5),
                _entry(cycle, cycle.holder, 3),  # not on the panel
                _entry(cycle, cycle.panel[1], "9"),  # not on the scale
                _entry(cycle, cycle.panel[0], 4),  # the first row again
                services.ScoreEntry(commission=None, criterion=cycle.need, member=None, value=1),
            ],
        )
    problems = refused.value.problems
    assert problems[0] == {}
    assert "panel" in problems[1]["member"][0]
    assert "value" in problems[2]
    assert "Row 1" in problems[3]["member"][0]
    assert set(problems[4]) == {"commission", "member"}
    assert sorted(Score.objects.values_list("pk", "value", "note")) == before
    saved = services.record_scores(
        scoring_round=cycle.round,
        user=cycle.user,
        entries=[_entry(cycle, cycle.panel[0], 5), _entry(cycle, cycle.panel[1], "1")],
    )
    assert [score.value for score in saved] == [5, 1]
    assert Score.objects.filter(scoring_round=cycle.round).count() == 12


def test_an_approved_round_takes_no_batch_and_an_empty_batch_is_refused(cycle):
    with pytest.raises(CommissionsError, match="at least one"):
        services.record_scores(scoring_round=cycle.round, user=cycle.user, entries=[])
    services.approve_round(scoring_round=cycle.round, user=cycle.user, meeting=cycle.meeting)
    with pytest.raises(CommissionsError, match="approved"):
        services.record_scores(
            scoring_round=cycle.round, user=cycle.user, entries=[_entry(cycle, cycle.panel[0], 2)]
        )


def test_a_move_from_a_stale_version_is_refused(cycle):
    from commissioning.programmes.concurrency import EditConflict, current_version

    version = current_version(cycle.smoking)
    services.edit_commission(commission=cycle.smoking, user=cycle.user, status="active")
    with pytest.raises(EditConflict):
        services.move_stage(
            commission=cycle.smoking,
            user=cycle.user,
            to_stage="plan",
            why="Go",
            expected_version=version,
        )
    assert cycle.smoking.moves.count() == 1
    services.move_stage(
        commission=cycle.smoking,
        user=cycle.user,
        to_stage="plan",
        why="Go",
        expected_version=current_version(cycle.smoking),
    )
    assert cycle.smoking.moves.count() == 2
