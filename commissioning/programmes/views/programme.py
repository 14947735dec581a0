"""The home page, a programme's page (stages and the action plan) and its CSV export."""

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from commissioning.access import rules as access
from commissioning.programmes import presenters, queries
from commissioning.programmes.filters import ActionFilter

ACTIONS_PER_PAGE = 100
CSV_CHUNK_SIZE = 2000


def home(request: HttpRequest) -> HttpResponse:
    """The programmes the user can see, with action counts by status and next stage date."""
    programmes = queries.programme_summaries(request.user, today=timezone.localdate())
    return render(
        request,
        "programmes/home.html",
        {"programmes": presenters.programme_summaries(programmes)},
    )


def programme_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme: its stages with deliverables, and its action plan filtered and paged.

    Invalid filter input is reported in the error summary and that filter alone is not
    applied; the other filters still narrow the list, so the page always answers.
    """
    programme = queries.programme_for(request, slug)
    filterset = action_filter(request, programme)
    presenters.prepare_action_filter_form(
        filterset.form,
        owner_names=queries.owner_names(programme),
        organisations=queries.organisations_of(programme),
    )
    actions = queries.in_stable_order(filterset.qs)
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    stages = queries.stages_in_date_order(programme)
    return render(
        request,
        "programmes/programme.html",
        {
            "programme": programme,
            "may": access.permissions(request.user, programme),
            "partners": programme.partners.all(),
            "stages": presenters.stage_sections(stages, queries.deliverables_of(programme)),
            "form": filterset.form,
            "headers": presenters.action_table_headers(
                request.GET, presenters.current_sort(filterset.form)
            ),
            "rows": presenters.action_rows(page.object_list),
            "pagination": presenters.pagination(page, request.GET),
            "csv_query": presenters.query_string(request.GET, page=None),
        },
    )


def actions_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Every action matching the page's filters as CSV, streamed in chunks.

    Actions, their owners and their progress are read as plain values per chunk of
    ``CSV_CHUNK_SIZE`` actions (three queries a chunk), so 20,000 actions cost a handful of
    queries and never sit in memory at once.
    """
    programme = queries.programme_for(request, slug)
    actions = queries.in_stable_order(action_filter(request, programme).qs)
    response = StreamingHttpResponse(csv_lines(actions), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-actions.csv"'
    return response


def action_filter(request: HttpRequest, programme) -> ActionFilter:
    return ActionFilter(request.GET, queryset=queries.actions_for_list(programme))


class _Echo:
    """A file-like object whose write returns what was written, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_lines(actions) -> Iterator[str]:
    """The CSV, a line at a time; a byte order mark first so Excel reads it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(presenters.ACTION_CSV_HEADER)
    for action in queries.exported_actions(actions, chunk_size=CSV_CHUNK_SIZE):
        yield writer.writerow(presenters.action_csv_row(action))
