"""A programme as it stood on a reporting date: plain dataclasses every renderer reads.

``commissioning.reports.asof.build_report`` makes a Report from the database; the HTML,
PDF, Word, Excel, JSON and iCalendar renderers only read these dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from commissioning.domain.timescales import Timescale


@dataclass(frozen=True)
class ProgressAsOf:
    """The latest progress reported on or before the reporting date."""

    as_of: str  # as written, "March 2008"
    as_of_end: date | None
    text: str

    def to_json(self) -> dict:
        return {"as_of": self.as_of, "text": self.text}


@dataclass(frozen=True)
class ReportItem:
    """A stage, deliverable or action as it stood on the reporting date."""

    kind: str  # "stage" | "deliverable" | "action"
    id: int
    ref: str | None
    title: str
    due: Timescale | None
    status: str  # not_started | in_progress | complete | blocked | dropped | unknown
    status_suggested: bool
    rag: str | None  # "Blue" | "Red" | "Amber" | "Green" (five-point for stages); None: dropped
    owners: tuple[str, ...] = ()
    progress: ProgressAsOf | None = None
    stage: str | None = None  # for deliverables: the stage code or title
    scope: str | None = None  # for deliverables: internal | external
    parent_id: int | None = None  # for nested deliverables
    section: str | None = None  # for actions: the plan's section heading

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "ref": self.ref,
            "title": self.title,
            "due": self.due.to_json() if self.due else None,
            "status": self.status,
            "status_suggested": self.status_suggested,
            "rag": self.rag,
            "owners": list(self.owners),
            "progress": self.progress.to_json() if self.progress else None,
            "stage": self.stage,
            "scope": self.scope,
        }


@dataclass(frozen=True)
class Slip:
    """An item whose due date moved later between the two dates."""

    item: ReportItem
    was: Timescale | None
    now: Timescale | None
    days: int

    def to_json(self) -> dict:
        return {
            **self.item.to_json(),
            "was": self.was.to_json() if self.was else None,
            "days": self.days,
        }


@dataclass
class Changes:
    """What changed between an earlier date and the reporting date."""

    since: date
    completed: list[ReportItem] = field(default_factory=list)
    overdue: list[ReportItem] = field(default_factory=list)  # newly overdue
    slipped: list[Slip] = field(default_factory=list)
    added: list[ReportItem] = field(default_factory=list)
    dropped: list[ReportItem] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "since": self.since.isoformat(),
            "completed": [item.to_json() for item in self.completed],
            "overdue": [item.to_json() for item in self.overdue],
            "slipped": [slip.to_json() for slip in self.slipped],
            "added": [item.to_json() for item in self.added],
            "dropped": [item.to_json() for item in self.dropped],
        }


@dataclass
class Report:
    """A programme as of a date: every item with status and RAG, and what changed."""

    programme: str  # name
    slug: str
    as_of: date
    period_start: date  # the reporting period covered: (period_start, as_of]
    next_period_end: date  # "due next period": (as_of, next_period_end]
    progress_heading: str  # "Progress to Date – March 2008"
    stages: list[ReportItem]
    deliverables: list[ReportItem]
    actions: list[ReportItem]
    overall_rag: str | None
    changes: Changes | None = None
    rules: str = "default"  # the RAG rules' name, described in the ADR

    @property
    def items(self) -> list[ReportItem]:
        return [*self.stages, *self.deliverables, *self.actions]

    def counts(self) -> dict:
        """Counts by status and by RAG over every item."""
        status: dict[str, int] = {}
        rag: dict[str, int] = {}
        for item in self.items:
            status[item.status] = status.get(item.status, 0) + 1
            if item.rag:
                rag[item.rag] = rag.get(item.rag, 0) + 1
        return {"status": status, "rag": rag}

    def to_json(self) -> dict:
        return {
            "programme": self.programme,
            "as_of": self.as_of.isoformat(),
            "period": {"start": self.period_start.isoformat(), "end": self.as_of.isoformat()},
            "overall_rag": self.overall_rag,
            "counts": self.counts(),
            "items": [item.to_json() for item in self.items],
            "changes": self.changes.to_json() if self.changes else None,
        }
