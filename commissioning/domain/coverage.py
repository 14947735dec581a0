"""Coverage of outcomes by needs analyses, pure Python: which outcomes have a current
analysis, which only stale ones, which none, and the open gaps of each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

Key = Hashable


class Cover(StrEnum):
    CURRENT = "current"
    STALE = "stale"
    NONE = "none"


@dataclass(frozen=True)
class Analysis:
    """A needs analysis: its key, the day its age counts from, the outcomes it covers."""

    key: Key
    dated: dt.date | None
    outcomes: frozenset


@dataclass(frozen=True)
class OutcomeCoverage:
    outcome: Key
    cover: Cover
    analyses: tuple = ()
    # Days since the newest analysis covering it; None when none covers it or none is dated.
    age_days: int | None = None
    open_gaps: int = 0


@dataclass(frozen=True)
class Coverage:
    rows: list[OutcomeCoverage] = field(default_factory=list)

    def without_current(self) -> list[OutcomeCoverage]:
        return [row for row in self.rows if row.cover != Cover.CURRENT]

    @property
    def covered_share(self) -> float | None:
        if not self.rows:
            return None
        return sum(1 for row in self.rows if row.cover == Cover.CURRENT) / len(self.rows)


def age_in_days(dated: dt.date | None, today: dt.date) -> int | None:
    return None if dated is None else (today - dated).days


def coverage(
    *,
    outcomes: Iterable[Key],
    analyses: Iterable[Analysis],
    open_gaps: Iterable[Key],
    today: dt.date,
    stale_after_days: int,
) -> Coverage:
    """Each outcome's cover: *current* when an analysis covering it is at most
    ``stale_after_days`` old (an undated one counts as current: its age is unknown, not
    old), *stale* when only older ones cover it, *none* when none does. ``open_gaps`` lists
    the outcome of each open gap, once per gap."""
    by_outcome: dict[Key, list[Analysis]] = {}
    for analysis in analyses:
        for outcome in analysis.outcomes:
            by_outcome.setdefault(outcome, []).append(analysis)
    gaps: dict[Key, int] = {}
    for outcome in open_gaps:
        gaps[outcome] = gaps.get(outcome, 0) + 1
    rows = []
    for outcome in outcomes:
        covering = by_outcome.get(outcome, [])
        ages = [age_in_days(a.dated, today) for a in covering]
        known = [age for age in ages if age is not None]
        if not covering:
            cover = Cover.NONE
        elif any(age is None or age <= stale_after_days for age in ages):
            cover = Cover.CURRENT
        else:
            cover = Cover.STALE
        rows.append(
            OutcomeCoverage(
                outcome=outcome,
                cover=cover,
                analyses=tuple(a.key for a in covering),
                age_days=min(known) if known else None,
                open_gaps=gaps.get(outcome, 0),
            )
        )
    return Coverage(rows=rows)
