"""Milestone tables: stages (T1, T2, …) with a due date and internal/external deliverables."""

from __future__ import annotations

import re

from commissioning.domain.plan import DeliverablePlan, Plan, PlanWarning, Scope, StagePlan
from commissioning.domain.timescales import Timescale, search_timescale
from commissioning.reading.readers import Cell, ListItem, Row
from commissioning.reading.recognisers.headers import Header, Meaning, is_repeated_header, place

CODE_IN_BRACKETS = re.compile(r"\(\s*([A-Z]{1,3}\s?\d+[a-z]?)\s*\)")
LEADING_CODE = re.compile(r"^\s*(?:([A-Z]{1,2}\d+[a-z]?)\b|(stage\s+\d+[a-z]?)\b)", re.IGNORECASE)
# A lone short lower-case word: a piece of a word that fell out of a neighbouring cell.
FRAGMENT = re.compile(r"^[a-z][a-z'’-]{0,3}$")
SCOPES = {Meaning.INTERNAL: Scope.INTERNAL, Meaning.EXTERNAL: Scope.EXTERNAL}
TRIM = " \t\n-–—:;,."


def read_stage_cell(text: str) -> tuple[str | None, Timescale | None, str]:
    """The code, due timescale and title in a stage cell like "Stage 1 (T1) 01 June 2010 …"."""
    text = " ".join(text.split())
    code, rest_from = None, 0
    bracketed = CODE_IN_BRACKETS.search(text)
    leading = LEADING_CODE.match(text)
    if bracketed:
        code, rest_from = bracketed.group(1).replace(" ", ""), bracketed.end()
    elif leading:
        code = leading.group(1) or leading.group(2).capitalize()
        rest_from = leading.end()
    found = search_timescale(text[rest_from:])
    if found is None:
        if code is None:
            return None, None, text.strip(TRIM)
        return code, None, text[rest_from:].strip(TRIM)
    timescale, _, end = found
    return code, timescale, text[rest_from + end :].strip(TRIM)


def read_milestones(rows: list[Row], header: Header, plan: Plan) -> None:
    """Stages and their deliverables from the rows under a milestone header."""
    stage_column = header.column(Meaning.STAGE) or 0
    current: StagePlan | None = None
    for row in rows:
        if is_repeated_header(row, header):
            continue
        current = _stage_for(row, stage_column, current, plan)
        for column, meaning in sorted(header.columns.items()):
            if meaning in SCOPES and column < len(row.cells):
                _add_deliverables(row.cells[column], SCOPES[meaning], header, column, current, plan)
    for stage in plan.stages:
        if not stage.title:
            stage.title = stage.code or (stage.due.text if stage.due else "")


def _stage_for(row: Row, column: int, current: StagePlan | None, plan: Plan) -> StagePlan | None:
    """The stage a row belongs to: a new one, or the current one it continues."""
    cell = row.cell(column)
    text = cell.text.strip() if cell is not None and not cell.merged else ""
    if not text:
        return current
    if FRAGMENT.match(text):
        plan.warnings.append(_fragment_warning(cell, text, "stage"))
        return current
    code, due, title = read_stage_cell(text)
    if current is not None and code is None and due is None:
        # A wrapped row: the stage cell carries on from the row above.
        current.title = f"{current.title} {title}".strip() if current.title else title
        return current
    stage = StagePlan(code=code, title=title, due=due, line=row.line)
    plan.stages.append(stage)
    return stage


def _add_deliverables(
    cell: Cell,
    scope: Scope,
    header: Header,
    column: int,
    stage: StagePlan | None,
    plan: Plan,
) -> None:
    if cell.merged or not cell.text.strip():
        return
    name = header.texts.get(column, str(scope))
    if FRAGMENT.match(cell.text.strip()):
        plan.warnings.append(_fragment_warning(cell, cell.text.strip(), name))
        return
    if stage is None:
        plan.warnings.append(
            PlanWarning(cell.line, f"{place(cell)} {name}: deliverables before any stage")
        )
        return
    for item in cell.entries():
        stage.deliverables.append(_deliverable(item, scope, cell.line))


def _deliverable(item: ListItem, scope: Scope, line: int) -> DeliverablePlan:
    children = [_deliverable(child, scope, line) for child in item.children]
    return DeliverablePlan(scope=scope, text=item.text, line=line, children=children)


def _fragment_warning(cell: Cell, text: str, column: str) -> PlanWarning:
    return PlanWarning(
        cell.line,
        f"{place(cell)} {column}: '{text}' looks like a stray fragment of a word, "
        "not a deliverable; left out, please check the document",
    )
