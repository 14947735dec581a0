"""Highlight reports made by the background worker: how far each has got, then the file."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from commissioning.access import rules as access
from commissioning.core.background import State, progress_of
from commissioning.programmes.queries import programme_for
from commissioning.reports.presenters import queued_report
from commissioning.reports.tasks import render_highlight_report, rendered_file


def _queued(request: HttpRequest, slug: str, task_id):
    programme = programme_for(request, slug)
    access.require_report(request.user, programme)
    queued = access.task_result_for(
        request.user, render_highlight_report, task_id, programme=programme
    )
    return programme, queued


def highlight_task(request: HttpRequest, slug: str, task_id) -> HttpResponse:
    """Where the report stands; a link to the file once the worker has made it."""
    programme, queued = _queued(request, slug, task_id)
    context = {
        "programme": programme,
        "progress": progress_of(queued),
        "report": queued_report(queued.kwargs, programme=programme),
        "task_id": queued.id,
    }
    return render(request, "reports/highlight_task.html", context)


def highlight_task_file(request: HttpRequest, slug: str, task_id) -> HttpResponse:
    """The report file the worker made, as a download."""
    _programme, queued = _queued(request, slug, task_id)
    progress = progress_of(queued)
    if progress.state != State.DONE:
        raise Http404("This report is not ready")
    rendered = rendered_file(progress.value)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response
