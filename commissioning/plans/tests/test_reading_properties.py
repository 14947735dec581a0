"""Whatever table a person brings, the importer returns a plan or a PlanError, nothing else.

Random tables (headers from the importer's vocabulary and junk, empty and merged cells,
ragged rows, preambles of notes and numbered paragraphs) are written as CSV, text, .xlsx and
.docx, then read. A refused import leaves the database as it was.
"""

from __future__ import annotations

import csv
import io

import pytest
from docx import Document as WordDocument
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from commissioning.domain.plan import Plan, PlanError
from commissioning.plans.services import import_document
from commissioning.plans.tests.test_import_command import snapshot
from commissioning.reading import read_plan
from commissioning.reading.recognisers.headers import EXACT, PREFIXES

HEADERS = (
    sorted(EXACT)
    + [prefix for prefix, _ in PREFIXES]
    + [
        "Progress to Date – March 2008",
        "Update Dec 2017",
        "RAG",
        "Lead Director",
    ]
)
VALUES = [
    "April 2008",
    "01 June 2010",
    "End November 2010",
    "2008-09",
    "Q3 2010/11",
    "Spring 2011",
    "Ongoing",
    "TBC",
    "tba",
    "Sue Smith",
    "Housing Team, NHS Trust",
    "Sue Smith / John Bennett",
    "Red",
    "Amber/Green",
    "A/R",
    "complete",
    "in progress",
    "1.2",
    "SO1",
    "£7.3bn",
    "1. Publication of policies and procedures",
    "SECTION HEADING",
    "<ul><li>one<ul><li>two</li></ul></li><li>three</li></ul>",
    "<ol><li>only</li>",
    "<li>stray</li></ul>",
    '=HYPERLINK("x")',
]
JUNK = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)
CELL = st.one_of(
    st.just(""),
    st.sampled_from(HEADERS),
    st.sampled_from(VALUES),
    JUNK,
)
PREAMBLE_LINE = st.one_of(
    st.sampled_from(
        [
            "Commissioning action plan",
            "Notes:",
            "1. This plan is reviewed monthly.",
            "2. Owners update their rows before the board.",
            "Updated 30 May 2007",
            "As at 16.03.12",
        ]
    ),
    JUNK,
)


@st.composite
def tables(draw) -> dict:
    """A random table: preamble lines, a header row, ragged rows and merged ranges."""
    width = draw(st.integers(min_value=1, max_value=6))
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), CELL), min_size=1, max_size=width))
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=width + 1), min_size=0, max_size=8))
    preamble = draw(st.lists(PREAMBLE_LINE, max_size=4))
    height = len(rows) + 1
    merges = draw(
        st.lists(
            st.tuples(
                st.integers(0, height - 1),
                st.integers(0, width - 1),
                st.integers(1, 3),
                st.integers(1, 3),
            ),
            max_size=3,
        )
    )
    return {"preamble": preamble, "rows": [header, *rows], "merges": merges, "width": width}


def as_csv(table: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in table["preamble"]:
        writer.writerow([line])
    writer.writerows(table["rows"])
    return out.getvalue().encode("utf-8")


def as_text(table: dict) -> bytes:
    lines = [*table["preamble"], ""] + ["\t".join(row) for row in table["rows"]]
    return "\n".join(lines).encode("utf-8")


def as_xlsx(table: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for line in table["preamble"]:
        sheet.append([_xlsx_text(line)])
    offset = len(table["preamble"])
    for row in table["rows"]:
        sheet.append([_xlsx_text(value) for value in row])
    taken: set[tuple[int, int]] = set()
    for top, left, down, across in table["merges"]:
        cells = {(offset + top + 1 + r, left + 1 + c) for r in range(down) for c in range(across)}
        if len(cells) > 1 and not cells & taken:  # Excel refuses overlapping merges
            taken |= cells
            sheet.merge_cells(
                start_row=offset + top + 1,
                start_column=left + 1,
                end_row=offset + top + down,
                end_column=left + across,
            )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_text(value: str) -> str:
    # Cells cannot hold XML control characters; openpyxl refuses them, as Excel would.
    return "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)


def as_docx(table: dict) -> bytes:
    word = WordDocument()
    for line in table["preamble"]:
        word.add_paragraph(_xlsx_text(line))
    rows, width = table["rows"], max(len(row) for row in table["rows"])
    grid = word.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            grid.cell(r, c).text = _xlsx_text(value)
    for top, left, down, across in table["merges"]:
        bottom, right = min(top + down - 1, len(rows) - 1), min(left + across - 1, width - 1)
        if (bottom, right) != (top, left) and left < width:
            try:
                grid.cell(top, left).merge(grid.cell(bottom, right))
            except Exception:  # python-docx refuses some merges across earlier ones
                continue
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


WRITERS = {"plan.csv": as_csv, "plan.txt": as_text, "plan.xlsx": as_xlsx, "plan.docx": as_docx}
EXAMPLES = {"plan.csv": 60, "plan.txt": 60, "plan.xlsx": 25, "plan.docx": 20}


def read_or_refuse(data: bytes, name: str) -> Plan | PlanError:
    """The plan read, or the PlanError raised; anything else propagates and fails the test."""
    try:
        return read_plan(data, name)
    except PlanError as error:
        return error


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_any_table_reads_as_a_plan_or_a_plan_error(name):
    @settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(table=tables())
    def check(table):
        outcome = read_or_refuse(WRITERS[name](table), name)
        assert isinstance(outcome, Plan | PlanError)
        if isinstance(outcome, PlanError):
            assert str(outcome).startswith(name)

    check()


@pytest.mark.django_db
def test_a_refused_import_leaves_the_database_as_it_was():
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(table=tables(), name=st.sampled_from(["plan.csv", "plan.txt", "plan.xlsx"]))
    def check(table, name):
        before = snapshot()
        try:
            import_document(data=WRITERS[name](table), filename=name, programme="Random")
        except PlanError as error:
            assert str(error).startswith(name)
            assert snapshot() == before

    check()
