"""``commissioning report PROGRAMME --as-of DATE``: a programme's report as of a date, as a file.

Without ``--user`` the command acts as the site operator, who may report on any programme;
with it the access rules apply as on the web: a programme the user cannot see is not found
(status 2) and a report they may not produce is refused (status 3).
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from commissioning.access import rules as access
from commissioning.core.commands import find_user, read_date
from commissioning.programmes.models import Programme
from commissioning.reports.asof import build_report

FORMATS = ("html", "pdf", "docx", "xlsx", "json", "ics")
TEXT_FORMATS = {"html", "json", "ics"}
REFUSED = 3  # the exit status when the access rules refuse the user


class Command(BaseCommand):
    help = (
        "Write a programme's highlight report as of a date (HTML, PDF, Word, Excel or JSON), "
        "or its calendar (ics). Dates may be written as people write them: 2008-03-31, "
        "31/03/2008, 31 March 2008 or March 2008 (its last day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="programme name or slug")
        parser.add_argument("--as-of", help="the reporting date (default: today)")
        parser.add_argument("--compare", help="an earlier date to report changes since")
        parser.add_argument("--format", choices=FORMATS, default="html")
        parser.add_argument(
            "-o",
            "--output",
            help="file to write; '-' or none writes text formats to the screen",
        )
        parser.add_argument(
            "--user",
            help="report as this user, with their rights (default: the site operator, who "
            "may report on any programme)",
        )

    def handle(self, *args, **options):
        user = find_user(options["user"])
        programme = find_programme(options["programme"], user=user)
        if user is not None:
            try:
                access.require_report(user, programme)
            except PermissionDenied as refusal:
                raise CommandError(
                    f"--user {user.username}: not allowed: {refusal}", returncode=REFUSED
                ) from refusal
        fmt = options["format"]
        if fmt == "ics":
            from commissioning.reports.calendar import programme_calendar

            content, filename = programme_calendar(programme), f"{programme.slug}.ics"
        else:
            from commissioning.reports.renderers import render

            as_of = read_date("--as-of", options["as_of"]) or timezone.localdate()
            compare = read_date("--compare", options["compare"])
            if compare is not None and compare >= as_of:
                raise CommandError(
                    "--compare: enter a date before the reporting date", returncode=2
                )
            rendered = render(build_report(programme=programme, as_of=as_of, compare=compare), fmt)
            content, filename = rendered.content, rendered.filename
        self._write(content, options["output"], fmt, filename)

    def _write(self, content: bytes, output: str | None, fmt: str, filename: str) -> None:
        if output in {None, "-"} and fmt in TEXT_FORMATS:
            self.stdout.write(
                content.decode("utf-8"), ending="" if content.endswith(b"\n") else "\n"
            )
            return
        if output == "-":
            raise CommandError(
                f"--output: {fmt} is not text; name a file to write it to", returncode=2
            )
        path = Path(output or filename)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(
                f"--output: cannot write {path} ({error.strerror})", returncode=2
            ) from error
        self.stderr.write(f"Wrote {path}")


def find_programme(name_or_slug: str, *, user=None) -> Programme:
    """The programme with this slug or name (any case), among those ``user`` can see."""
    programmes = Programme.objects.all() if user is None else access.visible_programmes(user)
    programme = programmes.filter(
        Q(slug=name_or_slug) | Q(name__iexact=name_or_slug.strip())
    ).first()
    if programme is None:
        raise CommandError(f"PROGRAMME: no programme named {name_or_slug!r}", returncode=2)
    return programme
