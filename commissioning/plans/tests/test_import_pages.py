"""The web import: upload, preview with owner mapping, confirm or cancel, and the result."""

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import commissioning
from commissioning.partnership.models import Organisation, Person
from commissioning.plans.pending import pending_upload, store_upload, uploads_dir
from commissioning.programmes.models import Action, ActionOwner, ImportRun, Programme
from commissioning.programmes.tests.factories import ProgrammeFactory, TeamFactory

ACTION_PLAN = Path(commissioning.__file__).parent / "programmes/demo/commissioning-action-plan.txt"
SMALL_PLAN = (
    b"Action,Timescale,Responsibility\n"
    b"Agree the budget,April 2008,TBC\n"
    b"Write the strategy,Whenever,Housing Team\n"
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """Uploads go to a directory of the test's own."""
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def home(db):
    """The installation's one partnership, where new programmes go unless told otherwise."""
    from commissioning.programmes.tests.factories import PartnershipFactory

    return PartnershipFactory(name="Home Partnership", slug="home")


def stored_files() -> list[str]:
    return sorted(p.name for p in uploads_dir().glob("*")) if uploads_dir().exists() else []


def upload(client, data: bytes, name: str, **fields):
    document = SimpleUploadedFile(name, data)
    return client.post(reverse("import-upload"), {"document": document, **fields})


def upload_action_plan(client) -> str:
    """Upload the demo action plan; returns the preview page's URL."""
    response = upload(client, ACTION_PLAN.read_bytes(), "commissioning-action-plan.txt")
    assert response.status_code == 302
    return response.url


def confirm(client, preview_url: str, fields: dict, run_worker):
    """Confirm the preview and let the worker write the import; returns the status page."""
    queued = client.post(preview_url, fields)
    assert queued.status_code == 302
    assert queued.url.startswith("/import/tasks/")
    run_worker()
    return client.get(queued.url)


def field_named(response, label: str) -> str:
    """The name of the owner-mapping field whose label is ``label``."""
    form = response.context["form"]
    return next(name for name, field in form.fields.items() if field.label == label)


@pytest.mark.parametrize(
    "url",
    [
        reverse("import-upload"),
        reverse("import-preview", args=["x" * 43]),
        reverse("import-result", args=[1]),
    ],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_upload_page_offers_existing_programmes_and_a_new_one(signed_in_client):
    ProgrammeFactory(name="Adult Social Care", slug="adult-social-care")

    response = signed_in_client.get(reverse("import-upload"))

    content = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-xl">Import a plan</h1>' in content
    assert 'enctype="multipart/form-data"' in content
    assert 'accept=".txt,.md,.csv,.xlsx,.docx,.pdf"' in content
    assert 'class="govuk-file-upload' in content  # the GOV.UK file upload component
    assert '<option value="adult-social-care">Adult Social Care</option>' in content
    assert "A new programme named" in content
    assert content.count("<form") == 2  # sign out, and the upload form: no nested forms


def test_uploading_the_action_plan_previews_it_without_importing(signed_in_client):
    preview_url = upload_action_plan(signed_in_client)

    response = signed_in_client.get(preview_url)

    content = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["preview"].actions) == 9
    assert "Agree mutual definition of Commissioning." in content
    assert "John Bennett" in content and "Commissioning Teams" in content
    assert "(person, needs review)" in content
    assert "(team)" in content
    assert "1 to 30 April 2008" in content
    assert "March 2008" in content  # progress as of
    warnings = response.context["preview"].warnings
    assert (warnings[0].line, warnings[0].message[:43]) == (
        4,
        "Responsibility: 'John Bennett' needs review",
    )
    assert f"{len(warnings)} warnings: check the lines listed" in content
    assert "Responsibility: &#x27;John Bennett&#x27; needs review" in content
    actions_table = content.split('caption--l">Actions</caption>')[1]
    first_row = actions_table.split("<tbody")[1].split("</tr>")[0]
    assert 'govuk-tag--orange">Warning</strong>' in first_row
    assert "Map ‘John Bennett’ to" in content
    assert "Map ‘Commissioning Teams’ to" not in content
    assert Action.objects.count() == 0
    assert ImportRun.objects.count() == 0
    assert len(stored_files()) == 2


def test_confirming_imports_the_plan_and_shows_what_changed(signed_in_client, manager, task_worker):
    preview_url = upload_action_plan(signed_in_client)

    response = confirm(signed_in_client, preview_url, {"action": "confirm"}, task_worker)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("import-result", args=[run.pk])
    assert Action.objects.count() == 9
    assert run.user == manager
    assert run.file_name == "commissioning-action-plan.txt"
    assert stored_files() == []
    page = signed_in_client.get(response.url)
    content = page.content.decode()
    assert page.status_code == 200
    assert "Actions created" in content
    assert ("Actions created", 9) in page.context["summary"].counts
    assert run.sha256 in content
    assert reverse("programme", args=[run.programme.slug]) in content
    assert reverse("programme-review-statuses", args=[run.programme.slug]) in content
    assert "Nothing changed" not in content


def test_importing_the_same_file_again_says_nothing_changed(signed_in_client, task_worker):
    confirm(
        signed_in_client, upload_action_plan(signed_in_client), {"action": "confirm"}, task_worker
    )

    response = confirm(
        signed_in_client, upload_action_plan(signed_in_client), {"action": "confirm"}, task_worker
    )

    page = signed_in_client.get(response.url)
    assert Action.objects.count() == 9
    assert "Nothing changed — this file was already imported" in page.content.decode()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty.txt: file is empty"),
        (b"junk that is not a workbook", "plan.xlsx", "plan.xlsx: not a valid Excel workbook"),
        (b"hello\n", "notes.txt", "notes.txt: no recognisable action-plan"),
    ],
)
def test_a_file_that_cannot_be_read_shows_the_error_and_stores_nothing(
    signed_in_client, data, name, message
):
    response = upload(signed_in_client, data, name)

    content = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in content
    assert message in content
    assert 'href="#id_document"' in content
    assert "govuk-file-upload--error" in content
    assert stored_files() == []
    assert Programme.objects.count() == 0


def test_a_file_over_10mb_is_refused_naming_it(signed_in_client):
    response = upload(signed_in_client, b"x" * (10 * 1024 * 1024 + 1), "big.txt")

    assert response.status_code == 400
    assert "big.txt: the file is 10 MB; files to import must be 10 MB or smaller" in (
        response.content.decode()
    )
    assert stored_files() == []


def test_no_file_asks_for_one(signed_in_client):
    response = signed_in_client.post(reverse("import-upload"), {})

    assert "Select a plan to upload" in response.content.decode()


def test_choosing_a_programme_and_naming_a_new_one_is_refused(signed_in_client):
    ProgrammeFactory(name="Adult Social Care", slug="adult-social-care")

    response = upload(
        signed_in_client,
        SMALL_PLAN,
        "plan.csv",
        programme="adult-social-care",
        new_programme="Something else",
    )

    assert "not both" in response.content.decode()
    assert stored_files() == []


def test_the_plan_goes_into_the_programme_chosen(signed_in_client, task_worker):
    programme = ProgrammeFactory(name="Adult Social Care", slug="adult-social-care")
    response = upload(signed_in_client, SMALL_PLAN, "plan.csv", programme="adult-social-care")

    preview = signed_in_client.get(response.url)
    confirm(signed_in_client, response.url, {"action": "confirm"}, task_worker)

    assert preview.context["preview"].programme_name == "Adult Social Care"
    assert not preview.context["preview"].programme_is_new
    assert set(Action.objects.values_list("programme", flat=True)) == {programme.pk}


def test_a_new_programme_takes_the_name_given(signed_in_client, task_worker):
    response = upload(signed_in_client, SMALL_PLAN, "plan.csv", new_programme="Housing Futures")

    preview = signed_in_client.get(response.url)
    confirm(signed_in_client, response.url, {"action": "confirm"}, task_worker)

    assert "New programme" in preview.content.decode()
    assert Programme.objects.get().name == "Housing Futures"


def test_mapping_an_unknown_owner_to_an_existing_team_links_the_team(
    signed_in_client, task_worker, home
):
    team = TeamFactory(name="Finance Team", partnership=home)
    preview_url = upload(signed_in_client, SMALL_PLAN, "plan.csv").url
    field = field_named(signed_in_client.get(preview_url), "Map ‘TBC’ to")

    confirm(
        signed_in_client, preview_url, {"action": "confirm", field: f"team:{team.pk}"}, task_worker
    )

    owner = ActionOwner.objects.get(name="TBC")
    assert owner.team == team
    assert owner.kind == "team"
    assert owner.person is None and owner.organisation is None
    assert owner.history.first().history_user is not None


def test_a_mapping_survives_importing_the_same_plan_again(signed_in_client, task_worker, home):
    team = TeamFactory(name="Finance Team", partnership=home)
    preview_url = upload(signed_in_client, SMALL_PLAN, "plan.csv").url
    field = field_named(signed_in_client.get(preview_url), "Map ‘TBC’ to")
    confirm(
        signed_in_client, preview_url, {"action": "confirm", field: f"team:{team.pk}"}, task_worker
    )

    again = upload(signed_in_client, SMALL_PLAN, "plan.csv", programme=Programme.objects.get().slug)
    confirm(signed_in_client, again.url, {"action": "confirm"}, task_worker)

    assert ActionOwner.objects.get(name="TBC").team == team


def test_mapping_a_person_to_a_new_organisation_creates_it(signed_in_client, task_worker):
    preview_url = upload_action_plan(signed_in_client)
    field = field_named(signed_in_client.get(preview_url), "Map ‘Sue Lightup’ to")

    confirm(
        signed_in_client, preview_url, {"action": "confirm", field: "new:organisation"}, task_worker
    )

    organisation = Organisation.objects.get(name="Sue Lightup")
    owners = ActionOwner.objects.filter(name="Sue Lightup")
    assert owners.count() == 6
    assert {(o.kind, o.organisation_id, o.person_id) for o in owners} == {
        ("organisation", organisation.pk, None)
    }


def test_mapping_to_a_new_person_reuses_the_person_the_import_added(signed_in_client, task_worker):
    preview_url = upload_action_plan(signed_in_client)
    field = field_named(signed_in_client.get(preview_url), "Map ‘John Bennett’ to")

    confirm(signed_in_client, preview_url, {"action": "confirm", field: "new:person"}, task_worker)

    person = Person.objects.get(name="John Bennett")
    assert set(
        ActionOwner.objects.filter(name="John Bennett").values_list("person", flat=True)
    ) == {person.pk}


def test_an_owner_kept_as_written_is_left_as_the_import_made_it(signed_in_client, task_worker):
    preview_url = upload(signed_in_client, SMALL_PLAN, "plan.csv").url
    field = field_named(signed_in_client.get(preview_url), "Map ‘TBC’ to")

    confirm(signed_in_client, preview_url, {"action": "confirm", field: "keep"}, task_worker)

    owner = ActionOwner.objects.get(name="TBC")
    assert owner.kind == "unknown"
    assert owner.needs_review


def test_an_invalid_mapping_shows_the_error_and_imports_nothing(signed_in_client):
    preview_url = upload(signed_in_client, SMALL_PLAN, "plan.csv").url
    field = field_named(signed_in_client.get(preview_url), "Map ‘TBC’ to")

    response = signed_in_client.post(preview_url, {"action": "confirm", field: "team:9999"})

    assert response.status_code == 200
    assert "Select who ‘TBC’ is, or keep it as written" in response.content.decode()
    assert Action.objects.count() == 0
    assert len(stored_files()) == 2


def test_cancelling_deletes_the_stored_file(signed_in_client):
    preview_url = upload_action_plan(signed_in_client)

    response = signed_in_client.post(preview_url, {"action": "cancel"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("import-upload")
    assert "cancelled" in response.content.decode()
    assert stored_files() == []
    assert Action.objects.count() == 0
    assert signed_in_client.get(preview_url).status_code == 404


def test_an_unknown_token_is_not_found_with_a_clear_page(signed_in_client):
    response = signed_in_client.get(reverse("import-preview", args=["A" * 43]))

    assert response.status_code == 404
    assert "This upload is no longer available" in response.content.decode()


def test_a_malformed_token_is_not_found(signed_in_client):
    response = signed_in_client.get(reverse("import-preview", args=[".."]))

    assert response.status_code == 404


def test_someone_elses_upload_is_not_found(signed_in_client, django_user_model):
    colleague = django_user_model.objects.create_user("colleague", password="x-pass-123")
    pending = store_upload(data=SMALL_PLAN, filename="plan.csv", programme=None, user=colleague)

    get = signed_in_client.get(reverse("import-preview", args=[pending.token]))
    post = signed_in_client.post(
        reverse("import-preview", args=[pending.token]), {"action": "confirm"}
    )

    assert get.status_code == 404
    assert post.status_code == 404
    assert Action.objects.count() == 0
    assert len(stored_files()) == 2


def test_an_upload_expires_after_a_day(signed_in_client, manager):
    pending = store_upload(data=SMALL_PLAN, filename="plan.csv", programme=None, user=manager)
    sidecar = uploads_dir() / f"{pending.token}.json"
    details = json.loads(sidecar.read_text())
    details["created_at"] = (timezone.now() - timedelta(days=1, minutes=1)).isoformat()
    sidecar.write_text(json.dumps(details))

    response = signed_in_client.get(reverse("import-preview", args=[pending.token]))

    assert response.status_code == 404
    assert stored_files() == []


def test_a_fresh_upload_is_found_for_its_owner(manager):
    pending = store_upload(data=SMALL_PLAN, filename="plan.csv", programme="X", user=manager)

    found = pending_upload(pending.token, user=manager)

    assert found is not None
    assert found.read() == SMALL_PLAN
    assert found.programme == "X"


def test_a_missing_import_run_is_not_found(signed_in_client):
    assert signed_in_client.get(reverse("import-result", args=[999])).status_code == 404


def test_uploads_left_for_over_a_day_are_cleared_away(manager):
    old = store_upload(data=SMALL_PLAN, filename="old.csv", programme=None, user=manager)
    day_and_a_bit_ago = (timezone.now() - timedelta(days=1, hours=1)).timestamp()
    for path in uploads_dir().glob(f"{old.token}.*"):
        os.utime(path, (day_and_a_bit_ago, day_and_a_bit_ago))

    fresh = store_upload(data=SMALL_PLAN, filename="new.csv", programme=None, user=manager)

    assert stored_files() == sorted([f"{fresh.token}.bin", f"{fresh.token}.json"])


def test_a_new_programme_goes_into_the_partnership_chosen_on_the_upload_page(
    signed_in_client, task_worker
):
    from commissioning.programmes.tests.factories import PartnershipFactory

    surrey = PartnershipFactory(name="Surrey Partnership", slug="surrey")

    unplaced = upload(signed_in_client, SMALL_PLAN, "plan.csv", new_programme="Brand new")
    assert unplaced.status_code == 400  # refused, with the reason on the page
    assert "name the partnership the new programme" in unplaced.content.decode()

    response = upload(
        signed_in_client, SMALL_PLAN, "plan.csv", new_programme="Brand new", partnership="surrey"
    )
    assert response.status_code == 302
    confirmed = confirm(signed_in_client, response["Location"], {}, task_worker)
    assert confirmed.status_code == 302  # on to the result
    assert Programme.objects.get(name="Brand new").partnership == surrey
