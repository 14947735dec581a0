"""Commissions pages, each under its partnership: /commissions/<partnership>/…

Who may read and change them follows the outcomes rules (the partnership's members read,
its managers change), through ``commissioning.access.rules``.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from commissioning.access import rules as access
from commissioning.commissions import evidence, exports, ocds, presenters, services, trails
from commissioning.commissions.dashboard import dashboard as commissioning_dashboard
from commissioning.commissions.forms import (
    STALE,
    ActOnLessonForm,
    ApproveRoundForm,
    CommissionForm,
    CriteriaSetForm,
    EvaluationForm,
    EvaluationPlanForm,
    LessonForm,
    MilestoneForm,
    MilestoneRecordForm,
    ScoringRoundForm,
    StageMoveForm,
)
from commissioning.commissions.models import Commission, Lesson, ScoringRound, Stage, Status
from commissioning.core.dates import as_of_from
from commissioning.partnership.models import Partnership
from commissioning.programmes.concurrency import EditConflict, current_version


def _partnership(request, slug):
    return access.partnership_for(request.user, slug)


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
        "rounds": ScoringRound.objects.filter(partnership=partnership)
        .select_related("approved_meeting")
        .order_by("-held_on", "-pk"),
        "may_manage": access.can_manage_commissions(request.user, partnership),
    }
    return render(request, "commissions/board.html", context)


def coverage(request, slug):
    """Which outcome areas have a commission in the cycle, outcome by outcome."""
    partnership = _partnership(request, slug)
    areas = presenters.coverage(partnership)
    context = {
        "partnership": partnership,
        "areas": areas,
        "complete": sum(1 for area in areas if not area.uncovered),
    }
    return render(request, "commissions/coverage.html", context)


def dashboard(request, slug):
    """The commissioning dashboard as of ``?as_of=`` (today if not given): commissions by
    stage, pilots and their evaluations, outcomes with no commission, money against RAG."""
    partnership = _partnership(request, slug)
    as_of, date_error = as_of_from(request)
    context = {
        "partnership": partnership,
        "dashboard": commissioning_dashboard(partnership, as_of=as_of or timezone.localdate()),
        "as_of_text": request.GET.get("as_of", "").strip(),
        "date_error": date_error,
    }
    return render(request, "commissions/dashboard.html", context, status=400 if date_error else 200)


def _commission(partnership, pk) -> Commission:
    return get_object_or_404(
        Commission.objects.filter(partnership=partnership).select_related(
            "partnership", "lead_post", "lead_holder", "predecessor"
        ),
        pk=pk,
    )


def _commission_page(request, partnership, commission, form, status=200):
    moves = list(commission.moves.select_related("moved_by"))
    found = evidence.gather([commission.pk])
    context = {
        "partnership": partnership,
        "commission": commission,
        "moves": moves,
        "spent": [
            (Stage(stage).label, delta.days)
            for stage, delta in services.time_in_stages(moves).items()
        ],
        "gaps": found.gaps.get(commission.pk, []),
        "form": form,
        "may_change": access.can_manage_commissions(request.user, partnership),
        "indicators": found.indicators.get(commission.pk, []),
        "money": found.money.get(commission.pk),
        "none_recorded": evidence.NONE_RECORDED,
        "trail": trails.commission_trail(commission),
        "successor": Commission.objects.filter(predecessor=commission).first(),
        "learning": presenters.learning(commission),
        "milestones": list(commission.milestones.order_by("due", "id")),
    }
    return render(request, "commissions/commission.html", context, status=status)


def commission_page(request, slug, pk):
    partnership = _partnership(request, slug)
    return _commission_page(request, partnership, _commission(partnership, pk), StageMoveForm())


@require_POST
def commission_move(request, slug, pk):
    partnership = _partnership(request, slug)
    access.require_manage_commissions(request.user, partnership)
    commission = _commission(partnership, pk)
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
    return _commission_page(request, partnership, commission, form, status=400)


def commission_ocds(request, slug, pk):
    """The commission as an Open Contracting (OCDS 1.1) release package, to publish."""
    partnership = _partnership(request, slug)
    commission = get_object_or_404(
        Commission.objects.filter(partnership=partnership).select_related(
            "partnership__lead_organisation"
        ),
        pk=pk,
    )
    package = ocds.for_commission(commission, uri=request.build_absolute_uri())
    response = JsonResponse(package, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="commission-{commission.pk}-ocds.json"'
    return response


def _round(request, slug, pk):
    partnership = _partnership(request, slug)
    scoring_round = get_object_or_404(
        ScoringRound.objects.filter(partnership=partnership).select_related(
            "criteria_set", "partnership", "approved_meeting"
        ),
        pk=pk,
    )
    return partnership, scoring_round


def prioritised(request, slug, pk):
    """A round's prioritised list: weighted total, rank, rank range, evidence beside each."""
    partnership, scoring_round = _round(request, slug, pk)
    context = {
        "partnership": partnership,
        "round": scoring_round,
        "listing": presenters.prioritised(scoring_round),
        "none_recorded": evidence.NONE_RECORDED,
        "may_approve": not scoring_round.is_approved
        and access.can_manage_commissions(request.user, partnership),
    }
    return render(request, "commissions/prioritised.html", context)


def criteria_set_create(request, slug):
    """A manager sets out a criteria set: each criterion and its weight, adding up to 100."""
    partnership = _partnership(request, slug)
    access.require_manage_commissions(request.user, partnership)
    form = CriteriaSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            criteria_set = services.create_criteria_set(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"The criteria set “{criteria_set.name}” is recorded")
            return redirect("commissions-round-create", slug)
    back = reverse("commissions-board", args=[slug])
    return _form_page(request, partnership, form, heading="New criteria set", back_url=back)


def round_create(request, slug):
    """A manager starts a scoring round: its criteria set, day, panel and commissions."""
    partnership = _partnership(request, slug)
    access.require_manage_commissions(request.user, partnership)
    form = ScoringRoundForm(
        request.POST or None,
        partnership=partnership,
        people=access.people_of(Partnership.objects.filter(pk=partnership.pk)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            scoring_round = services.create_round(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"The round “{scoring_round.name}” is started")
            return redirect("commissions-scores", slug, scoring_round.pk)
    back = reverse("commissions-board", args=[slug])
    return _form_page(request, partnership, form, heading="New scoring round", back_url=back)


def approve(request, slug, pk):
    """A manager records the meeting that approved the round's prioritised list: a
    governance decision, after which its commissions are prioritised."""
    partnership, scoring_round = _round(request, slug, pk)
    access.require_manage_commissions(request.user, partnership)
    back = reverse("commissions-prioritised", args=[slug, scoring_round.pk])
    form = ApproveRoundForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.approve_round(
                scoring_round=scoring_round,
                user=request.user,
                meeting=form.cleaned_data["meeting"],
                text=form.cleaned_data["text"].strip(),
            )
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"The prioritised list of {scoring_round.name} is approved")
            return redirect(back)
    heading = f"Approve the prioritised list: {scoring_round.name}"
    return _form_page(request, partnership, form, heading=heading, back_url=back)


def scores(request, slug, pk):
    """A manager enters one panel member's scores for the round: a cell per commission and
    criterion, on the round's scale; all of them are recorded, or none with each bad cell
    named."""
    partnership, scoring_round = _round(request, slug, pk)
    access.require_manage_commissions(request.user, partnership)
    panel = list(scoring_round.panel.order_by("name", "id"))
    asked = (request.POST if request.method == "POST" else request.GET).get("member", "")
    member = next((person for person in panel if str(person.pk) == asked), None)
    problem = "Choose a member of the round's panel" if asked and member is None else ""
    grid = presenters.scoring_grid(scoring_round, member) if member else []
    if request.method == "POST" and member is not None:
        grid = presenters.scoring_grid(scoring_round, member, posted=request.POST)
        criteria = {c.pk: c for c in scoring_round.criteria_set.criteria.all()}
        filled = [
            (row, cell, criterion)
            for row in grid
            for cell, criterion in zip(row.cells, criteria.values(), strict=True)
            if cell.value
        ]
        entries = [
            services.ScoreEntry(row.commission, criterion, member, cell.value)
            for row, cell, criterion in filled
        ]
        try:
            if not entries:
                raise services.CommissionsError("Choose at least one score")
            services.record_scores(scoring_round=scoring_round, user=request.user, entries=entries)
        except services.ScoresRefused as refusal:
            for (_, cell, _), errors in zip(filled, refusal.problems, strict=True):
                cell.error = " ".join(message for found in errors.values() for message in found)
            problem = "Some scores could not be recorded, so none were: see each one marked"
        except services.CommissionsError as error:
            problem = error.message
        else:
            messages.success(request, f"{len(entries)} scores of {member.name} are recorded")
            return redirect(
                reverse("commissions-scores", args=[slug, scoring_round.pk])
                + f"?member={member.pk}"
            )
    context = {
        "partnership": partnership,
        "round": scoring_round,
        "panel": panel,
        "member": member,
        "criteria": list(scoring_round.criteria_set.criteria.all()),
        "grid": grid,
        "options": presenters.scale_options(scoring_round.criteria_set.scale),
        "problem": problem,
    }
    status = 400 if problem else 200
    return render(request, "commissions/scores.html", context, status=status)


def compare(request, slug, pk):
    """Two rounds' prioritised lists side by side: each commission's rank then and now."""
    partnership, later = _round(request, slug, pk)
    others = list(
        ScoringRound.objects.filter(partnership=partnership)
        .exclude(pk=later.pk)
        .order_by("-held_on", "-pk")
    )
    chosen = request.GET.get("with", "")
    earlier = next((other for other in others if str(other.pk) == chosen), None)
    error = "" if earlier or not chosen else "Choose one of the partnership's other rounds"
    context = {
        "partnership": partnership,
        "round": later,
        "others": others,
        "earlier": earlier,
        "error": error,
        "rows": presenters.compare_rounds(earlier, later) if earlier else [],
    }
    return render(request, "commissions/compare.html", context, status=400 if error else 200)


EXPORTS = {
    "xlsx": (
        exports.prioritised_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "docx": (
        exports.prioritised_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "pdf": (exports.prioritised_pdf, "application/pdf"),
}


def prioritised_export(request, slug, pk, fmt):
    """The prioritised list as Excel, Word or PDF, for a Cabinet paper."""
    partnership, scoring_round = _round(request, slug, pk)
    if fmt not in EXPORTS:
        raise Http404("The list is written as xlsx, docx or pdf")
    write, content_type = EXPORTS[fmt]
    response = HttpResponse(write(presenters.prioritised(scoring_round)), content_type=content_type)
    name = slugify(scoring_round.name) or "round"
    response["Content-Disposition"] = f'attachment; filename="prioritised-{name}.{fmt}"'
    return response


# --- Creating and editing a commission ------------------------------------------------------

_LISTS = ("outcomes", "gaps", "providers")
_FIELDS = (
    "title",
    "description",
    "lead_post",
    "status",
    "route",
    "budget_amount",
    "expected_savings",
    "actual_cost",
    "actual_savings",
    "is_pilot",
    "predecessor",
)


def commission_create(request, slug):
    """A manager records a new commission; it enters the cycle at the stage they choose."""
    partnership = _partnership(request, slug)
    access.require_manage_commissions(request.user, partnership)
    form = CommissionForm(
        request.POST or None,
        partnership=partnership,
        providers=access.provider_choices(partnership),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commission = services.create_commission(
                partnership=partnership,
                user=request.user,
                stage=data["stage"],
                **{name: data[name] for name in _LISTS},
                **{name: data[name] for name in _FIELDS},
            )
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"“{commission.title}” is recorded")
            return redirect("commissions-commission", slug, commission.pk)
    return _form_page(
        request,
        partnership,
        form,
        heading="New commission",
        back_url=reverse("commissions-board", args=[slug]),
    )


def commission_edit(request, slug, pk):
    """A manager changes a commission; a form drawn before someone else's save is refused."""
    partnership = _partnership(request, slug)
    access.require_manage_commissions(request.user, partnership)
    commission = get_object_or_404(Commission.objects.filter(partnership=partnership), pk=pk)
    version = current_version(commission)
    kwargs = {
        "partnership": partnership,
        "providers": access.provider_choices(partnership),
        "commission": commission,
        "current_version": version,
        "initial": CommissionForm.initial_for(commission),
    }
    form = CommissionForm(request.POST or None, **kwargs)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_commission(
                    commission=commission,
                    user=request.user,
                    expected_version=version,
                    **{name: list(data[name]) for name in _LISTS},
                    **{name: data[name] for name in _FIELDS},
                )
            except EditConflict:
                form.add_error(None, "Someone else saved this commission meanwhile: save again.")
            except services.CommissionsError as error:
                _refuse(form, error)
            else:
                messages.success(request, f"“{commission.title}” is saved")
                return redirect("commissions-commission", slug, commission.pk)
        elif form.has_error("__all__", code=STALE):
            form = _restamp(request.POST, version, form, kwargs)
    return _form_page(
        request,
        partnership,
        form,
        heading=f"Change {commission.title}",
        back_url=reverse("commissions-commission", args=[slug, pk]),
    )


def _refuse(form, error: services.CommissionsError, fields: dict | None = None) -> None:
    field = (fields or {}).get(error.field, error.field)
    form.add_error(field if field in form.fields else None, error.message)


def _restamp(data, version, stale_form, kwargs):
    """The person's values again, now carrying the current version, the refusal kept."""
    data = data.copy()
    data["version"] = version
    form = CommissionForm(data, **kwargs)
    form.is_valid()
    for error in stale_form.non_field_errors():
        form.add_error(None, error)
    return form


def _form_page(request, partnership, form, *, heading, back_url):
    context = {"partnership": partnership, "form": form, "heading": heading, "back_url": back_url}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "commissions/form_page.html", context, status=status)


# --- Procurement milestones -----------------------------------------------------------------


def _milestones_back(slug, commission) -> str:
    return reverse("commissions-commission", args=[slug, commission.pk]) + "#milestones"


def milestone_create(request, slug, pk):
    """A manager adds a dated milestone of an Open Contracting stage to a commission."""
    partnership, commission = _managed_commission(request, slug, pk)
    form = MilestoneForm(
        request.POST or None, initial={"stage": commission.procurement_stage or "planning"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(commission=commission, user=request.user, **form.cleaned_data)
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, "The milestone is added")
            return redirect(_milestones_back(slug, commission))
    heading = f"Add a procurement milestone: {commission.title}"
    back = _milestones_back(slug, commission)
    return _form_page(request, partnership, form, heading=heading, back_url=back)


def milestone_record(request, slug, pk, milestone_pk):
    """A manager records whether a milestone was met (met, partly met, not met), and when."""
    partnership, commission = _managed_commission(request, slug, pk)
    milestone = get_object_or_404(commission.milestones, pk=milestone_pk)
    form = MilestoneRecordForm(
        request.POST or None, initial={"status": milestone.status, "met_on": milestone.met_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_milestone(milestone=milestone, user=request.user, **form.cleaned_data)
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, f"Recorded: {milestone.title}")
            return redirect(_milestones_back(slug, commission))
    heading = f"Record the milestone: {milestone.title}"
    back = _milestones_back(slug, commission)
    return _form_page(request, partnership, form, heading=heading, back_url=back)


# --- Pilots: evaluation plans, evaluations and lessons --------------------------------------


def _managed_commission(request, slug, pk):
    partnership = _partnership(request, slug)
    access.require_manage_commissions(request.user, partnership)
    commission = get_object_or_404(
        Commission.objects.filter(partnership=partnership).select_related("partnership"), pk=pk
    )
    return partnership, commission


def _back(slug, commission) -> str:
    return reverse("commissions-commission", args=[slug, commission.pk]) + "#learning"


def evaluation_plan_edit(request, slug, pk):
    """A manager writes (or rewrites) how a pilot will be evaluated."""
    partnership, commission = _managed_commission(request, slug, pk)
    plan = presenters.learning(commission).plan
    initial = {}
    if plan is not None:
        fields = ("questions", "method", "baseline", "interim_on", "final_on")
        initial = {name: getattr(plan, name) for name in fields}
    form = EvaluationPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_evaluation_plan(
                commission=commission, user=request.user, **form.cleaned_data
            )
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, "The evaluation plan is saved")
            return redirect(_back(slug, commission))
    heading = f"Evaluation plan: {commission.title}"
    return _form_page(request, partnership, form, heading=heading, back_url=_back(slug, commission))


def evaluation_create(request, slug, pk):
    """A manager records an evaluation of a commission: its result and findings."""
    partnership, commission = _managed_commission(request, slug, pk)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_evaluation(
                commission=commission, user=request.user, **form.cleaned_data
            )
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, "The evaluation is recorded")
            return redirect(_back(slug, commission))
    heading = f"Record an evaluation: {commission.title}"
    return _form_page(request, partnership, form, heading=heading, back_url=_back(slug, commission))


def lesson_create(request, slug, pk):
    """A manager records a lesson the commission taught, addressed to whoever should act."""
    partnership, commission = _managed_commission(request, slug, pk)
    form = LessonForm(
        request.POST or None,
        commission=commission,
        initial={"target": "commission", "target_commission": commission.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_lesson(
                partnership=partnership,
                user=request.user,
                text=data["text"],
                target=data["target"],
                evaluation=data["evaluation"],
                commission=data["target_commission"],
                criterion=data["target_criterion"],
            )
        except services.CommissionsError as error:
            _refuse(
                form, error, {"commission": "target_commission", "criterion": "target_criterion"}
            )
        else:
            messages.success(request, "The lesson is recorded")
            return redirect(_back(slug, commission))
    heading = f"Record a lesson: {commission.title}"
    return _form_page(request, partnership, form, heading=heading, back_url=_back(slug, commission))


def lesson_act(request, slug, pk, lesson_pk):
    """A manager records what was done about an open lesson, which closes it."""
    partnership, commission = _managed_commission(request, slug, pk)
    shown = Q(evaluation__commission=commission) | Q(target_commission=commission)
    lesson = get_object_or_404(
        Lesson.objects.filter(shown, partnership=partnership, acted_on__isnull=True), pk=lesson_pk
    )
    form = ActOnLessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.act_on_lesson(
                lesson=lesson,
                user=request.user,
                action_taken=form.cleaned_data["action_taken"],
                on=form.cleaned_data["acted_on"],
            )
        except services.CommissionsError as error:
            _refuse(form, error)
        else:
            messages.success(request, "What was done about the lesson is recorded")
            return redirect(_back(slug, commission))
    heading = f"Act on the lesson: {lesson}"
    return _form_page(request, partnership, form, heading=heading, back_url=_back(slug, commission))
