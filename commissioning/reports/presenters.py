"""Turn a Report into what the highlight report shows, in every format, without queries.

The HTML page, the printable document, PDF, Word and Excel all read the same
``HighlightReport``, so each format says the same thing in its own layout.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from commissioning.domain.rag import RAG_ORDER
from commissioning.domain.timescales import Precision
from commissioning.programmes.models import StatusChoices
from commissioning.reports.report import Report, ReportItem, Slip

FINISHED = {StatusChoices.COMPLETE.value, StatusChoices.DROPPED.value}
MONTHS = list(calendar.month_name)[1:]  # January … December


def readable_date(value: date | None) -> str:
    """A date as people read it: "31 March 2008" (fast: reports format thousands of them)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""


def describe_window(start: date, end: date) -> str:
    """A window as words: "1 to 30 April 2008", "1 April 2008 to 31 March 2009"."""
    if start == end:
        return readable_date(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {readable_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} to {readable_date(end)}"
    return f"{readable_date(start)} to {readable_date(end)}"


# --- RAG: the word always, the colour as well ---


@dataclass(frozen=True)
class RagStyle:
    """How a RAG rating shows: its word, a CSS class, and fill and text colours."""

    word: str
    css_class: str
    fill: str  # "#d4351c"
    text: str  # the text colour on that fill

    @property
    def fill_hex(self) -> str:
        """The fill without "#", as Word and Excel want it: "D4351C"."""
        return self.fill.lstrip("#").upper()

    @property
    def text_hex(self) -> str:
        return self.text.lstrip("#").upper()


WHITE = "#ffffff"
BLACK = "#0b0c0c"

RAG_STYLES = {
    "Red": RagStyle("Red", "app-rag--red", "#d4351c", WHITE),
    # The mixes keep at least 4.5:1 contrast with their text colour.
    "Amber/Red": RagStyle("Amber/Red", "app-rag--amber-red", "#e4562a", BLACK),
    "Amber": RagStyle("Amber", "app-rag--amber", "#f47738", BLACK),
    "Amber/Green": RagStyle("Amber/Green", "app-rag--amber-green", "#85994b", BLACK),
    "Green": RagStyle("Green", "app-rag--green", "#00703c", WHITE),
    "Blue": RagStyle("Blue", "app-rag--blue", "#1d70b8", WHITE),
}
NO_RAG = RagStyle("No RAG", "app-rag--none", "#f3f2f1", BLACK)


def rag_style(rag: str | None) -> RagStyle:
    """The style of a RAG rating; an item with none (dropped) shows "No RAG" in grey."""
    return RAG_STYLES.get(rag or "", NO_RAG)


# --- items as rows ---


def status_label(item: ReportItem) -> str:
    """The status in words; a status suggested from progress text says so."""
    try:
        label = StatusChoices(item.status).label
    except ValueError:
        label = item.status.replace("_", " ").capitalize()
    return f"{label} (suggested)" if item.status_suggested else label


def item_label(item: ReportItem) -> str:
    """An item's reference and title: "T1 Plans and proposed structures ready"."""
    return f"{item.ref} {item.title}" if item.ref else item.title


def due_text(item: ReportItem) -> str:
    """The timescale as written: "April 2008"; "Not set" when there is none."""
    return item.due.text if item.due else "Not set"


def due_date(item: ReportItem) -> date | None:
    return item.due.end if item.due else None


def window_text(item: ReportItem) -> str:
    """The window the timescale was read as: "1 to 30 April 2008", or why there is none."""
    due = item.due
    if due is None:
        return ""
    if due.start is None or due.end is None:
        return {
            Precision.OPEN: "no fixed dates",
            Precision.RECURRING: "recurring, no single due date",
        }.get(due.precision, "could not be read")
    return describe_window(due.start, due.end)


def progress_text(item: ReportItem, heading_period: str = "") -> str:
    """The latest progress; its period is named when it is not the report's own."""
    progress = item.progress
    if progress is None or not progress.text:
        return ""
    if progress.as_of and progress.as_of != heading_period:
        return f"{progress.text} (as of {progress.as_of})"
    return progress.text


@dataclass(frozen=True)
class ItemRow:
    """A stage, deliverable or action as a line of a highlight report list."""

    kind: str
    label: str
    due: str
    window: str
    owners: str
    status: str
    rag: RagStyle
    progress_as_of: str
    progress: str


def item_row(item: ReportItem) -> ItemRow:
    due, window = due_text(item), window_text(item)
    return ItemRow(
        kind=item.kind.capitalize(),
        label=item_label(item),
        due=due,
        window="" if window == due else window,
        owners=", ".join(item.owners),
        status=status_label(item),
        rag=rag_style(item.rag),
        progress_as_of=item.progress.as_of if item.progress else "",
        progress=item.progress.text if item.progress else "",
    )


@dataclass(frozen=True)
class SlipRow:
    """An item whose due date moved later: what it was, what it is, how many days."""

    row: ItemRow
    was: str
    now: str
    days: int

    @property
    def moved(self) -> str:
        days = "1 day" if self.days == 1 else f"{self.days:,} days"
        return f"{days} later"


def slip_row(slip: Slip) -> SlipRow:
    return SlipRow(
        row=item_row(slip.item),
        was=slip.was.text if slip.was else "Not set",
        now=slip.now.text if slip.now else "Not set",
        days=slip.days,
    )


# --- the lists of the highlight report ---


def completed_this_period(report: Report) -> list[ReportItem]:
    """Deliverables and actions completed in the period: from the compare when there is one."""
    if report.changes is not None:
        return list(report.changes.completed)
    return [
        item
        for item in [*report.deliverables, *report.actions]
        if item.status == StatusChoices.COMPLETE
        and item.progress is not None
        and item.progress.as_of_end is not None
        and report.period_start < item.progress.as_of_end <= report.as_of
    ]


def due_next_period(report: Report) -> list[ReportItem]:
    """Items not finished and due after the reporting date, by the end of the next period."""
    return [
        item
        for item in report.items
        if item.status not in FINISHED
        and (end := due_date(item)) is not None
        and report.as_of < end <= report.next_period_end
    ]


def overdue(report: Report) -> list[ReportItem]:
    """Items not finished whose due date (the window's end) is before the reporting date."""
    return [
        item
        for item in report.items
        if item.status not in FINISHED
        and (end := due_date(item)) is not None
        and end < report.as_of
    ]


# --- the stages table and the action plan ---


@dataclass(frozen=True)
class StageRow:
    code: str
    title: str
    due: str
    due_date: str
    rag: RagStyle
    status: str
    complete: int
    total: int

    @property
    def deliverables(self) -> str:
        return f"{self.complete} of {self.total}"


def stage_rows(report: Report) -> list[StageRow]:
    """Each stage with its due date, RAG and how many of its deliverables are complete."""
    complete: dict[str, int] = {}
    total: dict[str, int] = {}
    for item in report.deliverables:
        if item.stage is None or item.status == StatusChoices.DROPPED:
            continue
        total[item.stage] = total.get(item.stage, 0) + 1
        if item.status == StatusChoices.COMPLETE:
            complete[item.stage] = complete.get(item.stage, 0) + 1
    rows = []
    for stage in report.stages:
        keys = {key for key in (stage.ref, stage.title) if key}
        rows.append(
            StageRow(
                code=stage.ref or "",
                title=stage.title,
                due=due_text(stage),
                due_date=readable_date(due_date(stage)),
                rag=rag_style(stage.rag),
                status=status_label(stage),
                complete=sum(complete.get(key, 0) for key in keys),
                total=sum(total.get(key, 0) for key in keys),
            )
        )
    return rows


def deliverables_by_stage(report: Report) -> list[tuple[ReportItem | None, list[ReportItem]]]:
    """Each stage with its deliverables, in report order; deliverables of no stage last."""
    by_key: dict[str, list[ReportItem]] = {}
    for item in report.deliverables:
        by_key.setdefault(item.stage or "", []).append(item)
    groups: list[tuple[ReportItem | None, list[ReportItem]]] = []
    for stage in report.stages:
        items: list[ReportItem] = []
        for key in dict.fromkeys(key for key in (stage.ref, stage.title) if key):
            items.extend(by_key.pop(key, []))
        groups.append((stage, items))
    leftover = [item for items in by_key.values() for item in items]
    if leftover:
        groups.append((None, leftover))
    return groups


def progress_period(report: Report) -> str:
    """The period the progress column is "to date" for: "March 2008"."""
    return report.progress_heading.split("–")[-1].strip() if report.progress_heading else ""


def action_plan_headings(report: Report) -> list[str]:
    """The customer's own columns, then status and RAG."""
    return ["Action", "Timescale", "Responsibility", report.progress_heading, "Status", "RAG"]


@dataclass(frozen=True)
class ActionPlanRow:
    """An action in the customer's layout; ``section`` is set on the first of a section."""

    ref: str
    action: str
    timescale: str
    due: date | None
    responsibility: str
    progress: str
    status: str
    rag: RagStyle
    section: str = ""


def action_plan_rows(report: Report) -> list[ActionPlanRow]:
    """Every action as a row of the plan, with a section heading where the section changes."""
    period = progress_period(report)
    rows = []
    section = None
    for item in report.actions:
        starts_section = item.section != section and bool(item.section)
        section = item.section
        rows.append(
            ActionPlanRow(
                ref=item.ref or "",
                action=item_label(item),
                timescale=due_text(item),
                due=due_date(item),
                responsibility=", ".join(item.owners),
                progress=progress_text(item, period),
                status=status_label(item),
                rag=rag_style(item.rag),
                section=(item.section or "") if starts_section else "",
            )
        )
    return rows


# --- counts ---


@dataclass(frozen=True)
class CountRow:
    label: str
    count: int
    rag: RagStyle | None = None


def status_count_rows(report: Report, counts: dict) -> list[CountRow]:
    known = [value for value, _ in StatusChoices.choices]
    order = known + sorted(set(counts["status"]) - set(known))
    return [
        CountRow(
            status_label(ReportItem("action", 0, None, "", None, value, False, None)),
            counts["status"][value],
        )
        for value in order
        if counts["status"].get(value)
    ]


def rag_count_rows(counts: dict) -> list[CountRow]:
    order = RAG_ORDER + sorted(set(counts["rag"]) - set(RAG_ORDER))
    return [
        CountRow(rag, counts["rag"][rag], rag_style(rag)) for rag in order if counts["rag"].get(rag)
    ]


# --- the whole report ---


@dataclass
class HighlightReport:
    """Everything the highlight report shows, ready for a template or a document writer."""

    report: Report
    title: str
    as_of: str
    period: str
    overall_rag: RagStyle
    status_counts: list[CountRow]
    rag_counts: list[CountRow]
    item_count: int
    completed: list[ItemRow]
    due_next: list[ItemRow]
    next_period: str
    overdue: list[ItemRow]
    slipped: list[SlipRow] | None  # None: no compare date was given
    compared_with: str
    stages: list[StageRow]
    action_headings: list[str]
    actions: list[ActionPlanRow]


NO_COMPARE = "Compare with an earlier date to see slipped items."


def period_text(start_exclusive: date, end: date) -> str:
    """The period (start, end] in words: "1 March 2008 to 31 March 2008"."""
    first = start_exclusive + timedelta(days=1)
    if first >= end:
        return readable_date(end)
    return f"{readable_date(first)} to {readable_date(end)}"


def highlight_report(report: Report) -> HighlightReport:
    """The highlight report's content, from the Report alone (no queries)."""
    counts = report.counts()
    return HighlightReport(
        report=report,
        title=f"Highlight report: {report.programme}",
        as_of=f"as of {readable_date(report.as_of)}",
        period=period_text(report.period_start, report.as_of),
        overall_rag=rag_style(report.overall_rag),
        status_counts=status_count_rows(report, counts),
        rag_counts=rag_count_rows(counts),
        item_count=len(report.stages) + len(report.deliverables) + len(report.actions),
        completed=[item_row(item) for item in completed_this_period(report)],
        due_next=[item_row(item) for item in due_next_period(report)],
        next_period=period_text(report.as_of, report.next_period_end),
        overdue=[item_row(item) for item in overdue(report)],
        slipped=(
            [slip_row(slip) for slip in report.changes.slipped]
            if report.changes is not None
            else None
        ),
        compared_with=readable_date(report.changes.since) if report.changes else "",
        stages=stage_rows(report),
        action_headings=action_plan_headings(report),
        actions=action_plan_rows(report),
    )


def report_filename(report: Report, extension: str) -> str:
    """ "highlight-intelligent-commissioning-2008-03-31.docx" """
    return f"highlight-{report.slug}-{report.as_of.isoformat()}.{extension}"


FORMAT_NAMES = {"html": "web page", "pdf": "PDF", "docx": "Word", "xlsx": "Excel", "json": "JSON"}


@dataclass(frozen=True)
class QueuedReport:
    """A highlight report file asked of the background worker, as its status page names it."""

    description: str
    format_name: str
    as_of: date
    compare: date | None


def queued_report(kwargs: dict, *, programme) -> QueuedReport:
    """What the worker was asked for, from the task's keyword arguments."""
    as_of = date.fromisoformat(kwargs["as_of"])
    compare = date.fromisoformat(kwargs["compare"]) if kwargs.get("compare") else None
    format_name = FORMAT_NAMES.get(kwargs["fmt"], kwargs["fmt"])
    description = (
        f"The {format_name} highlight report of {programme.name} as of {readable_date(as_of)}"
    )
    if compare:
        description += f", compared with {readable_date(compare)}"
    return QueuedReport(
        description=description, format_name=format_name, as_of=as_of, compare=compare
    )
