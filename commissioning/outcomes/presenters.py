"""What the outcomes pages show, worked out from a few queries each: the library grouped by
theme and level, a chain as a drawing and as nested "so that" lists, alignments with their
figures, and the coverage matrix."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from commissioning.domain.chains import (
    AlignmentResult,
    Mark,
    Standing,
    classify_alignment,
    is_aligned,
)
from commissioning.domain.coverage import Analysis, Cover, coverage
from commissioning.outcomes import drawing
from commissioning.outcomes.models import (
    Alignment,
    ChainLink,
    ChainNode,
    Gap,
    GapStatus,
    Level,
    NeedsAnalysis,
    Outcome,
    OutcomeChain,
)
from commissioning.partnership.demo import DEMO_PARTNERSHIP_SLUG
from commissioning.partnership.models import Partnership

LEVEL_ORDER = [Level.POPULATION_RESULT, Level.INTERMEDIATE_OUTCOME, Level.CONTRIBUTORY_FACTOR]
STANDING_TAGS = {
    Standing.MATCHED: "govuk-tag--green",
    Standing.CONTRIBUTES: "govuk-tag--blue",
    Standing.CONFLICTS: "govuk-tag--red",
    Standing.MISSING: "govuk-tag--grey",
}
COVER_LABELS = {Cover.CURRENT: "Current", Cover.STALE: "Stale", Cover.NONE: "None"}
COVER_TAGS = {
    Cover.CURRENT: "govuk-tag--green",
    Cover.STALE: "govuk-tag--yellow",
    Cover.NONE: "govuk-tag--red",
}


def is_illustrative(partnership: Partnership) -> bool:
    """The demo partnership's outcomes are an example, not a council's published framework."""
    return partnership.slug == DEMO_PARTNERSHIP_SLUG


def outcome_url(outcome: Outcome, partnership: Partnership) -> str:
    return reverse("outcomes-outcome", args=[partnership.slug, outcome.pk])


# --- The library ----------------------------------------------------------------------------


@dataclass
class LevelGroup:
    level: str
    label: str
    outcomes: list


@dataclass
class ThemeGroup:
    theme: str
    levels: list[LevelGroup]
    count: int


def library_outcomes(partnership: Partnership) -> QuerySet[Outcome]:
    return (
        Outcome.objects.not_archived()
        .filter(partnership=partnership)
        .select_related("owner_organisation")
    )


def group_by_theme_and_level(outcomes) -> list[ThemeGroup]:
    """Themes in name order (no theme last), levels from population result down."""
    by_theme: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for outcome in outcomes:
        by_theme[outcome.theme][outcome.level].append(outcome)
    labels = dict(Level.choices)
    groups = []
    for theme in sorted(by_theme, key=lambda t: (t == "", t.lower())):
        levels = [
            LevelGroup(level=level, label=labels[level], outcomes=by_theme[theme][level])
            for level in LEVEL_ORDER
            if by_theme[theme].get(level)
        ]
        groups.append(
            ThemeGroup(
                theme=theme or "No theme", levels=levels, count=sum(len(g.outcomes) for g in levels)
            )
        )
    return groups


# --- A chain --------------------------------------------------------------------------------


@dataclass
class TreeNode:
    outcome: Outcome
    url: str
    link: ChainLink | None = None
    children: list[TreeNode] = field(default_factory=list)
    repeated: bool = False


@dataclass
class ChainView:
    chain: OutcomeChain
    outcomes: list[Outcome]
    links: list[ChainLink]

    def nodes(self, partnership: Partnership) -> list[drawing.Node]:
        return [
            drawing.Node(
                key=f"o{o.pk}",
                code=o.code,
                title=o.title,
                level=o.level,
                url=outcome_url(o, partnership),
            )
            for o in self.outcomes
        ]

    def edges(self) -> list[drawing.Edge]:
        return [
            drawing.Edge(f"o{link.from_outcome_id}", f"o{link.to_outcome_id}")
            for link in self.links
        ]

    def graph(self, partnership: Partnership):
        return drawing.chain_graph(self.chain.title, self.nodes(partnership), self.edges())

    def svg(self, partnership: Partnership) -> str:
        return drawing.render_svg(
            self.graph(partnership),
            description=f"{self.chain.title}: {len(self.outcomes)} outcomes and "
            f"{len(self.links)} links. The same chain is listed as text below.",
        )

    def tree(self, partnership: Partnership) -> list[TreeNode]:
        """The chain as nested "so that" lists: each top outcome (leading to nothing further
        in the chain) with what leads to it underneath. An outcome reached twice is written
        in full once and named the second time."""
        by_pk = {o.pk: o for o in self.outcomes}
        under: dict[int, list[ChainLink]] = defaultdict(list)
        leads_on = set()
        for link in self.links:
            under[link.to_outcome_id].append(link)
            leads_on.add(link.from_outcome_id)
        seen: set[int] = set()

        def build(pk: int, link: ChainLink | None) -> TreeNode:
            outcome = by_pk[pk]
            node = TreeNode(outcome=outcome, url=outcome_url(outcome, partnership), link=link)
            if pk in seen:
                node.repeated = True
                return node
            seen.add(pk)
            node.children = [build(child.from_outcome_id, child) for child in under.get(pk, [])]
            return node

        tops = [o.pk for o in self.outcomes if o.pk not in leads_on]
        return [build(pk, None) for pk in tops]


def so_that_html(nodes: list[TreeNode], *, parent: Outcome | None = None) -> str:
    """The nested "so that" lists as HTML, every piece of text escaped. Built here rather
    than by a recursive template include, which costs a second for a chain of 200."""
    items = []
    for node in nodes:
        outcome = node.outcome
        details = outcome.get_level_display().lower()
        if node.link is not None:
            details += f"; confidence {node.link.get_confidence_display().lower()}"
        parts = [
            format_html(
                '<a class="govuk-link" href="{}">{}</a>{} <span class="govuk-body-s">({})</span>',
                node.url,
                str(outcome),
                format_html(", <strong>so that</strong> {}", str(parent)) if parent else "",
                details,
            )
        ]
        if node.link is not None and node.link.rationale:
            parts.append(
                format_html('<br><span class="govuk-body-s">Why: {}</span>', node.link.rationale)
            )
        if node.repeated:
            parts.append(
                mark_safe('<span class="govuk-body-s"> – what leads to it is listed above</span>')
            )  # noqa: S308
        elif node.children:
            parts.append(mark_safe(so_that_html(node.children, parent=outcome)))  # noqa: S308
        items.append(format_html("<li>{}</li>", mark_safe("".join(parts))))  # noqa: S308
    css = "govuk-list app-so-that" if parent else "govuk-list"
    return format_html('<ul class="{}">{}</ul>', css, mark_safe("".join(items)))  # noqa: S308


def chain_view(chain: OutcomeChain) -> ChainView:
    """The chain's outcomes and links: two queries however long it is."""
    nodes = ChainNode.objects.filter(chain=chain).select_related("outcome")
    outcomes = sorted(
        (node.outcome for node in nodes),
        key=lambda o: (
            LEVEL_ORDER.index(o.level) if o.level in LEVEL_ORDER else 9,
            o.code,
            o.title,
        ),
    )
    links = list(
        ChainLink.objects.filter(chain=chain)
        .select_related("from_outcome", "to_outcome")
        .order_by("id")
    )
    return ChainView(chain=chain, outcomes=outcomes, links=links)


def chain_changes(chain: OutcomeChain, *, limit: int = 20) -> list[dict]:
    """The latest links added to or taken out of the chain, and edits of the chain itself,
    newest first: who, when, what (three queries)."""
    labels = {"+": "Added", "~": "Changed", "-": "Removed"}
    links = ChainLink.history.filter(chain_id=chain.pk).select_related("history_user")
    rows = list(links.order_by("-history_date")[:limit])
    outcome_ids = {r.from_outcome_id for r in rows} | {r.to_outcome_id for r in rows}
    names = {o.pk: str(o) for o in Outcome.objects.filter(pk__in=outcome_ids)}
    changes = [
        {
            "when": r.history_date,
            "who": r.history_user,
            "what": f"{labels[r.history_type]} the link “{names.get(r.from_outcome_id, '?')}” "
            f"so that “{names.get(r.to_outcome_id, '?')}”",
        }
        for r in rows
    ]
    versions = chain.history.select_related("history_user").order_by("-history_date")[:limit]
    changes += [
        {
            "when": v.history_date,
            "who": v.history_user,
            "what": "Started the chain"
            if v.history_type == "+"
            else f"Changed the chain: {v.title}, {v.get_status_display().lower()}",
        }
        for v in versions
    ]
    return sorted(changes, key=lambda c: c["when"], reverse=True)[:limit]


def chain_rows(partnership: Partnership) -> list[dict]:
    """Every chain of the partnership with its owner, status and size (three queries)."""
    chains = list(
        OutcomeChain.objects.not_archived()
        .filter(partnership=partnership)
        .select_related("owner_organisation", "agreed_meeting")
    )
    nodes = defaultdict(int)
    for chain_id in ChainNode.objects.filter(chain__in=chains).values_list("chain", flat=True):
        nodes[chain_id] += 1
    links = defaultdict(int)
    for chain_id in ChainLink.objects.filter(chain__in=chains).values_list("chain", flat=True):
        links[chain_id] += 1
    return [
        {
            "chain": chain,
            "owner": chain.owner_organisation or "The partnership (shared)",
            "outcomes": nodes[chain.pk],
            "links": links[chain.pk],
            "url": reverse("outcomes-chain", args=[partnership.slug, chain.pk]),
        }
        for chain in chains
    ]


def link_table(view: ChainView) -> list[list[str]]:
    """The chain's links as rows of a table that imports back: header first."""
    rows = [
        [
            "From code",
            "From outcome",
            "From level",
            "So that (code)",
            "So that (outcome)",
            "To level",
            "Rationale",
            "Confidence",
        ]
    ]
    for link in view.links:
        rows.append(
            [
                link.from_outcome.code,
                link.from_outcome.title,
                link.from_outcome.get_level_display(),
                link.to_outcome.code,
                link.to_outcome.title,
                link.to_outcome.get_level_display(),
                link.rationale,
                link.get_confidence_display(),
            ]
        )
    return rows


# --- Alignment ------------------------------------------------------------------------------


@dataclass
class AlignmentView:
    alignment: Alignment
    council: ChainView
    partner: ChainView
    result: AlignmentResult

    @property
    def figure_percent(self) -> int | None:
        figure = self.result.figure
        return None if figure is None else round(figure * 100)

    @property
    def aligned(self) -> bool:
        return is_aligned(self.result)

    def rows(self, side: str) -> list[dict]:
        view, standings = (
            (self.council, self.result.council)
            if side == "council"
            else (self.partner, self.result.partner)
        )
        return [
            {
                "outcome": o,
                "standing": standings[o.pk],
                "tag": STANDING_TAGS[standings[o.pk]],
            }
            for o in view.outcomes
        ]

    def missing(self, side: str) -> list[Outcome]:
        view, keys = (
            (self.council, self.result.council_missing)
            if side == "council"
            else (self.partner, self.result.partner_missing)
        )
        by_pk = {o.pk: o for o in view.outcomes}
        return [by_pk[pk] for pk in keys]

    def svg(self, partnership: Partnership) -> str:
        def side(prefix: str, view: ChainView):
            nodes = [
                drawing.Node(
                    key=f"{prefix}{n.key}", code=n.code, title=n.title, level=n.level, url=n.url
                )
                for n in view.nodes(partnership)
            ]
            edges = [drawing.Edge(f"{prefix}{e.start}", f"{prefix}{e.end}") for e in view.edges()]
            return (view.chain.title, nodes, edges)

        in_council = {o.pk for o in self.council.outcomes}
        in_partner = {o.pk for o in self.partner.outcomes}
        matches = [
            drawing.Edge(f"po{pk}", f"co{pk}", style="matched", label="same")
            for pk in sorted(in_council & in_partner)
        ]
        for mark in self.alignment.marks.all():
            if mark.partner_outcome_id in in_partner and mark.council_outcome_id in in_council:
                matches.append(
                    drawing.Edge(
                        f"po{mark.partner_outcome_id}",
                        f"co{mark.council_outcome_id}",
                        style=mark.kind,
                        label=mark.get_kind_display().lower(),
                    )
                )
        graph = drawing.alignment_graph(
            str(self.alignment), side("c", self.council), side("p", self.partner), matches
        )
        return drawing.render_svg(
            graph,
            description=f"{self.partner.chain.title} beside {self.council.chain.title}, "
            f"with the matches between them. The same is listed as text below.",
        )


def alignment_view(alignment: Alignment) -> AlignmentView:
    council = chain_view(alignment.council_chain)
    partner = chain_view(alignment.partner_chain)
    marks = [
        Mark(kind=m.kind, partner=m.partner_outcome_id, council=m.council_outcome_id)
        for m in alignment.marks.all()
    ]
    result = classify_alignment(
        council=[o.pk for o in council.outcomes],
        partner=[o.pk for o in partner.outcomes],
        marks=marks,
    )
    return AlignmentView(alignment=alignment, council=council, partner=partner, result=result)


def alignments_of(partnership: Partnership) -> QuerySet[Alignment]:
    """The partnership's alignments whose chains are both in use (not archived)."""
    return (
        Alignment.objects.filter(
            partnership=partnership,
            partner_chain__archived_at__isnull=True,
            council_chain__archived_at__isnull=True,
        )
        .select_related("partner_chain__owner_organisation", "council_chain__owner_organisation")
        .prefetch_related("marks__partner_outcome", "marks__council_outcome")
    )


@dataclass
class PartnerStanding:
    """For one partner organisation: has it completed (agreed) its chain, and is it aligned?"""

    organisation: object
    chains: list
    completed: bool
    figure_percent: int | None
    aligned: bool
    conflicts: int


def summarise_alignments(partnership: Partnership) -> tuple[list[dict], list[PartnerStanding]]:
    """Every alignment with its figure, and every partner's answer to "completed its chain?
    aligned?". A fixed number of queries, whatever the number of chains."""
    chains = list(
        OutcomeChain.objects.not_archived()
        .filter(partnership=partnership)
        .select_related("owner_organisation")
    )
    node_sets: dict[int, list[int]] = defaultdict(list)
    for chain_id, outcome_id in ChainNode.objects.filter(chain__in=chains).values_list(
        "chain", "outcome"
    ):
        node_sets[chain_id].append(outcome_id)
    rows = []
    best: dict[int, dict] = {}
    for alignment in alignments_of(partnership):
        marks = [
            Mark(kind=m.kind, partner=m.partner_outcome_id, council=m.council_outcome_id)
            for m in alignment.marks.all()
        ]
        result = classify_alignment(
            council=node_sets.get(alignment.council_chain_id, []),
            partner=node_sets.get(alignment.partner_chain_id, []),
            marks=marks,
        )
        figure = result.figure
        row = {
            "alignment": alignment,
            "figure_percent": None if figure is None else round(figure * 100),
            "aligned": is_aligned(result),
            "conflicts": result.conflicts,
            "council_missing": len(result.council_missing),
            "partner_missing": len(result.partner_missing),
            "url": reverse("outcomes-alignment", args=[partnership.slug, alignment.pk]),
        }
        rows.append(row)
        owner = alignment.partner_chain.owner_organisation_id
        if owner is not None:
            kept = best.get(owner)
            if kept is None or (row["figure_percent"] or 0) > (kept["figure_percent"] or 0):
                best[owner] = row
    partners = list(partnership.partners.all())
    standings = []
    for organisation in partners:
        own = [c for c in chains if c.owner_organisation_id == organisation.pk]
        row = best.get(organisation.pk)
        standings.append(
            PartnerStanding(
                organisation=organisation,
                chains=own,
                completed=any(c.is_agreed for c in own),
                figure_percent=row["figure_percent"] if row else None,
                aligned=bool(row and row["aligned"]),
                conflicts=row["conflicts"] if row else 0,
            )
        )
    return rows, standings


# --- Needs analyses, gaps and coverage ------------------------------------------------------


def needs_analyses(partnership: Partnership) -> QuerySet[NeedsAnalysis]:
    return (
        NeedsAnalysis.objects.not_archived()
        .filter(partnership=partnership)
        .select_related("author_organisation")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("code", "title")))
    )


def gaps(partnership: Partnership) -> QuerySet[Gap]:
    return Gap.objects.filter(partnership=partnership).select_related("outcome", "needs_analysis")


def dated(analysis: NeedsAnalysis) -> dt.date | None:
    """The day a needs analysis's age counts from: its period's end, else when recorded."""
    if analysis.timescale_end:
        return analysis.timescale_end
    return timezone.localtime(analysis.created_at).date() if analysis.created_at else None


@dataclass
class CoverageMatrix:
    analyses: list[NeedsAnalysis]
    rows: list[dict]
    without_current: list[dict]
    stale_after_days: int
    covered_percent: int | None


def coverage_matrix(partnership: Partnership, *, today: dt.date | None = None) -> CoverageMatrix:
    """Outcomes × needs analyses: which analysis covers which outcome, each outcome's cover
    (current, stale or none) and its open gaps. Four queries, whatever the size."""
    today = today or timezone.localdate()
    stale_after = settings.OUTCOMES_STALE_AFTER_DAYS
    outcomes = list(library_outcomes(partnership).order_by("theme", "code", "title"))
    analyses = list(
        NeedsAnalysis.objects.not_archived().filter(partnership=partnership).order_by("title")
    )
    pairs = NeedsAnalysis.outcomes.through.objects.filter(
        needsanalysis__in=[a.pk for a in analyses]
    ).values_list("needsanalysis_id", "outcome_id")
    covers: dict[int, set[int]] = defaultdict(set)
    for analysis_id, outcome_id in pairs:
        covers[analysis_id].add(outcome_id)
    open_gaps = Gap.objects.filter(partnership=partnership).exclude(status=GapStatus.CLOSED)
    result = coverage(
        outcomes=[o.pk for o in outcomes],
        analyses=[
            Analysis(key=a.pk, dated=dated(a), outcomes=frozenset(covers[a.pk])) for a in analyses
        ],
        open_gaps=open_gaps.values_list("outcome_id", flat=True),
        today=today,
        stale_after_days=stale_after,
    )
    ages = {a.pk: (today - dated(a)).days if dated(a) else None for a in analyses}
    rows = []
    for outcome, row in zip(outcomes, result.rows, strict=True):
        covering = set(row.analyses)
        cells = []
        for a in analyses:
            if a.pk not in covering:
                cells.append(None)
            else:
                age = ages[a.pk]
                cells.append({"stale": age is not None and age > stale_after, "age": age})
        rows.append(
            {
                "outcome": outcome,
                "url": outcome_url(outcome, partnership),
                "cover": row.cover,
                "cover_label": COVER_LABELS[row.cover],
                "cover_tag": COVER_TAGS[row.cover],
                "age_years": None if row.age_days is None else round(row.age_days / 365.25, 1),
                "open_gaps": row.open_gaps,
                "cells": cells,
            }
        )
    share = result.covered_share
    return CoverageMatrix(
        analyses=analyses,
        rows=rows,
        without_current=[r for r in rows if r["cover"] != Cover.CURRENT],
        stale_after_days=stale_after,
        covered_percent=None if share is None else round(share * 100),
    )


# --- Evidence on a programme deliverable or action ------------------------------------------


@dataclass
class Evidence:
    """What a deliverable or action is linked to, and what the data says of it."""

    outcomes: list
    chains: list[dict]
    analyses: list
    coverage: CoverageMatrix | None
    open_gaps: dict

    @property
    def empty(self) -> bool:
        return not (self.outcomes or self.chains or self.analyses)


def programme_evidence(*, links, partnership: Partnership) -> Evidence:
    """The outcomes, chains (agreed? aligned, and how far?) and needs analyses (with the
    coverage they give) that a deliverable or action links to."""
    links = list(links.select_related("outcome", "chain__owner_organisation", "needs_analysis"))
    chains = [link.chain for link in links if link.chain]
    analyses = [link.needs_analysis for link in links if link.needs_analysis]
    chain_rows = []
    if chains:
        rows, _ = summarise_alignments(partnership)
        by_partner_chain = defaultdict(list)
        for row in rows:
            by_partner_chain[row["alignment"].partner_chain_id].append(row)
        for chain in chains:
            chain_rows.append(
                {
                    "chain": chain,
                    "url": reverse("outcomes-chain", args=[partnership.slug, chain.pk]),
                    "alignments": by_partner_chain.get(chain.pk, []),
                }
            )
    matrix = coverage_matrix(partnership) if analyses else None
    open_gaps = {}
    if analyses:
        for severity in (
            Gap.objects.filter(partnership=partnership)
            .exclude(status=GapStatus.CLOSED)
            .values_list("severity", flat=True)
        ):
            open_gaps[severity] = open_gaps.get(severity, 0) + 1
    return Evidence(
        outcomes=[
            {"outcome": link.outcome, "url": outcome_url(link.outcome, partnership)}
            for link in links
            if link.outcome
        ],
        chains=chain_rows,
        analyses=analyses,
        coverage=matrix,
        open_gaps=open_gaps,
    )
