"""Importing needs analyses and gaps: the product's own tables import back unchanged, people's
tables are read by their headers, every problem is named by line and cell and refuses the
whole file, a stale preview is refused, and only the partnership's managers import."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.outcomes import exports, needs_imports, services
from commissioning.outcomes.imports import ImportRefused, ImportStale
from commissioning.outcomes.models import Gap, GapStatusMove, NeedsAnalysis
from commissioning.plans.tests import hostile
from commissioning.reading.readers import Document, Row, Table, make_cell
from commissioning.reading.recognisers.needs import read_gaps, read_needs_analyses

pytestmark = pytest.mark.django_db

SLUG = "brighton-and-hove"


def _csv(rows: list[list[str]]) -> bytes:
    return exports.to_csv(rows).encode()


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(partnership, table, data, filename="table.csv", **more):
    return needs_imports.import_needs(
        partnership=partnership.home, user=None, table=table, data=data, filename=filename, **more
    )


# --- Reading: headers as people write them ------------------------------------------------------


def _document(*rows: list[str]) -> Document:
    table_rows = [
        Row(
            cells=[
                make_cell(text, line=n, location=f"row {n}, column {c + 1}")
                for c, text in enumerate(row)
            ],
            line=n,
            location=f"row {n}",
        )
        for n, row in enumerate(rows, start=1)
    ]
    return Document(source="t.csv", blocks=[Table(rows=table_rows, line=1, location="table 1")])


def test_a_gaps_table_is_found_below_notes_by_its_header_words_and_repeats_are_skipped():
    document = _document(
        ["Key gaps identified, March 2010", ""],
        ["", ""],
        ["Priority", "Gap identified", "Outcome", "Evidence"],
        ["High", "No service east of the city", "H2", "Smoking JSNA"],
        ["Priority", "Gap identified", "Outcome", "Evidence"],
        ["", "", "", ""],
        ["low", "Long waits", "People live longer", ""],
    )

    rows = read_gaps(document)

    assert [(r.text("severity"), r.text("description"), r.line) for r in rows] == [
        ("High", "No service east of the city", 4),
        ("low", "Long waits", 7),
    ]
    assert rows[0].place("outcome") == "row 4, column 3"
    assert read_needs_analyses(_document(["Nothing", "here"])) is None


# --- The product's own tables import back -------------------------------------------------------


def test_the_exported_tables_import_back_unchanged_then_a_changed_cell_updates(partnership, world):
    analyses = exports.needs_analyses_table(partnership.home)
    gaps = exports.gaps_table(partnership.home)

    for table, rows in ((needs_imports.NEEDS_ANALYSES, analyses), (needs_imports.GAPS, gaps)):
        result = _import(partnership, table, _csv(rows))
        assert (len(result.added), len(result.updated), len(result.unchanged)) == (0, 0, 1)

    gaps[1][3] = "Low"  # severity
    gaps[1][5] = "Being addressed"
    gaps[1][6] = "2030-01-31"
    gaps.append(["H3", "", "Few clinics open late", "Medium", "Smoking JSNA", "Closed", ""])
    result = _import(partnership, needs_imports.GAPS, _xlsx(gaps), "gaps.xlsx")

    assert [item.changes for item in result.updated] == [["severity", "status to being addressed"]]
    assert len(result.added) == 1
    world.gap.refresh_from_db()
    assert (world.gap.severity, world.gap.status) == ("low", "being_addressed")
    assert str(world.gap.status_date) == "2030-01-31"
    new = Gap.objects.get(description="Few clinics open late")
    assert (new.status, new.needs_analysis) == ("closed", world.analysis)
    # Its history: identified, then closed, each a dated move.
    assert list(new.moves.values_list("status", flat=True)) == ["identified", "closed"]


def test_a_needs_analyses_table_adds_and_updates_with_authors_periods_and_outcomes(
    partnership, world
):
    data = _xlsx(
        [
            ["Needs analyses kept by the partnership"],
            ["Needs analysis", "Type", "Produced by", "Period covered", "Outcomes covered",
             "Link"],
            ["Smoking JSNA", "JSNA chapter", "NHS Brighton and Hove", "2010/11", "H2; H1", ""],
            ["Residents' survey", "Survey", "", "2009", "People feel safe",
             "https://example.org/survey"],
        ]
    )  # fmt: skip

    result = _import(partnership, needs_imports.NEEDS_ANALYSES, data, "needs.xlsx")

    assert [item.label for item in result.added] == ["Residents' survey"]
    assert result.updated[0].changes == ["period", "author", "outcomes covered"]
    world.analysis.refresh_from_db()
    assert world.analysis.author_organisation == partnership.nhs
    assert world.analysis.timescale_text == "2010/11"
    assert {o.code for o in world.analysis.outcomes.all()} == {"H1", "H2"}
    survey = NeedsAnalysis.objects.get(title="Residents' survey")
    assert (survey.kind, survey.document_url) == ("survey", "https://example.org/survey")
    assert [o.code for o in survey.outcomes.all()] == ["S1"]
    assert survey.history.count() >= 1


# --- All or nothing, every problem named --------------------------------------------------------


def test_every_problem_names_its_line_and_cell_and_nothing_is_written(partnership, world):
    data = _csv(
        [
            ["Outcome code", "Outcome", "Description", "Severity", "Needs analysis", "Status",
             "Status date"],
            ["H2", "", "Fine row", "High", "", "", ""],
            ["Z9", "", "Unknown outcome", "High", "", "", ""],
            ["H2", "", "Bad severity", "Urgent", "", "", ""],
            ["H2", "", "Bad analysis", "Low", "No such JSNA", "", ""],
            ["H2", "", "Bad date", "Low", "", "Closed", "31 Febtember"],
            ["H2", "", "Fine row", "Low", "", "", ""],
        ]
    )  # fmt: skip
    before = (Gap.objects.count(), GapStatusMove.objects.count())

    with pytest.raises(ImportRefused) as refused:
        _import(partnership, needs_imports.GAPS, data, "gaps.csv")

    problems = refused.value.problems
    assert problems[0] == "gaps.csv, line 3, column 1: no outcome 'Z9' in the partnership's library"
    assert problems[1].startswith("gaps.csv, line 4, column 4: 'Urgent' is not one of High")
    assert "line 5, column 5: no needs analysis 'No such JSNA'" in problems[2]
    assert problems[3].startswith("gaps.csv, line 6, column 7: '31 Febtember'")
    assert problems[4] == "gaps.csv: 'Fine row' is given more than once (lines 2, 7)"
    assert (Gap.objects.count(), GapStatusMove.objects.count()) == before


def test_a_web_address_author_and_outcome_that_are_not_the_partnerships_are_refused(
    partnership, world
):
    data = _csv(
        [
            ["Title", "Kind", "Author", "Document", "Outcomes"],
            ["A", "Survey", "Surrey County Council", "", ""],
            ["B", "Survey", "", "javascript:alert(1)", ""],
            ["C", "Survey", "", "", "X1"],  # the outside partnership's outcome
            ["D", "", "", "", ""],
            ["E" * 301, "Survey", "", "", ""],
        ]
    )

    with pytest.raises(ImportRefused) as refused:
        _import(partnership, needs_imports.NEEDS_ANALYSES, data)

    assert [problem.split(": ", 1)[1] for problem in refused.value.problems] == [
        "'Surrey County Council' is not an organisation of the partnership",
        "'javascript:alert(1)' is not a web address (https://…)",
        "no outcome 'X1' in the partnership's library",
        "say the kind: JSNA chapter, Survey or Deep dive",
        "301 characters long; at most 300 fit",
    ]
    assert not NeedsAnalysis.objects.filter(title__in=["A", "B", "C", "D"]).exists()


def test_a_confirmation_of_a_preview_made_before_the_gaps_changed_is_refused(partnership, world):
    data = _csv([["Outcome", "Gap", "Severity"], ["H2", "East", "Low"]])
    preview = needs_imports.preview_needs(
        partnership=partnership.home, table=needs_imports.GAPS, data=data, filename="g.csv"
    )
    services.edit_gap(gap=world.gap, user=None, severity="low")

    with pytest.raises(ImportStale):
        _import(partnership, needs_imports.GAPS, data, fingerprint=preview.fingerprint)


def test_a_file_with_no_such_table_says_what_it_expected(partnership, world):
    with pytest.raises(needs_imports.PlanError, match="expected a gaps table"):
        _import(partnership, needs_imports.GAPS, b"Name,Age\nAnn,3\n")


# --- Pages and command --------------------------------------------------------------------------


def test_a_manager_uploads_previews_and_confirms_on_the_web(client, outcomes_manager, world):
    client.force_login(outcomes_manager)
    upload = f"/outcomes/{SLUG}/tables/gaps/import/"
    page = client.get(upload)
    assert page.status_code == 200 and b"Import gaps" in page.content
    data = _csv([["Outcome", "Gap", "Severity", "Status"], ["H1", "West", "Medium", "Identified"]])

    sent = client.post(upload, {"document": SimpleUploadedFile("gaps.csv", data)})
    assert sent.status_code == 302
    preview = client.get(sent["Location"])
    assert preview.status_code == 200 and b"Added" in preview.content
    assert not Gap.objects.filter(description="West").exists()

    done = client.post(
        sent["Location"],
        {"action": "confirm", "fingerprint": preview.context["preview"].fingerprint},
    )
    assert done.status_code == 302 and done["Location"] == f"/outcomes/{SLUG}/gaps/"
    assert Gap.objects.filter(description="West", severity="medium").exists()


def test_a_refused_file_is_shown_on_the_upload_form_with_its_reason(
    client, outcomes_manager, world
):
    client.force_login(outcomes_manager)
    page = client.post(
        f"/outcomes/{SLUG}/tables/needs-analyses/import/",
        {"document": SimpleUploadedFile("needs.xlsx", b"not really a workbook")},
    )
    assert page.status_code == 400
    assert b"needs.xlsx" in page.content


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("merged.xlsx", hostile.whole_sheet_merged_xlsx(), "merged cells cover more than"),
        ("bomb.docx", hostile.zip_bomb_docx(), "bomb.docx"),
        ("deep.txt", hostile.nested_lists_text(), "deep.txt"),
    ],
)
def test_a_hostile_file_is_refused_on_the_upload_form_and_nothing_is_kept(
    client, outcomes_manager, world, name, data, message, settings
):
    client.force_login(outcomes_manager)
    uploads = Path(settings.VAR_DIR) / "uploads"
    kept = set(uploads.glob("*.json")) if uploads.exists() else set()
    page = client.post(
        f"/outcomes/{SLUG}/tables/gaps/import/", {"document": SimpleUploadedFile(name, data)}
    )
    assert page.status_code == 400
    assert "govuk-error-summary" in page.content.decode()
    assert message in page.content.decode()
    assert (set(uploads.glob("*.json")) if uploads.exists() else set()) == kept


def test_only_the_partnerships_managers_import(client, sign_in, viewer, outsider, world):
    upload = f"/outcomes/{SLUG}/tables/gaps/import/"
    assert sign_in(viewer).get(upload).status_code == 403
    assert sign_in(outsider).get(upload).status_code == 404
    assert client.get(f"/outcomes/{SLUG}/tables/nothing/import/").status_code in {302, 404}


def test_the_command_imports_checks_and_applies_the_access_rules(
    partnership, world, tmp_path, capsys, viewer
):
    path = tmp_path / "gaps.csv"
    path.write_bytes(_csv([["Outcome", "Gap", "Severity"], ["H1", "North", "High"]]))
    arguments = [str(path), "--partnership", SLUG, "--table", "gaps"]

    call_command("import_needs", *arguments, "--dry-run")
    assert "Would import gaps: 1 added, 0 updated, 0 unchanged." in capsys.readouterr().out
    assert not Gap.objects.filter(description="North").exists()

    with pytest.raises(CommandError) as refused:
        call_command("import_needs", *arguments, "--user", viewer.username)
    assert refused.value.returncode == 3

    call_command("import_needs", *arguments)
    assert Gap.objects.filter(description="North").exists()
