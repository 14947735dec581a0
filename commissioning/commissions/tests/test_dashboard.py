"""The commissioning dashboard as of a date: stages from the moves made by then, pilots and
their evaluations, outcomes with no commission, money beside the indicators' RAG."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commissioning.commissions import services
from commissioning.commissions.dashboard import dashboard
from commissioning.finance import services as finance_services
from commissioning.outcomes import services as outcome_services
from commissioning.performance.models import Indicator, IndicatorValue

pytestmark = pytest.mark.django_db


def _stages(board) -> dict[str, list[str]]:
    return {label: [entry.title for entry in entries] for label, entries in board.stages}


def test_each_commission_stands_in_the_stage_its_moves_had_reached(cycle, partnership):
    services.move_stage(commission=cycle.smoking, user=cycle.user, to_stage="plan", why="Analysed")
    today = timezone.localdate()

    later = dashboard(partnership.home, as_of=today + dt.timedelta(days=10))
    before = dashboard(partnership.home, as_of=today - dt.timedelta(days=1))

    assert _stages(later)["Plan"] == ["Stop smoking service"]
    assert _stages(later)["Analyse"] == ["Street safety"]
    (entry,) = [
        e for _, entries in later.stages for e in entries if e.title == "Stop smoking service"
    ]
    assert entry.days_in_stage == 10 and entry.since == today
    # Yesterday neither commission had been recorded.
    assert before.commissions == 0
    assert "Surrey commission" not in str(_stages(later))  # another partnership's


def test_pilots_show_the_latest_evaluation_made_by_the_date_and_open_lessons(cycle, partnership):
    today = timezone.localdate()
    evaluation = services.record_evaluation(
        commission=cycle.safety,
        user=cycle.user,
        result="partly_met",
        findings="Some",
        evaluated_on=today,
    )
    services.record_lesson(
        partnership=partnership.home,
        user=cycle.user,
        text="Start with the night-time economy",
        target="framework",
        evaluation=evaluation,
    )

    (pilot,) = dashboard(partnership.home, as_of=today).pilots
    assert (pilot.commission.title, pilot.result, pilot.open_lessons) == (
        "Street safety",
        "Partly met",
        1,
    )
    tomorrow = dashboard(partnership.home, as_of=today + dt.timedelta(days=1))
    assert tomorrow.pilots[0].evaluations == 1


def test_outcomes_without_a_commission_and_money_beside_the_rag(cycle, partnership):
    lonely = outcome_services.create_outcome(
        partnership=partnership.home,
        user=cycle.user,
        code="L1",
        title="People learn",
        level="population_result",
    )
    services.edit_commission(commission=cycle.safety, user=cycle.user, status="decommissioned")
    this_year = dashboard(partnership.home, as_of=timezone.localdate()).as_of
    from commissioning.domain import financial_years

    year = financial_years.containing(this_year)
    later = financial_years.label(financial_years.start_year(year) + 1)
    for financial_year, amount in ((year, 1000), (later, 99999)):
        finance_services.save_line(
            partnership=partnership.home,
            user=None,
            shares=[
                finance_services.Share(Decimal(50), outcome=cycle.outcome),
                finance_services.Share(Decimal(50), theme="Other"),
            ],
            organisation=partnership.council,
            financial_year=financial_year,
            amount=Decimal(amount),
            service="Stop smoking",
        )
    indicator = Indicator.objects.create(
        partnership=partnership.home, code="NI 123", title="Quitters"
    )
    indicator.outcomes.add(cycle.outcome)
    IndicatorValue.objects.create(indicator=indicator, period="2009/10", actual=10, target=20)

    board = dashboard(partnership.home, as_of=this_year)
    by_code = {entry.outcome.code: entry for entry in board.outcomes}

    assert [o.code for o in board.uncovered] == [
        "L1",
        "S1",
    ]  # S1's only commission was decommissioned
    assert lonely in board.uncovered
    assert by_code["H1"].commissions == 1
    # The year begun by the date, not the one after it.
    assert by_code["H1"].money_text.startswith("£500 (" + year)
    assert by_code["H1"].rag_summary == "Red: 1"
    assert (
        by_code["L1"].money_text == "none recorded" and by_code["L1"].rag_summary == "no indicators"
    )


def test_the_page_shows_the_dashboard_in_the_same_queries_however_many_commissions(
    cycle, partnership, sign_in
):
    client = sign_in(cycle.user)
    url = reverse("commissions-dashboard", args=[partnership.home.slug])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    few, page = queries()
    assert "Stop smoking service" in page and "Street safety" in page
    assert "Surrey commission" not in page
    for n in range(5):
        commission = services.create_commission(
            partnership=partnership.home,
            user=cycle.user,
            title=f"More {n}",
            outcomes=[cycle.outcome],
            is_pilot=n % 2 == 0,
        )
        services.move_stage(commission=commission, user=cycle.user, to_stage="do", why="Ready")
    many, _ = queries()
    assert few == many

    bad = client.get(url + "?as_of=31/02/2010")
    assert bad.status_code == 400 and "Enter the date as a year" in bad.content.decode()
    other = reverse("commissions-dashboard", args=[partnership.away.slug])
    assert client.get(other).status_code == 404
