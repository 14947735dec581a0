"""Two people saving the same item at the same moment: exactly one wins, the other is told.

A person's copy of an item (an edit form, or an API client's ``ETag``) carries the item's
version: the id of its latest history row, which changes with every save of any kind (edits,
imports, status changes, archiving). A guarded save first claims the item's row with one
conditional update (``UPDATE … SET lock_version = lock_version + 1 WHERE id = … AND
lock_version = n``), then, holding that row, checks that no history was written since the
person's copy. Both happen in
the save's own transaction, so no other save can come in between: of two saves from the same
copy, the second finds the row already claimed, or the first one's history, and is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F

from commissioning.core.audit import person_name

CLAIM_TRIES = 3


def current_version(item) -> int:
    """The id of the item's latest history row: it changes whenever the item is saved."""
    latest = item.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


@dataclass(frozen=True)
class FieldChange:
    """A field someone else changed since a copy was taken: its value then and now."""

    field: str
    was: str
    now: str


class EditConflict(Exception):
    """The item was saved by someone else since the person's copy (``version``) was taken."""

    def __init__(self, item, version: int | None):
        self.item = item
        self.version = version
        self.current = current_version(item)
        super().__init__(f"{type(item).__name__} {item.pk} changed since version {version}")


def claim(item, *, expected_version: int) -> None:
    """Hold ``item``'s row for this transaction if nobody saved it since ``expected_version``,
    else raise :class:`EditConflict`; afterwards ``item`` has the values as they now stand.

    Call inside ``transaction.atomic``: the claim is undone with the rest if anything fails.
    A claim lost to another guarded save is tried again on the row as that save left it: the
    history then says whether it changed anything.
    """
    rows = type(item)._base_manager.filter(pk=item.pk)
    for _ in range(CLAIM_TRIES):
        if rows.filter(lock_version=item.lock_version).update(lock_version=F("lock_version") + 1):
            break
        item.refresh_from_db(fields=["lock_version"])
    else:
        raise EditConflict(item, expected_version)
    if current_version(item) != expected_version:
        raise EditConflict(item, expected_version)
    item.refresh_from_db()


def changes_since(item, version: int | None, fields: dict[str, str]) -> tuple[str, list]:
    """Who saved ``item`` after ``version``, and the ``fields`` (attribute → label) that differ
    between that version and now; every field that has a value if the version is unknown."""
    history = item.history.all()
    then = history.filter(history_id=version).first() if version else None
    later = history.filter(history_id__gt=version or 0).select_related("history_user")
    who = ", ".join(dict.fromkeys(person_name(row.history_user) or "Someone" for row in later))
    changes = []
    for attribute, label in fields.items():
        now = getattr(item, attribute)
        was = getattr(then, attribute) if then is not None else None
        if then is None or was != now:
            changes.append(
                FieldChange(label, "" if was is None else str(was), "" if now is None else str(now))
            )
    return who or "Someone else", changes
