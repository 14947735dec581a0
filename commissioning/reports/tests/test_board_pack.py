"""The board pack: every app's section as of a date, in four formats, each opened again."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pdfplumber
import pytest

from commissioning.domain.document import Figure, Heading, Paragraph, Section, Table
from commissioning.partnership.models import PartnershipRole
from commissioning.programmes.services import load_demo
from commissioning.programmes.tests.factories import PartnershipFactory
from commissioning.reports.pack import BOARD_SECTIONS, board_pack
from commissioning.reports.renderers import sections as render

pytestmark = pytest.mark.django_db

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>t</title></svg>'


@pytest.fixture
def demo():
    return load_demo().programme.partnership


def handmade():
    return [
        Section(
            "first",
            "First section",
            dt.date(2010, 3, 31),
            [
                Heading("First section"),
                Paragraph("=SUM(A1) is only text"),
                Table("Figures", ("Name", "Amount"), (("North", 1234), ("South", None)),
                      numeric=frozenset({1})),
                Figure(SVG, "A chart of the figures"),
            ],
        )
    ]  # fmt: skip


def test_every_format_holds_the_same_figures():
    demo = PartnershipFactory(name="Hovewell Partnership")
    as_of = dt.date(2010, 3, 31)
    sections = handmade()

    html = render.render_html(demo, sections, as_of)
    assert html.count("First section") == 1  # a first heading repeating the title is dropped
    assert "1,234" in html and "<svg" in html

    word = docx.Document(io.BytesIO(render.render_docx(demo, sections, as_of)))
    table = word.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["North", "1,234"]
    assert any("Figure: A chart of the figures" in p.text for p in word.paragraphs)

    book = openpyxl.load_workbook(io.BytesIO(render.render_xlsx(demo, sections, as_of)))
    sheet = book["First section"]
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert ("North", 1234) in [tuple(v[:2]) for v in values]
    assert ("'=SUM(A1) is only text",) in [tuple(v[:1]) for v in values]

    with pdfplumber.open(io.BytesIO(render.render_pdf(demo, sections, as_of))) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "First section" in text and "1,234" in text


def test_the_demo_pack_has_every_apps_section(demo):
    sections = board_pack(demo, dt.date.today())

    assert [s.title for s in sections] == [
        "Outcomes and alignment",
        "Performance",
        "The total pot",
        "Commissioning",
    ]
    assert len(sections) == len(BOARD_SECTIONS)
    outcomes = sections[0]
    assert outcomes.tables()[0].caption == "Outcomes by theme and level"
    assert sections[1].tables()[0].rows, "the demo's scorecard has indicators"


def test_a_date_before_anything_was_recorded_shows_empty_sections(demo):
    sections = board_pack(demo, dt.date(2000, 1, 1))

    assert "No outcomes were recorded by 1 January 2000." in [
        block.text for block in sections[0].blocks if isinstance(block, Paragraph)
    ]
    assert sections[1].tables()[0].rows == ()


def test_the_page_and_downloads_for_a_member_and_nobody_else(client, demo, django_user_model):
    viewer = django_user_model.objects.create_user("board-member")
    PartnershipRole.objects.create(user=viewer, partnership=demo, role="viewer")
    stranger = django_user_model.objects.create_user("stranger")
    url = f"/partnerships/{demo.slug}/board-pack/"

    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(viewer)
    page = client.get(url)
    assert page.status_code == 200 and "Outcomes and alignment" in page.content.decode()
    word = client.get(url + "download.docx")
    assert word["Content-Disposition"].startswith('attachment; filename="')
    assert docx.Document(io.BytesIO(word.content)).paragraphs[0].text.endswith("board pack")
    assert client.get(url + "download.txt").status_code == 404
    bad = client.get(url + "?as_of=31/03/2010")
    assert bad.status_code == 400 and "Enter the date" in bad.content.decode()


def test_a_control_character_pasted_into_a_name_does_not_stop_the_word_or_excel_pack():
    demo = PartnershipFactory(name="Hovewell\x0bPartnership")
    sections = [
        Section(
            "first",
            "First section",
            dt.date(2010, 3, 31),
            [
                Paragraph("Outcomes with no commission: L1 People\x0blearn\x07."),
                Table("Outcomes", ("Outcome", "Commissions"), (("H1 Live\x0blonger", 0),)),
            ],
        )
    ]

    word = docx.Document(io.BytesIO(render.render_docx(demo, sections, dt.date(2010, 3, 31))))
    book = openpyxl.load_workbook(
        io.BytesIO(render.render_xlsx(demo, sections, dt.date(2010, 3, 31)))
    )

    assert word.tables[0].rows[1].cells[0].text == "H1 Live\nlonger"
    assert any("People\nlearn." in p.text for p in word.paragraphs)
    cells = [c for row in book["First section"].iter_rows(values_only=True) for c in row]
    assert "H1 Live\nlonger" in cells
