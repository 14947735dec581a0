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
BULLET = re.compile(r"^\s*[-*+•]\s+")
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
    rebuilt: list[PlanWarning] = []
    lines = rebuild_cell_per_line(lines, rebuilt)
    lines = split_columns(lines)
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
    document.warnings.extend(rebuilt)
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

    # A bullet's depth: the rank of its indent among the group's bullets (two spaces or four,
    # or a tab, a level: whatever the writer used).
    indents = sorted({_indent(line) for _, line in group if BULLET.match(line)})
    for number, line in group:
        heading = HEADING.match(line)
        if heading:
            flush()
            level, text = len(heading.group(1)), strip_emphasis(heading.group(2))
            paragraphs.append(Paragraph(text, number, f"line {number}", level))
        elif BULLET.match(line):
            flush()
            depth = indents.index(_indent(line))
            paragraphs.append(
                Paragraph(strip_emphasis(line.strip()), number, f"line {number}", 0, depth)
            )
        else:
            body.append((number, line))
    flush()
    return paragraphs


def _indent(line: str) -> int:
    """The width of a line's leading white space, a tab counting as four spaces."""
    spaces = line[: len(line) - len(line.lstrip())]
    return len(spaces.replace("\t", "    "))


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


# Cells people separate without tabs: "a | b | c" (markdown), "a / b / c" (a Word table
# flattened to a line), and columns aligned with spaces (fixed-width text).
PIPE = re.compile(r"\s*\|\s*")
SLASH = re.compile(r"\s+/\s+")
RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
GAP = re.compile(r"\S(\s{3,})(?=\S)")
RUN = 3  # lines in a row with the same separator before they are taken as a table


def split_columns(lines: list[str]) -> list[str]:
    """Lines with cells separated by pipes, " / " or aligned spaces, rewritten with tabs.

    Only runs of at least three lines that agree are rewritten, so a sentence with a slash
    or a wide space in it stays a sentence.
    """
    result = list(lines)
    _split_separated(result, PIPE, lambda line: line.count("|") >= 2)
    _split_separated(result, SLASH, lambda line: len(SLASH.findall(line)) >= 2)
    _split_fixed_width(result)
    _split_trailing_dates(result)
    return result


DATE_HEADER = {"date", "dates", "when", "timescale", "timescales", "deadline", "target",
               "timing", "by when", "due"}  # fmt: skip


def trailing_timescale(line: str) -> int | None:
    """Where a timescale that ends the line starts ("Submission December 2021"), if one does."""
    from commissioning.domain.timescales import parse_timescale

    words = list(re.finditer(r"\S+", line))
    best = None
    for count in range(1, min(7, len(words))):
        start = words[-count].start()
        tail = line[start:].rstrip(" *")
        if parse_timescale(tail).is_parsed and re.search(r"\d|q[1-4]", tail, re.IGNORECASE):
            best = start
    return best


def _split_trailing_dates(lines: list[str]) -> None:
    """A run of lines each ending with a date ("Consultation on options June – July 2017")
    is a two-column table of what and when; a short line above it is its header."""

    def test(line: str) -> bool:
        at = trailing_timescale(line)
        return at is not None and len(re.findall(r"[A-Za-z]{2,}", line[:at])) >= 2

    for start, end in _runs(lines, test):
        for index in range(start, end):
            at = trailing_timescale(lines[index])
            lines[index] = f"{lines[index][:at].rstrip(' –-:')}\t{lines[index][at:].strip()}"
        above = lines[start - 1].strip() if start else ""
        words = above.split()
        if "\t" not in above and 2 <= len(words) <= 4:
            for size in (2, 1):
                if " ".join(words[-size:]).casefold() in DATE_HEADER and len(words) > size:
                    lines[start - 1] = f"{' '.join(words[:-size])}\t{' '.join(words[-size:])}"
                    break


def _runs(lines: list[str], test) -> list[tuple[int, int]]:
    """(start, end) of runs of non-blank lines passing ``test``; blank lines end a run."""
    runs, start = [], None
    for index, line in enumerate([*lines, ""]):
        ok = bool(line.strip()) and "\t" not in line and test(line)
        if ok and start is None:
            start = index
        elif not ok and start is not None:
            if index - start >= RUN:
                runs.append((start, index))
            start = None
    return runs


def _split_separated(lines: list[str], separator: re.Pattern[str], test) -> None:
    for start, end in _runs(lines, lambda line: test(line) or bool(RULE.match(line))):
        for index in range(start, end):
            line = lines[index]
            if RULE.match(line):
                lines[index] = ""  # a markdown rule under the header
                continue
            cells = separator.split(line.strip())
            if separator is PIPE:
                cells = cells[1:] if cells and not cells[0] else cells
                cells = cells[:-1] if cells and not cells[-1] else cells
            lines[index] = "\t".join(cell.strip() for cell in cells)


def _split_fixed_width(lines: list[str]) -> None:
    """Columns aligned with spaces: cut every line of a block where all of them are blank."""
    for start, end in _runs(lines, lambda line: len(GAP.findall(line)) >= 1):
        block = lines[start:end]
        width = max(len(line) for line in block)
        padded = [line.ljust(width) for line in block]
        blank = [all(line[i] == " " for line in padded) for i in range(width)]
        cuts, i = [], 0
        while i < width:
            if blank[i]:
                j = i
                while j < width and blank[j]:
                    j += 1
                if i > 0 and j < width and j - i >= 2:
                    cuts.append((i, j))
                i = j
            else:
                i += 1
        if len(cuts) < 1:
            continue
        for offset, line in enumerate(padded):
            cells, left = [], 0
            for cut_start, cut_end in cuts:
                cells.append(line[left:cut_start].strip())
                left = cut_end
            cells.append(line[left:].strip())
            lines[start + offset] = "\t".join(cells)


def rebuild_cell_per_line(lines: list[str], warnings: list[PlanWarning]) -> list[str]:
    """Text pasted from a PDF with each cell on its own line, rebuilt into rows.

    A run of three or more short lines that are all column headings ("Ref", "Action",
    "Target date", "Lead") followed by lines in groups of as many is a table when, group
    after group, the timescale (or reference) column holds a date (or a reference). When it
    does not, the lines are left as they are and a warning names them.
    """
    from commissioning.reading.recognisers.columns import REF_VALUE, _is_timescale
    from commissioning.reading.recognisers.headers import Meaning, meaning_of

    result = list(lines)
    index = 0
    while index < len(result):
        headers = []
        while index + len(headers) < len(result):
            text = result[index + len(headers)].strip()
            if not text or "\t" in text or len(text.split()) > 4 or meaning_of(text) is None:
                break
            headers.append(text)
        width = len(headers)
        meanings = [meaning_of(text) for text in headers]
        if width < 3 or Meaning.TITLE not in meanings:
            index += max(width, 1)
            continue
        start = index + width
        end = start
        while end < len(result) and result[end].strip() and "\t" not in result[end]:
            end += 1
        cells = [line.strip() for line in result[start:end]]
        groups = [cells[i : i + width] for i in range(0, len(cells), width)]
        key = next((i for i, m in enumerate(meanings) if m == Meaning.TIMESCALE), None)
        key = (
            key
            if key is not None
            else next((i for i, m in enumerate(meanings) if m == Meaning.REF), None)
        )
        test = (
            (lambda t: _is_timescale(t))
            if key is not None and meanings[key] == Meaning.TIMESCALE
            else (lambda t: bool(REF_VALUE.match(t)))
        )  # noqa: E501
        regular = (
            len(cells) >= width
            and len(cells) % width == 0
            and key is not None
            and sum(1 for group in groups if test(group[key])) >= 0.8 * len(groups)
        )
        if regular:
            result[index] = "\t".join(headers)
            for offset in range(1, width):
                result[index + offset] = ""
            for number, group in enumerate(groups):
                row = start + number * width
                result[row] = "\t".join(group)
                for offset in range(1, width):
                    result[row + offset] = ""
        elif cells:
            warnings.append(
                PlanWarning(
                    index + 1,
                    f"lines {index + 1}–{end}: column headings one per line, but the "
                    f"{len(cells)} lines under them could not be rebuilt into rows of "
                    f"{width} cells; left as text",
                )
            )
        index = end
    return result
