"""Writes to the partnership's governance: bodies, posts and who holds them, meetings,
decisions, agreements and contributions. Views, the API, imports and the demo call these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction

from commissioning.domain.timescales import Precision, parse_timescale
from commissioning.partnership.models import (
    Agreement,
    Body,
    Contribution,
    Decision,
    Meeting,
    Membership,
    Organisation,
    Partnership,
    Person,
    Post,
    PostTenure,
)
from commissioning.programmes import concurrency

FINANCIAL_YEAR_ERROR = "Enter a financial year, like 2010/11"


class GovernanceError(ValueError):
    """A change that would break a governance rule; the message is shown to the user, at
    ``field`` when it names the field at fault."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def read_financial_year(text: str) -> str:
    """``text`` ("2010/11", "2010-11", "2010/2011") as "2010/11"; GovernanceError if not a year."""
    timescale = parse_timescale(text or "")
    if timescale.precision is not Precision.FINANCIAL_YEAR:
        raise GovernanceError(FINANCIAL_YEAR_ERROR)
    first = timescale.start.year
    return f"{first}/{(first + 1) % 100:02d}"


def read_day(text: str) -> date | None:
    """A single day written as people write it ("30 March 2010", "30/03/2010"), else None."""
    timescale = parse_timescale(text or "")
    return timescale.start if timescale.precision is Precision.DAY else None


# --- Bodies and posts ---------------------------------------------------------------------------


def _guard(item, expected_version: int | None) -> None:
    """Refuse (``concurrency.EditConflict``) a change from a copy someone saved over since:
    one conditional update in the change's own transaction, as for programme edits."""
    if item is not None and item.pk and expected_version is not None:
        concurrency.claim(item, expected_version=expected_version)


@transaction.atomic
def save_body(*, body: Body | None = None, expected_version: int | None = None, **fields) -> Body:
    """Create a body, or change ``body``; ``fields`` are the model's editable fields.

    A new body needs its ``partnership``; its organisation must be one of that partnership's
    and its parent a body of the same partnership, so no body is shared between partnerships.
    ``expected_version`` (the version of the person's copy) refuses a change over a newer save.
    """
    _guard(body, expected_version)
    body = body or Body()
    parent = fields.get("parent")
    partnership = fields.get("partnership") or (body.partnership if body.pk else None)
    if partnership is None:
        raise GovernanceError("Choose the partnership the body belongs to", field="partnership")
    if body.pk and parent is not None and _is_within(parent, body):
        raise GovernanceError("A body cannot sit within itself or one of its own units")
    if parent is not None and parent.partnership_id != partnership.pk:
        raise GovernanceError(f"Choose a body of {partnership.name} to sit within", field="parent")
    organisation = fields.get("organisation")
    if organisation is not None and not _in_partnership(organisation, partnership):
        raise GovernanceError(f"Choose an organisation of {partnership.name}", field="organisation")
    for name, value in fields.items():
        setattr(body, name, value)
    body.partnership = partnership
    body.save()
    return body


def _in_partnership(organisation: Organisation, partnership: Partnership) -> bool:
    return partnership.organisations().filter(pk=organisation.pk).exists()


def _is_within(candidate: Body, body: Body) -> bool:
    """Whether ``candidate`` is ``body`` or sits (at any depth) under it."""
    seen = set()
    while candidate is not None and candidate.pk not in seen:
        if candidate.pk == body.pk:
            return True
        seen.add(candidate.pk)
        candidate = candidate.parent
    return False


@transaction.atomic
def save_post(
    *,
    post: Post | None = None,
    body: Body,
    title: str,
    remit: str = "",
    expected_version: int | None = None,
) -> Post:
    """Create a post in ``body`` or change its title and remit (who holds it: fill_post)."""
    _guard(post, expected_version)
    post = post or Post()
    post.body, post.title, post.remit = body, title, remit
    post.save()
    return post


@transaction.atomic
def fill_post(
    *, post: Post, person: Person, on: date, expected_version: int | None = None
) -> PostTenure:
    """``person`` holds ``post`` from ``on``; the previous holder's tenure ends that day."""
    _guard(post, expected_version)
    post = Post.objects.select_for_update().get(pk=post.pk)
    current = post.tenures.filter(end__isnull=True).first()
    if current is not None:
        if current.person_id == person.pk:
            return current
        if on < current.start:
            raise GovernanceError(
                f"Enter a date on or after {current.start:%-d %B %Y}, when "
                f"{current.person.name} started in this post"
            )
        current.end = on
        current.save()
    tenure = PostTenure.objects.create(post=post, person=person, start=on)
    post.holder, post.filled_on = person, on
    post.save()
    return tenure


@transaction.atomic
def vacate_post(*, post: Post, on: date, expected_version: int | None = None) -> PostTenure | None:
    """``post`` is vacant from ``on``: the holder's tenure ends; returns it (None if vacant)."""
    _guard(post, expected_version)
    post = Post.objects.select_for_update().get(pk=post.pk)
    current = post.tenures.filter(end__isnull=True).first()
    if current is not None:
        if on < current.start:
            raise GovernanceError(
                f"Enter a date on or after {current.start:%-d %B %Y}, when "
                f"{current.person.name} started in this post"
            )
        current.end = on
        current.save()
    post.holder, post.filled_on = None, None
    post.save()
    return current


@transaction.atomic
def add_member(
    *, body: Body, person: Person, role_in_body: str, start: date | None = None
) -> Membership:
    """``person`` sits on ``body`` in ``role_in_body``; a serving member's row is reused."""
    membership, _ = Membership.objects.get_or_create(
        body=body,
        person=person,
        end=None,
        defaults={"role_in_body": role_in_body, "start": start},
    )
    if (membership.role_in_body, membership.start) != (role_in_body, start or membership.start):
        membership.role_in_body, membership.start = role_in_body, start or membership.start
        membership.save()
    return membership


# --- Meetings and decisions ---------------------------------------------------------------------


@transaction.atomic
def record_meeting(*, body: Body, on: date, title: str = "") -> Meeting:
    """A meeting of ``body`` on ``on`` (reused if one with that title is already recorded)."""
    meeting, _ = Meeting.objects.get_or_create(body=body, date=on, title=title)
    return meeting


@transaction.atomic
def record_decision(
    *, meeting: Meeting, text: str, actions: Iterable = (), deliverables: Iterable = ()
) -> Decision:
    """What ``meeting`` decided, linked to the actions and deliverables it affects."""
    decision = Decision.objects.create(
        meeting=meeting, text=text, order=meeting.decisions.count() + 1
    )
    decision.actions.set(actions)
    decision.deliverables.set(deliverables)
    return decision


# --- Agreements and contributions ---------------------------------------------------------------


@transaction.atomic
def save_agreement(
    *,
    agreement: Agreement | None = None,
    partnership: Partnership | None = None,
    title: str,
    kind: str,
    status: str,
    parties: Iterable[Organisation],
    host: Organisation | None = None,
    start: date | None = None,
    end: date | None = None,
    expected_version: int | None = None,
) -> Agreement:
    """Create or change an agreement of ``partnership`` (a new one needs it); the host is
    always one of the parties, and every party an organisation of the partnership."""
    _guard(agreement, expected_version)
    if start and end and end < start:
        raise GovernanceError("Enter an end date on or after the start date")
    partnership = partnership or (agreement.partnership if agreement else None)
    if partnership is None:
        raise GovernanceError(
            "Choose the partnership the agreement belongs to", field="partnership"
        )
    parties = list(parties)
    if host is not None and host not in parties:
        parties.append(host)
    outside = [party.name for party in parties if not _in_partnership(party, partnership)]
    if outside:
        raise GovernanceError(
            f"{', '.join(outside)} is not an organisation of {partnership.name}: "
            f"choose the parties from the partnership",
            field="parties",
        )
    agreement = agreement or Agreement()
    agreement.partnership = partnership
    agreement.title, agreement.kind, agreement.status = title, kind, status
    agreement.host, agreement.start, agreement.end = host, start, end
    agreement.save()
    agreement.parties.set(parties)
    return agreement


@transaction.atomic
def set_contribution(
    *, agreement: Agreement, organisation: Organisation, financial_year: str, amount: Decimal
) -> Contribution:
    """``organisation`` puts ``amount`` (£) into ``agreement`` in ``financial_year``.

    Replaces that party's figure for that year; the organisation becomes a party if it was not
    (it must be an organisation of the agreement's partnership).
    """
    year = read_financial_year(financial_year)
    if amount < 0:
        raise GovernanceError("Enter an amount of £0 or more")
    if not _in_partnership(organisation, agreement.partnership):
        raise GovernanceError(
            f"Choose an organisation of {agreement.partnership.name}", field="organisation"
        )
    contribution, _ = Contribution.objects.update_or_create(
        agreement=agreement,
        organisation=organisation,
        financial_year=year,
        defaults={"amount": amount},
    )
    agreement.parties.add(organisation)
    return contribution
