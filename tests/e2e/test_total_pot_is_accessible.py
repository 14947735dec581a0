"""axe-core finds no WCAG 2.2 AA violation on the total pot's pages, with the demo count."""

import pytest
from django.urls import reverse

from commissioning.finance.models import SpendLine
from commissioning.programmes.services import load_demo
from tests.e2e.conftest import assert_accessible, screenshot


@pytest.mark.django_db(transaction=True)
def test_the_total_pot_pages_pass_axe(live_server, page, sign_in):
    demo = load_demo()
    slug = demo.programme.partnership.slug
    line = SpendLine.objects.filter(partnership__slug=slug).order_by("pk").first()
    pages = {
        "total-pot": reverse("finance-pot", args=[slug]),
        "total-pot-outcomes": reverse("finance-pot", args=[slug]) + "?by=outcome&year=2009/10",
        "total-pot-deep-dive": reverse("finance-deep-dive", args=[slug]) + "?theme=Safer",
        "total-pot-compare": reverse("finance-compare", args=[slug]),
        "total-pot-lines": reverse("finance-lines", args=[slug]),
        "total-pot-line-edit": reverse("finance-line-edit", args=[slug, line.pk]),
        "total-pot-submissions": reverse("finance-submissions", args=[slug]),
        "total-pot-population": reverse("finance-population", args=[slug]),
    }
    sign_in(demo.programme.imports.first().user)
    failures = []
    for name, url in pages.items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
        screenshot(page, name)
    assert not failures, "\n\n".join(failures)
