"""Timelines without a table: dated headings, each followed by one milestone per paragraph."""

from __future__ import annotations

import re

from commissioning.domain.plan import ActionPlan, Plan, StagePlan, Status
from commissioning.domain.timescales import (
    Precision,
    Timescale,
    parse_timescale,
    search_timescale,
)
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


BULLET = re.compile(r"^\s*(?:[*•●▪◦·\-–+]|\d+[.)])\s+")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def period_heading(text: str, context) -> Timescale | None:
    """A sentence introducing a list that names its period: "Quarter 1: April – June 2012",
    "In quarter 4 (October to December) we expect to:", "Q3 2013/14:"."""
    if len(text.split()) > 25 or BULLET.match(text):
        return None
    if not text.rstrip().endswith(":") and len(text.split()) > 8:
        return None
    found = search_timescale(text, context=context)
    if found is None and context is not None:
        found = _months_in_context(text, context)
    if found is None or found[0].precision not in HEADING_PRECISIONS:
        return None
    return found[0]


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
MONTH_RANGE = re.compile(rf"\b({_MONTH})\s*(?:to|–|-)\s*{_MONTH}\b(?!\s*\d)", re.IGNORECASE)


def _months_in_context(text: str, context):
    """ "October to December" after a heading in 2013: the next such months from then."""
    found = MONTH_RANGE.search(text)
    if found is None:
        return None
    first = search_timescale(f"{found.group(1)} {context.year}")
    year = context.year + (1 if first and first[0].start and first[0].start < context else 0)
    return search_timescale(f"{found.group(0)} {year}")


def read_timeline(document: Document, plan: Plan) -> bool:
    """Stages and milestones from dated headings and their paragraphs, or from headings
    naming a period followed by bullets (one milestone each); False if none."""
    paragraphs = [block for block in document.blocks if isinstance(block, Paragraph)]
    stage: StagePlan | None = None
    bullets_only = False
    for number, paragraph in enumerate(paragraphs):
        due = dated_heading(paragraph.text)
        following = paragraphs[number + 1].text if number + 1 < len(paragraphs) else ""
        if due is None and BULLET.match(following) and not BULLET.match(paragraph.text):
            context = stage.due.start if stage is not None and stage.due else None
            due = period_heading(paragraph.text, context)
            if due is not None:
                bullets_only = True
        elif due is not None:
            bullets_only = False
        if due is not None:
            title = " ".join(paragraph.text.split()).rstrip(":")
            stage = StagePlan(code=None, title=title, due=due, line=paragraph.line)
            plan.stages.append(stage)
        elif stage is not None:
            # Prose after the list ends it; a line in lower case among the bullets is an
            # item whose marker was lost.
            prose = not BULLET.match(paragraph.text) and not paragraph.text[:1].islower()
            if bullets_only and prose:
                stage = None
                continue
            plan.actions.append(_milestone(paragraph, stage))
    return bool(plan.actions)


def _milestone(paragraph: Paragraph, stage: StagePlan) -> ActionPlan:
    return ActionPlan(
        ref=None,
        title=LINK.sub(r"\1", BULLET.sub("", paragraph.text)).strip(),
        timescale=stage.due,
        owners=[],
        progress=None,
        status=Status.UNKNOWN,
        status_suggested=False,
        rag=None,
        line=paragraph.line,
        stage=stage.title,
    )
