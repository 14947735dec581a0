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
