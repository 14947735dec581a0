"""The loader's queries do not grow with the size of the plan: no query per row."""

import csv
import io
import random

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from commissioning.plans.services import import_document
from commissioning.programmes.models import Action, ActionOwner, ProgressUpdate


@pytest.fixture(autouse=True)
def home(request):
    """The installation's one partnership, where new programmes go."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return None
    from commissioning.programmes.tests.factories import PartnershipFactory

    request.getfixturevalue("db")
    return PartnershipFactory(name="Home Partnership", slug="home")


FIRST = ["John", "Sue", "Dwayne", "Amira", "Tom", "Priya", "Gareth", "Helen", "Kofi", "Mary"]
LAST = ["Bennett", "Lightup", "Johnson", "Khan", "Evans", "Patel", "Jones", "Smith", "Mensah"]
TEAMS = ["Commissioning Team", "Finance Team", "Housing Service", "Public Health Team"]
ORGANISATIONS = ["Brighton Council", "Sussex NHS Trust"]
PROGRESS = ["Completed", "Discussions under way", "", "Draft to Board in March"]


def plan_csv(count: int, *, reorder: bool = False) -> bytes:
    """An action plan of ``count`` rows naming people, teams and organisations.

    ``reorder`` names the same owners the other way round, so that every row's owners change.
    """
    rng = owners_rng = random.Random(1)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Ref", "Action", "Timescale", "Responsibility", "Progress – March 2008"])
    for number in range(1, count + 1):
        owners = [f"{owners_rng.choice(FIRST)} {owners_rng.choice(LAST)}"]
        owners.append(owners_rng.choice(TEAMS + ORGANISATIONS))
        writer.writerow(
            [
                f"A{number}",
                f"Agree and publish element {number}.",
                rng.choice(["April 2008", "Q3 2008/09", "Ongoing", "31/03/09"]),
                ", ".join(reversed(owners) if reorder else owners),
                rng.choice(PROGRESS),
            ]
        )
    return out.getvalue().encode()


def queries_to_import(*documents: bytes) -> list[int]:
    """The number of queries each import takes, in a transaction rolled back after."""
    counts = []
    with transaction.atomic():
        for data in documents:
            with CaptureQueriesContext(connection) as captured:
                import_document(data=data, filename="plan.csv", programme="Plan")
            counts.append(len(captured))
        transaction.set_rollback(True)
    return counts


@pytest.mark.django_db
def test_a_first_import_takes_as_many_queries_for_500_rows_as_for_50():
    assert queries_to_import(plan_csv(50)) == queries_to_import(plan_csv(500))


@pytest.mark.django_db
def test_a_reimport_replacing_owners_takes_as_many_queries_for_500_rows_as_for_50():
    small = queries_to_import(plan_csv(50), plan_csv(50, reorder=True))
    large = queries_to_import(plan_csv(500), plan_csv(500, reorder=True))

    assert small == large


@pytest.mark.django_db
def test_the_bulk_writes_record_what_the_plan_says():
    import_document(data=plan_csv(50), filename="plan.csv", programme="Plan")
    import_document(data=plan_csv(50, reorder=True), filename="plan.csv", programme="Plan")

    action = Action.objects.get(ref="A7")
    owners = list(ActionOwner.objects.filter(action=action).order_by("order"))
    assert [o.order for o in owners] == [1, 2]
    person, other = sorted(owners, key=lambda owner: owner.kind != "person")
    assert person.kind == "person" and person.person.name == person.name
    assert other.kind in ("team", "organisation")
    assert (other.team or other.organisation).name == other.name
    assert action.history.count() == 1
    created = ActionOwner.history.filter(history_type="+").count()
    deleted = ActionOwner.history.filter(history_type="-")
    assert deleted.exists()
    assert created == ActionOwner.objects.count() + deleted.count()
    assert not ActionOwner.objects.filter(pk__in=deleted.values("id")).exists()
    for update in ProgressUpdate.objects.filter(action__programme__name="Plan"):
        assert update.created_at is not None
        assert update.as_of_text == "March 2008"
