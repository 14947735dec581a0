"""Writes to commissions, stage moves, milestones, criteria, scoring rounds, evaluations and
lessons: each one atomic, keyword-only, saying who made the change so history records it.

Bad input raises ``CommissionsError`` with a message fit to show to the person, naming the
field, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.commissions.models import (
    Commission,
    CriteriaSet,
    Criterion,
    Evaluation,
    EvaluationPlan,
    Lesson,
    LessonTarget,
    Milestone,
    MilestoneStatus,
    Score,
    ScoringRound,
    Stage,
    StageMove,
)
from commissioning.domain.prioritisation import (
    PrioritisationError,
    Ranked,
    check_weights,
    criterion_means,
    prioritise,
    scale_value,
)
from commissioning.partnership.models import Decision, Meeting, Partnership, Person
from commissioning.programmes import concurrency

COMMISSION_FIELDS = (
    "title",
    "description",
    "lead_post",
    "status",
    "route",
    "budget_amount",
    "expected_savings",
    "actual_cost",
    "actual_savings",
    "is_pilot",
    "predecessor",
    "procurement_stage",
    "contract_value",
    "contract_start",
    "contract_end",
)


class CommissionsError(ValueError):
    """A change refused, with a message naming what is wrong."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _save(row, *, user, values: dict | None = None):
    values = values or {}
    changed = [name for name, value in values.items() if getattr(row, name, None) != value]
    for name in changed:
        setattr(row, name, values[name])
    if row.pk is None or changed:
        row._history_user = user
        try:
            row.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise _refusal(row, error) from None
        row.save()
    return row


def _refusal(row, error: ValidationError) -> CommissionsError:
    """The first problem the model found, as a message naming its field."""
    field, messages = next(iter(error.message_dict.items()))
    if field == NON_FIELD_ERRORS:
        return CommissionsError(messages[0])
    label = row._meta.get_field(field).verbose_name
    return CommissionsError(f"{label[:1].upper()}{label[1:]}: {messages[0]}", field=field)


def _same_partnership(partnership: Partnership, rows: Iterable, field: str) -> None:
    for row in rows:
        if row is not None and getattr(row, "partnership_id", partnership.pk) != partnership.pk:
            raise CommissionsError(f"“{row}” belongs to another partnership", field=field)


def _post_in(partnership: Partnership, post, field: str = "lead_post") -> None:
    if post is not None and post.body.partnership_id != partnership.pk:
        raise CommissionsError(f"The post “{post}” is not in {partnership}", field=field)


def _pick(values: dict) -> dict:
    unknown = set(values) - set(COMMISSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    return values


# --- Commissions ----------------------------------------------------------------------------


@transaction.atomic
def create_commission(
    *,
    partnership: Partnership,
    user,
    title: str,
    outcomes=(),
    gaps=(),
    providers=(),
    stage: str = Stage.ANALYSE,
    why: str = "Commission recorded",
    at: dt.datetime | None = None,
    **values,
) -> Commission:
    """A new commission, entering the cycle at ``stage`` with its first stage move."""
    values = _pick(values)
    if not title.strip():
        raise CommissionsError("Enter a title", field="title")
    _same_partnership(partnership, outcomes, "outcomes")
    _same_partnership(partnership, gaps, "gaps")
    _same_partnership(partnership, [values.get("predecessor")], "predecessor")
    _predecessor_free(values.get("predecessor"), None)
    _post_in(partnership, values.get("lead_post"))
    _providers_in(partnership, providers)
    when = at or timezone.now()
    post = values.get("lead_post")
    commission = _save(
        Commission(partnership=partnership),
        user=user,
        values={
            "title": title.strip(),
            **values,
            "lead_holder": post.holder if post else None,
            "stage": stage,
            "stage_since": when,
        },
    )
    commission.outcomes.set(outcomes)
    commission.gaps.set(gaps)
    commission.providers.set(providers)
    StageMove.objects.create(
        commission=commission, from_stage="", to_stage=stage, moved_at=when, moved_by=user, why=why
    )
    return commission


def _predecessor_free(predecessor: Commission | None, commission: Commission | None) -> None:
    """Refuse a predecessor that another commission already follows, or one that (through
    its own predecessors) follows this commission."""
    if predecessor is None:
        return
    taken = Commission.objects.filter(predecessor=predecessor)
    if commission is not None:
        taken = taken.exclude(pk=commission.pk)
    follower = taken.first()
    if follower is not None:
        raise CommissionsError(f"“{follower}” already follows “{predecessor}”", field="predecessor")
    seen, step = set(), predecessor
    while step is not None and step.pk not in seen:
        if commission is not None and step.pk == commission.pk:
            raise CommissionsError(
                "A commission cannot follow itself, directly or through others",
                field="predecessor",
            )
        seen.add(step.pk)
        step = step.predecessor


def _providers_in(partnership: Partnership, providers) -> None:
    # Providers may be any organisation, including voluntary and community groups outside
    # the partnership's partners: nothing to refuse but a missing row.
    for provider in providers:
        if provider is None or provider.pk is None:
            raise CommissionsError("Choose a provider from the directory", field="providers")


@transaction.atomic
def edit_commission(
    *,
    commission: Commission,
    user,
    outcomes=None,
    gaps=None,
    providers=None,
    expected_version: int | None = None,
    **values,
) -> Commission:
    """Change a commission's fields (and, when given, its outcomes, gaps and providers);
    with ``expected_version`` refused (``EditConflict``) if anyone saved it since."""
    values = _pick(values)
    if expected_version is not None:
        concurrency.claim(commission, expected_version=expected_version)
    partnership = commission.partnership
    if "title" in values and not str(values["title"]).strip():
        raise CommissionsError("Enter a title", field="title")
    if outcomes is not None:
        _same_partnership(partnership, outcomes, "outcomes")
    if gaps is not None:
        _same_partnership(partnership, gaps, "gaps")
    if values.get("predecessor") is not None:
        _same_partnership(partnership, [values["predecessor"]], "predecessor")
        _predecessor_free(values["predecessor"], commission)
    if "lead_post" in values:
        _post_in(partnership, values["lead_post"])
        post = values["lead_post"]
        values["lead_holder"] = post.holder if post else None
    _save(commission, user=user, values=values)
    if outcomes is not None:
        commission.outcomes.set(outcomes)
    if gaps is not None:
        commission.gaps.set(gaps)
    if providers is not None:
        _providers_in(partnership, providers)
        commission.providers.set(providers)
    return commission


@transaction.atomic
def move_stage(
    *,
    commission: Commission,
    user,
    to_stage: str,
    why: str,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> StageMove:
    """Move a commission to another cycle stage, saying why; the move is kept for good. With
    ``expected_version`` refused (``EditConflict``) if anyone saved the commission since."""
    if expected_version is not None:
        concurrency.claim(commission, expected_version=expected_version)
    if to_stage not in Stage.values:
        raise CommissionsError(f"{to_stage!r} is not a cycle stage", field="to_stage")
    if not why or not why.strip():
        raise CommissionsError("Say why the commission moves", field="why")
    if to_stage == commission.stage:
        raise CommissionsError(
            f"The commission is already at {Stage(to_stage).label}", field="to_stage"
        )
    when = at or timezone.now()
    if commission.stage_since and when < commission.stage_since:
        raise CommissionsError(
            "A move cannot be dated before the commission's last move", field="at"
        )
    move = StageMove.objects.create(
        commission=commission,
        from_stage=commission.stage,
        to_stage=to_stage,
        moved_at=when,
        moved_by=user,
        why=why.strip(),
    )
    _save(commission, user=user, values={"stage": to_stage, "stage_since": when})
    return move


def time_in_stages(
    moves: list[StageMove], now: dt.datetime | None = None
) -> dict[str, dt.timedelta]:
    """How long the commission has spent in each stage, from its moves (the last one open)."""
    now = now or timezone.now()
    spent: dict[str, dt.timedelta] = {}
    for move, following in zip(moves, [*moves[1:], None], strict=True):
        end = following.moved_at if following else now
        spent[move.to_stage] = spent.get(move.to_stage, dt.timedelta()) + (end - move.moved_at)
    return spent


@transaction.atomic
def add_milestone(
    *, commission: Commission, user, stage: str, title: str, due: dt.date, status: str = "scheduled"
) -> Milestone:
    if not title.strip():
        raise CommissionsError("Enter the milestone", field="title")
    return _save(
        Milestone(commission=commission),
        user=user,
        values={"stage": stage, "title": title.strip(), "due": due, "status": status},
    )


MET = (MilestoneStatus.MET, MilestoneStatus.PARTLY_MET)


@transaction.atomic
def record_milestone(
    *, milestone: Milestone, user, status: str, met_on: dt.date | None = None
) -> Milestone:
    """Whether a milestone was met: a met or partly met one needs the day, not in the future;
    a scheduled or missed one has none."""
    if status in MET and met_on is None:
        raise CommissionsError("Enter the day the milestone was met", field="met_on")
    if status in MET and met_on > timezone.localdate():
        raise CommissionsError("The day it was met cannot be in the future", field="met_on")
    if status not in MET:
        met_on = None
    return _save(milestone, user=user, values={"status": status, "met_on": met_on})


# --- Criteria and scoring -------------------------------------------------------------------


@transaction.atomic
def create_criteria_set(
    *, partnership: Partnership, user, name: str, criteria: list[tuple[str, int]], scale: str
) -> CriteriaSet:
    """A criteria set with its criteria (name, weight); the weights must add up to 100."""
    problem = check_weights([weight for _, weight in criteria])
    if problem:
        raise CommissionsError(problem, field="criteria")
    names = [name.strip() for name, _ in criteria]
    if len(set(names)) != len(names):
        raise CommissionsError("Two criteria have the same name", field="criteria")
    criteria_set = _save(
        CriteriaSet(partnership=partnership), user=user, values={"name": name, "scale": scale}
    )
    for order, (criterion_name, weight) in enumerate(criteria):
        _save(
            Criterion(criteria_set=criteria_set),
            user=user,
            values={"name": criterion_name.strip(), "weight": weight, "order": order},
        )
    return criteria_set


@transaction.atomic
def reweight(*, criteria_set: CriteriaSet, user, weights: dict[int, int]) -> CriteriaSet:
    """New weights by criterion id; refused, naming by how much, unless they add up to 100."""
    criteria = list(criteria_set.criteria.all())
    new = {criterion.pk: weights.get(criterion.pk, criterion.weight) for criterion in criteria}
    problem = check_weights(new.values())
    if problem:
        raise CommissionsError(problem, field="weights")
    for criterion in criteria:
        _save(criterion, user=user, values={"weight": new[criterion.pk]})
    return criteria_set


@transaction.atomic
def create_round(
    *,
    partnership: Partnership,
    user,
    criteria_set: CriteriaSet,
    name: str,
    held_on: dt.date,
    panel=(),
    commissions=(),
) -> ScoringRound:
    _same_partnership(partnership, [criteria_set], "criteria_set")
    _same_partnership(partnership, commissions, "commissions")
    scoring_round = _save(
        ScoringRound(partnership=partnership),
        user=user,
        values={"criteria_set": criteria_set, "name": name, "held_on": held_on},
    )
    scoring_round.panel.set(panel)
    scoring_round.commissions.set(commissions)
    return scoring_round


@transaction.atomic
def record_score(
    *,
    scoring_round: ScoringRound,
    user,
    commission: Commission,
    criterion: Criterion,
    member,
    value,
    note: str = "",
) -> Score:
    """A panel member's score, written on the round's scale ("High" or 4); a new score for
    the same commission, criterion and member replaces the old (history keeps it)."""
    if scoring_round.is_approved:
        raise CommissionsError("The round's list is approved: it can no longer be scored")
    if commission.partnership_id != scoring_round.partnership_id:
        raise CommissionsError(f"“{commission}” belongs to another partnership", field="commission")
    if criterion.criteria_set_id != scoring_round.criteria_set_id:
        raise CommissionsError(f"“{criterion}” is not a criterion of this round", field="criterion")
    if not scoring_round.panel.filter(pk=member.pk).exists():
        raise CommissionsError(f"{member} is not on the round's panel", field="member")
    try:
        number = scale_value(scoring_round.criteria_set.scale, value)
    except PrioritisationError as error:
        raise CommissionsError(str(error), field="value") from None
    score = Score.objects.filter(
        scoring_round=scoring_round, commission=commission, criterion=criterion, member=member
    ).first() or Score(
        scoring_round=scoring_round, commission=commission, criterion=criterion, member=member
    )
    scoring_round.commissions.add(commission)
    return _save(score, user=user, values={"value": number, "note": note})


@dataclass(frozen=True)
class ScoreEntry:
    """One score of a batch, as sent: the ids are resolved by the caller, in the round's
    partnership (None when the id named nothing there)."""

    commission: Commission | None
    criterion: Criterion | None
    member: Person | None
    value: object
    note: str = ""


class ScoresRefused(CommissionsError):
    """A batch of scores refused: ``problems`` holds, for each row, its errors by field
    (empty for a good row)."""

    def __init__(self, problems: list[dict[str, list[str]]]):
        bad = [index + 1 for index, row in enumerate(problems) if row]
        super().__init__(f"Scores refused, nothing recorded: rows {', '.join(map(str, bad))}")
        self.problems = problems


@transaction.atomic
def record_scores(*, scoring_round: ScoringRound, user, entries: list[ScoreEntry]) -> list[Score]:
    """Several scores at once, all or nothing: every row is checked (each with
    ``record_score``'s rules) and one bad row writes none of them, ``ScoresRefused`` naming
    each bad row's fields. Refused outright (``CommissionsError``) once the round is approved."""
    if scoring_round.is_approved:
        raise CommissionsError("The round's list is approved: it can no longer be scored")
    if not entries:
        raise CommissionsError("Send at least one score", field="scores")
    problems: list[dict[str, list[str]]] = []
    saved: list[Score] = []
    seen: dict[tuple, int] = {}
    for index, entry in enumerate(entries):
        missing = {
            name: [f"No such {name} in this partnership"]
            for name in ("commission", "criterion", "member")
            if getattr(entry, name) is None
        }
        if missing:
            problems.append(missing)
            continue
        key = (entry.commission.pk, entry.criterion.pk, entry.member.pk)
        if key in seen:
            problems.append(
                {"member": [f"Row {seen[key] + 1} already scores this commission and criterion"]}
            )
            continue
        seen[key] = index
        try:
            with transaction.atomic():
                saved.append(
                    record_score(
                        scoring_round=scoring_round,
                        user=user,
                        commission=entry.commission,
                        criterion=entry.criterion,
                        member=entry.member,
                        value=entry.value,
                        note=entry.note,
                    )
                )
        except CommissionsError as error:
            problems.append({error.field or "non_field_errors": [error.message]})
            continue
        problems.append({})
    if any(problems):
        raise ScoresRefused(problems)
    return saved


def prioritised_list(scoring_round: ScoringRound) -> list[Ranked]:
    """The round's commissions by weighted total, with ranks and rank ranges (two queries)."""
    weights = {
        criterion.pk: criterion.weight for criterion in scoring_round.criteria_set.criteria.all()
    }
    scores = Score.objects.filter(scoring_round=scoring_round).values_list(
        "commission_id", "criterion_id", "member_id", "value"
    )
    means = criterion_means(scores)
    for commission_id in scoring_round.commissions.values_list("pk", flat=True):
        means.setdefault(commission_id, {})
    if not means:
        return []
    try:
        return prioritise(means, weights)
    except PrioritisationError as error:
        raise CommissionsError(str(error), field="weights") from None


@transaction.atomic
def approve_round(
    *, scoring_round: ScoringRound, user, meeting: Meeting, text: str = ""
) -> Decision:
    """Approve the round's list at a meeting: a governance decision, and the list's commissions
    become prioritised."""
    if meeting.body.partnership_id != scoring_round.partnership_id:
        raise CommissionsError("The meeting is not one of this partnership's", field="meeting")
    if scoring_round.is_approved:
        raise CommissionsError("The round's list is already approved", field="meeting")
    ranked = prioritised_list(scoring_round)
    if not ranked:
        raise CommissionsError("The round has no scores to approve", field="meeting")
    decision = Decision(
        meeting=meeting,
        text=text or f"Approved the prioritised list of commissions from {scoring_round.name}.",
        order=meeting.decisions.count(),
    )
    decision._history_user = user
    decision.save()
    _save(
        scoring_round,
        user=user,
        values={"approved_meeting": meeting, "approved_decision": decision},
    )
    for commission in Commission.objects.filter(
        pk__in=[item.key for item in ranked], status="proposed"
    ):
        _save(commission, user=user, values={"status": "prioritised"})
    return decision


# --- Pilots, evaluations and lessons --------------------------------------------------------


@transaction.atomic
def set_evaluation_plan(
    *, commission: Commission, user, questions: str, **values
) -> EvaluationPlan:
    if not commission.is_pilot:
        raise CommissionsError("Only a pilot has an evaluation plan", field="commission")
    if not questions.strip():
        raise CommissionsError("Enter the questions the evaluation answers", field="questions")
    plan = EvaluationPlan.objects.filter(commission=commission).first() or EvaluationPlan(
        commission=commission
    )
    allowed = {"method", "baseline", "interim_on", "final_on"}
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    return _save(plan, user=user, values={"questions": questions, **values})


@transaction.atomic
def record_evaluation(
    *,
    commission: Commission,
    user,
    result: str,
    findings: str,
    evaluated_on: dt.date,
    is_final: bool = False,
) -> Evaluation:
    if not findings.strip():
        raise CommissionsError("Enter the findings", field="findings")
    return _save(
        Evaluation(commission=commission),
        user=user,
        values={
            "result": result,
            "findings": findings,
            "evaluated_on": evaluated_on,
            "is_final": is_final,
        },
    )


@transaction.atomic
def record_lesson(
    *,
    partnership: Partnership,
    user,
    text: str,
    target: str,
    evaluation: Evaluation | None = None,
    commission: Commission | None = None,
    criterion: Criterion | None = None,
) -> Lesson:
    if not text.strip():
        raise CommissionsError("Enter the lesson", field="text")
    if target == LessonTarget.COMMISSION and commission is None:
        raise CommissionsError("Choose the commission the lesson is for", field="commission")
    if target == LessonTarget.CRITERION and criterion is None:
        raise CommissionsError("Choose the criterion the lesson is for", field="criterion")
    _same_partnership(partnership, [commission], "commission")
    if criterion is not None and criterion.criteria_set.partnership_id != partnership.pk:
        raise CommissionsError(f"“{criterion}” belongs to another partnership", field="criterion")
    if evaluation is not None and evaluation.commission.partnership_id != partnership.pk:
        raise CommissionsError("The evaluation belongs to another partnership", field="evaluation")
    return _save(
        Lesson(partnership=partnership),
        user=user,
        values={
            "text": text,
            "target": target,
            "evaluation": evaluation,
            "target_commission": commission if target == LessonTarget.COMMISSION else None,
            "target_criterion": criterion if target == LessonTarget.CRITERION else None,
        },
    )


@transaction.atomic
def act_on_lesson(*, lesson: Lesson, user, action_taken: str, on: dt.date | None = None) -> Lesson:
    if not action_taken.strip():
        raise CommissionsError("Say what was done", field="action_taken")
    return _save(
        lesson,
        user=user,
        values={"action_taken": action_taken, "acted_on": on or timezone.localdate()},
    )
