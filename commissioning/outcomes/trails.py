"""Change logs of the outcomes records: who changed an outcome, a chain or an alignment, when,
and each field from what to what.

An outcome's log takes in its gaps and the programme items linked to it; a chain's, the
outcomes placed in it and its "so that" links; an alignment's, its marks; a needs
analysis's, the gaps it is evidence for; a gap's, its own versions. One query per
history table and per foreign key shown, however long the log (``core.audit``).
"""

from __future__ import annotations

from commissioning.core.audit import Entry, Subject, newest_first, trail_of
from commissioning.outcomes.models import (
    Alignment,
    AlignmentMark,
    ChainLink,
    ChainNode,
    Gap,
    NeedsAnalysis,
    Outcome,
    OutcomeChain,
    ProgrammeLink,
)

HIDDEN = frozenset({"partnership", "history_effective"})
OUTCOME = Subject("outcome", title=lambda row: f"{row.code} {row.title}".strip(), hidden=HIDDEN)
GAP = Subject("gap", title=lambda row: row.description[:80], hidden=HIDDEN | {"outcome"})
PROGRAMME_LINK = Subject(
    "programme link", title=lambda row: "Linked programme item", hidden=HIDDEN | {"outcome"}
)
CHAIN = Subject("chain", title=lambda row: row.title, hidden=HIDDEN)
NODE = Subject("outcome in the chain", title=lambda row: "Outcome", hidden=HIDDEN | {"chain"})
LINK = Subject(
    "link",
    title=lambda row: "“So that” link",
    labels={"from_outcome": "From", "to_outcome": "So that"},
    hidden=HIDDEN | {"chain"},
)
NEEDS_ANALYSIS = Subject(
    "needs analysis",
    title=lambda row: row.title,
    hidden=HIDDEN | {"timescale_start", "timescale_end", "timescale_precision"},
)
ALIGNMENT = Subject("alignment", title=lambda row: "Alignment", hidden=HIDDEN)
MARK = Subject("mark", title=lambda row: "Mark", hidden=HIDDEN | {"alignment"})


def outcome_trail(outcome: Outcome) -> list[Entry]:
    """Every change to the outcome, its gaps and the programme items linked to it."""
    return newest_first(
        [
            *trail_of(Outcome.history.filter(id=outcome.pk), OUTCOME),
            *trail_of(Gap.history.filter(outcome_id=outcome.pk), GAP),
            *trail_of(ProgrammeLink.history.filter(outcome_id=outcome.pk), PROGRAMME_LINK),
        ]
    )


def chain_trail(chain: OutcomeChain) -> list[Entry]:
    """Every change to the chain, the outcomes placed in it and its links."""
    return newest_first(
        [
            *trail_of(OutcomeChain.history.filter(id=chain.pk), CHAIN),
            *trail_of(ChainNode.history.filter(chain_id=chain.pk), NODE),
            *trail_of(ChainLink.history.filter(chain_id=chain.pk), LINK),
        ]
    )


def needs_analysis_trail(analysis: NeedsAnalysis) -> list[Entry]:
    """Every change to the needs analysis, and to the gaps it is the evidence for."""
    return newest_first(
        [
            *trail_of(NeedsAnalysis.history.filter(id=analysis.pk), NEEDS_ANALYSIS),
            *trail_of(Gap.history.filter(needs_analysis_id=analysis.pk), GAP),
        ]
    )


def gap_trail(gap: Gap) -> list[Entry]:
    """Every change to the gap (its status moves are also listed on its page)."""
    return newest_first(trail_of(Gap.history.filter(id=gap.pk), GAP))


def alignment_trail(alignment: Alignment) -> list[Entry]:
    """Every change to the alignment and its marks."""
    return newest_first(
        [
            *trail_of(Alignment.history.filter(id=alignment.pk), ALIGNMENT),
            *trail_of(AlignmentMark.history.filter(alignment_id=alignment.pk), MARK),
        ]
    )
