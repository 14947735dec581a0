"""CSV and Excel downloads of the outcome library, needs analyses and gaps."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from commissioning.outcomes import services


def _url(world, what, fmt):
    return reverse("outcomes-download", args=[world.a.partnership.slug, what, fmt])


@pytest.fixture
def hostile(world):
    return services.create_outcome(
        partnership=world.a.partnership,
        user=world.user,
        code="X9",
        title='=HYPERLINK("http://example.com","click")',
        level="contributory_factor",
    )


@pytest.mark.django_db
def test_the_library_csv_lists_outcomes_with_formulas_neutralised(world, hostile, sign_in):
    response = sign_in(world.user).get(_url(world, "library", "csv"))

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Code", "Outcome", "Level", "Theme", "Status", "Description"]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["H2"][1:3] == ["Fewer people smoke", "Intermediate outcome"]
    assert by_code["X9"][1] == '\'=HYPERLINK("http://example.com","click")'


@pytest.mark.django_db
@pytest.mark.parametrize("what", ["library", "needs-analyses", "gaps"])
def test_each_table_reopens_as_a_workbook(world, sign_in, what):
    response = sign_in(world.user).get(_url(world, what, "xlsx"))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) >= 2
    text = " ".join(str(c) for row in rows for c in row)
    expected = {"library": "Fewer people smoke", "needs-analyses": "Smoking JSNA",
                "gaps": "Severity"}[what]  # fmt: skip
    assert expected in text


@pytest.mark.django_db
def test_an_unknown_table_or_format_is_not_found(world, sign_in):
    client = sign_in(world.user)
    assert client.get(_url(world, "people", "csv")).status_code == 404
    assert client.get(_url(world, "gaps", "pdf")).status_code == 404


@pytest.mark.django_db
def test_a_chains_link_table_neutralises_formulas_and_control_characters(world, sign_in):
    hostile = services.create_outcome(
        partnership=world.a.partnership,
        user=world.user,
        code="X9",
        title='=HYPERLINK("http://example.com","click")\x0bsecond line',
        level="contributory_factor",
    )
    services.add_link(chain=world.chain, from_outcome=hostile, to_outcome=world.a, user=world.user)
    client = sign_in(world.user)
    url = reverse("outcomes-chain-download", args=[world.a.partnership.slug, world.chain.pk, "csv"])

    rows = list(csv.reader(io.StringIO(client.get(url).content.decode())))
    book = openpyxl.load_workbook(io.BytesIO(client.get(url.replace(".csv", ".xlsx")).content))

    title = '\'=HYPERLINK("http://example.com","click")\nsecond line'
    assert title in [row[1] for row in rows]
    assert title in [row[1] for row in book["Links"].iter_rows(values_only=True)]
