"""Writes to outcomes, chains, alignments, needs analyses and gaps: each one atomic, with
keyword-only arguments, saying who made the change so history records it.

Bad input raises ``OutcomesError`` with a message fit to show to the person (the loop a link
would close, an outcome of another partnership) and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commissioning.core.models import timescale_values
from commissioning.domain.chains import describe_loop, loop_closed_by
from commissioning.domain.timescales import parse_timescale
from commissioning.outcomes.models import (
    Alignment,
    AlignmentMark,
    ChainLink,
    ChainNode,
    Confidence,
    Gap,
    GapStatus,
    GapStatusMove,
    Level,
    MarkKind,
    NeedsAnalysis,
    Outcome,
    OutcomeChain,
    ProgrammeLink,
)
from commissioning.partnership.models import Partnership
from commissioning.programmes.models import Action, Deliverable

OUTCOME_FIELDS = (
    "code",
    "title",
    "description",
    "level",
    "theme",
    "owner_organisation",
    "status",
    "agreed_meeting",
    "agreed_decision",
)
CHAIN_FIELDS = (
    "title",
    "description",
    "owner_organisation",
    "status",
    "agreed_meeting",
    "agreed_decision",
)
NEEDS_ANALYSIS_FIELDS = (
    "title",
    "kind",
    "author_organisation",
    "population",
    "findings",
    "document_url",
)
GAP_FIELDS = ("outcome", "description", "severity", "needs_analysis")


class OutcomesError(ValueError):
    """A change refused, with a message naming what is wrong."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ChainLoop(OutcomesError):
    """A link that would close a loop in its chain; ``loop`` is the path of outcome ids."""

    def __init__(self, message: str, *, loop: list[int]):
        super().__init__(message, field="to_outcome")
        self.loop = loop


def _save(row, *, user, values: dict | None = None):
    """Save only what changed (a new row always), so history gets a version per change."""
    values = values or {}
    if row.pk is None:
        for name, value in values.items():
            setattr(row, name, value)
        row._history_user = user
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save()
        return row
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row._history_user = user
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save(update_fields=[_column(row, name) for name in changed])
    return row


def _column(row, name: str) -> str:
    return row._meta.get_field(name).name


def _same_partnership(partnership: Partnership, *rows, field: str | None = None) -> None:
    for row in rows:
        if row is not None and getattr(row, "partnership_id", partnership.pk) != partnership.pk:
            raise OutcomesError(f"“{row}” belongs to another partnership", field=field)


def _organisation_in(partnership: Partnership, organisation, field: str) -> None:
    if organisation is None:
        return
    if not partnership.organisations().filter(pk=organisation.pk).exists():
        raise OutcomesError(f"{organisation} is not in {partnership}", field=field)


def _check_code(partnership: Partnership, code: str, outcome: Outcome | None) -> None:
    if not code:
        return
    others = Outcome.objects.filter(partnership=partnership, code=code)
    if outcome is not None:
        others = others.exclude(pk=outcome.pk)
    if others.exists():
        raise OutcomesError(f"Another outcome already has the code {code}", field="code")


def _pick(values: dict, names: tuple[str, ...]) -> dict:
    unknown = set(values) - set(names)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    return values


# --- Outcomes -------------------------------------------------------------------------------


@transaction.atomic
def create_outcome(*, partnership: Partnership, user, title: str, level: str, **values) -> Outcome:
    """Add an outcome to the partnership's library."""
    values = _pick({"title": title, "level": level, **values}, OUTCOME_FIELDS)
    _check_code(partnership, values.get("code", ""), None)
    _organisation_in(partnership, values.get("owner_organisation"), "owner_organisation")
    return _save(Outcome(partnership=partnership), user=user, values=values)


@transaction.atomic
def edit_outcome(*, outcome: Outcome, user, **values) -> Outcome:
    """Change an outcome; the change shows in every chain it sits in."""
    values = _pick(values, OUTCOME_FIELDS)
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if "code" in values:
        _check_code(outcome.partnership, values["code"], outcome)
    _organisation_in(outcome.partnership, values.get("owner_organisation"), "owner_organisation")
    return _save(outcome, user=user, values=values)


@transaction.atomic
def archive_outcome(*, outcome: Outcome, user) -> Outcome:
    """Take the outcome out of the library's lists; chains and history keep it."""
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.archived_at is None:
        _save(outcome, user=user, values={"archived_at": timezone.now(), "archived_by": user})
    return outcome


@transaction.atomic
def restore_outcome(*, outcome: Outcome, user) -> Outcome:
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    if outcome.archived_at is not None:
        _save(outcome, user=user, values={"archived_at": None, "archived_by": None})
    return outcome


# --- Chains ---------------------------------------------------------------------------------


@transaction.atomic
def create_chain(*, partnership: Partnership, user, title: str, **values) -> OutcomeChain:
    """Start a chain: an organisation's, or the partnership's shared one (no owner)."""
    values = _pick({"title": title, **values}, CHAIN_FIELDS)
    _organisation_in(partnership, values.get("owner_organisation"), "owner_organisation")
    return _save(OutcomeChain(partnership=partnership), user=user, values=values)


@transaction.atomic
def edit_chain(*, chain: OutcomeChain, user, **values) -> OutcomeChain:
    values = _pick(values, CHAIN_FIELDS)
    chain = OutcomeChain.objects.select_for_update().get(pk=chain.pk)
    _organisation_in(chain.partnership, values.get("owner_organisation"), "owner_organisation")
    return _save(chain, user=user, values=values)


@transaction.atomic
def archive_chain(*, chain: OutcomeChain, user) -> OutcomeChain:
    chain = OutcomeChain.objects.select_for_update().get(pk=chain.pk)
    if chain.archived_at is None:
        _save(chain, user=user, values={"archived_at": timezone.now(), "archived_by": user})
    return chain


@transaction.atomic
def restore_chain(*, chain: OutcomeChain, user) -> OutcomeChain:
    chain = OutcomeChain.objects.select_for_update().get(pk=chain.pk)
    if chain.archived_at is not None:
        _save(chain, user=user, values={"archived_at": None, "archived_by": None})
    return chain


@transaction.atomic
def add_node(*, chain: OutcomeChain, outcome: Outcome, user) -> ChainNode:
    """Put a library outcome in the chain (nothing changes if it is already there)."""
    _same_partnership(chain.partnership, outcome, field="outcome")
    node = ChainNode.objects.filter(chain=chain, outcome=outcome).first()
    if node is None:
        node = _save(ChainNode(chain=chain, outcome=outcome), user=user)
    return node


@transaction.atomic
def remove_node(*, chain: OutcomeChain, outcome: Outcome, user) -> None:
    """Take an outcome out of the chain, with its links; the library keeps it."""
    touching = Q(from_outcome=outcome) | Q(to_outcome=outcome)
    for link in ChainLink.objects.filter(touching, chain=chain):
        link._history_user = user
        link.delete()
    for node in ChainNode.objects.filter(chain=chain, outcome=outcome):
        node._history_user = user
        node.delete()


@transaction.atomic
def add_link(
    *,
    chain: OutcomeChain,
    from_outcome: Outcome,
    to_outcome: Outcome,
    user,
    rationale: str = "",
    confidence: str = Confidence.MEDIUM,
) -> ChainLink:
    """Link "``from_outcome`` so that ``to_outcome``" in the chain, adding both outcomes to it.

    Refused (``ChainLoop``) when the link would close a loop: the message names it,
    "A → B → C → A". Refused when the link is already there.
    """
    # Lock the chain so two people adding links at once cannot close a loop between them.
    chain = OutcomeChain.objects.select_for_update().get(pk=chain.pk)
    _same_partnership(chain.partnership, from_outcome, to_outcome, field="to_outcome")
    if confidence not in Confidence.values:
        raise OutcomesError(f"Unknown confidence {confidence!r}", field="confidence")
    links = list(ChainLink.objects.filter(chain=chain).values_list("from_outcome", "to_outcome"))
    new = (from_outcome.pk, to_outcome.pk)
    if new in links:
        raise OutcomesError(
            f"The chain already links “{from_outcome}” so that “{to_outcome}”", field="to_outcome"
        )
    loop = loop_closed_by(links, new)
    if loop:
        names = dict(Outcome.objects.filter(pk__in=loop).values_list("pk", "title"))
        raise ChainLoop(
            f"This link would close a loop: {describe_loop(loop, names)}. "
            f"A chain cannot lead back to where it starts.",
            loop=loop,
        )
    add_node(chain=chain, outcome=from_outcome, user=user)
    add_node(chain=chain, outcome=to_outcome, user=user)
    link = ChainLink(chain=chain, from_outcome=from_outcome, to_outcome=to_outcome)
    return _save(link, user=user, values={"rationale": rationale, "confidence": confidence})


@transaction.atomic
def edit_link(*, link: ChainLink, user, rationale: str, confidence: str) -> ChainLink:
    if confidence not in Confidence.values:
        raise OutcomesError(f"Unknown confidence {confidence!r}", field="confidence")
    link = ChainLink.objects.select_for_update().get(pk=link.pk)
    return _save(link, user=user, values={"rationale": rationale, "confidence": confidence})


@transaction.atomic
def remove_link(*, link: ChainLink, user) -> None:
    """Take the link out of its chain; its history keeps who did."""
    link._history_user = user
    link.delete()


@transaction.atomic
def add_contributory_factor(
    *,
    chain: OutcomeChain,
    under: Outcome,
    user,
    title: str,
    code: str = "",
    description: str = "",
    rationale: str = "",
    confidence: str = Confidence.MEDIUM,
) -> ChainLink:
    """Add a new contributory factor to the library, in the chain, "factor so that ``under``".

    It takes the theme and owner of the outcome it sits under.
    """
    _same_partnership(chain.partnership, under, field="under")
    factor = create_outcome(
        partnership=chain.partnership,
        user=user,
        title=title,
        code=code,
        description=description,
        level=Level.CONTRIBUTORY_FACTOR,
        theme=under.theme,
        owner_organisation=chain.owner_organisation or under.owner_organisation,
    )
    return add_link(
        chain=chain,
        from_outcome=factor,
        to_outcome=under,
        user=user,
        rationale=rationale,
        confidence=confidence,
    )


# --- Alignment ------------------------------------------------------------------------------


@transaction.atomic
def create_alignment(
    *, partner_chain: OutcomeChain, council_chain: OutcomeChain, user, note: str = ""
) -> Alignment:
    """Put a partner's chain beside the council's (once per pair of chains)."""
    if partner_chain.pk == council_chain.pk:
        raise OutcomesError("Choose two different chains", field="council_chain")
    _same_partnership(partner_chain.partnership, council_chain, field="council_chain")
    existing = Alignment.objects.filter(partner_chain=partner_chain, council_chain=council_chain)
    if existing.exists():
        raise OutcomesError(
            f"“{partner_chain}” is already aligned with “{council_chain}”", field="council_chain"
        )
    alignment = Alignment(
        partnership=partner_chain.partnership,
        partner_chain=partner_chain,
        council_chain=council_chain,
    )
    return _save(alignment, user=user, values={"note": note})


@transaction.atomic
def mark_alignment(
    *,
    alignment: Alignment,
    user,
    kind: str,
    partner_outcome: Outcome | None = None,
    council_outcome: Outcome | None = None,
    note: str = "",
) -> AlignmentMark:
    """Mark a partner outcome as matched to, contributing to or conflicting with a council one.

    Matched and contributes name both; a conflict names at least one, and says why.
    """
    if kind not in MarkKind.values:
        raise OutcomesError(f"Unknown kind of mark {kind!r}", field="kind")
    if kind != MarkKind.CONFLICTS and (partner_outcome is None or council_outcome is None):
        raise OutcomesError(
            "Choose both the partner's outcome and the council's outcome", field="council_outcome"
        )
    if partner_outcome is None and council_outcome is None:
        raise OutcomesError("Choose the outcome in conflict", field="partner_outcome")
    if kind == MarkKind.CONFLICTS and not note.strip():
        raise OutcomesError("Say what the conflict is", field="note")
    _same_partnership(alignment.partnership, partner_outcome, council_outcome, field="kind")
    in_partner = set(alignment.partner_chain.nodes.values_list("outcome", flat=True))
    in_council = set(alignment.council_chain.nodes.values_list("outcome", flat=True))
    if partner_outcome is not None and partner_outcome.pk not in in_partner:
        raise OutcomesError(
            f"“{partner_outcome}” is not in {alignment.partner_chain}", field="partner_outcome"
        )
    if council_outcome is not None and council_outcome.pk not in in_council:
        raise OutcomesError(
            f"“{council_outcome}” is not in {alignment.council_chain}", field="council_outcome"
        )
    mark = AlignmentMark(
        alignment=alignment,
        kind=kind,
        partner_outcome=partner_outcome,
        council_outcome=council_outcome,
    )
    return _save(mark, user=user, values={"note": note})


@transaction.atomic
def remove_mark(*, mark: AlignmentMark, user) -> None:
    mark._history_user = user
    mark.delete()


# --- Needs analyses -------------------------------------------------------------------------


def _period_values(period: str) -> dict:
    period = (period or "").strip()
    return timescale_values(parse_timescale(period) if period else None)


@transaction.atomic
def create_needs_analysis(
    *,
    partnership: Partnership,
    user,
    title: str,
    kind: str,
    period: str = "",
    outcomes=(),
    **values,
) -> NeedsAnalysis:
    """Record a needs analysis; ``period`` as written ("2009/10"), read as a timescale."""
    values = _pick({"title": title, "kind": kind, **values}, NEEDS_ANALYSIS_FIELDS)
    _organisation_in(partnership, values.get("author_organisation"), "author_organisation")
    _same_partnership(partnership, *outcomes, field="outcomes")
    analysis = _save(
        NeedsAnalysis(partnership=partnership),
        user=user,
        values={**values, **_period_values(period)},
    )
    analysis.outcomes.set(outcomes)
    return analysis


@transaction.atomic
def edit_needs_analysis(
    *, analysis: NeedsAnalysis, user, period: str | None = None, outcomes=None, **values
) -> NeedsAnalysis:
    values = _pick(values, NEEDS_ANALYSIS_FIELDS)
    analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    partnership = analysis.partnership
    _organisation_in(partnership, values.get("author_organisation"), "author_organisation")
    if period is not None and period.strip() != analysis.timescale_text:
        values.update(_period_values(period))
    _save(analysis, user=user, values=values)
    if outcomes is not None:
        _same_partnership(partnership, *outcomes, field="outcomes")
        if {o.pk for o in outcomes} != set(analysis.outcomes.values_list("pk", flat=True)):
            analysis._history_user = user
            analysis.outcomes.set(outcomes)
    return analysis


@transaction.atomic
def archive_needs_analysis(*, analysis: NeedsAnalysis, user) -> NeedsAnalysis:
    analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.archived_at is None:
        _save(analysis, user=user, values={"archived_at": timezone.now(), "archived_by": user})
    return analysis


@transaction.atomic
def restore_needs_analysis(*, analysis: NeedsAnalysis, user) -> NeedsAnalysis:
    analysis = NeedsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if analysis.archived_at is not None:
        _save(analysis, user=user, values={"archived_at": None, "archived_by": None})
    return analysis


# --- Gaps -----------------------------------------------------------------------------------


@transaction.atomic
def create_gap(
    *,
    partnership: Partnership,
    user,
    outcome: Outcome,
    description: str,
    severity: str,
    needs_analysis: NeedsAnalysis | None = None,
    identified_on: dt.date | None = None,
) -> Gap:
    """Record a gap as identified on a date (today by default): its first status move."""
    _same_partnership(partnership, outcome, field="outcome")
    _same_partnership(partnership, needs_analysis, field="needs_analysis")
    on = identified_on or timezone.localdate()
    gap = _save(
        Gap(partnership=partnership),
        user=user,
        values={
            "outcome": outcome,
            "description": description,
            "severity": severity,
            "needs_analysis": needs_analysis,
            "status": GapStatus.IDENTIFIED,
            "status_date": on,
        },
    )
    GapStatusMove.objects.create(gap=gap, status=GapStatus.IDENTIFIED, date=on, recorded_by=user)
    return gap


@transaction.atomic
def edit_gap(*, gap: Gap, user, **values) -> Gap:
    """Change what a gap is about; its status moves only through ``move_gap``."""
    values = _pick(values, GAP_FIELDS)
    gap = Gap.objects.select_for_update().get(pk=gap.pk)
    _same_partnership(gap.partnership, values.get("outcome"), field="outcome")
    _same_partnership(gap.partnership, values.get("needs_analysis"), field="needs_analysis")
    return _save(gap, user=user, values=values)


@transaction.atomic
def move_gap(*, gap: Gap, user, status: str, on: dt.date, note: str = "") -> GapStatusMove:
    """Move a gap to ``status`` on a date, kept as a new dated row; the gap shows the latest.

    Refused for the status it already has and for a date before its last move.
    """
    if status not in GapStatus.values:
        raise OutcomesError(f"Unknown status {status!r}", field="status")
    gap = Gap.objects.select_for_update().get(pk=gap.pk)
    if status == gap.status:
        raise OutcomesError(
            f"The gap is already {gap.get_status_display().lower()}", field="status"
        )
    if on < gap.status_date:
        raise OutcomesError(
            f"The date cannot be before the last move, {gap.status_date:%-d %B %Y}", field="on"
        )
    _save(gap, user=user, values={"status": status, "status_date": on})
    return GapStatusMove.objects.create(
        gap=gap, status=status, date=on, note=note, recorded_by=user
    )


# --- Programme links ------------------------------------------------------------------------


@transaction.atomic
def link_programme_item(*, item, target, user) -> ProgrammeLink:
    """Link a deliverable or action to the outcome, chain or needs analysis it is about.

    Both must be of the same partnership; linking twice changes nothing.
    """
    if isinstance(item, Deliverable):
        partnership_id, item_field = item.stage.programme.partnership_id, "deliverable"
    elif isinstance(item, Action):
        partnership_id, item_field = item.programme.partnership_id, "action"
    else:
        raise TypeError("Link a deliverable or an action")
    fields = {Outcome: "outcome", OutcomeChain: "chain", NeedsAnalysis: "needs_analysis"}
    target_field = fields.get(type(target))
    if target_field is None:
        raise TypeError("Link to an outcome, a chain or a needs analysis")
    if target.partnership_id != partnership_id:
        raise OutcomesError(f"“{target}” belongs to another partnership", field="target")
    lookup = {item_field: item, target_field: target}
    link = ProgrammeLink.objects.filter(**lookup).first()
    if link is None:
        link = _save(ProgrammeLink(partnership_id=partnership_id, **lookup), user=user)
    return link


@transaction.atomic
def unlink_programme_item(*, link: ProgrammeLink, user) -> None:
    link._history_user = user
    link.delete()
