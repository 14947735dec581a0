"""Store spend read from a document: a list of ``SpendPlan`` into a partnership's pot.

Everything is checked before anything is written: a partner the partnership does not have, a
year that is not a financial year, a phase or kind it does not know, an outcome it cannot
find, shares that do not add up to 100 % — each refusal names the document's line and cell,
and one refusal writes nothing. Contributors import only their own organisation's lines.

How rows become lines:

- Rows with the same ``line`` number, partner, year, phase and service are one spend line
  split across their themes or outcomes: the line is their sum, and each row's part of it
  is its share (a row of the return with an amount per theme).
- A partner's return replaces its earlier one: the partnership's lines of every partner,
  year and phase the file gives are removed (their history kept) and the file's written.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q

from commissioning.access import rules as access
from commissioning.domain import financial_years
from commissioning.domain.plan import SpendPlan
from commissioning.finance import services
from commissioning.finance.models import CipfaCategory, Kind, Phase, Spending, SpendLine, SpendShare
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Agreement, Partnership
from commissioning.plans import bulk

HUNDRED = Decimal(100)
SHARE_PLACES = Decimal("0.001")
PHASE_WORDS = {
    "budget": Phase.BUDGET,
    "original budget": Phase.BUDGET,
    "estimate": Phase.BUDGET,
    "forecast": Phase.FORECAST,
    "projected": Phase.FORECAST,
    "outturn": Phase.OUTTURN,
    "actual": Phase.OUTTURN,
    "actuals": Phase.OUTTURN,
}
KIND_WORDS = (
    {value: value for value in Kind.values}
    | {label.lower(): value for value, label in Kind.choices}
    | {"benefits": Kind.BENEFITS, "transfers": Kind.BENEFITS, "cure": Kind.TREATMENT}
)


class SpendImportRefused(ValueError):
    """The lines could not be stored; ``errors`` says where and why, one per problem."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class SpendImport:
    lines: int = 0
    replaced: int = 0
    organisations: list[str] = field(default_factory=list)
    years: list[str] = field(default_factory=list)


def _where(plan: SpendPlan) -> str:
    return f"line {plan.line}" + (f" ({plan.location})" if plan.location else "")


def _lookup(names: dict, text: str | None):
    return names.get((text or "").strip().casefold())


def store_spend(
    *,
    partnership: Partnership,
    lines: list[SpendPlan],
    user,
    source: str,
    organisation=None,
    dry_run: bool = False,
) -> SpendImport:
    """Check every row, then write them all (or, with ``dry_run``, nothing).

    ``organisation`` is the partner of a return whose rows name none. ``user`` None is the
    command line, which may import every partner's lines.
    """
    organisations = list(partnership.organisations())
    by_name = {}
    for org in organisations:
        by_name[org.name.casefold()] = org
        if org.short_name:
            by_name.setdefault(org.short_name.casefold(), org)
    allowed = (
        None
        if user is None
        else set(access.spend_organisations(user, partnership).values_list("pk", flat=True))
    )
    outcomes = {}
    for outcome in Outcome.objects.filter(partnership=partnership).not_archived():
        outcomes.setdefault(outcome.title.casefold(), outcome)
        if outcome.code:
            outcomes[outcome.code.casefold()] = outcome
    pools = {a.title.casefold(): a for a in Agreement.objects.filter(partnership=partnership)}
    errors: list[str] = []
    grouped: OrderedDict[tuple, dict] = OrderedDict()
    if not lines:
        errors.append("there are no spend lines to import")
    for plan in lines:
        where = _where(plan)
        if plan.organisation:
            org = _lookup(by_name, plan.organisation)
            if org is None:
                errors.append(f"{where}: {plan.organisation!r} is not a partner of {partnership}")
                continue
        elif organisation is not None:
            org = organisation
        else:
            errors.append(f"{where}: the line names no partner")
            continue
        if allowed is not None and org.pk not in allowed:
            errors.append(
                f"{where}: you may import only your own organisation's lines, not {org}'s"
            )
            continue
        try:
            year = financial_years.from_timescale(plan.year)
        except financial_years.FinancialYearError:
            try:
                year = financial_years.normalise(plan.year.text)
            except financial_years.FinancialYearError as error:
                errors.append(f"{where}: {error}")
                continue
        phase = PHASE_WORDS.get((plan.phase or "budget").strip().casefold())
        if phase is None:
            errors.append(f"{where}: {plan.phase!r} is not budget, forecast or outturn")
            continue
        kind = KIND_WORDS.get((plan.kind or "other").strip().casefold())
        if kind is None:
            errors.append(f"{where}: {plan.kind!r} is not prevention, treatment, benefits or other")
            continue
        cipfa = getattr(plan, "cipfa_category", "") or ""
        if cipfa and cipfa not in CipfaCategory.values:
            errors.append(f"{where}: {cipfa!r} is not a CIPFA service category")
            continue
        outcome = None
        if plan.outcome:
            outcome = _lookup(outcomes, plan.outcome)
            if outcome is None:
                errors.append(f"{where}: no outcome {plan.outcome!r} in {partnership}")
                continue
        pool = None
        pool_title = getattr(plan, "pool", None)
        if pool_title:
            pool = _lookup(pools, pool_title)
            if pool is None:
                errors.append(f"{where}: no agreement {pool_title!r} in {partnership}")
                continue
        key = (plan.line, org.pk, year, phase, (plan.service or "").strip())
        entry = grouped.setdefault(
            key,
            {
                "plan": plan,
                "organisation": org,
                "year": year,
                "phase": phase,
                "kind": kind,
                "pool": pool,
                "parts": [],
            },
        )
        entry["parts"].append(
            (
                outcome,
                "" if outcome else (plan.theme or "").strip(),
                plan.amount,
                getattr(plan, "percent", None),
            )
        )
    prepared = []
    for entry in grouped.values():
        plan = entry["plan"]
        given = getattr(plan, "line_amount", None)
        if given is not None and all(part[3] is not None for part in entry["parts"]):
            # Our own export: the line's amount and each share's per cent, as stored.
            total = given
            shares = [
                services.Share(percent=percent, outcome=outcome, theme=theme)
                for outcome, theme, _, percent in entry["parts"]
            ]
        else:
            total = sum((part[2] for part in entry["parts"]), Decimal(0))
            shares = _shares([part[:3] for part in entry["parts"]], total)
        if shares is None:
            errors.append(
                f"{_where(plan)}: the parts of a split line must be all positive or all "
                "negative, and not add up to nothing"
            )
            continue
        try:
            services.check_shares(shares, partnership)
        except services.FinanceError as error:
            errors.append(f"{_where(plan)}: {error.message}")
            continue
        prepared.append((entry, total, shares))
    if errors:
        raise SpendImportRefused(errors)
    result = SpendImport(
        lines=len(prepared),
        organisations=sorted({e["organisation"].name for e, *_ in prepared}),
        years=sorted({e["year"] for e, *_ in prepared}),
    )
    if dry_run:
        return result
    with transaction.atomic():
        result.replaced = _remove_replaced(partnership, prepared, user)
        _write(partnership, prepared, user, source)
    return result


def _shares(parts, total: Decimal) -> list[services.Share] | None:
    if len(parts) == 1:
        outcome, theme, _ = parts[0]
        return [services.Share(percent=HUNDRED, outcome=outcome, theme=theme)]
    if total == 0 or any((amount > 0) != (total > 0) or amount == 0 for *_, amount in parts):
        return None
    shares = []
    for outcome, theme, amount in parts:
        percent = (amount * HUNDRED / total).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP)
        shares.append(services.Share(percent=percent, outcome=outcome, theme=theme))
    rounding = HUNDRED - sum((share.percent for share in shares), Decimal(0))
    last = shares[-1]
    shares[-1] = services.Share(
        percent=last.percent + rounding, outcome=last.outcome, theme=last.theme
    )
    return shares


def _source(plan, source: str) -> str:
    """The row's own source (our export keeps each line's, even an empty one), else the
    import's."""
    own = getattr(plan, "source", None)
    return own if own is not None else source


def _remove_replaced(partnership, prepared, user) -> int:
    """Remove the partnership's lines of every partner, year and phase the file gives, with
    a history record ("-") of each line and share as it was."""
    returns = {(e["organisation"].pk, e["year"], e["phase"]) for e, *_ in prepared}
    query = Q()
    for organisation, year, phase in returns:
        query |= Q(organisation=organisation, financial_year=year, phase=phase)
    old = SpendLine.objects.filter(partnership=partnership).filter(query)
    line_columns = ("id", *LINE_COLUMNS, "lock_version")
    lines = list(old.values_list(*line_columns))
    if not lines:
        return 0
    share_columns = ("id", *SHARE_COLUMNS)
    shares = list(SpendShare.objects.filter(line__in=old).values_list(*share_columns))
    bulk.insert_history(SpendShare, share_columns, shares, user=user, history_type="-")
    bulk.insert_history(SpendLine, line_columns, lines, user=user, history_type="-")
    bulk.delete_rows(SpendShare, [row[0] for row in shares])
    bulk.delete_rows(SpendLine, [row[0] for row in lines])
    return len(lines)


LINE_COLUMNS = (
    "partnership_id",
    "organisation_id",
    "financial_year",
    "amount",
    "phase",
    "service",
    "cipfa_category",
    "kind",
    "spending",
    "locally_controlled",
    "pool_id",
    "source",
    "note",
)
SHARE_COLUMNS = ("line_id", "outcome_id", "theme", "percent")


def _write(partnership, prepared, user, source: str) -> None:
    """Multi-row inserts of the lines and shares, and a history record for each."""
    lines = []
    for entry, total, _ in prepared:
        plan = entry["plan"]
        capital = getattr(plan, "capital", None)
        lines.append(
            (
                partnership.pk,
                entry["organisation"].pk,
                entry["year"],
                total,
                entry["phase"],
                (plan.service or "").strip()[:300],
                getattr(plan, "cipfa_category", "") or "",
                entry["kind"],
                Spending.CAPITAL if capital else Spending.REVENUE,
                getattr(plan, "locally_controlled", None),
                entry["pool"].pk if entry["pool"] else None,
                _source(plan, source)[:300],
                plan.note or "",
            )
        )
    keys = bulk.insert_rows(SpendLine, LINE_COLUMNS, lines, returning=True)
    bulk.insert_history(
        SpendLine,
        ("id", *LINE_COLUMNS, "lock_version"),
        [(key, *line, 1) for key, line in zip(keys, lines, strict=True)],
        user=user,
    )
    shares = [
        (key, share.outcome.pk if share.outcome else None, share.theme, share.percent)
        for key, (_, _, line_shares) in zip(keys, prepared, strict=True)
        for share in line_shares
    ]
    share_keys = bulk.insert_rows(SpendShare, SHARE_COLUMNS, shares, returning=True)
    bulk.insert_history(
        SpendShare,
        ("id", *SHARE_COLUMNS),
        [(key, *share) for key, share in zip(share_keys, shares, strict=True)],
        user=user,
    )
