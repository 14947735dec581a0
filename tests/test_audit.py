"""Turning history records into audit entries: no database needed."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.core.audit import (
    ARCHIVED,
    CHANGED,
    CREATED,
    DELETED,
    RESTORED,
    Change,
    Subject,
    display,
    history_entries,
    object_entries,
)
from commissioning.partnership.models import Person
from commissioning.programmes.models import Action, ActionOwner

FIELDS = [Action._meta.get_field(name) for name in ("title", "status", "timescale_end")]
SUBJECT = Subject("action", title=lambda row: row.title, labels={"timescale_end": "Due"})
START = datetime(2008, 3, 31, 9, 0, tzinfo=UTC)
ALICE = SimpleNamespace(get_full_name=lambda: "Alice Smith", get_username=lambda: "alice")


def version(number: int, kind: str = "~", archived_at=None, user=ALICE, **values):
    fields = {"title": "Agree definitions", "status": "not_started", "timescale_end": None}
    return SimpleNamespace(
        id=1,
        history_id=number,
        history_type=kind,
        history_date=START + timedelta(hours=number),
        history_user=user,
        tracked_fields=FIELDS,
        archived_at=archived_at,
        **{**fields, **values},
    )


@pytest.mark.parametrize(
    "field, value, shown",
    [
        ("title", None, ""),
        ("title", "", ""),
        ("title", "Agree definitions", "Agree definitions"),
        ("status", "in_progress", "In progress"),
        ("status", "retired", "retired"),
        ("status_suggested", True, "yes"),
        ("status_suggested", False, "no"),
        ("timescale_end", date(2008, 3, 31), "31 March 2008"),
        ("archived_at", datetime(2008, 6, 30, 23, 30, tzinfo=UTC), "1 July 2008, 00:30"),
    ],
)
def test_values_are_shown_as_people_read_them(field, value, shown):
    assert display(Action._meta.get_field(field), value, {}) == shown


def test_a_foreign_key_shows_the_name_it_points_to_or_that_it_is_gone():
    person = ActionOwner._meta.get_field("person")

    assert display(person, 7, {(Person, 7): "Jane Smith"}) == "Jane Smith"
    assert display(person, 8, {}) == "person 8 (deleted)"


def test_a_life_from_creation_to_deletion():
    edited = {"title": "Agree the definitions", "timescale_end": date(2008, 4, 30)}
    versions = [
        version(1, "+", title="Agree definitions", status="not_started"),
        version(2, **edited),
        version(3, order=2, **edited),  # the order is not shown: no entry
        version(4, archived_at=START, **edited),
        version(5, user=None, **edited),
        version(6, "-", **edited),
    ]

    entries = object_entries(versions, SUBJECT, {})

    assert [(entry.what, entry.who, entry.sequence) for entry in entries] == [
        (CREATED, "Alice Smith", 1),
        (CHANGED, "Alice Smith", 2),
        (ARCHIVED, "Alice Smith", 4),
        (RESTORED, "Not recorded", 5),
        (DELETED, "Alice Smith", 6),
    ]
    created, changed = entries[0], entries[1]
    assert created.changes == (
        Change("Title", "", "Agree definitions"),
        Change("Status", "", "Not started"),
    )
    assert changed.changes == (
        Change("Title", "Agree definitions", "Agree the definitions"),
        Change("Due", "", "30 April 2008"),
    )
    assert entries[2].changes == () and entries[-1].title == "Agree the definitions"


def test_records_of_several_objects_make_a_trail_each():
    records = [version(1, "+"), version(2, title="New"), version(3, "+")]
    records[2].id = 2

    entries = list(history_entries(records, SUBJECT))

    assert [(entry.object_id, entry.what) for entry in entries] == [
        (1, CREATED),
        (1, CHANGED),
        (2, CREATED),
    ]


@given(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=12))
def test_there_is_one_change_entry_for_each_title_that_differs_from_the_one_before(titles):
    versions = [
        version(number, "+" if number == 0 else "~", title=title)
        for number, title in enumerate(titles)
    ]

    entries = object_entries(versions, SUBJECT, {})

    expected = [(old, new) for old, new in zip(titles, titles[1:], strict=False) if old != new]
    assert [(e.changes[0].old, e.changes[0].new) for e in entries[1:]] == expected
    assert entries[0].what == CREATED
