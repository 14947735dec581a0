"""Who may open and use each page: anonymous, an outsider, a viewer, a partner's contributor,
the programme manager, and the site administrator."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.partnership.models import Person, ProgrammeRole
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    MeetingFactory,
    PostFactory,
)
from commissioning.programmes.models import ImportRun, ProgressUpdate
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    ProgrammeFactory,
)
from commissioning.programmes.views.editing import current_version

PERSONAS = ["outsider", "viewer", "partner_contributor", "programme_manager", "manager"]


def as_persona(request, persona: str) -> Client:
    if persona == "anonymous":
        return Client()
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    return client


# --- Reading: every member reads; to an outsider nothing exists ------------------------------

READ_PAGES = {
    "programme": lambda p: ["programme", p.programme.slug],
    "programme-actions-csv": lambda p: ["programme-actions-csv", p.programme.slug],
    "programme-dashboard": lambda p: ["programme-dashboard", p.programme.slug],
    "programme-timeline": lambda p: ["programme-timeline", p.programme.slug],
    "programme-highlight-report": lambda p: ["programme-highlight-report", p.programme.slug],
    "programme-calendar": lambda p: ["programme-calendar", p.programme.slug],
    "action": lambda p: ["action", p.council_action.pk],
    "deliverable": lambda p: ["deliverable", p.internal.pk],
}

# --- Changing the structure: programme managers only ------------------------------------------

MANAGER_PAGES = {
    "programme-edit": lambda p: ["programme-edit", p.programme.slug],
    "programme-review-statuses": lambda p: ["programme-review-statuses", p.programme.slug],
    "programme-people": lambda p: ["programme-people", p.programme.slug],
    "stage-edit": lambda p: ["stage-edit", p.stage.pk],
    "action-edit": lambda p: ["action-edit", p.nhs_action.pk],
    "deliverable-edit": lambda p: ["deliverable-edit", p.external.pk],
}

READ_STATUS = {
    "outsider": 404,
    "viewer": 200,
    "partner_contributor": 200,
    "programme_manager": 200,
    "manager": 200,
}
MANAGE_STATUS = {
    "outsider": 404,
    "viewer": 403,
    "partner_contributor": 403,
    "programme_manager": 200,
    "manager": 200,
}


def url_of(partnership, pages, name) -> str:
    route, *args = pages[name](partnership)
    return reverse(route, args=args)


@pytest.mark.parametrize("name", [*READ_PAGES, *MANAGER_PAGES])
def test_anonymous_visitors_are_sent_to_sign_in(partnership, name):
    url = url_of(partnership, {**READ_PAGES, **MANAGER_PAGES}, name)

    response = Client().get(url)

    if name == "programme-calendar":  # a feed: calendar apps cannot follow a sign-in page
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("sign-in"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", READ_PAGES)
def test_members_read_every_page_and_outsiders_find_nothing(request, partnership, name, persona):
    response = as_persona(request, persona).get(url_of(partnership, READ_PAGES, name))

    assert response.status_code == READ_STATUS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", MANAGER_PAGES)
def test_only_programme_managers_open_the_pages_that_change_structure(
    request, partnership, name, persona
):
    response = as_persona(request, persona).get(url_of(partnership, MANAGER_PAGES, name))

    assert response.status_code == MANAGE_STATUS[persona]


def test_an_outsider_guessing_ids_gets_not_found_for_every_item(partnership, outsider):
    client = as_persona_of(outsider)
    urls = [
        reverse(route, args=[item.pk])
        for item in (partnership.nhs_action, partnership.council_action)
        for route in ("action", "action-edit", "action-add-progress", "action-confirm-status")
    ]
    urls += [
        reverse(route, args=[item.pk])
        for item in (partnership.internal, partnership.external)
        for route in ("deliverable", "deliverable-edit", "deliverable-add-progress")
    ]
    urls.append(reverse("stage-edit", args=[partnership.stage.pk]))

    for url in urls:
        assert client.get(url).status_code in {404, 405}, url
        assert client.post(url, {"status": "complete"}).status_code == 404, url


def test_an_outsider_reads_their_own_programme(partnership, outsider):
    client = as_persona_of(outsider)

    assert client.get(reverse("programme", args=["surrey-together"])).status_code == 200
    assert client.get(reverse("action", args=[partnership.other_action.pk])).status_code == 200


def as_persona_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The home page lists only what the user may see ---------------------------------------


@pytest.mark.parametrize(
    "persona, listed",
    [
        ("outsider", ["Surrey Together"]),
        ("viewer", ["Intelligent Commissioning"]),
        ("partner_contributor", ["Intelligent Commissioning"]),
        ("manager", ["Intelligent Commissioning", "Surrey Together"]),
    ],
)
def test_the_home_page_lists_the_programmes_the_user_may_see(request, partnership, persona, listed):
    response = as_persona(request, persona).get(reverse("home"))

    assert [row.programme.name for row in response.context["programmes"]] == listed


def test_the_home_page_takes_the_same_queries_however_many_programmes_a_member_sees(
    partnership, partner_contributor
):
    client = as_persona_of(partner_contributor)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        return len(queries), len(response.context["programmes"])

    one = count()
    for programme in ProgrammeFactory.create_batch(4, lead_organisation=partnership.nhs):
        ActionFactory.create_batch(2, programme=programme)
    ProgrammeFactory.create_batch(3)  # not theirs: not listed
    five = count()

    assert (one[1], five[1]) == (1, 5)
    assert one[0] == five[0]


# --- Contributing: progress and statuses ----------------------------------------------------


def progress(client, item, kind="action"):
    return client.post(
        reverse(f"{kind}-add-progress", args=[item.pk]),
        {"as_of": "May 2008", "text": "Draft agreed", "status": "in_progress"},
    )


def test_a_partners_contributor_adds_progress_to_their_organisations_action(
    partnership, partner_contributor
):
    response = progress(as_persona_of(partner_contributor), partnership.nhs_action)

    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=partnership.nhs_action)
    assert (update.author, update.text) == (partner_contributor, "Draft agreed")


def test_a_partners_contributor_cannot_add_progress_to_another_organisations_action(
    partnership, partner_contributor
):
    client = as_persona_of(partner_contributor)

    response = progress(client, partnership.council_action)
    confirm = client.post(
        reverse("action-confirm-status", args=[partnership.council_action.pk]),
        {"status": "complete"},
    )

    assert (response.status_code, confirm.status_code) == (403, 403)
    partnership.council_action.refresh_from_db()
    assert partnership.council_action.status == "not_started"
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "persona, own, other",
    [
        ("viewer", 403, 403),
        ("outsider", 404, 404),
        ("partner_contributor", 302, 403),
        ("programme_manager", 302, 302),
    ],
)
def test_who_may_add_progress_to_which_deliverable(request, partnership, persona, own, other):
    client = as_persona(request, persona)

    # The NHS partner reports on external deliverables; internal ones are the council's.
    assert progress(client, partnership.external, "deliverable").status_code == own
    assert progress(client, partnership.internal, "deliverable").status_code == other


def test_a_contributor_confirms_the_status_of_their_action(partnership, partner_contributor):
    response = as_persona_of(partner_contributor).post(
        reverse("action-confirm-status", args=[partnership.nhs_action.pk]), {"status": "blocked"}
    )

    assert response.status_code == 302
    partnership.nhs_action.refresh_from_db()
    assert partnership.nhs_action.status == "blocked"


def test_a_viewer_cannot_add_progress_and_is_not_offered_the_form(partnership, viewer):
    client = as_persona_of(viewer)

    page = client.get(reverse("action", args=[partnership.nhs_action.pk])).content.decode()

    assert progress(client, partnership.nhs_action).status_code == 403
    assert "Add progress update" not in page and "Change status" not in page
    assert "Edit action" not in page


def test_the_contributor_is_offered_the_form_only_where_they_may_use_it(
    partnership, partner_contributor
):
    client = as_persona_of(partner_contributor)

    own = client.get(reverse("action", args=[partnership.nhs_action.pk])).content.decode()
    other = client.get(reverse("action", args=[partnership.council_action.pk])).content.decode()

    assert "Add progress update" in own and "Edit action" not in own
    assert "Add progress update" not in other


def test_the_programme_page_offers_changes_to_its_managers_only(
    partnership, programme_manager, partner_contributor
):
    url = reverse("programme", args=[partnership.programme.slug])

    for_manager = as_persona_of(programme_manager).get(url).content.decode()
    for_contributor = as_persona_of(partner_contributor).get(url).content.decode()

    assert "Edit programme" in for_manager and "Edit stage" in for_manager
    assert "Edit programme" not in for_contributor and "Edit stage" not in for_contributor


# --- Changing the structure ------------------------------------------------------------------


def edit_action(client, action, title):
    return client.post(
        reverse("action-edit", args=[action.pk]),
        {
            "title": title,
            "ref": "",
            "timescale": action.timescale_text,
            "section": "",
            "version": current_version(action),
        },
    )


def test_a_contributor_cannot_edit_even_their_own_action(partnership, partner_contributor):
    response = edit_action(as_persona_of(partner_contributor), partnership.nhs_action, "Mine now")

    assert response.status_code == 403
    partnership.nhs_action.refresh_from_db()
    assert partnership.nhs_action.title == "Pool the budgets"


def test_the_programme_manager_edits_an_action(partnership, programme_manager):
    response = edit_action(as_persona_of(programme_manager), partnership.nhs_action, "Pool them")

    assert response.status_code == 302
    partnership.nhs_action.refresh_from_db()
    assert partnership.nhs_action.title == "Pool them"
    assert partnership.nhs_action.history.latest().history_user == programme_manager


def test_an_outsider_cannot_post_an_edit_to_a_guessed_action(partnership, outsider):
    response = edit_action(as_persona_of(outsider), partnership.nhs_action, "Taken over")

    assert response.status_code == 404
    partnership.nhs_action.refresh_from_db()
    assert partnership.nhs_action.title == "Pool the budgets"


# --- Roles -------------------------------------------------------------------------------------


def test_the_programme_manager_gives_a_partner_officer_a_role(
    partnership, programme_manager, django_user_model
):
    officer = django_user_model.objects.create_user("nhs-analyst")
    Person.objects.create(name="Analyst", organisation=partnership.nhs, user=officer)
    client = as_persona_of(programme_manager)
    url = reverse("programme-people", args=[partnership.programme.slug])

    response = client.post(url, {"user": officer.pk, "role": "contributor"})

    assert response.status_code == 302
    role = ProgrammeRole.objects.get(user=officer)
    assert role.role == "contributor"
    assert role.history.latest().history_user == programme_manager
    assert "nhs-analyst" in client.get(url).content.decode()


def test_a_role_can_be_taken_away_leaving_a_viewer(
    partnership, programme_manager, partner_contributor
):
    url = reverse("programme-people", args=[partnership.programme.slug])

    as_persona_of(programme_manager).post(url, {"user": partner_contributor.pk, "role": "none"})

    assert not ProgrammeRole.objects.filter(user=partner_contributor).exists()
    assert (
        as_persona_of(partner_contributor)
        .get(reverse("programme", args=[partnership.programme.slug]))
        .status_code
        == 200
    )  # a person of a partner: still a viewer


def test_a_role_cannot_be_given_to_someone_outside_the_partnership(
    partnership, programme_manager, outsider
):
    url = reverse("programme-people", args=[partnership.programme.slug])

    response = as_persona_of(programme_manager).post(url, {"user": outsider.pk, "role": "manager"})

    assert response.status_code == 200
    assert "Select a person" in response.content.decode()
    assert not ProgrammeRole.objects.filter(user=outsider, programme=partnership.programme).exists()


def test_a_contributor_cannot_promote_themselves(partnership, partner_contributor):
    url = reverse("programme-people", args=[partnership.programme.slug])

    response = as_persona_of(partner_contributor).post(
        url, {"user": partner_contributor.pk, "role": "manager"}
    )

    assert response.status_code == 403
    assert ProgrammeRole.objects.get(user=partner_contributor).role == "contributor"


# --- Importing ---------------------------------------------------------------------------------

PLAN = b"Action,Timescale,Responsibility\nAgree the budget,April 2008,TBC\n"


@pytest.fixture
def uploads(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def upload(client, **fields):
    document = SimpleUploadedFile("plan.csv", PLAN)
    return client.post(reverse("import-upload"), {"document": document, **fields})


@pytest.mark.parametrize(
    "persona, status",
    [("viewer", 403), ("partner_contributor", 403), ("programme_manager", 200), ("manager", 200)],
)
def test_only_managers_and_administrators_open_the_upload_page(
    request, partnership, persona, status
):
    assert as_persona(request, persona).get(reverse("import-upload")).status_code == status


def test_the_upload_page_offers_only_the_programmes_the_user_manages(partnership, outsider):
    response = as_persona_of(outsider).get(reverse("import-upload"))

    offered = dict(response.context["form"].fields["programme"].choices)
    assert set(offered) == {"", "surrey-together"}


def test_the_programme_manager_imports_into_their_programme(
    partnership, programme_manager, uploads, task_worker
):
    client = as_persona_of(programme_manager)

    response = upload(client, programme=partnership.programme.slug)
    assert response.status_code == 302
    confirmed = client.post(response.url, {"action": "confirm"})
    task_worker()

    assert confirmed.status_code == 302
    run = ImportRun.objects.get()
    assert client.get(confirmed.url).url == reverse("import-result", args=[run.pk])
    assert (run.programme, run.user) == (partnership.programme, programme_manager)


def test_an_outsider_cannot_import_into_another_partnerships_programme_by_name(
    partnership, outsider, uploads
):
    response = upload(as_persona_of(outsider), new_programme="Intelligent Commissioning")

    assert response.status_code == 200
    assert "only site administrators can start a new programme" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_programme_manager_cannot_start_a_new_programme(programme_manager, uploads):
    response = upload(as_persona_of(programme_manager), new_programme="Something new")

    assert response.status_code == 200
    assert "only site administrators can start a new programme" in response.content.decode()


def test_an_import_result_of_another_partnership_is_not_found(partnership, outsider):
    run = ImportRun.objects.create(programme=partnership.programme, file_name="a.csv", sha256="0")

    response = as_persona_of(outsider).get(reverse("import-result", args=[run.pk]))

    assert response.status_code == 404


# --- Governance ------------------------------------------------------------------------------


@pytest.fixture
def governance(partnership):
    body = BodyFactory(name="NHS Board", organisation=partnership.nhs)
    outside = BodyFactory(name="Surrey Cabinet", organisation=partnership.outside)
    agreement = AgreementFactory(title="Pooled budget for adults")
    agreement.parties.set([partnership.council, partnership.nhs])
    return {
        "body": body,
        "post": PostFactory(body=body),
        "meeting": MeetingFactory(body=body),
        "agreement": agreement,
        "outside_body": outside,
    }


GOVERNANCE_READS = {
    "governance-body": lambda g: [g["body"].pk],
    "governance-agreement": lambda g: [g["agreement"].pk],
}
GOVERNANCE_CHANGES = {
    "governance-body-edit": lambda g: [g["body"].pk],
    "governance-post-new": lambda g: [g["body"].pk],
    "governance-member-new": lambda g: [g["body"].pk],
    "governance-meeting-new": lambda g: [g["body"].pk],
    "governance-post-edit": lambda g: [g["post"].pk],
    "governance-post-fill": lambda g: [g["post"].pk],
    "governance-post-vacate": lambda g: [g["post"].pk],
    "governance-decision-new": lambda g: [g["meeting"].pk],
    "governance-agreement-edit": lambda g: [g["agreement"].pk],
    "governance-contribution-set": lambda g: [g["agreement"].pk],
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", GOVERNANCE_READS)
def test_the_partnership_reads_its_governance_and_outsiders_find_nothing(
    request, governance, name, persona
):
    url = reverse(name, args=GOVERNANCE_READS[name](governance))

    assert as_persona(request, persona).get(url).status_code == READ_STATUS[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", GOVERNANCE_CHANGES)
def test_the_leads_programme_managers_change_governance(request, governance, name, persona):
    url = reverse(name, args=GOVERNANCE_CHANGES[name](governance))

    assert as_persona(request, persona).get(url).status_code == MANAGE_STATUS[persona]


@pytest.mark.parametrize(
    "persona, status",
    [("outsider", 403), ("viewer", 403), ("programme_manager", 200), ("manager", 200)],
)
def test_adding_bodies_and_agreements_is_for_the_leads_managers(
    request, governance, persona, status
):
    client = as_persona(request, persona)

    # The outsider manages a programme their council leads: they may add their own bodies.
    expected = 200 if persona == "outsider" else status
    assert client.get(reverse("governance-body-new")).status_code == expected
    assert client.get(reverse("governance-agreement-new")).status_code == expected


def test_a_lead_manager_cannot_change_another_partnerships_body(governance, programme_manager):
    url = reverse("governance-body-edit", args=[governance["outside_body"].pk])

    assert as_persona_of(programme_manager).get(url).status_code == 404


def test_a_viewer_is_not_offered_governance_changes(governance, viewer):
    page = as_persona_of(viewer).get(reverse("governance-body", args=[governance["body"].pk]))

    text = page.content.decode()
    assert "Change this body" not in text and "Add a post" not in text


@pytest.mark.parametrize("persona, status", [("programme_manager", 403), ("manager", 200)])
def test_only_site_administrators_import_governance(request, partnership, persona, status):
    assert as_persona(request, persona).get(reverse("governance-import")).status_code == status


def test_the_structure_and_exports_show_only_the_users_partnership(governance, outsider):
    client = as_persona_of(outsider)

    structure = client.get(reverse("governance-structure")).content.decode()
    export = client.get(reverse("governance-export", args=["bodies", "csv"])).content.decode()
    agreements = client.get(reverse("governance-agreements")).content.decode()

    assert "Surrey Cabinet" in structure and "NHS Board" not in structure
    assert "Surrey Cabinet" in export and "NHS Board" not in export
    assert "Pooled budget for adults" not in agreements


# --- The directory: open to all, responsibilities only where the reader may look ---------------


def test_the_directory_shows_an_outsider_no_action_of_another_partnership(partnership, outsider):
    owner = partnership.council_action.owners.get().person
    client = as_persona_of(outsider)

    page = client.get(reverse("person", args=[owner.pk]))
    directory = client.get(reverse("directory"))

    # The council's officer is not of the outsider's partnership: not in their directory.
    assert page.status_code == 404
    assert owner not in list(directory.context["people"])
    assert partnership.council not in list(directory.context["organisations"])


def test_a_persons_calendar_shows_only_visible_deadlines(partnership, outsider, viewer):
    owner = partnership.council_action.owners.get().person
    ActionOwnerFactory(action=partnership.other_action, person=owner)
    url = reverse("person-calendar", args=[owner.pk])

    for_outsider = as_persona_of(outsider).get(url)
    for_viewer = as_persona_of(viewer).get(url)

    outsider_feed = b"".join(for_outsider.streaming_content).decode()
    viewer_feed = b"".join(for_viewer.streaming_content).decode()
    assert "Agree the structure" not in outsider_feed and "Surrey" in outsider_feed
    assert "Agree the structure" in viewer_feed and "Surrey" not in viewer_feed


def test_the_calendar_token_carries_only_its_users_rights(partnership, outsider):
    from commissioning.reports.calendar import calendar_token

    token = calendar_token(outsider, partnership.programme)
    url = reverse("programme-calendar", args=[partnership.programme.slug])

    assert Client().get(url, {"token": token}).status_code == 404


def test_a_reporting_date_is_not_a_way_round_the_rules(partnership, outsider):
    url = reverse("programme-highlight-report", args=[partnership.programme.slug])

    response = as_persona_of(outsider).get(url, {"as_of": date(2008, 3, 31).isoformat()})

    assert response.status_code == 404


def test_a_refusal_says_why_on_a_gov_uk_page(partnership, viewer):
    response = as_persona_of(viewer).get(
        reverse("programme-edit", args=[partnership.programme.slug])
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do this" in page
    assert "Only programme managers of Intelligent Commissioning can change it" in page
    assert "govuk-header" in page
