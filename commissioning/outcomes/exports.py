"""The outcome library, needs analyses and gaps as tables for CSV and Excel downloads.

Every cell goes through ``commissioning.core.spreadsheets.neutralise`` (the one function
every export uses) so that a title such as ``=HYPERLINK(...)`` opens in a spreadsheet as
text, never as a formula.
"""

from __future__ import annotations

import csv
import io

from commissioning.core.spreadsheets import neutralise


def library_table(partnership) -> list[list[str]]:
    """The partnership's outcomes (not archived): header first."""
    from commissioning.outcomes.models import Outcome

    rows = [["Code", "Outcome", "Level", "Theme", "Status", "Description"]]
    outcomes = Outcome.objects.filter(partnership=partnership, archived_at__isnull=True).order_by(
        "theme", "code", "title"
    )
    for o in outcomes:
        rows.append([o.code, o.title, o.get_level_display(), o.theme, o.status, o.description])
    return rows


def needs_analyses_table(partnership) -> list[list[str]]:
    """The partnership's needs analyses, with the codes (else titles) of outcomes covered."""
    from commissioning.outcomes.models import NeedsAnalysis

    rows = [["Title", "Kind", "Author", "Period", "Population", "Findings", "Document", "Outcomes"]]
    analyses = (
        NeedsAnalysis.objects.filter(partnership=partnership, archived_at__isnull=True)
        .select_related("author_organisation")
        .prefetch_related("outcomes")
        .order_by("title")
    )
    for a in analyses:
        covered = "; ".join(o.code or o.title for o in a.outcomes.all())
        author = a.author_organisation.name if a.author_organisation else ""
        rows.append(
            [a.title, a.get_kind_display(), author, a.timescale_text, a.population, a.findings,
             a.document_url, covered]
        )  # fmt: skip
    return rows


def gaps_table(partnership) -> list[list[str]]:
    """The partnership's gaps with their outcome, severity, evidence and status."""
    from commissioning.outcomes.models import Gap

    rows = [["Outcome code", "Outcome", "Description", "Severity", "Needs analysis", "Status",
             "Status date"]]  # fmt: skip
    gaps = (
        Gap.objects.filter(partnership=partnership)
        .select_related("outcome", "needs_analysis")
        .order_by("outcome__code", "pk")
    )
    for g in gaps:
        rows.append(
            [g.outcome.code, g.outcome.title, g.description, g.get_severity_display(),
             g.needs_analysis.title if g.needs_analysis else "", g.get_status_display(),
             g.status_date.isoformat()]
        )  # fmt: skip
    return rows


TABLES = {"library": library_table, "needs-analyses": needs_analyses_table, "gaps": gaps_table}


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([[neutralise(cell) for cell in row] for row in rows])
    return out.getvalue()


def to_xlsx(rows: list[list[str]], title: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append([neutralise(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
