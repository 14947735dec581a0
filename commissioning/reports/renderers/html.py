"""The highlight report as one printable HTML document, styles inline; also the PDF's source."""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from commissioning.reports.presenters import NO_RAG, RAG_STYLES, highlight_report
from commissioning.reports.report import Report
from commissioning.reports.timeline import timeline_svg

STATIC = Path(__file__).resolve().parent.parent / "static" / "reports"


def rag_rules() -> str:
    """The RAG colours as CSS, from the same table Word and Excel use."""
    return "\n".join(
        f".{style.css_class} {{ background-color: {style.fill}; color: {style.text}; }}"
        for style in [*RAG_STYLES.values(), NO_RAG]
    )


def stylesheet() -> str:
    """The report's styles, inlined so the saved file prints the same anywhere."""
    document = (STATIC / "highlight-document.css").read_text(encoding="utf-8")
    return f"{document}\n{rag_rules()}"


def render_html(report: Report) -> str:
    """A full standalone document for printing on A4."""
    return render_to_string(
        "reports/highlight_document.html",
        {
            "highlight": highlight_report(report),
            "timeline": mark_safe(timeline_svg(report)),  # noqa: S308 - built escaped
            "styles": mark_safe(stylesheet()),  # noqa: S308 - our own file
        },
    )
