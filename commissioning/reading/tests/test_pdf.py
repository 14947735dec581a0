"""PDF plans: ruled tables, laid-out text, and files that are not PDFs at all."""

import pytest

from commissioning.domain.plan import PlanError
from commissioning.reading import read_plan

weasyprint = pytest.importorskip("weasyprint")

RULED = """<html><body><h1>Estates action plan</h1>
<style>td, th { border: 1px solid black; padding: 4px }</style>
<table style="border-collapse: collapse">
<tr><th>Action</th><th>Target date</th><th>Lead officer</th><th>RAG</th></tr>
<tr><td>Build the new depot</td><td>March 2019</td><td>Head of Estates</td><td>Amber</td></tr>
<tr><td>Close the old depot</td><td>June 2019</td><td>Head of Estates</td><td>Green</td></tr>
</table></body></html>"""

LAID_OUT = """<html><body style="font-family: monospace; font-size: 9pt"><pre>
Estates action plan

Action                   Due             Lead
Build the new depot      March 2019      Head of Estates
Close the old depot      June 2019       Head of Estates
Sell the old depot site  December 2019   Chief Executive
</pre></body></html>"""


def pdf(html: str) -> bytes:
    return weasyprint.HTML(string=html).write_pdf()


def test_a_ruled_table_in_a_pdf_is_read():
    plan = read_plan(pdf(RULED), "plan.pdf")
    assert [a.title for a in plan.actions] == ["Build the new depot", "Close the old depot"]
    assert plan.actions[0].timescale.text == "March 2019"
    assert [o.name for o in plan.actions[0].owners] == ["Head of Estates"]
    assert [a.rag for a in plan.actions] == ["Amber", "Green"]
    assert plan.tables[0].location.startswith("page 1, table 1")


def test_a_pdf_without_ruling_lines_is_read_from_word_positions():
    plan = read_plan(pdf(LAID_OUT), "plan.pdf")
    assert [a.title for a in plan.actions] == [
        "Build the new depot",
        "Close the old depot",
        "Sell the old depot site",
    ]
    assert plan.actions[2].timescale.end.isoformat() == "2019-12-31"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n garbage that is no PDF", b"%PDF-1.7\n" + bytes(range(256)) * 4],
)
def test_a_broken_pdf_is_a_clear_error(data):
    with pytest.raises(PlanError, match=r"^plan\.pdf: "):
        read_plan(data, "plan.pdf")
