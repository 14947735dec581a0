"""The "as of" date a page is asked for (``?as_of=2010-03-31``), read one way everywhere."""

from __future__ import annotations

import datetime as dt

AS_OF_ERROR = "Enter the date as a year, month and day, like 2010-03-31 (not {text!r})"


def as_of_from(request) -> tuple[dt.date | None, str]:
    """The date in ``?as_of=``: (the date, "") when given and readable, (None, "") when not
    given, (None, a message naming what was typed) when it cannot be read."""
    text = request.GET.get("as_of", "").strip()
    if not text:
        return None, ""
    try:
        return dt.date.fromisoformat(text), ""
    except ValueError:
        return None, AS_OF_ERROR.format(text=text)
