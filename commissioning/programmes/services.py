"""Writes to programmes that touch several rows: the demo partnership."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from commissioning.partnership.models import Organisation, OrganisationKind
from commissioning.plans.services import import_document
from commissioning.programmes.models import Programme

DEMO_DOCUMENTS = Path(__file__).resolve().parent / "demo"
DEMO_PROGRAMME = "Intelligent Commissioning Programme"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-commissioning-2010"  # noqa: S105 - printed on purpose for the demo
DEMO_ORGANISATIONS = [
    ("Brighton & Hove City Council", "BHCC", OrganisationKind.COUNCIL),
    ("NHS Brighton and Hove", "NHS B&H", OrganisationKind.NHS),
    ("Sussex Police", "", OrganisationKind.POLICE),
    ("East Sussex Fire and Rescue Service", "ESFRS", OrganisationKind.FIRE),
    ("Jobcentre Plus", "JCP", OrganisationKind.JOBCENTRE),
    ("Community and Voluntary Sector Forum", "CVSF", OrganisationKind.VCS),
]


@dataclass
class DemoResult:
    programme: Programme
    username: str
    password: str
    changes: dict


@transaction.atomic
def load_demo(*, documents: Path = DEMO_DOCUMENTS) -> DemoResult:
    """Create the demo partnership and login, and import the customer's two documents.

    Safe to run again: the partnership and login are reused and re-importing the same
    documents changes nothing.
    """
    organisations = []
    for name, short_name, kind in DEMO_ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind}
        )
        organisations.append(organisation)
    programme, _ = Programme.objects.get_or_create(
        name=DEMO_PROGRAMME,
        defaults={
            "slug": "intelligent-commissioning",
            "lead_organisation": organisations[0],
            "description": "Moving the council and its partners to strategic commissioning.",
        },
    )
    programme.partners.add(*organisations[1:])
    user = _demo_user()
    changes: dict = {}
    for path in sorted(documents.glob("*.txt")):
        result = import_document(
            data=path.read_bytes(), filename=path.name, user=user, programme=programme.name
        )
        for key, value in result.run.counts.items():
            changes[key] = changes.get(key, 0) + value
    return DemoResult(programme, DEMO_USERNAME, DEMO_PASSWORD, changes)


def _demo_user():
    users = get_user_model()
    user = users.objects.filter(username=DEMO_USERNAME).first()
    if user is None:
        user = users.objects.create_superuser(DEMO_USERNAME, "demo@example.org", DEMO_PASSWORD)
    return user
