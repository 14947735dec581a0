"""Outcomes of the council's partnership (``partnership.home``) and one of the outside
council's (``partnership.away``), with a manager and a viewer of the home partnership."""

from types import SimpleNamespace

import pytest

from commissioning.outcomes import services
from commissioning.partnership.models import PartnershipRole, Person


@pytest.fixture
def outcomes_manager(partnership, django_user_model):
    """A partnership manager of the council's partnership."""
    user = django_user_model.objects.create_user("outcomes-manager", "om@example.org")
    Person.objects.create(name="Outcomes Manager", organisation=partnership.council, user=user)
    PartnershipRole.objects.create(user=user, partnership=partnership.home, role="manager")
    return user


@pytest.fixture
def library(partnership, outcomes_manager):
    """Three outcomes of the home partnership, a council chain "c so that b so that a", and an
    outcome of the away partnership."""
    home, user = partnership.home, outcomes_manager

    def outcome(code, title, level, theme="Healthier", where=home):
        return services.create_outcome(
            partnership=where, user=user, code=code, title=title, level=level, theme=theme
        )

    a = outcome("H1", "People live longer", "population_result")
    b = outcome("H2", "Fewer people smoke", "intermediate_outcome")
    c = outcome("H3", "Stop-smoking services reach more people", "contributory_factor")
    s = outcome("S1", "People feel safe", "population_result", theme="Safer")
    chain = services.create_chain(
        partnership=home, user=user, title="Council chain", owner_organisation=partnership.council
    )
    services.add_link(chain=chain, from_outcome=b, to_outcome=a, user=user)
    services.add_link(chain=chain, from_outcome=c, to_outcome=b, user=user)
    away = outcome("X1", "Surrey outcome", "population_result", where=partnership.away)
    return SimpleNamespace(a=a, b=b, c=c, s=s, chain=chain, away=away, user=user)


@pytest.fixture
def world(library, partnership):
    """The library with an NHS chain aligned to the council's, a needs analysis and a gap."""
    user = library.user
    partner = services.create_chain(
        partnership=partnership.home,
        user=user,
        title="NHS chain",
        owner_organisation=partnership.nhs,
    )
    services.add_link(chain=partner, from_outcome=library.s, to_outcome=library.a, user=user)
    alignment = services.create_alignment(
        partner_chain=partner, council_chain=library.chain, user=user
    )
    analysis = services.create_needs_analysis(
        partnership=partnership.home,
        user=user,
        title="Smoking JSNA",
        kind="jsna_chapter",
        period="2009/10",
        outcomes=[library.b],
    )
    gap = services.create_gap(
        partnership=partnership.home,
        user=user,
        outcome=library.b,
        description="East",
        severity="high",
    )
    library.partner = partner
    library.alignment = alignment
    library.analysis = analysis
    library.gap = gap
    return library
