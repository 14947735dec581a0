"""The partnership's commissioning dashboard as it stood on a date: commissions by cycle
stage (with their time in it), pilots and their evaluations, the outcomes no commission
served, and each outcome's money in the total pot beside its indicators' RAG.

One reading of the date for every part, so the page and the board pack agree:

- a commission counts from the day it was recorded; its stage is the last move made by the
  end of the day (else its first stage), its title, status and pilot flag its version then;
- an evaluation counts from the day it was made, a lesson stays open until the day it was
  acted on;
- an outcome's money is the latest financial year begun by the date, in that year's most
  final phase; its indicators are judged as the scorecard judges them on that date.

A fixed number of queries however many commissions, outcomes and indicators there are.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from commissioning.commissions.evidence import NONE_RECORDED, PotEvidence, latest, outcome_totals
from commissioning.commissions.models import (
    Commission,
    Evaluation,
    Lesson,
    Stage,
    StageMove,
    Status,
)
from commissioning.domain import financial_years
from commissioning.outcomes.models import Outcome
from commissioning.performance.models import Indicator
from commissioning.performance.presenters import RAG_LABELS, end_of, judge, values_by_indicator


@dataclass(frozen=True)
class CommissionThen:
    """A commission as it stood on the date."""

    pk: int
    title: str
    stage: str
    status: str
    is_pilot: bool
    since: dt.date | None  # the day it entered that stage
    days_in_stage: int | None

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def in_cycle(self) -> bool:
        return self.status != Status.DECOMMISSIONED


@dataclass(frozen=True)
class PilotThen:
    commission: CommissionThen
    evaluation: Evaluation | None  # the latest made by the date
    evaluations: int
    open_lessons: int

    @property
    def result(self) -> str:
        return self.evaluation.get_result_display() if self.evaluation else "Not yet evaluated"


@dataclass(frozen=True)
class OutcomeThen:
    """An outcome's commissions, money and indicators on the date."""

    outcome: Outcome
    commissions: int  # in the cycle (not decommissioned)
    money: PotEvidence | None  # None: the total pot has nothing on it
    rags: dict[str, int] = field(default_factory=dict)  # RAG label → indicators

    @property
    def money_text(self) -> str:
        return str(self.money) if self.money is not None else NONE_RECORDED

    @property
    def rag_summary(self) -> str:
        if not self.rags:
            return "no indicators"
        return ", ".join(f"{label}: {count}" for label, count in self.rags.items())


@dataclass(frozen=True)
class Dashboard:
    as_of: dt.date
    stages: list[tuple[str, list[CommissionThen]]]  # (stage label, its commissions)
    pilots: list[PilotThen]
    outcomes: list[OutcomeThen]

    @property
    def commissions(self) -> int:
        return sum(len(entries) for _, entries in self.stages)

    @property
    def uncovered(self) -> list[Outcome]:
        return [entry.outcome for entry in self.outcomes if not entry.commissions]


def dashboard(partnership, *, as_of: dt.date) -> Dashboard:
    end = end_of(as_of)
    then = list(
        Commission.history.as_of(end).filter(partnership_id=partnership.pk).order_by("title", "id")
    )
    entries = _commissions(then, end)
    by_stage: dict[str, list[CommissionThen]] = {value: [] for value in Stage.values}
    for entry in entries.values():
        by_stage[entry.stage].append(entry)
    return Dashboard(
        as_of=as_of,
        stages=[(Stage(value).label, by_stage[value]) for value in Stage.values],
        pilots=_pilots([e for e in entries.values() if e.is_pilot], as_of),
        outcomes=_outcomes(partnership, entries, as_of),
    )


def _commissions(then: list, end: dt.datetime) -> dict[int, CommissionThen]:
    """Each commission's stage on the date: the last move made by then; before its first
    move, the stage that move left; with no move at all, its stage as then recorded."""
    moves: dict[int, list[StageMove]] = defaultdict(list)
    for move in StageMove.objects.filter(commission_id__in=[row.id for row in then]).order_by(
        "moved_at", "id"
    ):
        moves[move.commission_id].append(move)
    entries = {}
    for row in then:
        made = [move for move in moves[row.id] if move.moved_at <= end]
        later = [move for move in moves[row.id] if move.moved_at > end]
        if made:
            stage, since = made[-1].to_stage, made[-1].moved_at
        else:
            stage = later[0].from_stage if later and later[0].from_stage else row.stage
            since = row.created
        day = timezone.localtime(since).date() if since else None
        entries[row.id] = CommissionThen(
            pk=row.id,
            title=row.title,
            stage=stage,
            status=row.status,
            is_pilot=row.is_pilot,
            since=day,
            days_in_stage=(end.date() - day).days if day else None,
        )
    return entries


def _pilots(pilots: list[CommissionThen], as_of: dt.date) -> list[PilotThen]:
    evaluations: dict[int, list[Evaluation]] = defaultdict(list)
    for evaluation in Evaluation.objects.filter(
        commission_id__in=[p.pk for p in pilots], evaluated_on__lte=as_of
    ).order_by("evaluated_on", "id"):
        evaluations[evaluation.commission_id].append(evaluation)
    open_lessons: dict[int, int] = defaultdict(int)
    lessons = Lesson.objects.filter(
        evaluation__commission_id__in=[p.pk for p in pilots], evaluation__evaluated_on__lte=as_of
    ).values_list("evaluation__commission_id", "acted_on")
    for commission_id, acted_on in lessons:
        if acted_on is None or acted_on > as_of:
            open_lessons[commission_id] += 1
    return [
        PilotThen(
            commission=pilot,
            evaluation=evaluations[pilot.pk][-1] if evaluations[pilot.pk] else None,
            evaluations=len(evaluations[pilot.pk]),
            open_lessons=open_lessons[pilot.pk],
        )
        for pilot in pilots
    ]


def _outcomes(partnership, entries: dict[int, CommissionThen], as_of: dt.date) -> list:
    outcomes = list(
        Outcome.objects.filter(partnership=partnership, archived_at__isnull=True).order_by(
            "theme", "code", "title", "id"
        )
    )
    serving: dict[int, int] = defaultdict(int)
    for commission_id, outcome_id in Commission.outcomes.through.objects.filter(
        commission_id__in=list(entries), outcome_id__in=[o.pk for o in outcomes]
    ).values_list("commission_id", "outcome_id"):
        if entries[commission_id].in_cycle:
            serving[outcome_id] += 1
    totals = outcome_totals([o.pk for o in outcomes], up_to=financial_years.containing(as_of))
    money = {pk: latest(by_year) for pk, by_year in totals.items()}
    rags = _rags([o.pk for o in outcomes], as_of)
    return [
        OutcomeThen(
            outcome=outcome,
            commissions=serving[outcome.pk],
            money=money.get(outcome.pk),
            rags=rags.get(outcome.pk, {}),
        )
        for outcome in outcomes
    ]


def _rags(outcome_ids: list[int], as_of: dt.date) -> dict[int, dict[str, int]]:
    links = list(
        Indicator.outcomes.through.objects.filter(outcome_id__in=outcome_ids).select_related(
            "indicator"
        )
    )
    indicators = list({link.indicator_id: link.indicator for link in links}.values())
    then = {
        row.id
        for row in Indicator.history.as_of(end_of(as_of)).filter(id__in=[i.pk for i in indicators])
    }
    indicators = [indicator for indicator in indicators if indicator.pk in then]
    values = values_by_indicator(indicators, as_of)
    judged = {i.pk: judge(i, values[i.pk]).rag_label for i in indicators}
    order = list(RAG_LABELS.values())
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for link in links:
        if link.indicator_id in judged:
            label = judged[link.indicator_id]
            found[link.outcome_id][label] = found[link.outcome_id].get(label, 0) + 1
    return {
        pk: dict(sorted(counts.items(), key=lambda pair: order.index(pair[0])))
        for pk, counts in found.items()
    }
