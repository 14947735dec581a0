"""The audit trail of a record: who created, changed, archived, restored or deleted it, when,
and each field from what to what.

Read from django-simple-history's records: each version is compared with the one before it.
Turning records into entries needs no database; the display names of the records that
foreign keys point to are read first, one query per key (``related_names``), so a trail
costs the same number of queries however long it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model, QuerySet
from django.utils import dateformat, timezone

CREATED = "created"
CHANGED = "changed"
ARCHIVED = "archived"
RESTORED = "restored"
DELETED = "deleted"
WHAT_LABELS = {
    CREATED: "Created",
    CHANGED: "Changed",
    ARCHIVED: "Archived",
    RESTORED: "Restored",
    DELETED: "Deleted",
}
NOT_RECORDED = "Not recorded"
# Names of records a foreign key points to, by (model, primary key).
Names = Mapping[tuple[type[Model], Any], str]


@dataclass(frozen=True)
class Change:
    """One field: its name as people read it, and its value before and after, as shown."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    """One event in a record's life: who did what, and when."""

    when: datetime
    who: str
    what: str
    kind: str
    object_id: int
    title: str
    changes: tuple[Change, ...] = ()
    sequence: int = 0
    reason: str = ""  # why, when the writer said: "kept person's value: timescale"

    @property
    def what_label(self) -> str:
        return WHAT_LABELS.get(self.what, self.what.capitalize())


@dataclass(frozen=True)
class Subject:
    """How one model's records read in a trail: its name, a title, labels for its fields."""

    kind: str
    title: Callable[[Any], str]
    labels: Mapping[str, str] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()

    def fields(self, record) -> list:
        """The fields of a historical record (or model) worth showing, in the model's order:
        editable, not hidden, not the id."""
        return [
            f
            for f in record.tracked_fields
            if f.editable and not f.primary_key and f.name not in self.hidden
        ]

    def label(self, model_field) -> str:
        label = self.labels.get(model_field.name) or str(model_field.verbose_name)
        return label[:1].upper() + label[1:]


def person_name(user) -> str:
    """A user as people know them: full name, else username; empty for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def history_entries(
    records: Iterable, subject: Subject, names: Names | None = None
) -> Iterator[Entry]:
    """Entries for historical records sorted by object id, then in the order recorded."""
    for _, versions in groupby(records, key=lambda record: record.id):
        yield from object_entries(list(versions), subject, names or {})


def object_entries(versions: Sequence, subject: Subject, names: Names) -> list[Entry]:
    """One object's entries from its versions, oldest first.

    A version that changes nothing worth showing (only the order, say) makes no entry.
    """
    entries = []
    older = None
    for version in versions:
        entry = _entry(version, older, subject, names)
        if entry is not None:
            entries.append(entry)
        older = version
    return entries


def row_entry(row, subject: Subject, *, who, when: datetime, names: Names | None = None) -> Entry:
    """The creation of an append-only row (a progress update), with the values it was given."""
    return Entry(
        when=when,
        who=person_name(who) or NOT_RECORDED,
        what=CREATED,
        kind=subject.kind,
        object_id=row.pk,
        title=subject.title(row),
        changes=_initial_values(row, subject, names or {}, fields=_row_fields(row, subject)),
        sequence=row.pk,
    )


def trail_of(
    records: QuerySet, subject: Subject, *, chunk_size: int | None = None
) -> Iterator[Entry]:
    """The entries of a queryset of historical records: who made each version read with it,
    the names its foreign keys point to read first, one query per key (``related_names``).
    With ``chunk_size`` the versions are read in chunks, for a long trail."""
    names = related_names(records, subject)
    rows = records.select_related("history_user").order_by("id", "history_date", "history_id")
    versions = rows.iterator(chunk_size=chunk_size) if chunk_size else rows
    return history_entries(versions, subject, names)


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda entry: (entry.when, entry.sequence), reverse=True)


def related_names(records: QuerySet, subject: Subject) -> dict:
    """Display names of what the records' foreign keys point to: one query per key.

    Users are shown by name; a record since deleted is missing, and shown by its id.
    """
    names: dict = {}
    for model_field in subject.fields(records.model):
        if not model_field.is_relation or not model_field.many_to_one:
            continue
        related = model_field.related_model
        ids = records.order_by().values(model_field.attname)
        for found in related._base_manager.filter(pk__in=ids):
            names[(related, found.pk)] = _name_of(found)
    return names


def display(model_field, value, names: Names) -> str:
    """A field's value as people read it; empty for nothing."""
    if value is None or value == "":
        return ""
    if model_field.is_relation:
        related = model_field.related_model
        return names.get((related, value)) or f"{related._meta.verbose_name} {value} (deleted)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return dateformat.format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return dateformat.format(value, "j F Y")
    return str(value)


def _entry(version, older, subject: Subject, names: Names) -> Entry | None:
    what, changes = _what_changed(version, older, subject, names)
    reason = getattr(version, "history_change_reason", None) or ""
    if what == CHANGED and not changes and not reason:
        return None
    return Entry(
        when=version.history_date,
        who=person_name(version.history_user) or NOT_RECORDED,
        what=what,
        kind=subject.kind,
        object_id=version.id,
        title=subject.title(version),
        changes=changes,
        sequence=version.history_id,
        reason=reason,
    )


def _what_changed(version, older, subject: Subject, names: Names):
    if version.history_type == "-":
        return DELETED, ()
    if older is None:
        return CREATED, _initial_values(version, subject, names, fields=subject.fields(version))
    changes = tuple(
        Change(
            subject.label(f),
            display(f, getattr(older, f.attname), names),
            display(f, getattr(version, f.attname), names),
        )
        for f in subject.fields(version)
        if getattr(older, f.attname) != getattr(version, f.attname)
    )
    was, now = getattr(older, "archived_at", None), getattr(version, "archived_at", None)
    if was is None and now is not None:
        return ARCHIVED, changes
    if was is not None and now is None:
        return RESTORED, changes
    return CHANGED, changes


def _initial_values(record, subject: Subject, names: Names, *, fields) -> tuple[Change, ...]:
    """The values a record was created with; empty ones and "no" are left out."""
    return tuple(
        Change(subject.label(f), "", display(f, getattr(record, f.attname), names))
        for f in fields
        if getattr(record, f.attname) not in (None, "", False)
    )


def _row_fields(row, subject: Subject) -> list:
    return [
        f
        for f in row._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in subject.hidden
    ]


def _name_of(record) -> str:
    if isinstance(record, AbstractBaseUser):
        return person_name(record)
    return str(record)
