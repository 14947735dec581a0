"""A large partnership for the web benchmarks, written straight into the database.

20,000 actions (by default), 10,000 progress updates, 3 stages with deliverables, 30 people
in 5 organisations and 4 teams. Rows are bulk-inserted: this measures serving, not loading.
Every stage, deliverable, action and owner has a history record effective at the end of
January 2008, as an import of a January plan writes; a fifth of the actions then slipped
three months in a version effective at the end of June 2008, so reports as of a date have
real history to rebuild.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from rest_framework.authtoken.models import Token

from commissioning.partnership.models import Organisation, Partnership, Person, Team
from commissioning.plans.bulk import insert_history
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    ProgressUpdate,
    Stage,
)

MONTHS = [date(2008, month, 1) for month in range(1, 13)] + [
    date(2009, month, 1) for month in range(1, 13)
]
STATUSES = ["not_started", "in_progress", "complete", "blocked"]
PROGRESS = ["Discussions under way", "Workshop being organised", "Completed", "Draft to Board"]


PLANNED = date(2008, 1, 31)
SLIPPED = date(2008, 6, 30)


def month_end(start: date) -> date:
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def three_months_later(start: date) -> date:
    month = start.month + 3
    return start.replace(year=start.year + (month - 1) // 12, month=(month - 1) % 12 + 1)


def write_history(model, objs, *, effective: date, history_type: str = "+") -> None:
    """History records of ``objs`` as they are now, effective on ``effective``."""
    fields = model._meta.concrete_fields
    insert_history(
        model,
        [field.attname for field in fields],
        [tuple(getattr(obj, field.attname) for field in fields) for obj in objs],
        history_type=history_type,
        effective=effective,
    )


@transaction.atomic
def build(*, actions: int = 20_000, updates: int = 10_000, seed: int = 2008) -> dict:
    """Create the partnership; returns the programme slug, an action id, a session and a token."""
    rng = random.Random(seed)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Bench Organisation {n}", kind="other") for n in range(5)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Bench Person {n}", organisation=organisations[n % 5]) for n in range(30)
    )
    teams = Team.objects.bulk_create(
        Team(name=f"Bench Team {n}", organisation=organisations[n]) for n in range(4)
    )
    partnership = Partnership.objects.create(
        name="Bench Partnership", slug="bench", lead_organisation=organisations[0]
    )
    partnership.partners.add(*organisations[1:])
    programme = Programme.objects.create(
        name="Bench Programme",
        slug="bench",
        lead_organisation=organisations[0],
        partnership=partnership,
    )
    programme.partners.add(*organisations[1:])
    stages = Stage.objects.bulk_create(
        Stage(
            programme=programme,
            code=f"T{n + 1}",
            title=f"Stage {n + 1}",
            order=n + 1,
            timescale_text=f"June {2010 + n}",
            timescale_start=date(2010 + n, 6, 1),
            timescale_end=date(2010 + n, 6, 30),
            timescale_precision="month",
        )
        for n in range(3)
    )
    deliverables = Deliverable.objects.bulk_create(
        Deliverable(stage=stage, scope=scope, text=f"{scope} deliverable {n}", order=n)
        for stage in stages
        for scope in ("internal", "external")
        for n in range(10)
    )
    write_history(Stage, stages, effective=PLANNED)
    write_history(Deliverable, deliverables, effective=PLANNED)
    rows = []
    for n in range(actions):
        start = rng.choice(MONTHS)
        rows.append(
            Action(
                programme=programme,
                ref=f"A{n + 1}",
                title=f"Action {n + 1}: agree and publish commissioning element {n + 1}",
                order=n + 1,
                status=rng.choice(STATUSES),
                status_suggested=rng.random() < 0.2,
                timescale_text=start.strftime("%B %Y"),
                timescale_start=start,
                timescale_end=month_end(start),
                timescale_precision="month",
            )
        )
    created = Action.objects.bulk_create(rows, batch_size=2000)
    write_history(Action, created, effective=PLANNED)
    slipped = [action for action in created if rng.random() < 0.2]
    for action in slipped:
        start = three_months_later(action.timescale_start)
        action.timescale_text = start.strftime("%B %Y")
        action.timescale_start, action.timescale_end = start, month_end(start)
    Action.objects.bulk_update(
        slipped, ["timescale_text", "timescale_start", "timescale_end"], batch_size=2000
    )
    write_history(Action, slipped, effective=SLIPPED, history_type="~")
    owners = []
    for action in created:
        person = rng.choice(people)
        owners.append(ActionOwner(action=action, name=person.name, kind="person", person=person))
        if rng.random() < 0.3:
            team = rng.choice(teams)
            owners.append(ActionOwner(action=action, name=team.name, kind="team", team=team))
    ActionOwner.objects.bulk_create(owners, batch_size=2000)
    write_history(ActionOwner, owners, effective=PLANNED)
    progress = []
    for n in range(updates):
        action = created[n % len(created)] if n < len(created) else rng.choice(created)
        as_of = rng.choice(MONTHS)
        progress.append(
            ProgressUpdate(
                action=action,
                as_of_text=as_of.strftime("%B %Y"),
                as_of_start=as_of,
                as_of_end=month_end(as_of),
                text=rng.choice(PROGRESS),
                status=rng.choice(STATUSES),
            )
        )
    ProgressUpdate.objects.bulk_create(progress, batch_size=2000)
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench-pass-1")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    busiest = created[0]
    return {
        "slug": programme.slug,
        "action": busiest.pk,
        "session": session.session_key,
        "token": Token.objects.create(user=user).key,
    }
