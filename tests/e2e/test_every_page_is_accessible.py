"""axe-core finds no WCAG 2.2 AA violation on any page, in every state a user meets."""

import pytest
from django.urls import reverse

from commissioning.partnership.models import Agreement, Body, Organisation, Person, Post, Team
from commissioning.programmes.models import Deliverable, Stage
from commissioning.programmes.services import load_demo
from tests.e2e.conftest import assert_accessible, screenshot


@pytest.fixture
def demo(db):
    return load_demo()


def page_urls(demo) -> dict[str, str]:
    """Every page of the site, by a name for its screenshot."""
    programme = demo.programme
    action = programme.actions.order_by("order").first()
    deliverable = Deliverable.objects.filter(stage__programme=programme, parent=None).first()
    stage = Stage.objects.filter(programme=programme).first()
    slug = programme.slug
    body = Body.objects.filter(meetings__isnull=False).first()
    post = Post.objects.filter(body__isnull=False).first()
    return {
        "home": reverse("home"),
        "programme": reverse("programme", args=[programme.slug]),
        "programme-filtered": reverse("programme", args=[programme.slug])
        + "?status=in_progress&sort=-due",
        "programme-filter-error": reverse("programme", args=[programme.slug])
        + "?overdue_as_of=not+a+date",
        "programme-edit": reverse("programme-edit", args=[programme.slug]),
        "review-statuses": reverse("programme-review-statuses", args=[programme.slug]),
        "stage-edit": reverse("stage-edit", args=[stage.pk]),
        "stages": reverse("programme-stages", args=[slug]),
        "stage-add": reverse("programme-add-stage", args=[slug]),
        "stage-archive": reverse("stage-archive", args=[stage.pk]),
        "deliverable-add": reverse("stage-add-deliverable", args=[stage.pk]),
        "action-add": reverse("programme-add-action", args=[slug]),
        "action-page": reverse("action", args=[action.pk]),
        "action-edit": reverse("action-edit", args=[action.pk]),
        "deliverable": reverse("deliverable", args=[deliverable.pk]),
        "deliverable-edit": reverse("deliverable-edit", args=[deliverable.pk]),
        "import": reverse("import-upload"),
        "import-result": reverse("import-result", args=[programme.imports.first().pk]),
        "directory": reverse("directory"),
        "organisation": reverse("organisation", args=[Organisation.objects.first().pk]),
        "person": reverse("person", args=[Person.objects.first().pk]),
        "team": reverse("team", args=[Team.objects.first().pk]),
        "api-docs": reverse("api-docs"),
        "api-schema": reverse("api-schema-docs"),
        "programme-history": reverse("programme-history", args=[slug]),
        "meetings": reverse("governance-meetings"),
        "dashboard": reverse("programme-dashboard", args=[slug]) + "?as_of=31+March+2008",
        "timeline": reverse("programme-timeline", args=[slug]) + "?as_of=31+March+2008",
        "highlight-form": reverse("programme-highlight-report", args=[slug]),
        "highlight-error": reverse("programme-highlight-report", args=[slug]) + "?as_of=not+a+date",
        "highlight-report": reverse("programme-highlight-report", args=[slug])
        + "?as_of=2008-03-31&compare=2008-01-31&format=html",
        "partnership": reverse("governance-structure"),
        "partnership-chart": reverse("governance-chart"),
        "body": reverse("governance-body", args=[body.pk]),
        "body-edit": reverse("governance-body-edit", args=[body.pk]),
        "post-edit": reverse("governance-post-edit", args=[post.pk]),
        "post-fill": reverse("governance-post-fill", args=[post.pk]),
        "meeting-new": reverse("governance-meeting-new", args=[body.pk]),
        "agreements": reverse("governance-agreements"),
        "agreement": reverse("governance-agreement", args=[Agreement.objects.first().pk]),
        "agreement-new": reverse("governance-agreement-new"),
        "partnership-import": reverse("governance-import"),
    }


@pytest.mark.django_db(transaction=True)
def test_every_page_passes_axe(live_server, page, sign_in, demo):
    sign_in(demo.programme.imports.first().user)
    failures = []
    for name, url in page_urls(demo).items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        try:
            assert_accessible(page)
        except AssertionError as error:
            failures.append(str(error))
        screenshot(page, name)
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db(transaction=True)
def test_the_sign_in_page_and_its_errors_pass_axe(live_server, page):
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_api_reference_draws_the_schema_and_passes_axe(live_server, page, sign_in, demo):
    sign_in(demo.programme.imports.first().user)
    page.goto(f"{live_server.url}{reverse('api-schema-docs')}")

    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)  # drawn from our static JS
    assert page.get_by_text("/api/v1/actions/", exact=True).first.is_visible()
    assert_accessible(page)
