"""The evidence shown beside each score: one function per source, each a fixed number of
queries however many commissions are asked about.

- the open gaps of the commissions' outcomes (from the needs analyses),
- the RAG and trend of the indicators measuring those outcomes, judged exactly as the
  scorecard judges them,
- the money the total pot puts on those outcomes: the latest year, in its most final phase.

Where a source has nothing for a commission the pages say "none recorded", never a
made-up figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import ExpressionWrapper, F, Sum

from commissioning.finance.models import Phase, SpendShare
from commissioning.finance.pot import HUNDRED, MONEY, best_phase, pounds
from commissioning.outcomes.models import Gap, GapStatus
from commissioning.performance.models import Indicator
from commissioning.performance.presenters import judge, values_by_indicator

NONE_RECORDED = "none recorded"


@dataclass(frozen=True)
class GapEvidence:
    description: str
    severity: str
    outcome: str


@dataclass(frozen=True)
class IndicatorEvidence:
    code: str
    title: str
    rag: str
    trend: str
    trend_arrow: str

    def __str__(self) -> str:
        name = f"{self.code} {self.title}".strip()
        return f"{name}: {self.rag}, {self.trend.lower()}"


@dataclass(frozen=True)
class PotEvidence:
    year: str
    phase: str
    amount: Decimal

    def __str__(self) -> str:
        return f"£{self.amount:,.0f} ({self.year}, {self.phase.lower()})"


def _outcomes_of(commission_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each outcome's commissions (among those asked about): one query."""
    from commissioning.commissions.models import Commission

    links = Commission.outcomes.through.objects.filter(
        commission_id__in=list(commission_ids)
    ).values_list("commission_id", "outcome_id")
    by_outcome: dict[int, list[int]] = defaultdict(list)
    for commission_id, outcome_id in links:
        by_outcome[outcome_id].append(commission_id)
    return by_outcome


@dataclass(frozen=True)
class Evidence:
    """All three sources for some commissions, keyed by commission id."""

    gaps: dict[int, list[GapEvidence]]
    indicators: dict[int, list[IndicatorEvidence]]
    money: dict[int, PotEvidence]


def gather(commission_ids: Iterable[int]) -> Evidence:
    """Every source for the commissions, reading their outcomes once: six queries."""
    by_outcome = _outcomes_of(commission_ids)
    return Evidence(
        gaps=_gaps(by_outcome), indicators=_indicators(by_outcome), money=_money(by_outcome)
    )


def open_gaps(commission_ids: Iterable[int]) -> dict[int, list[GapEvidence]]:
    """Open gaps (identified or being addressed) of each commission's outcomes: two queries."""
    return _gaps(_outcomes_of(commission_ids))


def indicator_rag(commission_ids: Iterable[int]) -> dict[int, list[IndicatorEvidence]]:
    """The RAG and trend of the indicators measuring each commission's outcomes, judged by
    the scorecard's own rules on today's values: three queries."""
    return _indicators(_outcomes_of(commission_ids))


def pot_money(commission_ids: Iterable[int]) -> dict[int, PotEvidence]:
    """The money the total pot puts on each commission's outcomes: the shares given to those
    outcomes in the latest year they have, in that year's most final phase. Added up by the
    database in one grouped query; an outcome shared by two commissions counts for both."""
    return _money(_outcomes_of(commission_ids))


def _gaps(by_outcome: dict[int, list[int]]) -> dict[int, list[GapEvidence]]:
    found: dict[int, list[GapEvidence]] = defaultdict(list)
    gaps = (
        Gap.objects.filter(outcome_id__in=list(by_outcome))
        .exclude(status=GapStatus.CLOSED)
        .select_related("outcome")
        .order_by("severity", "id")
    )
    for gap in gaps:
        for commission_id in by_outcome[gap.outcome_id]:
            found[commission_id].append(
                GapEvidence(gap.description, gap.get_severity_display(), str(gap.outcome))
            )
    return dict(found)


def _indicators(by_outcome: dict[int, list[int]]) -> dict[int, list[IndicatorEvidence]]:
    links = list(
        Indicator.outcomes.through.objects.filter(outcome_id__in=list(by_outcome))
        .select_related("indicator")
        .order_by("indicator__code", "indicator__title", "indicator_id")
    )
    unique = list({link.indicator_id: link.indicator for link in links}.values())
    values = values_by_indicator(unique, None)
    judged = {indicator.pk: judge(indicator, values[indicator.pk]) for indicator in unique}
    found: dict[int, dict[int, IndicatorEvidence]] = defaultdict(dict)
    for link in links:
        indicator, row = link.indicator, judged[link.indicator_id]
        shown = IndicatorEvidence(
            code=indicator.code,
            title=indicator.title,
            rag=row.rag_label,
            trend=row.trend_label,
            trend_arrow=row.trend_arrow,
        )
        for commission_id in by_outcome[link.outcome_id]:
            found[commission_id].setdefault(indicator.pk, shown)
    return {key: list(shown.values()) for key, shown in found.items()}


def outcome_totals(
    outcome_ids: Iterable[int], *, up_to: str | None = None
) -> dict[int, dict[str, dict[str, Decimal]]]:
    """outcome → financial year → phase → the £ the total pot's shares give it, summed by
    the database in one grouped query; with ``up_to``, only years up to that one."""
    shares = SpendShare.objects.filter(outcome_id__in=list(outcome_ids))
    if up_to is not None:
        shares = shares.filter(line__financial_year__lte=up_to)
    sums = (
        shares.values("outcome_id", "line__financial_year", "line__phase")
        .annotate(
            total=Sum(
                ExpressionWrapper(F("line__amount") * F("percent") / HUNDRED, output_field=MONEY),
                output_field=MONEY,
            )
        )
        .order_by()
    )
    totals: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal))
    )
    for row in sums:
        year = totals[row["outcome_id"]][row["line__financial_year"]]
        year[row["line__phase"]] += row["total"] or Decimal(0)
    return totals


def latest(by_year: dict[str, dict[str, Decimal]]) -> PotEvidence:
    """The latest year of some totals (year → phase → £), in its most final phase."""
    year = max(by_year)
    phase = best_phase(list(by_year[year]))
    return PotEvidence(year=year, phase=Phase(phase).label, amount=pounds(by_year[year][phase]))


def _money(by_outcome: dict[int, list[int]]) -> dict[int, PotEvidence]:
    # commission → year → phase → £
    totals: dict[int, dict[str, dict[str, Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(Decimal))
    )
    for outcome_id, by_year in outcome_totals(by_outcome).items():
        for commission_id in by_outcome[outcome_id]:
            for year, phases in by_year.items():
                for phase, amount in phases.items():
                    totals[commission_id][year][phase] += amount
    return {commission_id: latest(by_year) for commission_id, by_year in totals.items()}
