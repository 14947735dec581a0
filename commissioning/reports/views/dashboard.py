"""The programme dashboard and timeline for a reporting date (``?as_of=``).

Without a date, or with one that cannot be read (reported in the error summary), a page
opens on the programme's latest reporting date (``reports.reporting_date``) and says why.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from commissioning.access import rules as access
from commissioning.programmes.cache import cached
from commissioning.programmes.models import ReportingPeriod
from commissioning.programmes.presenters import readable_date
from commissioning.programmes.queries import programme_for
from commissioning.reports import dashboard, timeline
from commissioning.reports.asof import build_report, status_over_time
from commissioning.reports.calendar import calendar_url
from commissioning.reports.charts import period_ends, status_periods
from commissioning.reports.reporting_date import CHOSEN, ReportingDate, reporting_date_for


def reporting_date(request: HttpRequest, programme) -> tuple[dashboard.AsOfForm, ReportingDate]:
    """The date form and the date shown: the one asked for, else the programme's default."""
    default = reporting_date_for(programme, timezone.localdate())
    form = dashboard.AsOfForm(request.GET or None, initial={"as_of": default.readable})
    chosen = form.chosen_date(None)
    return form, ReportingDate(chosen, CHOSEN) if chosen else default


def period_name(programme) -> str:
    """The programme's reporting period in a word: month or quarter."""
    return "quarter" if programme.reporting_period_months == ReportingPeriod.QUARTERLY else "month"


def dashboard_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Counts, stages, owners, overdue and due next, and status by reporting period (month
    or quarter), as of a date."""
    programme = programme_for(request, slug)
    access.require_report(request.user, programme)
    form, when = reporting_date(request, programme)
    return render(
        request,
        "reports/dashboard.html",
        {
            "programme": programme,
            "form": form,
            "reporting_date": when,
            "dashboard": dashboard_as_of(programme, when.day),
            "calendar_url": calendar_url(request, request.user, programme),
            "calendar_unused_days": settings.CALENDAR_TOKEN_UNUSED_DAYS,
        },
    )


def dashboard_as_of(programme, as_of):
    """The dashboard's figures, kept until the programme's data changes (``programmes.cache``):
    a repeated request reads this small summary, not the whole report it was counted from."""

    def build():
        report = build_report(programme=programme, as_of=as_of)
        days = period_ends(as_of, months=programme.reporting_period_months)
        periods = status_periods(days, status_over_time(programme=programme, dates=days))
        return dashboard.dashboard(
            report,
            organisations=dashboard.owner_organisations(programme),
            periods=periods,
            period_name=period_name(programme),
        )

    key = ("dashboard", as_of, programme.reporting_period_months)
    return cached(programme, key, build)


def timeline_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Stages and actions on a months axis as of a date; undated ones listed below."""
    programme = programme_for(request, slug)
    access.require_report(request.user, programme)
    form, when = reporting_date(request, programme)
    as_of = when.day
    report = build_report(programme=programme, as_of=as_of)
    svg = timeline.timeline_svg(report, id_prefix="timeline", list_undated=False)
    return render(
        request,
        "reports/timeline.html",
        {
            "programme": programme,
            "form": form,
            "reporting_date": when,
            "as_of": readable_date(as_of),
            "as_of_iso": as_of.isoformat(),
            "timeline": mark_safe(svg),  # drawn from escaped text in timeline.py
            "undated": [
                dashboard.undated_line(item, timeline.undated_reason(item))
                for item in timeline.undated_items(report)
            ],
        },
    )
