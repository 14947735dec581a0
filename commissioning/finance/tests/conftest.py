"""The council's partnership (``partnership.home``, the NHS a partner) with a manager, an NHS
contributor and an NHS viewer, and a small pot over two years."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from commissioning.finance import services
from commissioning.finance.services import Share
from commissioning.outcomes import services as outcomes_services
from commissioning.partnership.models import PartnershipRole, Person


def _user(django_user_model, username, organisation, partnership=None, role=None):
    user = django_user_model.objects.create_user(username, f"{username}@example.org")
    Person.objects.create(name=username.title(), organisation=organisation, user=user)
    if role:
        PartnershipRole.objects.create(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def people(partnership, django_user_model):
    home = partnership.home
    return SimpleNamespace(
        manager=_user(django_user_model, "pot-manager", partnership.council, home, "manager"),
        contributor=_user(
            django_user_model, "nhs-contributor", partnership.nhs, home, "contributor"
        ),
        viewer=_user(django_user_model, "nhs-viewer", partnership.nhs),
        outsider=_user(django_user_model, "surrey-officer", partnership.outside),
    )


@pytest.fixture
def pot(partnership, people):
    """Council and NHS lines for 2009/10 and 2010/11 (budget), on two themes and an outcome."""
    home, user = partnership.home, people.manager
    smoking = outcomes_services.create_outcome(
        partnership=home,
        user=user,
        code="H2",
        title="Fewer adults smoke",
        level="intermediate_outcome",
        theme="Healthier",
    )
    away_outcome = outcomes_services.create_outcome(
        partnership=partnership.away,
        user=user,
        code="X1",
        title="Surrey outcome",
        level="population_result",
        theme="Elsewhere",
    )

    def line(organisation, year, amount, shares, **more):
        return services.save_line(
            partnership=home,
            user=user,
            shares=shares,
            organisation=organisation,
            financial_year=year,
            amount=Decimal(amount),
            phase=more.pop("phase", "budget"),
            **more,
        )

    lines = SimpleNamespace(
        council_safer=line(
            partnership.council,
            "2010/11",
            "1000000",
            services.whole("Safer"),
            kind="prevention",
            service="Community safety",
        ),
        council_split=line(
            partnership.council,
            "2010/11",
            "500000",
            [Share(Decimal(60), outcome=smoking), Share(Decimal(40), theme="Safer")],
            kind="treatment",
            service="Substance misuse",
        ),
        nhs_health=line(
            partnership.nhs,
            "2010/11",
            "2000000",
            services.whole(outcome=smoking),
            kind="treatment",
            service="Stop smoking",
        ),
        nhs_before=line(partnership.nhs, "2009/10", "1500000", services.whole("Healthier")),
        council_outturn=line(
            partnership.council, "2010/11", "900000", services.whole("Safer"), phase="outturn"
        ),
    )
    services.set_population(partnership=home, user=user, financial_year="2010/11", people=250000)
    return SimpleNamespace(home=home, smoking=smoking, away_outcome=away_outcome, lines=lines)
