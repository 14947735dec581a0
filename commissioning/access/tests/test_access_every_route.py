"""Every page and API route, walked from the URL resolver, for every kind of user: nothing of
one partnership leaks to another's users, and nobody changes what they may not.

A route missing from ``ROUTES`` fails ``test_every_route_is_mapped``, so a new page cannot be
forgotten. Each route is requested by anonymous, an outsider, the other partnership's manager
and our viewer, contributor and manager, with real ids from both partnerships:

- anonymous is sent to sign in (pages) or refused with 401/403 (API, feeds);
- another partnership's object is 404, for reading and for changing;
- a user who may see but not change gets 403 (or 404), and a refused change changes nothing;
- a user who may read gets 200, and nothing in any response names the other partnership.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from commissioning.commissions import services as commissions_services
from commissioning.finance.uploads import keep_upload as keep_spend_upload
from commissioning.outcomes import services as outcomes_services
from commissioning.outcomes.imports import keep_upload as keep_framework_upload
from commissioning.outcomes.needs_imports import keep_upload as keep_table_upload
from commissioning.partnership.models import (
    Contribution,
    Decision,
    PartnershipRole,
    Person,
    ProgrammeRole,
)
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    MeetingFactory,
    PostFactory,
)
from commissioning.performance import services as performance_services
from commissioning.performance.imports import keep_upload as keep_indicator_upload
from commissioning.performance.models import Indicator, IndicatorValue
from commissioning.plans.pending import store_upload
from commissioning.plans.tasks import queue_import
from commissioning.programmes.models import ImportRun
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    ProgrammeFactory,
    ProgressUpdateFactory,
    StageFactory,
    TeamFactory,
)
from commissioning.reports.tasks import queue_highlight_report

pytestmark = pytest.mark.django_db

# Who may do what on a route: a level a persona reaches, or above.
PUBLIC, SIGNED_IN, VIEWER, CONTRIBUTOR, MANAGER, ADMIN = range(6)
RANKS = {"viewer": VIEWER, "contributor": CONTRIBUTOR, "manager": MANAGER}
MARKERS = {"home": "Hovewell", "away": "Surreyfold"}
SIGN_IN = "/sign-in/"
PLAN = b"Action,Timescale,Responsibility\nAgree the budget,April 2008,TBC\n"


@dataclass(frozen=True)
class Spec:
    """How to call one route: its arguments from one partnership's rows (None: no object of a
    partnership), who may read it (GET; None: not a page to read) and who may change it."""

    args: object = None
    read: int | None = VIEWER
    write: int | None = None
    extra: tuple = ()  # further argument sets (each a function of the world)
    scoped: bool = True  # whether the arguments name rows of one partnership
    payload: object = None  # what a change sends, from one partnership's rows
    note: str = ""


def pk(name):
    return lambda world: {"pk": getattr(world, name).pk}


def slug(world):
    return {"slug": world.programme.slug}


def partnership(world):
    return {"slug": world.partnership.slug}


def token(world):
    return {"token": world.pending.token}


def within(name: str | None = None, **more):
    """An outcomes page's arguments: its partnership, and the row ``name`` of it if named."""

    def arguments(world):
        kwargs = {"slug": world.partnership.slug, **more}
        if name is not None:
            kwargs["pk"] = getattr(world, name).pk
        return kwargs

    return arguments


def task(name: str):
    return lambda world: {"slug": world.programme.slug, "task_id": getattr(world, name).id}


def export(what: str, fmt: str):
    return lambda world: {"what": what, "format": fmt}


EXPORTS = [
    export(what, fmt)
    for what, fmt in [
        ("bodies", "csv"),
        ("posts", "xlsx"),
        ("agreements", "csv"),
        ("contributions", "csv"),
    ]
]

ROUTES: dict[str, Spec] = {
    # Signing in and the API's own pages
    "sign-in": Spec(read=PUBLIC),
    "sign-out": Spec(read=None, write=PUBLIC),
    "api-docs": Spec(read=SIGNED_IN),
    "api-schema": Spec(read=PUBLIC, note="the schema is public for now (issue 10, section 7)"),
    "api-root": Spec(read=SIGNED_IN),
    "api-schema-docs": Spec(read=SIGNED_IN),
    "favicon": Spec(read=PUBLIC),
    "govuk-asset": Spec(
        lambda w: {"path": "images/favicon.ico"},
        read=PUBLIC,
        scoped=False,
        note="the GOV.UK Frontend's fonts and images, served to everyone",
    ),
    # Outcomes: each page under its partnership
    "outcomes-start": Spec(read=SIGNED_IN),
    "outcomes-library": Spec(partnership),
    "outcomes-chains": Spec(partnership),
    "outcomes-alignments": Spec(partnership),
    "outcomes-needs-analyses": Spec(partnership),
    "outcomes-gaps": Spec(partnership),
    "outcomes-coverage": Spec(partnership),
    "outcomes-download": Spec(
        within(what="library", fmt="csv"),
        extra=(within(what="needs-analyses", fmt="xlsx"), within(what="gaps", fmt="csv")),
    ),
    "outcomes-outcome": Spec(within("outcome")),
    "outcomes-outcome-new": Spec(within(), read=MANAGER, write=MANAGER),
    "outcomes-import": Spec(within(), read=MANAGER, write=MANAGER),
    "outcomes-import-preview": Spec(
        lambda w: {"slug": w.partnership.slug, "token": w.framework_upload.token},
        read=MANAGER,
        write=MANAGER,
    ),
    "outcomes-table-import": Spec(
        within(table="gaps"),
        read=MANAGER,
        write=MANAGER,
        extra=(within(table="needs-analyses"),),
    ),
    "outcomes-table-import-preview": Spec(
        lambda w: {"slug": w.partnership.slug, "table": "gaps", "token": w.gaps_upload.token},
        read=MANAGER,
        write=MANAGER,
        note="the upload is the manager's own; anyone else's token is not found",
    ),
    "outcomes-outcome-edit": Spec(within("outcome"), read=MANAGER, write=MANAGER),
    "outcomes-outcome-history": Spec(within("outcome")),
    "outcomes-chain-history": Spec(within("chain")),
    "outcomes-alignment-history": Spec(within("alignment")),
    "outcomes-gap-history": Spec(within("gap")),
    "outcomes-needs-analysis-history": Spec(within("analysis")),
    "outcomes-outcome-archive": Spec(within("outcome"), read=MANAGER, write=MANAGER),
    "outcomes-outcome-link": Spec(within("outcome"), read=None, write=MANAGER),
    "outcomes-unlink-item": Spec(within("programme_link"), read=None, write=MANAGER),
    "outcomes-chain": Spec(within("chain")),
    "outcomes-chain-new": Spec(within(), read=MANAGER, write=MANAGER),
    "outcomes-chain-edit": Spec(within("chain"), read=MANAGER, write=MANAGER),
    "outcomes-chain-archive": Spec(within("chain"), read=None, write=MANAGER),
    "outcomes-chain-add-link": Spec(within("chain"), read=None, write=MANAGER),
    "outcomes-chain-add-factor": Spec(within("chain"), read=None, write=MANAGER),
    "outcomes-chain-remove-link": Spec(within("chain"), read=None, write=MANAGER),
    "outcomes-chain-link-item": Spec(within("chain"), read=None, write=MANAGER),
    "outcomes-chain-download": Spec(
        within("chain", fmt="svg"),
        extra=(within("chain", fmt="png"), within("chain", fmt="csv"), within("chain", fmt="xlsx")),
    ),
    "outcomes-alignment": Spec(within("alignment")),
    "outcomes-alignment-new": Spec(within(), read=MANAGER, write=MANAGER),
    "outcomes-alignment-mark": Spec(within("alignment"), read=None, write=MANAGER),
    "outcomes-alignment-unmark": Spec(
        lambda w: {"slug": w.partnership.slug, "pk": w.alignment.pk, "mark_pk": w.mark.pk},
        read=None,
        write=MANAGER,
    ),
    "outcomes-needs-analysis-new": Spec(within(), read=MANAGER, write=MANAGER),
    "outcomes-needs-analysis-edit": Spec(within("analysis"), read=MANAGER, write=MANAGER),
    "outcomes-needs-analysis-archive": Spec(within("analysis"), read=None, write=MANAGER),
    "outcomes-gap": Spec(within("gap")),
    "outcomes-gap-new": Spec(within(), read=MANAGER, write=MANAGER),
    "outcomes-gap-edit": Spec(within("gap"), read=MANAGER, write=MANAGER),
    "outcomes-gap-move": Spec(within("gap"), read=None, write=MANAGER),
    # The board pack: every section under its partnership
    "reports-board-pack": Spec(partnership),
    "reports-board-pack-download": Spec(within(fmt="xlsx"), extra=(within(fmt="docx"),)),
    "api-indicator-list": Spec(read=SIGNED_IN),
    "api-indicator-detail": Spec(pk("indicator")),
    "api-indicator-values": Spec(pk("indicator"), read=None, write=CONTRIBUTOR),
    # Performance: each page under its partnership
    "performance-start": Spec(read=SIGNED_IN),
    "performance-scorecard": Spec(partnership),
    "performance-outcome-scorecard": Spec(within("outcome")),
    "performance-indicator": Spec(within("indicator")),
    "performance-turn-the-curve": Spec(within("indicator"), read=MANAGER, write=MANAGER),
    "performance-grid": Spec(partnership, read=CONTRIBUTOR, write=CONTRIBUTOR),
    "performance-indicator-new": Spec(within(), read=MANAGER, write=MANAGER),
    "performance-indicator-edit": Spec(within("indicator"), read=MANAGER, write=MANAGER),
    "performance-import": Spec(within(), read=MANAGER, write=MANAGER),
    "performance-import-preview": Spec(
        lambda w: {"slug": w.partnership.slug, "token": w.indicator_upload.token},
        read=MANAGER,
        write=MANAGER,
    ),
    "performance-download": Spec(within(fmt="csv"), extra=(within(fmt="xlsx"),)),
    "performance-business-plans": Spec(partnership),
    "performance-business-plan": Spec(within("business_plan")),
    "performance-business-plan-docx": Spec(within("business_plan")),
    "performance-business-plan-new": Spec(within(), read=MANAGER, write=MANAGER),
    "performance-business-plan-edit": Spec(within("business_plan"), read=MANAGER, write=MANAGER),
    "api-outcome-list": Spec(read=SIGNED_IN),
    "api-outcome-detail": Spec(pk("outcome")),
    "api-outcome-chain-detail": Spec(pk("chain")),
    "api-outcome-chain-links": Spec(pk("chain"), read=None, write=MANAGER),
    "api-alignment-detail": Spec(pk("alignment")),
    "api-needs-analysis-detail": Spec(pk("analysis")),
    "api-gap-detail": Spec(pk("gap")),
    "api-outcome-chain-list": Spec(read=SIGNED_IN),
    "api-alignment-list": Spec(read=SIGNED_IN),
    "api-needs-analysis-list": Spec(read=SIGNED_IN),
    "api-gap-list": Spec(read=SIGNED_IN),
    # Commissions: each page under its partnership
    "commissions-board": Spec(partnership),
    "commissions-commission": Spec(within("commission")),
    "commissions-commission-move": Spec(within("commission"), read=None, write=MANAGER),
    "commissions-prioritised": Spec(within("scoring_round")),
    "commissions-prioritised-export": Spec(
        within("scoring_round", fmt="xlsx"),
        extra=(within("scoring_round", fmt="docx"), within("scoring_round", fmt="pdf")),
    ),
    "commissions-compare": Spec(within("scoring_round")),
    "commissions-approve": Spec(within("scoring_round"), read=MANAGER, write=MANAGER),
    "commissions-scores": Spec(within("scoring_round"), read=MANAGER, write=MANAGER),
    "commissions-coverage": Spec(within()),
    "commissions-dashboard": Spec(partnership),
    "commissions-criteria-create": Spec(within(), read=MANAGER, write=MANAGER),
    "commissions-round-create": Spec(within(), read=MANAGER, write=MANAGER),
    "commissions-commission-create": Spec(within(), read=MANAGER, write=MANAGER),
    "commissions-commission-edit": Spec(within("commission"), read=MANAGER, write=MANAGER),
    "commissions-commission-ocds": Spec(within("commission")),
    "commissions-plan": Spec(within("commission"), read=MANAGER, write=MANAGER),
    "commissions-evaluate": Spec(within("commission"), read=MANAGER, write=MANAGER),
    "commissions-lesson": Spec(within("commission"), read=MANAGER, write=MANAGER),
    "commissions-milestone": Spec(within("commission"), read=MANAGER, write=MANAGER),
    "commissions-milestone-record": Spec(
        lambda w: {
            "slug": w.partnership.slug,
            "pk": w.commission.pk,
            "milestone_pk": w.milestone.pk,
        },
        read=MANAGER,
        write=MANAGER,
    ),
    "commissions-lesson-act": Spec(
        lambda w: {"slug": w.partnership.slug, "pk": w.commission.pk, "lesson_pk": w.lesson.pk},
        read=MANAGER,
        write=MANAGER,
    ),
    "api-commission-list": Spec(
        read=SIGNED_IN,
        write=MANAGER,
        payload=lambda w: {"partnership": w.partnership.slug, "title": f"{w.marker} new"},
        note="another partnership's slug is refused as one that does not exist",
    ),
    "api-commission-detail": Spec(pk("commission"), write=MANAGER),
    "api-commission-moves": Spec(pk("commission"), read=None, write=MANAGER),
    "api-commission-evaluations": Spec(pk("commission"), write=MANAGER),
    "api-commission-lessons": Spec(pk("commission"), write=MANAGER),
    "api-commission-lesson-acted-on": Spec(
        lambda w: {"pk": w.commission.pk, "lesson_pk": w.lesson.pk}, read=None, write=MANAGER
    ),
    "api-scoring-round-list": Spec(read=SIGNED_IN),
    "api-scoring-round-detail": Spec(pk("scoring_round")),
    "api-scoring-round-prioritised": Spec(pk("scoring_round")),
    "api-scoring-round-scores": Spec(pk("scoring_round"), write=MANAGER),
    # Programmes
    "home": Spec(read=SIGNED_IN),
    "programme": Spec(slug),
    "programme-actions-csv": Spec(slug),
    "programme-edit": Spec(slug, read=MANAGER, write=MANAGER),
    "programme-review-statuses": Spec(slug, read=MANAGER, write=MANAGER),
    "programme-people": Spec(slug, read=MANAGER, write=MANAGER),
    "programme-history": Spec(slug),
    "programme-history-csv": Spec(slug),
    "programme-dashboard": Spec(slug),
    "programme-timeline": Spec(slug),
    "programme-highlight-report": Spec(slug),
    "programme-calendar": Spec(slug),
    "programme-calendar-address": Spec(slug, read=None, write=VIEWER),
    "programme-highlight-task": Spec(
        task("report"), read=MANAGER, note="a queued report is its requester's only"
    ),
    "programme-highlight-task-file": Spec(
        task("report"), read=MANAGER, note="a queued report is its requester's only"
    ),
    "stage-edit": Spec(pk("stage"), read=MANAGER, write=MANAGER),
    "stage-history-csv": Spec(pk("stage")),
    "action": Spec(pk("action")),
    "action-add-progress": Spec(pk("action"), read=None, write=CONTRIBUTOR),
    "action-confirm-status": Spec(pk("action"), read=None, write=CONTRIBUTOR),
    "action-edit": Spec(pk("action"), read=MANAGER, write=MANAGER),
    "action-history": Spec(pk("action")),
    "action-history-csv": Spec(pk("action")),
    "action-archive": Spec(pk("action"), read=MANAGER, write=MANAGER),
    "action-restore": Spec(pk("action"), read=None, write=MANAGER),
    "deliverable": Spec(pk("deliverable")),
    "deliverable-add-progress": Spec(pk("deliverable"), read=None, write=CONTRIBUTOR),
    "deliverable-confirm-status": Spec(pk("deliverable"), read=None, write=CONTRIBUTOR),
    "deliverable-edit": Spec(pk("deliverable"), read=MANAGER, write=MANAGER),
    "deliverable-history": Spec(pk("deliverable")),
    "deliverable-history-csv": Spec(pk("deliverable")),
    "deliverable-archive": Spec(pk("deliverable"), read=MANAGER, write=MANAGER),
    "deliverable-restore": Spec(pk("deliverable"), read=None, write=MANAGER),
    "programme-stages": Spec(slug, read=MANAGER),
    "programme-add-stage": Spec(slug, read=MANAGER, write=MANAGER),
    "programme-add-action": Spec(slug, read=MANAGER, write=MANAGER),
    "stage-move": Spec(pk("stage"), read=None, write=MANAGER),
    "stage-archive": Spec(pk("stage"), read=MANAGER, write=MANAGER),
    "stage-restore": Spec(pk("stage"), read=None, write=MANAGER),
    "stage-add-deliverable": Spec(pk("stage"), read=MANAGER, write=MANAGER),
    # Imports
    "import-upload": Spec(read=MANAGER, write=MANAGER),
    "import-preview": Spec(token, read=MANAGER, write=MANAGER),
    "import-result": Spec(pk("import_run")),
    "import-status": Spec(
        lambda w: {"task_id": w.imported.id},
        read=MANAGER,
        note="a queued import is its requester's only",
    ),
    # Directory
    "directory": Spec(read=SIGNED_IN),
    "organisation": Spec(pk("partner")),
    "person": Spec(pk("officer")),
    "team": Spec(pk("team")),
    "person-export": Spec(pk("officer"), read=ADMIN),
    "person-calendar": Spec(pk("officer")),
    "person-calendar-address": Spec(pk("officer"), read=None, write=VIEWER),
    # Governance
    "governance-structure": Spec(read=SIGNED_IN),
    "governance-chart": Spec(read=SIGNED_IN),
    "governance-chart-svg": Spec(read=SIGNED_IN),
    "governance-body-new": Spec(read=MANAGER, write=MANAGER),
    "governance-body": Spec(pk("body")),
    "governance-body-edit": Spec(pk("body"), read=MANAGER, write=MANAGER),
    "governance-body-history": Spec(pk("body")),
    "governance-post-new": Spec(lambda w: {"body_pk": w.body.pk}, read=MANAGER, write=MANAGER),
    "governance-post-edit": Spec(pk("post"), read=MANAGER, write=MANAGER),
    "governance-post-fill": Spec(pk("post"), read=MANAGER, write=MANAGER),
    "governance-post-vacate": Spec(pk("post"), read=MANAGER, write=MANAGER),
    "governance-member-new": Spec(pk("body"), read=CONTRIBUTOR, write=CONTRIBUTOR),
    "governance-meeting-new": Spec(pk("body"), read=CONTRIBUTOR, write=CONTRIBUTOR),
    "governance-decision-new": Spec(pk("meeting"), read=CONTRIBUTOR, write=CONTRIBUTOR),
    "governance-meetings": Spec(read=SIGNED_IN),
    "governance-agreements": Spec(read=SIGNED_IN),
    "governance-agreement-new": Spec(read=MANAGER, write=MANAGER),
    "governance-agreement": Spec(pk("agreement")),
    "governance-agreement-edit": Spec(pk("agreement"), read=MANAGER, write=MANAGER),
    "governance-agreement-history": Spec(pk("agreement")),
    "governance-contribution-set": Spec(pk("agreement"), read=MANAGER, write=MANAGER),
    "governance-export": Spec(EXPORTS[0], read=SIGNED_IN, extra=tuple(EXPORTS[1:]), scoped=False),
    "governance-import": Spec(read=ADMIN, write=ADMIN),
    # API: reads for every member; changes as the programme rules say
    "api-imports": Spec(
        read=None,
        write=MANAGER,
        payload=lambda w: {
            "file": SimpleUploadedFile("plan.csv", PLAN),
            "programme": w.programme.name,
            "dry_run": "true",
        },
        note="another partnership's programme is refused as one the user does not manage",
    ),
    "api-programme-report": Spec(slug),
    "api-programme-list": Spec(read=SIGNED_IN),
    "api-programme-detail": Spec(lambda w: {"slug": w.programme.slug}, write=MANAGER),
    "api-stage-list": Spec(read=SIGNED_IN),
    "api-stage-detail": Spec(pk("stage"), write=MANAGER),
    "api-deliverable-list": Spec(read=SIGNED_IN),
    "api-deliverable-detail": Spec(pk("deliverable"), write=MANAGER),
    "api-deliverable-archive": Spec(pk("deliverable"), read=None, write=MANAGER),
    "api-deliverable-restore": Spec(pk("deliverable"), read=None, write=MANAGER),
    "api-action-list": Spec(read=SIGNED_IN),
    "api-action-detail": Spec(pk("action"), write=MANAGER, note="a title is structure"),
    "api-action-archive": Spec(pk("action"), read=None, write=MANAGER),
    "api-action-restore": Spec(pk("action"), read=None, write=MANAGER),
    "api-progress-update-list": Spec(
        read=SIGNED_IN,
        write=CONTRIBUTOR,
        payload=lambda w: {"action": w.action.pk, "as_of": "March 2008", "text": "Done"},
        note="the action named is another partnership's: 400, as for an action that is not",
    ),
    "api-progress-update-detail": Spec(pk("progress")),
    "api-body-list": Spec(read=SIGNED_IN),
    "api-body-detail": Spec(pk("body")),
    "api-post-list": Spec(read=SIGNED_IN),
    "api-post-detail": Spec(pk("post")),
    "api-meeting-list": Spec(read=SIGNED_IN),
    "api-meeting-detail": Spec(pk("meeting")),
    "api-agreement-list": Spec(read=SIGNED_IN),
    "api-agreement-detail": Spec(pk("agreement")),
    # The total pot: every member reads the whole pot; contributors enter their own lines
    "finance-start": Spec(read=SIGNED_IN),
    "finance-pot": Spec(within()),
    "finance-download": Spec(within(fmt="csv"), extra=(within(fmt="xlsx"), within(fmt="zip"))),
    "finance-deep-dive": Spec(within()),
    "finance-deep-dive-theme-notes": Spec(
        lambda w: {"slug": w.partnership.slug, "theme": w.spend_theme},
        read=MANAGER,
        write=MANAGER,
    ),
    "finance-deep-dive-outcome-notes": Spec(within("outcome"), read=MANAGER, write=MANAGER),
    "finance-compare": Spec(within()),
    "finance-lines": Spec(within()),
    "finance-line-new": Spec(within(), read=CONTRIBUTOR, write=CONTRIBUTOR),
    "finance-line-edit": Spec(within("spend_line"), read=CONTRIBUTOR, write=CONTRIBUTOR),
    "finance-line-delete": Spec(within("spend_line"), read=None, write=CONTRIBUTOR),
    "finance-import": Spec(within(), read=CONTRIBUTOR, write=CONTRIBUTOR),
    "finance-import-preview": Spec(
        lambda w: {"slug": w.partnership.slug, "token": w.spend_upload.token},
        read=MANAGER,
        write=MANAGER,
        note="the upload is the manager's own; anyone else's token is not found",
    ),
    "finance-submissions": Spec(within()),
    "finance-submit": Spec(
        within(), read=None, write=CONTRIBUTOR, note="no partner named: told so, nothing written"
    ),
    "finance-population": Spec(within(), write=MANAGER),
    "finance-pool-lines": Spec(within("agreement"), read=None, write=MANAGER),
    "api-spend-line-list": Spec(
        read=SIGNED_IN,
        write=CONTRIBUTOR,
        payload=lambda w: {
            "partnership": w.partnership.slug,
            "organisation": w.partner.name,
            "financial_year": "2011/12",
            "amount": "£1.2m",
        },
        note="another partnership's slug is refused as one that does not exist",
    ),
    "api-spend-line-detail": Spec(pk("spend_line")),
    "api-population-list": Spec(read=SIGNED_IN),
    "api-population-detail": Spec(pk("population")),
    "api-total-pot": Spec(read=SIGNED_IN, note="the user's one partnership, or ?partnership="),
}

# Not walked, with the reason: the Django admin is for site administrators (staff) only and
# sends everyone else to its own sign-in page; its own tests are Django's.
EXEMPT_NAMESPACES = {"admin": "Django admin: staff only, tested by Django"}


@dataclass
class Route:
    name: str
    pattern: str
    callback: object
    methods: set[str] = field(default_factory=set)


def walk(patterns=None, prefix: str = "") -> list[Route]:
    """Every named route the resolver knows, outside the exempt namespaces."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in EXEMPT_NAMESPACES:
                continue
            routes += walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = entry.name or prefix + str(entry.pattern)
            routes.append(Route(name, prefix + str(entry.pattern), entry.callback))
    return routes


def write_methods(route: Route) -> list[str]:
    """The changing methods a route answers: a viewset's actions, an APIView's handlers, or
    POST for a page."""
    callback = route.callback
    actions = getattr(callback, "actions", None)
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if actions:
        answered = set(getattr(view_class, "http_method_names", actions))
        return sorted({"post", "patch", "put", "delete"} & set(actions) & answered)
    if view_class is not None and hasattr(view_class, "http_method_names"):
        handled = [m for m in ("post", "patch", "put", "delete") if hasattr(view_class, m)]
        if handled:
            return handled
    return ["post"]


ALL_ROUTES = walk()


def test_every_route_is_mapped():
    names = {route.name for route in ALL_ROUTES}
    unmapped = sorted(names - ROUTES.keys())
    assert not unmapped, f"routes with no permission spec in ROUTES: {unmapped}"
    stale = sorted(ROUTES.keys() - names)
    assert not stale, f"ROUTES names routes that no longer exist: {stale}"


# --- Two partnerships and six kinds of user ------------------------------------------------------


def build_world(marker: str):
    """One partnership with a row of every kind, every name carrying ``marker``."""
    lead = OrganisationFactory(name=f"{marker} Council")
    partner = OrganisationFactory(name=f"{marker} Health Trust")
    partnership = PartnershipFactory(
        name=f"{marker} Partnership", slug=marker.lower(), lead_organisation=lead
    )
    partnership.partners.add(partner)
    programme = ProgrammeFactory(
        name=f"{marker} Programme",
        slug=f"{marker.lower()}-programme",
        lead_organisation=lead,
        partnership=partnership,
    )
    programme.partners.add(partner)
    stage = StageFactory(programme=programme, title=f"{marker} stage")
    deliverable = DeliverableFactory(stage=stage, scope="external", text=f"{marker} deliverable")
    action = ActionFactory(programme=programme, title=f"{marker} action")
    ActionOwnerFactory(
        action=action, person=None, organisation=partner, name=partner.name, kind="organisation"
    )
    officer = PersonFactory(name=f"{marker} Officer", organisation=partner)
    team = TeamFactory(name=f"{marker} Team", organisation=partner)
    team.members.add(officer)
    # A body of no organisation: the whole partnership's, like the Public Service Board.
    body = BodyFactory(
        name=f"{marker} Public Service Board", organisation=None, partnership=partnership
    )
    post = PostFactory(body=body, title=f"{marker} Director", holder=officer)
    meeting = MeetingFactory(body=body, title=f"{marker} meeting")
    Decision.objects.create(meeting=meeting, text=f"{marker} decision")
    agreement = AgreementFactory(title=f"{marker} agreement", partnership=partnership, host=lead)
    agreement.parties.add(lead, partner)
    Contribution.objects.create(
        agreement=agreement, organisation=partner, financial_year="2010/11", amount=1000
    )
    progress = ProgressUpdateFactory(action=action, text=f"{marker} progress")
    import_run = ImportRun.objects.create(
        programme=programme, file_name=f"{marker}.txt", sha256="0" * 64
    )
    outcomes = build_outcomes(marker, partnership, lead, partner)
    spend = build_spend(marker, partnership, partner, outcomes.outcome)
    indicator = Indicator.objects.create(
        partnership=partnership,
        code=f"{marker[0]}I1",
        title=f"{marker} indicator",
        owner_organisation=partner,
    )
    indicator.outcomes.add(outcomes.outcome)
    IndicatorValue.objects.create(indicator=indicator, period="2009/10", actual=1, target=2)
    business_plan = performance_services.save_business_plan(
        partnership=partnership,
        user=None,
        unit=f"{marker} Unit",
        financial_year="2010/11",
        outcomes=[outcomes.outcome],
        indicators=[indicator],
        actions=[action],
    )
    programme_link = outcomes_services.link_programme_item(
        item=action, target=outcomes.outcome, user=None
    )
    return SimpleNamespace(
        marker=marker,
        partnership=partnership,
        lead=lead,
        partner=partner,
        programme=programme,
        stage=stage,
        deliverable=deliverable,
        action=action,
        officer=officer,
        team=team,
        body=body,
        post=post,
        meeting=meeting,
        agreement=agreement,
        progress=progress,
        import_run=import_run,
        programme_link=programme_link,
        indicator=indicator,
        business_plan=business_plan,
        **vars(outcomes),
        **vars(spend),
    )


def build_spend(marker: str, partnership, partner, outcome) -> SimpleNamespace:
    """A spend line of the partner (split between an outcome and a theme) and a population."""
    from decimal import Decimal

    from commissioning.finance import services as finance_services

    line = finance_services.save_line(
        partnership=partnership,
        user=None,
        shares=[
            finance_services.Share(Decimal(50), outcome=outcome),
            finance_services.Share(Decimal(50), theme=f"{marker} spend theme"),
        ],
        organisation=partner,
        financial_year="2010/11",
        amount=Decimal(1000),
        service=f"{marker} service",
    )
    population = finance_services.set_population(
        partnership=partnership, user=None, financial_year="2010/11", people=1000
    )
    return SimpleNamespace(
        spend_line=line, population=population, spend_theme=f"{marker} spend theme"
    )


def build_outcomes(marker: str, partnership, lead, partner) -> SimpleNamespace:
    """Outcomes, a council chain and a partner's chain aligned with a mark, a needs analysis
    and a gap, all of ``partnership``."""

    def outcome(code, level):
        return outcomes_services.create_outcome(
            partnership=partnership,
            user=None,
            code=f"{marker[0]}{code}",
            title=f"{marker} outcome {code}",
            level=level,
            theme=f"{marker} theme",
        )

    result = outcome("1", "population_result")
    intermediate = outcome("2", "intermediate_outcome")
    partner_outcome = outcome("3", "intermediate_outcome")
    chain = outcomes_services.create_chain(
        partnership=partnership, user=None, title=f"{marker} chain", owner_organisation=lead
    )
    outcomes_services.add_link(chain=chain, from_outcome=intermediate, to_outcome=result, user=None)
    partner_chain = outcomes_services.create_chain(
        partnership=partnership,
        user=None,
        title=f"{marker} partner chain",
        owner_organisation=partner,
    )
    outcomes_services.add_link(
        chain=partner_chain, from_outcome=partner_outcome, to_outcome=result, user=None
    )
    alignment = outcomes_services.create_alignment(
        partner_chain=partner_chain, council_chain=chain, user=None
    )
    mark = outcomes_services.mark_alignment(
        alignment=alignment,
        user=None,
        kind="matched",
        partner_outcome=result,
        council_outcome=result,
    )
    analysis = outcomes_services.create_needs_analysis(
        partnership=partnership,
        user=None,
        title=f"{marker} needs analysis",
        kind="jsna_chapter",
        period="2009/10",
        outcomes=[intermediate],
    )
    gap = outcomes_services.create_gap(
        partnership=partnership,
        user=None,
        outcome=intermediate,
        description=f"{marker} gap",
        severity="high",
    )
    commission = commissions_services.create_commission(
        partnership=partnership, user=None, title=f"{marker} commission", outcomes=[intermediate]
    )
    criteria = commissions_services.create_criteria_set(
        partnership=partnership,
        user=None,
        name=f"{marker} criteria",
        scale="one_to_five",
        criteria=[("Need", 100)],
    )
    scoring_round = commissions_services.create_round(
        partnership=partnership,
        user=None,
        criteria_set=criteria,
        name=f"{marker} round",
        held_on=dt.date(2026, 1, 1),
        commissions=[commission],
    )
    lesson = commissions_services.record_lesson(
        partnership=partnership,
        user=None,
        text=f"{marker} lesson",
        target="commission",
        commission=commission,
    )
    milestone = commissions_services.add_milestone(
        commission=commission,
        user=None,
        stage="tender",
        title=f"{marker} tender issued",
        due=dt.date(2026, 6, 1),
    )
    return SimpleNamespace(
        commission=commission,
        lesson=lesson,
        milestone=milestone,
        scoring_round=scoring_round,
        outcome=intermediate,
        chain=chain,
        alignment=alignment,
        mark=mark,
        analysis=analysis,
        gap=gap,
    )


def user_of(username: str, organisation, world=None, role: str | None = None):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, f"{username}@example.org")
    Person.objects.create(name=username.replace("-", " "), organisation=organisation, user=user)
    if role:
        ProgrammeRole.objects.create(user=user, programme=world.programme, role=role)
        PartnershipRole.objects.create(user=user, partnership=world.partnership, role=role)
    return user


@pytest.fixture
def worlds(settings, tmp_path, task_worker):
    settings.VAR_DIR = tmp_path
    home, away = build_world(MARKERS["home"]), build_world(MARKERS["away"])
    personas = {
        "anonymous": (None, {}),
        "outsider": (user_of("outsider", OrganisationFactory(name="Elsewhere Trust")), {}),
        "other-manager": (user_of("other-manager", away.lead, away, "manager"), {"away": MANAGER}),
        "viewer": (user_of("home-viewer", home.lead, home, "viewer"), {"home": VIEWER}),
        "contributor": (
            user_of("home-contributor", home.partner, home, "contributor"),
            {"home": CONTRIBUTOR},
        ),
        "manager": (user_of("home-manager", home.lead, home, "manager"), {"home": MANAGER}),
    }
    for world, manager in ((home, "manager"), (away, "other-manager")):
        world.pending = store_upload(
            data=PLAN,
            filename="plan.csv",
            programme=world.programme.name,
            user=personas[manager][0],
        )
        world.framework_upload = keep_framework_upload(
            data=b"Code,Outcome,Contributes to\nW1,Walking more,\n",
            filename="framework.csv",
            user=personas[manager][0],
            partnership=world.partnership,
        )
        world.indicator_upload = keep_indicator_upload(
            data=b"Ref,Indicator,2008/09,2009/10\nNI 8,Adult participation in sport,21,22\n",
            filename="indicators.csv",
            user=personas[manager][0],
            partnership=world.partnership,
        )
        world.gaps_upload = keep_table_upload(
            table="gaps",
            data=b"Outcome,Gap,Severity\n%s,West,High\n" % world.outcome.code.encode(),
            filename="gaps.csv",
            user=personas[manager][0],
            partnership=world.partnership,
        )
        world.spend_upload = keep_spend_upload(
            data=b"Partner,Service,Year,Amount,Phase\n%s,Care,2009/10,100,Budget\n"
            % world.lead.name.encode(),
            filename="spend.csv",
            user=personas[manager][0],
            partnership=world.partnership,
        )
    # A highlight report made and an import still waiting, each its manager's own.
    for world, manager in ((home, "manager"), (away, "other-manager")):
        world.report = queue_highlight_report(
            user=personas[manager][0],
            programme=world.programme,
            as_of=dt.date(2008, 4, 1),
            compare=None,
            fmt="xlsx",
        )
    assert task_worker() == 2
    for world, manager in ((home, "manager"), (away, "other-manager")):
        world.imported = queue_import(pending=world.pending, mappings={}, user=personas[manager][0])
    return SimpleNamespace(sides={"home": home, "away": away}, personas=personas)


# --- What each answer must be --------------------------------------------------------------------


def is_api(path: str) -> bool:
    return path.startswith("/api/v1/")


def refused_anonymous(response) -> bool:
    if response.status_code == 302:
        return response["Location"].startswith(SIGN_IN)
    return response.status_code in {401, 403}


def content(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return body.decode("utf-8", errors="replace")


def leaked(response, markers: list[str]) -> list[str]:
    if response.status_code != 200:
        return []
    text = content(response)
    return [marker for marker in markers if marker in text]


def request(client: Client, method: str, path: str, payload=None):
    if method == "get":
        return client.get(path)
    if method in {"patch", "put"}:
        return getattr(client, method)(path, {"title": "Changed"}, content_type="application/json")
    if method == "delete":
        return client.delete(path)
    return client.post(path, payload() if payload else {})


def table_counts() -> dict[str, int]:
    """Rows in every table of the product's apps, history included."""
    labels = {"partnership", "programmes", "outcomes", "finance", "performance", "commissions"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def check_route(route: Route, spec: Spec, worlds) -> list[str]:
    """Every persona against this route; the problems found."""
    from django.urls import reverse

    problems: list[str] = []
    methods = write_methods(route) if spec.write is not None else []
    arg_sets = [spec.args, *spec.extra] if spec.args is not None else [None]
    targets = []  # (side or None, path, payload)
    for args in arg_sets:
        if spec.payload is not None:
            for side, world in worlds.sides.items():
                # A function, so an uploaded file is fresh for every request.
                targets.append((side, reverse(route.name), partial(spec.payload, world)))
        elif args is None or not spec.scoped:
            kwargs = args(None) if args is not None else {}
            targets.append((None, reverse(route.name, kwargs=kwargs), None))
        else:
            for side, world in worlds.sides.items():
                targets.append((side, reverse(route.name, kwargs=args(world)), None))

    allowed_writes = []
    before = table_counts()
    for (persona, (user, ranks)), (side, path, payload) in itertools.product(
        worlds.personas.items(), targets
    ):
        client = Client()
        if user is not None:
            client.force_login(user)
        list_rank = max([SIGNED_IN, *ranks.values()]) if user is not None else None
        rank = list_rank if side is None else (ranks.get(side) if user is not None else None)
        others = [MARKERS[s] for s in MARKERS if s not in ranks]
        where = f"{persona} {path}"

        if spec.read is not None and not (payload is not None and side == "away"):
            read_side, read_rank = (None, list_rank) if payload is not None else (side, rank)
            response = request(client, "get", path)
            problems += expect_read(response, spec.read, user, read_side, read_rank, where)
            if user is not None:
                problems += [f"{where}: shows {m}" for m in leaked(response, others)]
        for method in methods:
            if user is not None and rank is not None and rank >= spec.write:
                allowed_writes.append((client, method, path, payload, where))
                continue
            response = request(client, method, path, payload)
            problems += expect_refused_write(response, spec, user, side, rank, f"{method} {where}")
    if table_counts() != before:
        changed = {k: v for k, v in table_counts().items() if before.get(k) != v}
        problems.append(f"refused changes changed rows: {changed}")
    for client, method, path, payload, where in allowed_writes:
        response = request(client, method, path, payload)
        if response.status_code in {401, 403, 404, 405} or response.status_code >= 500:
            problems.append(f"{method} {where}: allowed, got {response.status_code}")
    return problems


def expect_read(response, level: int, user, side, rank, where: str) -> list[str]:
    status = response.status_code
    if status >= 500:
        return [f"{where}: {status}"]
    if level == PUBLIC:
        return []
    if user is None:
        return [] if refused_anonymous(response) else [f"{where}: anonymous got {status}"]
    if level == ADMIN:
        return [] if status == 403 else [f"{where}: non-administrator got {status}"]
    if side is not None and rank is None:
        return [] if status == 404 else [f"{where}: another partnership's object gave {status}"]
    if rank is None or rank < level:
        return [] if status in {403, 404} else [f"{where}: not allowed, got {status}"]
    return [] if status == 200 else [f"{where}: allowed, got {status}"]


def expect_refused_write(response, spec: Spec, user, side, rank, where: str) -> list[str]:
    status = response.status_code
    if status >= 500:
        return [f"{where}: {status}"]
    if spec.write == PUBLIC:
        return []
    if user is None:
        return [] if refused_anonymous(response) else [f"{where}: anonymous got {status}"]
    if spec.write == ADMIN:
        return [] if status == 403 else [f"{where}: non-administrator got {status}"]
    if side is not None and rank is None:
        # An id in the payload the user cannot see is refused as one that does not exist.
        refusals = {400, 403, 404} if spec.payload is not None else {404}
        if status in refusals:
            return []
        return [f"{where}: another partnership's object gave {status}"]
    return [] if status in {403, 404} else [f"{where}: a forbidden change got {status}"]


@pytest.mark.parametrize("route", ALL_ROUTES, ids=lambda route: route.name)
def test_no_route_leaks_or_lets_a_forbidden_change_through(route, worlds):
    spec = ROUTES.get(route.name)
    if spec is None:
        pytest.fail(f"{route.name} ({route.pattern}) has no permission spec in ROUTES")
    problems = check_route(route, spec, worlds)
    assert not problems, "\n".join(problems)
