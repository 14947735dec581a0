"""Reading a plan from a document: the one entry point the loader, the CLI and the web use."""

from __future__ import annotations

from commissioning.domain.plan import Plan
from commissioning.reading.owners import OwnerDirectory
from commissioning.reading.readers import read_document
from commissioning.reading.recognisers import recognise


def read_plan(data: bytes, filename: str, *, directory: OwnerDirectory | None = None) -> Plan:
    """The plan in ``data``; raises PlanError naming the file and place when it cannot."""
    return recognise(read_document(data, filename), directory=directory)
