"""Bulk inserts for imports: many rows and their history records in a few statements.

Django's ``bulk_create`` builds a model instance per row and compiles every value through
the ORM, which costs more than the database does for tens of thousands of rows. Here rows
are plain tuples of column values, written with multi-row inserts (``RETURNING`` the new
primary keys where they are needed) or ``executemany``. The history records are the ones
django-simple-history's ``bulk_create_with_history`` writes: same fields, same user, no
change reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.db import connections, router
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from commissioning.core.models import HistoryEffectiveDate

# Values of these fields go to the database as they are (str, int, bool or None).
PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "EmailField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
    }
)
MAX_PARAMS = 30_000  # per statement; SQLite's usual limit is 32,766


def _fields(model, columns: Sequence[str]) -> list:
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    return [by_attname[column] for column in columns]


def complete(model, columns: Sequence[str], rows: Sequence[tuple]) -> tuple[list[str], list]:
    """Columns and rows with every other field (but the primary key) at its default."""
    blank = model()
    missing = [
        field
        for field in model._meta.concrete_fields
        if field.attname not in columns and not field.primary_key
    ]
    if not missing:
        return list(columns), list(rows)
    defaults = tuple(field.pre_save(blank, True) for field in missing)
    return [*columns, *(field.attname for field in missing)], [row + defaults for row in rows]


def _prepared(model, columns: Sequence[str], rows: Sequence[tuple], connection) -> list:
    """Rows with each value as the database takes it."""
    converters = [
        (index, field, {})
        for index, field in enumerate(_fields(model, columns))
        if field.get_internal_type() not in PLAIN
    ]
    if not converters:
        return list(rows)
    prepared = []
    for row in rows:
        values = list(row)
        for index, field, seen in converters:
            value = values[index]
            try:
                values[index] = seen[value]  # dates and times repeat: convert each once
            except KeyError:
                values[index] = seen[value] = field.get_db_prep_save(value, connection)
            except TypeError:  # unhashable, such as JSON
                values[index] = field.get_db_prep_save(value, connection)
        prepared.append(values)
    return prepared


def _batch_size(connection, width: int) -> int:
    limit = connection.features.max_query_params or MAX_PARAMS
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return max(1, min(limit, MAX_PARAMS) // max(1, width))


def insert_rows(
    model, columns: Sequence[str], rows: Sequence[tuple], *, returning: bool = False
) -> list[int]:
    """Insert rows (values in ``columns`` order); the new primary keys when ``returning``.

    Fields not in ``columns`` (but the primary key) take their defaults.
    """
    if not rows:
        return []
    columns, rows = complete(model, columns, [tuple(row) for row in rows])
    using = router.db_for_write(model)
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in _fields(model, columns))
    values = _prepared(model, columns, rows, connection)
    placeholder = f"({', '.join(['%s'] * len(columns))})"
    if not returning:
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {placeholder}", values)
        return []
    if not connection.features.can_return_rows_from_bulk_insert:
        return _insert_one_by_one(model, columns, values, connection)
    pk = quote(model._meta.pk.column)
    size = _batch_size(connection, len(columns))
    keys: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), size):
            batch = values[start : start + size]
            sql = (
                f"INSERT INTO {table} ({names}) VALUES "
                f"{', '.join([placeholder] * len(batch))} RETURNING {pk}"
            )
            cursor.execute(sql, [value for row in batch for value in row])
            keys.extend(row[0] for row in cursor.fetchall())
    return keys


def _insert_one_by_one(model, columns, values, connection) -> list[int]:
    """For databases that cannot return the keys of a multi-row insert."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(field.column) for field in _fields(model, columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    keys = []
    with connection.cursor() as cursor:
        for row in values:
            cursor.execute(sql, row)
            keys.append(
                connection.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column)
            )
    return keys


def history_user(model, user):
    """The user history records name: as given, else whoever simple-history would name."""
    if user is not None:
        return user
    return get_history_model_for_model(model).get_default_history_user(model())


def insert_history(
    model,
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    user=None,
    history_type: str = "+",
    effective: date | None = None,
    effectives: Sequence[date | None] | None = None,
    reasons: Sequence[str | None] | None = None,
) -> None:
    """History records for rows just written; ``columns`` must include the primary key.

    ``effective`` is the reporting date the rows describe (see ``HistoryEffectiveDate``);
    without one they take effect on the day they are recorded, as single saves do.
    ``effectives`` and ``reasons`` give each row its own date and change reason instead.
    """
    if not rows or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = get_history_model_for_model(model)
    tracked = [field.attname for field in history.tracked_fields]
    columns, rows = complete(model, columns, rows)
    positions = [columns.index(name) for name in tracked]
    who = history_user(model, user)
    now = timezone.now()
    names = [*tracked, "history_date", "history_change_reason", "history_type", "history_user_id"]
    who_id = who.pk if who is not None else None
    dated = issubclass(history, HistoryEffectiveDate)
    if dated:
        names.append("history_effective")
    today = timezone.localdate(now)
    records = []
    for index, row in enumerate(rows):
        reason = reasons[index] if reasons is not None else None
        extra: tuple = (now, reason, history_type, who_id)
        if dated:
            day = effectives[index] if effectives is not None else effective
            extra += (day or today,)
        records.append(tuple(row[i] for i in positions) + extra)
    insert_rows(history, names, records)


def delete_rows(model, keys: Sequence[int]) -> None:
    """Delete rows by primary key, without signals (history is written by the caller)."""
    if not keys:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = f"DELETE FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} IN "
    size = _batch_size(connection, 1)
    with connection.cursor() as cursor:
        for start in range(0, len(keys), size):
            batch = list(keys[start : start + size])
            cursor.execute(sql + f"({', '.join(['%s'] * len(batch))})", batch)
