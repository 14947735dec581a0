"""History pages and CSV exports: who created, changed, archived, restored or purged what."""

import csv
from collections.abc import Iterable, Iterator

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from commissioning.core.audit import Entry
from commissioning.programmes import trails
from commissioning.programmes.item_presenters import short_title
from commissioning.programmes.presenters import pagination
from commissioning.programmes.queries import programme_for
from commissioning.programmes.views.items import action_for, deliverable_for, stage_for


def action_history(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for(request, pk)
    return _render(
        request,
        kind="action",
        item=action,
        programme=action.programme,
        entries=trails.action_trail(action),
    )


def action_history_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    action = action_for(request, pk)
    return _csv(trails.action_trail(action), f"action-{action.pk}-history.csv")


def deliverable_history(request: HttpRequest, pk: int) -> HttpResponse:
    deliverable = deliverable_for(request, pk)
    return _render(
        request,
        kind="deliverable",
        item=deliverable,
        programme=deliverable.stage.programme,
        entries=trails.deliverable_trail(deliverable),
    )


def deliverable_history_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    deliverable = deliverable_for(request, pk)
    return _csv(trails.deliverable_trail(deliverable), f"deliverable-{deliverable.pk}-history.csv")


def stage_history_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    stage = stage_for(request, pk)
    return _csv(trails.stage_trail(stage), f"stage-{stage.pk}-history.csv")


CHANGES_PER_PAGE = 50


def programme_history(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's changes newest first, a page at a time; what is archived and purged."""
    programme = programme_for(request, slug)
    page = Paginator(trails.programme_changes(programme), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "programme": programme,
        "changes": page,
        "pagination": pagination(page, request.GET),
        "archived": trails.archived_items(programme),
        "purged": trails.purged_items(programme),
        "crumbs": [
            ("Programmes", reverse("home")),
            (programme.name, reverse("programme", args=[programme.slug])),
            ("History", ""),
        ],
    }
    return render(request, "programmes/programme_history.html", context)


def programme_history_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """Everything ever recorded in the programme, streamed in a fixed number of queries."""
    programme = programme_for(request, slug)
    return _csv(trails.programme_trail(programme), f"{programme.slug}-history.csv")


def _render(request, *, kind: str, item, programme, entries: list[Entry]) -> HttpResponse:
    title = short_title(str(item))
    item_url = reverse(kind, args=[item.pk])
    context = {
        "kind": kind,
        "title": title,
        "entries": entries,
        "csv_url": reverse(f"{kind}-history-csv", args=[item.pk]),
        "back_url": item_url,
        "crumbs": [
            ("Programmes", reverse("home")),
            (programme.name, reverse("programme", args=[programme.slug])),
            (title, item_url),
            ("History", ""),
        ],
    }
    return render(request, "programmes/history_page.html", context)


class _Echo:
    """A file-like object whose write returns what was written, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv(entries: Iterable[Entry], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _lines(entries: Iterable[Entry]) -> Iterator[str]:
    """The CSV a line at a time; a byte order mark first so Excel reads it as UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(trails.CSV_HEADER)
    for row in trails.csv_rows(entries):
        yield writer.writerow(row)
