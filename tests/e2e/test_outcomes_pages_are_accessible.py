"""axe-core finds no WCAG 2.2 AA violation on the outcomes pages of the demo, nor on a chain
page showing a refused loop."""

import pytest
from django.urls import reverse

from commissioning.outcomes import exports
from commissioning.outcomes.models import Alignment, Gap, NeedsAnalysis, Outcome, OutcomeChain
from commissioning.programmes.models import Deliverable
from commissioning.programmes.services import load_demo
from tests.e2e.conftest import assert_accessible, screenshot


@pytest.fixture
def demo(db):
    return load_demo()


def outcome_pages(demo) -> dict[str, str]:
    slug = demo.programme.partnership.slug
    outcome = Outcome.objects.order_by("pk").first()
    chain = OutcomeChain.objects.order_by("pk").first()
    alignment = Alignment.objects.filter(marks__kind="conflicts").first()
    gap = Gap.objects.order_by("pk").first()
    deliverable = Deliverable.objects.filter(outcome_links__isnull=False).first()
    return {
        "outcomes-start": reverse("outcomes-start"),
        "outcomes-library": reverse("outcomes-library", args=[slug]),
        "outcomes-library-filtered": reverse("outcomes-library", args=[slug]) + "?theme=Safer",
        "outcome": reverse("outcomes-outcome", args=[slug, outcome.pk]),
        "outcome-edit": reverse("outcomes-outcome-edit", args=[slug, outcome.pk]),
        "outcome-archive": reverse("outcomes-outcome-archive", args=[slug, outcome.pk]),
        "chains": reverse("outcomes-chains", args=[slug]),
        "chain": reverse("outcomes-chain", args=[slug, chain.pk]),
        "chain-history": reverse("outcomes-chain-history", args=[slug, chain.pk]),
        "outcome-history": reverse("outcomes-outcome-history", args=[slug, outcome.pk]),
        "chain-new": reverse("outcomes-chain-new", args=[slug]),
        "alignments": reverse("outcomes-alignments", args=[slug]),
        "alignment": reverse("outcomes-alignment", args=[slug, alignment.pk]),
        "needs-analyses": reverse("outcomes-needs-analyses", args=[slug]),
        "needs-analysis-edit": reverse(
            "outcomes-needs-analysis-edit", args=[slug, NeedsAnalysis.objects.first().pk]
        ),
        "gaps": reverse("outcomes-gaps", args=[slug]),
        "gap": reverse("outcomes-gap", args=[slug, gap.pk]),
        "gap-new": reverse("outcomes-gap-new", args=[slug]),
        "gaps-import": reverse("outcomes-table-import", args=[slug, "gaps"]),
        "needs-analyses-import": reverse("outcomes-table-import", args=[slug, "needs-analyses"]),
        "coverage": reverse("outcomes-coverage", args=[slug]),
        "deliverable-with-evidence": reverse("deliverable", args=[deliverable.pk]),
    }


@pytest.mark.django_db(transaction=True)
def test_outcomes_pages_pass_axe(live_server, page, sign_in, demo):
    sign_in(demo.programme.imports.first().user)
    failures = []
    for name, url in outcome_pages(demo).items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
        screenshot(page, name)
    # A refused loop: the chain page with its error summary.
    chain = OutcomeChain.objects.filter(title="Council outcome chain").get()
    page.goto(
        f"{live_server.url}{reverse('outcomes-chain', args=[chain.partnership.slug, chain.pk])}"
    )
    page.select_option(
        "#id_from_outcome", label="H1 People in the city live longer, healthier lives"
    )
    page.select_option(
        "#id_to_outcome", label="H4 Stop-smoking support reaches people in the most deprived areas"
    )
    page.get_by_role("button", name="Add the link").click()
    assert "This link would close a loop" in page.content()
    try:
        assert_accessible(page)
    except AssertionError as error:
        failures.append(str(error))
    screenshot(page, "chain-loop-refused")
    # The preview of the gaps table downloaded from the gaps page, imported back.
    slug = demo.programme.partnership.slug
    page.goto(f"{live_server.url}{reverse('outcomes-table-import', args=[slug, 'gaps'])}")
    table = exports.to_csv(exports.gaps_table(demo.programme.partnership)).encode()
    page.set_input_files(
        "#id_document", files=[{"name": "gaps.csv", "mimeType": "text/csv", "buffer": table}]
    )
    page.get_by_role("button", name="Check the file").click()
    assert "Check the import of gaps.csv" in page.content()
    assert "Already as the file has it" in page.content()
    try:
        assert_accessible(page)
    except AssertionError as error:
        failures.append(str(error))
    screenshot(page, "gaps-import-preview")
    assert not failures, "\n\n".join(failures)
