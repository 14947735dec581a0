from decimal import Decimal

import pytest

from commissioning.finance import pot as count
from commissioning.finance import services
from commissioning.finance.models import SpendLine, SpendShare
from commissioning.finance.services import FinanceError, Share
from commissioning.partnership import governance
from commissioning.programmes.concurrency import EditConflict


def test_the_matrix_adds_up_both_ways(pot, partnership):
    m = count.matrix(pot.home, year="2010/11", phase="budget")
    assert [c.label for c in m.columns] == ["Healthier", "Safer"]
    assert [r.label for r in m.rows] == [partnership.council.name, partnership.nhs.name]
    council, nhs = m.rows
    assert council.cells == [Decimal("300000.00"), Decimal("1200000.00")]
    assert nhs.cells == [Decimal("2000000.00"), Decimal(0)]
    assert m.total == Decimal("3500000.00")
    assert [c.total for c in m.columns] == [Decimal("2300000.00"), Decimal("1200000.00")]
    assert m.per_head == Decimal("14.00")
    assert council.share == Decimal("42.9")
    assert m.previous_total == Decimal("1500000.00")
    assert nhs.change == Decimal("500000.00")
    assert m.columns[0].change == Decimal("800000.00")


def test_the_matrix_by_outcome_and_the_kind_split(pot):
    m = count.matrix(pot.home, year="2010/11", phase="budget", by="outcome")
    assert [c.label for c in m.columns] == ["H2 Fewer adults smoke", "Not assigned"]
    split = {
        entry["label"]: entry
        for entry in count.matrix(pot.home, year="2010/11", phase="budget").split
    }
    safer = {cell["kind"]: cell["amount"] for cell in split["Safer"]["cells"]}
    assert safer["prevention"] == Decimal("1000000.00")
    assert safer["treatment"] == Decimal("200000.00")


def test_phases_are_counted_apart_and_compared(pot):
    outturn = count.matrix(pot.home, year="2010/11", phase="outturn")
    assert outturn.total == Decimal("900000.00")
    comparison = count.compare(
        pot.home,
        by="theme",
        left={"year": "2010/11", "phase": "budget"},
        right={"year": "2010/11", "phase": "outturn"},
        left_label="Budget",
        right_label="Outturn",
    )
    safer = next(row for row in comparison.rows if row["label"] == "Safer")
    assert safer["variance"] == Decimal("-300000.00")
    assert comparison.variance == Decimal("-2600000.00")


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        (
            [Share(Decimal(60), theme="Safer"), Share(Decimal(30), theme="Healthier")],
            "90 %, not 100 %",
        ),
        ([Share(Decimal(100), theme="Safer"), Share(Decimal(10), theme="Other")], "110 %"),
        ([], "at least one"),
        (
            [Share(Decimal(50), theme="Safer"), Share(Decimal(50), theme="Safer")],
            "more than one share",
        ),
    ],
)
def test_shares_must_add_up_to_100(pot, partnership, people, shares, message):
    with pytest.raises(FinanceError, match=message):
        services.save_line(
            partnership=pot.home,
            user=people.manager,
            shares=shares,
            organisation=partnership.council,
            financial_year="2010/11",
            amount=Decimal(1),
        )


def test_refusals_name_the_field(pot, partnership, people):
    def attempt(**values):
        base = {
            "organisation": partnership.council,
            "financial_year": "2010/11",
            "amount": Decimal(5),
        }
        with pytest.raises(FinanceError) as refused:
            services.save_line(
                partnership=pot.home,
                user=people.manager,
                shares=services.whole(),
                **{**base, **values},
            )
        return refused.value

    assert attempt(financial_year="2010").field == "financial_year"
    assert attempt(organisation=partnership.outside).field == "organisation"
    with pytest.raises(FinanceError, match="another partnership"):
        services.save_line(
            partnership=pot.home,
            user=people.manager,
            shares=services.whole(outcome=pot.away_outcome),
            organisation=partnership.council,
            financial_year="2010/11",
            amount=Decimal(1),
        )
    assert SpendLine.objects.count() == 5


def test_years_are_stored_in_one_form_and_history_keeps_each_change(pot, partnership, people):
    line = pot.lines.council_safer
    version = line.history.latest().history_id
    services.save_line(
        partnership=pot.home,
        user=people.manager,
        line=line,
        shares=services.whole("Healthier"),
        amount=Decimal(7),
        financial_year="2010-2011",
        expected_version=version,
    )
    line.refresh_from_db()
    assert line.financial_year == "2010/11" and line.amount == Decimal(7)
    assert line.history.count() == 2
    assert line.history.latest().history_user == people.manager
    with pytest.raises(EditConflict):
        services.save_line(
            partnership=pot.home,
            user=people.manager,
            line=line,
            shares=services.whole("Safer"),
            amount=Decimal(8),
            expected_version=version,
        )


def test_the_pot_as_of_a_date_from_history(pot, partnership, people):
    import datetime as dt

    from django.utils import timezone

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    line = pot.lines.nhs_health
    for model in (SpendLine, SpendShare):
        model.history.model.objects.update(history_date=timezone.now() - dt.timedelta(days=3))
    services.save_line(
        partnership=pot.home,
        user=people.manager,
        line=line,
        shares=line_shares(line),
        amount=Decimal("1000000"),
    )
    services.delete_line(line=pot.lines.council_safer, user=people.manager)
    now = count.matrix(pot.home, year="2010/11", phase="budget")
    then = count.matrix(pot.home, year="2010/11", phase="budget", as_of=yesterday)
    assert now.total == Decimal("1500000.00")
    assert then.total == Decimal("3500000.00")


def line_shares(line):
    return [Share(s.percent, outcome=s.outcome, theme=s.theme) for s in line.shares.all()]


def test_a_pooled_budget_counts_once_as_each_contributors_money(pot, partnership, people):
    agreement = governance.save_agreement(
        partnership=pot.home,
        title="Section 75: substance misuse",
        kind="section_75_pooled_budget",
        parties=[partnership.council, partnership.nhs],
        host=partnership.council,
        status="draft",
    )
    governance.set_contribution(
        agreement=agreement,
        organisation=partnership.council,
        financial_year="2011/12",
        amount=Decimal("400000"),
    )
    governance.set_contribution(
        agreement=agreement,
        organisation=partnership.nhs,
        financial_year="2011/12",
        amount=Decimal("600000"),
    )
    made = services.lines_from_pool(
        agreement=agreement, financial_year="2011/12", user=people.manager
    )
    assert len(made) == 2
    assert (
        services.lines_from_pool(agreement=agreement, financial_year="2011/12", user=people.manager)
        == []
    )
    m = count.matrix(pot.home, year="2011/12", phase="budget")
    assert m.total == Decimal("1000000.00")
    by_partner = {row.label: row.total for row in m.rows}
    assert by_partner[partnership.nhs.name] == Decimal("600000.00")
    assert all(line.pool == agreement for line in made)


def test_chart_labels_keep_their_contrast():
    from commissioning.finance import charts

    assert charts.text_on("#0b0c0c") == "#ffffff"
    assert charts.text_on("#f499be") == charts.TEXT
    assert charts.text_on("#1d70b8") == "#ffffff"
