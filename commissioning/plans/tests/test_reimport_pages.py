"""The import preview after people edited the programme: changes, conflicts and choices."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commissioning.plans.services import import_document
from commissioning.programmes import services
from commissioning.programmes.models import Action, ImportRun

HEADER = "Ref,Action,Timescale,Responsibility,Progress – March 2008\n"
V1 = HEADER + (
    "A1,Agree the budget,April 2008,Finance Team,Discussions under way\n"
    "A2,Write the strategy,May 2008,Housing Team,\n"
)
LATER = V1.replace("April 2008", "September 2008").replace("May 2008,", "July 2008,")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_partnership")]


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.fixture
def edited(manager):
    """The plan imported, then A1's timescale changed by hand."""
    import_document(data=V1.encode(), filename="plan.csv", programme="Plan", user=manager)
    action = Action.objects.get(ref="A1")
    services.update_action(
        action=action,
        author=manager,
        title=action.title,
        ref="A1",
        timescale_text="June 2008",
        section="",
    )
    return action


def preview_url(client, text: str) -> str:
    document = SimpleUploadedFile("plan.csv", text.encode())
    response = client.post(reverse("import-upload"), {"document": document, "programme": "plan"})
    assert response.status_code == 302, response.content.decode()
    return response.url


def conflict_name(response) -> str:
    (conflict,) = response.context["merge"].conflicts
    return conflict.name


def test_the_preview_lists_changes_and_conflicts_and_writes_nothing(signed_in_client, edited):
    url = preview_url(signed_in_client, LATER)

    response = signed_in_client.get(url)

    content = response.content.decode()
    assert "Changes to what is already here" in content
    change = response.context["merge"].changes[0]
    assert (change.item, change.field, change.old, change.new) == (
        "A2 Write the strategy",
        "Timescale",
        "May 2008",
        "July 2008",
    )
    name = conflict_name(response)
    assert f'<input class="govuk-radios__input" id="id_{name}" name="{name}" type="radio"' in (
        content
    )
    assert "Keep ‘June 2008’, the value here" in content
    assert "Take ‘September 2008’ from the document" in content
    assert "Last imported: April 2008. Changed here to: June 2008." in content
    assert Action.objects.get(ref="A2").timescale_text == "May 2008"
    assert ImportRun.objects.count() == 1


def test_the_same_file_again_previews_no_change(signed_in_client, edited):
    response = signed_in_client.get(preview_url(signed_in_client, V1))

    assert "Nothing already in the programme changes." in response.content.decode()
    assert response.context["merge"].conflicts == []


def test_confirming_without_choosing_shows_the_error_and_imports_nothing(signed_in_client, edited):
    url = preview_url(signed_in_client, LATER)

    response = signed_in_client.post(url, {"action": "confirm"})

    content = response.content.decode()
    name = conflict_name(response)
    assert response.status_code == 200
    assert "There is a problem" in content
    assert (
        f'<a href="#id_{name}">Choose whether to keep the timescale of ‘A1 Agree the budget’ '
        "or take the document&#x27;s</a>" in content
    )
    assert "govuk-form-group--error" in content
    assert ImportRun.objects.count() == 1
    assert Action.objects.get(ref="A2").timescale_text == "May 2008"


@pytest.mark.parametrize(
    ("choice", "timescale", "reason"),
    [
        ("keep", "June 2008", "kept person's value: timescale"),
        ("document", "September 2008", "took document's value: timescale"),
    ],
)
def test_the_choice_is_applied_and_history_says_who_made_it(
    signed_in_client, edited, manager, choice, timescale, reason, task_worker
):
    url = preview_url(signed_in_client, LATER)
    name = conflict_name(signed_in_client.get(url))

    queued = signed_in_client.post(url, {"action": "confirm", name: choice})
    assert queued.status_code == 302
    assert task_worker() == 1
    response = signed_in_client.get(queued.url)

    assert response.status_code == 302
    action = Action.objects.get(ref="A1")
    assert action.timescale_text == timescale
    latest = action.history.first()
    assert (latest.history_change_reason, latest.history_user) == (reason, manager)
    assert Action.objects.get(ref="A2").timescale_text == "July 2008"
    run = ImportRun.objects.first()
    assert run.conflicts[0]["resolution"] == choice and run.conflicts[0]["chosen"]
    result = signed_in_client.get(response.url).content.decode()
    label = "kept the value here" if choice == "keep" else "took the document&#x27;s value"
    assert label in result
    outcome = "Kept the value here" if choice == "keep" else "Took the document&#x27;s value"
    assert f'<td class="govuk-table__cell">{outcome}</td>' in result


def test_the_history_page_shows_the_choice(signed_in_client, edited, task_worker):
    url = preview_url(signed_in_client, LATER)
    name = conflict_name(signed_in_client.get(url))
    signed_in_client.post(url, {"action": "confirm", name: "keep"})
    assert task_worker() == 1

    page = signed_in_client.get(reverse("action-history", args=[edited.pk]))

    assert "Kept person&#x27;s value: timescale" in page.content.decode()


def plan_of(count: int, timescale: str) -> str:
    rows = "".join(f"A{n},Action number {n},{timescale},Finance Team,\n" for n in range(count))
    return HEADER + rows


def queries_to_preview(client, count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_document(
        data=plan_of(count, "April 2008").encode(), filename="p.csv", programme=f"P{count}"
    )
    for action in Action.objects.filter(programme__name=f"P{count}"):
        action.timescale_text = "June 2008"  # everyone edited every action
        action.save()
    document = SimpleUploadedFile("p.csv", plan_of(count, "May 2008").encode())
    url = client.post(
        reverse("import-upload"), {"document": document, "programme": f"p{count}"}
    ).url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert len(response.context["merge"].conflicts) == count
    return len(captured)


def test_the_preview_takes_as_many_queries_for_40_conflicts_as_for_4(signed_in_client):
    from commissioning.programmes.tests.factories import ProgrammeFactory

    for count in (4, 40):
        ProgrammeFactory(name=f"P{count}", slug=f"p{count}")

    assert queries_to_preview(signed_in_client, 4) == queries_to_preview(signed_in_client, 40)
