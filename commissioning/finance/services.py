"""Writes to the total pot: each one atomic, keyword-only, saying who made the change so
history records it.

Bad input raises ``FinanceError`` with a message fit to show to the person (shares that do
not add up to 100 %, a year that is not a financial year, an outcome of another partnership)
and nothing is written. Who may write is checked by the callers through ``access.rules``; the
services check that every row named belongs to the line's own partnership.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commissioning.domain import financial_years
from commissioning.finance.models import (
    DeepDive,
    Kind,
    Phase,
    Population,
    Spending,
    SpendLine,
    SpendShare,
    Submission,
)
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Agreement, Organisation, Partnership
from commissioning.programmes import concurrency

HUNDRED = Decimal(100)
LINE_FIELDS = (
    "organisation",
    "financial_year",
    "amount",
    "phase",
    "service",
    "cipfa_category",
    "kind",
    "spending",
    "locally_controlled",
    "pool",
    "source",
    "note",
)


class FinanceError(ValueError):
    """A change refused, with a message naming what is wrong (and the form field, if one)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Share:
    """The per cent of a line spent on an outcome, or on a theme (neither: not assigned)."""

    percent: Decimal
    outcome: Outcome | None = None
    theme: str = ""


def whole(theme: str = "", outcome: Outcome | None = None) -> list[Share]:
    """All of a line to one theme or outcome (or, with neither, not assigned yet)."""
    return [Share(percent=HUNDRED, outcome=outcome, theme="" if outcome else theme.strip())]


def check_year(text: str, field: str = "financial_year") -> str:
    try:
        return financial_years.normalise(text)
    except financial_years.FinancialYearError as error:
        raise FinanceError(str(error), field=field) from error


def check_shares(shares: list[Share], partnership: Partnership, field: str = "shares") -> None:
    """Shares are positive, add up to exactly 100 % and name this partnership's outcomes."""
    if not shares:
        raise FinanceError(
            "Give at least one theme or outcome (or 100 % not assigned)", field=field
        )
    for share in shares:
        if share.percent <= 0 or share.percent > HUNDRED:
            raise FinanceError(
                f"A share must be more than 0 % and at most 100 %, not {share.percent} %",
                field=field,
            )
        if share.outcome is not None and share.outcome.partnership_id != partnership.pk:
            raise FinanceError(f"“{share.outcome}” belongs to another partnership", field=field)
        if share.outcome is not None and share.theme:
            raise FinanceError("A share goes to an outcome or to a theme, not both", field=field)
    total = sum((share.percent for share in shares), Decimal(0))
    if total != HUNDRED:
        raise FinanceError(f"The shares add up to {total.normalize():f} %, not 100 %", field=field)
    targets = [(share.outcome.pk if share.outcome else None, share.theme) for share in shares]
    if len(set(targets)) != len(targets):
        raise FinanceError("The same theme or outcome is given more than one share", field=field)


def _check_line(partnership: Partnership, values: dict) -> dict:
    values = dict(values)
    organisation = values["organisation"]
    if not partnership.organisations().filter(pk=organisation.pk).exists():
        raise FinanceError(
            f"{organisation} is not a partner of {partnership}", field="organisation"
        )
    values["financial_year"] = check_year(values["financial_year"])
    if values.get("phase") not in Phase.values:
        raise FinanceError(
            f"{values.get('phase')!r} is not budget, forecast or outturn", field="phase"
        )
    if values.get("kind", Kind.OTHER) not in Kind.values:
        raise FinanceError(f"{values['kind']!r} is not a kind of spend", field="kind")
    if values.get("spending", Spending.REVENUE) not in Spending.values:
        raise FinanceError("Say capital or revenue", field="spending")
    pool = values.get("pool")
    if pool is not None:
        if pool.partnership_id != partnership.pk:
            raise FinanceError(f"“{pool}” belongs to another partnership", field="pool")
        parties = set(pool.parties.values_list("pk", flat=True)) | {pool.host_id}
        if organisation.pk not in parties:
            raise FinanceError(f"{organisation} is not a party to “{pool}”", field="pool")
    values["amount"] = Decimal(values["amount"])
    return values


def _write_shares(line: SpendLine, shares: list[Share], user) -> None:
    old = list(line.shares.all())
    same = sorted((s.outcome_id or 0, s.theme, s.percent) for s in old) == sorted(
        (s.outcome.pk if s.outcome else 0, s.theme, Decimal(s.percent)) for s in shares
    )
    if same and old:
        return
    for row in old:
        row._history_user = user
        row.delete()
    for share in shares:
        row = SpendShare(line=line, outcome=share.outcome, theme=share.theme, percent=share.percent)
        row._history_user = user
        row.save()


@transaction.atomic
def save_line(
    *,
    partnership: Partnership,
    user,
    shares: list[Share],
    line: SpendLine | None = None,
    expected_version: int | None = None,
    **values,
) -> SpendLine:
    """Add a spend line, or change one (refused if saved by someone else since
    ``expected_version``). ``values`` are ``LINE_FIELDS``."""
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    if line is not None and line.partnership_id != partnership.pk:
        raise FinanceError("That line belongs to another partnership")
    if line is not None:
        values = {name: values.get(name, getattr(line, name)) for name in LINE_FIELDS}
    values = _check_line(partnership, {"phase": Phase.BUDGET, **values})
    check_shares(shares, partnership)
    if line is None:
        line = SpendLine(partnership=partnership, **values)
        line._history_user = user
        line.full_clean(validate_unique=False, validate_constraints=False)
        line.save()
    else:
        if expected_version is not None:
            concurrency.claim(line, expected_version=expected_version)
        changed = [name for name, value in values.items() if getattr(line, name) != value]
        if changed:
            for name in changed:
                setattr(line, name, values[name])
            line._history_user = user
            line.full_clean(validate_unique=False, validate_constraints=False)
            line.save()
    _write_shares(line, shares, user)
    return line


@transaction.atomic
def delete_line(*, line: SpendLine, user) -> None:
    """Remove a line; its history (and its shares') keeps what it was."""
    for share in line.shares.all():
        share._history_user = user
        share.delete()
    line._history_user = user
    line.delete()


@transaction.atomic
def set_population(
    *, partnership: Partnership, user, financial_year: str, people: int, source: str = ""
) -> Population:
    year = check_year(financial_year)
    if people is None or people <= 0:
        raise FinanceError("Give the number of people living in the area", field="people")
    row = Population.objects.filter(partnership=partnership, financial_year=year).first()
    if row is None:
        row = Population(partnership=partnership, financial_year=year)
    if row.pk and row.people == people and row.source == source:
        return row
    row.people, row.source = people, source
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def mark_submitted(
    *, partnership: Partnership, organisation: Organisation, financial_year: str, user
) -> Submission:
    """Record that the partner has submitted its lines for the year (once)."""
    year = check_year(financial_year)
    if not partnership.organisations().filter(pk=organisation.pk).exists():
        raise FinanceError(
            f"{organisation} is not a partner of {partnership}", field="organisation"
        )
    row = Submission.objects.filter(
        partnership=partnership, organisation=organisation, financial_year=year
    ).first()
    if row is None:
        row = Submission(
            partnership=partnership,
            organisation=organisation,
            financial_year=year,
            submitted_at=timezone.now(),
            submitted_by=user,
        )
        row._history_user = user
        row.save()
    return row


@transaction.atomic
def withdraw_submission(*, submission: Submission, user) -> None:
    submission._history_user = user
    submission.delete()


@transaction.atomic
def save_deep_dive(
    *,
    partnership: Partnership,
    user,
    findings: str,
    proposals: str,
    theme: str = "",
    outcome: Outcome | None = None,
    expected_version: int | None = None,
) -> DeepDive:
    """Write the findings and proposals of the deep dive into a theme or an outcome."""
    if outcome is not None and outcome.partnership_id != partnership.pk:
        raise FinanceError(f"“{outcome}” belongs to another partnership")
    if outcome is None and not theme.strip():
        raise FinanceError("Name the theme or outcome of the deep dive")
    lookup = {"outcome": outcome} if outcome else {"theme": theme.strip(), "outcome": None}
    dive = DeepDive.objects.filter(partnership=partnership, **lookup).first()
    if dive is None:
        dive = DeepDive(partnership=partnership, **lookup)
    elif expected_version is not None:
        concurrency.claim(dive, expected_version=expected_version)
    if dive.pk and dive.findings == findings and dive.proposals == proposals:
        return dive
    dive.findings, dive.proposals = findings, proposals
    dive._history_user = user
    dive.save()
    return dive


@transaction.atomic
def lines_from_pool(
    *,
    agreement: Agreement,
    financial_year: str,
    user,
    phase: str = Phase.BUDGET,
    shares: list[Share] | None = None,
) -> list[SpendLine]:
    """A spend line for each contribution into the pooled budget in the year, as the
    contributor's money with the pool noted — except for a contributor that already has a
    line in that pool, year and phase (so running it again, or after a partner entered its
    own, counts nothing twice). The host's lines for the pool are its own contribution only."""
    year = check_year(financial_year)
    partnership = agreement.partnership
    existing = set(
        SpendLine.objects.filter(
            partnership=partnership, pool=agreement, financial_year=year, phase=phase
        ).values_list("organisation_id", flat=True)
    )
    made = []
    for contribution in agreement.contributions.filter(financial_year=year).select_related(
        "organisation"
    ):
        if contribution.organisation_id in existing:
            continue
        made.append(
            save_line(
                partnership=partnership,
                user=user,
                shares=shares or whole(),
                organisation=contribution.organisation,
                financial_year=year,
                amount=contribution.amount,
                phase=phase,
                service=agreement.title,
                pool=agreement,
                source=f"Contribution recorded in the agreement “{agreement.title}”",
            )
        )
    return made
