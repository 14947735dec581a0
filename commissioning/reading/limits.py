"""How much one import may read, so that no document can exhaust the server.

Every limit is checked as early as it can be: the upload's size before a byte is read, a
workbook's or Word file's zip directory before it is opened, and rows, columns, cells,
merged ranges, list nesting and reading time while it is read. A document over a limit is
refused with a ``PlanError`` naming the file, the place and the limit. The values come from
the ``IMPORT_LIMITS`` setting (see ``docs/security.md``); nothing here imports Django.
"""

from __future__ import annotations

import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from io import BytesIO

from commissioning.domain.plan import PlanError

MB = 1024 * 1024
SMALL_ENTRY = MB  # zip entries smaller than this may compress as well as they like
CHECK_TIME_EVERY = 256  # rows (or cells) between two looks at the clock


@dataclass(frozen=True)
class ImportLimits:
    """The most one import may read; see ``docs/security.md`` for each."""

    upload_bytes: int = 10 * MB
    unzipped_bytes: int = 50 * MB
    compression_ratio: int = 100
    zip_entries: int = 1_000
    rows: int = 100_000
    columns: int = 200
    cells: int = 2_000_000
    merged_cells: int = 200_000
    list_depth: int = 20
    seconds: float = 60.0
    pdf_pages: int = 200
    pdf_page_bytes: int = 8 * MB
    pdf_page_objects: int = 30_000
    pdf_objects: int = 1_000_000

    @classmethod
    def from_setting(cls, values: Mapping[str, object] | None) -> ImportLimits:
        """Limits from a mapping such as ``{"UPLOAD_BYTES": 5_000_000}``; others default."""
        known = {field.name: field.type for field in fields(cls)}
        given: dict[str, object] = {}
        for key, value in (values or {}).items():
            name = key.lower()
            if name not in known:
                raise ValueError(f"IMPORT_LIMITS: unknown limit {key!r}")
            given[name] = float(value) if name == "seconds" else int(value)
            if given[name] <= 0:
                raise ValueError(f"IMPORT_LIMITS: {key} must be greater than 0")
        return cls(**given)


def size_text(size: int) -> str:
    """A byte count as people read it: "10 MB", "512 KB"."""
    if size >= MB:
        return f"{size / MB:.3g} MB"
    if size >= 1024:
        return f"{size / 1024:.3g} KB"
    return f"{size} bytes"


def check_upload_size(size: int, *, source: str, limits: ImportLimits) -> None:
    """PlanError when a file is larger than an upload may be; call before reading it."""
    if size > limits.upload_bytes:
        raise PlanError(
            f"the file is {size_text(size)}; files to import must be "
            f"{size_text(limits.upload_bytes)} or smaller",
            source=source,
        )


def check_zip(data: bytes, *, source: str, limits: ImportLimits) -> None:
    """PlanError when a workbook or Word file would unzip to too much; reads only the directory.

    The sizes checked are those the zip directory declares; Python's zipfile never inflates
    an entry beyond its declared size, so the check bounds what the readers can unpack.
    """
    try:
        entries = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip package at all: the reader says so in its own words
    if len(entries) > limits.zip_entries:
        raise PlanError(
            f"the package holds {len(entries):,} files; at most {limits.zip_entries:,} are read",
            source=source,
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > limits.unzipped_bytes:
            raise PlanError(
                f"the package unzips to more than {size_text(limits.unzipped_bytes)}; "
                f"larger documents are not read",
                source=source,
                location=entry.filename,
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > SMALL_ENTRY and ratio > limits.compression_ratio:
            raise PlanError(
                f"compressed {ratio:.0f} to 1 (at most {limits.compression_ratio} to 1 is "
                f"read): the file looks built to exhaust the reader",
                source=source,
                location=entry.filename,
            )


class ReadingBudget:
    """What one document may still use while it is read: rows, cells and time.

    Readers call ``add_row`` for each row they keep and ``check_time`` inside any other
    loop that may run long; both raise PlanError naming the file and place.
    """

    def __init__(
        self,
        source: str,
        limits: ImportLimits | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.limits = limits or ImportLimits()
        self.clock = clock
        self.deadline = clock() + self.limits.seconds
        self.rows = 0
        self.cells = 0
        self.merged_cells = 0
        self.pdf_objects = 0
        self._ticks = 0

    def refuse(self, message: str, location: str | None = None) -> PlanError:
        """A PlanError for this document."""
        return PlanError(message, source=self.source, location=location)

    def check_time(self, location: str | None = None) -> None:
        """PlanError once reading has taken longer than allowed."""
        if self.clock() > self.deadline:
            raise self.refuse(
                f"reading took longer than {self.limits.seconds:g} seconds and was stopped "
                f"here; split the document or remove what is not the plan",
                location,
            )

    def tick(self, location: str | None = None) -> None:
        """Count one step of a long loop, looking at the clock every so often."""
        self._ticks += 1
        if self._ticks % CHECK_TIME_EVERY == 0:
            self.check_time(location)

    def check_columns(self, width: int, location: str) -> None:
        """PlanError for a row wider than allowed."""
        if width > self.limits.columns:
            raise self.refuse(
                f"{width:,} columns; at most {self.limits.columns:,} are read", location
            )

    def add_row(self, width: int, location: str) -> None:
        """Count a row of ``width`` cells against the rows, columns, cells and time allowed."""
        self.check_columns(width, location)
        self.rows += 1
        self.cells += width
        if self.rows > self.limits.rows:
            raise self.refuse(f"more than {self.limits.rows:,} rows; split the document", location)
        if self.cells > self.limits.cells:
            raise self.refuse(
                f"more than {self.limits.cells:,} cells; split the document", location
            )
        self.tick(location)

    def add_merged(self, area: int, location: str) -> None:
        """Count a merged range's cells against the merged area allowed."""
        self.merged_cells += area
        if self.merged_cells > self.limits.merged_cells:
            raise self.refuse(
                f"merged cells cover more than {self.limits.merged_cells:,} cells; "
                f"unmerge them or split the document",
                location,
            )

    def check_pdf_page(self, number: int) -> None:
        """PlanError for a PDF page beyond the pages read, or once reading took too long."""
        where = f"page {number}"
        if number > self.limits.pdf_pages:
            raise self.refuse(
                f"the PDF has more than {self.limits.pdf_pages:,} pages; at most "
                f"{self.limits.pdf_pages:,} are read, so split the document",
                where,
            )
        self.check_time(where)

    def check_pdf_content(self, size: int, number: int) -> None:
        """PlanError for a PDF page whose drawing instructions unpack to too much."""
        if size > self.limits.pdf_page_bytes:
            raise self.refuse(
                f"page {number} unpacks to more than {size_text(self.limits.pdf_page_bytes)} "
                f"of drawing instructions; pages that large are not read",
                f"page {number}",
            )

    def add_pdf_objects(self, count: int, number: int) -> None:
        """Count a PDF page's characters and drawn objects (lines, boxes, curves, images)."""
        where = f"page {number}"
        if count > self.limits.pdf_page_objects:
            raise self.refuse(
                f"page {number} holds {count:,} characters and drawn objects; at most "
                f"{self.limits.pdf_page_objects:,} are read on one page",
                where,
            )
        self.pdf_objects += count
        if self.pdf_objects > self.limits.pdf_objects:
            raise self.refuse(
                f"the PDF holds more than {self.limits.pdf_objects:,} characters and drawn "
                f"objects up to page {number}; split the document",
                where,
            )

    def check_depth(self, depth: int, location: str) -> None:
        """PlanError for lists nested deeper than allowed."""
        if depth > self.limits.list_depth:
            raise self.refuse(f"lists nested more than {self.limits.list_depth} deep", location)
