"""Audit trails of governance records: who changed a body or an agreement, when, and what.

A body's trail takes in its posts, who held them, its members, meetings and decisions; an
agreement's, its contributions. One query per history table and per foreign key shown,
however long the trail. (Which parties an agreement has, and which actions a decision
affects, are not kept in history, so they are not in the trail.)
"""

from __future__ import annotations

from commissioning.core.audit import Entry, Subject, newest_first, trail_of
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

BODY = Subject("body", title=lambda row: row.name, hidden=frozenset({"order"}))
POST = Subject("post", title=lambda row: row.title, hidden=frozenset({"body", "order"}))
TENURE = Subject("post holder", title=lambda row: "Post holder", hidden=frozenset({"post"}))
MEMBERSHIP = Subject(
    "membership",
    title=lambda row: "Member",
    labels={"role_in_body": "Role"},
    hidden=frozenset({"body"}),
)
MEETING = Subject(
    "meeting", title=lambda row: row.title or f"Meeting of {row.date}", hidden=frozenset({"body"})
)
DECISION = Subject(
    "decision", title=lambda row: row.text[:80], hidden=frozenset({"meeting", "order"})
)
AGREEMENT = Subject("agreement", title=lambda row: row.title)
CONTRIBUTION = Subject(
    "contribution",
    title=lambda row: f"Contribution {row.financial_year}",
    hidden=frozenset({"agreement"}),
)


def body_trail(body: Body) -> list[Entry]:
    """Every change to the body, its posts and their holders, members, meetings, decisions."""
    posts = Post.history.filter(body_id=body.pk)
    meetings = Meeting.history.filter(body_id=body.pk)
    return newest_first(
        [
            *trail_of(Body.history.filter(id=body.pk), BODY),
            *trail_of(posts, POST),
            *trail_of(PostTenure.history.filter(post_id__in=posts.values("id")), TENURE),
            *trail_of(Membership.history.filter(body_id=body.pk), MEMBERSHIP),
            *trail_of(meetings, MEETING),
            *trail_of(Decision.history.filter(meeting_id__in=meetings.values("id")), DECISION),
        ]
    )


def agreement_trail(agreement: Agreement) -> list[Entry]:
    """Every change to the agreement and its contributions, newest first."""
    return newest_first(
        [
            *trail_of(Agreement.history.filter(id=agreement.pk), AGREEMENT),
            *trail_of(Contribution.history.filter(agreement_id=agreement.pk), CONTRIBUTION),
        ]
    )
