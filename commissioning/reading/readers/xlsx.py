"""Excel workbooks (.xlsx, .xlsm): every sheet is a table; merged cells are spread."""

from __future__ import annotations

import posixpath
import zipfile
from datetime import date, datetime, time
from io import BytesIO
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from commissioning.domain.plan import PlanError
from commissioning.reading.limits import ReadingBudget
from commissioning.reading.readers import Cell, Document, Row, Table, make_cell

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_xlsx(data: bytes, source: str, *, budget: ReadingBudget | None = None) -> Document:
    """Read every sheet of a workbook, values only (formulas as last calculated)."""
    budget = budget or ReadingBudget(source)
    try:
        merges = merged_ranges(data, budget)  # refuses a huge merged area before reading
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        blocks = [
            _sheet(sheet, merges.get(sheet.title, []), budget) for sheet in workbook.worksheets
        ]
        workbook.close()
    except PlanError:
        raise
    except Exception as error:
        # openpyxl and zipfile raise many unrelated types for a damaged workbook.
        raise PlanError(f"not a valid Excel workbook ({error})", source=source) from error
    return Document(source, [block for block in blocks if block.rows])


def render(value: object) -> str:
    """A cell value as text; dates as "01 June 2010" so timescales read them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.strftime("%d %B %Y")
            if value.time() == time()
            else value.strftime("%d %B %Y %H:%M")
        )
    if isinstance(value, date):
        return value.strftime("%d %B %Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet(sheet, merges: list[tuple[int, int, int, int]], budget: ReadingBudget) -> Table:
    """The non-empty rows of a sheet, merged ranges spread over every cell they cover."""
    copies: dict[tuple[int, int], tuple[int, int]] = {}
    widths: dict[int, int] = {}  # the last column a merged range reaches, by row
    for min_col, min_row, max_col, max_row in merges:
        for row in range(min_row, max_row + 1):
            widths[row] = max(widths.get(row, 0), max_col)
            for column in range(min_col, max_col + 1):
                if (row, column) != (min_row, min_col):
                    copies[(row, column)] = (min_row, min_col)
    origins = set(copies.values())
    # Some writers record a wrong sheet size; reading without it loses nothing.
    sheet.reset_dimensions()
    values: dict[tuple[int, int], str] = {}
    grid: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(sheet.iter_rows(values_only=True), start=1):
        where = f"sheet {sheet.title} row {number}"
        budget.tick(where)
        width = len(raw)
        while width and (raw[width - 1] is None or raw[width - 1] == ""):
            width -= 1  # openpyxl pads rows with empty cells up to the last one written
        budget.check_columns(width, where)
        if not width and number not in widths:
            continue
        texts = [render(value) for value in raw[:width]]
        for column, text in enumerate(texts, start=1):
            if (number, column) in origins:
                values[(number, column)] = text
        grid.append((number, texts))
    rows = []
    for number, texts in grid:
        row = _row(sheet.title, number, texts, copies, values, widths.get(number, 0), budget)
        if any(cell.text.strip() for cell in row.cells):
            budget.add_row(len(row.cells), f"sheet {sheet.title} row {number}")
            rows.append(row)
    return Table(rows, rows[0].line if rows else 1, f"sheet {sheet.title}")


def _row(
    title: str,
    number: int,
    texts: list[str],
    copies: dict,
    values: dict,
    merged_width: int,
    budget: ReadingBudget,
) -> Row:
    cells: list[Cell] = []
    width = max(len(texts), merged_width)
    for column in range(1, width + 1):
        location = f"{title}!{get_column_letter(column)}{number}"
        origin = copies.get((number, column))
        if origin is None:
            text = texts[column - 1] if column <= len(texts) else ""
            cells.append(make_cell(text, line=number, location=location, budget=budget))
        else:
            text = values.get(origin, "")
            cells.append(make_cell(text, line=number, location=location, budget=budget))
            cells[-1].merged = True
    return Row(cells, number, f"{title} row {number}", number)


def merged_ranges(
    data: bytes, budget: ReadingBudget | None = None
) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges per sheet name, read from the package (read-only mode hides them).

    Their area counts against the budget's merged cells before any is spread.
    """
    budget = budget or ReadingBudget("workbook")
    archive = zipfile.ZipFile(BytesIO(data))
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PACKAGE}Relationship")}
    ranges: dict[str, list[tuple[int, int, int, int]]] = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(f"{RELATIONSHIPS}id"), "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        if path not in archive.namelist():
            continue
        found = []
        if not _may_merge(archive, path):
            ranges[sheet.get("name")] = found
            continue
        for _, element in ElementTree.iterparse(archive.open(path)):
            if element.tag == f"{MAIN}mergeCell":
                found.append(_merged_range(element.get("ref"), sheet.get("name"), budget))
            element.clear()
        ranges[sheet.get("name")] = found
    return ranges


def _may_merge(archive: zipfile.ZipFile, path: str) -> bool:
    """False when a sheet (in UTF-8, as written by Excel and others) has no merged cells.

    Saves parsing a large sheet a second time only to find nothing.
    """
    tag = b"mergeCell"
    with archive.open(path) as source:
        head = source.read(4)
        if b"\x00" in head:  # UTF-16 or UTF-32: look the slow way
            return True
        tail = head
        while chunk := source.read(1 << 20):
            if tag in tail[-len(tag) :] + chunk:
                return True
            tail = chunk
    return tag in head


def _merged_range(ref: str | None, title: str, budget: ReadingBudget) -> tuple[int, int, int, int]:
    """A merged range's bounds, its area counted against the budget."""
    where = f"sheet {title} merged range {ref}"
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref or "")
    except (TypeError, ValueError) as error:
        raise budget.refuse("not a cell range", where) from error
    if None in (min_col, min_row, max_col, max_row) or min_col > max_col or min_row > max_row:
        raise budget.refuse("not a range of cells (whole rows or columns cannot be merged)", where)
    budget.add_merged((max_col - min_col + 1) * (max_row - min_row + 1), where)
    return min_col, min_row, max_col, max_row
