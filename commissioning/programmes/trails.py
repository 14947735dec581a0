"""Audit trails of programmes, stages, deliverables and actions: who did what, and when.

Each trail reads one query per history table (with the user joined), one for progress
updates and one per foreign key shown, however many records and versions there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from commissioning.core.audit import (
    NOT_RECORDED,
    Entry,
    Subject,
    history_entries,
    newest_first,
    person_name,
    row_entry,
    trail_of,
)
from commissioning.core.spreadsheets import neutralise_row
from commissioning.programmes.item_presenters import short_title
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    ProgressUpdate,
    Stage,
)

CHUNK_SIZE = 2000
LABELS = {
    "timescale_text": "Timescale",
    "timescale_start": "Timescale starts",
    "timescale_end": "Due",
    "timescale_precision": "Timescale read as",
    "status_suggested": "Status suggested",
    "ref": "Reference",
    "parent": "Part of",
    "rag": "RAG as written",
    "lead_organisation": "Lead organisation",
}

PROGRAMME = Subject("programme", title=lambda row: row.name, labels=LABELS)
STAGE = Subject(
    "stage",
    title=lambda row: f"{row.code} {row.title}".strip(),
    labels=LABELS,
    hidden=frozenset({"programme", "order"}),
)
DELIVERABLE = Subject(
    "deliverable",
    title=lambda row: short_title(row.text),
    labels={**LABELS, "text": "Deliverable"},
    hidden=frozenset({"order"}),
)
ACTION = Subject(
    "action",
    title=lambda row: short_title(f"{row.ref} {row.title}".strip()),
    labels=LABELS,
    hidden=frozenset({"programme", "order"}),
)
OWNER = Subject(
    "owner",
    title=lambda row: f"Owner {row.name}",
    labels={**LABELS, "name": "Owner as written"},
    hidden=frozenset({"action", "order"}),
)
PROGRESS = Subject(
    "progress update",
    title=lambda row: f"Progress as of {row.as_of_text}" if row.as_of_text else "Progress",
    labels={"as_of_text": "As of", "text": "What has happened", "status_suggested": "Suggested"},
    hidden=frozenset({"action", "deliverable", "as_of_start", "as_of_end", "author", "import_run"}),
)


# --- One item ---------------------------------------------------------------------------------


def action_trail(action: Action) -> list[Entry]:
    """The action's changes, its owners' and its progress updates, newest first."""
    return newest_first(
        [
            *_entries(Action.history.filter(id=action.pk), ACTION),
            *_entries(ActionOwner.history.filter(action_id=action.pk), OWNER),
            *_progress_entries(ProgressUpdate.objects.filter(action_id=action.pk)),
        ]
    )


def deliverable_trail(deliverable: Deliverable) -> list[Entry]:
    """The deliverable's changes and its progress updates, newest first."""
    return newest_first(
        [
            *_entries(Deliverable.history.filter(id=deliverable.pk), DELIVERABLE),
            *_progress_entries(ProgressUpdate.objects.filter(deliverable_id=deliverable.pk)),
        ]
    )


def stage_trail(stage: Stage) -> list[Entry]:
    """The stage's changes, newest first (its deliverables have trails of their own)."""
    return newest_first(_entries(Stage.history.filter(id=stage.pk), STAGE))


# --- A whole programme ------------------------------------------------------------------------


def programme_trail(programme: Programme) -> Iterator[Entry]:
    """Everything ever recorded in the programme, purged items included, read in chunks.

    By kind (programme, stages, deliverables, actions, owners, progress), then by record,
    oldest first: ten queries whatever the size of the programme.
    """
    stages = Stage.history.filter(programme_id=programme.pk)
    actions = Action.history.filter(programme_id=programme.pk)
    yield from _entries(Programme.history.filter(id=programme.pk), PROGRAMME)
    yield from _entries(stages, STAGE)
    yield from _entries(Deliverable.history.filter(stage_id__in=stages.values("id")), DELIVERABLE)
    yield from _entries(actions, ACTION)
    yield from _entries(ActionOwner.history.filter(action_id__in=actions.values("id")), OWNER)
    yield from _progress_entries(
        ProgressUpdate.objects.filter(
            Q(action__programme=programme) | Q(deliverable__stage__programme=programme)
        )
    )


def programme_changes(programme: Programme) -> list[Entry]:
    """Every change recorded in the programme, newest first, for its history page.

    The same entries as the CSV, read in the same ten queries; sorted in memory, since
    each entry's changes come from comparing a version with the one before it.
    """
    return newest_first(programme_trail(programme))


def purged_items(programme: Programme) -> list[Entry]:
    """Stages, deliverables and actions of the programme deleted for good, newest first."""
    stages = Stage.history.filter(programme_id=programme.pk)
    deletions = [
        (stages.filter(history_type="-"), STAGE),
        (
            Deliverable.history.filter(stage_id__in=stages.values("id"), history_type="-"),
            DELIVERABLE,
        ),
        (Action.history.filter(programme_id=programme.pk, history_type="-"), ACTION),
    ]
    entries: list[Entry] = []
    for records, subject in deletions:
        rows = records.select_related("history_user").order_by("id", "history_id")
        entries += history_entries(rows, subject)
    return newest_first(entries)


@dataclass
class ArchivedRow:
    """An archived item of the programme, with who archived it and when."""

    kind: str
    title: str
    url: str | None
    when: datetime
    who: str


def archived_items(programme: Programme) -> list[ArchivedRow]:
    """The programme's archived stages, deliverables and actions: three queries."""
    kinds = [
        ("Stage", Stage.objects.filter(programme=programme), None),
        ("Deliverable", Deliverable.objects.filter(stage__programme=programme), "deliverable"),
        ("Action", Action.objects.filter(programme=programme), "action"),
    ]
    return [
        ArchivedRow(
            kind=kind,
            title=short_title(str(item) if kind != "Action" else f"{item.ref} {item}".strip()),
            url=reverse(page, args=[item.pk]) if page else None,
            when=item.archived_at,
            who=person_name(item.archived_by) or NOT_RECORDED,
        )
        for kind, items, page in kinds
        for item in items.archived().select_related("archived_by").order_by("archived_at", "pk")
    ]


def _progress_entries(updates: QuerySet) -> Iterator[Entry]:
    rows = updates.select_related("author").order_by("created_at", "id")
    for update in rows.iterator(chunk_size=CHUNK_SIZE):
        yield row_entry(update, PROGRESS, who=update.author, when=update.created_at)


# --- As CSV -----------------------------------------------------------------------------------

CSV_HEADER = ["When", "Who", "What", "Record", "Record id", "Title", "Field", "From", "To"]


def csv_rows(entries: Iterable[Entry]) -> Iterator[list[str]]:
    """A row per field changed (one for an entry with none), safe to open in a spreadsheet."""
    for entry in entries:
        start = [
            timezone.localtime(entry.when).isoformat(timespec="seconds"),
            entry.who,
            f"{entry.what} ({entry.reason})" if entry.reason else entry.what,
            entry.kind,
            str(entry.object_id),
            entry.title,
        ]
        for change in entry.changes or [None]:
            values = [change.field, change.old, change.new] if change else ["", "", ""]
            yield neutralise_row([*start, *values])


def _entries(records: QuerySet, subject: Subject) -> Iterator[Entry]:
    return trail_of(records, subject, chunk_size=CHUNK_SIZE)
