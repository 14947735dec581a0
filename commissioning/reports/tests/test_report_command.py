"""``commissioning report``: a programme's report as of a date, written as a file."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from icalendar import Calendar

from commissioning.programmes.services import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo().programme


def run(*args) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_json_to_the_screen_as_of_a_date_typed_as_people_write_it(demo):
    report = json.loads(run(demo.slug, "--as-of", "31 March 2008", "--format", "json"))

    assert report["as_of"] == "2008-03-31"
    assert report["counts"]["rag"]["Blue"] == 2
    assert report["changes"] is None


def test_the_programme_may_be_named(demo):
    output = run(demo.name.upper(), "--as-of", "March 2008", "--format", "json", "-o", "-")

    assert json.loads(output)["programme"] == demo.name


def test_compare_lists_the_changes(demo):
    report = json.loads(
        run(demo.slug, "--as-of", "2008-03-31", "--compare", "2008-01-31", "--format", "json")
    )

    assert report["changes"]["since"] == "2008-01-31"
    assert len(report["changes"]["completed"]) == 2


def test_a_word_report_is_written_to_a_file(demo, tmp_path):
    path = tmp_path / "board.docx"

    run(demo.slug, "--as-of", "2008-03-31", "--format", "docx", "-o", str(path))

    text = "\n".join(
        cell.text for table in Document(path).tables for row in table.rows for cell in row.cells
    )
    assert "Agree strategic leadership roles" in text


def test_the_calendar(demo, tmp_path):
    path = tmp_path / "programme.ics"

    run(demo.slug, "--format", "ics", "-o", str(path))

    calendar = Calendar.from_ical(path.read_bytes())
    assert any("T1" in str(event.get("summary")) for event in calendar.walk("VEVENT"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-programme"], "PROGRAMME: no programme named 'no-such-programme'"),
        (["intelligent-commissioning", "--as-of", "someday"], "--as-of: Enter a date"),
        (["intelligent-commissioning", "--compare", "soon"], "--compare: Enter a date"),
        (
            ["intelligent-commissioning", "--as-of", "2008-01-31", "--compare", "2008-03-31"],
            "--compare: enter a date before the reporting date",
        ),
        (["intelligent-commissioning", "--format", "pdf", "-o", "-"], "--output: pdf is not"),
    ],
)
def test_mistakes_name_the_argument_and_exit_with_status_2(demo, args, message):
    with pytest.raises(CommandError) as error:
        run(*args)

    assert str(error.value).startswith(message)
    assert error.value.returncode == 2
