"""Illustrative indicators for the demo partnership — an example, not published figures: a
dozen indicators of the demo outcomes, mixing polarities, units and frequencies, with five
years of values, some targets "TBC", confidence limits on a few; one improving, one getting
worse, one red, and a turn-the-curve plan linked to demo actions; and two units' business
plans for 2009/10 drawing them together with outcomes and actions."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from commissioning.domain.periods import parse_period
from commissioning.domain.plan import IndicatorPlan, IndicatorValuePlan
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Organisation, Partnership
from commissioning.performance import services
from commissioning.performance.models import Indicator, Kind
from commissioning.programmes.models import Action

YEARS = ["2005/06", "2006/07", "2007/08", "2008/09", "2009/10"]
HI, LO, NJ = "higher_is_better", "lower_is_better", "no_judgement"

# code, title, outcome code, unit, polarity, kind, actuals (5 years), target for the last,
# limits (± around the actual) or None, owner ("council", "nhs", "police")
INDICATORS = [
    ("NI 123", "Stopping smoking: quitters per 100,000 adults", "H2", "rate per 100,000", HI,
     Kind.BETTER_OFF, [610, 655, 702, 748, 801], "800", None, "nhs"),
    ("NI 56", "Obesity among children in Year 6", "H3", "%", LO, Kind.POPULATION,
     [17.2, 17.9, 18.3, 18.8, 19.4], "18", Decimal("0.6"), "council"),
    ("NI 8", "Adult participation in sport and active recreation", "H3", "%", HI,
     Kind.POPULATION, [21.3, 21.0, 22.1, 21.7, 22.0], "TBC", Decimal("1.2"), "council"),
    ("LE 1", "Life expectancy at birth (all persons)", "H1", "years", HI, Kind.POPULATION,
     [78.1, 78.4, 78.6, 78.9, 79.1], "79", Decimal("0.4"), "nhs"),
    ("NI 20", "Assault with injury crime rate per 1,000", "S2", "rate per 1,000", LO,
     Kind.POPULATION, [9.8, 9.1, 8.7, 8.9, 8.2], "8.5", None, "police"),
    ("NI 111", "First-time entrants to the youth justice system", "S3", "count", LO,
     Kind.BETTER_OFF, [410, 395, 402, 388, 376], "350", None, "council"),
    ("NI 17", "Perceptions of anti-social behaviour", "S1", "%", LO, Kind.POPULATION,
     [22, 21, 23, 20, 19], "to be renegotiated", None, "police"),
    ("NI 117", "16 to 18 year olds not in education, employment or training", "L2", "%", LO,
     Kind.POPULATION, [8.9, 8.4, 7.9, 7.5, 7.2], "7", None, "council"),
    ("NI 151", "Overall employment rate", "L1", "%", HI, Kind.POPULATION,
     [71.2, 71.8, 72.0, 70.4, 69.9], "73", Decimal("1.5"), "council"),
    ("NI 163", "Adults qualified to at least level 2", "L3", "%", HI, Kind.BETTER_OFF,
     [68.0, 69.2, 70.1, 71.4, 72.0], "72", None, "council"),
    ("SS 4", "Stop-smoking sessions delivered in the most deprived areas", "H4", "count", HI,
     Kind.HOW_MUCH, [1200, 1350, 1310, 1500, 1620], "1600", None, "nhs"),
    ("PA 2", "Night-time patrol hours in the city centre", "P2", "count", NJ, Kind.HOW_MUCH,
     [5200, 5400, 5350, 5600, 5800], "TBC", None, "police"),
]  # fmt: skip
OWNERS = {"council": None, "nhs": "NHS Brighton and Hove", "police": "Sussex Police"}
# unit, kind, owner, lead, outcome codes, indicator codes, purpose
BUSINESS_PLANS = [
    ("Public Health", "delivery", "nhs", "Director of Public Health", ("H1", "H2", "H3", "H4"),
     ("NI 123", "NI 56", "LE 1", "SS 4"),
     "Narrow the gap in life expectancy: more people stop smoking, fewer children are obese "
     "(an illustrative example)."),
    ("Community Safety", "delivery", "police", "Community Safety Manager", ("S1", "S2", "S3"),
     ("NI 20", "NI 111", "NI 17", "PA 2"),
     "Fewer assaults and first-time entrants; people feel safer in the city centre "
     "(an illustrative example)."),
]  # fmt: skip


def _plans() -> list[IndicatorPlan]:
    plans = []
    for code, title, _, unit, polarity, _, actuals, target, limits, _ in INDICATORS:
        values = []
        for index, (year, actual) in enumerate(zip(YEARS, actuals, strict=True)):
            actual = Decimal(str(actual))
            last = index == len(YEARS) - 1
            number = None if not last or not target[0].isdigit() else Decimal(target)
            values.append(
                IndicatorValuePlan(
                    period=parse_period(year),
                    actual=actual,
                    target=number,
                    target_text=target if last and number is None else None,
                    baseline=index == 0,
                    comparator=None,
                    note=None,
                    line=0,
                    lower=actual - limits if limits else None,
                    upper=actual + limits if limits else None,
                )
            )
        plans.append(
            IndicatorPlan(code, title, None, None, unit, polarity, values, line=0,
                          frequency="financial_year", source="Illustrative example")
        )  # fmt: skip
    return plans


@transaction.atomic
def load_performance_demo(*, partnership: Partnership, user) -> bool:
    """Load the illustrative indicators once; False when the partnership already has some."""
    if Indicator.objects.filter(partnership=partnership).exists():
        return False
    services.store_indicators(
        partnership=partnership, indicators=_plans(), user=user, source="Illustrative example"
    )
    outcomes = {o.code: o for o in Outcome.objects.filter(partnership=partnership)}
    for code, _, outcome, _, _, kind, _, _, _, owner in INDICATORS:
        indicator = Indicator.objects.get(partnership=partnership, code=code)
        organisation = (
            Organisation.objects.filter(name=OWNERS[owner]).first()
            if OWNERS[owner]
            else partnership.lead_organisation
        )
        indicator.kind = kind
        indicator.owner_organisation = organisation
        indicator.comparator_name = "England"
        indicator.theme = outcomes[outcome].theme if outcome in outcomes else ""
        indicator.save()
        if outcome in outcomes:
            indicator.outcomes.add(outcomes[outcome])
    obesity = Indicator.objects.get(partnership=partnership, code="NI 56")
    actions = Action.objects.filter(programme__partnership=partnership).order_by("pk")[:2]
    services.save_turn_the_curve(
        indicator=obesity,
        user=user,
        actions=list(actions),
        story="Year 6 obesity has risen every year since 2005/06 and is now above target "
        "(an illustrative example).",
        helping="School meals standards; free swimming for under-16s.",
        hurting="Fewer children walk to school; fast-food outlets near secondary schools.",
        partners="Public health, schools, leisure services, planning.",
        what_works="Whole-school approaches; family weight-management programmes.",
    )
    _load_business_plans(partnership, user, outcomes)
    return True


def _load_business_plans(partnership: Partnership, user, outcomes: dict) -> None:
    actions = list(Action.objects.filter(programme__partnership=partnership).order_by("pk")[:6])
    for index, (unit, kind, owner, lead, codes, indicators, purpose) in enumerate(BUSINESS_PLANS):
        services.save_business_plan(
            partnership=partnership,
            user=user,
            unit=unit,
            unit_kind=kind,
            organisation=Organisation.objects.filter(name=OWNERS[owner]).first(),
            lead=lead,
            financial_year="2009/10",
            purpose=purpose,
            outcomes=[outcomes[code] for code in codes if code in outcomes],
            indicators=list(Indicator.objects.filter(partnership=partnership, code__in=indicators)),
            actions=actions[index * 3 : index * 3 + 3],
        )
