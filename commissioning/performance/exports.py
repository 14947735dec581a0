"""The scorecard as CSV or Excel, formulas neutralised so a cell is never run as one."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from commissioning.core.spreadsheets import neutralise_row

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
HEADER = [
    "Code", "Indicator", "Theme", "Unit", "Polarity", "Latest period", "Latest actual",
    "Previous period", "Previous actual", "Target", "Variance", "RAG", "Trend",
    "Trend periods", "Change from baseline", "Compared with comparator",
]  # fmt: skip


def _row(row) -> list:
    indicator = row.indicator
    return [
        indicator.code,
        indicator.title,
        indicator.theme,
        indicator.unit,
        indicator.get_polarity_display(),
        row.latest.period.text if row.latest else "",
        row.latest.actual if row.latest else None,
        row.previous.period.text if row.previous else "",
        row.previous.actual if row.previous else None,
        row.target_shown,
        row.variance,
        row.rag_label,
        row.trend_label,
        row.trend.points,
        row.change.difference,
        str(row.comparison.comparison).replace("_", " "),
    ]


def scorecard(rows, fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(neutralise_row(["" if v is None else v for v in _row(row)]))
        return buffer.getvalue().encode("utf-8-sig"), FORMATS["csv"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Scorecard")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(neutralise_row([float(v) if hasattr(v, "as_tuple") else v for v in _row(row)]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), FORMATS["xlsx"]
