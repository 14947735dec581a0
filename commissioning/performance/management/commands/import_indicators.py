"""``commissioning import_indicators FILE --partnership SLUG``: an indicator table (long or
wide form) into a partnership, all or nothing; a newer file adds its new periods and lists
the values it changes; ``--dry-run`` checks it and writes nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.domain.plan import PlanError
from commissioning.partnership.models import Partnership
from commissioning.performance.services import PerformanceError, store_indicators
from commissioning.reading import read_plan


class Command(BaseCommand):
    help = "Import an indicator table (.csv, .xlsx, .docx, .pdf, .txt) into a partnership."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--partnership", required=True, help="slug of the partnership")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

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
            plan = read_plan(data, path.name)
        except PlanError as error:
            raise CommandError(str(error), returncode=2) from error
        if not plan.indicators:
            raise CommandError(f"{path.name}: no indicator table found", returncode=2)
        try:
            stored = store_indicators(
                partnership=partnership,
                indicators=plan.indicators,
                source=path.name,
                dry_run=options["dry_run"],
            )
        except PerformanceError as error:
            raise CommandError("\n".join(error.problems), returncode=2) from error
        if options["format"] == "json":
            payload = {
                "dry_run": options["dry_run"],
                **stored.to_json(),
                "warnings": [w.to_json() for w in plan.warnings],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for warning in plan.warnings:
            self.stdout.write(f"Warning, line {warning.line}: {warning.message}")
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb} {len(stored.indicators_added)} new indicators and "
            f"{stored.values_added} new values; {len(stored.changes)} values changed."
        )
        for change in stored.changes:
            self.stdout.write(f"  {change}")
