"""``commissioning import_outcomes FILE --partnership SLUG``: an outcomes framework into a
partnership's library, all or nothing; ``--dry-run`` checks it and writes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.domain.plan import PlanError
from commissioning.outcomes.imports import import_outcomes
from commissioning.partnership.models import Partnership


class Command(BaseCommand):
    help = "Import an outcomes framework table (.csv, .xlsx, .docx, .txt) into a partnership."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="slug of the partnership")
        parser.add_argument("--chain", default="", help="title of the chain the links go in")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from error
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"--partnership: no partnership {options['partnership']!r}")
        try:
            result = import_outcomes(
                partnership=partnership,
                user=None,
                data=data,
                filename=path.name,
                chain_title=options["chain"],
                dry_run=options["dry_run"],
            )
        except PlanError as error:
            raise CommandError(str(error), returncode=2) from error
        for warning in result.warnings:
            self.stdout.write(f"Warning, line {warning.line}: {warning.message}")
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(f"{verb} {result.created} outcomes and {result.links} links.")
