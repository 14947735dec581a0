"""Readers: turn a document (bytes and a file name) into tables and paragraphs.

Each format has its own reader; all of them produce a ``Document`` whose cells know where
they came from (a line for text and CSV, a sheet cell for Excel, a table cell for Word), so
that everything read later can say where to look.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from pathlib import PurePath

from commissioning.domain.plan import PlanError, PlanWarning
from commissioning.reading.limits import ImportLimits, ReadingBudget, check_upload_size, check_zip

BULLET = re.compile(r"^\s*(?:[•●▪◦·\-*–]|\d+[.)])\s+")
HTML_LIST = re.compile(r"<\s*(?:ul|ol|li)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ListItem:
    """One item of a list inside a cell, with the items nested under it."""

    text: str
    children: tuple[ListItem, ...] = ()


@dataclass
class Cell:
    """One cell of a table, with where it came from."""

    text: str
    line: int
    location: str
    items: tuple[ListItem, ...] = ()
    merged: bool = False  # a copy of a merged cell's value, not content of its own

    @property
    def lines(self) -> list[str]:
        """The non-blank lines of the cell, stripped."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    def entries(self) -> tuple[ListItem, ...]:
        """The cell's list items, or one item per line for a cell without a list."""
        if self.items:
            return self.items
        return tuple(ListItem(BULLET.sub("", line)) for line in self.lines)


@dataclass
class Row:
    """One row of a table; ``line`` is where it starts (a line or row number)."""

    cells: list[Cell]
    line: int
    location: str
    last_line: int | None = None

    def text(self, column: int) -> str:
        """The stripped text of a column, empty when the row is short."""
        return self.cells[column].text.strip() if column < len(self.cells) else ""

    def cell(self, column: int | None) -> Cell | None:
        """The cell in a column, None when the row is short or there is no such column."""
        if column is None:
            return None
        return self.cells[column] if 0 <= column < len(self.cells) else None

    def own_cells(self) -> list[tuple[int, Cell]]:
        """The non-empty cells with content of their own (not copies of a merged cell)."""
        return [
            (index, cell)
            for index, cell in enumerate(self.cells)
            if cell.text.strip() and not cell.merged
        ]


@dataclass
class Table:
    """A table as read: rows of cells."""

    rows: list[Row]
    line: int
    location: str


@dataclass
class Paragraph:
    """Text outside tables; ``level`` is the heading level, 0 for body text; ``list_level``
    the depth of a bullet or numbered item (0 at the top), None for text not in a list."""

    text: str
    line: int
    location: str
    level: int = 0
    list_level: int | None = None


@dataclass
class Document:
    """Everything a reader found in one file, in document order."""

    source: str
    blocks: list[Table | Paragraph]
    warnings: list[PlanWarning] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        """The tables, in document order."""
        return [block for block in self.blocks if isinstance(block, Table)]


class ListTooDeep(ValueError):
    """Lists in a cell nest deeper than allowed."""


class _ListParser(HTMLParser):
    """Collects ``<ul>/<ol>/<li>`` nesting and the text around it."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_depth = max_depth
        self.top: list[dict] = []
        self.stack: list[dict] = []  # open <li> items, innermost last
        self.loose: list[str] = []  # text outside any item

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "li":
            item = {"text": [], "children": []}
            if len(self.stack) >= self.max_depth:
                raise ListTooDeep(len(self.stack) + 1)
            (self.stack[-1]["children"] if self.stack else self.top).append(item)
            self.stack.append(item)
        elif tag in ("br", "p", "div") and not self.stack:
            self.loose.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1]["text"].append(data)
        else:
            self.loose.append(data)


def _item(raw: dict) -> ListItem:
    text = " ".join("".join(raw["text"]).split())
    return ListItem(text, tuple(_item(child) for child in raw["children"]))


def _flatten(items: tuple[ListItem, ...]) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines.append(item.text)
        lines.extend(_flatten(item.children))
    return lines


def parse_cell_html(
    text: str, *, max_depth: int = ImportLimits.list_depth
) -> tuple[str, tuple[ListItem, ...]]:
    """Plain text and list items of a cell that may hold HTML lists.

    Raises ListTooDeep for lists nested more than ``max_depth`` deep.
    """
    if "<" not in text or not HTML_LIST.search(text):
        return text, ()
    parser = _ListParser(max_depth)
    parser.feed(text)
    parser.close()
    loose = [" ".join(part.split()) for part in "".join(parser.loose).split("\n")]
    items = tuple(ListItem(line) for line in loose if line)
    items += tuple(_item(raw) for raw in parser.top)
    items = tuple(item for item in items if item.text or item.children)
    return "\n".join(_flatten(items)), items


def make_cell(
    text: str,
    *,
    line: int,
    location: str,
    merged: bool = False,
    budget: ReadingBudget | None = None,
) -> Cell:
    """A cell from raw text, with any HTML list inside it parsed (as deep as allowed)."""
    limits = budget.limits if budget is not None else ImportLimits()
    try:
        plain, items = parse_cell_html(text, max_depth=limits.list_depth)
    except ListTooDeep as error:
        message = f"lists nested more than {limits.list_depth} deep"
        if budget is None:
            raise PlanError(message, source=location) from error
        raise budget.refuse(message, location) from error
    return Cell(plain, line, location, items, merged)


def read_document(data: bytes, filename: str, *, limits: ImportLimits | None = None) -> Document:
    """Read ``data`` with the reader its extension (or, failing that, its content) calls for.

    Every limit in ``limits`` (by default ``ImportLimits()``) applies: a document over one
    is refused with a PlanError naming the file, the place and the limit.
    """
    from commissioning.reading.readers import delimited, docx, pdf, text, xlsx

    source = PurePath(filename).name or filename
    limits = limits or ImportLimits()
    check_upload_size(len(data), source=source, limits=limits)
    if not data.strip():
        raise PlanError("file is empty", source=source)
    budget = ReadingBudget(source, limits)
    kind = _kind(data, PurePath(filename).suffix.lower(), source, limits)
    try:
        if kind == "xlsx":
            return xlsx.read_xlsx(data, source, budget=budget)
        if kind == "docx":
            return docx.read_docx(data, source, budget=budget)
        if kind == "csv":
            return delimited.read_delimited(data, source, budget=budget)
        if kind == "pdf":
            return pdf.read_pdf(data, source, budget=budget)
        return text.read_text(data, source, budget=budget)
    except RecursionError as error:
        raise PlanError("nested too deeply to be read", source=source) from error


UNSUPPORTED = {
    ".xls": "old Excel .xls workbooks are not supported: save it as .xlsx",
    ".doc": "old Word .doc files are not supported: save it as .docx",
}


def _kind(data: bytes, suffix: str, source: str, limits: ImportLimits) -> str:
    if suffix in UNSUPPORTED:
        raise PlanError(UNSUPPORTED[suffix], source=source)
    if suffix in (".xlsx", ".xlsm", ".docx"):
        check_zip(data, source=source, limits=limits)  # before anything is unpacked
        return "docx" if suffix == ".docx" else "xlsx"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        if kind is not None:
            check_zip(data, source=source, limits=limits)
        return kind or "text"
    return "text"


def _zip_kind(data: bytes) -> str | None:
    try:
        names = set(zipfile.ZipFile(BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None
