"""Timelines without a table: dated headings, each followed by one milestone per paragraph."""

from __future__ import annotations

from commissioning.domain.plan import ActionPlan, Plan, StagePlan, Status
from commissioning.domain.timescales import Precision, Timescale, parse_timescale
from commissioning.reading.readers import Document, Paragraph

HEADING_PRECISIONS = {
    Precision.DAY,
    Precision.MONTH,
    Precision.QUARTER,
    Precision.FINANCIAL_YEAR,
    Precision.YEAR,
    Precision.SEASON,
}


def dated_heading(text: str) -> Timescale | None:
    """The timescale of a paragraph that is nothing but a date ("September 2005")."""
    if len(text.split()) > 6:
        return None
    timescale = parse_timescale(text)
    return timescale if timescale.precision in HEADING_PRECISIONS else None


def read_timeline(document: Document, plan: Plan) -> bool:
    """Stages and milestones from dated headings and their paragraphs; False if none."""
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    stage: StagePlan | None = None
    for paragraph in paragraphs:
        due = dated_heading(paragraph.text)
        if due is not None:
            stage = StagePlan(code=None, title=paragraph.text, due=due, line=paragraph.line)
            plan.stages.append(stage)
        elif stage is not None:
            plan.actions.append(_milestone(paragraph, stage))
    return bool(plan.actions)


def _milestone(paragraph: Paragraph, stage: StagePlan) -> ActionPlan:
    return ActionPlan(
        ref=None,
        title=paragraph.text,
        timescale=stage.due,
        owners=[],
        progress=None,
        status=Status.UNKNOWN,
        status_suggested=False,
        rag=None,
        line=paragraph.line,
        stage=stage.title,
    )
