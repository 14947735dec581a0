"""Exporting and importing bodies, posts, agreements and contributions (CSV and Excel)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from commissioning.partnership import exchange, governance
from commissioning.partnership.models import Agreement, Body, Contribution, Partnership, Post
from commissioning.partnership.tests.governance_factories import BodyFactory, PostFactory
from commissioning.programmes.tests import factories
from commissioning.programmes.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def home(db):
    """The partnership every file here is imported into."""
    return factories.PartnershipFactory(name="Home", slug="home")


def first():
    return Partnership.objects.order_by("pk").first()


def OrganisationFactory(**fields):  # noqa: N802 - stands in for the factory
    """An organisation that is a partner of the partnership."""
    organisation = factories.OrganisationFactory(**fields)
    first().partners.add(organisation)
    return organisation


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def xlsx_file(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_bodies_are_imported_with_their_parents_whatever_the_row_order():
    OrganisationFactory(name="Brighton & Hove City Council", short_name="BHCC")
    content = csv_file(
        "name,kind,unit_type,organisation,parent,description",
        "Delivery units,unit,delivery,BHCC,Strategic Leadership Board,",
        "Strategic Leadership Board,Board,strategic_leadership,BHCC,,Runs the council",
    )

    result = exchange.import_file(
        partnership=first(), what="bodies", name="bodies.csv", content=content
    )

    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    assert Body.objects.get(name="Delivery units").parent.name == "Strategic Leadership Board"


def test_a_bad_row_names_its_row_and_column_and_nothing_is_written():
    BodyFactory(name="Strategic Leadership Board")
    content = csv_file(
        "body,title,remit,holder,filled_on",
        "Strategic Leadership Board,Strategic Director,People,,",
        "Strategic Leadership Board,Strategic Director,Place,Nobody Known,1 June 2010",
        "No Such Board,Commissioner,Housing,,",
        "Strategic Leadership Board,,Resources,,31/02/2010",
    )

    result = exchange.import_file(
        partnership=first(), what="posts", name="posts.csv", content=content
    )

    assert result.errors == [
        "Row 3 holder: No person called “Nobody Known” in the directory",
        "Row 4 body: No body called “No Such Board”: import bodies first",
        "Row 5 title: Enter the title of the post",
        "Row 5 filled_on: Enter a date, like 30/03/2010 or 30 March 2010",
        "Row 5 holder: Enter who holds the post, or leave filled_on empty",
    ]
    assert not Post.objects.exists()


def test_imported_posts_are_filled_through_the_tenure_history():
    body = BodyFactory(name="Delivery units")
    PersonFactory(name="Helen Price", organisation=body.organisation)
    content = xlsx_file(
        [
            ["body", "title", "remit", "holder", "filled_on"],
            [
                "Delivery units",
                "Head of Delivery Unit",
                "Adult social care",
                "Helen Price",
                date(2010, 11, 15),
            ],
            ["Delivery units", "Head of Delivery Unit", "Housing", None, None],
        ]
    )

    result = exchange.import_file(
        partnership=first(), what="posts", name="posts.xlsx", content=content
    )

    assert result.ok, result.errors
    filled = Post.objects.get(body=body, remit="Adult social care")
    assert filled.holder.name == "Helen Price"
    assert list(filled.tenures.values_list("start", flat=True)) == [date(2010, 11, 15)]
    assert Post.objects.get(body=body, remit="Housing").holder is None


def test_contributions_with_a_bad_financial_year_or_amount_are_refused():
    council = OrganisationFactory(name="Council")
    agreement = governance.save_agreement(
        partnership=first(),
        title="Section 75",
        kind="section_75_pooled_budget",
        status="draft",
        parties=[council],
    )
    content = csv_file(
        "agreement,organisation,financial_year,amount",
        'Section 75,Council,2010/11,"£4,250,000"',
        "Section 75,Council,April 2010,100",
        "Section 75,Council,2011/12,lots",
    )

    result = exchange.import_file(
        partnership=first(), what="contributions", name="c.csv", content=content
    )

    assert result.errors == [
        "Row 3 financial_year: Enter a financial year, like 2010/11",
        "Row 4 amount: Enter the amount in pounds, like 250000",
    ]
    assert not agreement.contributions.exists()


def test_an_export_imports_back_unchanged():
    council = OrganisationFactory(name="Council")
    nhs = OrganisationFactory(name="NHS")
    board = BodyFactory(name="Board", organisation=council)
    BodyFactory(name="Unit", parent=board, kind="unit", unit_type="support", organisation=None)
    post = PostFactory(body=board, title="Chief Executive", remit="All")
    governance.fill_post(post=post, person=PersonFactory(name="Alex Morgan"), on=date(2009, 9, 1))
    agreement = governance.save_agreement(
        partnership=first(),
        title="S75",
        kind="section_75_pooled_budget",
        status="signed",
        parties=[council, nhs],
        host=council,
        start=date(2010, 4, 1),
    )
    governance.set_contribution(
        agreement=agreement, organisation=nhs, financial_year="2010/11", amount=Decimal("12.50")
    )

    for what in ["bodies", "posts", "agreements", "contributions"]:
        before = exchange.export_rows(what)
        for name, content in [
            (f"{what}.csv", exchange.export_csv(what)),
            (f"{what}.xlsx", exchange.export_xlsx(what)),
        ]:
            result = exchange.import_file(
                partnership=first(), what=what, name=name, content=content
            )
            assert result.ok, (what, result.errors)
            assert result.created == 0
            assert exchange.export_rows(what) == before
    assert post.tenures.count() == 1


def test_a_file_without_the_columns_says_which_are_missing():
    result = exchange.import_file(
        partnership=first(), what="agreements", name="a.csv", content=csv_file("title,kind")
    )

    assert result.errors == [
        "The file must have the columns title, kind, status, host, parties, start, end; "
        "it lacks status, host, parties, start, end"
    ]


def test_export_links_download_csv_and_excel(signed_in_client):
    BodyFactory(name="Cabinet", kind="cabinet")

    csv_response = signed_in_client.get(reverse("governance-export", args=["bodies", "csv"]))
    xlsx_response = signed_in_client.get(reverse("governance-export", args=["bodies", "xlsx"]))

    assert b"Cabinet,cabinet" in csv_response.content
    assert 'filename="partnership-bodies.csv"' in csv_response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in sheet[2]][:2] == ["Cabinet", "cabinet"]
    assert signed_in_client.get("/partnership/export/people.csv").status_code == 404


def test_import_page_lists_every_problem_and_writes_nothing(signed_in_client):
    upload = SimpleUploadedFile(
        "agreements.csv",
        csv_file(
            "title,kind,status,host,parties,start,end",
            "S75,section_75_pooled_budget,draft,,Unknown Trust,,",
        ),
    )

    response = signed_in_client.post(
        reverse("governance-import"),
        {"partnership": first().pk, "what": "agreements", "file": upload},
    )

    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "Row 2 parties: No organisation called “Unknown Trust”" in page
    assert not Agreement.objects.exists()


def test_import_page_imports_a_good_file(signed_in_client):
    OrganisationFactory(name="Council")
    agreement = governance.save_agreement(
        partnership=first(),
        title="S75",
        kind="section_75_pooled_budget",
        status="draft",
        parties=[],
    )
    upload = SimpleUploadedFile(
        "contributions.csv",
        csv_file("agreement,organisation,financial_year,amount", "S75,Council,2010-11,100"),
    )

    response = signed_in_client.post(
        reverse("governance-import"),
        {"partnership": first().pk, "what": "contributions", "file": upload},
    )

    assert response.status_code == 302
    assert Contribution.objects.get(agreement=agreement).financial_year == "2010/11"


def test_an_import_reads_names_in_its_own_partnership_only(home):
    ours = OrganisationFactory(name="Our Council")
    away = factories.PartnershipFactory(name="Away", slug="away")
    theirs = factories.OrganisationFactory(name="Their Council")
    away.partners.add(theirs)
    BodyFactory(name="Their Board", organisation=theirs, partnership=away)
    content = csv_file(
        "name,kind,unit_type,organisation,parent,description",
        "Our Board,board,,Our Council,Their Board,",
        "Our Unit,unit,support,Their Council,,",
    )

    result = exchange.import_file(partnership=home, what="bodies", name="b.csv", content=content)

    assert result.errors == [
        "Row 2 parent: No body called “Their Board”",
        "Row 3 organisation: No organisation called “Their Council” in Home: "
        "add it to the partnership first",
    ]
    assert not Body.objects.filter(partnership=home).exists()
    assert ours in home.organisations()
