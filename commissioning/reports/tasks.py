"""Highlight reports the background worker makes, so a long PDF never holds up a web request.

The report page queues ``render_highlight_report`` for a PDF, or for a Word or Excel file of
a large programme (``runs_in_background``); the worker builds the report as of its date and
renders it, and the file is kept with the task's result — in the database, so whichever app
process the user reaches next can hand it over.
"""

from __future__ import annotations

import base64
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django_tasks import task

from commissioning.access import rules as access
from commissioning.core.background import enqueue_once
from commissioning.programmes.cache import cached
from commissioning.programmes.models import Action, Deliverable, Programme
from commissioning.reports.asof import build_report
from commissioning.reports.renderers import Rendered, render


def runs_in_background(programme: Programme, fmt: str) -> bool:
    """Whether the ``fmt`` file of the programme's highlight report is made by the worker."""
    if fmt not in {"pdf", "docx", "xlsx"}:
        return False
    threshold = (
        settings.PDF_REPORTS_IN_BACKGROUND_FROM
        if fmt == "pdf"
        else settings.REPORTS_IN_BACKGROUND_FROM
    )
    if threshold <= 0:
        return True
    return programme_size(programme) >= threshold


def programme_size(programme: Programme) -> int:
    """How many actions and deliverables the programme has: what a report's cost grows with."""
    return (
        Action.objects.filter(programme=programme).count()
        + Deliverable.objects.filter(stage__programme=programme).count()
    )


def queue_highlight_report(
    *, user, programme: Programme, as_of: date, compare: date | None, fmt: str
):
    """Queue the highlight report file for ``user``; returns the task result to follow.

    The same report already being made for them is followed instead; TooManyTasks when they
    have too many unfinished (see core.background).
    """
    return enqueue_once(
        render_highlight_report,
        user=user,
        programme_id=programme.pk,
        as_of=as_of.isoformat(),
        compare=compare.isoformat() if compare else None,
        fmt=fmt,
    )


@task()
def render_highlight_report(
    *, user_id: int, programme_id: int, as_of: str, compare: str | None, fmt: str
) -> dict:
    """The report file (``filename``, ``content_type``, base64 ``content``), or ``error``.

    The access rules are applied again here: someone who lost access to the programme after
    asking gets a refusal, not the file.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    programme = Programme.objects.filter(pk=programme_id).first()
    if user is None or programme is None or not access.can_report(user, programme):
        return {"error": "You can no longer produce reports of this programme"}
    as_of_date = date.fromisoformat(as_of)
    compare_date = date.fromisoformat(compare) if compare else None
    rendered = cached(
        programme,
        ("highlight", as_of_date, compare_date, fmt),
        lambda: render(
            build_report(programme=programme, as_of=as_of_date, compare=compare_date), fmt
        ),
    )
    return {
        "filename": rendered.filename,
        "content_type": rendered.content_type,
        "content": base64.b64encode(rendered.content).decode("ascii"),
        "size": len(rendered.content),
    }


def rendered_file(value: dict) -> Rendered:
    """The file a finished ``render_highlight_report`` made, from its result."""
    return Rendered(
        content=base64.b64decode(value["content"]),
        content_type=value["content_type"],
        filename=value["filename"],
    )
