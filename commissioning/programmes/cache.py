"""Reports, and other reads of a whole programme, kept until the data behind them changes.

A report as of a date is rebuilt from history, which for a 20,000-action programme takes
seconds; boards and dashboards ask for the same date many times. Every write to a
programme's data leaves a new row in a history table (or a new progress update), so the
highest id of each is a *stamp*: while it is unchanged, a report built earlier is still
exactly right. Reading the stamp is one query (a ``MAX`` of each primary key); a change
anywhere starts a new stamp and the next request rebuilds the report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    ProgressUpdate,
    Stage,
)

T = TypeVar("T")
TIMEOUT = 60 * 60  # seconds; a stamp keeps it right, the timeout only frees memory
TRACKED = (Programme, Stage, Deliverable, Action, ActionOwner)


def data_stamp() -> tuple:
    """The highest id of every history table behind reports and of progress updates, and
    the latest confirmation of an update."""
    quote = connection.ops.quote_name
    tables = [model.history.model._meta.db_table for model in TRACKED]
    parts = [f"(SELECT MAX({quote('history_id')}) FROM {quote(table)})" for table in tables]
    updates = quote(ProgressUpdate._meta.db_table)
    parts.append(f"(SELECT MAX({quote('id')}) FROM {updates})")
    # Confirming a suggested status changes an update in place (see ``confirm_status``).
    parts.append(f"(SELECT MAX({quote('confirmed_at')}) FROM {updates})")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        return tuple(cursor.fetchone())


def cached(programme: Programme, key: tuple, build: Callable[[], T]) -> T:
    """``build()``'s result for ``key``, reused while the programme's data is unchanged."""
    described = repr((connection.alias, programme.pk, key, data_stamp()))
    full_key = "report:" + hashlib.sha256(described.encode()).hexdigest()
    found = cache.get(full_key)
    if found is None:
        found = build()
        cache.set(full_key, found, TIMEOUT)
    return found
