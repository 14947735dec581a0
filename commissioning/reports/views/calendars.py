"""iCalendar feeds a calendar app subscribes to: one per programme and one per person.

Calendar apps cannot sign in, so besides a signed-in session a feed accepts the token in
its address (``?token=``), which opens that one feed as the user it was made for; the
dashboard's calendar section renews or stops it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from commissioning.access import rules as access
from commissioning.reports import calendar

CONTENT_TYPE = "text/calendar; charset=utf-8"


def feed_reader(request: HttpRequest, key: str):
    """The signed-in user, else the user a valid token for this feed names; else 403."""
    if request.user.is_authenticated:
        return request.user
    user = calendar.token_user(request.GET.get("token", ""), key)
    if user is None:
        raise PermissionDenied
    return user


def feed_response(chunks, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_not_required
def programme_calendar_feed(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """The programme's stage dates and action deadlines."""
    user = feed_reader(request, slug)
    programme = access.programme_for(user, slug)
    access.require_report(user, programme)
    chunks = calendar.programme_calendar_chunks(programme, base_url=request.build_absolute_uri("/"))
    return feed_response(chunks, f"{programme.slug}.ics")


@login_not_required
def person_calendar_feed(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The deadlines of the actions a person owns, in the programmes the reader can see."""
    user = feed_reader(request, calendar.person_feed_key(pk))
    person = get_object_or_404(access.visible_people(user), pk=pk)
    chunks = calendar.person_calendar_chunks(
        person,
        base_url=request.build_absolute_uri("/"),
        programmes=access.visible_programmes(user),
    )
    return feed_response(chunks, f"person-{person.pk}.ics")


@require_POST
def programme_calendar_address(request: HttpRequest, slug: str) -> HttpResponse:
    """Renew or stop the signed-in person's address of the programme's feed."""
    programme = access.programme_for(request.user, slug)
    access.require_report(request.user, programme)
    if request.POST.get("change") == "stop":
        calendar.stop_calendar_token(user=request.user, obj=programme)
        messages.success(request, "Your calendar address is stopped: it no longer opens the feed")
    else:
        calendar.renew_calendar_token(user=request.user, obj=programme)
        messages.success(
            request, "Your calendar address is renewed: subscribe again with the new one"
        )
    return redirect(reverse("programme-dashboard", args=[programme.slug]) + "#calendar")


@require_POST
def person_calendar_address(request: HttpRequest, pk: int) -> HttpResponse:
    """Get, renew or stop the signed-in person's own address of a person's feed (their own
    deadlines, or a colleague's they may see); it opens the feed with their own rights."""
    person = get_object_or_404(access.visible_people(request.user), pk=pk)
    if request.POST.get("change") == "stop":
        calendar.stop_calendar_token(user=request.user, obj=person)
        messages.success(request, "Your calendar address is stopped: it no longer opens the feed")
    else:
        renewed = calendar.has_calendar_token(request.user, person)
        calendar.renew_calendar_token(user=request.user, obj=person)
        messages.success(
            request,
            "Your calendar address is renewed: subscribe again with the new one"
            if renewed
            else "Your calendar address is ready: paste it into your calendar app",
        )
    return redirect(reverse("person", args=[person.pk]) + "#calendar")
