"""The highlight report as a file: HTML, PDF, Word, Excel or JSON, from a Report alone."""

from __future__ import annotations

import json
from dataclasses import dataclass

from commissioning.reports.presenters import report_filename
from commissioning.reports.report import Report

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class Rendered:
    """A rendered report: its bytes, their content type and a filename to save them as."""

    content: bytes
    content_type: str
    filename: str


def render(report: Report, fmt: str) -> Rendered:
    """The highlight report in ``fmt`` (html, pdf, docx, xlsx or json)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"Unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return Rendered(
        content=_content(report, fmt),
        content_type=CONTENT_TYPES[fmt],
        filename=report_filename(report, fmt),
    )


def _content(report: Report, fmt: str) -> bytes:
    # Each writer is imported when asked for: WeasyPrint in particular is slow to load.
    if fmt == "html":
        from commissioning.reports.renderers.html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "pdf":
        from commissioning.reports.renderers.pdf import render_pdf

        return render_pdf(report)
    if fmt == "docx":
        from commissioning.reports.renderers.docx import render_docx

        return render_docx(report)
    if fmt == "xlsx":
        from commissioning.reports.renderers.xlsx import render_xlsx

        return render_xlsx(report)
    return json.dumps(report.to_json(), indent=2).encode("utf-8")
