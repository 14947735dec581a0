"""The board pack's section "The total pot": the partners × themes matrix, a stacked-bar
figure of the same numbers and the prevention / treatment split, as the count stood at the
end of ``as_of`` (rebuilt from history), for the financial year that day falls in — or the
latest year counted by then, when that year has no lines yet."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from commissioning.domain import financial_years
from commissioning.domain.document import Figure, Heading, Paragraph, Section, Table
from commissioning.finance import charts
from commissioning.finance import pot as count
from commissioning.finance.models import Phase


def _pounds(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _year_and_phase(partnership, as_of: dt.date) -> tuple[str | None, str]:
    rows = count.grouped(partnership, by=("year", "phase"), as_of=as_of)
    years = sorted({row["year"] for row in rows})
    if not years:
        return None, Phase.BUDGET
    current = financial_years.containing(as_of)
    year = (
        current
        if current in years
        else max(y for y in years if y <= current)
        if any(y <= current for y in years)
        else years[0]
    )
    phases = [row["phase"] for row in rows if row["year"] == year]
    return year, count.best_phase(phases)


def section(partnership, as_of: dt.date) -> Section:
    result = Section(key="total-pot", title="The total pot", as_of=as_of)
    result.blocks.append(Heading("The total pot"))
    year, phase = _year_and_phase(partnership, as_of)
    if year is None:
        result.blocks.append(Paragraph(f"No spend was counted by {as_of:%-d %B %Y}."))
        return result
    matrix = count.matrix(partnership, year=year, phase=phase, as_of=as_of)
    phase_label = Phase(phase).label.lower()
    summary = f"{year} {phase_label}: £{_pounds(matrix.total):,} in all"
    if matrix.per_head is not None:
        summary += f", £{matrix.per_head:,} a head for {matrix.population:,} people"
    if matrix.change is not None:
        sign = "+" if matrix.change > 0 else ""
        summary += f"; {sign}£{_pounds(matrix.change):,} on {matrix.previous_year}"
    result.blocks.append(Paragraph(summary + f" (as counted on {as_of:%-d %B %Y})."))
    columns = ("Partner", *[c.label for c in matrix.columns], "Total", "Share %", "Change")
    rows = [
        (row.label, *[_pounds(cell) for cell in row.cells], _pounds(row.total), row.share,
         _pounds(row.change))
        for row in matrix.rows
    ]  # fmt: skip
    rows.append(
        ("Total", *[_pounds(c.total) for c in matrix.columns], _pounds(matrix.total),
         Decimal(100), _pounds(matrix.change))
    )  # fmt: skip
    result.blocks.append(
        Table(
            caption=f"Partners by theme, {year} {phase_label} (£)",
            columns=columns,
            rows=tuple(rows),
            numeric=frozenset(range(1, len(columns))),
        )
    )
    result.blocks.append(
        Figure(
            svg=charts.stacked_bars(matrix, title=f"Spend by partner and theme, {year}"),
            alt=f"Stacked bars of each partner's spend by theme in {year}; the figures are "
            "in the table 'Partners by theme'.",
        )
    )
    split_columns = (
        ("Theme", *[cell["label"] for cell in matrix.split[0]["cells"]], "Total")
        if matrix.split
        else ("Theme", "Total")
    )
    result.blocks.append(Heading("Prevention and treatment"))
    result.blocks.append(
        Table(
            caption=f"Kind of spend by theme, {year} {phase_label} (£)",
            columns=split_columns,
            rows=tuple(
                (
                    entry["label"],
                    *[_pounds(cell["amount"]) for cell in entry["cells"]],
                    _pounds(entry["total"]),
                )
                for entry in matrix.split
            ),  # fmt: skip
            numeric=frozenset(range(1, len(split_columns))),
        )
    )
    return result
