"""A commission's audit trail: who created or changed it, when, and each field from what to
what. One query per history table and per foreign key shown, however long the trail."""

from __future__ import annotations

from commissioning.commissions.models import Commission, Milestone
from commissioning.core.audit import Entry, Subject, history_entries, newest_first, related_names

COMMISSION = Subject(
    "commission",
    title=lambda row: row.title,
    labels={
        "lead_post": "Lead commissioner",
        "lead_holder": "Lead post's holder",
        "budget_amount": "Budget",
        "is_pilot": "Pilot",
        "predecessor": "Follows",
    },
    hidden=frozenset({"partnership", "stage_since", "created"}),
)
MILESTONE = Subject("milestone", title=lambda row: row.title, hidden=frozenset({"commission"}))


def commission_trail(commission: Commission, limit: int = 30) -> list[Entry]:
    """Every change to the commission and its milestones, newest first."""
    entries = []
    for records, subject in (
        (Commission.history.filter(id=commission.pk), COMMISSION),
        (Milestone.history.filter(commission_id=commission.pk), MILESTONE),
    ):
        names = related_names(records, subject)
        rows = records.select_related("history_user").order_by("id", "history_date", "history_id")
        entries.extend(history_entries(rows, subject, names))
    return newest_first(entries)[:limit]
