"""Highlight report files made by the background worker: queued, followed, then downloaded."""

import io
import uuid

import openpyxl
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from commissioning.partnership.models import ProgrammeRole
from commissioning.programmes.services import load_demo
from commissioning.programmes.tests.factories import ActionFactory, ProgrammeFactory
from commissioning.reports.tasks import render_highlight_report, runs_in_background

pytestmark = pytest.mark.django_db

DEMO_SLUG = "intelligent-commissioning"


@pytest.fixture
def demo():
    return load_demo().programme


def report_url(slug: str, query: str) -> str:
    return reverse("programme-highlight-report", args=[slug]) + query


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


def queue(client, slug: str = DEMO_SLUG, query: str = "?as_of=2008-03-31&format=pdf") -> str:
    """Ask for a report file the worker makes; returns its status page's address."""
    response = client.get(report_url(slug, query))
    assert response.status_code == 302, response.content[:200]
    return response.url


def test_a_pdf_is_queued_and_the_page_shows_it_waiting(signed_in_client, demo, manager):
    status_url = queue(signed_in_client)

    queued = DBTaskResult.objects.get()
    assert status_url == reverse("programme-highlight-task", args=[DEMO_SLUG, queued.id])
    assert queued.args_kwargs["kwargs"] == {
        "user_id": manager.pk,
        "programme_id": demo.pk,
        "as_of": "2008-03-31",
        "compare": None,
        "fmt": "pdf",
    }
    page = signed_in_client.get(status_url)
    assert page.status_code == 200
    assert "Waiting to start" in page.content.decode()
    assert 'hx-trigger="every 2s"' in page.content.decode()
    assert (
        "The PDF highlight report of Intelligent Commissioning Programme as of 31 March 2008 "
        "is in the queue." in text_of(page)
    )


def test_the_worker_makes_the_pdf_and_the_page_offers_it(signed_in_client, demo, task_worker):
    status_url = queue(signed_in_client, query="?as_of=2008-03-31&compare=2008-02-29&format=pdf")

    assert task_worker() == 1

    page = signed_in_client.get(status_url)
    content = page.content.decode()
    assert "Your report is ready" in content
    assert "hx-trigger" not in content
    assert "compared with 29 February 2008" in text_of(page)
    file_url = status_url + "file/"
    assert f'href="{file_url}"' in content
    download = signed_in_client.get(file_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        'attachment; filename="highlight-intelligent-commissioning-2008-03-31.pdf"'
    )
    pdf = PdfReader(io.BytesIO(download.content))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Progress to Date – March 2008" in text
    assert "Agree mutual definition of Commissioning" in text


def test_a_large_programme_makes_its_excel_file_in_the_background(
    signed_in_client, settings, task_worker
):
    programme = ProgrammeFactory(name="Big Plan", slug="big-plan")
    ActionFactory.create_batch(3, programme=programme)
    settings.REPORTS_IN_BACKGROUND_FROM = 3

    status_url = queue(signed_in_client, "big-plan", "?as_of=2008-03-31&format=xlsx")
    task_worker()

    download = signed_in_client.get(status_url + "file/")
    workbook = openpyxl.load_workbook(io.BytesIO(download.content))
    assert workbook.sheetnames[-1] == "Actions"
    assert workbook["Actions"].max_row == 4


def test_small_word_and_excel_files_are_still_made_in_the_request(signed_in_client, demo):
    response = signed_in_client.get(report_url(DEMO_SLUG, "?as_of=2008-03-31&format=docx"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert DBTaskResult.objects.count() == 0


def test_which_reports_run_in_the_background(settings):
    programme = ProgrammeFactory()
    ActionFactory.create_batch(2, programme=programme)
    settings.REPORTS_IN_BACKGROUND_FROM = 3
    settings.PDF_REPORTS_IN_BACKGROUND_FROM = 1

    assert runs_in_background(programme, "pdf")
    assert not runs_in_background(programme, "docx")
    assert not runs_in_background(programme, "html")
    ActionFactory(programme=programme)
    assert runs_in_background(programme, "xlsx")
    settings.PDF_REPORTS_IN_BACKGROUND_FROM = 10
    assert not runs_in_background(programme, "pdf")
    settings.PDF_REPORTS_IN_BACKGROUND_FROM = 0
    assert runs_in_background(ProgrammeFactory(), "pdf")


def test_two_queued_reports_both_complete(signed_in_client, demo, task_worker):
    first = queue(signed_in_client, query="?as_of=2008-03-31&format=pdf")
    second = queue(signed_in_client, query="?as_of=2008-01-31&format=pdf")
    assert "behind 1 other task" in text_of(signed_in_client.get(second))

    assert task_worker() == 2

    assert "Your report is ready" in signed_in_client.get(first).content.decode()
    assert signed_in_client.get(second + "file/")["Content-Disposition"].endswith('2008-01-31.pdf"')


def test_the_file_is_not_offered_before_it_is_ready(signed_in_client, demo):
    status_url = queue(signed_in_client)

    assert signed_in_client.get(status_url + "file/").status_code == 404


def test_an_unexpected_failure_says_so_plainly_without_a_traceback(
    signed_in_client, demo, task_worker, monkeypatch
):
    status_url = queue(signed_in_client)

    def broken(report, fmt):
        raise MemoryError("layout engine gave up at /srv/secret")

    monkeypatch.setattr("commissioning.reports.tasks.render", broken)
    task_worker()

    page = signed_in_client.get(status_url)
    content = page.content.decode()
    assert DBTaskResult.objects.get().status == "FAILED"
    assert "Sorry, there is a problem" in content
    assert "No report was made." in content
    assert "Traceback" not in content and "MemoryError" not in content
    assert "/srv/secret" not in content
    assert signed_in_client.get(status_url + "file/").status_code == 404


def test_losing_access_before_the_worker_runs_refuses_the_file(
    partnership, viewer, sign_in, task_worker
):
    client = sign_in(viewer)
    status_url = queue(client, partnership.programme.slug)
    ProgrammeRole.objects.filter(user=viewer).delete()
    partnership.council.people.filter(user=viewer).update(organisation=partnership.outside)

    task_worker()

    task = DBTaskResult.objects.get()
    assert task.return_value == {"error": "You can no longer produce reports of this programme"}
    assert client.get(status_url).status_code == 404  # the programme is gone from their view


def test_a_refusal_by_the_worker_shows_its_message(signed_in_client, demo, manager, task_worker):
    status_url = queue(signed_in_client)
    manager.is_active = False
    manager.save()
    task_worker()
    manager.is_active = True
    manager.save()
    signed_in_client.force_login(manager)

    page = signed_in_client.get(status_url)

    assert "There is a problem" in page.content.decode()
    assert "You can no longer produce reports of this programme" in page.content.decode()


def test_nobody_else_sees_the_report_or_its_file(
    partnership, viewer, programme_manager, outsider, sign_in, task_worker
):
    status_url = queue(sign_in(viewer), partnership.programme.slug)
    task_worker()

    assert sign_in(programme_manager).get(status_url).status_code == 404
    assert sign_in(programme_manager).get(status_url + "file/").status_code == 404
    assert sign_in(outsider).get(status_url).status_code == 404
    assert sign_in(viewer).get(status_url + "file/").status_code == 200


def test_the_task_is_found_only_under_its_own_programme(partnership, viewer, sign_in, task_worker):
    client = sign_in(viewer)
    status_url = queue(client, partnership.programme.slug)
    task_id = DBTaskResult.objects.get().id
    other = ProgrammeFactory(slug="another", lead_organisation=partnership.council)

    response = client.get(reverse("programme-highlight-task", args=[other.slug, task_id]))

    assert client.get(status_url).status_code == 200
    assert response.status_code == 404


def test_an_import_task_is_not_a_report(signed_in_client, demo, manager):
    from commissioning.plans.tasks import import_upload

    other = import_upload.enqueue(user_id=manager.pk, token="x", filename="a.csv", mappings={})

    url = reverse("programme-highlight-task", args=[DEMO_SLUG, other.id])
    assert signed_in_client.get(url).status_code == 404


@pytest.mark.parametrize("suffix", ["", "file/"])
def test_an_unknown_task_is_not_found(signed_in_client, demo, suffix):
    url = reverse("programme-highlight-task", args=[DEMO_SLUG, uuid.uuid4()]) + suffix

    assert signed_in_client.get(url).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, demo):
    url = reverse("programme-highlight-task", args=[DEMO_SLUG, uuid.uuid4()])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


def test_the_task_renders_the_same_file_as_the_command_line(manager, demo, task_worker):
    queued = render_highlight_report.enqueue(
        user_id=manager.pk, programme_id=demo.pk, as_of="2008-03-31", compare=None, fmt="xlsx"
    )

    task_worker()

    queued.refresh()
    assert queued.return_value["filename"] == "highlight-intelligent-commissioning-2008-03-31.xlsx"
    assert queued.return_value["size"] > 1000


def test_asking_for_the_same_report_again_follows_the_one_being_made(signed_in_client, demo):
    first = queue(signed_in_client)
    again = queue(signed_in_client)

    assert again == first
    assert DBTaskResult.objects.count() == 1


def test_too_many_reports_at_once_are_refused_with_a_message(signed_in_client, demo):
    for day in range(1, 6):
        queue(signed_in_client, query=f"?as_of=2008-03-0{day}&format=pdf")

    response = signed_in_client.get(
        report_url(DEMO_SLUG, "?as_of=2008-03-31&format=pdf"), follow=True
    )

    assert response.redirect_chain[-1][0] == report_url(DEMO_SLUG, "")
    assert "You already have 5 reports or imports being made" in text_of(response)
    assert DBTaskResult.objects.count() == 5


def test_a_finished_report_can_be_asked_for_again(signed_in_client, demo, task_worker):
    first = queue(signed_in_client)
    task_worker()

    assert queue(signed_in_client) != first
