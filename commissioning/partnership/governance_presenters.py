"""Turn governance data into what its pages and chart show, so templates hold no logic."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from commissioning.partnership.models import (
    Agreement,
    Body,
    Contribution,
    Decision,
    Meeting,
    Membership,
    Post,
    PostTenure,
)
from commissioning.programmes.models import Action, Deliverable


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def pounds(amount: Decimal | None) -> str:
    """£1,234 or £1,234.50; a dash for nothing."""
    if amount is None:
        return "–"
    text = f"£{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


# --- Queries the pages present ------------------------------------------------------------------


def bodies_with_posts() -> QuerySet[Body]:
    """Every body with its posts, their holders and tenure history, in a fixed number of queries."""
    tenures = PostTenure.objects.select_related("person").order_by("start", "id")
    posts = Post.objects.select_related("holder").prefetch_related(
        Prefetch("tenures", queryset=tenures)
    )
    return Body.objects.select_related("organisation", "parent").prefetch_related(
        Prefetch("posts", queryset=posts)
    )


def body_with_everything(
    *, actions: QuerySet | None = None, deliverables: QuerySet | None = None
) -> QuerySet[Body]:
    """A body's posts, members, meetings, decisions and what they affect, prefetched.

    ``actions`` and ``deliverables`` limit what decisions are shown to affect (by default,
    every one), so a reader sees only items of programmes they can see.
    """
    actions = Action.objects.all() if actions is None else actions
    deliverables = Deliverable.objects.all() if deliverables is None else deliverables
    decisions = Decision.objects.prefetch_related(
        Prefetch("actions", queryset=actions.select_related("programme")),
        Prefetch("deliverables", queryset=deliverables.select_related("stage__programme")),
    )
    meetings = Meeting.objects.prefetch_related(Prefetch("decisions", queryset=decisions))
    members = Membership.objects.select_related("person__organisation")
    children = Body.objects.order_by("order", "name")
    return (
        bodies_with_posts()
        .select_related("partnership")
        .prefetch_related(
            Prefetch("memberships", queryset=members),
            Prefetch("meetings", queryset=meetings),
            Prefetch("children", queryset=children),
        )
    )


def agreements_with_contributions() -> QuerySet[Agreement]:
    contributions = Contribution.objects.select_related("organisation")
    return Agreement.objects.select_related("host").prefetch_related(
        "parties", Prefetch("contributions", queryset=contributions), "actions__programme"
    )


# --- Structure ----------------------------------------------------------------------------------


@dataclass
class TenureRow:
    person: str
    person_url: str
    start: str
    end: str  # "" while they hold the post


@dataclass
class PostRow:
    pk: int
    title: str
    remit: str
    holder: str
    holder_url: str
    status: str  # "Filled" or "Vacant": shown as text, never only as colour
    status_tag_class: str
    filled_on: str
    tenures: list[TenureRow]
    edit_url: str
    fill_url: str
    vacate_url: str


@dataclass
class BodyRow:
    pk: int
    name: str
    url: str
    kind: str
    unit_type: str
    organisation: str
    description: str
    depth: int
    posts: list[PostRow]
    filled: int
    total: int
    children: list[BodyRow] = field(default_factory=list)
    parent: str = ""
    parent_url: str = ""

    @property
    def filled_summary(self) -> str:
        if not self.total:
            return "No posts"
        noun = "post" if self.total == 1 else "posts"
        return f"{self.filled} of {self.total} {noun} filled"

    @property
    def heading_id(self) -> str:
        return f"body-{self.pk}"


def post_row(post: Post) -> PostRow:
    holder = post.holder
    return PostRow(
        pk=post.pk,
        title=post.title,
        remit=post.remit,
        holder=holder.name if holder else "",
        holder_url=reverse("person", args=[holder.pk]) if holder else "",
        status="Filled" if holder else "Vacant",
        status_tag_class="govuk-tag--green" if holder else "govuk-tag--grey",
        filled_on=_day(post.filled_on),
        tenures=[
            TenureRow(
                person=tenure.person.name,
                person_url=reverse("person", args=[tenure.person_id]),
                start=_day(tenure.start),
                end=_day(tenure.end),
            )
            for tenure in post.tenures.all()
        ],
        edit_url=reverse("governance-post-edit", args=[post.pk]),
        fill_url=reverse("governance-post-fill", args=[post.pk]),
        vacate_url=reverse("governance-post-vacate", args=[post.pk]),
    )


def body_row(body: Body, depth: int = 0) -> BodyRow:
    posts = [post_row(post) for post in body.posts.all()]
    return BodyRow(
        pk=body.pk,
        name=body.name,
        url=reverse("governance-body", args=[body.pk]),
        kind=body.get_kind_display(),
        unit_type=body.get_unit_type_display() if body.unit_type else "",
        organisation=body.organisation.name if body.organisation else "Whole partnership",
        description=body.description,
        depth=depth,
        posts=posts,
        filled=sum(1 for post in posts if post.holder),
        total=len(posts),
        parent=body.parent.name if body.parent_id else "",
        parent_url=reverse("governance-body", args=[body.parent_id]) if body.parent_id else "",
    )


def structure(bodies) -> list[BodyRow]:
    """The bodies as a tree: top-level bodies first, each followed by the bodies under it."""
    bodies = list(bodies)
    known = {body.pk for body in bodies}
    under = defaultdict(list)
    for body in bodies:
        under[body.parent_id if body.parent_id in known else None].append(body)

    def build(body: Body, depth: int, seen: set[int]) -> BodyRow:
        row = body_row(body, depth)
        seen.add(body.pk)
        row.children = [
            build(child, depth + 1, seen) for child in under[body.pk] if child.pk not in seen
        ]
        return row

    seen: set[int] = set()
    return [build(body, 0, seen) for body in under[None]]


def flatten(rows: list[BodyRow]) -> list[BodyRow]:
    """The tree in reading order, each row knowing its depth."""
    flat = []
    for row in rows:
        flat.append(row)
        flat.extend(flatten(row.children))
    return flat


# --- A body's page ------------------------------------------------------------------------------


@dataclass
class AffectedItem:
    kind: str  # "Action" or "Deliverable"
    title: str
    url: str
    programme: str


@dataclass
class DecisionRow:
    text: str
    affects: list[AffectedItem]


@dataclass
class MeetingRow:
    title: str
    date: str
    decisions: list[DecisionRow]
    add_decision_url: str


@dataclass
class MemberRow:
    name: str
    url: str
    organisation: str
    role: str
    since: str
    until: str


def meeting_rows(body: Body) -> list[MeetingRow]:
    return [
        MeetingRow(
            title=meeting.title or "Meeting",
            date=_day(meeting.date),
            decisions=[
                DecisionRow(text=decision.text, affects=_affected(decision))
                for decision in meeting.decisions.all()
            ],
            add_decision_url=reverse("governance-decision-new", args=[meeting.pk]),
        )
        for meeting in body.meetings.all()
    ]


@dataclass
class MeetingListRow:
    """A meeting on the partnership's list: when, which body, and what it decided."""

    date: str
    title: str
    body: str
    body_url: str
    decisions: list[DecisionRow]


def meetings_with_decisions(
    meetings: QuerySet[Meeting], *, actions: QuerySet, deliverables: QuerySet
) -> QuerySet[Meeting]:
    """Meetings newest first with their body, decisions and the items those affect, in a
    fixed number of queries; only ``actions`` and ``deliverables`` are shown as affected."""
    decisions = Decision.objects.prefetch_related(
        Prefetch("actions", queryset=actions.select_related("programme")),
        Prefetch("deliverables", queryset=deliverables.select_related("stage__programme")),
    )
    return (
        meetings.select_related("body")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
        .order_by("-date", "-id")
    )


def meeting_list_rows(meetings) -> list[MeetingListRow]:
    return [
        MeetingListRow(
            date=_day(meeting.date),
            title=meeting.title or "Meeting",
            body=meeting.body.name,
            body_url=reverse("governance-body", args=[meeting.body_id]),
            decisions=[
                DecisionRow(text=decision.text, affects=_affected(decision))
                for decision in meeting.decisions.all()
            ],
        )
        for meeting in meetings
    ]


def _affected(decision: Decision) -> list[AffectedItem]:
    items = [
        AffectedItem(
            "Action", str(action), reverse("action", args=[action.pk]), str(action.programme)
        )
        for action in decision.actions.all()
    ]
    items += [
        AffectedItem(
            "Deliverable",
            str(deliverable),
            reverse("deliverable", args=[deliverable.pk]),
            str(deliverable.stage.programme),
        )
        for deliverable in decision.deliverables.all()
    ]
    return items


def member_rows(body: Body) -> list[MemberRow]:
    return [
        MemberRow(
            name=membership.person.name,
            url=reverse("person", args=[membership.person_id]),
            organisation=(
                membership.person.organisation.name
                if membership.person.organisation
                else "Not recorded"
            ),
            role=membership.get_role_in_body_display(),
            since=_day(membership.start),
            until=_day(membership.end),
        )
        for membership in body.memberships.all()
    ]


# --- Agreements ---------------------------------------------------------------------------------


@dataclass
class ContributionTable:
    """Contributions per party (rows) per financial year (columns), with totals."""

    years: list[str]
    rows: list[tuple[str, list[str], str]]  # party, amount per year, party total
    totals: list[str]
    grand_total: str

    @property
    def is_empty(self) -> bool:
        return not self.years


def contribution_table(agreement: Agreement) -> ContributionTable:
    amounts: dict[tuple[str, str], Decimal] = {}
    parties: list[str] = []
    for contribution in agreement.contributions.all():
        party = contribution.organisation.name
        if party not in parties:
            parties.append(party)
        amounts[party, contribution.financial_year] = contribution.amount
    years = sorted({year for _, year in amounts})
    parties.sort()
    rows = []
    for party in parties:
        cells = [amounts.get((party, year)) for year in years]
        rows.append((party, [pounds(cell) for cell in cells], pounds(sum(c for c in cells if c))))
    year_totals = [
        sum((amounts.get((party, year)) or Decimal(0)) for party in parties) for year in years
    ]
    return ContributionTable(
        years=years,
        rows=rows,
        totals=[pounds(total) for total in year_totals],
        grand_total=pounds(sum(year_totals, Decimal(0))),
    )


@dataclass
class AgreementRow:
    pk: int
    title: str
    url: str
    kind: str
    status: str
    status_tag_class: str
    host: str
    parties: list[str]
    period: str
    total: str


AGREEMENT_STATUS_TAGS = {
    "draft": "govuk-tag--grey",
    "consulted": "govuk-tag--blue",
    "signed": "govuk-tag--green",
    "ended": "govuk-tag--orange",
}


def agreement_row(agreement: Agreement) -> AgreementRow:
    contributions = list(agreement.contributions.all())
    if agreement.start or agreement.end:
        period = f"{_day(agreement.start) or 'Not set'} to {_day(agreement.end) or 'no end date'}"
    else:
        period = "Not set"
    return AgreementRow(
        pk=agreement.pk,
        title=agreement.title,
        url=reverse("governance-agreement", args=[agreement.pk]),
        kind=agreement.get_kind_display(),
        status=agreement.get_status_display(),
        status_tag_class=AGREEMENT_STATUS_TAGS[agreement.status],
        host=agreement.host.name if agreement.host else "None",
        parties=sorted(party.name for party in agreement.parties.all()),
        period=period,
        total=pounds(sum((c.amount for c in contributions), Decimal(0))),
    )
