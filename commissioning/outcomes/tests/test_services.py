"""Writes to outcomes: loops refused by name, nothing half-written, history kept."""

import datetime as dt

import pytest

from commissioning.outcomes import services
from commissioning.outcomes.models import ChainLink, ChainNode, Gap, GapStatus, Outcome


def test_a_link_that_closes_a_loop_is_refused_naming_the_loop(library):
    before = ChainLink.objects.count()
    with pytest.raises(services.ChainLoop) as refused:
        services.add_link(
            chain=library.chain, from_outcome=library.a, to_outcome=library.c, user=library.user
        )
    assert "People live longer → Stop-smoking services reach more people → Fewer people smoke" in (
        refused.value.message
    )
    assert refused.value.message.count("People live longer") == 2
    assert ChainLink.objects.count() == before


def test_adding_a_link_puts_both_outcomes_in_the_chain_once(library):
    services.add_link(
        chain=library.chain, from_outcome=library.c, to_outcome=library.a, user=library.user
    )
    assert ChainNode.objects.filter(chain=library.chain).count() == 3
    with pytest.raises(services.OutcomesError, match="already links"):
        services.add_link(
            chain=library.chain, from_outcome=library.c, to_outcome=library.a, user=library.user
        )


def test_an_outcome_of_another_partnership_cannot_join_the_chain(library):
    with pytest.raises(services.OutcomesError, match="another partnership"):
        services.add_link(
            chain=library.chain, from_outcome=library.away, to_outcome=library.a, user=library.user
        )


def test_a_contributory_factor_under_an_outcome_joins_library_and_chain(library):
    link = services.add_contributory_factor(
        chain=library.chain, under=library.c, user=library.user, title="Pharmacies sell aids"
    )
    factor = link.from_outcome
    assert (factor.level, factor.theme, link.to_outcome) == (
        "contributory_factor",
        "Healthier",
        library.c,
    )
    assert factor.partnership == library.chain.partnership


def test_a_refused_factor_leaves_nothing_behind(library):
    count = Outcome.objects.count()
    # A factor with a code already taken is refused before anything is written.
    with pytest.raises(services.OutcomesError, match="code H1"):
        services.add_contributory_factor(
            chain=library.chain, under=library.c, user=library.user, title="X", code="H1"
        )
    assert Outcome.objects.count() == count


def test_editing_an_outcome_records_who_and_only_changes(library):
    services.edit_outcome(outcome=library.a, user=library.user, title="People live longer lives")
    services.edit_outcome(outcome=library.a, user=library.user, title="People live longer lives")
    history = list(library.a.history.order_by("history_id"))
    assert [h.title for h in history] == ["People live longer", "People live longer lives"]
    assert history[-1].history_user == library.user


def test_archiving_an_outcome_keeps_it_in_its_chains(library):
    services.archive_outcome(outcome=library.a, user=library.user)
    assert not Outcome.objects.not_archived().filter(pk=library.a.pk).exists()
    assert ChainNode.objects.filter(outcome=library.a).exists()


def test_gap_status_moves_are_dated_and_kept(library, partnership):
    gap = services.create_gap(
        partnership=partnership.home,
        user=library.user,
        outcome=library.b,
        description="No service in the east of the city",
        severity="high",
        identified_on=dt.date(2026, 1, 5),
    )
    services.move_gap(gap=gap, user=library.user, status="being_addressed", on=dt.date(2026, 3, 1))
    with pytest.raises(services.OutcomesError, match="before the last move"):
        services.move_gap(gap=gap, user=library.user, status="closed", on=dt.date(2026, 2, 1))
    with pytest.raises(services.OutcomesError, match="already being addressed"):
        services.move_gap(
            gap=gap, user=library.user, status="being_addressed", on=dt.date(2026, 4, 1)
        )
    gap = Gap.objects.get(pk=gap.pk)
    assert (gap.status, gap.status_date) == (GapStatus.BEING_ADDRESSED, dt.date(2026, 3, 1))
    assert [(m.status, m.date) for m in gap.moves.all()] == [
        ("identified", dt.date(2026, 1, 5)),
        ("being_addressed", dt.date(2026, 3, 1)),
    ]


def test_alignment_marks_name_outcomes_of_the_chains(library, partnership):
    partner = services.create_chain(
        partnership=partnership.home,
        user=library.user,
        title="NHS",
        owner_organisation=partnership.nhs,
    )
    services.add_node(chain=partner, outcome=library.s, user=library.user)
    alignment = services.create_alignment(
        partner_chain=partner, council_chain=library.chain, user=library.user
    )
    with pytest.raises(services.OutcomesError, match="is not in"):
        services.mark_alignment(
            alignment=alignment,
            user=library.user,
            kind="matched",
            partner_outcome=library.a,
            council_outcome=library.a,
        )
    with pytest.raises(services.OutcomesError, match="Say what the conflict is"):
        services.mark_alignment(
            alignment=alignment, user=library.user, kind="conflicts", partner_outcome=library.s
        )
    mark = services.mark_alignment(
        alignment=alignment,
        user=library.user,
        kind="contributes",
        partner_outcome=library.s,
        council_outcome=library.a,
    )
    assert mark.kind == "contributes"


def test_needs_analysis_period_is_read_as_a_timescale(library, partnership):
    analysis = services.create_needs_analysis(
        partnership=partnership.home,
        user=library.user,
        title="Smoking JSNA chapter",
        kind="jsna_chapter",
        period="2009/10",
        outcomes=[library.b],
    )
    assert analysis.timescale_end == dt.date(2010, 3, 31)
    assert list(analysis.outcomes.all()) == [library.b]
    with pytest.raises(services.OutcomesError, match="another partnership"):
        services.create_needs_analysis(
            partnership=partnership.home,
            user=library.user,
            title="X",
            kind="survey",
            outcomes=[library.away],
        )
