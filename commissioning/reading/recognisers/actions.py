"""Action-plan tables: one action per row, with timescale, owners, progress and RAG."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from commissioning.domain.plan import ActionPlan, OwnerKind, OwnerRef, Plan, PlanWarning, Status
from commissioning.domain.timescales import Timescale, latest_timescale, parse_timescale
from commissioning.reading.owners import OwnerDirectory, split_owners
from commissioning.reading.readers import Cell, Row
from commissioning.reading.recognisers.headers import (
    Header,
    Meaning,
    is_repeated_header,
    normalise,
    place,
)
from commissioning.reading.statuses import suggest_status

RAG_WORDS = {
    "red": "Red",
    "r": "Red",
    "amber": "Amber",
    "a": "Amber",
    "green": "Green",
    "g": "Green",
    "blue": "Blue",
    "b": "Blue",
}
STATUS_WORDS = {
    **dict.fromkeys(["complete", "completed", "done", "closed", "achieved"], Status.COMPLETE),
    **dict.fromkeys(
        ["in progress", "ongoing", "on going", "on track", "started", "underway", "under way"],
        Status.IN_PROGRESS,
    ),
    **dict.fromkeys(["not started", "not yet started", "to start"], Status.NOT_STARTED),
    **dict.fromkeys(["blocked", "on hold", "stalled", "suspended"], Status.BLOCKED),
    **dict.fromkeys(["dropped", "cancelled", "canceled", "withdrawn", "deleted"], Status.DROPPED),
}
NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*|[A-Z]|[IVX]+)[.)]\s+\S")


def normalise_rag(text: str) -> str | None:
    """ "Red", "Amber/Red", "A/G" … as RAG words joined by "/", or None if not a RAG value."""
    parts = [part for part in re.split(r"[\s/\\\-–]+", text.strip().casefold()) if part]
    words = [RAG_WORDS.get(part) for part in parts]
    if not words or None in words or len(words) > 2:
        return None
    return "/".join(words)


@dataclass
class Columns:
    """The columns of an action table, with the status column's role settled."""

    title: int
    timescale: int | None
    owners: int | None
    progress: int | None
    status: int | None
    rag: int | None
    ref: int | None

    @classmethod
    def of(cls, header: Header, rows: list[Row]) -> Columns:
        """The columns under a header; a Status column holding only RAG values is RAG."""
        status, rag = header.column(Meaning.STATUS), header.column(Meaning.RAG)
        if status is not None and rag is None and _all_rag(rows, status):
            status, rag = None, status
        return cls(
            title=header.column(Meaning.TITLE),
            timescale=header.column(Meaning.TIMESCALE),
            owners=header.column(Meaning.OWNERS),
            progress=header.column(Meaning.PROGRESS),
            status=status,
            rag=rag,
            ref=header.column(Meaning.REF),
        )


def _all_rag(rows: list[Row], column: int) -> bool:
    values = [own_text(row, column) for row in rows]
    values = [value for value in values if value]
    return bool(values) and all(normalise_rag(value) for value in values)


def own_text(row: Row, column: int | None) -> str:
    """A cell's own text (not a copy of a merged cell), stripped; empty when absent."""
    cell = row.cell(column) if column is not None else None
    return cell.text.strip() if cell is not None and not cell.merged else ""


def read_actions(
    rows: list[Row],
    header: Header,
    plan: Plan,
    *,
    directory: OwnerDirectory | None,
) -> None:
    """Actions from the rows under an action-plan header; sections from heading rows."""
    columns = Columns.of(header, rows)
    context = plan.as_of.start if plan.as_of else None
    section: str | None = None
    unresolved: dict[str, tuple[Cell, OwnerRef, int]] = {}
    keyed = _keyed_rows(rows, columns)
    previous: ActionPlan | None = None
    refs: set[str] = set()  # the references seen, for sub-actions to find their parent
    top: ActionPlan | None = None  # the last action that is not a sub-action
    owner_text: dict[int, str] = {}  # id(action) → its owners as written, for wrapped cells
    for row in rows:
        if is_repeated_header(row, header):
            continue
        heading = section_heading(row, columns)
        if heading is not None:
            section = heading
            continue
        if previous is not None and _continues(row, columns, keyed, previous):
            _join(previous, row, columns, owner_text, directory)
            continue
        action = _action(row, columns, plan, context, directory)
        if action is not None:
            action.section = section
            action.parent = _parent(action, refs, top)
            if action.ref:
                refs.add(action.ref.rstrip("."))
            if action.parent is None:
                top = action
            plan.actions.append(action)
            owner_text[id(action)] = own_text(row, columns.owners)
            _note_unresolved(action, row.cell(columns.owners), unresolved)
            previous = action
    plan.warnings.extend(_unresolved_warnings(unresolved))


CONTINUED = re.compile(r"\(?\bcont(?:['’]?d|inued)\b\.?\)?", re.IGNORECASE)
SUB_REF = re.compile(r"^\(?(?:[a-z]|[ivx]+)[.)]$|^[–\-•]$")
BULLETED = re.compile(r"^[–\-•]\s+")


def _keyed_rows(rows: list[Row], columns: Columns) -> bool:
    """Whether rows carry a reference or a date as a rule, so a row without is a wrapped line."""
    keys = [c for c in (columns.ref, columns.timescale) if c is not None]
    if not keys:
        return False
    texts = [row for row in rows if own_text(row, columns.title)]
    if len(texts) < 3:
        return False
    keyed = sum(1 for row in texts if any(own_text(row, c) for c in keys))
    return keyed / len(texts) >= 0.6


def _continues(row: Row, columns: Columns, keyed: bool, previous: ActionPlan) -> bool:
    """A row that carries on the one above: "(cont'd)"; or, with no reference, date, RAG or
    status of its own, text that starts in lower case or finishes a sentence left open
    ("… a long-term strategy and" / "clarify …"); or, where rows have keys as a rule, text
    only beside an empty title."""
    title = own_text(row, columns.title)
    if CONTINUED.search(title[:40]) or CONTINUED.search(own_text(row, columns.ref)):
        return True
    if not row.own_cells():
        return False
    keys = [
        c for c in (columns.ref, columns.timescale, columns.rag, columns.status) if c is not None
    ]
    if any(own_text(row, c) for c in keys):
        return False
    if not title:
        return keyed
    last = previous.title.split()[-1].casefold() if previous.title.split() else ""
    return title[:1].islower() or last in OPEN_ENDED or previous.title.endswith((",", "-", "–"))


OPEN_ENDED = {"and", "or", "of", "the", "to", "for", "with", "in", "on", "a", "an", "by", "at",
              "from", "into", "that", "which", "including", "&"}  # fmt: skip


def _join(action: ActionPlan, row: Row, columns: Columns, owner_text: dict, directory) -> None:
    """Add a wrapped row's text to the action it continues."""
    title = CONTINUED.sub("", title_of(row.cell(columns.title))).strip(" :-–")
    if title and not action.title.startswith(title):
        action.title = _joined(action.title, title)
    progress = own_text(row, columns.progress)
    if progress:
        action.progress = _joined(action.progress or "", progress)
    owners = own_text(row, columns.owners)
    if owners:
        written = _joined(owner_text.get(id(action), ""), owners)
        owner_text[id(action)] = written
        action.owners = split_owners(written, directory=directory)


def _joined(first: str, more: str) -> str:
    if not first:
        return more
    if first.rstrip().endswith((".", ";", ":")) and more[:1].isupper():
        return f"{first}\n{more}" if "\n" in first else f"{first} {more}"
    return f"{first} {more}"


def _parent(action: ActionPlan, refs: set[str], top: ActionPlan | None) -> str | None:
    """The action a sub-action nests under: "1" for "1.1", the last numbered one for "a)"."""
    ref = (action.ref or "").strip()
    if ref and "." in ref.rstrip("."):
        head = ref.rstrip(".").rsplit(".", 1)[0]
        return head if head in refs else None
    nested = SUB_REF.match(ref) or (not ref and BULLETED.match(action.title))
    if nested and top is not None:
        return top.ref or top.title
    return None


def _note_unresolved(action: ActionPlan, cell: Cell | None, unresolved: dict) -> None:
    """Remember each owner needing review once, with where it first appears."""
    for owner in action.owners:
        if owner.resolved or cell is None:
            continue
        first_cell, first_owner, count = unresolved.get(owner.name, (cell, owner, 0))
        unresolved[owner.name] = (first_cell, first_owner, count + 1)


def _unresolved_warnings(unresolved: dict) -> list[PlanWarning]:
    """One warning per owner name that needs review, not one per row it appears in."""
    warnings = []
    for cell, owner, count in unresolved.values():
        why = (
            "a new person, not yet in the directory"
            if owner.kind == OwnerKind.PERSON
            else "not recognised as a person, team, organisation or role"
        )
        rows = f"; named in {count} rows" if count > 1 else ""
        warnings.append(
            PlanWarning(
                cell.line,
                f"{place(cell)} responsibility: '{owner.name}' needs review ({why}{rows})",
            )
        )
    return warnings


def section_heading(row: Row, columns: Columns) -> str | None:
    """The text of a row that is a section heading: one cell of text across the row."""
    own = row.own_cells()
    if len(own) != 1:
        return None
    index, cell = own[0]
    text = " ".join(cell.text.split())
    spans = any(other.merged for other in row.cells)
    looks_like_heading = text.isupper() or bool(NUMBERED.match(text)) or text.endswith(":")
    if index == 0 and (index != columns.title or spans or looks_like_heading):
        return text
    if index == columns.title and (spans or looks_like_heading):
        return text
    return None


def title_of(cell: Cell | None) -> str:
    """An action's title: the cell's lines (or top-level list items) joined."""
    if cell is None or cell.merged:
        return ""
    parts = [item.text for item in cell.items] if cell.items else cell.lines
    return "; ".join(" ".join(part.split()) for part in parts if part.strip())


def _action(
    row: Row,
    columns: Columns,
    plan: Plan,
    context,
    directory: OwnerDirectory | None,
) -> ActionPlan | None:
    title = title_of(row.cell(columns.title))
    if not title:
        if row.own_cells():
            plan.warnings.append(
                PlanWarning(row.line, f"{row.location}: text with no action beside it; left out")
            )
        return None
    status, suggested = _status(row, columns)
    progress = own_text(row, columns.progress) or None
    return ActionPlan(
        ref=own_text(row, columns.ref) or None,
        title=title,
        timescale=_timescale(row, columns.timescale, plan, context),
        owners=_owners(row, columns.owners, directory),
        progress=progress,
        status=status,
        status_suggested=suggested,
        rag=normalise_rag(own_text(row, columns.rag)),
        line=row.line,
    )


def _status(row: Row, columns: Columns) -> tuple[Status, bool]:
    """A status written as such; a date in the status column ("Completed: 15/10/2015") says
    it was done; else one suggested by the status text, then by the progress text."""
    written = own_text(row, columns.status)
    if written and normalise(written) in STATUS_WORDS:
        return STATUS_WORDS[normalise(written)], False
    if written:
        when = parse_timescale(written)
        if when.is_parsed and when.precision == "day":
            return Status.COMPLETE, True
        suggested = suggest_status(written)
        if suggested != Status.UNKNOWN:
            return suggested, True
    if columns.progress is not None:
        return suggest_status(own_text(row, columns.progress) or None), True
    return Status.UNKNOWN, False


def _timescale(row: Row, column: int | None, plan: Plan, context) -> Timescale | None:
    text = own_text(row, column)
    if not text:
        return None
    timescale = parse_timescale(text, context=context)
    if timescale.is_parsed:
        return timescale
    latest = latest_timescale(text, context=context)
    if latest is not None:
        return latest
    cell = row.cells[column]
    plan.warnings.append(
        PlanWarning(cell.line, f"{place(cell)} timescale: could not read '{text}'")
    )
    return timescale


def _owners(row: Row, column: int | None, directory: OwnerDirectory | None) -> list[OwnerRef]:
    text = own_text(row, column)
    if not text:
        return []
    return [replace(owner) for owner in _split_cached(text, directory)]


@lru_cache(maxsize=8192)
def _split_cached(text: str, directory: OwnerDirectory | None) -> tuple[OwnerRef, ...]:
    """Owner cells repeat down a long plan ("Head of Housing" in every other row)."""
    return tuple(split_owners(text, directory=directory))
