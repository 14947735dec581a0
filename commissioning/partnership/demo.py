"""The demo partnership's governance: its bodies, posts, a meeting and two agreements.

Safe to run again: everything is found by name and reused, so a second run changes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from commissioning.partnership import governance
from commissioning.partnership.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Body,
    BodyKind,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Partnership,
    Person,
    Post,
    UnitType,
)

PSB_MEETING = date(2010, 3, 30)
PSB_DECISION = "Agreed to use the 'IC' approach and a resourced programme of activity"
SECTION_75 = "Section 75 partnership agreement: adult social care"
HEADS_OF_AGREEMENT = "Heads of agreement on intelligent commissioning 2011/12"

# (body, kind, unit type, parent, posts: (title, remit, holder or None, in post from))
LEAD_BODIES = [
    ("Cabinet", BodyKind.CABINET, "", None, []),
    (
        "Strategic Leadership Board",
        BodyKind.BOARD,
        UnitType.STRATEGIC_LEADERSHIP,
        "Cabinet",
        [
            ("Chief Executive", "The whole council", "Alex Morgan", date(2009, 9, 1)),
            ("Strategic Director", "People", "Priya Shah", date(2010, 9, 1)),
            ("Strategic Director", "Place", "Tom Hughes", date(2010, 10, 4)),
            ("Strategic Director", "Resources", None, None),
        ],
    ),
    (
        "Strategic Commissioning Unit",
        BodyKind.UNIT,
        UnitType.COMMISSIONING,
        "Strategic Leadership Board",
        [
            ("Commissioner", "Children and young people", "Sue Lightup", date(2010, 10, 1)),
            ("Commissioner", "Health and wellbeing", "Mark Ellis", date(2010, 11, 1)),
            ("Commissioner", "Safer communities", None, None),
            ("Commissioner", "Economy and housing", None, None),
        ],
    ),
    (
        "Support units",
        BodyKind.UNIT,
        UnitType.SUPPORT,
        "Strategic Leadership Board",
        [
            ("Head of Service", "Finance", "Rachel Dunn", date(2008, 4, 1)),
            ("Head of Service", "HR", "Gareth Owen", date(2009, 1, 5)),
            ("Head of Service", "Legal", "Nadia Karim", date(2007, 6, 1)),
            ("Head of Service", "ICT", "Chris Walker", date(2010, 2, 1)),
        ],
    ),
    (
        "Delivery units",
        BodyKind.UNIT,
        UnitType.DELIVERY,
        "Strategic Leadership Board",
        [
            ("Head of Delivery Unit", "Adult social care", "Helen Price", date(2010, 11, 15)),
            ("Head of Delivery Unit", "Children's services", "Owen Jones", date(2010, 11, 22)),
            ("Head of Delivery Unit", "City services", None, None),
            ("Head of Delivery Unit", "Housing", None, None),
        ],
    ),
]
PSB = "Public Service Board"


DEMO_PARTNERSHIP = "Brighton & Hove City Partnership"
DEMO_PARTNERSHIP_SLUG = "brighton-and-hove"


@transaction.atomic
def demo_partnership(*, lead: Organisation, partners: list[Organisation]) -> Partnership:
    """The demo partnership: the one the lead council leads (made when there is none)."""
    partnership = Partnership.objects.filter(lead_organisation=lead).order_by("pk").first()
    if partnership is None:
        partnership = Partnership.objects.create(
            name=DEMO_PARTNERSHIP, slug=DEMO_PARTNERSHIP_SLUG, lead_organisation=lead
        )
    partnership.partners.add(*partners)
    return partnership


@transaction.atomic
def load_governance_demo(*, partnership: Partnership) -> None:
    """The lead council's bodies and posts, the Public Service Board, a decision, agreements."""
    lead = partnership.lead_organisation
    partners = list(partnership.partners.order_by("pk"))
    bodies: dict[str, Body] = {}
    for order, (name, kind, unit_type, parent, posts) in enumerate(LEAD_BODIES):
        bodies[name] = _body(
            partnership=partnership,
            name=name,
            kind=kind,
            unit_type=unit_type,
            organisation=lead,
            parent=bodies.get(parent),
            order=order,
        )
        for title, remit, holder, since in posts:
            _post(bodies[name], lead, title, remit, holder, since)

    board = _body(
        partnership=partnership,
        name=PSB,
        kind=BodyKind.PARTNERSHIP_BOARD,
        unit_type="",
        organisation=None,
        parent=None,
        order=len(LEAD_BODIES),
        description="The partners of the city's public services, meeting together.",
    )
    chief_executive = Post.objects.get(
        body=bodies["Strategic Leadership Board"], remit="The whole council"
    )
    if chief_executive.holder:
        governance.add_member(
            body=board, person=chief_executive.holder, role_in_body=MembershipRole.CHAIR
        )
    for partner in partners:
        representative = _person(f"{partner.short_name or partner.name} representative", partner)
        governance.add_member(body=board, person=representative, role_in_body=MembershipRole.MEMBER)

    meeting = governance.record_meeting(
        body=board, on=PSB_MEETING, title="Public Service Board, March 2010"
    )
    if not meeting.decisions.filter(text=PSB_DECISION).exists():
        governance.record_decision(meeting=meeting, text=PSB_DECISION)

    _agreements(partnership, lead, partners)


def _body(*, partnership: Partnership, name: str, **fields) -> Body:
    body = Body.objects.filter(partnership=partnership, name=name).first()
    if body is None:
        body = governance.save_body(partnership=partnership, name=name, **fields)
    return body


def _person(name: str, organisation: Organisation, job_title: str = "") -> Person:
    person, _ = Person.objects.get_or_create(
        name=name, defaults={"organisation": organisation, "job_title": job_title}
    )
    return person


def _post(body: Body, lead: Organisation, title: str, remit: str, holder, since) -> None:
    post = Post.objects.filter(body=body, title=title, remit=remit).first()
    if post is None:
        post = governance.save_post(body=body, title=title, remit=remit)
    if holder and post.holder_id is None and not post.tenures.exists():
        person = _person(holder, lead, f"{title}, {remit}")
        governance.fill_post(post=post, person=person, on=since)


def _agreements(partnership: Partnership, lead: Organisation, partners: list[Organisation]) -> None:
    nhs = next((p for p in partners if p.kind == OrganisationKind.NHS), None)
    agreements = Agreement.objects.filter(partnership=partnership)
    if not agreements.filter(title=SECTION_75).exists():
        section_75 = governance.save_agreement(
            partnership=partnership,
            title=SECTION_75,
            kind=AgreementKind.SECTION_75_POOLED_BUDGET,
            status=AgreementStatus.DRAFT,
            parties=[lead, *([nhs] if nhs else [])],
            host=lead,
            start=date(2010, 4, 1),
            end=date(2011, 3, 31),
        )
        governance.set_contribution(
            agreement=section_75,
            organisation=lead,
            financial_year="2010/11",
            amount=Decimal("4250000"),
        )
        if nhs:
            governance.set_contribution(
                agreement=section_75,
                organisation=nhs,
                financial_year="2010/11",
                amount=Decimal("2800000"),
            )
    if not agreements.filter(title=HEADS_OF_AGREEMENT).exists():
        governance.save_agreement(
            partnership=partnership,
            title=HEADS_OF_AGREEMENT,
            kind=AgreementKind.HEADS_OF_AGREEMENT,
            status=AgreementStatus.DRAFT,
            parties=[lead, *partners],
            host=lead,
            start=date(2011, 4, 1),
        )
