"""axe-core finds no WCAG 2.2 AA violation on the commissions pages, including their forms
with errors."""

import pytest
from django.urls import reverse

from commissioning.commissions.models import Commission, Lesson, ScoringRound
from commissioning.programmes.services import load_demo
from tests.e2e.conftest import assert_accessible, screenshot


@pytest.fixture
def demo(db):
    return load_demo()


def _urls(slug) -> dict[str, str]:
    procured = Commission.objects.get(procurement_stage="implementation")
    lesson = Lesson.objects.filter(acted_on__isnull=True, evaluation__isnull=False).first()
    pilot = lesson.evaluation.commission
    scoring_round = ScoringRound.objects.first()
    return {
        "commissions-board": reverse("commissions-board", args=[slug]),
        "commission-procured": reverse("commissions-commission", args=[slug, procured.pk]),
        "commission-pilot": reverse("commissions-commission", args=[slug, pilot.pk]),
        "commission-new": reverse("commissions-commission-create", args=[slug]),
        "commission-edit": reverse("commissions-commission-edit", args=[slug, procured.pk]),
        "evaluation-plan": reverse("commissions-plan", args=[slug, pilot.pk]),
        "evaluation-new": reverse("commissions-evaluate", args=[slug, pilot.pk]),
        "lesson-new": reverse("commissions-lesson", args=[slug, pilot.pk]),
        "lesson-act": reverse("commissions-lesson-act", args=[slug, pilot.pk, lesson.pk]),
        "prioritised": reverse("commissions-prioritised", args=[slug, scoring_round.pk]),
        "compare": reverse("commissions-compare", args=[slug, scoring_round.pk]),
        "scores": reverse("commissions-scores", args=[slug, scoring_round.pk])
        + f"?member={scoring_round.panel.first().pk}",
        "approve": reverse("commissions-approve", args=[slug, scoring_round.pk]),
        "criteria-new": reverse("commissions-criteria-create", args=[slug]),
        "round-new": reverse("commissions-round-create", args=[slug]),
        "coverage": reverse("commissions-coverage", args=[slug]),
        "dashboard": reverse("commissions-dashboard", args=[slug]),
        "milestone-new": reverse("commissions-milestone", args=[slug, procured.pk]),
        "milestone-record": reverse(
            "commissions-milestone-record",
            args=[slug, procured.pk, procured.milestones.order_by("pk").first().pk],
        ),
        "dashboard-as-of": reverse("commissions-dashboard", args=[slug]) + "?as_of=2010-03-31",
        "outcome-joined": reverse("outcomes-outcome", args=[slug, procured.outcomes.first().pk]),
    }


@pytest.mark.django_db(transaction=True)
def test_the_commissions_pages_pass_axe(live_server, page, sign_in, demo):
    sign_in(demo.programme.imports.first().user)
    failures = []
    for name, url in _urls(demo.programme.partnership.slug).items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
        screenshot(page, name)
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db(transaction=True)
def test_the_commission_form_with_errors_passes_axe(live_server, page, sign_in, demo):
    sign_in(demo.programme.imports.first().user)
    slug = demo.programme.partnership.slug
    page.goto(f"{live_server.url}{reverse('commissions-commission-create', args=[slug])}")
    page.get_by_label("Budget").fill("about twelve dollars")
    page.get_by_role("button", name="Save the commission").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter the commission's title" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
