"""Business plans: a unit's plan for a year, its status as of a date, its pages and its Word
document."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from docx import Document

from commissioning.outcomes import services as outcomes_services
from commissioning.partnership.models import PartnershipRole
from commissioning.performance import presenters as present
from commissioning.performance import services
from commissioning.performance.models import BusinessPlan, Indicator, IndicatorValue
from commissioning.programmes.tests.factories import (
    ActionFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    lead = OrganisationFactory(name="Hovewell Council")
    return PartnershipFactory(name="Hovewell Partnership", slug="hovewell", lead_organisation=lead)


@pytest.fixture
def other():
    lead = OrganisationFactory(name="Surreyfold Council")
    return PartnershipFactory(
        name="Surreyfold Partnership", slug="surreyfold", lead_organisation=lead
    )


def _indicator(partnership, code, values, **more):
    indicator = Indicator.objects.create(
        partnership=partnership, code=code, title=f"{code} rate", **more
    )
    for period, actual, target, text in values:
        IndicatorValue.objects.create(
            indicator=indicator,
            period=period,
            period_start=None,
            actual=None if actual is None else Decimal(actual),
            target=None if target is None else Decimal(target),
            target_text=text,
        )
    return indicator


def _fill_periods():
    from commissioning.domain.periods import parse_period

    for value in IndicatorValue.objects.all():
        period = parse_period(value.period)
        value.period_start, value.period_end = period.start, period.end
        value.save()


def _outcome(partnership, code="O1"):
    return outcomes_services.create_outcome(
        partnership=partnership,
        user=None,
        code=code,
        title=f"Outcome {code}",
        level="population_result",
    )


def _plan(partnership, **more):
    values = {
        "unit": "Adult Social Care",
        "unit_kind": "delivery",
        "organisation": None,
        "lead": "Head of Adult Services",
        "financial_year": "2010-11",
        "purpose": "Help people live at home.",
    } | more
    return values


def _manager(partnership, name="pat", role="manager"):
    user = get_user_model().objects.create_user(name)
    PersonFactory(name=name.title(), organisation=partnership.lead_organisation, user=user)
    PartnershipRole.objects.create(user=user, partnership=partnership, role=role)
    return user


def test_a_plan_is_saved_with_its_year_written_one_way_and_its_links(partnership):
    outcome = _outcome(partnership)
    indicator = _indicator(partnership, "NI 1", [])
    action = ActionFactory(programme=ProgrammeFactory(partnership=partnership))

    plan = services.save_business_plan(
        partnership=partnership,
        user=None,
        outcomes=[outcome],
        indicators=[indicator],
        actions=[action],
        **_plan(partnership),
    )

    plan.refresh_from_db()
    assert plan.financial_year == "2010/11" and plan.year_start == 2010
    assert list(plan.outcomes.all()) == [outcome]
    assert list(plan.indicators.all()) == [indicator]
    assert list(plan.actions.all()) == [action]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"unit": "  "}, "unit", "Enter the name"),
        ({"financial_year": "2010"}, "financial_year", "not a financial year"),
        ({"financial_year": "2010/12"}, "financial_year", "not one financial year"),
    ],
)
def test_a_wrong_field_is_refused_by_name_and_nothing_is_written(partnership, change, field, words):
    with pytest.raises(services.IndicatorRefused) as refused:
        services.save_business_plan(
            partnership=partnership, user=None, **_plan(partnership, **change)
        )
    assert words in refused.value.fields[field]
    assert not BusinessPlan.objects.exists()


def test_a_unit_has_one_plan_a_year(partnership):
    services.save_business_plan(partnership=partnership, user=None, **_plan(partnership))
    with pytest.raises(services.IndicatorRefused) as refused:
        services.save_business_plan(
            partnership=partnership, user=None, **_plan(partnership, unit="adult social care")
        )
    assert "already has a business plan for 2010/11" in refused.value.fields["unit"]
    services.save_business_plan(
        partnership=partnership, user=None, **_plan(partnership, financial_year="2011/12")
    )
    assert BusinessPlan.objects.count() == 2


def test_another_partnerships_rows_are_refused(partnership, other):
    foreign = {
        "outcomes": [_outcome(other)],
        "indicators": [_indicator(other, "NI 9", [])],
        "actions": [ActionFactory(programme=ProgrammeFactory(partnership=other))],
        "organisation": other.lead_organisation,
    }
    for name, value in foreign.items():
        links = {name: value} if name != "organisation" else {}
        fields = (
            _plan(partnership, organisation=value) if name == "organisation" else _plan(partnership)
        )
        with pytest.raises(services.IndicatorRefused) as refused:
            services.save_business_plan(partnership=partnership, user=None, **links, **fields)
        assert name in refused.value.fields
    assert not BusinessPlan.objects.exists()


def test_the_year_target_is_the_years_own_else_its_latest_period_and_words_are_kept(partnership):
    own = _indicator(
        partnership, "NI 1", [("2010/11", "20", "25", ""), ("Q1 2010/11", "5", "6", "")]
    )
    quarters = _indicator(
        partnership, "NI 2", [("Q1 2010/11", "5", "6", ""), ("Q3 2010/11", "7", "8", "")]
    )
    words = _indicator(partnership, "NI 3", [("2010/11", None, None, "TBC")])
    none = _indicator(partnership, "NI 4", [("2009/10", "5", "6", "")])
    _fill_periods()

    def target(indicator):
        return present.year_target(indicator, list(indicator.values.all()), "2010/11")

    assert target(own) == ("25.0", "2010/11")
    assert target(quarters) == ("8.0", "Q3 2010/11")
    assert target(words) == ("TBC", "2010/11")
    assert target(none) == ("", "")


def test_the_status_as_of_a_date_reads_each_action_from_its_programmes_history(partnership):
    programme = ProgrammeFactory(partnership=partnership)
    action = ActionFactory(programme=programme, title="Review day services")
    ProgressUpdateFactory(
        action=action,
        status="complete",
        text="Done",
        as_of_text="June 2010",
        as_of_start=dt.date(2010, 6, 1),
        as_of_end=dt.date(2010, 6, 30),
    )
    red = _indicator(partnership, "NI 1", [("2010/11", "10", "20", "")])
    _fill_periods()
    plan = services.save_business_plan(
        partnership=partnership, user=None, indicators=[red], actions=[action], **_plan(partnership)
    )

    before = present.business_plan(plan, as_of=dt.date(2010, 5, 31))
    after = present.business_plan(plan, as_of=dt.date(2011, 4, 30))

    assert [a.status for a in before.actions] == ["Not started"]
    # Before the year ended, its figure was not in: nothing to judge yet.
    assert [i.row.rag_label for i in before.indicators] == ["No target"]
    assert [a.status for a in after.actions] == ["Complete"]
    assert after.action_counts == [("Complete", 1)]
    (row,) = after.indicators
    assert row.row.rag_label == "Red" and row.year_target == "20.0"
    assert after.rag_counts == [("Red", 1)]


def test_the_pages_add_show_and_change_a_plan_and_refuse_a_stale_copy(
    client, partnership, django_assert_max_num_queries
):
    outcome = _outcome(partnership)
    indicator = _indicator(partnership, "NI 1", [("2010/11", "10", "20", "")])
    action = ActionFactory(programme=ProgrammeFactory(partnership=partnership), title="Open a hub")
    client.force_login(_manager(partnership))

    form = client.get("/performance/hovewell/business-plans/new/")
    assert form.status_code == 200 and "Open a hub" in form.content.decode()
    bad = client.post(
        "/performance/hovewell/business-plans/new/",
        {"unit": "Adult Social Care", "unit_kind": "delivery", "financial_year": "next year"},
    )
    assert bad.status_code == 400, bad.context["form"].errors
    assert "is not a financial year" in bad.content.decode(), bad.context["form"].errors
    saved = client.post(
        "/performance/hovewell/business-plans/new/",
        {
            "unit": "Adult Social Care",
            "unit_kind": "delivery",
            "financial_year": "2010/11",
            "outcomes": [outcome.pk],
            "indicators": [indicator.pk],
            "actions": [action.pk],
            "version": 0,
        },
    )
    assert saved.status_code == 302
    plan = BusinessPlan.objects.get()
    with django_assert_max_num_queries(25):
        page = client.get(f"/performance/hovewell/business-plans/{plan.pk}/?as_of=2011-03-31")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Open a hub" in text and "NI 1" in text and "Outcome O1" in text
    assert "As it stood on 31 March 2011" in text
    listing = client.get("/performance/hovewell/business-plans/")
    assert "Adult Social Care" in listing.content.decode()

    edit = f"/performance/hovewell/business-plans/{plan.pk}/edit/"
    version = client.get(edit).context["form"].initial["version"]
    first = {"unit": "Adult Care", "unit_kind": "delivery", "financial_year": "2010/11",
             "version": version}  # fmt: skip
    assert client.post(edit, first).status_code == 302
    stale = client.post(edit, first | {"unit": "Adults"})
    assert stale.status_code == 400 and "Someone else changed" in stale.content.decode()
    plan.refresh_from_db()
    assert plan.unit == "Adult Care"

    bad_date = client.get(f"/performance/hovewell/business-plans/{plan.pk}/?as_of=31/13/2010")
    assert bad_date.status_code == 400 and "Enter the date" in bad_date.content.decode()


def test_the_plan_page_reads_the_same_number_of_queries_however_big_the_plan(
    client, partnership, django_assert_num_queries
):
    client.force_login(_manager(partnership))

    def plan_of(size, unit, programme):
        indicators = [
            _indicator(partnership, f"{unit}{n}", [("2010/11", "1", "2", "")]) for n in range(size)
        ]
        actions = [ActionFactory(programme=programme) for _ in range(size)]
        outcomes = [_outcome(partnership, f"{unit}O{n}") for n in range(size)]
        return services.save_business_plan(
            partnership=partnership,
            user=None,
            indicators=indicators,
            actions=actions,
            outcomes=outcomes,
            **_plan(partnership, unit=unit),
        )

    small, big = (
        plan_of(1, "S", ProgrammeFactory(partnership=partnership)),
        plan_of(12, "B", ProgrammeFactory(partnership=partnership)),
    )  # each in its own programme, so neither page finds the other's report already made
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for plan in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/performance/hovewell/business-plans/{plan.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_viewer_reads_but_does_not_write_and_a_stranger_sees_nothing(client, partnership):
    plan = services.save_business_plan(partnership=partnership, user=None, **_plan(partnership))
    client.force_login(_manager(partnership, "vic", role="viewer"))
    assert client.get(f"/performance/hovewell/business-plans/{plan.pk}/").status_code == 200
    assert client.get("/performance/hovewell/business-plans/new/").status_code == 403
    refused = client.post(f"/performance/hovewell/business-plans/{plan.pk}/edit/", {"unit": "X"})
    assert refused.status_code == 403
    client.force_login(get_user_model().objects.create_user("stranger"))
    assert client.get(f"/performance/hovewell/business-plans/{plan.pk}/").status_code == 404


def test_the_word_document_opens_again_with_the_plan_as_of_the_date(client, partnership):
    indicator = _indicator(partnership, "NI 1", [("2010/11", "10", None, "TBC")])
    action = ActionFactory(programme=ProgrammeFactory(partnership=partnership), title="Open a hub")
    _fill_periods()
    plan = services.save_business_plan(
        partnership=partnership,
        user=None,
        indicators=[indicator],
        actions=[action],
        **_plan(partnership, unit="Adult\x0bCare", purpose="First\n\nSecond"),
    )
    client.force_login(_manager(partnership))

    response = client.get(
        f"/performance/hovewell/business-plans/{plan.pk}/plan.docx?as_of=2011-03-31"
    )

    assert response.status_code == 200
    assert 'filename="adult-care-2010-11-business-plan.docx"' in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Adult\nCare: business plan 2010/11" in text
    assert "Status as of 31 March 2011" in text and "Second" in text
    indicators, actions = document.tables
    assert [cell.text for cell in indicators.rows[1].cells][:3] == [
        "NI 1 NI 1 rate",
        "TBC (2010/11)",
        "10.0 (2010/11)",
    ]
    assert (
        actions.rows[1].cells[0].text.startswith("Open a hub")
        and actions.rows[1].cells[3].text == "Not started"
    )
    bad = client.get(f"/performance/hovewell/business-plans/{plan.pk}/plan.docx?as_of=soon")
    assert bad.status_code == 400 and "Enter the date" in bad.content.decode()


def test_the_command_lists_the_plans_and_writes_one_as_word(partnership, tmp_path, capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    services.save_business_plan(partnership=partnership, user=None, **_plan(partnership))
    call_command("business_plan", "--partnership", "hovewell")
    assert "2010/11  Adult Social Care" in capsys.readouterr().out

    target = tmp_path / "plan.docx"
    call_command(
        "business_plan", "--partnership", "hovewell", "--unit", "adult social care",
        "--year", "2010-11", "--as-of", "31 March 2011", "-o", str(target),
    )  # fmt: skip
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "Adult Social Care: business plan 2010/11" in text
    assert "Status as of 31 March 2011" in text

    for arguments, words in (
        (["--unit", "Nobody", "--year", "2010/11"], "no business plan of 'Nobody'"),
        (["--unit", "Adult Social Care", "--year", "2010"], "--year: '2010' is not"),
        (["--unit", "Adult Social Care"], "give both"),
        (["--unit", "Adult Social Care", "--year", "2010/11", "--as-of", "soon"], "--as-of"),
        (["--user", "stranger"], "no active user"),
    ):
        with pytest.raises(CommandError, match=words) as refused:
            call_command("business_plan", "--partnership", "hovewell", *arguments)
        assert refused.value.returncode == 2
    get_user_model().objects.create_user("stranger")
    with pytest.raises(CommandError, match="no partnership 'hovewell'"):
        call_command("business_plan", "--partnership", "hovewell", "--user", "stranger")


def test_the_list_counts_each_link_of_a_plan_once(partnership):
    programme = ProgrammeFactory(partnership=partnership)
    plan = services.save_business_plan(
        partnership=partnership,
        user=None,
        outcomes=[_outcome(partnership, "O1"), _outcome(partnership, "O2")],
        indicators=[_indicator(partnership, f"NI {n}", []) for n in range(3)],
        actions=[ActionFactory(programme=programme) for _ in range(2)],
        **_plan(partnership),
    )
    services.save_business_plan(
        partnership=partnership, user=None, **_plan(partnership, unit="Empty")
    )

    counts = {
        p.unit: (p.outcome_count, p.indicator_count, p.action_count)
        for p in present.business_plans(partnership)
    }

    assert counts == {plan.unit: (2, 3, 2), "Empty": (0, 0, 0)}


def test_the_board_pack_lists_the_years_plans_with_the_scorecards_judgement(partnership):
    from django.utils import timezone

    from commissioning.domain import financial_years
    from commissioning.domain.document import Heading, Paragraph, Table
    from commissioning.performance.board import section

    # The scorecard reads values as recorded by the date, so the pack is as of today.
    today = timezone.localdate()
    year = financial_years.containing(today)
    yesterday = today - dt.timedelta(days=1)
    programme = ProgrammeFactory(partnership=partnership)
    done = ActionFactory(programme=programme, title="Review day services")
    ActionFactory(programme=programme, title="Open a hub")
    ProgressUpdateFactory(
        action=done,
        status="complete",
        as_of_text=f"{yesterday:%d %B %Y}",
        as_of_start=yesterday,
        as_of_end=yesterday,
    )
    red = _indicator(partnership, "NI 1", [(year, "10", "20", "")])
    _fill_periods()
    services.save_business_plan(
        partnership=partnership,
        user=None,
        indicators=[red],
        actions=list(programme.actions.all()),
        **_plan(partnership, financial_year=year),
    )
    next_year = financial_years.label(financial_years.start_year(year) + 1)
    services.save_business_plan(
        partnership=partnership, user=None, **_plan(partnership, financial_year=next_year)
    )

    blocks = section(partnership, today).blocks
    heading = blocks.index(Heading(f"Business plans {year}"))
    table = blocks[heading + 1]

    assert isinstance(table, Table)
    assert table.rows == (
        (
            "Adult Social Care",
            "Delivery unit",
            "Head of Adult Services",
            "1: 1 Red",
            "2: 1 Complete, 1 Not started",
        ),
    )
    # A year with no plans says so, rather than showing an empty table.
    earlier = section(partnership, dt.date(2010, 7, 31)).blocks
    assert Paragraph("No business plans for 2010/11.") in earlier


def test_the_board_section_reads_the_same_queries_however_many_plans(
    partnership, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commissioning.performance.board import section

    programme = ProgrammeFactory(partnership=partnership)

    def plans(count, prefix):
        for n in range(count):
            indicator = _indicator(partnership, f"{prefix}{n}", [("2010/11", "1", "2", "")])
            services.save_business_plan(
                partnership=partnership,
                user=None,
                indicators=[indicator],
                actions=[ActionFactory(programme=programme)],
                **_plan(partnership, unit=f"{prefix} unit {n}"),
            )

    counts = []
    for count, prefix in ((1, "S"), (6, "B")):
        plans(count, prefix)
        with CaptureQueriesContext(connection) as queries:
            section(partnership, dt.date(2011, 3, 31))
        counts.append(len(queries))
    assert counts[0] == counts[1]
