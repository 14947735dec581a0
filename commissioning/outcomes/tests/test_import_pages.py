"""Importing an outcomes framework on the web: upload, preview, confirm all or nothing; hostile
and malformed files refused with a message; the partnership's managers only."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from commissioning.outcomes import services
from commissioning.outcomes.models import ChainLink, Outcome, OutcomeChain
from commissioning.partnership.models import PartnershipRole, Person
from commissioning.plans.tests import hostile
from commissioning.programmes.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

LIBRARY = "/outcomes/brighton-and-hove/"
UPLOAD = LIBRARY + "import/"

FRAMEWORK = (
    b"Theme,Outcome,Sub-outcome,Code,Level\n"
    b"Healthy lives,Residents live well,,R1,Population result\n"
    b",,Fewer people drink too much,R1.1,\n"
    b",,More people walk,R1.2,Contributory factor\n"
    b"Safer,People feel safe,,S1,Population result\n"
    b",,Fewer burglaries,S1.1,\n"
)


@pytest.fixture
def manager(client, outcomes_manager):
    client.force_login(outcomes_manager)
    return outcomes_manager


def _user(django_user_model, username, partnership, role=None):
    user = django_user_model.objects.create_user(username)
    Person.objects.create(name=username.title(), organisation=partnership.council, user=user)
    if role:
        PartnershipRole.objects.create(user=user, partnership=partnership.home, role=role)
    return user


def upload(client, name: str, data: bytes):
    return client.post(UPLOAD, {"document": SimpleUploadedFile(name, data)})


def as_xlsx(csv_bytes: bytes) -> bytes:
    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stored(partnership):
    outcomes = Outcome.objects.filter(partnership=partnership.home)
    links = ChainLink.objects.filter(chain__partnership=partnership.home)
    return (
        sorted(outcomes.values_list("code", "title", "level", "theme")),
        sorted(links.values_list("chain__title", "from_outcome__code", "to_outcome__code")),
    )


@pytest.mark.parametrize("name", ["framework.csv", "framework.xlsx"])
def test_a_manager_previews_then_confirms_a_framework(client, manager, partnership, name):
    data = FRAMEWORK if name.endswith(".csv") else as_xlsx(FRAMEWORK)
    assert UPLOAD in client.get(LIBRARY).content.decode()  # "Import a framework"

    sent = upload(client, name, data)

    assert sent.status_code == 302
    preview = client.get(sent["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "would add 5 new outcomes and 3 new links" in html
    assert "Line 3: R1.1 Fewer people drink too much so that R1 Residents live well" in html
    assert "Contributory factor" in html and "Intermediate outcome" in html
    assert 'value="confirm"' in html
    assert Outcome.objects.filter(partnership=partnership.home).count() == 0  # nothing yet

    done = client.post(
        sent["Location"],
        {"action": "confirm", "fingerprint": preview.context["preview"].fingerprint},
    )

    assert done.status_code == 302 and done["Location"] == LIBRARY
    outcomes, links = stored(partnership)
    assert [code for code, *_ in outcomes] == ["R1", "R1.1", "R1.2", "S1", "S1.1"]
    assert ("R1.2", "More people walk", "contributory_factor", "Healthy lives") in outcomes
    assert links == [
        (f"Imported from {name}", "R1.1", "R1"),
        (f"Imported from {name}", "R1.2", "R1"),
        (f"Imported from {name}", "S1.1", "S1"),
    ]
    assert Outcome.history.filter(history_user=manager).count() == 5
    # The upload is used up: the same address now says so.
    assert client.get(sent["Location"]).status_code == 404


def test_importing_the_same_file_again_lists_what_is_already_here_and_adds_only_the_new(
    client, manager, partnership
):
    first = upload(client, "framework.csv", FRAMEWORK)
    fingerprint = client.get(first["Location"]).context["preview"].fingerprint
    client.post(first["Location"], {"action": "confirm", "fingerprint": fingerprint})
    newer = FRAMEWORK + b",,Fewer fires,S1.2,\n"

    sent = upload(client, "framework.csv", newer)
    page = client.get(sent["Location"])

    preview = page.context["preview"]
    assert [row.code for row in preview.added] == ["S1.2"]
    assert len(preview.present) == 5 and len(preview.present_links) == 3
    assert "(in the library)" in page.content.decode()
    client.post(sent["Location"], {"action": "confirm", "fingerprint": preview.fingerprint})
    outcomes, links = stored(partnership)
    assert len(outcomes) == 6 and len(links) == 4
    assert OutcomeChain.objects.filter(partnership=partnership.home).count() == 1


def test_the_web_import_stores_what_the_command_would(client, manager, partnership, tmp_path):
    sent = upload(client, "framework.csv", FRAMEWORK)
    fingerprint = client.get(sent["Location"]).context["preview"].fingerprint
    client.post(sent["Location"], {"action": "confirm", "fingerprint": fingerprint})
    web = stored(partnership)
    ChainLink.objects.all().delete()
    OutcomeChain.objects.all().delete()
    Outcome.objects.all().delete()
    path = tmp_path / "framework.csv"
    path.write_bytes(FRAMEWORK)

    out = io.StringIO()
    call_command("import_outcomes", str(path), "--partnership", "brighton-and-hove", stdout=out)

    assert "Imported 5 outcomes and 3 links." in out.getvalue()
    assert stored(partnership) == web and len(web[0]) == 5


def test_a_preview_made_before_the_library_changed_is_refused_and_shown_again(
    client, manager, partnership
):
    sent = upload(client, "framework.csv", FRAMEWORK)
    first = client.get(sent["Location"]).context["preview"].fingerprint
    # Meanwhile a colleague adds one of the file's outcomes by hand.
    services.create_outcome(
        partnership=partnership.home,
        user=manager,
        code="S1",
        title="People feel safe",
        level="population_result",
    )

    stale = client.post(sent["Location"], {"action": "confirm", "fingerprint": first})

    assert stale.status_code == 400
    html = stale.content.decode()
    assert "outcomes changed since you saw the preview" in html
    assert "would add 4 new outcomes" in html and "Line 5: S1 People feel safe" in html
    assert Outcome.objects.filter(partnership=partnership.home).count() == 1
    again = client.post(
        sent["Location"],
        {"action": "confirm", "fingerprint": stale.context["preview"].fingerprint},
    )
    assert again.status_code == 302
    assert Outcome.objects.filter(partnership=partnership.home).count() == 5


def test_problems_name_their_line_and_nothing_can_be_confirmed(client, manager, partnership):
    services.create_outcome(
        partnership=partnership.home,
        user=manager,
        code="Z1",
        title="Other",
        level="population_result",
    )
    data = (
        b"Code,Outcome,Contributes to\nZ1,One,\nZ2,Two,NOPE\nZ3,Three,Z4\nZ4,Four,Z3\nZ5,Five,Z1\n"
    )
    sent = upload(client, "library.csv", data)

    preview = client.get(sent["Location"])
    refused = client.post(sent["Location"], {"action": "confirm", "fingerprint": "x"})

    assert preview.status_code == refused.status_code == 400
    html = preview.content.decode()
    assert "cannot be imported as it is" in html
    assert preview.context["preview"].problems == [
        "library.csv, line 2: the library already has an outcome with the code Z1 ('Other')",
        "library.csv, line 3: contributes to 'NOPE', which is neither in the file nor the library",
        "library.csv, line 5: this link would close a loop: Z4 Four → Z3 Three → Z4 Four. "
        "A chain cannot lead back to where it starts",
    ]
    assert 'value="confirm"' not in html
    assert Outcome.objects.filter(partnership=partnership.home).count() == 1
    assert not OutcomeChain.objects.exists()


def test_cancel_discards_the_upload(client, manager, partnership):
    sent = upload(client, "framework.csv", FRAMEWORK)

    cancelled = client.post(sent["Location"], {"action": "cancel"})

    assert cancelled.status_code == 302 and cancelled["Location"] == LIBRARY
    assert not Outcome.objects.filter(partnership=partnership.home).exists()
    assert client.get(sent["Location"]).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "virus.exe"),
        ("broken.xlsx", b"PK\x03\x04 this is not a whole zip", "broken.xlsx"),
        ("broken.docx", b"not a zip at all", "broken.docx"),
        ("empty.csv", b"", "empty.csv"),
        (
            "plan.csv",
            b"Action,Timescale\nAgree the budget,April 2008\n",
            "no outcomes framework found",
        ),
        ("merged.xlsx", hostile.whole_sheet_merged_xlsx(), "merged cells cover more than"),
    ],
)
def test_a_malformed_or_hostile_file_is_refused_with_a_message(
    client, manager, partnership, name, data, message
):
    refused = upload(client, name, data)

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not Outcome.objects.filter(partnership=partnership.home).exists()


def test_a_file_over_the_size_limit_is_refused_unread(client, manager, settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "UPLOAD_BYTES": 100}

    refused = upload(client, "framework.csv", FRAMEWORK)

    assert refused.status_code == 400
    assert "files to import must be 100 bytes or smaller" in refused.content.decode()


def test_only_managers_import_and_a_token_is_bound_to_its_user_and_partnership(
    client, manager, partnership, django_user_model
):
    assert client.get(UPLOAD).status_code == 200
    sent = upload(client, "framework.csv", FRAMEWORK)
    other = PartnershipFactory(slug="elsewhere")
    PartnershipRole.objects.create(user=manager, partnership=other, role="manager")
    token = sent["Location"].rstrip("/").rsplit("/", 1)[1]
    # The same token under another partnership the manager also manages: not there.
    assert client.get(f"/outcomes/elsewhere/import/{token}/").status_code == 404
    colleague = _user(django_user_model, "kim", partnership, "manager")
    client.force_login(colleague)
    assert client.get(sent["Location"]).status_code == 404  # not their upload

    viewer = _user(django_user_model, "vic", partnership, "viewer")
    client.force_login(viewer)
    assert client.get(UPLOAD).status_code == 403
    assert UPLOAD not in client.get(LIBRARY).content.decode()
    assert upload(client, "framework.csv", FRAMEWORK).status_code == 403
    assert client.post(sent["Location"], {"action": "confirm"}).status_code == 403
    stranger = django_user_model.objects.create_user("sam")
    client.force_login(stranger)
    assert client.get(UPLOAD).status_code == 404
    assert client.get(sent["Location"]).status_code == 404
    assert not Outcome.objects.filter(partnership=partnership.home).exists()


@pytest.mark.parametrize("copies", [1, 8])
def test_the_preview_costs_the_same_queries_whatever_the_size(
    client, manager, partnership, django_assert_max_num_queries, copies
):
    extra = [f"L{n},Local outcome {n},R1" for n in range(copies * 10)]
    already = [f"K{n},Kept outcome {n},R1" for n in range(copies * 10)]
    data = "\n".join(["Code,Outcome,Contributes to", "R1,Residents live well,", *extra, *already])
    for n in range(copies * 10):  # the library already has some of the file's outcomes
        services.create_outcome(
            partnership=partnership.home,
            user=manager,
            code=f"K{n}",
            title=f"Kept outcome {n}",
            level="intermediate_outcome",
        )
    sent = upload(client, "framework.csv", data.encode())

    with django_assert_max_num_queries(7):
        page = client.get(sent["Location"])

    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview.created == 1 + copies * 10 and len(preview.present) == copies * 10
    assert preview.links == copies * 20


def test_the_upload_names_the_chain_the_links_go_in(client, manager, partnership):
    sent = client.post(
        UPLOAD,
        {
            "document": SimpleUploadedFile("framework.csv", FRAMEWORK),
            "chain": "  Council   outcomes chain ",
        },
    )
    assert sent.status_code == 302
    preview = client.get(sent["Location"])
    html = preview.content.decode()
    assert "to the chain “Council outcomes chain” (a new chain)" in html
    assert 'name="chain" value="Council outcomes chain"' in html
    done = client.post(
        sent["Location"],
        {
            "action": "confirm",
            "chain": "Council outcomes chain",
            "fingerprint": preview.context["preview"].fingerprint,
        },
    )
    assert done.status_code == 302
    _, links = stored(partnership)
    assert {title for title, *_ in links} == {"Council outcomes chain"}


def test_a_chain_title_too_long_is_refused_on_the_form(client, manager):
    sent = client.post(
        UPLOAD, {"document": SimpleUploadedFile("framework.csv", FRAMEWORK), "chain": "x" * 301}
    )
    assert sent.status_code == 400
    assert "title must be 300 characters or fewer" in sent.content.decode()
    assert not Outcome.objects.exists()
