"""What the total pot pages show, counted by ``pot`` and arranged here for the templates."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count

from commissioning.domain import financial_years
from commissioning.finance import pot as count
from commissioning.finance.models import Phase, Submission
from commissioning.outcomes.presenters import is_illustrative
from commissioning.partnership.models import Agreement, AgreementKind, Organisation

__all__ = ["is_illustrative"]
POOLED = [AgreementKind.SECTION_75_POOLED_BUDGET, AgreementKind.SECTION_31_POOLED_BUDGET]


def choose_year(partnership, requested: str | None, years: list[str]) -> str:
    """The year asked for (in any written form), else the latest with lines, else this one."""
    if requested:
        try:
            return financial_years.normalise(requested)
        except financial_years.FinancialYearError:
            pass
    if years:
        return years[-1]
    from django.utils import timezone

    return financial_years.containing(timezone.localdate())


def choose_phase(requested: str | None, available: list[str]) -> str:
    if requested in Phase.values:
        return requested
    return count.best_phase(available)


def pools(partnership, year: str, phase: str) -> list[dict]:
    """Each pooled budget's contributions in the year beside the lines counted for it."""
    agreements = Agreement.objects.filter(partnership=partnership, kind__in=POOLED).select_related(
        "host"
    )
    contributions = {}
    for agreement in agreements.prefetch_related("contributions__organisation"):
        contributions[agreement.pk] = [
            c for c in agreement.contributions.all() if c.financial_year == year
        ]
    counted = {
        (row["pool"], row["partner"]): row["total"]
        for row in count.grouped(
            partnership, by=("pool", "partner"), year=year, phase=phase, pool__isnull=False
        )
    }
    out = []
    for agreement in agreements:
        rows = []
        for contribution in contributions.get(agreement.pk, []):
            rows.append(
                {
                    "organisation": contribution.organisation,
                    "contributed": contribution.amount,
                    "counted": counted.get((agreement.pk, contribution.organisation_id)),
                }
            )
        if rows or any(key[0] == agreement.pk for key in counted):
            out.append({"agreement": agreement, "rows": rows})
    return out


def submissions(partnership, year: str) -> list[dict]:
    """Every organisation of the partnership: submitted for the year (when, by whom) or not,
    with how many lines it has entered."""
    done = {
        s.organisation_id: s
        for s in Submission.objects.filter(
            partnership=partnership, financial_year=year
        ).select_related("submitted_by")
    }
    lines = {
        row["partner"]: row["total"]
        for row in count.grouped(partnership, by=("partner",), year=year)
    }
    line_counts = dict(
        partnership.spend_lines.filter(financial_year=year)
        .values_list("organisation")
        .annotate(n=Count("id"))
        .order_by()
    )
    out = []
    for organisation in partnership.organisations().order_by("name"):
        submission = done.get(organisation.pk)
        out.append(
            {
                "organisation": organisation,
                "submission": submission,
                "lines": line_counts.get(organisation.pk, 0),
                "total": lines.get(organisation.pk, Decimal(0)),
            }
        )
    return out


def per_head_over_years(partnership, *, phase: str, **filters) -> list[dict]:
    """Spend per head of the population, year by year, for a theme or outcome (or the pot)."""
    people = count.populations(partnership)
    totals = {
        row["year"]: row["total"]
        for row in count.grouped(partnership, by=("year",), phase=phase, **filters)
    }
    return [
        {
            "year": year,
            "total": totals[year],
            "population": people.get(year),
            "per_head": count.per_head(totals[year], people.get(year)),
        }
        for year in sorted(totals)
    ]


def money_by_partner_and_year(partnership, **filters) -> dict:
    """The pot's money on a theme or outcome, a row per partner and a column per year, each
    year in its most final phase (outturn, else forecast, else budget): one grouped query
    and one for the partners' names.

    ``{"columns": [(year, phase label)], "rows": [(partner, [£ per column])], "totals": […]}``
    """
    found = count.grouped(partnership, by=("partner", "year", "phase"), **filters)
    phases: dict[str, set[str]] = {}
    for row in found:
        phases.setdefault(row["year"], set()).add(row["phase"])
    chosen = {year: count.best_phase(list(available)) for year, available in phases.items()}
    years = sorted(chosen)
    amounts: dict[int | None, dict[str, Decimal]] = {}
    for row in found:
        if chosen[row["year"]] == row["phase"]:
            amounts.setdefault(row["partner"], {})[row["year"]] = row["total"]
    names = dict(
        Organisation.objects.filter(pk__in=[pk for pk in amounts if pk]).values_list("pk", "name")
    )
    rows = sorted(
        (
            (names.get(partner, count.NOT_ASSIGNED), [by_year.get(year) for year in years])
            for partner, by_year in amounts.items()
        ),
        key=lambda row: row[0],
    )
    totals = [
        sum((by_year.get(year) or Decimal(0) for by_year in amounts.values()), Decimal(0))
        for year in years
    ]
    return {
        "columns": [(year, Phase(chosen[year]).label) for year in years],
        "rows": rows,
        "totals": totals,
    }
