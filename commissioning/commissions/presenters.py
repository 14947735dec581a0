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
    Stage,
    Status,
)
from commissioning.domain.prioritisation import SCALES, Ranked, criterion_means


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


@dataclass(frozen=True)
class OutcomeCoverage:
    outcome: object  # an Outcome
    commissions: list[Commission]  # in the cycle (not decommissioned), by stage


@dataclass(frozen=True)
class AreaCoverage:
    """One outcome area (a theme of the outcome library) and how far the cycle reaches it."""

    theme: str
    outcomes: list[OutcomeCoverage]

    @property
    def covered(self) -> int:
        return sum(1 for entry in self.outcomes if entry.commissions)

    @property
    def uncovered(self) -> list:
        return [entry.outcome for entry in self.outcomes if not entry.commissions]


def coverage(partnership) -> list[AreaCoverage]:
    """Which outcome areas have a commission in the cycle (the T3 deliverable: "includes all
    outcome areas"): every outcome of the library by theme, with the commissions serving it
    that are not decommissioned. Two queries however many outcomes and commissions."""
    from commissioning.outcomes.models import Outcome

    outcomes = list(
        Outcome.objects.filter(partnership=partnership, archived_at__isnull=True).order_by(
            "theme", "code", "title", "id"
        )
    )
    links = (
        Commission.outcomes.through.objects.filter(
            commission__partnership=partnership, outcome_id__in=[o.pk for o in outcomes]
        )
        .exclude(commission__status=Status.DECOMMISSIONED)
        .select_related("commission")
        .order_by("commission__title", "commission_id")
    )
    serving_outcome: dict[int, list[Commission]] = {}
    for link in links:
        serving_outcome.setdefault(link.outcome_id, []).append(link.commission)
    stage_order = {value: index for index, value in enumerate(Stage.values)}
    areas: dict[str, list[OutcomeCoverage]] = {}
    for outcome in outcomes:
        found = sorted(
            serving_outcome.get(outcome.pk, []), key=lambda c: (stage_order[c.stage], c.title)
        )
        areas.setdefault(outcome.theme, []).append(OutcomeCoverage(outcome, found))
    return [
        AreaCoverage(theme or "No theme", entries)
        for theme, entries in sorted(areas.items(), key=lambda item: (not item[0], item[0]))
    ]


@dataclass(frozen=True)
class RankChange:
    pk: int
    title: str
    rank_then: int | None  # None: not in that round
    rank_now: int | None
    total_then: str
    total_now: str

    @property
    def movement(self) -> str:
        if self.rank_then is None:
            return "New in this round"
        if self.rank_now is None:
            return "Not in this round"
        places = self.rank_then - self.rank_now
        if places == 0:
            return "No change"
        return f"Up {places}" if places > 0 else f"Down {-places}"


def compare_rounds(earlier: ScoringRound, later: ScoringRound) -> list[RankChange]:
    """Each commission of either round with its rank and weighted total in both, by its rank
    in the later round (then the ones it left out). A fixed number of queries."""
    then = {item.key: item for item in services.prioritised_list(earlier)}
    now = {item.key: item for item in services.prioritised_list(later)}
    titles = dict(Commission.objects.filter(pk__in=set(then) | set(now)).values_list("pk", "title"))

    def shown(item) -> str:
        return "" if item is None else f"{item.total:.2f}"

    rows = [
        RankChange(
            pk=pk,
            title=titles.get(pk, ""),
            rank_then=then[pk].rank if pk in then else None,
            rank_now=now[pk].rank if pk in now else None,
            total_then=shown(then.get(pk)),
            total_now=shown(now.get(pk)),
        )
        for pk in set(then) | set(now)
    ]
    return sorted(
        rows,
        key=lambda row: (
            row.rank_now is None,
            row.rank_now or 0,
            row.rank_then or 0,
            row.title,
        ),
    )


@dataclass
class GridCell:
    name: str  # the form field: score-<commission>-<criterion>
    label: str  # what a screen reader hears
    value: str  # as written on the round's scale ("4", "High"), or "" for not scored
    error: str = ""


@dataclass
class GridRow:
    commission: Commission
    cells: list[GridCell]


def scale_options(scale: str) -> list[tuple[str, str]]:
    """The choices a cell offers on the scale: ("", "Not scored") then each point."""
    points = [(key.capitalize() if not key.isdigit() else key) for key in SCALES[scale]]
    return [("", "Not scored"), *((point, point) for point in points)]


def scoring_grid(scoring_round: ScoringRound, member, posted=None) -> list[GridRow]:
    """One panel member's scores in the round, a row per commission and a cell per
    criterion: their current scores, or what they just posted. Three queries."""
    scale = scoring_round.criteria_set.scale
    written = {number: key for key, number in SCALES[scale].items()}
    criteria = list(scoring_round.criteria_set.criteria.all())
    current = {
        (score.commission_id, score.criterion_id): score.value
        for score in Score.objects.filter(scoring_round=scoring_round, member=member)
    }
    rows = []
    for commission in scoring_round.commissions.order_by("title", "id"):
        cells = []
        for criterion in criteria:
            name = f"score-{commission.pk}-{criterion.pk}"
            if posted is not None:
                value = posted.get(name, "").strip()
            else:
                number = current.get((commission.pk, criterion.pk))
                key = written.get(number, "") if number is not None else ""
                value = key.capitalize() if key and not key.isdigit() else key
            cells.append(GridCell(name, f"{commission.title}: {criterion.name}", value))
        rows.append(GridRow(commission, cells))
    return rows
