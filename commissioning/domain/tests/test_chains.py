"""The loop and alignment rules of outcome chains, table by table."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commissioning.domain.chains import (
    Mark,
    Standing,
    alignment_figure,
    classify_alignment,
    describe_loop,
    first_loop,
    is_aligned,
    loop_closed_by,
)

M, C, X, S = Standing.MATCHED, Standing.CONTRIBUTES, Standing.CONFLICTS, Standing.MISSING


@pytest.mark.parametrize(
    ("links", "new", "loop"),
    [
        ([], ("A", "B"), None),
        ([], ("A", "A"), ["A", "A"]),
        ([("A", "B")], ("B", "A"), ["B", "A", "B"]),
        ([("A", "B"), ("B", "C")], ("C", "A"), ["C", "A", "B", "C"]),
        ([("A", "B"), ("B", "C")], ("A", "C"), None),  # a shortcut is not a loop
        ([("A", "B"), ("C", "B")], ("B", "D"), None),  # two causes of one outcome
        ([("A", "B"), ("B", "C"), ("C", "D"), ("A", "D")], ("D", "A"), ["D", "A", "D"]),
        ([("A", "B"), ("X", "Y")], ("Y", "A"), None),
    ],
)
def test_loop_closed_by(links, new, loop):
    assert loop_closed_by(links, new) == loop


def test_the_loop_is_named_from_the_new_link_round_to_its_start():
    loop = loop_closed_by([(1, 2), (2, 3)], (3, 1))
    assert describe_loop(loop, {1: "A", 2: "B", 3: "C"}) == "C → A → B → C"


def test_first_loop_of_a_list_of_links():
    assert first_loop([("A", "B"), ("B", "C")]) is None
    assert first_loop([("A", "B"), ("B", "C"), ("C", "A")]) == ["C", "A", "B", "C"]


@given(st.lists(st.tuples(st.integers(0, 8), st.integers(0, 8)), max_size=30))
def test_links_kept_after_refusing_loops_never_contain_one(links):
    kept = []
    for link in links:
        loop = loop_closed_by(kept, link)
        if loop is None:
            kept.append(link)
        else:
            # The loop is a real path: it starts and ends at the new link's start, and every
            # step but the first is an existing link.
            assert loop[0] == loop[-1] == link[0]
            assert (loop[0], loop[1]) == link
            assert all(step in kept for step in zip(loop[1:], loop[2:], strict=False))
    assert first_loop(kept) is None


@pytest.mark.parametrize(
    ("council", "partner", "marks", "council_standing", "partner_standing"),
    [
        # Same outcome in both chains: matched on both sides.
        (["a"], ["a"], [], {"a": M}, {"a": M}),
        # Nothing in common: missing each way.
        (["a"], ["p"], [], {"a": S}, {"p": S}),
        # A partner outcome mapped to a council one.
        (["a"], ["p"], [Mark("matched", "p", "a")], {"a": M}, {"p": M}),
        # A partner outcome feeding a council one.
        (["a", "b"], ["p"], [Mark("contributes", "p", "b")], {"a": S, "b": C}, {"p": C}),
        # A conflict named on the partner's side only.
        (["a"], ["a", "p"], [Mark("conflicts", "p", None)], {"a": M}, {"a": M, "p": X}),
        # A conflict outweighs a match.
        (["a"], ["a"], [Mark("conflicts", None, "a")], {"a": X}, {"a": M}),
        # A match outweighs a contribution.
        (
            ["a"],
            ["p"],
            [Mark("contributes", "p", "a"), Mark("matched", "p", "a")],
            {"a": M},
            {"p": M},
        ),
        # Marks naming outcomes outside the chains are ignored.
        (["a"], ["p"], [Mark("matched", "q", "a"), Mark("matched", "p", "z")], {"a": S}, {"p": S}),
        # Matched or contributes need both sides.
        (["a"], ["p"], [Mark("matched", "p", None)], {"a": S}, {"p": S}),
    ],
)
def test_classify_alignment(council, partner, marks, council_standing, partner_standing):
    result = classify_alignment(council=council, partner=partner, marks=marks)
    assert result.council == council_standing
    assert result.partner == partner_standing


@pytest.mark.parametrize(
    ("standings", "figure"),
    [
        ({}, None),
        ({"a": M}, 1.0),
        ({"a": M, "b": S}, 0.5),
        ({"a": C, "b": S, "c": X, "d": M}, 0.5),
        ({"a": X}, 0.0),
    ],
)
def test_alignment_figure_is_the_share_of_council_outcomes_reached(standings, figure):
    assert alignment_figure(standings) == figure


def test_gaps_each_way_and_aligned():
    result = classify_alignment(
        council=["a", "b", "c"],
        partner=["a", "p", "q"],
        marks=[
            Mark("contributes", "p", "b"),
            Mark(
                "conflicts",
                "q",
                None,
            ),
        ],
    )
    assert result.council_missing == ["c"]
    assert result.partner_missing == []
    assert result.conflicts == 1
    assert result.figure == pytest.approx(2 / 3)
    assert not is_aligned(result)
    # Reaching part of the council's chain is aligned when all the partner's outcomes fit.
    part = classify_alignment(council=["a", "b"], partner=["a"], marks=[])
    assert is_aligned(part) and part.figure == 0.5
    # A partner outcome with no place in the council's chain is a gap: not aligned.
    loose = classify_alignment(council=["a"], partner=["a", "z"], marks=[])
    assert not is_aligned(loose)
    assert loose.partner_missing == ["z"]
    assert not is_aligned(classify_alignment(council=["a"], partner=["z"], marks=[]))
