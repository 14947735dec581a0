"""Commissions pages, each under its partnership: /commissions/<partnership>/…

Who may read and change them follows the outcomes rules (the partnership's members read,
its managers change), through ``commissioning.core.access``.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commissioning.commissions import evidence, services
from commissioning.commissions.forms import StageMoveForm
from commissioning.commissions.models import Commission, ScoringRound, Stage, Status
from commissioning.core import access


def _partnership(request, slug):
    return access.outcomes_partnership_for(request.user, slug)


def board(request, slug):
    """The cycle board: a column per stage, filtered by outcome, theme, commissioner, status."""
    partnership = _partnership(request, slug)
    chosen = {
        key: request.GET.get(key, "").strip() for key in ("outcome", "theme", "lead", "status")
    }
    commissions = (
        Commission.objects.filter(partnership=partnership)
        .select_related("lead_post", "lead_holder")
        .prefetch_related("outcomes")
    )
    if chosen["outcome"].isdigit():
        commissions = commissions.filter(outcomes__pk=int(chosen["outcome"]))
    if chosen["theme"]:
        commissions = commissions.filter(outcomes__theme=chosen["theme"])
    if chosen["lead"].isdigit():
        commissions = commissions.filter(lead_post__pk=int(chosen["lead"]))
    if chosen["status"] in Status.values:
        commissions = commissions.filter(status=chosen["status"])
    now = timezone.now()
    rows = list(commissions.distinct())
    columns = [
        {
            "stage": label,
            "items": [
                {"commission": c, "days": (now - c.stage_since).days if c.stage_since else None}
                for c in rows
                if c.stage == value
            ],
        }
        for value, label in Stage.choices
    ]
    outcomes = list(partnership.outcomes.filter(archived_at__isnull=True))
    context = {
        "partnership": partnership,
        "columns": columns,
        "chosen": chosen,
        "statuses": Status.choices,
        "outcomes": outcomes,
        "themes": sorted({o.theme for o in outcomes} - {""}),
        "uncovered": [o for o in outcomes if not any(o in c.outcomes.all() for c in rows)],
    }
    return render(request, "commissions/board.html", context)


def commission_page(request, slug, pk):
    partnership = _partnership(request, slug)
    commission = get_object_or_404(
        Commission.objects.filter(partnership=partnership).select_related(
            "lead_post", "lead_holder"
        ),
        pk=pk,
    )
    moves = list(commission.moves.select_related("moved_by"))
    context = {
        "partnership": partnership,
        "commission": commission,
        "moves": moves,
        "spent": [
            (Stage(stage).label, delta.days)
            for stage, delta in services.time_in_stages(moves).items()
        ],
        "gaps": evidence.open_gaps([commission.pk]).get(commission.pk, []),
        "form": StageMoveForm(),
        "may_change": access.can_change_outcomes(request.user, partnership),
        "not_yet": evidence.NOT_YET_AVAILABLE,
    }
    return render(request, "commissions/commission.html", context)


@require_POST
def commission_move(request, slug, pk):
    partnership = _partnership(request, slug)
    access.require_change_outcomes(request.user, partnership)
    commission = get_object_or_404(Commission.objects.filter(partnership=partnership), pk=pk)
    form = StageMoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_stage(
                commission=commission,
                user=request.user,
                to_stage=form.cleaned_data["to_stage"],
                why=form.cleaned_data["why"],
            )
        except services.CommissionsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Moved to {Stage(commission.stage).label}")
            return redirect("commissions-commission", slug, pk)
    moves = list(commission.moves.select_related("moved_by"))
    context = {
        "partnership": partnership,
        "commission": commission,
        "moves": moves,
        "spent": [],
        "gaps": [],
        "form": form,
        "may_change": True,
        "not_yet": evidence.NOT_YET_AVAILABLE,
    }
    return render(request, "commissions/commission.html", context, status=400)


def prioritised(request, slug, pk):
    """A round's prioritised list: weighted total, rank, rank range, evidence beside each."""
    partnership = _partnership(request, slug)
    scoring_round = get_object_or_404(
        ScoringRound.objects.filter(partnership=partnership).select_related("criteria_set"), pk=pk
    )
    ranked = services.prioritised_list(scoring_round)
    titles = dict(
        Commission.objects.filter(pk__in=[r.key for r in ranked]).values_list("pk", "title")
    )
    gaps = evidence.open_gaps(titles)
    rows = [
        {
            "item": item,
            "title": titles[item.key],
            "pk": item.key,
            "total": f"{item.total:.2f}",
            "gaps": gaps.get(item.key, []),
        }
        for item in ranked
    ]
    context = {
        "partnership": partnership,
        "round": scoring_round,
        "rows": rows,
        "not_yet": evidence.NOT_YET_AVAILABLE,
    }
    return render(request, "commissions/prioritised.html", context)
