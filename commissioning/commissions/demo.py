"""Illustrative commissions for the demo partnership — an example, not the council's real
commissioning: nine commissions across the demo outcomes at every cycle stage, three pilots
(two evaluated, lessons recorded, one lesson acted on), a full commission that follows a
pilot, a procured commission taken through the Open Contracting stages, and a criteria set
with a scoring round by a panel of three, so the prioritised list has content."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from commissioning.commissions import services
from commissioning.commissions.models import Commission, Criterion
from commissioning.outcomes.models import Gap, Outcome
from commissioning.partnership.models import (
    Organisation,
    OrganisationKind,
    Partnership,
    Person,
    Post,
)

ILLUSTRATIVE = "An illustrative example."
PROVIDER = "Kemptown Wellbeing Trust (illustrative)"
CRITERIA = [
    ("Need", 25),
    ("Current spend", 10),
    ("Performance against outcomes", 15),
    ("Inequality", 15),
    ("Strength of evidence", 15),
    ("Risk", 10),
    ("Deliverability", 10),
]
PANEL = ["Priya Shah", "Mark Ellis", "Sue Lightup"]

# key, title, outcome codes, gap (start of its description) or None, lead post remit, route,
# providers, budget, expected savings, pilot, stages passed through (each with a why),
# status, scores per criterion (the panel's middle score; members vary by one) or None.
COMMISSIONS = [
    ("outreach", "Stop-smoking outreach in the east of the city", ["H2", "H4"],
     "Stop-smoking services do not reach the east", "Health and wellbeing", "grant",
     [PROVIDER], "120000", "40000", True,
     [("plan", "Needs analysis agreed by the Public Service Board"),
      ("do", "Pilot grant awarded for twelve months")],
     "active", [5, 3, 4, 5, 3, 2, 4]),
    ("smoking", "Stop-smoking service across the city", ["H2"], None,
     "Health and wellbeing", "contract", [], "1450000", "180000", False,
     [("plan", "The outreach pilot's interim evaluation supports a city-wide service")],
     "prioritised", [4, 5, 4, 4, 4, 3, 3]),
    ("weight", "Family healthy-weight programme", ["H3"], None,
     "Children and young people", "in_house", [], "85000", "20000", True,
     [("plan", "Proposal agreed with schools"), ("do", "Pilot started in six schools"),
      ("review", "Pilot year ended: final evaluation due")],
     "active", [4, 2, 3, 4, 2, 3, 4]),
    ("venues", "Safer late-night venues", ["S2"],
     "Alcohol-related violence is rising", "Safer communities", "contract",
     [PROVIDER, "Sussex Police"], "640000", "95000", False,
     [("plan", "Options appraised"), ("do", "Contract let after open tender")],
     "active", [5, 4, 3, 3, 4, 3, 3]),
    ("youth", "Early help to keep young people out of the youth justice system", ["S3"], None,
     "Safer communities", "partnership", ["Sussex Police"], "210000", None, False,
     [], "proposed", [3, 3, 2, 4, 3, 3, 2]),
    ("neet", "Care leavers into education, employment or training", ["L2"], None,
     "Children and young people", "section_75", [], "150000", "30000", True,
     [("plan", "Evaluation plan agreed before the pilot starts")],
     "prioritised", [4, 2, 3, 5, 2, 2, 3]),
    ("skills", "Adult skills matched to local vacancies", ["L3"],
     "Adult skills courses do not match", "Economy and housing", "contract",
     ["Jobcentre Plus"], "900000", "120000", False,
     [("plan", "Employers' skills survey done"), ("do", "Courses recommissioned"),
      ("review", "First full year reviewed")],
     "active", None),
    ("work", "Employment support for people over 50", ["L1"], None,
     "Economy and housing", "", [], None, None, False, [], "proposed", None),
]  # fmt: skip
START = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)
MILESTONES = [
    ("planning", "Market engagement event", dt.date(2025, 11, 3), "met"),
    ("tender", "Invitation to tender published", dt.date(2025, 12, 1), "met"),
    ("tender", "Tenders close", dt.date(2026, 1, 16), "met"),
    ("award", "Contract awarded", dt.date(2026, 2, 13), "met"),
    ("contract", "Contract signed", dt.date(2026, 3, 2), "met"),
    ("implementation", "Service live at every late-night venue", dt.date(2026, 6, 1), "partly_met"),
    ("implementation", "First-year review", dt.date(2027, 3, 31), "scheduled"),
]  # fmt: skip


def _post(partnership: Partnership, remit: str) -> Post | None:
    return (
        Post.objects.filter(body__partnership=partnership, title="Commissioner", remit=remit)
        .select_related("holder")
        .first()
    )


def _providers(names: list[str]) -> list[Organisation]:
    found = []
    for name in names:
        if name == PROVIDER:
            organisation, _ = Organisation.objects.get_or_create(
                name=PROVIDER, defaults={"kind": OrganisationKind.VCS}
            )
        else:
            organisation = Organisation.objects.filter(name=name).first()
        if organisation is not None:
            found.append(organisation)
    return found


@transaction.atomic
def load_commissions_demo(*, partnership: Partnership, user) -> bool:
    """Load the illustrative commissions once; False when the partnership already has some."""
    if Commission.objects.filter(partnership=partnership).exists():
        return False
    outcomes = {o.code: o for o in Outcome.objects.filter(partnership=partnership) if o.code}
    gaps = list(Gap.objects.filter(partnership=partnership))
    made: dict[str, Commission] = {}
    for index, row in enumerate(COMMISSIONS):
        key, title, codes, gap, remit, route, providers, budget, savings, pilot, moves = row[:11]
        status = row[11]
        when = START + dt.timedelta(days=7 * index)
        commission = services.create_commission(
            partnership=partnership,
            user=user,
            title=title,
            description=f"{ILLUSTRATIVE} {title} for the city partnership.",
            outcomes=[outcomes[code] for code in codes if code in outcomes],
            gaps=[g for g in gaps if gap and g.description.startswith(gap)],
            providers=_providers(providers),
            at=when,
            lead_post=_post(partnership, remit),
            status=status,
            route=route,
            budget_amount=Decimal(budget) if budget else None,
            expected_savings=Decimal(savings) if savings else None,
            is_pilot=pilot,
        )
        for step, (stage, why) in enumerate(moves, start=1):
            services.move_stage(
                commission=commission,
                user=user,
                to_stage=stage,
                why=why,
                at=when + dt.timedelta(days=60 * step),
            )
        made[key] = commission
    services.edit_commission(commission=made["smoking"], user=user, predecessor=made["outreach"])
    services.edit_commission(
        commission=made["skills"],
        user=user,
        actual_cost=Decimal("874500"),
        actual_savings=Decimal("96000"),
    )
    _procurement(made["venues"], user)
    criteria_set = _pilots(partnership, made, user)
    _round(partnership, criteria_set, made, user)
    return True


def _procurement(commission: Commission, user) -> None:
    services.edit_commission(
        commission=commission,
        user=user,
        procurement_stage="implementation",
        contract_value=Decimal("612000"),
        contract_start=dt.date(2026, 4, 1),
        contract_end=dt.date(2028, 3, 31),
    )
    for stage, title, due, status in MILESTONES:
        milestone = services.add_milestone(
            commission=commission, user=user, stage=stage, title=title, due=due
        )
        if status != "scheduled":
            services.record_milestone(
                milestone=milestone,
                user=user,
                status=status,
                met_on=due,
            )


def _pilots(partnership: Partnership, made: dict[str, Commission], user):
    criteria_set = services.create_criteria_set(
        partnership=partnership,
        user=user,
        name="Prioritisation criteria (illustrative)",
        scale="one_to_five",
        criteria=CRITERIA,
    )
    evidence = Criterion.objects.get(criteria_set=criteria_set, name="Strength of evidence")
    outreach, weight, neet = made["outreach"], made["weight"], made["neet"]
    services.set_evaluation_plan(
        commission=outreach,
        user=user,
        questions="Does outreach reach smokers in the east of the city? How many quit at four "
        "weeks, against the city's service?",
        method="Before and after comparison of quit rates by ward",
        baseline="Quitters per 100,000 adults in the east of the city, 2024/25",
        interim_on=dt.date(2026, 4, 30),
        final_on=dt.date(2026, 10, 31),
    )
    interim = services.record_evaluation(
        commission=outreach,
        user=user,
        result="partly_met",
        findings="Outreach reached twice as many smokers in the east as the clinic did; "
        "four-week quit rates were lower than the city's service.",
        evaluated_on=dt.date(2026, 4, 30),
    )
    services.record_lesson(
        partnership=partnership,
        user=user,
        text="Agree the evaluation's baseline before a pilot starts, not after.",
        target="framework",
        evaluation=interim,
    )
    services.record_lesson(
        partnership=partnership,
        user=user,
        text="The city-wide service should keep outreach sessions in the east.",
        target="commission",
        evaluation=interim,
        commission=made["smoking"],
    )
    services.set_evaluation_plan(
        commission=weight,
        user=user,
        questions="Do more children in the six schools reach a healthy weight within a year?",
        method="Year 6 measurements compared with matched schools",
        baseline="Year 6 obesity in the six schools, 2024/25",
        interim_on=dt.date(2026, 3, 31),
        final_on=dt.date(2026, 9, 30),
    )
    final = services.record_evaluation(
        commission=weight,
        user=user,
        result="met",
        findings="Year 6 obesity in the six schools fell by two points against matched schools.",
        evaluated_on=dt.date(2026, 9, 30),
        is_final=True,
    )
    lesson = services.record_lesson(
        partnership=partnership,
        user=user,
        text="Score a local pilot's own results as evidence, not only national studies.",
        target="criterion",
        evaluation=final,
        criterion=evidence,
    )
    services.act_on_lesson(
        lesson=lesson,
        user=user,
        action_taken="The strength-of-evidence criterion now counts local pilot results.",
        on=dt.date(2026, 10, 20),
    )
    services.set_evaluation_plan(
        commission=neet,
        user=user,
        questions="Do more care leavers stay in education, employment or training at 19?",
        method="Cohort tracking with the leaving-care team",
        baseline="Care leavers in education, employment or training at 19, 2024/25",
        interim_on=dt.date(2027, 3, 31),
        final_on=dt.date(2027, 9, 30),
    )
    return criteria_set


def _round(partnership, criteria_set, made: dict[str, Commission], user) -> None:
    panel = [p for p in (Person.objects.filter(name=name).first() for name in PANEL) if p]
    scored = [(made[row[0]], row[12]) for row in COMMISSIONS if row[12] is not None]
    scoring_round = services.create_round(
        partnership=partnership,
        user=user,
        criteria_set=criteria_set,
        name="Prioritisation round 2026 (illustrative)",
        held_on=dt.date(2026, 2, 10),
        panel=panel,
        commissions=[commission for commission, _ in scored],
    )
    criteria = list(criteria_set.criteria.order_by("order"))
    for place, member in enumerate(panel):
        for order, (commission, middles) in enumerate(scored):
            for number, (criterion, middle) in enumerate(zip(criteria, middles, strict=True)):
                # The members differ by a point here and there, as panels do.
                shift = (place + number + order) % 3 - 1 if place else 0
                services.record_score(
                    scoring_round=scoring_round,
                    user=user,
                    commission=commission,
                    criterion=criterion,
                    member=member,
                    value=min(5, max(1, middle + shift)),
                )
