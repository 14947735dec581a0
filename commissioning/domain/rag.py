"""The RAG rules: pure functions from status, due date and reporting date to a colour.

The rules, and why, are in the RAG rules ADR. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

BLUE, RED, AMBER, GREEN = "Blue", "Red", "Amber", "Green"
AMBER_RED, AMBER_GREEN = "Amber/Red", "Amber/Green"

# Worst first: the order reports sort and count by.
RAG_ORDER = [RED, AMBER_RED, AMBER, AMBER_GREEN, GREEN, BLUE]

NOT_STARTED, IN_PROGRESS, COMPLETE = "not_started", "in_progress", "complete"
BLOCKED, DROPPED, UNKNOWN = "blocked", "dropped", "unknown"

SCALES = ("four", "five")

# Five-point stage thresholds: shares of a stage's live deliverables.
AMBER_GREEN_MAX_AMBER = 0.25  # more Amber than this: Amber
AMBER_MAX_RED = 0.10  # more Red than this: Amber/Red
AMBER_RED_MAX_RED = 1 / 3  # more Red than this: Red


@dataclass(frozen=True)
class RagRules:
    """A programme's RAG rules: the scale for stages and the warning window in days."""

    scale: str = "four"
    warning_days: int = 30

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise ValueError(f"Unknown RAG scale {self.scale!r}")
        if self.warning_days < 0:
            raise ValueError("The warning window cannot be negative")

    @property
    def name(self) -> str:
        """How reports name the rules: "default", or what differs from it."""
        if self == RagRules():
            return "default"
        scale = "five-point stages" if self.scale == "five" else "four-point"
        return f"{scale}, {self.warning_days}-day warning"


def rag_for(*, status: str, due: date | None, as_of: date, rules: RagRules) -> str | None:
    """The RAG of one action or deliverable on ``as_of``; None when it was dropped."""
    if status == DROPPED:
        return None
    if status == COMPLETE:
        return BLUE
    if status == BLOCKED or (due is not None and due < as_of):
        return RED
    if status == UNKNOWN:
        return AMBER
    if status == NOT_STARTED and due is not None and (due - as_of).days <= rules.warning_days:
        return AMBER
    return GREEN


def stage_status(deliverable_statuses: Iterable[str]) -> str:
    """A stage's status from its deliverables' (dropped ones left out)."""
    live = [status for status in deliverable_statuses if status != DROPPED]
    if not live:
        return NOT_STARTED
    if all(status == COMPLETE for status in live):
        return COMPLETE
    for status in (BLOCKED, IN_PROGRESS, UNKNOWN):
        if status in live:
            return status
    if COMPLETE in live:
        return IN_PROGRESS
    return NOT_STARTED


def stage_rag(
    *,
    due: date | None,
    deliverable_statuses: list[str],
    deliverable_rags: list[str | None],
    as_of: date,
    rules: RagRules,
) -> str:
    """A stage's RAG on the programme's scale, from its own due date and its deliverables."""
    status = stage_status(deliverable_statuses)
    if status == COMPLETE:
        return BLUE
    if rules.scale == "five":
        # A blocked deliverable counts in the shares; it does not make the stage Red alone.
        own = rag_for(
            status=IN_PROGRESS if status == BLOCKED else status, due=due, as_of=as_of, rules=rules
        )
        return worst([own, delivery_confidence(deliverable_rags)])
    own = rag_for(status=status, due=due, as_of=as_of, rules=rules)
    return worst([own, *(rag for rag in deliverable_rags if rag and rag != BLUE)])


def delivery_confidence(deliverable_rags: list[str | None]) -> str:
    """The five-point rating from the shares of live deliverables that are Red and Amber."""
    live = [rag for rag in deliverable_rags if rag is not None]
    if not live:
        return GREEN
    red = live.count(RED) / len(live)
    amber = live.count(AMBER) / len(live)
    if red > AMBER_RED_MAX_RED:
        return RED
    if red > AMBER_MAX_RED:
        return AMBER_RED
    if red > 0 or amber > AMBER_GREEN_MAX_AMBER:
        return AMBER
    if amber > 0:
        return AMBER_GREEN
    return GREEN


def worst(rags: Iterable[str | None]) -> str:
    """The worst of some RAGs (Red first); Green when there are none."""
    ranked = [RAG_ORDER.index(rag) for rag in rags if rag]
    return RAG_ORDER[min(ranked)] if ranked else GREEN


def overall_rag(rags: Iterable[str | None]) -> str | None:
    """A programme's RAG: the worst not complete, Blue if all complete, None if nothing is live."""
    live = [rag for rag in rags if rag is not None]
    if not live:
        return None
    open_items = [rag for rag in live if rag != BLUE]
    return worst(open_items) if open_items else BLUE
