"""Prioritising commissions: criteria weights, scales, weighted totals, ranks and stability.

A partnership scores each commission against a set of weighted criteria; a panel of people
each gives a score per commission per criterion on a stated scale (1 to 5, or High/Medium/Low
mapped to numbers). The commission's score on a criterion is the mean over the panel members
who scored it; its weighted total is the sum of those means times the weights, over 100.

How much should a rank be trusted? ``stability`` moves each weight in turn 10 points up and
10 points down (never below 0), scales the weights back to 100, ranks again, and reports for
each commission the best and worst rank it reached. A commission whose range is 3–3 keeps
its place whatever reasonable person sets the weights; one whose range is 2–9 sits among
close neighbours.

Nothing here knows about the database: plain values in, plain values out.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

WEIGHT_TOTAL = 100
STABILITY_STEP = 10
_PRECISION = 9  # totals equal to this many places are a tie

SCALES: dict[str, dict[str, int]] = {
    "one_to_five": {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5},
    "high_medium_low": {"high": 3, "medium": 2, "low": 1},
}
SCALE_MAXIMUM = {"one_to_five": 5, "high_medium_low": 3}


class PrioritisationError(ValueError):
    """Input that cannot be ranked, with a message that says what to change."""


def check_weights(weights: Iterable[int | float]) -> str | None:
    """None when the weights add up to 100; otherwise a sentence saying by how much not."""
    values = list(weights)
    if not values:
        return "Add at least one criterion with a weight."
    if any(value < 0 for value in values):
        return "Weights cannot be negative."
    total = sum(values)
    if total == WEIGHT_TOTAL:
        return None
    difference = total - WEIGHT_TOTAL
    if difference > 0:
        return f"Weights add up to {_number(total)}: {_number(difference)} over 100."
    return f"Weights add up to {_number(total)}: {_number(-difference)} short of 100."


def _number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def scale_value(scale: str, raw: object) -> int:
    """The number a written score stands for on ``scale`` ("High" → 3, " 4 " → 4)."""
    try:
        mapping = SCALES[scale]
    except KeyError:
        raise PrioritisationError(f"Unknown scale {scale!r}.") from None
    text = str(raw).strip().lower()
    if text.endswith(".0"):
        text = text[:-2]
    if text in mapping:
        return mapping[text]
    allowed = ", ".join(key.capitalize() if not key.isdigit() else key for key in mapping)
    raise PrioritisationError(f"{str(raw).strip()!r} is not on the scale ({allowed}).")


@dataclass(frozen=True)
class Ranked:
    """One commission's place in a prioritised list."""

    key: Hashable
    total: float
    rank: int
    best_rank: int
    worst_rank: int

    @property
    def rank_range(self) -> str:
        if self.best_rank == self.worst_rank:
            return str(self.best_rank)
        return f"{self.best_rank}–{self.worst_rank}"


def criterion_means(
    scores: Iterable[tuple[Hashable, Hashable, Hashable, float]],
) -> dict[Hashable, dict[Hashable, float]]:
    """Mean score per commission per criterion over the panel members who scored it.

    ``scores`` are (commission, criterion, member, value); a member scoring the same pair
    twice is an error, not a silent overwrite.
    """
    sums: dict[Hashable, dict[Hashable, list[float]]] = {}
    seen: set[tuple[Hashable, Hashable, Hashable]] = set()
    for commission, criterion, member, value in scores:
        marker = (commission, criterion, member)
        if marker in seen:
            raise PrioritisationError(
                f"{member} scored {commission} on {criterion} more than once."
            )
        seen.add(marker)
        cell = sums.setdefault(commission, {}).setdefault(criterion, [0.0, 0])
        cell[0] += value
        cell[1] += 1
    return {
        commission: {criterion: total / count for criterion, (total, count) in row.items()}
        for commission, row in sums.items()
    }


def weighted_totals(
    means: Mapping[Hashable, Mapping[Hashable, float]],
    weights: Mapping[Hashable, float],
) -> dict[Hashable, float]:
    """Sum of mean score × weight / total weight per commission; an unscored criterion adds 0."""
    total_weight = sum(weights.values()) or 1
    return {
        commission: sum(row.get(criterion, 0.0) * w for criterion, w in weights.items())
        / total_weight
        for commission, row in means.items()
    }


def rank(totals: Mapping[Hashable, float]) -> dict[Hashable, int]:
    """Competition ranking, highest total first: equal totals share a rank (1, 2, 2, 4)."""
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    ranks: dict[Hashable, int] = {}
    previous: float | None = None
    current = 0
    for position, (key, value) in enumerate(ordered, start=1):
        rounded = round(value, _PRECISION)
        if rounded != previous:
            current = position
            previous = rounded
        ranks[key] = current
    return ranks


def _ranks_from_list(keys: Sequence[Hashable], values: Sequence[float]) -> list[int]:
    order = sorted(range(len(values)), key=lambda index: -values[index])
    ranks = [0] * len(values)
    previous: float | None = None
    current = 0
    for position, index in enumerate(order, start=1):
        rounded = round(values[index], _PRECISION)
        if rounded != previous:
            current = position
            previous = rounded
        ranks[index] = current
    return ranks


def prioritise(
    means: Mapping[Hashable, Mapping[Hashable, float]],
    weights: Mapping[Hashable, float],
    step: float = STABILITY_STEP,
) -> list[Ranked]:
    """The prioritised list: totals, ranks and each rank's range under ±``step`` weights.

    For each criterion and each direction the new totals come from the old in one pass
    (total' = (total × W + d × mean) / (W + d)), so the whole check costs
    O(criteria × commissions log commissions).
    """
    problem = check_weights(weights.values())
    if problem:
        raise PrioritisationError(problem)
    keys = list(means)
    criteria = list(weights)
    total_weight = float(sum(weights.values()))
    columns = {
        criterion: [means[key].get(criterion, 0.0) for key in keys] for criterion in criteria
    }
    base = [
        sum(columns[criterion][index] * weights[criterion] for criterion in criteria) / total_weight
        for index in range(len(keys))
    ]
    base_ranks = _ranks_from_list(keys, base)
    best = list(base_ranks)
    worst = list(base_ranks)
    for criterion in criteria:
        column = columns[criterion]
        for delta in (-step, step):
            moved = max(0.0, weights[criterion] + delta) - weights[criterion]
            new_weight = total_weight + moved
            if moved == 0 or new_weight <= 0:
                continue
            totals = [
                (base[index] * total_weight + moved * column[index]) / new_weight
                for index in range(len(keys))
            ]
            for index, place in enumerate(_ranks_from_list(keys, totals)):
                if place < best[index]:
                    best[index] = place
                if place > worst[index]:
                    worst[index] = place
    result = [
        Ranked(key, base[index], base_ranks[index], best[index], worst[index])
        for index, key in enumerate(keys)
    ]
    result.sort(key=lambda item: (item.rank, str(item.key)))
    return result


def compare(
    earlier: Mapping[Hashable, int], later: Mapping[Hashable, int]
) -> dict[Hashable, int | None]:
    """Places moved between two rounds' ranks (positive = up the list); None if new."""
    return {key: (earlier[key] - place) if key in earlier else None for key, place in later.items()}
