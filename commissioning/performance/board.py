"""The board pack's "Performance" section: the scorecard as of a date, each red indicator
with its curve and the summary of its turn-the-curve plan, and the business plans of the
financial year with their indicators (judged as the scorecard judges them) and actions."""

from __future__ import annotations

import datetime as dt

from commissioning.domain.document import Figure, Heading, Paragraph, Section, Table
from commissioning.performance import presenters as present
from commissioning.performance.chart import curve_svg
from commissioning.performance.models import TurnTheCurve


def section(partnership, as_of: dt.date) -> Section:
    rows = present.scorecard(partnership, as_of=as_of)
    result = Section("performance", "Performance", as_of)
    counts = {}
    for row in rows:
        counts[row.rag_label] = counts.get(row.rag_label, 0) + 1
    summary = ", ".join(f"{count} {label}" for label, count in sorted(counts.items()))
    result.blocks.append(
        Paragraph(
            f"{len(rows)} indicators as of {as_of:%d %B %Y}" + (f": {summary}." if rows else ".")
        )
    )
    result.blocks.append(
        Table(
            caption="Scorecard",
            columns=("Indicator", "Latest period", "Latest", "Target", "RAG", "Trend"),
            rows=tuple(
                (
                    str(row.indicator),
                    row.latest.period.text if row.latest else "",
                    row.latest.actual if row.latest else None,
                    row.target_shown or "Not set",
                    row.rag_label,
                    row.trend_label,
                )
                for row in rows
            ),
            numeric=frozenset({2}),
        )
    )
    red = [row for row in rows if row.rag_label == "Red"]
    plans = {
        plan.indicator_id: plan
        for plan in TurnTheCurve.objects.filter(indicator__in=[row.indicator for row in red])
    }
    for row in red:
        result.blocks.append(Heading(f"Red: {row.indicator}"))
        result.blocks.append(
            Figure(
                curve_svg(row.points, title=str(row.indicator),
                          comparator_name=row.indicator.comparator_name),
                alt=f"The curve of {row.indicator}: {row.rag.reason}; {row.trend_label.lower()}.",
            )
        )  # fmt: skip
        plan = plans.get(row.indicator.pk)
        result.blocks.append(
            Paragraph(
                f"Turning the curve: {plan.story}" if plan and plan.story
                else "No turn-the-curve plan yet."
            )
        )  # fmt: skip
    result.blocks.extend(_business_plans(partnership, as_of, rows))
    return result


def _business_plans(partnership, as_of: dt.date, rows) -> list:
    rag_by_indicator = {row.indicator.pk: row.rag_label for row in rows}
    year, plans = present.plans_of_the_year(partnership, as_of, rag_by_indicator)
    blocks: list = [Heading(f"Business plans {year}")]
    if not plans:
        blocks.append(Paragraph(f"No business plans for {year}."))
        return blocks
    blocks.append(
        Table(
            caption=f"Business plans {year}, as of {as_of:%d %B %Y}",
            columns=("Unit", "Kind", "Lead", "Indicators", "Actions"),
            rows=tuple(
                (
                    summary.plan.unit,
                    summary.plan.get_unit_kind_display(),
                    summary.plan.lead,
                    _count_text(summary.indicators, summary.rag_counts),
                    _count_text(summary.actions, summary.action_counts),
                )
                for summary in plans
            ),
        )
    )
    return blocks


def _count_text(total: int, counts: list[tuple[str, int]]) -> str:
    """``6: 2 Green, 1 Amber, 3 Red``; ``None`` when there are none."""
    if not total:
        return "None"
    return f"{total}: " + ", ".join(f"{count} {label}" for label, count in counts)
