"""The evidence shown beside each score: one function per source.

Gaps are read here now. The indicators' RAG and trend and the money in the total pot come
from apps that are joined to this one later; until then their functions say so, and the
pages show "not yet available" rather than a made-up figure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from commissioning.outcomes.models import Gap, GapStatus

NOT_YET_AVAILABLE = "not yet available"


@dataclass(frozen=True)
class GapEvidence:
    description: str
    severity: str
    outcome: str


def open_gaps(commission_ids: Iterable[int]) -> dict[int, list[GapEvidence]]:
    """Open gaps (identified or being addressed) of each commission's outcomes: one query."""
    from commissioning.commissions.models import Commission

    ids = list(commission_ids)
    found: dict[int, list[GapEvidence]] = defaultdict(list)
    links = Commission.outcomes.through.objects.filter(commission_id__in=ids).values_list(
        "commission_id", "outcome_id"
    )
    by_outcome: dict[int, list[int]] = defaultdict(list)
    for commission_id, outcome_id in links:
        by_outcome[outcome_id].append(commission_id)
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


def indicator_rag(commission_ids: Iterable[int]) -> dict[int, str]:
    """The RAG and trend of the indicators of each commission's outcomes.

    Filled in when the indicators app is joined; until then nothing is known.
    """
    return {}


def pot_money(commission_ids: Iterable[int]) -> dict[int, str]:
    """The money in the total pot for each commission's outcomes.

    Filled in when the total pot app is joined; until then nothing is known.
    """
    return {}
