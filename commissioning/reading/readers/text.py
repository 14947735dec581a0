"""Plain text and markdown: tab-separated tables, headings and paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commissioning.domain.plan import PlanError, PlanWarning
from commissioning.reading.limits import ReadingBudget
from commissioning.reading.readers import Cell, Document, Paragraph, Row, Table, make_cell

# Control bytes that never occur in text a person wrote; tab, newlines, form feed and
# vertical tab (Word's line break in exported cells) are allowed.
CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def decode_text(data: bytes, source: str) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1252 as Excel saves it."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise PlanError("not a text file: broken UTF-16", source=source) from error
    junk = CONTROL.search(data)
    if junk:
        byte, offset = junk.group()[0], junk.start()
        raise PlanError(
            f"not a text file: byte 0x{byte:02x} at offset {offset}",
            source=source,
            location=f"offset {offset}",
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise PlanError("not a text file: unknown character encoding", source=source)
    return str(best)


def strip_emphasis(text: str) -> str:
    """Text without markdown bold/underline markers."""
    return EMPHASIS.sub(r"\2", text).strip()


def read_text(data: bytes, source: str, *, budget: ReadingBudget | None = None) -> Document:
    """Read a text or markdown file."""
    budget = budget or ReadingBudget(source)
    lines = decode_text(data, source).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [line.replace("\x0b", "\n") for line in lines]
    document = Document(source, [])
    pending: list[tuple[int, str]] = []  # the table lines of the current table
    for group in _groups(lines, budget):
        first_tabbed = next((i for i, (_, line) in enumerate(group) if "\t" in line), None)
        if first_tabbed is None:
            _flush_table(pending, document, budget)
            pending = []
            document.blocks.extend(_paragraphs(group))
            continue
        if first_tabbed:
            _flush_table(pending, document, budget)
            pending = []
            document.blocks.extend(_paragraphs(group[:first_tabbed]))
        # Blank lines inside a table (the seed's stage 3 row) do not end it.
        pending.extend(group[first_tabbed:])
    _flush_table(pending, document, budget)
    return document


def _groups(lines: list[str], budget: ReadingBudget) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines with their 1-based line numbers."""
    groups: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        budget.tick(f"line {number}")
        if line.strip():
            current.append((number, line))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _paragraphs(group: list[tuple[int, str]]) -> list[Paragraph]:
    """Headings and list items stand alone; other consecutive lines make one paragraph."""
    paragraphs: list[Paragraph] = []
    body: list[tuple[int, str]] = []

    def flush() -> None:
        if body:
            text = " ".join(line.strip() for _, line in body)
            paragraphs.append(Paragraph(strip_emphasis(text), body[0][0], f"line {body[0][0]}"))
            body.clear()

    for number, line in group:
        heading = HEADING.match(line)
        if heading:
            flush()
            level, text = len(heading.group(1)), strip_emphasis(heading.group(2))
            paragraphs.append(Paragraph(text, number, f"line {number}", level))
        elif re.match(r"^\s*[-*+•]\s+", line):
            flush()
            body.append((number, line))
            flush()
        else:
            body.append((number, line))
    flush()
    return paragraphs


def _flush_table(lines: list[tuple[int, str]], document: Document, budget: ReadingBudget) -> None:
    if not lines:
        return
    if all("\t" in line for _, line in lines):
        rows = [_row(number, line.split("\t"), budget) for number, line in lines]
    else:
        rows = _flowing_rows(lines, document, budget)
    document.blocks.append(Table(rows, lines[0][0], f"line {lines[0][0]}"))


def _cell(number: int, column: int, text: str, budget: ReadingBudget | None = None) -> Cell:
    location = f"line {number}, column {column + 1}"
    return make_cell(text, line=number, location=location, budget=budget)


def _row(number: int, parts: list[str], budget: ReadingBudget) -> Row:
    budget.add_row(len(parts), f"line {number}")
    cells = [_cell(number, column, part, budget) for column, part in enumerate(parts)]
    return Row(cells, number, f"line {number}", number)


@dataclass
class _Flow:
    """A row being pieced together from lines that hold only parts of its cells."""

    line: int
    parts: list[list[tuple[int, str]]] = field(default_factory=list)
    last_line: int = 0
    closed: bool = False

    def row(self, budget: ReadingBudget) -> Row:
        """The row with each cell's pieces joined."""
        budget.add_row(len(self.parts), f"line {self.line}")
        cells = []
        for column, pieces in enumerate(self.parts):
            text = pieces[0][1]
            for _, piece in pieces[1:]:
                # A piece starting in lower case or "(" carries on the same line of text.
                joiner = " " if re.match(r"[a-z(]", piece) else "\n"
                text = f"{text}{joiner}{piece}" if text else piece
            cells.append(_cell(pieces[0][0], column, text, budget))
        return Row(cells, self.line, f"line {self.line}", self.last_line)


def _flowing_rows(
    lines: list[tuple[int, str]], document: Document, budget: ReadingBudget
) -> list[Row]:
    """Rows of a table whose cells run over lines, with tabs only where a new cell starts."""
    header = [part.strip().casefold() for part in lines[0][1].split("\t")]
    width = len(header)
    flows: list[_Flow] = []
    for number, line in lines:
        budget.tick(f"line {number}")
        parts = [part.strip() for part in line.split("\t")]
        current = flows[-1] if flows else None
        if _starts_row(current, parts, header, width):
            current = _Flow(number, [[(number, parts[0])]], number)
            flows.append(current)
        else:
            current.parts[-1].append((number, parts[0]))
        current.parts.extend([(number, part)] for part in parts[1:])
        current.last_line = number
        current.closed = len(current.parts) >= width or _is_header_part(parts, header)
    for flow in flows:
        if flow.last_line > flow.line:
            document.warnings.append(
                PlanWarning(
                    flow.line,
                    f"line {flow.line}: row pieced together from lines {flow.line}–"
                    f"{flow.last_line} (cells run over lines without tabs); check it",
                )
            )
    return [flow.row(budget) for flow in flows]


def _starts_row(current: _Flow | None, parts: list[str], header: list[str], width: int) -> bool:
    if current is None or current.closed or _is_header_part(parts, header):
        return True
    if len(current.parts) == 1 and len(parts) > 1:
        return True  # a one-cell row (a section heading) followed by a row with cells
    return len(current.parts) - 1 + len(parts) > width


def _is_header_part(parts: list[str], header: list[str]) -> bool:
    """Whether a line repeats the first cells of the table's header."""
    texts = [part.casefold() for part in parts]
    while texts and not texts[-1]:
        texts.pop()
    return len(texts) >= 2 and texts == header[: len(texts)]
