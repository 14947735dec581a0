"""A confirmed web import is written by the background worker; its status page follows it."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from commissioning.partnership.models import ProgrammeRole
from commissioning.plans.tasks import import_upload
from commissioning.programmes.models import Action, ActionOwner, ImportRun, Programme
from commissioning.programmes.tests.factories import TeamFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_partnership")]

SMALL_PLAN = (
    b"Action,Timescale,Responsibility\n"
    b"Agree the budget,April 2008,TBC\n"
    b"Write the strategy,Whenever,Housing Team\n"
)
OTHER_PLAN = b"Action,Timescale,Responsibility\nOpen the hub,May 2009,Hub Team\n"


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    """Uploads go to a directory of the test's own."""
    settings.VAR_DIR = tmp_path
    return tmp_path


def preview_url(client, data: bytes, name: str, **fields) -> str:
    response = client.post(
        reverse("import-upload"), {"document": SimpleUploadedFile(name, data), **fields}
    )
    assert response.status_code == 302, response.content.decode()
    return response.url


def confirm(client, data: bytes = SMALL_PLAN, name: str = "plan.csv", **fields) -> str:
    """Upload and confirm a plan; returns the status page's address."""
    url = preview_url(client, data, name, **fields)
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302
    return response.url


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def test_confirming_queues_the_import_and_writes_nothing_yet(signed_in_client, manager):
    status_url = confirm(signed_in_client)

    queued = DBTaskResult.objects.get()
    assert status_url == reverse("import-status", args=[queued.id])
    assert queued.status == "READY"
    assert queued.args_kwargs["kwargs"]["user_id"] == manager.pk
    assert Action.objects.count() == 0
    assert ImportRun.objects.count() == 0


def test_confirming_twice_follows_the_import_already_queued(signed_in_client, task_worker):
    url = preview_url(signed_in_client, SMALL_PLAN, "plan.csv")
    first = signed_in_client.post(url, {"action": "confirm"}).url
    second = signed_in_client.post(url, {"action": "confirm"}).url

    assert second == first
    assert task_worker() == 1
    assert ImportRun.objects.count() == 1


def test_the_status_page_refreshes_itself_while_the_import_waits(signed_in_client):
    status_url = confirm(signed_in_client)

    response = signed_in_client.get(status_url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Waiting to start" in content
    assert f'hx-get="{status_url}" hx-trigger="every 2s" hx-select="#task-status"' in content
    assert "http-equiv" not in content  # a page that reloads itself fails WCAG 2.2.1
    assert f'href="{status_url}">Check again now</a>' in content
    assert "The import of plan.csv is in the queue." in text_of(response)


def test_the_worker_imports_it_and_the_status_page_leads_to_the_result(
    signed_in_client, manager, task_worker
):
    status_url = confirm(signed_in_client)

    assert task_worker() == 1

    run = ImportRun.objects.get()
    response = signed_in_client.get(status_url)
    assert response.status_code == 302
    assert response.url == reverse("import-result", args=[run.pk])
    assert Action.objects.count() == 2
    assert run.user == manager
    page = signed_in_client.get(response.url)
    assert "Actions created" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()


def test_the_polling_page_is_sent_on_to_the_result_when_it_is_written(
    signed_in_client, task_worker
):
    status_url = confirm(signed_in_client)
    task_worker()

    response = signed_in_client.get(status_url, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("import-result", args=[ImportRun.objects.get().pk])


def test_two_queued_imports_both_complete(signed_in_client, task_worker):
    first = confirm(signed_in_client, SMALL_PLAN, "plan.csv", new_programme="Housing Futures")
    second = confirm(signed_in_client, OTHER_PLAN, "hub.csv", new_programme="Community Hubs")

    waiting = signed_in_client.get(second)
    assert "behind 1 other task" in text_of(waiting)

    assert task_worker() == 2

    runs = {run.file_name: run for run in ImportRun.objects.select_related("programme")}
    assert signed_in_client.get(first).url == reverse("import-result", args=[runs["plan.csv"].pk])
    assert signed_in_client.get(second).url == reverse("import-result", args=[runs["hub.csv"].pk])
    assert runs["plan.csv"].programme.name == "Housing Futures"
    assert runs["hub.csv"].programme.name == "Community Hubs"
    assert Action.objects.count() == 3


def test_a_running_import_says_it_is_under_way(signed_in_client):
    status_url = confirm(signed_in_client)
    DBTaskResult.objects.get().claim("a-worker")

    response = signed_in_client.get(status_url)

    assert "In progress" in response.content.decode()
    assert "hx-trigger" in response.content.decode()


def test_an_import_no_longer_allowed_when_the_worker_runs_shows_why(
    partnership, programme_manager, sign_in, task_worker
):
    client = sign_in(programme_manager)
    status_url = confirm(client, programme=partnership.programme.slug)
    ProgrammeRole.objects.filter(user=programme_manager).update(role="viewer")

    task_worker()

    response = client.get(status_url)
    content = text_of(response)
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "Only programme managers of Intelligent Commissioning can import into it" in content
    assert "hx-trigger" not in content
    assert ImportRun.objects.count() == 0
    assert not Action.objects.filter(title="Agree the budget").exists()


def test_a_team_deleted_after_the_preview_stops_the_import_with_its_name(
    signed_in_client, task_worker, home_partnership
):
    team = TeamFactory(name="Finance Team", partnership=home_partnership)
    url = preview_url(signed_in_client, SMALL_PLAN, "plan.csv")
    form = signed_in_client.get(url).context["form"]
    field = next(name for name, f in form.fields.items() if f.label == "Map ‘TBC’ to")
    status_url = signed_in_client.post(url, {"action": "confirm", field: f"team:{team.pk}"}).url
    team.delete()

    task_worker()

    content = text_of(signed_in_client.get(status_url))
    assert "plan.csv: the team chosen for ‘TBC’ no longer exists" in content
    assert Programme.objects.count() == 0


def test_a_mapping_chosen_on_the_preview_is_applied_by_the_worker(
    signed_in_client, task_worker, home_partnership
):
    team = TeamFactory(name="Finance Team", partnership=home_partnership)
    url = preview_url(signed_in_client, SMALL_PLAN, "plan.csv")
    form = signed_in_client.get(url).context["form"]
    field = next(name for name, f in form.fields.items() if f.label == "Map ‘TBC’ to")
    signed_in_client.post(url, {"action": "confirm", field: f"team:{team.pk}"})

    task_worker()

    owner = ActionOwner.objects.get(name="TBC")
    assert owner.team == team
    assert owner.history.first().history_user is not None


def test_an_unexpected_failure_says_so_plainly_without_a_traceback(
    signed_in_client, task_worker, monkeypatch
):
    status_url = confirm(signed_in_client)

    def broken(**kwargs):
        raise RuntimeError("disk on fire at /srv/secret/path")

    monkeypatch.setattr("commissioning.plans.pending.import_document", broken)
    task_worker()

    assert DBTaskResult.objects.get().status == "FAILED"
    response = signed_in_client.get(status_url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sorry, there is a problem" in content
    assert "Nothing was imported." in content
    assert "Traceback" not in content
    assert "RuntimeError" not in content
    assert "/srv/secret" not in content
    assert Action.objects.count() == 0


def test_nobody_else_sees_an_import_task(signed_in_client, django_user_model, sign_in):
    status_url = confirm(signed_in_client)
    colleague = django_user_model.objects.create_user("colleague", is_superuser=True, is_staff=True)

    assert sign_in(colleague).get(status_url).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("import-status", args=[uuid.uuid4()]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_an_unknown_task_is_not_found(signed_in_client):
    response = signed_in_client.get(reverse("import-status", args=[uuid.uuid4()]))

    assert response.status_code == 404


def test_another_kind_of_task_is_not_an_import(signed_in_client, manager):
    from commissioning.reports.tasks import render_highlight_report

    other = render_highlight_report.enqueue(
        user_id=manager.pk, programme_id=1, as_of="2008-03-31", compare=None, fmt="pdf"
    )

    assert signed_in_client.get(reverse("import-status", args=[other.id])).status_code == 404


def test_the_task_runs_the_same_without_a_page(manager, task_worker, settings):
    """The task itself: an upload that has gone is a refusal with a message, not a failure."""
    queued = import_upload.enqueue(
        user_id=manager.pk, token="A" * 43, filename="gone.csv", mappings={}
    )

    task_worker()

    queued.refresh()
    assert queued.return_value == {
        "error": "The upload of gone.csv is no longer available: upload it again"
    }
