"""The highlight report page: pick a reporting date, read the report or download it."""

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from commissioning.access import rules as access
from commissioning.core.background import TooManyTasks
from commissioning.core.forms import GovukFormMixin
from commissioning.programmes.cache import cached
from commissioning.programmes.filters import ReadableDateField
from commissioning.programmes.presenters import query_string
from commissioning.programmes.queries import programme_for
from commissioning.reports import presenters
from commissioning.reports.asof import build_report
from commissioning.reports.renderers import render as render_report
from commissioning.reports.reporting_date import reporting_date_for
from commissioning.reports.tasks import queue_highlight_report, runs_in_background
from commissioning.reports.timeline import timeline_svg, undated_items

FORMATS = [
    ("html", "Web page (you can print it)"),
    ("pdf", "PDF"),
    ("docx", "Word (.docx)"),
    ("xlsx", "Excel (.xlsx)"),
]
DATE_HINT = "For example, 31 March 2008 or 31/03/2008"


class HighlightReportForm(GovukFormMixin, forms.Form):
    """The reporting date, an optional earlier date to compare with, and the format."""

    submit_label = "Get report"

    as_of = ReadableDateField(
        label="Reporting date",
        help_text=DATE_HINT,
        error_messages={"required": "Enter a reporting date, like 31 March 2008"},
    )
    compare = ReadableDateField(
        label="Compare with (optional)",
        help_text="An earlier date, to see what was completed, became overdue or slipped since",
        required=False,
    )
    format = forms.ChoiceField(
        label="Format", choices=FORMATS, required=False, initial="html", widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.disable_csrf = True  # a GET form: nothing to protect
        self.helper.layout = Layout(
            Field.text("as_of", field_width=10),
            Field.text("compare", field_width=10),
            Field.radios("format", legend_size="s", small=True),
        )

    def clean_format(self) -> str:
        return self.cleaned_data.get("format") or "html"

    def clean(self):
        cleaned = super().clean()
        as_of, compare = cleaned.get("as_of"), cleaned.get("compare")
        if as_of and compare and compare >= as_of:
            self.add_error("compare", "The date to compare with must be before the reporting date")
        return cleaned


def highlight_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The form without a reporting date; with one, the report as a page or a download.

    A download the worker makes (``runs_in_background``) is queued, and the user is sent to
    its status page.
    """
    programme = programme_for(request, slug)
    access.require_report(request.user, programme)
    default = reporting_date_for(programme, timezone.localdate())
    form = HighlightReportForm(
        request.GET if "as_of" in request.GET else None, initial={"as_of": default.readable}
    )
    if not form.is_valid():
        return render(
            request,
            "reports/highlight_form.html",
            {"programme": programme, "form": form, "reporting_date": default},
        )
    as_of, compare = form.cleaned_data["as_of"], form.cleaned_data["compare"]
    fmt = form.cleaned_data["format"]
    if runs_in_background(programme, fmt):
        try:
            queued = queue_highlight_report(
                user=request.user, programme=programme, as_of=as_of, compare=compare, fmt=fmt
            )
        except TooManyTasks as refusal:
            messages.error(request, str(refusal))
            return redirect("programme-highlight-report", slug=programme.slug)
        return redirect("programme-highlight-task", slug=programme.slug, task_id=queued.id)
    report = build_report(programme=programme, as_of=as_of, compare=compare)
    if fmt != "html":
        rendered = cached(
            programme, ("highlight", as_of, compare, fmt), lambda: render_report(report, fmt)
        )
        response = HttpResponse(rendered.content, content_type=rendered.content_type)
        response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
        return response
    return render(
        request,
        "reports/highlight.html",
        {
            "programme": programme,
            "highlight": presenters.highlight_report(report),
            "timeline": mark_safe(timeline_svg(report, list_undated=False)),  # noqa: S308
            "undated": [presenters.item_row(item) for item in undated_items(report)],
            "downloads": [
                (label, query_string(request.GET, format=fmt, submit=None))
                for fmt, label in [("pdf", "PDF"), ("docx", "Word"), ("xlsx", "Excel")]
            ],
        },
    )
