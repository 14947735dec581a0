"""Reading a plan from a document: the one entry point the loader, the CLI and the web use."""

from __future__ import annotations

from commissioning.domain.plan import Plan
from commissioning.reading.owners import OwnerDirectory
from commissioning.reading.readers import read_document
from commissioning.reading.recognisers import recognise
from commissioning.reading.recognisers.columns import parse_columns
from commissioning.reading.recognisers.headers import Meaning

__all__ = ["parse_columns", "read_plan"]


def read_plan(
    data: bytes,
    filename: str,
    *,
    directory: OwnerDirectory | None = None,
    columns: dict[str, Meaning | None] | None = None,
) -> Plan:
    """The plan in ``data``; raises PlanError naming the file and place when it cannot.

    ``columns`` maps header texts to the meaning a person chose for them (None: ignore);
    ``parse_columns`` reads it from the ``--columns`` text.
    """
    return recognise(read_document(data, filename), directory=directory, columns=columns)
