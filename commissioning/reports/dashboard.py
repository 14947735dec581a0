"""The programme dashboard for a reporting date: a Report turned into what the page shows.

Everything here reads the Report (the programme as it stood on the date) except
``owner_organisations``, one query mapping owners' names to their organisations now.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Layout
from django import forms
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from commissioning.domain.rag import RAG_ORDER
from commissioning.programmes.filters import ReadableDateField
from commissioning.programmes.models import ActionOwner, Programme, StatusChoices
from commissioning.programmes.presenters import STATUS_TAG_COLOURS, readable_date
from commissioning.reports import presenters
from commissioning.reports.charts import (
    ChartTableRow,
    PeriodCounts,
    status_chart_svg,
    status_chart_table,
)
from commissioning.reports.report import Report, ReportItem

OVERDUE_SHOWN = 50
OWNERS_SHOWN = 10
NO_ORGANISATION = "No organisation recorded"
NO_OWNER = "No owner recorded"
CHART_SUBJECT = "Actions and deliverables"

# The word is always shown; the GOV.UK tag colour only repeats it.
RAG_TAG_COLOURS = {
    "Red": "govuk-tag--red",
    "Amber/Red": "govuk-tag--orange",
    "Amber": "govuk-tag--orange",
    "Amber/Green": "govuk-tag--yellow",
    "Green": "govuk-tag--green",
    "Blue": "govuk-tag--blue",
}
ALWAYS_SHOWN_RAGS = {"Red", "Amber", "Green", "Blue"}


class AsOfForm(forms.Form):
    """The reporting date, typed as people write it; blank means the programme's default."""

    as_of = ReadableDateField(
        label="Reporting date", required=False, help_text="For example, 31 March 2008"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template writes a GET form with its own button
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.text("as_of", field_width=Fixed.TEN))

    def chosen_date(self, default: date | None) -> date | None:
        """The date asked for, or ``default`` when none was given or it could not be read."""
        if self.is_bound and self.is_valid() and self.cleaned_data["as_of"]:
            return self.cleaned_data["as_of"]
        return default


# --- tags and shares ---


@dataclass(frozen=True)
class Tag:
    """A GOV.UK tag: the word, and a colour that only repeats it."""

    text: str
    css_class: str


def rag_tag(rag: str | None) -> Tag:
    if not rag:
        return Tag("No RAG", "govuk-tag--grey")
    return Tag(rag, RAG_TAG_COLOURS.get(rag, "govuk-tag--grey"))


def status_word(status: str) -> str:
    try:
        return StatusChoices(status).label
    except ValueError:
        return status.replace("_", " ").capitalize()


def status_tag(status: str) -> Tag:
    return Tag(status_word(status), STATUS_TAG_COLOURS.get(status, "govuk-tag--grey"))


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass(frozen=True)
class Share:
    """A status or RAG with how many actions have it and what share that is."""

    tag: Tag
    count: int
    percent: int


def status_shares(actions: list[ReportItem]) -> list[Share]:
    """Actions by status in the usual order, each status shown even when none have it."""
    counts = Counter(item.status for item in actions)
    order = list(StatusChoices.values) + sorted(set(counts) - set(StatusChoices.values))
    return [Share(status_tag(s), counts[s], percent(counts[s], len(actions))) for s in order]


def rag_shares(actions: list[ReportItem]) -> list[Share]:
    """Actions by RAG, Red first; dropped actions have none and are counted as "No RAG"."""
    counts = Counter(item.rag for item in actions)
    shown = [rag for rag in RAG_ORDER if rag in ALWAYS_SHOWN_RAGS or counts[rag]]
    rows = [Share(rag_tag(rag), counts[rag], percent(counts[rag], len(actions))) for rag in shown]
    if counts[None]:
        rows.append(Share(rag_tag(None), counts[None], percent(counts[None], len(actions))))
    return rows


# --- stages ---


@dataclass(frozen=True)
class StageProgress:
    """A stage with its RAG and how many of its deliverables are complete."""

    label: str
    due: str
    rag: Tag
    complete: int
    total: int
    percent: int

    @property
    def deliverables(self) -> str:
        return f"{self.complete} of {self.total}"


def stage_progress(report: Report) -> list[StageProgress]:
    return [
        StageProgress(
            label=f"{row.code} {row.title}".strip(),
            due=row.due,
            rag=rag_tag(row.rag.word if row.rag.word in RAG_TAG_COLOURS else None),
            complete=row.complete,
            total=row.total,
            percent=percent(row.complete, row.total),
        )
        for row in presenters.stage_rows(report)
    ]


# --- owners and organisations ---


@dataclass(frozen=True)
class Breakdown:
    """An owner or organisation with its number of actions and their count by status."""

    name: str
    total: int
    counts: list[int]  # in the order of ``Dashboard.status_headings``


def breakdown(groups: dict[str, list[ReportItem]], statuses: list[str]) -> list[Breakdown]:
    """Each group with its counts by status, most actions first, then by name."""
    rows = []
    for name, items in groups.items():
        counts = Counter(item.status for item in items)
        rows.append(Breakdown(name, len(items), [counts[status] for status in statuses]))
    return sorted(rows, key=lambda row: (-row.total, row.name.lower()))


def by_owner(actions: list[ReportItem]) -> dict[str, list[ReportItem]]:
    groups: dict[str, list[ReportItem]] = {}
    for item in actions:
        for owner in dict.fromkeys(item.owners or (NO_OWNER,)):
            groups.setdefault(owner, []).append(item)
    return groups


def by_organisation(
    actions: list[ReportItem], organisations: dict[str, str]
) -> dict[str, list[ReportItem]]:
    """Actions under each of their owners' organisations, once per organisation."""
    groups: dict[str, list[ReportItem]] = {}
    for item in actions:
        names = {organisations.get(owner, NO_ORGANISATION) for owner in item.owners}
        for name in sorted(names or {NO_ORGANISATION}):
            groups.setdefault(name, []).append(item)
    return groups


def owner_organisations(programme: Programme) -> dict[str, str]:
    """Owners' names (as written) to the organisation of the person, team or body now, in
    one query; a name linked to nobody is left out."""
    rows = (
        ActionOwner.objects.filter(action__programme=programme)
        .annotate(
            organisation_name=Coalesce(
                "organisation__name", "person__organisation__name", "team__organisation__name"
            )
        )
        .filter(organisation_name__isnull=False)
        .values_list("name", "organisation_name")
        .order_by("name", "organisation_name")
        .distinct()
    )
    mapping: dict[str, str] = {}
    for name, organisation in rows:
        mapping.setdefault(name, organisation)
    return mapping


# --- overdue and due next ---


@dataclass(frozen=True)
class ItemLine:
    """A stage or action in the overdue or due-next list."""

    kind: str
    label: str
    url: str
    due: str
    due_date: str
    owners: str
    progress: str
    progress_as_of: str
    status: Tag
    rag: Tag


def item_line(item: ReportItem) -> ItemLine:
    end = presenters.due_date(item)
    return ItemLine(
        kind=item.kind.capitalize(),
        label=presenters.item_label(item),
        url=reverse("action", args=[item.id]) if item.kind == "action" else "",
        due=presenters.due_text(item),
        due_date=readable_date(end),
        owners=", ".join(item.owners) or "Not recorded",
        progress=item.progress.text if item.progress else "",
        progress_as_of=item.progress.as_of if item.progress else "",
        status=status_tag(item.status),
        rag=rag_tag(item.rag),
    )


def by_due_date(items: list[ReportItem]) -> list[ReportItem]:
    return sorted(items, key=lambda item: (presenters.due_date(item) or date.max, item.id))


# --- the whole dashboard ---


@dataclass
class Dashboard:
    """Everything the dashboard page shows for one reporting date."""

    programme: str
    as_of: str
    as_of_iso: str
    overall_rag: Tag
    action_count: int
    status_shares: list[Share]
    rag_shares: list[Share]
    stages: list[StageProgress]
    status_headings: list[str]
    owners: list[Breakdown]
    owners_left_out: int
    organisations: list[Breakdown]
    overdue: list[ItemLine]
    overdue_count: int
    overdue_left_out: int
    overdue_url: str
    next_period: str
    due_next: list[ItemLine]
    chart: SafeString
    chart_headings: list[str]
    chart_rows: list[ChartTableRow]
    period_name: str = "month"  # the reporting period the chart steps by: month or quarter


def dashboard(
    report: Report,
    *,
    organisations: dict[str, str],
    periods: list[PeriodCounts],
    period_name: str = "month",
) -> Dashboard:
    """The dashboard from the report, owners' organisations and the status history (one
    bar per reporting period, ``period_name`` month or quarter)."""
    actions = report.actions
    statuses = [s for s in StatusChoices.values if any(i.status == s for i in actions)]
    owners = breakdown(by_owner(actions), statuses)
    overdue = by_due_date([item for item in presenters.overdue(report) if item.kind == "action"])
    chart_headings, chart_rows = status_chart_table(periods)
    return Dashboard(
        programme=report.programme,
        as_of=readable_date(report.as_of),
        as_of_iso=report.as_of.isoformat(),
        overall_rag=rag_tag(report.overall_rag),
        action_count=len(actions),
        status_shares=status_shares(actions),
        rag_shares=rag_shares(actions),
        stages=stage_progress(report),
        status_headings=[status_word(status) for status in statuses],
        owners=owners[:OWNERS_SHOWN],
        owners_left_out=max(0, len(owners) - OWNERS_SHOWN),
        organisations=breakdown(by_organisation(actions, organisations), statuses),
        overdue=[item_line(item) for item in overdue[:OVERDUE_SHOWN]],
        overdue_count=len(overdue),
        overdue_left_out=max(0, len(overdue) - OVERDUE_SHOWN),
        overdue_url=reverse("programme", args=[report.slug])
        + f"?overdue_as_of={report.as_of.isoformat()}&sort=due#action-plan",
        next_period=presenters.period_text(report.as_of, report.next_period_end),
        due_next=[
            item_line(item)
            for item in by_due_date(presenters.due_next_period(report))
            if item.kind != "deliverable"
        ],
        chart=mark_safe(  # built from escaped text in charts.py
            status_chart_svg(
                periods,
                chart_id="status-chart",
                title=f"{CHART_SUBJECT} by status at each {period_name}-end to "
                f"{readable_date(report.as_of)}",
                subject=CHART_SUBJECT,
            )
        ),
        chart_headings=chart_headings,
        chart_rows=chart_rows,
        period_name=period_name,
    )


# --- the timeline page ---


@dataclass(frozen=True)
class UndatedLine:
    """A stage or action the timeline cannot place, and why."""

    kind: str
    label: str
    reason: str
    url: str


def undated_line(item: ReportItem, reason: str) -> UndatedLine:
    return UndatedLine(
        kind=item.kind.capitalize(),
        label=presenters.item_label(item),
        reason=reason,
        url=reverse("action", args=[item.id]) if item.kind == "action" else "",
    )
