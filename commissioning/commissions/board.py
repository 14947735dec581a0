"""The board pack's "Commissioning" section: the commissioning dashboard (commissions by
stage, pilots and their evaluations, outcomes with no commission, money per outcome beside
its indicators' RAG) and the latest approved prioritised list, as the partnership stood on
a date."""

from __future__ import annotations

import datetime as dt

from commissioning.commissions import services
from commissioning.commissions.dashboard import dashboard
from commissioning.commissions.models import ScoringRound
from commissioning.domain.document import Heading, Paragraph, Section, Table


def section(partnership, as_of: dt.date) -> Section:
    board = dashboard(partnership, as_of=as_of)
    blocks = [Heading("Commissioning")]
    blocks.append(
        Table(
            caption=f"Commissions by cycle stage on {as_of:%-d %B %Y}",
            columns=("Stage", "Commissions"),
            rows=tuple((label, len(entries)) for label, entries in board.stages),
            numeric=frozenset({1}),
        )
    )
    approved = (
        ScoringRound.objects.filter(
            partnership=partnership,
            approved_meeting__isnull=False,
            approved_meeting__date__lte=as_of,
        )
        .select_related("criteria_set", "approved_meeting")
        .order_by("-approved_meeting__date", "-id")
        .first()
    )
    if approved is None:
        blocks.append(Paragraph("No prioritised list had been approved by this date."))
    else:
        titles = {entry.pk: entry.title for _, entries in board.stages for entry in entries}
        ranked = services.prioritised_list(approved)
        blocks.append(
            Table(
                caption=f"Prioritised list ({approved.name}, approved "
                f"{approved.approved_meeting.date:%-d %B %Y})",
                columns=("Rank", "Rank range", "Commission", "Weighted total"),
                rows=tuple(
                    (
                        item.rank,
                        item.rank_range,
                        titles.get(item.key, "(added later)"),
                        f"{item.total:.2f}",
                    )
                    for item in ranked
                ),
                numeric=frozenset({0, 3}),
            )
        )
    blocks.append(
        Table(
            caption="Pilot commissions",
            columns=("Pilot", "Stage", "Latest evaluation", "Lessons not yet acted on"),
            rows=tuple(
                (
                    pilot.commission.title,
                    pilot.commission.stage_label,
                    pilot.result,
                    pilot.open_lessons,
                )
                for pilot in board.pilots
            ),
            numeric=frozenset({3}),
        )
    )
    uncovered = board.uncovered
    blocks.append(
        Paragraph(
            "Every outcome of the library had a commission in the cycle."
            if not uncovered
            else f"{len(uncovered)} outcome{'s' if len(uncovered) != 1 else ''} had no "
            "commission in the cycle: "
            + "; ".join(f"{o.code} {o.title}".strip() for o in uncovered)
            + "."
        )
    )
    blocks.append(
        Table(
            caption="Money per outcome against its indicators' RAG",
            columns=("Outcome", "Commissions", "Money in the total pot", "Indicators' RAG"),
            rows=tuple(
                (
                    f"{entry.outcome.code} {entry.outcome.title}".strip(),
                    entry.commissions,
                    entry.money_text,
                    entry.rag_summary,
                )
                for entry in board.outcomes
            ),
            numeric=frozenset({1}),
        )
    )
    return Section(key="commissions", title="Commissioning", as_of=as_of, blocks=blocks)
