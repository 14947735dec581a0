"""Outcomes pages: the library, chains, alignment, needs analyses, gaps and coverage.

Each view: the partnership by its slug (404 unless the user may read it) → the record in it →
permission → form → service → redirect or render. The rules are in access.rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from commissioning.access import rules as access
from commissioning.commissions.presenters import serving
from commissioning.finance.presenters import money_by_partner_and_year
from commissioning.outcomes import drawing, services, trails
from commissioning.outcomes import presenters as present
from commissioning.outcomes.forms import (
    AlignmentForm,
    ChainForm,
    FactorForm,
    GapForm,
    GapMoveForm,
    LinkForm,
    MarkForm,
    NeedsAnalysisForm,
    NewGapForm,
    OutcomeForm,
    ProgrammeLinkForm,
    RemoveLinkForm,
)
from commissioning.outcomes.models import (
    Alignment,
    AlignmentMark,
    ChainLink,
    Gap,
    GapStatus,
    Level,
    NeedsAnalysis,
    Outcome,
    OutcomeChain,
    ProgrammeLink,
)
from commissioning.outcomes.services import OutcomesError
from commissioning.performance.presenters import scorecard

# --- Lookups --------------------------------------------------------------------------------


def _partnership(request, slug):
    return access.partnership_for(request.user, slug)


def _in(model, partnership, pk, **related):
    queryset = model.objects.filter(partnership=partnership)
    if related:
        queryset = queryset.select_related(*related["select"])
    return get_object_or_404(queryset, pk=pk)


SECTIONS = [
    ("outcomes-library", "Outcome library"),
    ("outcomes-chains", "Chains"),
    ("outcomes-alignments", "Alignment"),
    ("outcomes-needs-analyses", "Needs analyses"),
    ("outcomes-gaps", "Gaps"),
    ("outcomes-coverage", "Coverage"),
]


def _context(request, partnership, **context) -> dict:
    return {
        "partnership": partnership,
        "may_change": access.can_change_outcomes(request.user, partnership),
        "outcomes_sections": SECTIONS,
        "illustrative": present.is_illustrative(partnership),
        **context,
    }


def _form_page(request, partnership, form, *, heading, back_url, caption="", archive_url=""):
    context = _context(
        request,
        partnership,
        form=form,
        heading=heading,
        back_url=back_url,
        caption=caption,
        archive_url=archive_url,
    )
    return render(request, "outcomes/form_page.html", context, status=400 if form.errors else 200)


def _attempt(form, write) -> object | None:
    """Call the service; a refusal goes on the form. Returns what it made, or None."""
    try:
        return write()
    except OutcomesError as error:
        form.refuse(error)
        return None


# --- Start ----------------------------------------------------------------------------------


def start(request):
    """The partnerships whose outcomes the user reads."""
    partnerships = list(access.visible_partnerships(request.user).order_by("name"))
    return render(request, "outcomes/start.html", {"partnerships": partnerships})


# --- The library ----------------------------------------------------------------------------


def library(request, slug):
    """The outcome library grouped by theme and level, filtered by theme, level, status, text."""
    partnership = _partnership(request, slug)
    outcomes = present.library_outcomes(partnership)
    themes = sorted(set(outcomes.values_list("theme", flat=True)) - {""})
    chosen = {key: request.GET.get(key, "").strip() for key in ("theme", "level", "status", "q")}
    if chosen["theme"]:
        outcomes = outcomes.filter(theme=chosen["theme"])
    if chosen["level"] in Level.values:
        outcomes = outcomes.filter(level=chosen["level"])
    if chosen["status"] in ("draft", "agreed"):
        outcomes = outcomes.filter(status=chosen["status"])
    if chosen["q"]:
        outcomes = outcomes.filter(Q(title__icontains=chosen["q"]) | Q(code__icontains=chosen["q"]))
    groups = present.group_by_theme_and_level(outcomes)
    context = _context(
        request,
        partnership,
        groups=groups,
        themes=themes,
        levels=Level.choices,
        chosen=chosen,
        filtered=any(chosen.values()),
        count=sum(g.count for g in groups),
    )
    return render(request, "outcomes/library.html", context)


def outcome_page(request, slug, pk):
    partnership = _partnership(request, slug)
    outcome = _in(
        Outcome, partnership, pk, select=["owner_organisation", "agreed_meeting", "archived_by"]
    )
    chains = OutcomeChain.objects.filter(nodes__outcome=outcome).select_related(
        "owner_organisation"
    )
    context = _context(
        request,
        partnership,
        outcome=outcome,
        chains=chains,
        leads_to=ChainLink.objects.filter(from_outcome=outcome).select_related(
            "to_outcome", "chain"
        ),
        led_by=ChainLink.objects.filter(to_outcome=outcome).select_related("from_outcome", "chain"),
        analyses=outcome.needs_analyses.not_archived(),
        gaps=outcome.gaps.all(),
        programme_links=ProgrammeLink.objects.filter(outcome=outcome).select_related(
            "deliverable", "action"
        ),
        link_form=ProgrammeLinkForm(partnership=partnership),
        link_url=reverse("outcomes-outcome-link", args=[slug, outcome.pk]),
        versions=outcome.history.select_related("history_user").order_by("-history_id")[:20],
        indicator_rows=scorecard(partnership, outcome=outcome),
        money=money_by_partner_and_year(partnership, outcome_id=outcome.pk),
        commissions=serving(partnership, outcome=outcome),
    )
    return render(request, "outcomes/outcome.html", context)


def outcome_form(request, slug, pk=None):
    """Add an outcome to the library, or change one."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    outcome = _in(Outcome, partnership, pk) if pk else None
    initial = {}
    if outcome:
        initial = {name: getattr(outcome, name) for name in services.OUTCOME_FIELDS}
    else:
        initial = {"status": "draft", "level": request.GET.get("level", "")}
    form = OutcomeForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k in services.OUTCOME_FIELDS}
        if outcome:
            saved = _attempt(
                form, lambda: services.edit_outcome(outcome=outcome, user=request.user, **values)
            )
        else:
            saved = _attempt(
                form,
                lambda: services.create_outcome(
                    partnership=partnership, user=request.user, **values
                ),
            )
        if saved:
            messages.success(request, f"Saved “{saved}”")
            return redirect("outcomes-outcome", slug, saved.pk)
    back = (
        reverse("outcomes-outcome", args=[slug, outcome.pk])
        if outcome
        else reverse("outcomes-library", args=[slug])
    )
    heading = f"Change “{outcome}”" if outcome else "Add an outcome"
    return _form_page(request, partnership, form, heading=heading, back_url=back)


def outcome_archive(request, slug, pk):
    """Confirm, then archive (or restore) an outcome."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    outcome = _in(Outcome, partnership, pk)
    if request.method == "POST":
        if outcome.is_archived:
            services.restore_outcome(outcome=outcome, user=request.user)
            messages.success(request, f"Restored “{outcome}”")
        else:
            services.archive_outcome(outcome=outcome, user=request.user)
            messages.success(request, f"Archived “{outcome}”: it is left out of the library")
        return redirect("outcomes-outcome", slug, outcome.pk)
    context = _context(request, partnership, outcome=outcome)
    return render(request, "outcomes/archive_confirm.html", context)


@require_POST
def outcome_link(request, slug, pk):
    """Link a programme deliverable or action to this outcome."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    outcome = _in(Outcome, partnership, pk)
    return _link_item(request, partnership, outcome, reverse("outcomes-outcome", args=[slug, pk]))


@require_POST
def chain_link_item(request, slug, pk):
    """Link a programme deliverable or action to this chain."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    chain = _in(OutcomeChain, partnership, pk)
    return _link_item(request, partnership, chain, reverse("outcomes-chain", args=[slug, pk]))


def _link_item(request, partnership, target, back_url):
    form = ProgrammeLinkForm(request.POST, partnership=partnership)
    if form.is_valid():
        item = form.cleaned_data["deliverable"] or form.cleaned_data["action"]
        if _attempt(
            form,
            lambda: services.link_programme_item(item=item, target=target, user=request.user),
        ):
            messages.success(request, f"Linked “{item}” to “{target}”")
            return redirect(back_url)
    return _form_page(
        request, partnership, form, heading=f"Link “{target}” to the programme", back_url=back_url
    )


@require_POST
def unlink_item(request, slug, pk):
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    link = _in(ProgrammeLink, partnership, pk)
    target = link.target
    services.unlink_programme_item(link=link, user=request.user)
    messages.success(request, "Link removed")
    if isinstance(target, OutcomeChain):
        return redirect("outcomes-chain", slug, target.pk)
    return redirect("outcomes-outcome", slug, target.pk)


# --- Chains ---------------------------------------------------------------------------------


def chains(request, slug):
    partnership = _partnership(request, slug)
    context = _context(request, partnership, rows=present.chain_rows(partnership))
    return render(request, "outcomes/chains.html", context)


def chain_page(request, slug, pk, link_form=None, factor_form=None, status=200):
    """A chain drawn (SVG by Graphviz) and as nested "so that" lists, with the forms to grow it."""
    partnership = _partnership(request, slug)
    chain = _in(OutcomeChain, partnership, pk, select=["owner_organisation", "agreed_meeting"])
    view = present.chain_view(chain)
    context = _context(
        request,
        partnership,
        chain=chain,
        view=view,
        svg=mark_safe(view.svg(partnership)) if view.outcomes else "",  # noqa: S308 - cleaned
        tree=mark_safe(present.so_that_html(view.tree(partnership))),  # noqa: S308 - escaped
        legend=[
            {
                "label": label,
                "colour": drawing.LEVEL_STYLE[value]["fillcolor"],
                "shape": drawing.LEVEL_SHAPE_NAMES[value],
            }
            for value, label in Level.choices
        ],
        link_form=link_form or LinkForm(partnership=partnership),
        remove_form=RemoveLinkForm(links=view.links),
        factor_form=factor_form or FactorForm(partnership=partnership, chain=chain),
        programme_links=ProgrammeLink.objects.filter(chain=chain).select_related(
            "deliverable", "action"
        ),
        item_form=ProgrammeLinkForm(partnership=partnership),
        item_url=reverse("outcomes-chain-link-item", args=[slug, chain.pk]),
        changes=present.chain_changes(chain),
    )
    return render(request, "outcomes/chain.html", context, status=status)


def chain_form(request, slug, pk=None):
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    chain = _in(OutcomeChain, partnership, pk) if pk else None
    initial = (
        {name: getattr(chain, name) for name in services.CHAIN_FIELDS}
        if chain
        else {"status": "draft"}
    )
    form = ChainForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if chain:
            saved = _attempt(
                form, lambda: services.edit_chain(chain=chain, user=request.user, **values)
            )
        else:
            saved = _attempt(
                form,
                lambda: services.create_chain(partnership=partnership, user=request.user, **values),
            )
        if saved:
            messages.success(request, f"Saved “{saved}”")
            return redirect("outcomes-chain", slug, saved.pk)
    back = (
        reverse("outcomes-chain", args=[slug, chain.pk])
        if chain
        else reverse("outcomes-chains", args=[slug])
    )
    heading = f"Change “{chain}”" if chain else "Start a chain"
    return _form_page(request, partnership, form, heading=heading, back_url=back)


@require_POST
def chain_add_link(request, slug, pk):
    """Add "A so that B" to the chain; a loop is refused with the loop named."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    chain = _in(OutcomeChain, partnership, pk)
    form = LinkForm(request.POST, partnership=partnership)
    if form.is_valid() and _attempt(
        form, lambda: services.add_link(chain=chain, user=request.user, **form.cleaned_data)
    ):
        messages.success(request, "Link added")
        return redirect(reverse("outcomes-chain", args=[slug, pk]) + "#text-version")
    return chain_page(request, slug, pk, link_form=form, status=400)


@require_POST
def chain_add_factor(request, slug, pk):
    """Add a new contributory factor to the library, under an outcome of this chain."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    chain = _in(OutcomeChain, partnership, pk)
    form = FactorForm(request.POST, partnership=partnership, chain=chain)
    if form.is_valid() and _attempt(
        form,
        lambda: services.add_contributory_factor(
            chain=chain, user=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, f"Added “{form.cleaned_data['title']}”")
        return redirect(reverse("outcomes-chain", args=[slug, pk]) + "#text-version")
    return chain_page(request, slug, pk, factor_form=form, status=400)


@require_POST
def chain_remove_link(request, slug, pk):
    """Take a link out of the chain (the outcomes stay in it and in the library)."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    chain = _in(OutcomeChain, partnership, pk)
    link_pk = request.POST.get("link", "")
    if not link_pk.isdigit():
        messages.error(request, "Choose the link to remove")
        return redirect(reverse("outcomes-chain", args=[slug, pk]) + "#remove-link")
    link = get_object_or_404(ChainLink, chain=chain, pk=int(link_pk))
    services.remove_link(link=link, user=request.user)
    messages.success(request, f"Removed the link “{link}”")
    return redirect(reverse("outcomes-chain", args=[slug, pk]) + "#text-version")


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(request, slug, what, fmt):
    """The outcome library, needs analyses or gaps as CSV or Excel."""
    from commissioning.outcomes import exports

    if what not in exports.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404("No such download")
    partnership = _partnership(request, slug)
    rows = exports.TABLES[what](partnership)
    name = f"{partnership.slug}-{what}"
    if fmt == "csv":
        return _download(exports.to_csv(rows), "text/csv; charset=utf-8", f"{name}.csv")
    return _download(
        exports.to_xlsx(rows, what),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{name}.xlsx",
    )


def chain_download(request, slug, pk, fmt):
    """The chain as SVG or PNG, or its link table as CSV or Excel (which imports back)."""
    if fmt not in ("svg", "png", "csv", "xlsx"):
        raise Http404("No such format")
    partnership = _partnership(request, slug)
    chain = _in(OutcomeChain, partnership, pk)
    view = present.chain_view(chain)
    name = slugify(chain.title) or f"chain-{chain.pk}"
    if fmt == "svg":
        svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + view.svg(partnership)
        return _download(svg, "image/svg+xml; charset=utf-8", f"{name}.svg")
    if fmt == "png":
        return _download(drawing.render_png(view.graph(partnership)), "image/png", f"{name}.png")
    from commissioning.outcomes import exports

    rows = present.link_table(view)  # every cell neutralised, like every other export
    if fmt == "csv":
        return _download(exports.to_csv(rows), "text/csv; charset=utf-8", f"{name}-links.csv")
    return _download(
        exports.to_xlsx(rows, "Links"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{name}-links.xlsx",
    )


@require_POST
def chain_archive(request, slug, pk):
    """Archive the chain (it leaves the lists and alignment answers), or restore it."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    chain = _in(OutcomeChain, partnership, pk)
    if chain.is_archived:
        services.restore_chain(chain=chain, user=request.user)
        messages.success(request, f"Restored “{chain}”")
    else:
        services.archive_chain(chain=chain, user=request.user)
        messages.success(request, f"Archived “{chain}”: it is left out of the lists")
    return redirect("outcomes-chain", slug, pk)


# --- Alignment ------------------------------------------------------------------------------


def alignments(request, slug):
    """Every partner: has it completed its chain, and is it aligned? And every alignment."""
    partnership = _partnership(request, slug)
    rows, standings = present.summarise_alignments(partnership)
    context = _context(request, partnership, rows=rows, standings=standings)
    return render(request, "outcomes/alignments.html", context)


def alignment_page(request, slug, pk, mark_form=None, status=200):
    partnership = _partnership(request, slug)
    alignment = get_object_or_404(present.alignments_of(partnership), pk=pk)
    view = present.alignment_view(alignment)
    has_nodes = view.council.outcomes or view.partner.outcomes
    context = _context(
        request,
        partnership,
        alignment=alignment,
        view=view,
        svg=mark_safe(view.svg(partnership)) if has_nodes else "",  # noqa: S308 - cleaned
        council_rows=view.rows("council"),
        partner_rows=view.rows("partner"),
        council_missing=view.missing("council"),
        partner_missing=view.missing("partner"),
        marks=alignment.marks.all(),
        mark_form=mark_form or MarkForm(partnership=partnership, alignment=alignment),
    )
    return render(request, "outcomes/alignment.html", context, status=status)


def alignment_form(request, slug):
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    form = AlignmentForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form, lambda: services.create_alignment(user=request.user, **form.cleaned_data)
        )
        if saved:
            return redirect("outcomes-alignment", slug, saved.pk)
    back = reverse("outcomes-alignments", args=[slug])
    return _form_page(request, partnership, form, heading="Align two chains", back_url=back)


@require_POST
def alignment_mark(request, slug, pk):
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    alignment = _in(Alignment, partnership, pk, select=["partner_chain", "council_chain"])
    form = MarkForm(request.POST, partnership=partnership, alignment=alignment)
    if form.is_valid() and _attempt(
        form,
        lambda: services.mark_alignment(
            alignment=alignment, user=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "Mark added")
        return redirect("outcomes-alignment", slug, pk)
    return alignment_page(request, slug, pk, mark_form=form, status=400)


@require_POST
def alignment_unmark(request, slug, pk, mark_pk):
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    alignment = _in(Alignment, partnership, pk)
    mark = get_object_or_404(AlignmentMark, alignment=alignment, pk=mark_pk)
    services.remove_mark(mark=mark, user=request.user)
    messages.success(request, "Mark removed")
    return redirect("outcomes-alignment", slug, pk)


# --- Needs analyses -------------------------------------------------------------------------


def needs_analyses(request, slug):
    partnership = _partnership(request, slug)
    context = _context(request, partnership, analyses=present.needs_analyses(partnership))
    return render(request, "outcomes/needs_analyses.html", context)


def needs_analysis_form(request, slug, pk=None):
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    analysis = _in(NeedsAnalysis, partnership, pk) if pk else None
    initial = {}
    if analysis:
        initial = {name: getattr(analysis, name) for name in services.NEEDS_ANALYSIS_FIELDS}
        initial |= {"period": analysis.timescale_text, "outcomes": list(analysis.outcomes.all())}
    form = NeedsAnalysisForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values["outcomes"] = list(values["outcomes"])
        if analysis:
            saved = _attempt(
                form,
                lambda: services.edit_needs_analysis(
                    analysis=analysis, user=request.user, **values
                ),
            )
        else:
            saved = _attempt(
                form,
                lambda: services.create_needs_analysis(
                    partnership=partnership, user=request.user, **values
                ),
            )
        if saved:
            messages.success(request, f"Saved “{saved}”")
            return redirect("outcomes-needs-analyses", slug)
    back = reverse("outcomes-needs-analyses", args=[slug])
    heading = f"Change “{analysis}”" if analysis else "Add a needs analysis"
    archive = (
        reverse("outcomes-needs-analysis-archive", args=[slug, analysis.pk]) if analysis else ""
    )
    return _form_page(
        request, partnership, form, heading=heading, back_url=back, archive_url=archive
    )


@require_POST
def needs_analysis_archive(request, slug, pk):
    """Archive a needs analysis (it leaves the list and the coverage), or restore it."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    analysis = _in(NeedsAnalysis, partnership, pk)
    if analysis.is_archived:
        services.restore_needs_analysis(analysis=analysis, user=request.user)
        messages.success(request, f"Restored “{analysis}”")
    else:
        services.archive_needs_analysis(analysis=analysis, user=request.user)
        messages.success(request, f"Archived “{analysis}”: it is left out of the coverage")
    return redirect("outcomes-needs-analyses", slug)


# --- Gaps -----------------------------------------------------------------------------------


def gaps(request, slug):
    partnership = _partnership(request, slug)
    rows = present.gaps(partnership)
    chosen = request.GET.get("status", "")
    if chosen == "open":
        rows = rows.exclude(status=GapStatus.CLOSED)
    elif chosen in GapStatus.values:
        rows = rows.filter(status=chosen)
    context = _context(request, partnership, gaps=rows, statuses=GapStatus.choices, chosen=chosen)
    return render(request, "outcomes/gaps.html", context)


def gap_form(request, slug, pk=None):
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    gap = _in(Gap, partnership, pk) if pk else None
    form_class = GapForm if gap else NewGapForm
    initial = {name: getattr(gap, name) for name in services.GAP_FIELDS} if gap else {}
    if not gap and request.GET.get("outcome", "").isdigit():
        initial["outcome"] = int(request.GET["outcome"])
    form = form_class(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        if gap:
            saved = _attempt(form, lambda: services.edit_gap(gap=gap, user=request.user, **values))
        else:
            saved = _attempt(
                form,
                lambda: services.create_gap(partnership=partnership, user=request.user, **values),
            )
        if saved:
            messages.success(request, "Gap saved")
            return redirect("outcomes-gap", slug, saved.pk)
    back = (
        reverse("outcomes-gap", args=[slug, gap.pk])
        if gap
        else reverse("outcomes-gaps", args=[slug])
    )
    heading = "Change the gap" if gap else "Record a gap"
    return _form_page(request, partnership, form, heading=heading, back_url=back)


def gap_page(request, slug, pk, move_form=None, status=200):
    partnership = _partnership(request, slug)
    gap = _in(Gap, partnership, pk, select=["outcome", "needs_analysis"])
    context = _context(
        request,
        partnership,
        gap=gap,
        moves=gap.moves.select_related("recorded_by"),
        move_form=move_form or GapMoveForm(),
    )
    return render(request, "outcomes/gap.html", context, status=status)


@require_POST
def gap_move(request, slug, pk):
    """Move a gap on (identified → being addressed → closed), dated."""
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    gap = _in(Gap, partnership, pk)
    form = GapMoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_gap(gap=gap, user=request.user, **form.cleaned_data)
        except OutcomesError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Gap moved")
            return redirect("outcomes-gap", slug, pk)
    return gap_page(request, slug, pk, move_form=form, status=400)


# --- Coverage -------------------------------------------------------------------------------


def coverage(request, slug):
    """Outcomes × needs analyses: current, stale or no analysis, and open gaps per outcome."""
    partnership = _partnership(request, slug)
    context = _context(request, partnership, matrix=present.coverage_matrix(partnership))
    return render(request, "outcomes/coverage.html", context)


# --- Change logs -------------------------------------------------------------------------------


def outcome_history(request, slug, pk):
    """Every change to the outcome, its gaps and the programme items linked to it."""
    partnership = _partnership(request, slug)
    outcome = _in(Outcome, partnership, pk)
    back = reverse("outcomes-outcome", args=[slug, outcome.pk])
    title = f"{outcome.code} {outcome.title}".strip()
    return _history(request, partnership, title, back, "outcome", trails.outcome_trail(outcome))


def chain_history(request, slug, pk):
    """Every change to the chain, the outcomes placed in it and its "so that" links."""
    partnership = _partnership(request, slug)
    chain = _in(OutcomeChain, partnership, pk)
    back = reverse("outcomes-chain", args=[slug, chain.pk])
    return _history(request, partnership, chain.title, back, "chain", trails.chain_trail(chain))


def alignment_history(request, slug, pk):
    """Every change to the alignment and its marks."""
    partnership = _partnership(request, slug)
    alignment = get_object_or_404(present.alignments_of(partnership), pk=pk)
    back = reverse("outcomes-alignment", args=[slug, alignment.pk])
    title = f"{alignment.partner_chain} beside {alignment.council_chain}"
    trail = trails.alignment_trail(alignment)
    return _history(request, partnership, title, back, "alignment", trail)


def needs_analysis_history(request, slug, pk):
    """Every change to the needs analysis and the gaps it is evidence for."""
    partnership = _partnership(request, slug)
    analysis = _in(NeedsAnalysis, partnership, pk)
    back = reverse("outcomes-needs-analyses", args=[slug])
    trail = trails.needs_analysis_trail(analysis)
    return _history(request, partnership, analysis.title, back, "needs analysis", trail)


def gap_history(request, slug, pk):
    """Every change to the gap."""
    partnership = _partnership(request, slug)
    gap = _in(Gap, partnership, pk)
    back = reverse("outcomes-gap", args=[slug, gap.pk])
    return _history(request, partnership, str(gap), back, "gap", trails.gap_trail(gap))


HISTORY_COVERS = {
    "outcome": "the outcome, its gaps and the programme items linked to it",
    "chain": "the chain, the outcomes placed in it and its “so that” links",
    "alignment": "the alignment and its marks",
    "needs analysis": "the needs analysis and the gaps it is evidence for",
    "gap": "the gap (its dated status moves are on its page)",
}


def _history(request, partnership, title: str, back_url: str, kind: str, entries):
    context = _context(
        request,
        partnership,
        title=title,
        back_url=back_url,
        kind=kind,
        covers=HISTORY_COVERS[kind],
        entries=entries,
    )
    return render(request, "outcomes/history.html", context)
