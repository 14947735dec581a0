"""Demo sign-ins that show who may do what: a programme manager, a partner's contributor and a
viewer, each a person of an organisation of the demo partnership.

Safe to run again: users, people and roles are found by name and reused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from commissioning.partnership import roles
from commissioning.partnership.models import Organisation, Person, Role, Team

DEMO_PEOPLE_PASSWORD = "demo-commissioning-2010"  # noqa: S105 - printed on purpose for the demo
COMMISSIONING_TEAMS = "Commissioning Teams"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    name: str
    job_title: str
    organisation: str
    role: Role
    team: str = ""


DEMO_PEOPLE = [
    DemoPerson(
        "council-manager",
        "Maria Lopez",
        "Programme Manager",
        "Brighton & Hove City Council",
        Role.MANAGER,
    ),
    # A joint commissioner in the Commissioning Teams, so she answers for their actions only.
    DemoPerson(
        "nhs-officer",
        "Nina Patel",
        "Joint Commissioner",
        "NHS Brighton and Hove",
        Role.CONTRIBUTOR,
        team=COMMISSIONING_TEAMS,
    ),
    DemoPerson("police-viewer", "Peter Grant", "Inspector", "Sussex Police", Role.VIEWER),
]


@transaction.atomic
def load_demo_people(*, programme, granted_by=None) -> list[str]:
    """Create the demo people and their sign-ins and roles on ``programme``; their usernames."""
    users = get_user_model()
    for demo in DEMO_PEOPLE:
        organisation = Organisation.objects.get(name=demo.organisation)
        user = users.objects.filter(username=demo.username).first()
        if user is None:
            user = users.objects.create_user(
                demo.username, f"{demo.username}@example.org", DEMO_PEOPLE_PASSWORD
            )
        person, _ = Person.objects.get_or_create(
            user=user,
            defaults={
                "name": demo.name,
                "organisation": organisation,
                "job_title": demo.job_title,
                "email": f"{demo.username}@example.org",
            },
        )
        if demo.team:
            team, _ = Team.objects.get_or_create(name=demo.team, partnership=programme.partnership)
            team.members.add(person)
        roles.grant_role(programme=programme, user=user, role=demo.role, granted_by=granted_by)
    return [demo.username for demo in DEMO_PEOPLE]
