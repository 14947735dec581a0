"""Every form that posts, on every page a site administrator can open, carries a CSRF token."""

from datetime import date
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from commissioning.commissions import services as commissions_services
from commissioning.commissions.models import Commission, Lesson, Milestone, ScoringRound
from commissioning.finance.models import SpendLine
from commissioning.finance.uploads import keep_upload as keep_spend_upload
from commissioning.outcomes.imports import keep_upload as keep_framework_upload
from commissioning.outcomes.models import (
    Alignment,
    Gap,
    NeedsAnalysis,
    Outcome,
    OutcomeChain,
    ProgrammeLink,
)
from commissioning.outcomes.needs_imports import keep_upload as keep_table_upload
from commissioning.partnership.models import (
    Agreement,
    Body,
    Meeting,
    Organisation,
    Person,
    Post,
    Team,
)
from commissioning.performance.imports import keep_upload as keep_indicator_upload
from commissioning.performance.models import BusinessPlan, Indicator
from commissioning.plans.pending import store_upload
from commissioning.plans.tasks import queue_import
from commissioning.programmes.models import Action, Deliverable, ImportRun, Stage
from commissioning.programmes.services import load_demo
from commissioning.reports.tasks import queue_highlight_report

pytestmark = pytest.mark.django_db

# The model whose id a page's ``pk`` is, by the first word of the URL name (after
# "governance-"). A new page whose arguments cannot be guessed fails the test: add it here.
MODEL_FOR_NOUN = {
    "stage": Stage,
    "action": Action,
    "deliverable": Deliverable,
    "import": ImportRun,
    "organisation": Organisation,
    "person": Person,
    "team": Team,
    "body": Body,
    "member": Body,
    "meeting": Body,
    "post": Post,
    "decision": Meeting,
    "agreement": Agreement,
    "contribution": Agreement,
}
# The same for the outcomes pages ("outcomes-chain-edit"), which sit under a partnership's slug.
OUTCOMES_MODEL_FOR_NOUN = {
    "outcome": Outcome,
    "chain": OutcomeChain,
    "alignment": Alignment,
    "needs": NeedsAnalysis,
    "gap": Gap,
    "unlink": ProgrammeLink,
}
# The same for the total pot pages ("finance-line-edit"), by a word in the URL name.
FINANCE_MODEL_FOR_WORD = {"line": SpendLine, "outcome": Outcome, "pool": Agreement}
SKIPPED_PREFIXES = ("admin/", "api/v1/")
# Pages only a visitor who has not signed in sees; they are checked before signing in.
ANONYMOUS_PAGES = {"sign-in"}
# Addresses that redirect to a static file (GOV.UK Frontend's assets, the favicon): no page.
STATIC_REDIRECTS = {"govuk-asset", "favicon"}


class PostForms(HTMLParser):
    """Collects, for each ``<form method="post">``, the names of the inputs inside it."""

    def __init__(self):
        super().__init__()
        self.forms: list[list[str]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._open = (attributes.get("method") or "get").lower() == "post"
            if self._open:
                self.forms.append([])
        elif tag == "input" and self._open:
            self.forms[-1].append(attributes.get("name") or "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False


def post_forms(html: str) -> list[list[str]]:
    parser = PostForms()
    parser.feed(html)
    return parser.forms


def url_patterns(patterns=None, prefix: str = ""):
    """Every (route, pattern) of the URLconf, nested includes flattened."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def arguments_for(name: str, converters: dict, values: dict) -> dict | None:
    """Sensible arguments for the page ``name``, or None when they cannot be guessed."""
    noun = name.removeprefix("governance-").split("-")[0]
    arguments = {}
    if name.startswith("outcomes-"):
        noun = name.removeprefix("outcomes-").split("-")[0]
        values = {**values, "slug": values["partnership"]}
        if noun in OUTCOMES_MODEL_FOR_NOUN:
            model = OUTCOMES_MODEL_FOR_NOUN[noun]
            values["pk"] = model.objects.order_by("pk").values_list("pk", flat=True)[0]
    if name.startswith(("performance-", "reports-board-pack", "commissions-")):
        values = {**values, "slug": values["partnership"], "fmt": "csv"}
        if name.startswith("performance-"):
            model = Outcome if name == "performance-outcome-scorecard" else Indicator
            model = BusinessPlan if "business-plan" in name else model
            values["pk"] = model.objects.order_by("pk").values_list("pk", flat=True)[0]
        if name.startswith("commissions-"):
            of_a_round = ("prioritised", "compare", "approve", "scores")
            model = ScoringRound if name.split("-")[1] in of_a_round else Commission
            values["pk"] = model.objects.order_by("pk").values_list("pk", flat=True)[0]
            if name == "commissions-prioritised-export":
                values["fmt"] = "xlsx"
            if name == "commissions-milestone-record":
                milestone = Milestone.objects.order_by("pk")[0]
                values["pk"], values["milestone_pk"] = milestone.commission_id, milestone.pk
            if name == "commissions-lesson-act":
                lesson = Lesson.objects.filter(acted_on__isnull=True, evaluation__isnull=False)[0]
                values["pk"], values["lesson_pk"] = lesson.evaluation.commission_id, lesson.pk
        if name == "reports-board-pack-download":
            values["fmt"] = "html"
    if name.startswith("finance-"):
        values = {**values, "slug": values["partnership"], "theme": "Safer"}
        for word, model in FINANCE_MODEL_FOR_WORD.items():
            if word in name:
                values["pk"] = model.objects.order_by("pk").values_list("pk", flat=True)[0]
    for argument in converters:
        if f"{name}:{argument}" in values:  # an argument that differs by page
            arguments[argument] = values[f"{name}:{argument}"]
        elif argument in values:
            arguments[argument] = values[argument]
        elif argument in {"pk", "body_pk"} and noun in MODEL_FOR_NOUN:
            model = Body if argument == "body_pk" else MODEL_FOR_NOUN[noun]
            arguments[argument] = model.objects.order_by("pk").values_list("pk", flat=True)[0]
        else:
            return None
    return arguments


def site_pages(values: dict) -> tuple[list[str], list[str]]:
    """The URL of every page for a signed-in user, and the names whose ids can't be guessed."""
    urls, unknown = [], []
    for route, pattern in url_patterns():
        skipped = ANONYMOUS_PAGES | STATIC_REDIRECTS | {None}
        if route.startswith(SKIPPED_PREFIXES) or pattern.name in skipped:
            continue
        arguments = arguments_for(pattern.name, pattern.pattern.converters, values)
        if arguments is None:
            unknown.append(pattern.name)
        else:
            urls.append(reverse(pattern.name, kwargs=arguments))
    return urls, unknown


def admin_pages(user) -> list[str]:
    """The list, add, change and history pages of every model in the admin site."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{info}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{info}_change", args=[first.pk]))
            if hasattr(model_admin, "history_view"):
                urls.append(reverse(f"{info}_history", args=[first.pk]))
    return urls


def forms_without_a_token(client, urls: list[str]) -> tuple[int, list[str]]:
    """How many forms that post the pages have, and what is wrong with them."""
    checked, failures = 0, []
    for url in urls:
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action, not a page
            continue
        if response.status_code != 200:
            failures.append(f"{url} answered {response.status_code}")
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for inputs in post_forms(response.content.decode()):
            checked += 1
            if "csrfmiddlewaretoken" not in inputs:
                failures.append(f"{url} has a form that posts without a CSRF token")
    return checked, failures


@pytest.fixture
def administrator(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x-pass-123")


def test_every_form_that_posts_carries_a_csrf_token(
    client, administrator, settings, tmp_path, task_worker
):
    settings.VAR_DIR = tmp_path
    demo = load_demo()
    partnership = demo.programme.partnership
    commission = commissions_services.create_commission(
        partnership=partnership,
        user=None,
        title="Stop-smoking service",
        outcomes=[Outcome.objects.filter(partnership=partnership).first()],
    )
    commissions_services.create_round(
        partnership=partnership,
        user=None,
        criteria_set=commissions_services.create_criteria_set(
            partnership=partnership,
            user=None,
            name="Criteria",
            scale="one_to_five",
            criteria=[("Need", 100)],
        ),
        name="First round",
        held_on=date(2010, 3, 1),
        commissions=[commission],
    )
    upload = store_upload(
        data=b"Action,Timescale,Responsibility\nAgree the budget,April 2008,TBC\n",
        filename="plan.csv",
        programme=demo.programme.name,
        user=administrator,
    )
    report = queue_highlight_report(
        user=administrator,
        programme=demo.programme,
        as_of=date(2008, 3, 31),
        compare=None,
        fmt="xlsx",
    )
    assert task_worker() == 1  # the report's file is ready; the import below still waits
    imported = queue_import(pending=upload, mappings={}, user=administrator)
    framework_upload = keep_framework_upload(
        data=b"Code,Outcome,Contributes to\nW1,Walking more,\n",
        filename="framework.csv",
        user=administrator,
        partnership=demo.programme.partnership,
    )
    gaps_upload = keep_table_upload(
        table="gaps",
        data=b'Outcome,Gap,Severity\n"%s",West,High\n'
        % Outcome.objects.filter(partnership=demo.programme.partnership).first().title.encode(),
        filename="gaps.csv",
        user=administrator,
        partnership=demo.programme.partnership,
    )
    indicator_upload = keep_indicator_upload(
        data=b"Ref,Indicator,2008/09,2009/10\nNI 8,Adult participation in sport,21,22\n",
        filename="indicators.csv",
        user=administrator,
        partnership=demo.programme.partnership,
    )
    spend_upload = keep_spend_upload(
        data=b"Partner,Service,Year,Amount,Phase\n%s,Care,2009/10,100,Budget\n"
        % partnership.lead_organisation.name.encode(),
        filename="spend.csv",
        user=administrator,
        partnership=demo.programme.partnership,
    )
    values = {
        "slug": demo.programme.slug,
        "token": upload.token,
        "performance-import-preview:token": indicator_upload.token,
        "outcomes-import-preview:token": framework_upload.token,
        "outcomes-table-import-preview:token": gaps_upload.token,
        "table": "gaps",
        "finance-import-preview:token": spend_upload.token,
        "what": "bodies",
        "format": "csv",
        "import-status:task_id": imported.id,
        "outcomes-download:what": "library",
        "outcomes-download:fmt": "csv",
        "finance-download:fmt": "csv",
        "programme-highlight-task:task_id": report.id,
        "programme-highlight-task-file:task_id": report.id,
        "partnership": demo.programme.partnership.slug,
        "fmt": "svg",
        # Only posted to: a GET of it is refused (405) before any lookup.
        "mark_pk": 1,
    }
    site, unknown = site_pages(values)
    assert not unknown, f"add sensible arguments for these pages to the test: {unknown}"

    checked, failures = forms_without_a_token(client, [reverse(n) for n in ANONYMOUS_PAGES])
    client.force_login(administrator)
    more, more_failures = forms_without_a_token(client, site + admin_pages(administrator))

    assert not failures + more_failures, "\n".join(failures + more_failures)
    assert checked + more > 50  # every page has the sign-out form; most have more


def test_the_check_sees_a_form_that_posts_without_a_token():
    html = (
        '<form method="get"><input name="q"></form>'
        '<form method="POST" action="/x"><input name="title"><button>Save</button></form>'
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>'
    )

    assert post_forms(html) == [["title"], ["csrfmiddlewaretoken"]]
