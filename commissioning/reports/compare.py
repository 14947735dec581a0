"""What changed between two reports of the same programme: completed, overdue, slipped,
added and dropped."""

from __future__ import annotations

from datetime import date

from commissioning.reports.report import Changes, Report, ReportItem, Slip

FINISHED = {"complete", "dropped"}

Key = tuple[str, int]


def is_overdue(item: ReportItem, as_of: date) -> bool:
    """Red by date: due before ``as_of`` and neither complete nor dropped."""
    return (
        item.status not in FINISHED
        and item.due is not None
        and item.due.end is not None
        and item.due.end < as_of
    )


def changes_between(
    *,
    earlier: Report,
    later: Report,
    earlier_unrecorded: frozenset[Key],
    later_unrecorded: frozenset[Key],
) -> Changes:
    """Changes from ``earlier`` to ``later``, listed in the later report's order.

    ``*_unrecorded`` are the items not yet recorded on each report's date: an item is added
    when it was not recorded on the earlier date but was on the later one.
    """
    before = {(item.kind, item.id): item for item in earlier.items}
    changes = Changes(since=earlier.as_of)
    for item in later.items:
        key = (item.kind, item.id)
        then = before.get(key)
        if then is None or (key in earlier_unrecorded and key not in later_unrecorded):
            changes.added.append(item)
        if then is None:
            continue
        if item.status == "complete" and then.status != "complete":
            changes.completed.append(item)
        if is_overdue(item, later.as_of) and not is_overdue(then, earlier.as_of):
            changes.overdue.append(item)
        if item.status == "dropped" and then.status != "dropped":
            changes.dropped.append(item)
        slip = _slip(then, item)
        if slip is not None:
            changes.slipped.append(slip)
    return changes


def _slip(then: ReportItem, now: ReportItem) -> Slip | None:
    """The move of an action's or stage's due date to later; deliverables move with stages."""
    if now.kind == "deliverable" or then.due is None or now.due is None:
        return None
    if then.due.end is None or now.due.end is None or now.due.end <= then.due.end:
        return None
    return Slip(item=now, was=then.due, now=now.due, days=(now.due.end - then.due.end).days)
