"""Word documents (.docx): every table, and the paragraphs and headings around them."""

from __future__ import annotations

import re
from io import BytesIO
from weakref import WeakKeyDictionary

import docx
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from commissioning.domain.plan import PlanError
from commissioning.reading.limits import ReadingBudget
from commissioning.reading.readers import Cell, Document, ListItem, Paragraph, Row, Table

HEADING_STYLE = re.compile(r"^(?:heading\s*(\d)|title)$", re.IGNORECASE)
_STYLE_NAMES: WeakKeyDictionary = WeakKeyDictionary()  # style names by document part and id


def read_docx(data: bytes, source: str, *, budget: ReadingBudget | None = None) -> Document:
    """Read the body of a Word document in order: paragraphs and tables."""
    budget = budget or ReadingBudget(source)
    try:
        word = docx.Document(BytesIO(data))
        blocks = _blocks(word, budget)
    except PlanError:
        raise
    except RecursionError as error:
        # python-docx follows a vertically merged cell up, one call per row it spans.
        raise PlanError("cells merged or nested too deeply to be read", source=source) from error
    except Exception as error:
        # python-docx, zipfile and lxml raise many unrelated types for a damaged file.
        raise PlanError(f"not a valid Word document ({error})", source=source) from error
    return Document(source, blocks)


def _blocks(word, budget: ReadingBudget) -> list[Table | Paragraph]:
    blocks: list[Table | Paragraph] = []
    tables = paragraphs = 0
    for content in word.iter_inner_content():
        if isinstance(content, WordTable):
            tables += 1
            blocks.append(_table(content, tables, budget))
        elif isinstance(content, WordParagraph):
            paragraphs += 1
            budget.tick(f"paragraph {paragraphs}")
            text = content.text.strip()
            if text:
                location = f"paragraph {paragraphs}"
                level, depth = heading_level(content), list_level(content)
                blocks.append(Paragraph(text, paragraphs, location, level, depth))
    return blocks


def style_name(paragraph: WordParagraph) -> str:
    """The name of a paragraph's style (else the document's default), "" when it has none.

    Looked up once per style and document: python-docx searches every style for each lookup.
    """
    names = _STYLE_NAMES.setdefault(paragraph.part, {})
    style_id = paragraph._p.style
    if style_id not in names:
        style = paragraph.style
        names[style_id] = (style.name or "") if style is not None else ""
    return names[style_id]


def heading_level(paragraph: WordParagraph) -> int:
    """1 for a Title, N for Heading N, 0 for body text."""
    match = HEADING_STYLE.match(style_name(paragraph))
    if not match:
        return 0
    return int(match.group(1)) if match.group(1) else 1


def _table(table: WordTable, number: int, budget: ReadingBudget) -> Table:
    """The rows of a Word table, read from its XML cell by cell.

    python-docx's ``row.cells`` finds the content of a vertically merged cell by walking up
    one row at a time (quadratic in the merge's height) and lists a spanned cell once per
    column it claims; here the cell above is taken from the row already read, and the
    columns are counted before any is made.
    """
    rows: list[Row] = []
    for index, word_row in enumerate(table.rows, start=1):
        where = f"table {number}, row {index}"
        tr = word_row._tr
        budget.check_columns(tr.grid_before + sum(max(tc.grid_span, 1) for tc in tr.tc_lst), where)
        cells: list[Cell] = [_empty(number, index, i + 1) for i in range(tr.grid_before)]
        for tc in tr.tc_lst:
            column = len(cells) + 1
            location = f"table {number}, row {index}, cell {column}"
            if tc.vMerge == "continue":
                # The lower part of a vertical merge holds what the cell above holds.
                above = rows[-1].cell(column - 1) if rows else None
                text, items = (above.text, above.items) if above is not None else ("", ())
            else:
                text, items = cell_content(_Cell(tc, table), budget=budget, location=location)
            cells.append(Cell(text, index, location, items))
            for extra in range(1, max(tc.grid_span, 1)):
                # A horizontally merged cell repeats: keep the column, mark it as a copy.
                copy_location = f"table {number}, row {index}, cell {column + extra}"
                cells.append(Cell(text, index, copy_location, items, merged=True))
        budget.add_row(len(cells), where)
        rows.append(Row(cells, index, where, index))
    return Table(rows, 1, f"table {number}")


def _empty(table: int, row: int, column: int) -> Cell:
    return Cell("", row, f"table {table}, row {row}, cell {column}")


def list_level(paragraph: WordParagraph) -> int | None:
    """The list level of a bullet or numbered paragraph, None for plain text."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is not None:
        ilvl = num_pr.ilvl
        return int(ilvl.val) if ilvl is not None and ilvl.val is not None else 0
    name = style_name(paragraph)
    if name.lower().startswith("list"):
        digits = re.search(r"(\d+)$", name)
        return int(digits.group(1)) - 1 if digits else 0
    return None


def cell_content(
    cell, *, budget: ReadingBudget | None = None, location: str = "cell"
) -> tuple[str, tuple[ListItem, ...]]:
    """A cell's text (one line per paragraph) and its bullets as nested list items."""
    budget = budget or ReadingBudget("document")
    lines: list[str] = []
    entries: list[tuple[int | None, str]] = []
    for paragraph in cell.paragraphs:
        budget.tick(location)
        text = paragraph.text.strip()
        if text:
            lines.append(text)
            entries.append((list_level(paragraph), text))
    if all(level is None for level, _ in entries):
        return "\n".join(lines), ()
    return "\n".join(lines), _nest(entries, budget=budget, location=location)


def _nest(
    entries: list[tuple[int | None, str]], *, budget: ReadingBudget, location: str
) -> tuple[ListItem, ...]:
    """Items nested by list level; plain paragraphs sit at the top level."""
    root: list[tuple[str, list]] = []
    stack: list[tuple[int, list]] = [(-1, root)]
    for level, text in entries:
        depth = -1 if level is None else level
        while len(stack) > 1 and stack[-1][0] >= depth:
            stack.pop()
        children: list = []
        stack[-1][1].append((text, children))
        if level is not None:
            stack.append((depth, children))
            budget.check_depth(len(stack) - 1, location)
    return _freeze(root)


def _freeze(nodes: list[tuple[str, list]]) -> tuple[ListItem, ...]:
    return tuple(ListItem(text, _freeze(children)) for text, children in nodes)
