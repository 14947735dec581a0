"""What the commissions pages show: a scoring round's prioritised list (for its page and its
Word and Excel exports) and a commission's evaluations and lessons, each in a fixed number of
queries however many rows there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from commissioning.commissions import evidence, services
from commissioning.commissions.models import (
    Commission,
    Evaluation,
    EvaluationPlan,
    Lesson,
    Score,
    ScoringRound,
)
from commissioning.domain.prioritisation import Ranked, criterion_means


@dataclass(frozen=True)
class PrioritisedRow:
    item: Ranked
    pk: int
    title: str
    stage: str
    status: str
    total: str
    means: tuple[float | None, ...]  # the panel's mean score per criterion, in order
    gaps: list[evidence.GapEvidence]
    indicators: list[evidence.IndicatorEvidence]
    money: evidence.PotEvidence | None

    @property
    def gaps_text(self) -> str:
        return "; ".join(f"{gap.description} ({gap.severity})" for gap in self.gaps) or "None"

    @property
    def indicators_text(self) -> str:
        return "; ".join(str(shown) for shown in self.indicators) or evidence.NONE_RECORDED

    @property
    def money_text(self) -> str:
        return str(self.money) if self.money is not None else evidence.NONE_RECORDED


@dataclass(frozen=True)
class PrioritisedList:
    partnership: str
    name: str
    held_on: dt.date
    approval: str
    criteria: list[tuple[str, int]]
    panel: list[str]
    scale: str
    rows: list[PrioritisedRow]

    @property
    def title(self) -> str:
        return f"Prioritised list of commissions: {self.name}"


def prioritised(scoring_round: ScoringRound) -> PrioritisedList:
    """The round's commissions by rank, with their evidence (the round's criteria set
    selected with it)."""
    ranked = services.prioritised_list(scoring_round)
    commissions = {c.pk: c for c in Commission.objects.filter(pk__in=[item.key for item in ranked])}
    criteria = list(scoring_round.criteria_set.criteria.all())
    means = criterion_means(
        Score.objects.filter(scoring_round=scoring_round).values_list(
            "commission_id", "criterion_id", "member_id", "value"
        )
    )
    found = evidence.gather(commissions)
    rows = [
        PrioritisedRow(
            item=item,
            pk=item.key,
            title=commissions[item.key].title,
            stage=commissions[item.key].get_stage_display(),
            status=commissions[item.key].get_status_display(),
            total=f"{item.total:.2f}",
            means=tuple(means.get(item.key, {}).get(c.pk) for c in criteria),
            gaps=found.gaps.get(item.key, []),
            indicators=found.indicators.get(item.key, []),
            money=found.money.get(item.key),
        )
        for item in ranked
    ]
    approval = (
        f"Approved at {scoring_round.approved_meeting}"
        if scoring_round.is_approved
        else "Not yet approved"
    )
    return PrioritisedList(
        partnership=scoring_round.partnership.name,
        name=scoring_round.name,
        held_on=scoring_round.held_on,
        approval=approval,
        criteria=[(c.name, c.weight) for c in criteria],
        panel=[person.name for person in scoring_round.panel.order_by("name")],
        scale=scoring_round.criteria_set.get_scale_display(),
        rows=rows,
    )


@dataclass(frozen=True)
class Learning:
    """A commission's evaluation plan, evaluations, and the lessons from them or for it."""

    plan: EvaluationPlan | None
    evaluations: list[Evaluation]
    lessons: list[Lesson]


def learning(commission: Commission) -> Learning:
    """What the commission's page shows of its evaluation: three queries."""
    lessons = (
        Lesson.objects.filter(partnership_id=commission.partnership_id)
        .filter(Q(evaluation__commission=commission) | Q(target_commission=commission))
        .select_related("evaluation__commission", "target_commission", "target_criterion")
        .order_by("acted_on", "id")
    )
    return Learning(
        plan=EvaluationPlan.objects.filter(commission=commission).first(),
        evaluations=list(commission.evaluations.order_by("evaluated_on", "id")),
        lessons=list(lessons),
    )


def serving(partnership, *, outcome=None, theme: str = "") -> list[Commission]:
    """The partnership's commissions serving an outcome (or any outcome of a theme), with
    their providers: two queries."""
    commissions = Commission.objects.filter(partnership=partnership)
    if outcome is not None:
        commissions = commissions.filter(outcomes=outcome)
    else:
        commissions = commissions.filter(outcomes__theme=theme).distinct()
    return list(commissions.prefetch_related("providers").order_by("title", "id"))
