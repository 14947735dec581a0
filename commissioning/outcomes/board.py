"""The board pack's section "Outcomes and alignment": the library by theme and level, the
chains and how far each is agreed, the needs analyses and the open gaps by severity, as the
partnership's outcomes stood at the end of ``as_of`` (rebuilt from history)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from commissioning.domain.document import Paragraph, Section, Table
from commissioning.outcomes.models import (
    Gap,
    GapStatus,
    Level,
    NeedsAnalysis,
    Outcome,
    OutcomeChain,
    Severity,
)

SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


def _as_of(model, partnership, moment):
    """The rows of ``model`` in the partnership as they stood at ``moment``, not archived."""
    rows = model.history.as_of(moment).filter(partnership_id=partnership.pk)
    return [row for row in rows if getattr(row, "archived_at", None) is None]


def section(partnership, as_of: dt.date) -> Section:
    moment = timezone.make_aware(dt.datetime.combine(as_of, dt.time.max))
    result = Section("outcomes", "Outcomes and alignment", as_of)
    outcomes = _as_of(Outcome, partnership, moment)
    if not outcomes:
        result.blocks.append(Paragraph(f"No outcomes were recorded by {as_of:%-d %B %Y}."))
        return result
    agreed = sum(1 for outcome in outcomes if outcome.status == "agreed")
    themes = sorted({outcome.theme or "No theme" for outcome in outcomes})
    result.blocks.append(
        Paragraph(
            f"{len(outcomes)} outcomes in {len(themes)} themes, {agreed} of them agreed, "
            f"as of {as_of:%-d %B %Y}."
        )
    )
    levels = [value for value, _ in Level.choices]
    by_theme = Counter((outcome.theme or "No theme", outcome.level) for outcome in outcomes)
    agreed_by_theme = Counter(o.theme or "No theme" for o in outcomes if o.status == "agreed")
    result.blocks.append(
        Table(
            caption="Outcomes by theme and level",
            columns=("Theme", *[label for _, label in Level.choices], "Agreed"),
            rows=tuple(
                (theme, *[by_theme[(theme, level)] for level in levels], agreed_by_theme[theme])
                for theme in themes
            ),
            numeric=frozenset(range(1, len(levels) + 2)),
        )
    )
    chains = _as_of(OutcomeChain, partnership, moment)
    owners = {org.pk: org.name for org in partnership.organisations()}
    result.blocks.append(
        Table(
            caption="Outcome chains",
            columns=("Chain", "Owner", "Status"),
            rows=tuple(
                (
                    chain.title,
                    owners.get(chain.owner_organisation_id, "The whole partnership"),
                    chain.get_status_display(),
                )
                for chain in sorted(chains, key=lambda chain: chain.title)
            ),
        )
    )
    analyses = _as_of(NeedsAnalysis, partnership, moment)
    result.blocks.append(
        Table(
            caption="Needs analyses",
            columns=("Needs analysis", "Kind", "Period"),
            rows=tuple(
                (analysis.title, analysis.get_kind_display(), analysis.timescale_text)
                for analysis in sorted(analyses, key=lambda analysis: analysis.title)
            ),
        )
    )
    titles = {outcome.pk: outcome.title for outcome in outcomes}
    gaps = [
        gap
        for gap in Gap.history.as_of(moment).filter(partnership_id=partnership.pk)
        if gap.status != GapStatus.CLOSED
    ]
    gaps.sort(key=lambda gap: (SEVERITY_ORDER.get(gap.severity, 3), titles.get(gap.outcome_id, "")))
    result.blocks.append(
        Table(
            caption="Open gaps, most severe first",
            columns=("Outcome", "Gap", "Severity", "Status"),
            rows=tuple(
                (
                    titles.get(gap.outcome_id, ""),
                    gap.description,
                    gap.get_severity_display(),
                    gap.get_status_display(),
                )
                for gap in gaps
            ),
        )
    )
    return result
