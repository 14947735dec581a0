"""axe-core finds no WCAG 2.2 AA violation on the performance pages of the demo: the
scorecard, an indicator's curve and its forms, the period grid, the import page and the
business plans."""

import pytest
from django.urls import reverse

from commissioning.performance.models import BusinessPlan, Indicator
from commissioning.programmes.services import load_demo
from tests.e2e.conftest import assert_accessible, screenshot


@pytest.mark.django_db(transaction=True)
def test_the_performance_pages_pass_axe(live_server, page, sign_in):
    demo = load_demo()
    slug = demo.programme.partnership.slug
    indicator = Indicator.objects.get(partnership__slug=slug, code="NI 56")
    plan = BusinessPlan.objects.filter(partnership__slug=slug).order_by("pk").first()
    pages = {
        "performance-start": reverse("performance-start"),
        "scorecard": reverse("performance-scorecard", args=[slug]),
        "scorecard-red": reverse("performance-scorecard", args=[slug]) + "?rag=Red",
        "scorecard-date-error": reverse("performance-scorecard", args=[slug]) + "?as_of=soon",
        "indicator": reverse("performance-indicator", args=[slug, indicator.pk]),
        "indicator-new": reverse("performance-indicator-new", args=[slug]),
        "indicator-edit": reverse("performance-indicator-edit", args=[slug, indicator.pk]),
        "turn-the-curve": reverse("performance-turn-the-curve", args=[slug, indicator.pk]),
        "values-grid": reverse("performance-grid", args=[slug]),
        "indicator-import": reverse("performance-import", args=[slug]),
        "business-plans": reverse("performance-business-plans", args=[slug]),
        "business-plan": reverse("performance-business-plan", args=[slug, plan.pk]),
        "business-plan-as-of": reverse("performance-business-plan", args=[slug, plan.pk])
        + "?as_of=2010-03-31",
        "business-plan-new": reverse("performance-business-plan-new", args=[slug]),
        "business-plan-edit": reverse("performance-business-plan-edit", args=[slug, plan.pk]),
    }
    sign_in(demo.programme.imports.first().user)
    failures = []
    for name, url in pages.items():
        response = page.goto(f"{live_server.url}{url}")
        expected = 400 if name.endswith("date-error") else 200
        assert response.status == expected, f"{name}: {url} answered {response.status}"
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
        screenshot(page, name)
    assert not failures, "\n\n".join(failures)
