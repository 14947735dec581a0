"""An illustrative outcomes framework for the demo partnership — an example, not the
council's published framework: three themes, the council's chain, two partners' chains (one
aligned, one with gaps and a conflict), three needs analyses and a handful of gaps, linked to
the T1/T2 deliverables of the milestone plan."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from commissioning.outcomes import services
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Meeting, Organisation, Partnership
from commissioning.programmes.models import Deliverable, Programme

PR, IO, CF = "population_result", "intermediate_outcome", "contributory_factor"

# code, title, level, theme
OUTCOMES = [
    ("H1", "People in the city live longer, healthier lives", PR, "Healthier"),
    ("H2", "Fewer adults smoke", IO, "Healthier"),
    ("H3", "More children are a healthy weight", IO, "Healthier"),
    ("H4", "Stop-smoking support reaches people in the most deprived areas", CF, "Healthier"),
    ("S1", "People are safe and feel safe", PR, "Safer"),
    ("S2", "Less alcohol-related violence at night", IO, "Safer"),
    ("S3", "Fewer young people enter the youth justice system", IO, "Safer"),
    ("L1", "More residents are in good work", PR, "Learning and working"),
    (
        "L2",
        "More young people are in education, employment or training",
        IO,
        "Learning and working",
    ),
    ("L3", "Adults gain the skills local employers need", IO, "Learning and working"),
    ("N1", "GP practices give brief advice on stopping smoking", CF, "Healthier"),
    ("P1", "More arrests for public order offences in the city centre", IO, "Safer"),
    ("P2", "Officers patrol the night-time economy", CF, "Safer"),
]
COUNCIL_LINKS = [
    ("H2", "H1", "Smoking is the largest cause of early death in the city"),
    ("H3", "H1", "Healthy weight in childhood carries into adult health"),
    ("H4", "H2", "Most smokers live in the most deprived wards"),
    ("S2", "S1", "Night-time violence drives how safe people feel"),
    ("S3", "S1", "Early offending predicts later offending"),
    ("L2", "L1", "Young people out of education and work are the future unemployed"),
    ("L3", "L1", "Vacancies go unfilled for want of skills"),
]
NHS_LINKS = [("N1", "H2"), ("H4", "H2"), ("H2", "H1"), ("H3", "H1")]
POLICE_LINKS = [("S2", "S1"), ("S3", "S1"), ("P2", "P1"), ("P1", "S1")]
NEEDS_ANALYSES = [
    (
        "Smoking and tobacco: JSNA chapter",
        "jsna_chapter",
        "2024/25",
        "NHS Brighton and Hove",
        "Adults in the city",
        "Smoking is falling overall but not in the most deprived wards.",
        ["H1", "H2", "H4"],
    ),
    (
        "Residents' safety survey",
        "survey",
        "2019",
        "Brighton & Hove City Council",
        "Residents aged 16 and over",
        "Fear of violence at night is highest around the late-night venues.",
        ["S1", "S2"],
    ),
    (
        "Deep dive: young people not in education, employment or training",
        "deep_dive",
        "2025/26",
        "Brighton & Hove City Council",
        "Young people aged 16 to 24",
        "Young people leaving care are three times as likely to be out of work or learning.",
        ["L1", "L2"],
    ),
]
# outcome, description, severity, needs analysis (index), moves
GAPS = [
    (
        "H4",
        "Stop-smoking services do not reach the east of the city",
        "high",
        0,
        ["being_addressed"],
    ),
    ("H3", "No current needs analysis of children's weight", "medium", None, []),
    ("S2", "Alcohol-related violence is rising around late-night venues", "high", 1, []),
    (
        "L3",
        "Adult skills courses do not match local vacancies",
        "medium",
        2,
        ["being_addressed", "closed"],
    ),
]
# A distinctive start of each deliverable's title in the milestone plan, and what it links to.
DELIVERABLES = [
    ("The outcome chains work is completed", ["council"]),
    ("Ready to take public sector partners", ["council"]),
    (
        "Public sector partners and the voluntary and community sector have completed",
        ["nhs", "police"],
    ),
    ("The outcome chains have been aligned", ["nhs", "police"]),
    ("Existing needs analyses mapped", ["needs"]),
]


@transaction.atomic
def load_outcomes_demo(*, partnership: Partnership, programme: Programme, user) -> bool:
    """Load the illustrative framework once; False when the partnership already has outcomes."""
    if Outcome.objects.filter(partnership=partnership).exists():
        return False
    council = partnership.lead_organisation
    nhs = Organisation.objects.filter(name="NHS Brighton and Hove").first()
    police = Organisation.objects.filter(name="Sussex Police").first()
    meeting = Meeting.objects.filter(body__partnership=partnership).order_by("date").first()
    owners = {"H": council, "S": council, "L": council, "N": nhs, "P": police}
    outcomes = {
        code: services.create_outcome(
            partnership=partnership,
            user=user,
            code=code,
            title=title,
            level=level,
            theme=theme,
            owner_organisation=owners[code[0]],
            status="agreed" if code[0] in "HSL" else "draft",
            agreed_meeting=meeting if code[0] in "HSL" else None,
        )
        for code, title, level, theme in OUTCOMES
    }

    def chain(title, owner, links, agreed):
        made = services.create_chain(
            partnership=partnership,
            user=user,
            title=title,
            owner_organisation=owner,
            status="agreed" if agreed else "draft",
            agreed_meeting=meeting if agreed else None,
        )
        for link in links:
            start, end, *why = link
            services.add_link(
                chain=made,
                from_outcome=outcomes[start],
                to_outcome=outcomes[end],
                user=user,
                rationale=why[0] if why else "",
                confidence="high" if why else "medium",
            )
        return made

    chains = {
        "council": chain("Council outcome chain", council, COUNCIL_LINKS, agreed=True),
        "nhs": chain("NHS outcome chain", nhs, NHS_LINKS, agreed=True),
        "police": chain("Police outcome chain", police, POLICE_LINKS, agreed=False),
    }
    aligned = services.create_alignment(
        partner_chain=chains["nhs"], council_chain=chains["council"], user=user
    )
    services.mark_alignment(
        alignment=aligned,
        user=user,
        kind="contributes",
        partner_outcome=outcomes["N1"],
        council_outcome=outcomes["H2"],
        note="Brief advice in surgeries feeds the council's smoking outcome",
    )
    gaps = services.create_alignment(
        partner_chain=chains["police"], council_chain=chains["council"], user=user
    )
    services.mark_alignment(
        alignment=gaps,
        user=user,
        kind="conflicts",
        partner_outcome=outcomes["P1"],
        note="Counts enforcement, where the council's chain aims to prevent alcohol-related harm",
    )
    analyses = []
    for title, kind, period, author, population, findings, covers in NEEDS_ANALYSES:
        analyses.append(
            services.create_needs_analysis(
                partnership=partnership,
                user=user,
                title=title,
                kind=kind,
                period=period,
                author_organisation=Organisation.objects.filter(name=author).first(),
                population=population,
                findings=findings,
                outcomes=[outcomes[code] for code in covers],
            )
        )
    first = dt.date(2025, 9, 1)
    for code, description, severity, analysis, moves in GAPS:
        gap = services.create_gap(
            partnership=partnership,
            user=user,
            outcome=outcomes[code],
            description=description,
            severity=severity,
            needs_analysis=analyses[analysis] if analysis is not None else None,
            identified_on=first,
        )
        for months, status in enumerate(moves, start=1):
            services.move_gap(
                gap=gap, user=user, status=status, on=first + dt.timedelta(days=60 * months)
            )
    deliverables = Deliverable.objects.filter(stage__programme=programme)
    for start, targets in DELIVERABLES:
        deliverable = deliverables.filter(text__istartswith=start).order_by("pk").first()
        if deliverable is None:
            continue
        for target in targets:
            for row in analyses if target == "needs" else [chains[target]]:
                services.link_programme_item(item=deliverable, target=row, user=user)
    return True
