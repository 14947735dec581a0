"""The demo loads an illustrative outcomes framework, once, linked to the T1/T2 deliverables."""

from commissioning.outcomes import presenters
from commissioning.outcomes.models import Gap, NeedsAnalysis, Outcome, OutcomeChain, ProgrammeLink
from commissioning.programmes.services import load_demo


def test_the_demo_framework(db):
    # One test: loading the demo imports the customer's documents, which takes a while.
    demo = load_demo()
    partnership = demo.programme.partnership
    outcomes = Outcome.objects.filter(partnership=partnership)
    assert set(outcomes.values_list("theme", flat=True)) == {
        "Healthier",
        "Safer",
        "Learning and working",
    }
    assert 12 <= outcomes.count() <= 15
    assert OutcomeChain.objects.filter(partnership=partnership).count() == 3
    assert NeedsAnalysis.objects.filter(partnership=partnership).count() == 3
    assert Gap.objects.filter(partnership=partnership).count() >= 4
    assert presenters.is_illustrative(partnership)

    # One partner aligned, one with gaps and a conflict, one without a chain.
    _, standings = presenters.summarise_alignments(partnership)
    by_name = {row.organisation.name: row for row in standings}
    nhs, police = by_name["NHS Brighton and Hove"], by_name["Sussex Police"]
    assert (nhs.completed, nhs.aligned, nhs.conflicts) == (True, True, 0)
    assert (police.completed, police.aligned, police.conflicts) == (False, False, 1)
    assert by_name["Jobcentre Plus"].chains == []

    # The T1/T2 deliverables link to the evidence.
    linked = set(
        ProgrammeLink.objects.filter(deliverable__isnull=False).values_list(
            "deliverable__text", flat=True
        )
    )
    for start in (
        "The outcome chains work is completed",
        "Existing needs analyses mapped",
        "The outcome chains have been aligned",
        "Public sector partners and the voluntary",
    ):
        assert any(text.startswith(start) for text in linked), start

    # Loading again changes nothing.
    before = Outcome.objects.count(), ProgrammeLink.objects.count()
    load_demo()
    assert (Outcome.objects.count(), ProgrammeLink.objects.count()) == before
