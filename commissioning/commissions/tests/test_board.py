import datetime as dt

import pytest

from commissioning.commissions import board, services
from commissioning.domain.document import Paragraph

pytestmark = pytest.mark.django_db


def test_section_as_of_a_date(cycle, partnership, django_assert_max_num_queries):
    later = dt.date.today() + dt.timedelta(days=1)
    before = board.section(partnership.home, later)
    assert before.title == "Commissioning"
    stages, pilots, outcomes = before.tables()
    assert dict(stages.rows)["Analyse"] == 2
    assert any(isinstance(b, Paragraph) and "No prioritised list" in b.text for b in before.blocks)
    assert pilots.rows == (("Street safety", "Analyse", "Not yet evaluated", 0),)
    assert outcomes.columns[2] == "Money in the total pot"
    cycle.meeting.date = dt.date.today()
    cycle.meeting.save()
    services.approve_round(scoring_round=cycle.round, user=cycle.user, meeting=cycle.meeting)
    services.record_evaluation(
        commission=cycle.safety,
        user=cycle.user,
        result="met",
        findings="Safer",
        evaluated_on=dt.date.today(),
    )
    with django_assert_max_num_queries(16):
        after = board.section(partnership.home, later)
    stages, ranked, pilots, outcomes = after.tables()
    assert [row[2] for row in ranked.rows] == ["Stop smoking service", "Street safety"]
    assert pilots.rows == (("Street safety", "Analyse", "Met", 0),)
    earlier = board.section(partnership.home, dt.date(2000, 1, 1))
    assert dict(earlier.tables()[0].rows)["Analyse"] == 0
