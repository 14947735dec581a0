"""Writes to the partnership's indicators: each one function, atomic, checked whole first.

An import or a grid of values is validated row by row before anything is written; one
problem refuses the lot, each problem naming its line or cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from commissioning.domain import financial_years
from commissioning.domain.indicators import IndicatorValueError, read_target, read_value
from commissioning.domain.periods import parse_period
from commissioning.domain.plan import IndicatorPlan
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Partnership
from commissioning.performance.models import (
    BusinessPlan,
    Indicator,
    IndicatorValue,
    Polarity,
    TurnTheCurve,
)
from commissioning.plans import bulk
from commissioning.programmes import concurrency
from commissioning.programmes.models import Action

FIGURES = ("actual", "target", "lower", "upper", "numerator", "denominator", "comparator")


class PerformanceError(Exception):
    """A write refused; ``problems`` name each place (line, cell or field) and what is wrong."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class Stored:
    """What an import or a grid did: indicators added, values added and values changed."""

    indicators_added: list[str] = field(default_factory=list)
    values_added: int = 0
    changes: list[str] = field(default_factory=list)  # "NI 8 2009/10 actual: 22 → 22.4"

    def to_json(self) -> dict:
        return {
            "indicators_added": self.indicators_added,
            "values_added": self.values_added,
            "changes": self.changes,
        }


def _figure(value: Decimal | None) -> str:
    return "blank" if value is None else f"{value.normalize():f}"


def _key(code: str | None, title: str) -> tuple[str, str]:
    return ("code", code.strip().casefold()) if code else ("title", title.strip().casefold())


@transaction.atomic
def store_indicators(
    *,
    partnership: Partnership,
    indicators: list[IndicatorPlan],
    user=None,
    source: str = "",
    dry_run: bool = False,
) -> Stored:
    """Add the indicators read from a document, or new periods to those the partnership has.

    Old periods are kept; a value that differs from the one stored is changed and listed in
    ``changes`` (history keeps the old one). Outcomes are matched by code or title within the
    partnership. Refused whole (PerformanceError) when any row has a problem.
    """
    problems: list[str] = []
    indicators_here = Indicator.objects.filter(partnership=partnership).prefetch_related("values")
    existing = {_key(i.code, i.title): i for i in indicators_here}  # one query for the values
    outcomes = {}
    for outcome in Outcome.objects.filter(partnership=partnership):
        outcomes[outcome.title.casefold()] = outcome
        if outcome.code:
            outcomes[outcome.code.casefold()] = outcome
    seen: dict[tuple[str, str], int] = {}
    for read in indicators:
        where = f"{source}, line {read.line}" if source else f"line {read.line}"
        key = _key(read.code, read.title)
        if key in seen:
            problems.append(f"{where}: indicator {read.code or read.title!r} is already on line "
                            f"{seen[key]}")  # fmt: skip
        seen[key] = read.line
        if read.polarity and read.polarity not in Polarity.values:
            problems.append(f"{where}: polarity {read.polarity!r} is not one we know")
        if read.outcome and read.outcome.casefold() not in outcomes:
            problems.append(
                f"{where}: outcome {read.outcome!r} is not in the partnership's outcome library"
            )
        periods = set()
        for value in read.values:
            if value.period.text in periods:
                problems.append(
                    f"{value.location or where}: period {value.period.text!r} is given twice"
                )
            periods.add(value.period.text)
    if problems:
        raise PerformanceError(problems)

    stored = Stored()
    added: list[tuple[IndicatorPlan, Indicator]] = []  # new indicators, written together
    new_values: list[tuple[Indicator, object, dict]] = []  # new periods, written together
    for read in indicators:
        indicator = existing.get(_key(read.code, read.title))
        if indicator is None:
            indicator = Indicator(
                partnership=partnership,
                code=read.code or "",
                title=read.title[:300],
                theme=read.theme or "",
                unit=read.unit or "",
                polarity=read.polarity or Polarity.HIGHER_IS_BETTER,
                frequency=read.frequency if read.frequency in ("financial_year", "quarter",
                                                               "month", "calendar_year") else "",
                source=read.source or source,
                owner_name=read.owner or "",
            )  # fmt: skip
            added.append((read, indicator))
            stored.indicators_added.append(str(indicator))
            current = {}
        else:
            current = {v.period: v for v in indicator.values.all()}
        for value in read.values:
            fields = {
                "actual": value.actual,
                "target": value.target,
                "target_text": value.target_text or "",
                "baseline": value.baseline,
                "lower": value.lower,
                "upper": value.upper,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "comparator": value.comparator,
                "note": value.note or "",
            }
            had = current.get(value.period.text)
            if had is None:
                stored.values_added += 1
                new_values.append((indicator, value.period, fields))
                continue
            changed = []
            for name in FIGURES:
                new = fields[name]
                if new is not None and getattr(had, name) != new:
                    old = getattr(had, name)
                    changed.append(name)
                    stored.changes.append(
                        f"{indicator} {value.period.text} {name}: {_figure(old)} → {_figure(new)}"
                    )
                    setattr(had, name, new)
            if fields["target_text"] and had.target_text != fields["target_text"]:
                changed.append("target_text")
                stored.changes.append(
                    f"{indicator} {value.period.text} target: "
                    f"{had.target_text or _figure(had.target)} → {fields['target_text']}"
                )
                had.target_text, had.target = fields["target_text"], None
            if changed and not dry_run:
                had.entered_by = user
                had._history_user = user
                had.save()
    if dry_run:
        transaction.set_rollback(True)
        return stored
    _insert_indicators(added, outcomes, user)
    _insert_values(new_values, user)
    return stored


INDICATOR_COLUMNS = ("partnership_id", "code", "title", "theme", "unit", "polarity",
                     "frequency", "source", "owner_name")  # fmt: skip
VALUE_COLUMNS = ("indicator_id", "period", "period_start", "period_end", "entered_by_id",
                 *FIGURES, "target_text", "baseline", "note")  # fmt: skip


def _insert_indicators(added: list, outcomes: dict, user) -> None:
    """The new indicators in multi-row inserts, each with its history record and outcome."""
    rows = [tuple(getattr(indicator, name) for name in INDICATOR_COLUMNS) for _, indicator in added]
    keys = bulk.insert_rows(Indicator, INDICATOR_COLUMNS, rows, returning=True)
    for (_, indicator), key in zip(added, keys, strict=True):
        indicator.pk = key
    bulk.insert_history(
        Indicator,
        ("id", *INDICATOR_COLUMNS),
        [(key, *row) for key, row in zip(keys, rows, strict=True)],
        user=user,
    )
    Indicator.outcomes.through.objects.bulk_create(
        Indicator.outcomes.through(
            indicator_id=indicator.pk, outcome=outcomes[read.outcome.casefold()]
        )
        for read, indicator in added
        if read.outcome
    )


def _insert_values(new_values: list, user) -> None:
    """The new periods' values in multi-row inserts, each with its history record."""
    who = user.pk if user is not None else None
    rows = [
        (indicator.pk, period.text, period.start, period.end, who,
         *(fields[name] for name in FIGURES), fields["target_text"], fields["baseline"],
         fields["note"])
        for indicator, period, fields in new_values
    ]  # fmt: skip
    keys = bulk.insert_rows(IndicatorValue, VALUE_COLUMNS, rows, returning=True)
    bulk.insert_history(
        IndicatorValue,
        ("id", *VALUE_COLUMNS),
        [(key, *row) for key, row in zip(keys, rows, strict=True)],
        user=user,
    )


@dataclass(frozen=True)
class Entry:
    """One cell of the period grid: an indicator, a period and the texts typed."""

    indicator: Indicator
    period: str
    actual: str = ""
    target: str = ""
    where: str = ""


@transaction.atomic
def enter_values(*, entries: list[Entry], user) -> int:
    """Record the values typed in a grid (or posted to the API); all or nothing.

    An empty actual and target leave the period as it is. Returns how many were written.
    """
    problems, writes = [], []
    for entry in entries:
        where = entry.where or f"{entry.indicator} {entry.period}"
        period = parse_period(entry.period)
        if not entry.period.strip():
            problems.append(f"{where}: enter a period")
            continue
        try:
            actual = read_value(entry.actual) if entry.actual.strip() else None
        except IndicatorValueError:
            problems.append(f"{where}: actual {entry.actual.strip()!r} is not a number")
            continue
        target = read_target(entry.target) if entry.target.strip() else None
        if actual is None and target is None:
            continue
        writes.append((entry, period, actual, target))
    if problems:
        raise PerformanceError(problems)
    for entry, period, actual, target in writes:
        value, _ = IndicatorValue.objects.get_or_create(
            indicator=entry.indicator,
            period=period.text,
            defaults={"period_start": period.start, "period_end": period.end},
        )
        if actual is not None:
            value.actual = actual
        if target is not None:
            value.target, value.target_text = target.value, target.text or ""
        value.entered_by = user
        value.save()
    return len(writes)


@transaction.atomic
def save_turn_the_curve(*, indicator: Indicator, user, actions=(), **texts) -> TurnTheCurve:
    """Write the indicator's turn-the-curve plan (one per indicator)."""
    plan, _ = TurnTheCurve.objects.get_or_create(indicator=indicator)
    for name, text in texts.items():
        setattr(plan, name, text)
    plan._history_user = user
    plan.save()
    plan.actions.set(actions)
    return plan


INDICATOR_FIELDS = (
    "code",
    "title",
    "definition",
    "kind",
    "theme",
    "unit",
    "polarity",
    "frequency",
    "decimals",
    "source",
    "owner_organisation",
    "owner_name",
    "comparator_name",
    "tolerance",
)


class IndicatorRefused(PerformanceError):
    """An indicator's form refused; ``fields`` maps each field to what is wrong with it."""

    def __init__(self, fields: dict[str, str]):
        self.fields = fields
        super().__init__([f"{name}: {message}" for name, message in fields.items()])


@dataclass(frozen=True)
class Figure:
    """A baseline or target typed beside the indicator: its period and the text typed."""

    period: str = ""
    text: str = ""


def _check_indicator(partnership, indicator, values, outcomes, baseline, target) -> dict:
    problems: dict[str, str] = {}
    code = values.get("code", "").strip()
    if code:
        taken = Indicator.objects.filter(partnership=partnership, code__iexact=code)
        if indicator is not None:
            taken = taken.exclude(pk=indicator.pk)
        if taken.exists():
            problems["code"] = f"The partnership already has an indicator with the code {code}"
    if not values.get("title", "").strip():
        problems["title"] = "Enter the indicator's name"
    owner = values.get("owner_organisation")
    if owner is not None and not partnership.organisations().filter(pk=owner.pk).exists():
        problems["owner_organisation"] = "Choose an organisation of the partnership"
    if any(outcome.partnership_id != partnership.pk for outcome in outcomes):
        problems["outcomes"] = "Choose outcomes of the partnership's own library"
    for name, figure in (("baseline", baseline), ("target", target)):
        if figure is None:
            continue
        if figure.text.strip() and not figure.period.strip():
            problems[f"{name}_period"] = f"Enter the period of the {name}, for example 2010/11"
        if figure.period.strip() and not figure.text.strip():
            problems[name] = f"Enter the {name}, or leave its period blank"
    if baseline is not None and baseline.text.strip():
        try:
            number = read_value(baseline.text)
        except IndicatorValueError:
            number = None
        if number is None:
            problems["baseline"] = (
                f"Enter the baseline as a number, for example 21.3 (not {baseline.text.strip()!r})"
            )
    return problems


def _write_figure(indicator, figure: Figure, *, as_baseline: bool, user) -> None:
    period = parse_period(figure.period.strip())
    value = IndicatorValue.objects.filter(indicator=indicator, period=period.text).first()
    if value is None:
        value = IndicatorValue(
            indicator=indicator,
            period=period.text,
            period_start=period.start,
            period_end=period.end,
        )
    if as_baseline:
        new = {"actual": read_value(figure.text), "baseline": True}
    else:
        target = read_target(figure.text)
        new = {"target": target.value, "target_text": target.text or ""}
    if value.pk and all(getattr(value, name) == figure for name, figure in new.items()):
        return  # as it stands: no new version, and an open grid stays current
    for name, figure in new.items():
        setattr(value, name, figure)
    value.entered_by = user
    value._history_user = user
    value.save()


@transaction.atomic
def save_indicator(
    *,
    partnership: Partnership,
    user,
    indicator: Indicator | None = None,
    expected_version: int | None = None,
    outcomes=(),
    baseline: Figure | None = None,
    target: Figure | None = None,
    **values,
) -> Indicator:
    """Add an indicator to the partnership, or change one (refused with EditConflict if
    someone saved it since ``expected_version``); a baseline or target typed with it is
    written as that period's value. ``values`` are ``INDICATOR_FIELDS``; refused whole
    (IndicatorRefused, by field) when any is wrong."""
    unknown = set(values) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    if indicator is not None and indicator.partnership_id != partnership.pk:
        raise IndicatorRefused({"indicator": "That indicator belongs to another partnership"})
    outcomes = list(outcomes)
    problems = _check_indicator(partnership, indicator, values, outcomes, baseline, target)
    if problems:
        raise IndicatorRefused(problems)
    if indicator is None:
        indicator = Indicator(partnership=partnership)
    elif expected_version is not None:
        concurrency.claim(indicator, expected_version=expected_version)
    changed = [name for name, value in values.items() if getattr(indicator, name) != value]
    for name in changed:
        setattr(indicator, name, values[name])
    if changed or indicator.pk is None:
        indicator._history_user = user
        indicator.save()
    indicator.outcomes.set(outcomes)
    for figure, as_baseline in ((baseline, True), (target, False)):
        if figure is not None and figure.period.strip():
            _write_figure(indicator, figure, as_baseline=as_baseline, user=user)
    return indicator


# --- Business plans -------------------------------------------------------------------------

BUSINESS_PLAN_FIELDS = ("unit", "unit_kind", "organisation", "lead", "financial_year", "purpose")


def _check_business_plan(partnership, plan, values, outcomes, indicators, actions) -> dict:
    problems: dict[str, str] = {}
    unit = values.get("unit", "").strip()
    if not unit:
        problems["unit"] = "Enter the name of the delivery or support unit"
    try:
        values["financial_year"] = financial_years.normalise(values.get("financial_year", ""))
    except financial_years.FinancialYearError as error:
        problems["financial_year"] = str(error)
    if unit and "financial_year" not in problems:
        taken = BusinessPlan.objects.filter(
            partnership=partnership,
            unit__iexact=unit,
            year_start=financial_years.start_year(values["financial_year"]),
        )
        if plan is not None:
            taken = taken.exclude(pk=plan.pk)
        if taken.exists():
            problems["unit"] = (
                f"{unit} already has a business plan for {values['financial_year']}: "
                "change that one"
            )
    organisation = values.get("organisation")
    if (
        organisation is not None
        and not partnership.organisations().filter(pk=organisation.pk).exists()
    ):
        problems["organisation"] = "Choose an organisation of the partnership"
    if any(outcome.partnership_id != partnership.pk for outcome in outcomes):
        problems["outcomes"] = "Choose outcomes of the partnership's own library"
    if any(indicator.partnership_id != partnership.pk for indicator in indicators):
        problems["indicators"] = "Choose the partnership's own indicators"
    if any(action.programme.partnership_id != partnership.pk for action in actions):
        problems["actions"] = "Choose actions of the partnership's own programmes"
    return problems


@transaction.atomic
def save_business_plan(
    *,
    partnership: Partnership,
    user,
    plan: BusinessPlan | None = None,
    expected_version: int | None = None,
    outcomes=(),
    indicators=(),
    actions=(),
    **values,
) -> BusinessPlan:
    """Add a unit's business plan for a year, or change one (EditConflict if someone saved it
    since ``expected_version``). ``values`` are ``BUSINESS_PLAN_FIELDS``; refused whole
    (IndicatorRefused, by field) when any is wrong, so nothing is half-changed."""
    unknown = set(values) - set(BUSINESS_PLAN_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    if plan is not None and plan.partnership_id != partnership.pk:
        raise IndicatorRefused({"plan": "That business plan belongs to another partnership"})
    outcomes, indicators = list(outcomes), list(indicators)
    actions = list(
        Action.objects.filter(pk__in=[a.pk for a in actions]).select_related("programme")
    )
    values = {
        name: value.strip() if isinstance(value, str) else value for name, value in values.items()
    }
    problems = _check_business_plan(partnership, plan, values, outcomes, indicators, actions)
    if problems:
        raise IndicatorRefused(problems)
    if plan is None:
        plan = BusinessPlan(partnership=partnership)
    elif expected_version is not None:
        concurrency.claim(plan, expected_version=expected_version)
    values["year_start"] = financial_years.start_year(values["financial_year"])
    changed = [name for name, value in values.items() if getattr(plan, name, None) != value]
    for name in changed:
        setattr(plan, name, values[name])
    if changed or plan.pk is None:
        plan._history_user = user
        plan.save()
    plan.outcomes.set(outcomes)
    plan.indicators.set(indicators)
    plan.actions.set(actions)
    return plan
