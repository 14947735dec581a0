"""Importing spend on the web: upload, preview, confirm all or nothing; hostile and
malformed files refused with a message; contributors only their own organisation's lines."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from commissioning.finance.models import SpendLine
from commissioning.plans.tests import hostile

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(partnership):
    base = f"/finance/{partnership.home.slug}/"
    return type("Urls", (), {"upload": base + "import/", "lines": base + "lines/"})


@pytest.fixture
def ret(samples_dir) -> bytes:
    return (samples_dir / "figures" / "partner-return.csv").read_bytes()


def send(client, urls, name, data, **more):
    return client.post(urls.upload, {"document": SimpleUploadedFile(name, data), **more})


def test_a_contributor_previews_then_confirms_their_return(client, people, partnership, urls, ret):
    client.force_login(people.contributor)
    assert urls.upload in client.get(urls.lines).content.decode()

    sent = send(client, urls, "nhs-return.csv", ret, organisation=partnership.nhs.pk)

    assert sent.status_code == 302
    preview = client.get(sent["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert (
        "would store 4 spend lines of NHS Brighton and Hove for 2008/09, 2009/10, 2010/11" in html
    )
    assert "Youth offending" in html and "line 4" in html
    assert not SpendLine.objects.exists()

    done = client.post(
        sent["Location"],
        {"action": "confirm", "fingerprint": preview.context["preview"].fingerprint},
    )

    assert done.status_code == 302 and done["Location"] == urls.lines
    lines = SpendLine.objects.filter(partnership=partnership.home, organisation=partnership.nhs)
    assert sorted(line.amount for line in lines) == [300000, 310000, 1200000, 1250000]
    assert all(line.source == "Imported from nhs-return.csv by nhs-contributor" for line in lines)
    assert client.get(sent["Location"]).status_code == 404  # used up


def test_a_contributor_may_not_import_another_partners_lines(
    client, people, partnership, urls, ret
):
    client.force_login(people.contributor)
    # The council is not the contributor's to choose.
    refused = send(client, urls, "return.csv", ret, organisation=partnership.council.pk)
    assert (
        refused.status_code == 400 and "Choose a partner from the list" in refused.content.decode()
    )
    named = (
        b"Partner,Service,Year,Amount,Phase\n"
        b"Brighton & Hove City Council,Parks,2009/10,100,Budget\n"
    )
    sent = send(client, urls, "council.csv", named)

    preview = client.get(sent["Location"])

    assert preview.status_code == 400
    assert preview.context["preview"].problems == [
        "council.csv, line 2 (line 2): you may import only your own organisation's lines, "
        "not Brighton & Hove City Council's"
    ]
    assert 'value="confirm"' not in preview.content.decode()
    client.post(sent["Location"], {"action": "confirm", "fingerprint": "x"})
    assert not SpendLine.objects.exists()


def test_a_changed_pot_is_not_confirmed_from_an_old_preview(client, people, partnership, urls, ret):
    client.force_login(people.manager)
    sent = send(client, urls, "return.csv", ret, organisation=partnership.nhs.pk)
    old = client.get(sent["Location"]).context["preview"].fingerprint

    stale = client.post(sent["Location"], {"action": "confirm", "fingerprint": old + "x"})

    assert (
        stale.status_code == 400 and "changed since you saw the preview" in stale.content.decode()
    )
    assert not SpendLine.objects.exists()
    cancelled = client.post(sent["Location"], {"action": "cancel"})
    assert cancelled.status_code == 302 and not SpendLine.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "virus.exe"),
        ("broken.xlsx", b"PK\x03\x04 this is not a whole zip", "broken.xlsx"),
        ("broken.pdf", b"%PDF-1.4 nothing after", "broken.pdf"),
        ("plan.csv", b"Action,Timescale\nAgree the budget,April 2008\n", "no spend table found"),
        ("merged.xlsx", hostile.whole_sheet_merged_xlsx(), "merged cells cover more than"),
    ],
)
def test_a_malformed_or_hostile_file_is_refused_with_a_message(
    client, people, urls, name, data, message
):
    client.force_login(people.manager)

    refused = send(client, urls, name, data)

    assert refused.status_code == 400
    assert "govuk-error-summary" in refused.content.decode() and message in refused.content.decode()


def test_a_file_over_the_size_limit_is_refused_unread(client, people, urls, settings, ret):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "UPLOAD_BYTES": 100}
    client.force_login(people.manager)

    refused = send(client, urls, "return.csv", ret)

    assert refused.status_code == 400
    assert "files to import must be 100 bytes or smaller" in refused.content.decode()


def test_who_may_import_and_whose_upload_it_is(client, people, partnership, urls, ret):
    client.force_login(people.manager)
    sent = send(client, urls, "return.csv", ret, organisation=partnership.nhs.pk)
    client.force_login(people.contributor)
    assert client.get(sent["Location"]).status_code == 404  # not their upload
    client.force_login(people.viewer)
    assert client.get(urls.upload).status_code == 403
    assert client.post(sent["Location"], {"action": "confirm"}).status_code == 403
    client.force_login(people.outsider)
    assert client.get(urls.upload).status_code == 404
    assert not SpendLine.objects.exists()


@pytest.mark.parametrize("rows", [2, 30])
def test_the_preview_costs_the_same_queries_whatever_the_size(
    client, people, partnership, urls, django_assert_max_num_queries, rows
):
    client.force_login(people.manager)
    body = "".join(
        f"NHS Brighton and Hove,Service {n},2009/10,{n + 1},Budget\n" for n in range(rows)
    )
    sent = send(client, urls, "count.csv", ("Partner,Service,Year,Amount,Phase\n" + body).encode())

    with django_assert_max_num_queries(12):
        page = client.get(sent["Location"])

    assert page.status_code == 200 and page.context["preview"].result.lines == rows
