"""The highlight report as PDF: WeasyPrint prints the HTML document."""

from commissioning.reports.renderers.html import STATIC, render_html
from commissioning.reports.report import Report


def render_pdf(report: Report) -> bytes:
    """The printable HTML document as an A4 PDF (the timeline stays vector SVG)."""
    from weasyprint import HTML

    return HTML(string=render_html(report), base_url=str(STATIC)).write_pdf()
