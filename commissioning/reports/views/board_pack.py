"""The board pack page and its downloads: every app's section as of a date."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commissioning.access import rules as access
from commissioning.core.dates import as_of_from
from commissioning.reports.pack import board_pack
from commissioning.reports.renderers import sections as renderers

FORMATS = [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel"), ("html", "a web page")]


def _as_of(request) -> tuple[dt.date, str]:
    """The date asked for, else today (also when the one asked for cannot be read)."""
    as_of, error = as_of_from(request)
    return as_of or timezone.localdate(), error


def board_pack_page(request, slug):
    partnership = access.partnership_for(request.user, slug)
    as_of, date_error = _as_of(request)
    context = {
        "partnership": partnership,
        "as_of": as_of,
        "as_of_text": request.GET.get("as_of", ""),
        "date_error": date_error,
        "formats": FORMATS,
        "sections": renderers.html_sections(board_pack(partnership, as_of)),
    }
    return render(request, "reports/board_pack.html", context, status=400 if date_error else 200)


def board_pack_download(request, slug, fmt):
    partnership = access.partnership_for(request.user, slug)
    if fmt not in renderers.RENDERERS:
        raise Http404("No such format")
    as_of, date_error = _as_of(request)
    if date_error:
        return HttpResponse(date_error, status=400, content_type="text/plain; charset=utf-8")
    renderer, content_type = renderers.RENDERERS[fmt]
    content = renderer(partnership, board_pack(partnership, as_of), as_of)
    response = HttpResponse(content, content_type=content_type)
    name = f"{partnership.slug}-board-pack-{as_of:%Y-%m-%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
