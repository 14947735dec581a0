"""``commissioning import_needs FILE --partnership SLUG --table needs-analyses|gaps``: a table
of needs analyses or of gaps into a partnership, all or nothing; ``--dry-run`` checks it and
writes nothing. Without ``--user`` the command acts as the site operator; with it the access
rules apply (only the partnership's managers import; anyone else: status 3)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.access import rules as access
from commissioning.core.commands import find_user
from commissioning.domain.plan import PlanError
from commissioning.outcomes.needs_imports import TABLES, import_needs
from commissioning.partnership.models import Partnership

REFUSED = 3


class Command(BaseCommand):
    help = (
        "Import a table of needs analyses or of gaps (.csv, .xlsx, .docx, .txt) into a "
        "partnership: rows it names are updated, the rest added."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="slug of the partnership")
        parser.add_argument("--table", required=True, choices=sorted(TABLES))
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--user", help="act as this user, with their rights")

    def handle(self, *args, **options):
        user = find_user(options["user"])
        partnerships = Partnership.objects.all()
        if user is not None:
            partnerships = access.visible_partnerships(user)
        partnership = partnerships.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(
                f"--partnership: no partnership {options['partnership']!r}", returncode=2
            )
        if user is not None and not access.can_change_outcomes(user, partnership):
            raise CommandError(
                f"--user: only partnership managers of {partnership} import its "
                f"{TABLES[options['table']]}",
                returncode=REFUSED,
            )
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"{path}: cannot read the file ({error.strerror})", returncode=2
            ) from error
        try:
            result = import_needs(
                partnership=partnership,
                user=user,
                table=options["table"],
                data=data,
                filename=path.name,
                dry_run=options["dry_run"],
            )
        except PlanError as error:
            raise CommandError(str(error), returncode=2) from error
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb} {TABLES[options['table']]}: {len(result.added)} added, "
            f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
        )
