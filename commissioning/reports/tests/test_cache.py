"""Reports are kept until anything behind them changes, and rebuilt after."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commissioning.domain.timescales import parse_timescale
from commissioning.programmes.cache import data_stamp
from commissioning.programmes.services import load_demo, record_progress
from commissioning.reports.asof import build_report

pytestmark = pytest.mark.django_db
MARCH_2008 = date(2008, 3, 31)


def rag_of(report, title_start: str) -> str:
    return next(item for item in report.actions if item.title.startswith(title_start)).rag


def test_the_same_report_again_takes_one_query():
    programme = load_demo().programme
    build_report(programme=programme, as_of=MARCH_2008)

    with CaptureQueriesContext(connection) as queries:
        again = build_report(programme=programme, as_of=MARCH_2008)

    assert len(queries) == 1  # the stamp
    assert rag_of(again, "Agree strategic leadership roles") == "Red"


def test_a_progress_update_rebuilds_the_report(manager):
    programme = load_demo().programme
    before = build_report(programme=programme, as_of=MARCH_2008)
    action = programme.actions.get(title__startswith="Agree strategic leadership roles")

    record_progress(
        item=action,
        author=manager,
        as_of=parse_timescale("March 2008"),
        text="Roles agreed by the Board",
        status="complete",
    )
    after = build_report(programme=programme, as_of=MARCH_2008)

    assert rag_of(before, "Agree strategic leadership roles") == "Red"
    assert rag_of(after, "Agree strategic leadership roles") == "Blue"


def test_an_edit_changes_the_stamp():
    programme = load_demo().programme
    stamp = data_stamp()

    programme.warning_days = 60
    programme.save()

    assert data_stamp() != stamp
