"""The three-way merge of a re-imported document with what people changed since.

For each field the document sets there are three values: the *base* (what the last import
of the item said), the *current* value (what the item holds now, perhaps a person's edit)
and what the *document* says now. Pure functions, no database: the loader supplies values.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

KEEP = "keep"  # keep the value the item holds now
TAKE = "document"  # take the document's value
CHOICES = (KEEP, TAKE)
KEPT_REASON = "kept person's value"
TOOK_REASON = "took document's value"
MAX_REASON = 100  # django-simple-history's history_change_reason length

FIELD_LABELS = {
    "code": "code",
    "title": "title",
    "section": "section",
    "rag": "RAG",
    "timescale": "timescale",
    "status": "status",
    "owners": "owners",
}


class Outcome(StrEnum):
    """What a re-import does to one field."""

    UNCHANGED = "unchanged"  # nothing to write: the document agrees, or did not change it
    TAKE = "take"  # the document changed it and nobody else did: take the document's value
    CONFLICT = "conflict"  # both changed it, to different values: a person decides


def merge_field(*, base: Any, current: Any, document: Any, has_base: bool) -> Outcome:
    """The outcome for one field, given its base, current and document values.

    Without a base (never imported, or imported before bases were kept) nobody can tell
    who changed what, so any difference is a conflict rather than a silent overwrite.
    """
    if document == current:
        return Outcome.UNCHANGED
    if has_base and document == base:
        return Outcome.UNCHANGED  # the document did not change it: keep the person's value
    if has_base and current == base:
        return Outcome.TAKE
    return Outcome.CONFLICT


@dataclass(frozen=True)
class Difference:
    """One field of one item a re-import would change, or a conflict about it.

    A conflict (``is_conflict``) gets its ``resolution`` once decided: ``keep`` or
    ``document``.
    """

    kind: str  # "stage" or "action"
    item_id: int
    item: str  # the item as people know it: "A1 Agree mutual definition…", "T1 Plans…"
    field: str
    base: Any
    current: Any
    document: Any
    line: int
    is_conflict: bool = False
    resolution: str | None = None
    by_default: bool = False  # kept only because nobody chose: asked again next time

    @property
    def key(self) -> str:
        """Names this conflict while the values stay the same; a change to them renames it.

        A choice made on a preview therefore never applies to values nobody saw.
        """
        seen = json.dumps([self.current, self.document], sort_keys=True, default=str)
        digest = hashlib.sha256(seen.encode()).hexdigest()[:10]
        return f"{self.kind}-{self.item_id}-{self.field}-{digest}"

    @property
    def field_label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)

    def resolved(self, choice: str, *, by_default: bool = False) -> Difference:
        if choice not in CHOICES:
            raise ValueError(f"a conflict is resolved by {' or '.join(CHOICES)}, not {choice!r}")
        return replace(self, resolution=choice, by_default=by_default)

    def to_json(self) -> dict:
        payload = {
            "item": self.item,
            "kind": self.kind,
            "id": self.item_id,
            "field": self.field,
            "base": self.base,
            "current": self.current,
            "document": self.document,
            "line": self.line,
        }
        if self.is_conflict:
            payload["key"] = self.key
            payload["resolution"] = self.resolution
            payload["chosen"] = self.resolution is not None and not self.by_default
        return payload


def choose(
    conflicts: list[Difference], *, resolutions: dict[str, str] | None, overwrite: bool
) -> list[Difference]:
    """Each conflict with its resolution: as chosen by its key, else the default.

    The default keeps the person's value, and the conflict stays open (the next import asks
    again); ``overwrite`` makes the default the document's value.
    """
    chosen = resolutions or {}
    decided = []
    for conflict in conflicts:
        if conflict.key in chosen:
            decided.append(conflict.resolved(chosen[conflict.key]))
        elif overwrite:
            decided.append(conflict.resolved(TAKE))
        else:
            decided.append(conflict.resolved(KEEP, by_default=True))
    return decided


def change_reason(decided: list[Difference]) -> str:
    """The history change reason for an item's decided conflicts, e.g.
    "kept person's value: timescale; took document's value: owners"."""
    parts = []
    for choice, reason in ((KEEP, KEPT_REASON), (TAKE, TOOK_REASON)):
        fields = [d.field_label for d in decided if d.resolution == choice]
        if fields:
            parts.append(f"{reason}: {', '.join(fields)}")
    text = "; ".join(parts)
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"
