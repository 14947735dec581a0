"""Importing an indicator table on the web: upload, preview, confirm all or nothing; hostile
and malformed files refused with a message; managers only."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.partnership.models import PartnershipRole, Person
from commissioning.performance import services
from commissioning.performance.models import Indicator, IndicatorValue
from commissioning.plans.tests import hostile
from commissioning.programmes.tests.factories import OrganisationFactory, PartnershipFactory
from commissioning.reading import read_plan

pytestmark = pytest.mark.django_db

UPLOAD = "/performance/hovewell/import/"


@pytest.fixture
def partnership():
    lead = OrganisationFactory(name="Hovewell Council")
    return PartnershipFactory(name="Hovewell Partnership", slug="hovewell", lead_organisation=lead)


def _user(django_user_model, username, partnership, role=None):
    user = django_user_model.objects.create_user(username)
    Person.objects.create(name=username.title(), organisation=partnership.lead_organisation,
                          user=user)  # fmt: skip
    if role:
        PartnershipRole.objects.create(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def manager(django_user_model, partnership, client):
    user = _user(django_user_model, "pat", partnership, "manager")
    client.force_login(user)
    return user


@pytest.fixture
def wide(samples_dir) -> bytes:
    return (samples_dir / "figures" / "council-plan-wide.csv").read_bytes()


def upload(client, name: str, data: bytes):
    return client.post(UPLOAD, {"document": SimpleUploadedFile(name, data)})


def as_xlsx(csv_bytes: bytes) -> bytes:
    import csv

    book = openpyxl.Workbook()
    for row in csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))):
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["council-plan-wide.csv", "council-plan-wide.xlsx"])
def test_a_manager_previews_then_confirms_a_wide_table(client, manager, wide, name):
    data = wide if name.endswith(".csv") else as_xlsx(wide)
    assert UPLOAD in client.get("/performance/hovewell/").content.decode()

    sent = upload(client, name, data)

    assert sent.status_code == 302
    preview = client.get(sent["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "would add 3 new indicators" in html and "NI 39" in html and "TBC (not set)" in html
    assert Indicator.objects.count() == 0  # nothing stored before confirming

    done = client.post(
        sent["Location"],
        {"action": "confirm", "fingerprint": preview.context["preview"].fingerprint},
    )

    assert done.status_code == 302 and done["Location"] == "/performance/hovewell/"
    assert Indicator.objects.filter(partnership__slug="hovewell").count() == 3
    assert (
        IndicatorValue.objects.get(indicator__code="NI 39", period="2010/11").target_text == "TBC"
    )
    assert IndicatorValue.objects.filter(entered_by=manager).exists()
    # The upload is used up: the same address now sends the person back to upload again.
    assert client.get(sent["Location"]).status_code == 404


def test_the_web_import_stores_what_the_command_would(client, manager, samples_dir, partnership):
    path = samples_dir / "figures" / "phof-long.csv"
    sent = upload(client, "phof-long.csv", path.read_bytes())
    preview = client.get(sent["Location"]).context["preview"]
    client.post(sent["Location"], {"action": "confirm", "fingerprint": preview.fingerprint})
    web = sorted(
        IndicatorValue.objects.values_list("indicator__title", "period", "actual", "lower")
    )
    Indicator.objects.all().delete()

    from django.core.management import call_command

    call_command("import_indicators", str(path), "--partnership", "hovewell", stdout=io.StringIO())

    cli = sorted(
        IndicatorValue.objects.values_list("indicator__title", "period", "actual", "lower")
    )
    assert web == cli and len(web) > 2


def test_a_newer_file_lists_the_values_it_changes_and_a_changed_preview_is_not_confirmed(
    client, manager, partnership, wide
):
    sent = upload(client, "plan.csv", wide)
    first = client.get(sent["Location"]).context["preview"].fingerprint
    # Meanwhile someone imports the same table by other means, with one figure different.
    services.store_indicators(
        partnership=partnership,
        indicators=read_plan(wide.replace(b"1702", b"1700"), "plan.csv").indicators,
    )

    stale = client.post(sent["Location"], {"action": "confirm", "fingerprint": first})

    assert stale.status_code == 400
    html = stale.content.decode()
    assert "changed since you saw the preview" in html
    assert "2009/10 actual: 1700 → 1702" in html
    assert IndicatorValue.objects.get(indicator__code="NI 39", period="2009/10").actual == 1700
    again = client.post(
        sent["Location"],
        {"action": "confirm", "fingerprint": stale.context["preview"].fingerprint},
    )
    assert again.status_code == 302
    assert IndicatorValue.objects.get(indicator__code="NI 39", period="2009/10").actual == 1702


def test_problems_name_their_line_and_nothing_can_be_confirmed(client, manager):
    data = b"Ref,Indicator,Outcome,2008/09,2009/10\nNI 8,Sport,Nowhere,1,2\nNI 9,Other,,3,4\n"
    sent = upload(client, "outcomes.csv", data)

    preview = client.get(sent["Location"])
    refused = client.post(sent["Location"], {"action": "confirm", "fingerprint": "x"})

    assert preview.status_code == refused.status_code == 400
    html = preview.content.decode()
    assert "cannot be imported as it is" in html
    assert preview.context["preview"].problems == [
        "outcomes.csv, line 2: outcome 'Nowhere' is not in the partnership's outcome library"
    ]
    assert 'value="confirm"' not in html
    assert Indicator.objects.count() == 0 and IndicatorValue.objects.count() == 0


def test_cancel_discards_the_upload(client, manager, wide):
    sent = upload(client, "plan.csv", wide)

    cancelled = client.post(sent["Location"], {"action": "cancel"})

    assert cancelled.status_code == 302 and Indicator.objects.count() == 0
    assert client.get(sent["Location"]).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "virus.exe"),
        ("broken.xlsx", b"PK\x03\x04 this is not a whole zip", "broken.xlsx"),
        ("broken.docx", b"not a zip at all", "broken.docx"),
        ("broken.pdf", b"%PDF-1.4 nothing after", "broken.pdf"),
        ("empty.csv", b"", "empty.csv"),
        (
            "plan.csv",
            b"Action,Timescale\nAgree the budget,April 2008\n",
            "no indicator table found",
        ),
        ("merged.xlsx", hostile.whole_sheet_merged_xlsx(), "merged cells cover more than"),
        (
            "twice.csv",
            b"Ref,Indicator,2008/09,2009/10\nNI 8,Sport,1,2\nNI 8,Sport,3,\n",
            "period &#x27;2008/09&#x27; twice, at line 2 and at line 3",
        ),
    ],
)
def test_a_malformed_or_hostile_file_is_refused_with_a_message(
    client, manager, name, data, message
):
    refused = upload(client, name, data)

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert Indicator.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused_unread(client, manager, settings, wide):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "UPLOAD_BYTES": 100}

    refused = upload(client, "plan.csv", wide)

    assert refused.status_code == 400
    assert "files to import must be 100 bytes or smaller" in refused.content.decode()


def test_only_managers_import_and_a_token_is_bound_to_its_user_and_partnership(
    client, manager, partnership, django_user_model, wide
):
    sent = upload(client, "plan.csv", wide)
    other = PartnershipFactory(slug="elsewhere")
    PartnershipRole.objects.create(user=manager, partnership=other, role="manager")
    token = sent["Location"].rstrip("/").rsplit("/", 1)[1]
    # The same token under another partnership the manager also manages: not there.
    assert client.get(f"/performance/elsewhere/import/{token}/").status_code == 404
    colleague = _user(django_user_model, "kim", partnership, "manager")
    client.force_login(colleague)
    assert client.get(sent["Location"]).status_code == 404  # not their upload

    viewer = _user(django_user_model, "vic", partnership, "viewer")
    client.force_login(viewer)
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, "plan.csv", wide).status_code == 403
    assert client.post(sent["Location"], {"action": "confirm"}).status_code == 403
    stranger = django_user_model.objects.create_user("sam")
    client.force_login(stranger)
    assert client.get(UPLOAD).status_code == 404
    assert Indicator.objects.count() == 0


@pytest.mark.parametrize("copies", [1, 8])
def test_the_preview_costs_the_same_queries_whatever_the_size(
    client, manager, partnership, wide, django_assert_max_num_queries, copies
):
    rows = wide.decode().splitlines()
    extra = [f"LOCAL {n},Local indicator {n},1,2,3,4,Team" for n in range(copies * 5)]
    data = "\n".join([*rows, *extra]).encode()
    services.store_indicators(
        partnership=partnership,
        indicators=read_plan(data, "plan.csv").indicators,
    )
    sent = upload(client, "plan.csv", data)

    with django_assert_max_num_queries(11):
        page = client.get(sent["Location"])

    assert page.status_code == 200 and len(page.context["preview"].indicators) == 3 + copies * 5
