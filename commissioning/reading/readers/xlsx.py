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
from commissioning.reading.readers import Cell, Document, Row, Table, make_cell

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def read_xlsx(data: bytes, source: str) -> Document:
    """Read every sheet of a workbook, values only (formulas as last calculated)."""
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        merges = merged_ranges(data)
        blocks = [_sheet(sheet, merges.get(sheet.title, [])) for sheet in workbook.worksheets]
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


def _sheet(sheet, merges: list[tuple[int, int, int, int]]) -> Table:
    """The non-empty rows of a sheet, merged ranges spread over every cell they cover."""
    copies: dict[tuple[int, int], tuple[int, int]] = {}
    for min_col, min_row, max_col, max_row in merges:
        for row in range(min_row, max_row + 1):
            for column in range(min_col, max_col + 1):
                if (row, column) != (min_row, min_col):
                    copies[(row, column)] = (min_row, min_col)
    # Some writers record a wrong sheet size; reading without it loses nothing.
    sheet.reset_dimensions()
    values: dict[tuple[int, int], str] = {}
    grid: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(sheet.iter_rows(values_only=True), start=1):
        texts = [render(value) for value in raw]
        for column, text in enumerate(texts, start=1):
            values[(number, column)] = text
        grid.append((number, texts))
    rows = []
    for number, texts in grid:
        row = _row(sheet.title, number, texts, copies, values)
        if any(cell.text.strip() for cell in row.cells):
            rows.append(row)
    return Table(rows, rows[0].line if rows else 1, f"sheet {sheet.title}")


def _row(title: str, number: int, texts: list[str], copies: dict, values: dict) -> Row:
    cells: list[Cell] = []
    width = max([len(texts)] + [column for (row, column) in copies if row == number])
    for column in range(1, width + 1):
        location = f"{title}!{get_column_letter(column)}{number}"
        origin = copies.get((number, column))
        if origin is None:
            text = texts[column - 1] if column <= len(texts) else ""
            cells.append(make_cell(text, line=number, location=location))
        else:
            cells.append(make_cell(values.get(origin, ""), line=number, location=location))
            cells[-1].merged = True
    return Row(cells, number, f"{title} row {number}", number)


def merged_ranges(data: bytes) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges per sheet name, read from the package (read-only mode hides them)."""
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
                found.append(range_boundaries(element.get("ref")))
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
