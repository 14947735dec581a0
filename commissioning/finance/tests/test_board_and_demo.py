import datetime as dt
from decimal import Decimal

from django.utils import timezone

from commissioning.domain.document import Figure, Table
from commissioning.finance import board, services
from commissioning.finance import pot as count
from commissioning.finance.models import SpendLine, SpendShare, Submission


def test_the_board_section_as_of_a_date_from_history(pot, people, partnership):
    for model in (SpendLine, SpendShare):
        model.history.model.objects.update(history_date=timezone.now() - dt.timedelta(days=3))
    outturn = pot.lines.council_outturn
    services.save_line(
        partnership=pot.home,
        user=people.manager,
        line=outturn,
        shares=services.whole("Safer"),
        amount=Decimal(1),
    )
    then = board.section(pot.home, timezone.localdate() - dt.timedelta(days=1))
    now = board.section(pot.home, timezone.localdate())
    assert then.title == "The total pot"
    matrix_then, split_then = then.tables()
    assert matrix_then.rows[-1][0] == "Total"
    assert matrix_then.rows[-1][1] == Decimal(900000)
    assert now.tables()[0].rows[-1][1] == Decimal(1)
    assert any(isinstance(block, Figure) and "<svg" in block.svg for block in then.blocks)
    assert split_then.columns[1:5] == ("Prevention", "Treatment", "Benefits and transfers", "Other")
    early = board.section(pot.home, timezone.localdate() - dt.timedelta(days=10))
    assert not early.tables()


def test_the_demo_count(db):
    from commissioning.finance.demo import load_finance_demo
    from commissioning.programmes.services import load_demo

    demo = load_demo()
    partnership = demo.programme.partnership
    assert not load_finance_demo(partnership=partnership, user=None)  # once only
    assert count.years(partnership) == ["2008/09", "2009/10", "2010/11"]
    latest = count.matrix(partnership, year="2010/11", phase="budget")
    jobcentre = next(row for row in latest.rows if row.label == "Jobcentre Plus")
    assert jobcentre.total == 0 and jobcentre.change < 0  # not submitted for 2010/11
    assert (
        len({c.label for c in count.matrix(partnership, year="2009/10", phase="budget").rows}) == 5
    )
    assert {c.label for c in latest.columns} == {
        "Healthier",
        "Safer",
        "Learning and working",
        "Adult social care",
        "Housing",
        "Environment",
    }
    assert not Submission.objects.filter(
        partnership=partnership, organisation__name="Jobcentre Plus", financial_year="2010/11"
    ).exists()
    pooled = SpendLine.objects.filter(partnership=partnership, pool__isnull=False)
    assert {line.organisation.name: line.amount for line in pooled} == {
        "Brighton & Hove City Council": Decimal("4250000.00"),
        "NHS Brighton and Hove": Decimal("2800000.00"),
    }
    section = board.section(partnership, timezone.localdate())
    assert isinstance(section.blocks[2], Table)
