"""An illustrative total pot for the demo partnership — an example, not the partners'
published spending: five partners, three financial years, six themes (three through the demo
outcomes, three not yet tied to any outcome: the "disconnect" the Total Place pilots found),
the Section 75 pooled budget counted as each contributor's money, and Jobcentre Plus not yet
submitted for the latest year."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from commissioning.finance import services
from commissioning.finance.models import SpendLine
from commissioning.finance.services import Share
from commissioning.outcomes.models import Outcome
from commissioning.partnership.demo import SECTION_75
from commissioning.partnership.models import Agreement, Organisation, Partnership

YEARS = ["2008/09", "2009/10", "2010/11"]
POPULATION = {"2008/09": 256_300, "2009/10": 258_800, "2010/11": 260_100}
POPULATION_SOURCE = "Illustrative mid-year estimate"
PARTNERS = [
    "Brighton & Hove City Council",
    "NHS Brighton and Hove",
    "Sussex Police",
    "East Sussex Fire and Rescue Service",
    "Jobcentre Plus",
]
# partner, service, kind, where the money goes (outcome code, or a theme), £ in 2008/09.
LINES = [
    (0, "Public health and stop smoking", "prevention", [("H2", 60), ("H3", 40)], "3100000"),
    (0, "Community safety", "prevention", [("S2", 50), ("S3", 50)], "2400000"),
    (0, "Youth service and NEET support", "prevention", [("L2", 100)], "5200000"),
    (0, "Adult learning", "treatment", [("L3", 100)], "1900000"),
    (0, "Adult social care", "treatment", [("Adult social care", 100)], "61000000"),
    (0, "Housing services", "treatment", [("Housing", 100)], "14500000"),
    (0, "Waste and street cleansing", "other", [("Environment", 100)], "22800000"),
    (1, "Stop smoking service", "prevention", [("H2", 100)], "1450000"),
    (
        1,
        "Community health services",
        "treatment",
        [("H3", 30), ("Adult social care", 70)],
        "38000000",
    ),
    (1, "Acute hospital services", "treatment", [("Adult social care", 100)], "212000000"),
    (2, "Neighbourhood policing", "prevention", [("S2", 70), ("S3", 30)], "26000000"),
    (2, "Response and investigation", "treatment", [("S2", 100)], "31000000"),
    (3, "Community fire safety", "prevention", [("Housing", 40), ("S2", 60)], "1800000"),
    (3, "Emergency response", "treatment", [("Environment", 100)], "9400000"),
    (4, "Employment programmes", "prevention", [("L3", 100)], "7200000"),
    (4, "Working-age benefits", "benefits", [("L2", 20), ("L3", 80)], "182000000"),
]
GROWTH = [Decimal("1"), Decimal("1.031"), Decimal("1.018")]
OUTTURN = Decimal("0.97")
NOT_SUBMITTED = "Jobcentre Plus"


def _shares(targets, outcomes) -> list[Share]:
    return [
        Share(percent=Decimal(percent), outcome=outcomes[target])
        if target in outcomes
        else Share(percent=Decimal(percent), theme=target)
        for target, percent in targets
    ]


@transaction.atomic
def load_finance_demo(*, partnership: Partnership, user) -> bool:
    """Load the illustrative count once; False when the partnership already has spend."""
    if SpendLine.objects.filter(partnership=partnership).exists():
        return False
    partners = [Organisation.objects.filter(name=name).first() for name in PARTNERS]
    if any(partner is None for partner in partners):
        return False
    outcomes = {o.code: o for o in Outcome.objects.filter(partnership=partnership) if o.code}
    latest = YEARS[-1]
    for index, year in enumerate(YEARS):
        growth = GROWTH[0]
        for step in GROWTH[1 : index + 1]:
            growth *= step
        services.set_population(
            partnership=partnership,
            user=user,
            financial_year=year,
            people=POPULATION[year],
            source=POPULATION_SOURCE,
        )
        for partner_index, service, kind, targets, base in LINES:
            partner = partners[partner_index]
            if year == latest and partner.name == NOT_SUBMITTED:
                continue
            shares = _shares(targets, outcomes)
            amount = (Decimal(base) * growth).quantize(Decimal(1000))
            phases = [("budget", amount)]
            if year != latest:
                phases.append(("outturn", (amount * OUTTURN).quantize(Decimal(1000))))
            for phase, value in phases:
                services.save_line(
                    partnership=partnership,
                    user=user,
                    shares=shares,
                    organisation=partner,
                    financial_year=year,
                    amount=value,
                    phase=phase,
                    service=service,
                    kind=kind,
                    locally_controlled=partner_index in (0, 1),
                    source="Illustrative example",
                )
        for partner in partners:
            if year == latest and partner.name == NOT_SUBMITTED:
                continue
            services.mark_submitted(
                partnership=partnership, organisation=partner, financial_year=year, user=user
            )
    pool = Agreement.objects.filter(partnership=partnership, title=SECTION_75).first()
    if pool is not None:
        services.lines_from_pool(
            agreement=pool,
            financial_year=latest,
            user=user,
            shares=services.whole("Adult social care"),
        )
    services.save_deep_dive(
        partnership=partnership,
        user=user,
        theme="Safer",
        findings="Most of the money for a safer city is spent on responding to crime and "
        "fire; a small part on prevention, and little of it is planned together.",
        proposals="Pool the partners' prevention budgets for the night-time economy and "
        "count them against the outcome S2.",
    )
    return True
