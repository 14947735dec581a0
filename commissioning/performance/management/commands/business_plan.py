"""``commissioning business_plan --partnership SLUG``: the partnership's business plans; with
``--unit`` and ``--year``, that plan as of a date written as its Word document.

Without ``--user`` the command acts as the site operator; with it the access rules apply as
on the web: a partnership the user does not belong to is not found (status 2).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.access import rules as access
from commissioning.core.commands import find_user, read_date
from commissioning.domain import financial_years
from commissioning.partnership.models import Partnership
from commissioning.performance import exports
from commissioning.performance import presenters as present
from commissioning.performance.models import BusinessPlan


class Command(BaseCommand):
    help = (
        "List a partnership's business plans, or write one unit's plan for a financial year "
        "as a Word document, with its status as of a date (default: today)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partnership", required=True, help="slug of the partnership")
        parser.add_argument("--unit", help="the delivery or support unit, as its plan names it")
        parser.add_argument("--year", help="the financial year, for example 2010/11")
        parser.add_argument("--as-of", help="the date its status is as of (default: today)")
        parser.add_argument("-o", "--output", help="the .docx file to write")
        parser.add_argument("--user", help="act as this user, with their rights")

    def handle(self, *args, **options):
        partnership = self._partnership(options["partnership"], options["user"])
        plans = BusinessPlan.objects.filter(partnership=partnership)
        if not options["unit"] and not options["year"]:
            for plan in plans.order_by("-year_start", "unit"):
                self.stdout.write(f"{plan.financial_year}  {plan.unit}")
            if not plans.exists():
                self.stdout.write(f"{partnership.name} has no business plans yet.")
            return
        if not (options["unit"] and options["year"]):
            raise CommandError("--unit and --year: give both to write a plan", returncode=2)
        try:
            year = financial_years.normalise(options["year"])
        except financial_years.FinancialYearError as error:
            raise CommandError(f"--year: {error}", returncode=2) from error
        plan = plans.filter(unit__iexact=options["unit"].strip(), financial_year=year).first()
        if plan is None:
            raise CommandError(
                f"--unit: {partnership.name} has no business plan of {options['unit']!r} "
                f"for {year}",
                returncode=2,
            )
        as_of = read_date("--as-of", options["as_of"])
        content = exports.business_plan_docx(present.business_plan(plan, as_of=as_of))
        path = Path(options["output"] or f"{plan.unit}-{year.replace('/', '-')}.docx")
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(
                f"--output: cannot write {path} ({error.strerror})", returncode=2
            ) from error
        self.stderr.write(f"Wrote {path}")

    def _partnership(self, slug: str, username: str | None) -> Partnership:
        partnerships = Partnership.objects.all()
        user = find_user(username)
        if user is not None:
            partnerships = access.visible_partnerships(user)
        partnership = partnerships.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"--partnership: no partnership {slug!r}", returncode=2)
        return partnership
