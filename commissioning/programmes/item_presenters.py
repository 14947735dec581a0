"""What the action, deliverable and review pages show, so their templates hold no logic."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse

from commissioning.plans.timescales import Precision, Timescale
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    ProgressUpdate,
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
FIELD_LABELS = {
    "timescale_text": "Timescale",
    "timescale_start": "Timescale starts",
    "timescale_end": "Due",
    "timescale_precision": "Timescale read as",
    "status_suggested": "Status suggested",
    "ref": "Reference",
    "text": "Deliverable",
    "parent": "Part of",
    "rag": "RAG as written",
}
HIDDEN_FIELDS = {"id", "order", "programme", "stage"}


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


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


@dataclass
class ProgressRow:
    as_of: str
    text: str
    status: StatusView
    author: str
    recorded_at: datetime


def progress_rows(updates: list[ProgressUpdate]) -> list[ProgressRow]:
    """Progress updates, newest first as given; updates without an author came from imports."""
    return [
        ProgressRow(
            update.as_of_text,
            update.text,
            status_view(update.status, update.status_suggested),
            person_name(update.author) or "Imported",
            update.created_at,
        )
        for update in updates
    ]


@dataclass
class ChangeRow:
    when: datetime
    who: str
    changes: list[str] = field(default_factory=list)


def change_rows(history: list) -> list[ChangeRow]:
    """Each history row (newest first) with who made it and which fields changed from → to."""
    rows = []
    for index, record in enumerate(history):
        who = person_name(record.history_user) or "Not recorded"
        older = history[index + 1] if index + 1 < len(history) else None
        if record.history_type == "+" or older is None:
            rows.append(ChangeRow(record.history_date, who, ["Created"]))
            continue
        if record.history_type == "-":
            rows.append(ChangeRow(record.history_date, who, ["Deleted"]))
            continue
        delta = record.diff_against(older)
        changes = [
            _describe_change(record.instance_type, change)
            for change in delta.changes
            if change.field not in HIDDEN_FIELDS
        ]
        if changes:
            rows.append(ChangeRow(record.history_date, who, changes))
    return rows


def _describe_change(model, change) -> str:
    label = FIELD_LABELS.get(change.field)
    if label is None:
        label = model._meta.get_field(change.field).verbose_name.capitalize()
    old = _field_value(model, change.field, change.old)
    new = _field_value(model, change.field, change.new)
    return f"{label}: {old} → {new}"


def _field_value(model, name: str, value) -> str:
    if value is None or value == "":
        return "blank"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return readable_date(value)
    choices = dict(model._meta.get_field(name).flatchoices)
    return str(choices.get(value, value))


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
    changes: list[ChangeRow]


def item_page(*, item, parents: list[tuple[str, str]], kind: str, updates, history) -> ItemPage:
    """The shared parts of an action's or deliverable's page; ``parents`` are (title, url)."""
    return ItemPage(
        crumbs=[("Programmes", reverse("home")), *parents, (short_title(str(item)), "")],
        status=status_view(item.status, item.status_suggested),
        status_options=status_options(item.status),
        confirm_url=reverse(f"{kind}-confirm-status", args=[item.pk]),
        progress_url=reverse(f"{kind}-add-progress", args=[item.pk]),
        edit_url=reverse(f"{kind}-edit", args=[item.pk]),
        progress=progress_rows(list(updates)),
        changes=change_rows(list(history)),
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
