"""CSV and TSV files: comma, semicolon or tab separated, as Excel and others save them."""

from __future__ import annotations

import csv
import io
import itertools
from collections import Counter

from commissioning.domain.plan import PlanError
from commissioning.reading.limits import ReadingBudget
from commissioning.reading.readers import Document, Row, Table, make_cell
from commissioning.reading.readers.text import decode_text

DELIMITERS = (",", ";", "\t")


def read_delimited(data: bytes, source: str, *, budget: ReadingBudget | None = None) -> Document:
    """Read a delimited file as one table; fully empty rows are skipped, numbers kept."""
    budget = budget or ReadingBudget(source)
    text = decode_text(data, source)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    previous_end = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # Python's csv module limits a field to 128 KB and refuses some broken quoting.
            where = f"line {previous_end + 1}"
            raise PlanError(
                f"cannot be read as CSV ({error})", source=source, location=where
            ) from error
        line, previous_end = previous_end + 1, reader.line_num
        if not any(value.strip() for value in values):
            budget.tick(f"line {line}")
            continue
        budget.add_row(len(values), f"line {line}")
        cells = [
            make_cell(value, line=line, location=f"line {line}, column {column + 1}", budget=budget)
            for column, value in enumerate(values)
        ]
        rows.append(Row(cells, line, f"line {line}", reader.line_num))
    blocks = [Table(rows, rows[0].line, f"line {rows[0].line}")] if rows else []
    return Document(source, blocks)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most consistent columns."""
    sample = text[:20_000]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            widths = [
                len(values)
                for values in itertools.islice(reader, 20)
                if any(value.strip() for value in values)
            ]
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best
