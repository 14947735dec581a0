"""Markup typed into every text field, or carried in an uploaded plan, is shown as text on
every page, chart and report: no script runs, and the Content-Security-Policy reports nothing.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.partnership.models import Contribution, Decision, Meeting
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    PostFactory,
)
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
    TeamFactory,
)

# Each would set window.__ran (or open a dialog) if the page ever treated it as markup.
PAYLOADS = [
    "<img src=x onerror=\"window.__ran='img';alert(1)\">",
    "<script>window.__ran='script'</script>",
    '"><svg onload="window.__ran=\'svg\'">',
    "</title><script>window.__ran='title'</script>",
    "javascript:window.__ran='href'",
]
WATCH = """
window.__ran = null;
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__violations.push(
    `${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def hostile(label: str, number: int = 0) -> str:
    return f"{label} {PAYLOADS[number % len(PAYLOADS)]}"


@pytest.fixture
def hostile_partnership(db):
    """A programme, its directory and its governance, with markup in every text field."""
    council = OrganisationFactory(name=hostile("Council", 0), short_name="")
    programme = ProgrammeFactory(
        name=hostile("Programme", 1),
        slug="hostile",
        description=hostile("Description", 2),
        lead_organisation=council,
    )
    stage = StageFactory(programme=programme, code="T1", title=hostile("Stage", 3))
    deliverable = DeliverableFactory(stage=stage, text=hostile("Deliverable", 4))
    ProgressUpdateFactory(action=None, deliverable=deliverable, text=hostile("Progress", 0))
    person = PersonFactory(name=hostile("Person", 1), organisation=council)
    team = TeamFactory(name=hostile("Team", 2))
    actions = []
    for number, payload in enumerate(PAYLOADS):
        action = ActionFactory(
            programme=programme,
            title=f"Action {payload}",
            ref=f"{number + 1}",
            section=hostile("Section", number),
            status="in_progress",
            status_suggested=True,
        )
        ActionOwnerFactory(action=action, person=person, name=hostile("Owner", number))
        ActionOwnerFactory(action=action, person=None, team=team, name=team.name, kind="team")
        ProgressUpdateFactory(action=action, text=hostile("Progress", number))
        actions.append(action)
    body = BodyFactory(
        name=hostile("Board", 3), organisation=council, description=hostile("Remit", 4)
    )
    post = PostFactory(body=body, title=hostile("Director", 0), remit=hostile("Remit", 1))
    meeting = Meeting.objects.create(body=body, date=date(2010, 3, 30), title=hostile("Mtg", 2))
    decision = Decision.objects.create(meeting=meeting, text=hostile("Decided", 3))
    decision.actions.add(actions[0])
    agreement = AgreementFactory(title=hostile("Agreement", 4), host=council)
    agreement.parties.add(council)
    Contribution.objects.create(
        agreement=agreement, organisation=council, financial_year="2010/11", amount=Decimal(5)
    )
    return {
        "programme": programme,
        "stage": stage,
        "deliverable": deliverable,
        "action": actions[0],
        "person": person,
        "team": team,
        "organisation": council,
        "body": body,
        "post": post,
        "meeting": meeting,
        "agreement": agreement,
    }


def page_urls(data) -> dict[str, str]:
    slug = data["programme"].slug
    action, deliverable = data["action"], data["deliverable"]
    as_of = "?as_of=2008-03-31"
    return {
        "home": reverse("home"),
        "programme": reverse("programme", args=[slug]),
        "programme-search": reverse("programme", args=[slug]) + "?q=%3Cscript%3E",
        "programme-edit": reverse("programme-edit", args=[slug]),
        "programme-history": reverse("programme-history", args=[slug]),
        "review-statuses": reverse("programme-review-statuses", args=[slug]),
        "stage-edit": reverse("stage-edit", args=[data["stage"].pk]),
        "action": reverse("action", args=[action.pk]),
        "action-edit": reverse("action-edit", args=[action.pk]),
        "action-history": reverse("action-history", args=[action.pk]),
        "deliverable": reverse("deliverable", args=[deliverable.pk]),
        "deliverable-edit": reverse("deliverable-edit", args=[deliverable.pk]),
        "deliverable-history": reverse("deliverable-history", args=[deliverable.pk]),
        "directory": reverse("directory"),
        "organisation": reverse("organisation", args=[data["organisation"].pk]),
        "person": reverse("person", args=[data["person"].pk]),
        "team": reverse("team", args=[data["team"].pk]),
        "dashboard": reverse("programme-dashboard", args=[slug]) + as_of,
        "timeline": reverse("programme-timeline", args=[slug]) + as_of,
        "highlight": reverse("programme-highlight-report", args=[slug])
        + "?as_of=2008-03-31&compare=2008-01-31&format=html",
        "partnership": reverse("governance-structure"),
        "partnership-chart": reverse("governance-chart"),
        "body": reverse("governance-body", args=[data["body"].pk]),
        "body-edit": reverse("governance-body-edit", args=[data["body"].pk]),
        "body-history": reverse("governance-body-history", args=[data["body"].pk]),
        "post-edit": reverse("governance-post-edit", args=[data["post"].pk]),
        "post-fill": reverse("governance-post-fill", args=[data["post"].pk]),
        "decision-new": reverse("governance-decision-new", args=[data["meeting"].pk]),
        "agreements": reverse("governance-agreements"),
        "agreement": reverse("governance-agreement", args=[data["agreement"].pk]),
        "agreement-edit": reverse("governance-agreement-edit", args=[data["agreement"].pk]),
        "agreement-history": reverse("governance-agreement-history", args=[data["agreement"].pk]),
        "api-docs": reverse("api-docs"),
    }


def watch(page) -> list[str]:
    """Record dialogs and CSP reports the console makes, and flag script that runs."""
    seen: list[str] = []
    page.add_init_script(WATCH)
    page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "console",
        lambda message: (
            seen.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return seen


def assert_inert(page, name: str, seen: list[str]) -> None:
    ran = page.evaluate("window.__ran")
    violations = page.evaluate("window.__violations")
    assert ran is None, f"{name}: script from a payload ran ({ran})"
    assert not violations, f"{name}: {violations}"
    assert not seen, f"{name}: {seen}"
    assert "onerror" not in (
        page.evaluate("document.body.innerHTML.match(/<img[^>]*onerror/)") or ""
    )


@pytest.mark.django_db(transaction=True)
def test_markup_in_every_text_field_stays_inert_on_every_page(
    live_server, page, sign_in, manager, hostile_partnership
):
    sign_in(manager)
    seen = watch(page)
    for name, url in page_urls(hostile_partnership).items():
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, f"{name}: {url} answered {response.status}"
        assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()}
        page.wait_for_load_state("networkidle")
        assert_inert(page, name, seen)
    # The app's own scripts, from static files, still run under the policy.
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert page.evaluate(
        "document.querySelector('[data-module=govuk-skip-link]')"
        ".hasAttribute('data-govuk-skip-link-init')"
    )
    # The text is there, shown as written.
    page.goto(f"{live_server.url}{reverse('action', args=[hostile_partnership['action'].pk])}")
    assert PAYLOADS[0] in page.text_content("main")


@pytest.mark.django_db(transaction=True)
def test_markup_in_an_uploaded_plan_stays_inert_on_the_preview(
    live_server, page, sign_in, manager, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    sign_in(manager)
    seen = watch(page)
    rows = ["Action,Timescale,Responsibility,Progress to Date – March 2008"]
    for payload in PAYLOADS:
        quoted = payload.replace('"', '""')
        rows.append(f'"Action {quoted}",April 2008,"Owner {quoted}","Progress {quoted}"')
    plan = tmp_path / "plan.csv"
    plan.write_text("\n".join(rows) + "\n", encoding="utf-8")

    page.goto(f"{live_server.url}{reverse('import-upload')}")
    page.set_input_files("input[type=file]", str(plan))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state("networkidle")

    assert "/preview/" in page.url or "preview" in page.url
    assert_inert(page, "import preview", seen)
    assert "Map ‘Owner <img src=x" in page.text_content("main")
    page.get_by_role("button", name="Import").first.click()
    page.wait_for_load_state("networkidle")
    assert_inert(page, "import result", seen)
