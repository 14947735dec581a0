"""Rules of outcome chains, pure Python: loops, and how a partner's chain aligns with the
council's.

A chain is a set of links "A so that B" between outcomes, written here as pairs of keys
(any hashable: ids in the app, letters in the tests). A chain is acyclic; adding a link that
would close a loop is refused, naming the loop.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

Key = Hashable
Link = tuple[Key, Key]


def loop_closed_by(links: Iterable[Link], new: Link) -> list[Key] | None:
    """The loop that adding ``new`` to ``links`` would close, as a path from its start back
    to it (``[a, b, c, a]``), or None when the chain stays acyclic.

    A link from an outcome to itself is a loop of one: ``[a, a]``.
    """
    start, end = new
    if start == end:
        return [start, start]
    following: dict[Key, list[Key]] = defaultdict(list)
    for a, b in links:
        following[a].append(b)
    # Breadth first from the new link's end: the shortest way back to its start.
    came_from: dict[Key, Key | None] = {end: None}
    frontier = [end]
    while frontier:
        next_frontier = []
        for node in frontier:
            for after in following.get(node, ()):
                if after in came_from:
                    continue
                came_from[after] = node
                if after == start:
                    path = [after]
                    while came_from[path[-1]] is not None:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path)]
                next_frontier.append(after)
        frontier = next_frontier
    return None


def first_loop(links: Iterable[Link]) -> list[Key] | None:
    """A loop in ``links`` if there is one (adding them one by one), else None."""
    kept: list[Link] = []
    for link in links:
        loop = loop_closed_by(kept, link)
        if loop:
            return loop
        kept.append(link)
    return None


def describe_loop(loop: list[Key], names: Mapping[Key, str] | None = None) -> str:
    """ "A → B → C → A": the loop with each outcome by its name."""
    names = names or {}
    return " → ".join(str(names.get(key, key)) for key in loop)


# --- Alignment ------------------------------------------------------------------------------


class Standing(StrEnum):
    """How a node of one chain stands to the other chain. The strongest applies:
    a conflict is shown before a match, a match before a contribution."""

    CONFLICTS = "conflicts"
    MATCHED = "matched"
    CONTRIBUTES = "contributes"
    MISSING = "missing"


_ORDER = [Standing.CONFLICTS, Standing.MATCHED, Standing.CONTRIBUTES]


@dataclass(frozen=True)
class Mark:
    """A mark between the chains: ``kind`` is matched, contributes or conflicts; a conflict
    may name one side only."""

    kind: str
    partner: Key | None = None
    council: Key | None = None


@dataclass(frozen=True)
class AlignmentResult:
    council: dict[Key, Standing]
    partner: dict[Key, Standing]
    # The council outcome each partner outcome reaches (same outcome, matched or contributes).
    reaches: dict[Key, set[Key]]

    @property
    def council_missing(self) -> list[Key]:
        """Council outcomes the partner's chain does not reach (or conflicts with)."""
        return [key for key, standing in self.council.items() if standing == Standing.MISSING]

    @property
    def partner_missing(self) -> list[Key]:
        """Partner outcomes with no place in the council's chain."""
        return [key for key, standing in self.partner.items() if standing == Standing.MISSING]

    @property
    def conflicts(self) -> int:
        return sum(
            1 for s in [*self.council.values(), *self.partner.values()] if s == Standing.CONFLICTS
        )

    @property
    def figure(self) -> float | None:
        """Share of the council chain's outcomes the partner's chain reaches (matched or
        contributed to); None for an empty council chain."""
        return alignment_figure(self.council)


def _strongest(standings: set[Standing]) -> Standing:
    for standing in _ORDER:
        if standing in standings:
            return standing
    return Standing.MISSING


def classify_alignment(
    *, council: Iterable[Key], partner: Iterable[Key], marks: Iterable[Mark]
) -> AlignmentResult:
    """Each council and partner outcome's standing to the other chain.

    - *matched*: the same outcome sits in both chains, or a "matched" mark maps one to the other;
    - *contributes*: a "contributes" mark says a partner outcome feeds a council outcome (the
      council outcome is then reached too);
    - *conflicts*: a "conflicts" mark names it;
    - *missing*: none of these. Marks naming an outcome outside its chain are ignored.
    """
    council_keys = list(dict.fromkeys(council))
    partner_keys = list(dict.fromkeys(partner))
    in_council, in_partner = set(council_keys), set(partner_keys)
    council_seen: dict[Key, set[Standing]] = {key: set() for key in council_keys}
    partner_seen: dict[Key, set[Standing]] = {key: set() for key in partner_keys}
    reaches: dict[Key, set[Key]] = defaultdict(set)
    for key in in_council & in_partner:
        council_seen[key].add(Standing.MATCHED)
        partner_seen[key].add(Standing.MATCHED)
        reaches[key].add(key)
    for mark in marks:
        standing = Standing(mark.kind)
        p = mark.partner if mark.partner in in_partner else None
        c = mark.council if mark.council in in_council else None
        if standing == Standing.CONFLICTS:
            if p is not None:
                partner_seen[p].add(standing)
            if c is not None:
                council_seen[c].add(standing)
            continue
        if p is None or c is None:
            continue
        partner_seen[p].add(standing)
        council_seen[c].add(standing)
        reaches[p].add(c)
    return AlignmentResult(
        council={key: _strongest(seen) for key, seen in council_seen.items()},
        partner={key: _strongest(seen) for key, seen in partner_seen.items()},
        reaches=dict(reaches),
    )


def alignment_figure(council: Mapping[Key, Standing]) -> float | None:
    """Share (0–1) of council outcomes that are matched or contributed to."""
    if not council:
        return None
    reached = sum(1 for s in council.values() if s in (Standing.MATCHED, Standing.CONTRIBUTES))
    return reached / len(council)


def is_aligned(result: AlignmentResult) -> bool:
    """Aligned: every outcome of the partner's chain has its place in the council's (the same
    outcome, one mapped to it, or one feeding it), it reaches at least one council outcome, and
    nothing conflicts. A partner working on one theme can be aligned without reaching all of
    the council's outcomes; the figure says how much of the council's chain it reaches."""
    figure = result.figure
    return bool(figure) and not result.partner_missing and result.conflicts == 0
