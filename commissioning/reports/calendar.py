"""iCalendar feeds (RFC 5545) of stage dates and action deadlines, for calendar apps.

A feed is the plan as it stands now, not as of a reporting date. Each stage due date and
each action deadline (the end of a timescale that could be read) is an all-day event whose
UID stays the same from one download to the next, so subscribed calendars update in place.

Calendar apps cannot sign in, so a feed's address carries a secret token (``CalendarToken``)
that opens that one feed as the person it was made for. The person can renew or stop it; a
token no calendar app has used for ``CALENDAR_TOKEN_UNUSED_DAYS`` stops working.
"""

import secrets
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from icalendar import Calendar, vText

from commissioning.partnership.models import Person
from commissioning.programmes.models import Action, ActionOwner, Programme, Stage, StatusChoices
from commissioning.reports.models import CalendarToken

PRODID = "-//Commissioning//Programme calendar//EN"
CALENDAR_SUFFIX = "Commissioning"
ACTION_FIELDS = (
    "pk",
    "ref",
    "title",
    "status",
    "timescale_text",
    "timescale_end",
    "programme__name",
    "owners__name",
)
CHUNK_SIZE = 2000
PK_PLACEHOLDER = 987654321


# --- the feeds ---


def programme_calendar(programme: Programme, *, base_url: str | None = None) -> bytes:
    """The programme's stage dates and action deadlines as an iCalendar file."""
    return b"".join(programme_calendar_chunks(programme, base_url=base_url))


def person_calendar(
    person: Person, *, base_url: str | None = None, programmes: QuerySet | None = None
) -> bytes:
    """The deadlines of the actions ``person`` owns directly, in every programme (or those
    of ``programmes``)."""
    return b"".join(person_calendar_chunks(person, base_url=base_url, programmes=programmes))


def programme_calendar_chunks(
    programme: Programme, *, base_url: str | None = None
) -> Iterator[bytes]:
    """``programme_calendar`` a piece at a time, to stream a large plan."""
    stamp = timezone.now()
    stages = Stage.objects.filter(
        programme=programme, timescale_end__isnull=False, archived_at__isnull=True
    ).order_by("timescale_end", "order", "pk")
    actions = Action.objects.filter(programme=programme, archived_at__isnull=True)
    yield from calendar_chunks(
        name=f"{programme.name} – {CALENDAR_SUFFIX}",
        events=(stage_event(stage, programme, stamp=stamp, base_url=base_url) for stage in stages),
        more_events=action_events(actions, stamp=stamp, base_url=base_url),
    )


def person_calendar_chunks(
    person: Person, *, base_url: str | None = None, programmes: QuerySet | None = None
) -> Iterator[bytes]:
    """``person_calendar`` a piece at a time, to stream a large plan."""
    owned = ActionOwner.objects.filter(person=person).values("action_id")
    actions = Action.objects.filter(pk__in=owned).not_archived()
    if programmes is not None:
        actions = actions.filter(programme__in=programmes)
    yield from calendar_chunks(
        name=f"{person.name} – {CALENDAR_SUFFIX}",
        events=[],
        more_events=action_events(actions, stamp=timezone.now(), base_url=base_url),
    )


def calendar_chunks(
    *, name: str, events: Iterable[bytes], more_events: Iterable[bytes]
) -> Iterator[bytes]:
    """A VCALENDAR's opening, each event in turn, then its closing line."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    closing = b"END:VCALENDAR\r\n"
    opening = calendar.to_ical()
    yield opening.removesuffix(closing)
    yield from events
    yield from more_events
    yield closing


# --- events ---


def all_day_event(
    *,
    uid: str,
    day: date,
    summary: str,
    description: str,
    categories: list[str],
    stamp: datetime,
    url: str | None,
) -> bytes:
    """A VEVENT for one whole day, as RFC 5545 content lines.

    Written line by line rather than through ``icalendar.Event.to_ical``, which takes
    about a millisecond an event: too slow for a 20,000-action feed. Text values are
    escaped by icalendar's own ``vText``; the tests read every feed back with icalendar.
    """
    lines = [
        b"BEGIN:VEVENT",
        b"UID:" + text_value(uid),
        b"DTSTAMP:" + stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ").encode(),
        b"DTSTART;VALUE=DATE:" + date_value(day),
        b"DTEND;VALUE=DATE:" + date_value(day + timedelta(days=1)),
        b"SUMMARY:" + text_value(summary),
        b"DESCRIPTION:" + text_value(description),
        b"CATEGORIES:" + b",".join(text_value(category) for category in categories),
        b"TRANSP:TRANSPARENT",  # a deadline does not make anyone busy
    ]
    if url:
        lines.append(b"URL:" + url.encode())
    lines.append(b"END:VEVENT")
    return b"".join(folded(line) for line in lines)


def text_value(text: str) -> bytes:
    """A TEXT value escaped as RFC 5545 says (backslash, semicolon, comma, newline)."""
    return vText(text).to_ical()


def date_value(day: date) -> bytes:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}".encode()


LINE_OCTETS = 75


def folded(line: bytes) -> bytes:
    """A content line folded at 75 octets, never inside a UTF-8 character, ending CRLF."""
    parts = []
    start, limit = 0, LINE_OCTETS
    while len(line) - start > limit:
        end = start + limit
        while line[end] & 0xC0 == 0x80:  # a continuation byte: step back to the start
            end -= 1
        parts.append(line[start:end])
        start, limit = end, LINE_OCTETS - 1  # a folded line starts with a space
    parts.append(line[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def stage_event(
    stage: Stage, programme: Programme, *, stamp: datetime, base_url: str | None
) -> bytes:
    """A stage's due date: "T1 Plans and proposed structures ready"."""
    return all_day_event(
        uid=f"stage-{stage.pk}@commissioning",
        day=stage.timescale_end,
        summary=str(stage),
        description=f"Stage due: {stage.timescale_text}\nProgramme: {programme.name}",
        categories=["Stage", programme.name],
        stamp=stamp,
        url=absolute(base_url, reverse("programme", args=[programme.slug]) + "#stages"),
    )


def action_events(actions, *, stamp: datetime, base_url: str | None) -> Iterator[bytes]:
    """An event per dated action, read in one query: one row per owner, grouped."""
    rows = (
        actions.filter(timescale_end__isnull=False)
        .order_by("timescale_end", "pk", "owners__order", "owners__pk")
        .values_list(*ACTION_FIELDS, named=True)
        .iterator(chunk_size=CHUNK_SIZE)
    )
    # Reversing 20,000 URLs is slow; every action page differs only by its id.
    page = reverse("action", args=[PK_PLACEHOLDER])
    for _, group in groupby(rows, key=lambda row: row.pk):
        owner_rows = list(group)
        owners = [row.owners__name for row in owner_rows if row.owners__name]
        path = page.replace(str(PK_PLACEHOLDER), str(owner_rows[0].pk))
        yield action_event(owner_rows[0], owners, stamp=stamp, url=absolute(base_url, path))


def action_event(row, owners: list[str], *, stamp: datetime, url: str | None) -> bytes:
    """An action's deadline: the end of its timescale."""
    label = f"{row.ref} {row.title}" if row.ref else row.title
    description = "\n".join(
        [
            f"Timescale: {row.timescale_text}",
            f"Owners: {', '.join(owners) or 'Not recorded'}",
            f"Status: {StatusChoices(row.status).label}",
            f"Programme: {row.programme__name}",
        ]
    )
    return all_day_event(
        uid=f"action-{row.pk}@commissioning",
        day=row.timescale_end,
        summary=label,
        description=description,
        categories=["Action deadline", row.programme__name],
        stamp=stamp,
        url=url,
    )


def absolute(base_url: str | None, path: str) -> str | None:
    return f"{base_url.rstrip('/')}{path}" if base_url else None


# --- subscription addresses ---


def person_feed_key(pk: int) -> str:
    return f"people/{pk}"


def feed_key(obj: Model) -> str:
    """What a token opens: a programme by slug, a person by id (slugs hold no "/")."""
    if isinstance(obj, Programme):
        return obj.slug
    if isinstance(obj, Person):
        return person_feed_key(obj.pk)
    raise TypeError(f"No calendar feed for {type(obj).__name__}")


def unused_cutoff() -> datetime:
    """Tokens last used (or, never used, made) before this have expired."""
    return timezone.now() - timedelta(days=settings.CALENDAR_TOKEN_UNUSED_DAYS)


def _is_live(token: CalendarToken) -> bool:
    return (token.last_used_at or token.created_at) >= unused_cutoff()


def calendar_token(user, obj: Model) -> str:
    """The token letting a calendar app read ``obj``'s feed as ``user``: the one they have,
    or a new one if they have none or theirs expired unused."""
    token = CalendarToken.objects.filter(user=user, feed=feed_key(obj)).first()
    if token is not None and _is_live(token):
        return token.key
    return renew_calendar_token(user=user, obj=obj)


@transaction.atomic
def renew_calendar_token(*, user, obj: Model) -> str:
    """A new token for ``user``'s address of ``obj``'s feed; the old address stops working."""
    key = secrets.token_urlsafe(32)
    CalendarToken.objects.update_or_create(
        user=user, feed=feed_key(obj), defaults={"key": key, "last_used_at": None}
    )
    # auto_now_add is set only on creation: a renewed token starts its unused time afresh.
    CalendarToken.objects.filter(key=key).update(created_at=timezone.now())
    return key


def stop_calendar_token(*, user, obj: Model) -> bool:
    """Stop ``user``'s address of ``obj``'s feed; whether there was one."""
    deleted, _ = CalendarToken.objects.filter(user=user, feed=feed_key(obj)).delete()
    return bool(deleted)


def has_calendar_token(user, obj: Model) -> bool:
    return CalendarToken.objects.filter(user=user, feed=feed_key(obj)).exists()


def token_user(token: str, key: str):
    """The active user a live token for the feed ``key`` was made for, else None; a use is
    recorded (at most once an hour, so polling calendars do not write on every read)."""
    if not token or len(token) > 64:
        return None
    found = (
        CalendarToken.objects.filter(key=token, feed=key, user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None or not _is_live(found):
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > timedelta(hours=1):
        CalendarToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user


def calendar_url(request: HttpRequest, user, obj: Model) -> str:
    """The address to subscribe to ``obj``'s feed (a programme or person) from a calendar app."""
    name, args = (
        ("programme-calendar", [obj.slug])
        if isinstance(obj, Programme)
        else ("person-calendar", [obj.pk])
    )
    path = reverse(name, args=args)
    return request.build_absolute_uri(f"{path}?{urlencode({'token': calendar_token(user, obj)})}")
