"""Cells for the CSV and Excel files the product writes: never read as a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab
or carriage return) as a formula, so text a person typed, or an uploaded file carried, could
fetch a URL or run a command when someone opens an export. Every CSV and XLSX writer passes
its cells through :func:`neutralise`; importers reading our own files back use
:func:`restore`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from commissioning.core.documents import writable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# A plain number ("-250", "+3.5") is read as that number, never as a formula.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would read as a formula, with an apostrophe before it so it is shown
    as written; anything else (other text, numbers, dates, cells, None) unchanged.

    Text also loses the control characters a workbook cannot hold (a vertical tab, Word's
    manual line break, becomes a line break), so no pasted title stops an export."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return QUOTE + writable(value)
    return writable(value)


def neutralise_row(cells: Iterable[Any]) -> list[Any]:
    """A row of cells, each through :func:`neutralise`."""
    return [neutralise(cell) for cell in cells]


def restore(value: str) -> str:
    """A cell read back from one of our exports, without the apostrophe ``neutralise`` added."""
    if value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
