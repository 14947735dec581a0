"""``commissioning import_spend FILE --partnership SLUG [--organisation NAME] [--dry-run]``:
a total-pot return (or a whole count) into a partnership's pot, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.domain.plan import PlanError
from commissioning.finance.imports import SpendImportRefused, store_spend
from commissioning.partnership.models import Partnership
from commissioning.reading.readers import read_document
from commissioning.reading.recognisers import recognise


class Command(BaseCommand):
    help = "Import spend lines (.csv, .xlsx, .docx, .txt) into a partnership's total pot."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="slug of the partnership")
        parser.add_argument(
            "--organisation", default="", help="the partner of a return whose rows name none"
        )
        parser.add_argument(
            "--user",
            default="",
            help="import as this user: a contributor imports only their organisation's lines",
        )
        parser.add_argument("--dry-run", action="store_true", help="check it and write nothing")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from error
        user = None
        partnerships = Partnership.objects.all()
        if options["user"]:
            from django.contrib.auth import get_user_model

            from commissioning.access import rules as access

            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user: no user {options['user']!r}")
            partnerships = access.visible_partnerships(user)
        partnership = partnerships.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"--partnership: no partnership {options['partnership']!r}")
        organisation = None
        if options["organisation"]:
            name = options["organisation"].casefold()
            organisation = next(
                (
                    org
                    for org in partnership.organisations()
                    if name in (org.name.casefold(), org.short_name.casefold())
                ),
                None,
            )
            if organisation is None:
                raise CommandError(f"--organisation: {options['organisation']!r} is not a partner")
        try:
            plan = recognise(read_document(data, path.name))
        except PlanError as error:
            raise CommandError(str(error), returncode=2) from error
        if not plan.spend:
            raise CommandError(f"{path.name}: no spend table found", returncode=2)
        for warning in plan.warnings:
            self.stdout.write(f"Warning, line {warning.line}: {warning.message}")
        try:
            result = store_spend(
                partnership=partnership,
                lines=plan.spend,
                user=user,
                source=f"Imported from {path.name}" + (f" by {user.username}" if user else ""),
                organisation=organisation,
                dry_run=options["dry_run"],
            )
        except SpendImportRefused as refused:
            raise CommandError(
                "\n".join(f"{path.name}, {error}" for error in refused.errors), returncode=2
            ) from refused
        verb = "Would import" if options["dry_run"] else "Imported"
        replaced = f", replacing {result.replaced}" if result.replaced else ""
        self.stdout.write(
            f"{verb} {result.lines} spend lines for {', '.join(result.years)}{replaced}."
        )
