"""Commissions of the council's partnership (``partnership.home``) and one of the outside
council's, a criteria set, a scoring round with a panel of three, and a manager."""

import datetime as dt
from types import SimpleNamespace

import pytest

from commissioning.commissions import services
from commissioning.outcomes import services as outcome_services
from commissioning.partnership.models import Body, Meeting, PartnershipRole, Person, Post
from commissioning.programmes.tests import factories


@pytest.fixture
def commissions_manager(partnership, django_user_model):
    user = django_user_model.objects.create_user("commissions-manager", "cm@example.org")
    Person.objects.create(name="Commissions Manager", organisation=partnership.council, user=user)
    PartnershipRole.objects.create(user=user, partnership=partnership.home, role="manager")
    return user


@pytest.fixture
def cycle(partnership, commissions_manager):
    home, away, user = partnership.home, partnership.away, commissions_manager
    outcome = outcome_services.create_outcome(
        partnership=home,
        user=user,
        code="H1",
        title="People live longer",
        level="population_result",
        theme="Healthier",
    )
    safer = outcome_services.create_outcome(
        partnership=home,
        user=user,
        code="S1",
        title="People feel safe",
        level="population_result",
        theme="Safer",
    )
    gap = outcome_services.create_gap(
        partnership=home,
        user=user,
        outcome=outcome,
        description="Few quit smoking",
        severity="high",
    )
    away_outcome = outcome_services.create_outcome(
        partnership=away, user=user, code="X1", title="Surrey outcome", level="population_result"
    )
    body = Body.objects.create(partnership=home, name="Cabinet", kind="cabinet")
    holder = factories.PersonFactory(organisation=partnership.council, name="Alex Director")
    post = Post.objects.create(body=body, title="Director of Public Health", holder=holder)
    meeting = Meeting.objects.create(body=body, date=dt.date(2026, 3, 1), title="Cabinet")
    smoking = services.create_commission(
        partnership=home,
        user=user,
        title="Stop smoking service",
        outcomes=[outcome],
        gaps=[gap],
        lead_post=post,
        route="contract",
        budget_amount=100000,
    )
    safety = services.create_commission(
        partnership=home, user=user, title="Street safety", outcomes=[safer], is_pilot=True
    )
    other = services.create_commission(partnership=away, user=user, title="Surrey commission")
    criteria = services.create_criteria_set(
        partnership=home,
        user=user,
        name="Priorities 2026",
        scale="one_to_five",
        criteria=[("Need", 60), ("Evidence", 40)],
    )
    panel = [factories.PersonFactory(organisation=partnership.council) for _ in range(3)]
    scoring_round = services.create_round(
        partnership=home,
        user=user,
        criteria_set=criteria,
        name="Round 1",
        held_on=dt.date(2026, 2, 1),
        panel=panel,
        commissions=[smoking, safety],
    )
    need, evidence = criteria.criteria.all()
    for member, (a, b, c, d) in zip(panel, [(5, 4, 2, 2), (4, 4, 3, 1), (5, 3, 2, 2)], strict=True):
        services.record_score(
            scoring_round=scoring_round,
            user=user,
            commission=smoking,
            criterion=need,
            member=member,
            value=a,
        )
        services.record_score(
            scoring_round=scoring_round,
            user=user,
            commission=smoking,
            criterion=evidence,
            member=member,
            value=b,
        )
        services.record_score(
            scoring_round=scoring_round,
            user=user,
            commission=safety,
            criterion=need,
            member=member,
            value=c,
        )
        services.record_score(
            scoring_round=scoring_round,
            user=user,
            commission=safety,
            criterion=evidence,
            member=member,
            value=d,
        )
    return SimpleNamespace(
        user=user,
        outcome=outcome,
        safer=safer,
        gap=gap,
        away_outcome=away_outcome,
        post=post,
        holder=holder,
        meeting=meeting,
        smoking=smoking,
        safety=safety,
        other=other,
        criteria=criteria,
        need=need,
        evidence=evidence,
        panel=panel,
        round=scoring_round,
    )
