"""What the action, deliverable and review pages show, so their templates hold no logic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse

from commissioning.core.audit import Entry, person_name
from commissioning.domain.timescales import Precision, Timescale
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    ProgressUpdate,
    Stage,
    StatusChoices,
)
from commissioning.programmes.presenters import STATUS_TAG_COLOURS, readable_date

UNREADABLE_TIMESCALE = "Could not be read — edit the timescale"
OWNER_KINDS = {
    "person": "Person",
    "team": "Team",
    "organisation": "Organisation",
    "role": "Role",
    "unknown": "Not yet identified",
}
HISTORY_ON_PAGE = 10


def short_title(text: str, length: int = 60) -> str:
    """A long title cut at a word for breadcrumbs and page titles."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + "…"


@dataclass
class TimescaleView:
    text: str
    window: str
    unreadable: bool


def timescale_view(timescale: Timescale | None) -> TimescaleView:
    """The timescale as written and, beneath it, the window it was read as."""
    if timescale is None:
        return TimescaleView("None written", "", False)
    if timescale.precision is Precision.UNPARSED:
        return TimescaleView(timescale.text, UNREADABLE_TIMESCALE, True)
    if timescale.precision is Precision.OPEN:
        return TimescaleView(timescale.text, "Open-ended, no due date", False)
    if timescale.precision is Precision.RECURRING:
        return TimescaleView(timescale.text, "Recurring, no due date", False)
    if timescale.start and timescale.end and timescale.start != timescale.end:
        window = f"{readable_date(timescale.start)} to {readable_date(timescale.end)}"
    elif timescale.end:
        window = f"Due {readable_date(timescale.end)}"
    else:
        window = ""
    return TimescaleView(timescale.text, window, False)


@dataclass
class StatusView:
    value: str
    label: str
    tag_class: str
    suggested: bool

    @property
    def text(self) -> str:
        return f"Suggested: {self.label}" if self.suggested else self.label


def status_view(status: str, suggested: bool = False) -> StatusView:
    label = StatusChoices(status).label if status in StatusChoices.values else status
    return StatusView(status, label, STATUS_TAG_COLOURS.get(status, "govuk-tag--grey"), suggested)


def status_options(selected: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for a status <select>."""
    return [(value, label, value == selected) for value, label in StatusChoices.choices]


@dataclass
class OwnerView:
    name: str
    kind: str
    url: str | None


def owner_view(owner: ActionOwner) -> OwnerView:
    """An owner as written, with what it is and a link to the directory when resolved."""
    url = None
    if owner.person_id:
        url = reverse("person", args=[owner.person_id])
    elif owner.team_id:
        url = reverse("team", args=[owner.team_id])
    elif owner.organisation_id:
        url = reverse("organisation", args=[owner.organisation_id])
    return OwnerView(owner.name, OWNER_KINDS.get(owner.kind, owner.kind), url)


@dataclass
class ProgressRow:
    as_of: str
    text: str
    status: StatusView
    author: str
    recorded_at: datetime
    confirmed: str = ""  # "Suggested Complete; confirmed as In progress by Ann on 3 May 2008"


def progress_rows(updates: list[ProgressUpdate]) -> list[ProgressRow]:
    """Progress updates, newest first as given; updates without an author came from imports."""
    return [
        ProgressRow(
            update.as_of_text,
            update.text,
            status_view(update.status, update.status_suggested),
            person_name(update.author) or "Imported",
            update.created_at,
            _confirmation(update),
        )
        for update in updates
    ]


def _confirmation(update: ProgressUpdate) -> str:
    """Who confirmed the update's suggested status, and when; what was suggested if changed."""
    if update.confirmed_at is None:
        return ""
    who = person_name(update.confirmed_by) or "Someone"
    when = readable_date(update.confirmed_at.date())
    if update.suggested_status and update.suggested_status != update.status:
        suggested = StatusChoices(update.suggested_status).label
        return f"Suggested {suggested}; changed by {who} on {when}"
    return f"Suggested status confirmed by {who} on {when}"


@dataclass
class HistorySection:
    """The latest entries of an item's audit trail, with links to all of it."""

    kind: str
    entries: list[Entry]
    count: int
    url: str
    csv_url: str

    @property
    def more(self) -> bool:
        return self.count > len(self.entries)


def history_section(trail: list[Entry], *, kind: str, pk: int) -> HistorySection:
    """The newest entries of ``trail`` (newest first) for the item's page."""
    return HistorySection(
        kind=kind,
        entries=trail[:HISTORY_ON_PAGE],
        count=len(trail),
        url=reverse(f"{kind}-history", args=[pk]),
        csv_url=reverse(f"{kind}-history-csv", args=[pk]),
    )


@dataclass
class ArchivedNotice:
    """What an archived item's page says about it, and where to restore it."""

    when: datetime
    who: str
    restore_url: str


def archived_notice(item, kind: str) -> ArchivedNotice | None:
    """None for an item that is not archived."""
    if item.archived_at is None:
        return None
    return ArchivedNotice(
        when=item.archived_at,
        who=person_name(item.archived_by) or "someone not recorded",
        restore_url=reverse(f"{kind}-restore", args=[item.pk]),
    )


@dataclass
class ItemLink:
    title: str
    url: str


def action_link(action: Action) -> ItemLink:
    return ItemLink(str(action.title), reverse("action", args=[action.pk]))


def deliverable_link(deliverable: Deliverable) -> ItemLink:
    return ItemLink(str(deliverable.text), reverse("deliverable", args=[deliverable.pk]))


@dataclass
class ItemPage:
    """What the action and deliverable pages share: status, progress and changes."""

    crumbs: list[tuple[str, str]]
    status: StatusView
    status_options: list[tuple[str, str, bool]]
    confirm_url: str
    progress_url: str
    edit_url: str
    progress: list[ProgressRow]
    history: HistorySection
    archived: ArchivedNotice | None = None


def item_page(*, item, parents: list[tuple[str, str]], kind: str, updates, trail) -> ItemPage:
    """The common parts of an action's or deliverable's page; ``parents`` are (title, url).

    ``trail`` is the item's audit trail, newest first.
    """
    return ItemPage(
        crumbs=[("Programmes", reverse("home")), *parents, (short_title(str(item)), "")],
        status=status_view(item.status, item.status_suggested),
        status_options=status_options(item.status),
        confirm_url=reverse(f"{kind}-confirm-status", args=[item.pk]),
        progress_url=reverse(f"{kind}-add-progress", args=[item.pk]),
        edit_url=reverse(f"{kind}-edit", args=[item.pk]),
        progress=progress_rows(list(updates)),
        history=history_section(trail, kind=kind, pk=item.pk),
        archived=archived_notice(item, kind),
    )


@dataclass
class ReviewRow:
    """One action or deliverable whose status was suggested, for a person to confirm."""

    field_name: str
    kind: str
    link: ItemLink
    latest_progress: str
    suggested: StatusView
    options: list[tuple[str, str, bool]]


def review_rows(actions, deliverables, data=None) -> list[ReviewRow]:
    """A row per suggested status; ``data`` (a POST) keeps what the person chose."""
    rows = []
    for kind, items, link in (
        ("action", actions, action_link),
        ("deliverable", deliverables, deliverable_link),
    ):
        for item in items:
            name = f"{kind}-{item.pk}"
            chosen = (data or {}).get(name, item.status)
            rows.append(
                ReviewRow(
                    name,
                    kind.capitalize(),
                    link(item),
                    item.latest_progress or "",
                    status_view(item.status, True),
                    status_options(chosen),
                )
            )
    return rows


@dataclass(frozen=True)
class StageRow:
    """A stage on the stages page: its place, due date and where to change it."""

    pk: int
    name: str
    due: TimescaleView
    first: bool
    last: bool
    edit_url: str
    archive_url: str
    add_deliverable_url: str
    move_url: str


def stage_rows(stages: list[Stage]) -> list[StageRow]:
    """Stages in plan order, the first and last marked (they cannot move further)."""
    return [
        StageRow(
            pk=stage.pk,
            name=str(stage),
            due=timescale_view(stage.timescale),
            first=index == 0,
            last=index == len(stages) - 1,
            edit_url=reverse("stage-edit", args=[stage.pk]),
            archive_url=reverse("stage-archive", args=[stage.pk]),
            add_deliverable_url=reverse("stage-add-deliverable", args=[stage.pk]),
            move_url=reverse("stage-move", args=[stage.pk]),
        )
        for index, stage in enumerate(stages)
    ]
