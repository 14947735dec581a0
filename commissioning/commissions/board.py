"""The board pack's "Commissioning" section: commissions by stage, the latest approved
prioritised list, and the pilots with their evaluations, as the partnership stood on a date."""

from __future__ import annotations

import datetime as dt

from commissioning.commissions import services
from commissioning.commissions.models import Commission, ScoringRound, Stage
from commissioning.domain.document import Heading, Paragraph, Section, Table


def section(partnership, as_of: dt.date) -> Section:
    end = dt.datetime.combine(as_of, dt.time.max, tzinfo=dt.UTC)
    commissions = list(
        Commission.objects.filter(partnership=partnership, created__lte=end).prefetch_related(
            "moves", "evaluations"
        )
    )

    def stage_on(commission):
        moves = [move for move in commission.moves.all() if move.moved_at <= end]
        return moves[-1].to_stage if moves else commission.stage

    blocks = [Heading("Commissioning")]
    counts = {value: 0 for value in Stage.values}
    for commission in commissions:
        counts[stage_on(commission)] += 1
    blocks.append(
        Table(
            caption=f"Commissions by cycle stage on {as_of:%-d %B %Y}",
            columns=("Stage", "Commissions"),
            rows=tuple((Stage(value).label, counts[value]) for value in Stage.values),
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
        titles = {c.pk: c.title for c in commissions}
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
    pilots = [c for c in commissions if c.is_pilot]
    rows = []
    for pilot in pilots:
        done = [e for e in pilot.evaluations.all() if e.evaluated_on <= as_of]
        latest = done[-1] if done else None
        rows.append(
            (
                pilot.title,
                Stage(stage_on(pilot)).label,
                latest.get_result_display() if latest else "Not yet evaluated",
            )
        )
    blocks.append(
        Table(
            caption="Pilot commissions",
            columns=("Pilot", "Stage", "Latest evaluation"),
            rows=tuple(rows),
        )
    )
    return Section(key="commissions", title="Commissioning", as_of=as_of, blocks=blocks)
