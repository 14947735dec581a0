"""Which reporting date a report opens on when nobody chose one, and why.

A plan imported from a document "as of March 2008" describes March 2008: shown as of today,
years later, every action would be overdue and the axis empty. So a report opens on the
programme's latest reporting date, the newest "as of" of its progress updates, unless the
programme has updates in the current period (it is being kept up to date), when today is
the date that matters. The rule is a plain function; the one query is beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Max, Q

from commissioning.programmes.models import Programme, ProgressUpdate
from commissioning.programmes.presenters import readable_date
from commissioning.reports.asof import add_months

CHOSEN = "the date you chose"
LATEST = "the date of the programme’s latest progress updates"
CURRENT = "today: the programme has progress updates in the current reporting period"
NO_UPDATES = "today: the programme has no dated progress updates yet"


@dataclass(frozen=True)
class ReportingDate:
    """A reporting date and the reason it was chosen, said in words on the page."""

    day: date
    reason: str

    @property
    def readable(self) -> str:
        return readable_date(self.day)

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def explanation(self) -> str:
        """One sentence for the page: which date this is and why."""
        return f"Shown as of {self.readable}, {self.reason}."


def default_reporting_date(
    *, latest: date | None, today: date, period_months: int
) -> ReportingDate:
    """The date to open on, given the newest progress "as of" date (or none) and today.

    Today when there are no dated updates, or when the newest falls in the current period
    (after the day ``period_months`` before today, or later than today); else that date.
    """
    if latest is None:
        return ReportingDate(today, NO_UPDATES)
    if latest > add_months(today, -max(period_months, 1)):
        return ReportingDate(today, CURRENT)
    return ReportingDate(latest, LATEST)


def latest_progress_date(programme: Programme) -> date | None:
    """The newest "as of" end of the progress updates on the programme's items (one query)."""
    return ProgressUpdate.objects.filter(
        Q(action__programme=programme) | Q(deliverable__stage__programme=programme),
        as_of_end__isnull=False,
    ).aggregate(latest=Max("as_of_end"))["latest"]


def reporting_date_for(programme: Programme, today: date) -> ReportingDate:
    """The date a report of ``programme`` opens on when none was asked for."""
    return default_reporting_date(
        latest=latest_progress_date(programme),
        today=today,
        period_months=programme.reporting_period_months,
    )
