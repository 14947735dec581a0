"""A section of the board pack, in plain blocks every renderer understands.

Each app that reports to the board (outcomes, performance, the total pot, commissions) builds
a ``Section`` as of a date from its own rows; the reports app renders sections as HTML, PDF,
Word and Excel. Nothing here knows about the database or about any one format, so a
section is tested once, on its content, and every format shows the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

Value = str | int | Decimal | None


@dataclass(frozen=True)
class Heading:
    """A heading inside a section (the section's own title is its first heading)."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with a caption, column headings and rows of values.

    ``numeric`` lists the column indices holding figures (right-aligned, numbers in Excel).
    A ``None`` value is shown as an empty cell.
    """

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]
    numeric: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        width = len(self.columns)
        for number, row in enumerate(self.rows, start=1):
            if len(row) != width:
                raise ValueError(
                    f"table {self.caption!r}: row {number} has {len(row)} values "
                    f"for {width} columns"
                )


@dataclass(frozen=True)
class Figure:
    """A chart as cleaned SVG markup, with the text alternative that describes it.

    The same figures are always given in a ``Table`` beside it for those who cannot see it.
    """

    svg: str
    alt: str


Block = Heading | Paragraph | Table | Figure


@dataclass
class Section:
    """One section of the board pack: a title, the date it is as of, and its blocks."""

    key: str
    title: str
    as_of: dt.date
    blocks: list[Block] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]
