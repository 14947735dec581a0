"""Indicators end to end: storing an import, the rules on the scorecard, the pages, the
grid, downloads, the board section and the demo."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.domain.periods import parse_period
from commissioning.domain.plan import IndicatorPlan, IndicatorValuePlan
from commissioning.partnership.models import PartnershipRole
from commissioning.performance import presenters as present
from commissioning.performance import services
from commissioning.performance.board import section
from commissioning.performance.models import Indicator, IndicatorValue
from commissioning.programmes.tests.factories import (
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def value(period, actual=None, target=None, target_text=None, baseline=False, **more):
    return IndicatorValuePlan(
        period=parse_period(period),
        actual=None if actual is None else Decimal(str(actual)),
        target=None if target is None else Decimal(str(target)),
        target_text=target_text,
        baseline=baseline,
        comparator=more.pop("comparator", None),
        note=None,
        line=more.pop("line", 2),
        **more,
    )


def indicator(code, values, polarity="higher_is_better", title=None):
    return IndicatorPlan(code, title or f"Indicator {code}", None, None, "%", polarity, values, 2)


@pytest.fixture
def partnership():
    lead = OrganisationFactory(name="Hovewell Council")
    return PartnershipFactory(name="Hovewell Partnership", slug="hovewell", lead_organisation=lead)


def store(partnership, *plans):
    return services.store_indicators(partnership=partnership, indicators=list(plans), source="x")


def test_an_import_stores_indicators_and_a_newer_file_adds_periods_and_lists_changes(
    partnership,
):
    first = store(
        partnership,
        indicator("NI 8", [value("2008/09", 21, baseline=True), value("2009/10", 22, target=24)]),
    )
    assert first.indicators_added == ["NI 8 Indicator NI 8"] and first.values_added == 2

    again = store(
        partnership,
        indicator("NI 8", [value("2009/10", "22.5"), value("2010/11", 23, target_text="TBC")]),
    )

    assert again.indicators_added == [] and again.values_added == 1
    assert again.changes == ["NI 8 Indicator NI 8 2009/10 actual: 22 → 22.5"]
    stored = {v.period: v for v in IndicatorValue.objects.all()}
    assert set(stored) == {"2008/09", "2009/10", "2010/11"}
    assert stored["2009/10"].target == 24  # kept: the newer file gave no target
    assert stored["2010/11"].target is None and stored["2010/11"].target_text == "TBC"
    # The corrected actual keeps the old one in history.
    assert [h.actual for h in stored["2009/10"].history.order_by("history_id")] == [
        22,
        Decimal("22.5"),
    ]


def test_an_import_with_a_problem_writes_nothing_and_names_the_line(partnership):
    bad = IndicatorPlan("NI 9", "Bad", "No such outcome", None, None, None, [], 7)

    with pytest.raises(services.PerformanceError) as refused:
        store(partnership, indicator("NI 8", [value("2009/10", 1)]), bad)

    assert refused.value.problems == [
        "x, line 7: outcome 'No such outcome' is not in the partnership's outcome library"
    ]
    assert Indicator.objects.count() == 0


def test_the_scorecard_judges_each_indicator_by_its_polarity_and_target(partnership):
    store(
        partnership,
        indicator(
            "UP", [value("2007/08", 10), value("2008/09", 11), value("2009/10", 12, target=11)]
        ),
        indicator(
            "RED",
            [value("2007/08", 10), value("2008/09", 11), value("2009/10", 12, target=9)],
            polarity="lower_is_better",
        ),
        indicator("TBC", [value("2009/10", 5, target_text="TBC")]),
    )

    rows = {row.indicator.code: row for row in present.scorecard(partnership)}

    assert (rows["UP"].rag_label, rows["UP"].trend_label) == ("Green", "Improving")
    assert (rows["RED"].rag_label, rows["RED"].trend_label) == ("Red", "Getting worse")
    assert rows["TBC"].rag_label == "No target" and rows["TBC"].target_shown == "TBC"
    assert rows["UP"].previous.actual == 11 and rows["UP"].latest.actual == 12


def test_the_scorecard_as_of_a_date_shows_the_values_of_then(partnership):
    store(partnership, indicator("NI 8", [value("2009/10", 20)]))
    before = IndicatorValue.objects.get().entered_at.date()
    store(partnership, indicator("NI 8", [value("2009/10", 30)]))

    (now,) = present.scorecard(partnership)
    (same_day,) = present.scorecard(partnership, as_of=before)

    assert now.latest.actual == 30
    assert same_day.latest.actual == 30  # both writes were on that day
    # A year before, the indicator did not exist yet: the scorecard had no row for it.
    assert present.scorecard(partnership, as_of=before.replace(year=before.year - 1)) == []


def test_the_pages_show_the_scorecard_curve_and_grid(
    client, partnership, django_assert_max_num_queries
):
    store(
        partnership,
        indicator(
            "NI 8", [value("2007/08", 10), value("2008/09", 11), value("2009/10", 12, target=13)]
        ),
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("pat")
    PersonFactory(name="Pat Manager", organisation=partnership.lead_organisation, user=user)
    PartnershipRole.objects.create(user=user, partnership=partnership, role="manager")
    client.force_login(user)
    pk = Indicator.objects.get().pk

    with django_assert_max_num_queries(20):
        page = client.get("/performance/hovewell/")
    assert page.status_code == 200 and "NI 8" in page.content.decode()
    # Figures as the indicator shows them (its decimals and unit), not as stored.
    assert "12.0%" in page.content.decode() and "12.000000" not in page.content.decode()
    curve = client.get(f"/performance/hovewell/indicators/{pk}/")
    assert curve.status_code == 200
    assert "<svg" in curve.content.decode() and "Values by period" in curve.content.decode()
    grid = client.get("/performance/hovewell/values/")
    assert grid.status_code == 200
    stamp = grid.context["stamp"]

    saved = client.post(
        "/performance/hovewell/values/",
        {"stamp": stamp, "new_period": "2010/11", f"actual-{pk}-3": "14", f"target-{pk}-3": "TBC"},
    )
    assert saved.status_code == 302
    assert IndicatorValue.objects.get(period="2010/11").actual == 14

    stale = client.post("/performance/hovewell/values/", {"stamp": stamp, f"actual-{pk}-0": "99"})
    assert stale.status_code == 400 and "Someone entered values" in stale.content.decode()
    bad = client.post(
        "/performance/hovewell/values/",
        {"stamp": client.get("/performance/hovewell/values/").context["stamp"],
         f"actual-{pk}-0": "lots"},
    )  # fmt: skip
    assert bad.status_code == 400 and "lots&#x27; is not a number" in bad.content.decode()
    assert IndicatorValue.objects.get(period="2007/08").actual == 10

    bad_date = client.get("/performance/hovewell/?as_of=31/13/2010")
    assert bad_date.status_code == 400 and "Enter the date" in bad_date.content.decode()


def test_a_stranger_and_a_viewer_may_not_enter_values(client, partnership):
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("stranger")
    client.force_login(stranger)
    assert client.get("/performance/hovewell/").status_code == 404
    viewer = get_user_model().objects.create_user("viewer")
    PartnershipRole.objects.create(user=viewer, partnership=partnership, role="viewer")
    client.force_login(viewer)
    assert client.get("/performance/hovewell/").status_code == 200
    assert client.get("/performance/hovewell/values/").status_code == 403


def test_downloads_open_again(client, partnership, django_user_model):
    store(partnership, indicator("=NI 8", [value("2009/10", 12, target=13)]))
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))

    text = client.get("/performance/hovewell/scorecard.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Code", "Indicator"] and rows[1][0] == "'=NI 8"
    book = openpyxl.load_workbook(
        io.BytesIO(client.get("/performance/hovewell/scorecard.xlsx").content)
    )
    sheet = book["Scorecard"]
    assert sheet["G2"].value == 12 and sheet["L2"].value == "Red"


def test_the_board_section_lists_the_scorecard_and_shows_red_curves(partnership):
    import datetime as dt

    store(partnership, indicator("NI 8", [value("2009/10", 12, target=13)]))

    built = section(partnership, dt.date.today())

    assert built.title == "Performance"
    table = built.tables()[0]
    assert table.rows[0][0] == "NI 8 Indicator NI 8" and table.rows[0][4] == "Red"
    assert any(getattr(block, "svg", "").startswith("<svg") for block in built.blocks)


def test_the_command_reads_a_file_and_refuses_a_bad_partnership(partnership, samples_dir, capsys):
    path = samples_dir / "figures" / "council-plan-wide.csv"

    call_command("import_indicators", str(path), "--partnership", "hovewell")

    assert Indicator.objects.filter(partnership=partnership).count() == 3
    assert (
        IndicatorValue.objects.get(indicator__code="NI 39", period="2010/11").target_text == "TBC"
    )
    with pytest.raises(CommandError, match="--partnership: no partnership 'nowhere'"):
        call_command("import_indicators", str(path), "--partnership", "nowhere")
