"""The total pot pages: the count for a year, deep dives, comparisons, submissions, lines.

Each view: the partnership by its slug (404 unless the user belongs to it) → permission →
form → service → redirect or render. The rules are in access.rules; the counting in ``pot``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from commissioning.access import rules as access
from commissioning.commissions.presenters import serving
from commissioning.finance import charts, exports, services
from commissioning.finance import pot as count
from commissioning.finance import presenters as present
from commissioning.finance.forms import DeepDiveForm, PopulationForm, SpendLineForm
from commissioning.finance.models import DeepDive, Phase, SpendLine, Submission
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Agreement, Organisation
from commissioning.performance.presenters import scorecard
from commissioning.programmes.concurrency import EditConflict, current_version

SECTIONS = [
    ("finance-pot", "The total pot"),
    ("finance-compare", "Compare"),
    ("finance-lines", "Spend lines"),
    ("finance-submissions", "Submissions"),
    ("finance-population", "Population"),
]


def _partnership(request, slug):
    return access.partnership_for(request.user, slug)


def _context(request, partnership, **context) -> dict:
    return {
        "partnership": partnership,
        "may_manage": access.can_manage_finance(request.user, partnership),
        "may_enter": access.can_enter_spend(request.user, partnership),
        "finance_sections": SECTIONS,
        "illustrative": present.is_illustrative(partnership),
        **context,
    }


def _selection(request, partnership):
    years = count.years(partnership)
    year = present.choose_year(partnership, request.GET.get("year"), years)
    phase = present.choose_phase(request.GET.get("phase"), count.phases_of(partnership, year))
    by = "outcome" if request.GET.get("by") == "outcome" else "theme"
    return years, year, phase, by


def start(request):
    partnerships = list(access.visible_partnerships(request.user).order_by("name"))
    return render(request, "finance/start.html", {"partnerships": partnerships})


def pot_page(request, slug):
    """The total pot for a year and phase: partners × themes (or outcomes)."""
    partnership = _partnership(request, slug)
    years, year, phase, by = _selection(request, partnership)
    matrix = count.matrix(partnership, year=year, phase=phase, by=by)
    what = "outcome" if by == "outcome" else "theme"
    context = _context(
        request,
        partnership,
        matrix=matrix,
        years=years or [year],
        year=year,
        phase=phase,
        phase_label=Phase(phase).label,
        phases=Phase.choices,
        by=by,
        what=what,
        bars=mark_safe(
            charts.stacked_bars(matrix, title=f"Spend by partner and {what}, {year} {phase}")
        ),
        treemap=mark_safe(charts.treemap(matrix, title=f"Spend by {what}, {year} {phase}")),
        pools=present.pools(partnership, year, phase),
        query=urlencode({"year": year, "phase": phase}),
    )
    return render(request, "finance/pot.html", context)


def deep_dive(request, slug):
    """Every line behind a theme or outcome, by partner and service, and the dive's notes."""
    partnership = _partnership(request, slug)
    years, year, phase, _ = _selection(request, partnership)
    outcome = None
    if request.GET.get("outcome"):
        if not request.GET["outcome"].isdigit():
            raise Http404("No such outcome")
        outcome = get_object_or_404(
            Outcome.objects.filter(partnership=partnership), pk=request.GET["outcome"]
        )
        filters = {"outcome_id": outcome.pk}
        subject = str(outcome)
        dive = DeepDive.objects.filter(partnership=partnership, outcome=outcome).first()
    else:
        theme = request.GET.get("theme", "").strip()
        filters = {"theme_key": theme}
        subject = theme or count.NOT_ASSIGNED
        dive = (
            DeepDive.objects.filter(partnership=partnership, theme=theme, outcome=None).first()
            if theme
            else None
        )
    by_service = count.grouped(
        partnership, by=("partner", "service", "kind"), year=year, phase=phase, **filters
    )
    names = dict(
        Organisation.objects.filter(pk__in={row["partner"] for row in by_service}).values_list(
            "pk", "name"
        )
    )
    for row in by_service:
        row["partner_name"] = names.get(row["partner"], "")
    by_service.sort(key=lambda row: (row["partner_name"], row["service"]))
    lines = (
        count.share_rows(partnership)
        .filter(year=year, phase=phase, **filters)
        .select_related("line__organisation", "line__pool", "outcome")
        .order_by("line__organisation__name", "line__service", "line_id")
    )
    page = Paginator(lines, 100).get_page(request.GET.get("page"))
    over_years = present.per_head_over_years(partnership, phase=phase, **filters)
    may_note = access.can_manage_finance(request.user, partnership) and (outcome or subject)
    form = None
    if may_note and (outcome or filters.get("theme_key")):
        form = DeepDiveForm(
            initial={
                "findings": dive.findings if dive else "",
                "proposals": dive.proposals if dive else "",
            },
            current_version=current_version(dive) if dive else 0,
        )
    context = _context(
        request,
        partnership,
        subject=subject,
        outcome=outcome,
        theme=filters.get("theme_key", ""),
        year=year,
        years=years or [year],
        phase=phase,
        phases=Phase.choices,
        by_service=by_service,
        total=sum((row["total"] for row in by_service), count.Decimal(0)),
        page=page,
        over_years=over_years,
        per_head_chart=mark_safe(
            charts.per_head_line(
                [(row["year"], row["per_head"]) for row in over_years],
                title=f"Spend per head on {subject}, {phase}, by year",
            )
        ),
        dive=dive,
        form=form,
        indicator_rows=(
            scorecard(partnership, outcome=outcome)
            if outcome
            else scorecard(partnership, theme=filters["theme_key"])
            if filters["theme_key"]
            else []
        ),
        commissions=(
            serving(partnership, outcome=outcome)
            if outcome
            else serving(partnership, theme=filters["theme_key"])
            if filters["theme_key"]
            else []
        ),
        notes_url=(
            reverse("finance-deep-dive-outcome-notes", args=[slug, outcome.pk])
            if outcome
            else reverse("finance-deep-dive-theme-notes", args=[slug, filters["theme_key"]])
            if filters.get("theme_key")
            else ""
        ),
    )
    return render(request, "finance/deep_dive.html", context)


def deep_dive_notes(request, slug, theme=None, pk=None):
    """Write the findings and proposals of the deep dive into a theme or outcome (managers)."""
    partnership = _partnership(request, slug)
    outcome = None
    if pk is not None:
        outcome = get_object_or_404(Outcome.objects.filter(partnership=partnership), pk=pk)
        theme = ""
    theme = (theme or "").strip()
    if outcome is None and not theme:
        raise Http404("Name a theme or an outcome")
    access.require_manage_finance(request.user, partnership)
    lookup = {"outcome": outcome} if outcome else {"theme": theme, "outcome": None}
    dive = DeepDive.objects.filter(partnership=partnership, **lookup).first()
    version = current_version(dive) if dive else 0
    initial = {"findings": dive.findings, "proposals": dive.proposals} if dive else {}
    form = DeepDiveForm(request.POST or None, initial=initial, current_version=version)
    back = (
        reverse("finance-deep-dive", args=[slug])
        + "?"
        + urlencode({"outcome": outcome.pk} if outcome else {"theme": theme})
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_deep_dive(
                    partnership=partnership,
                    user=request.user,
                    theme=theme,
                    outcome=outcome,
                    findings=form.cleaned_data["findings"],
                    proposals=form.cleaned_data["proposals"],
                    expected_version=version if dive else None,
                )
            except EditConflict:
                form.add_error(None, "Someone else saved these notes meanwhile: save again.")
            else:
                messages.success(request, "The deep dive's notes are saved.")
                return redirect(back)
        elif form.has_error("__all__", code="stale"):
            form = _restamp(DeepDiveForm, request.POST, version, form, initial=initial)
    return _form_page(
        request,
        partnership,
        form,
        heading=f"Deep dive notes: {outcome or theme}",
        back_url=back,
    )


def _restamp(form_class, data, version, stale_form, **kwargs):
    """The person's values again, with the current version, and the stale message kept."""
    data = data.copy()
    data["version"] = version
    form = form_class(data, current_version=version, **kwargs)
    form.is_valid()
    for error in stale_form.non_field_errors():
        form.add_error(None, error)
    return form


def _form_page(request, partnership, form, *, heading, back_url, delete_url=""):
    context = _context(
        request, partnership, form=form, heading=heading, back_url=back_url, delete_url=delete_url
    )
    return render(request, "finance/form_page.html", context, status=400 if form.errors else 200)


def compare(request, slug):
    """Two years, or two phases of one year, side by side with the variance."""
    partnership = _partnership(request, slug)
    years, year, _, by = _selection(request, partnership)
    mode = "phases" if request.GET.get("mode") == "phases" else "years"
    group = (
        request.GET.get("group") if request.GET.get("group") in ("partner", "outcome") else "theme"
    )
    if mode == "years":
        left_year = present.choose_year(partnership, request.GET.get("from"), years[:-1] or years)
        if not request.GET.get("from") and len(years) > 1:
            left_year = years[-2]
        right_year = present.choose_year(partnership, request.GET.get("to") or year, years)
        phase = present.choose_phase(
            request.GET.get("phase"), count.phases_of(partnership, right_year)
        )
        left = {"year": left_year, "phase": phase}
        right = {"year": right_year, "phase": phase}
        labels = (left_year, right_year)
    else:
        phase = None
        left_phase = (
            request.GET.get("from") if request.GET.get("from") in Phase.values else "budget"
        )
        right_phase = request.GET.get("to") if request.GET.get("to") in Phase.values else "outturn"
        left = {"year": year, "phase": left_phase}
        right = {"year": year, "phase": right_phase}
        labels = (Phase(left_phase).label, Phase(right_phase).label)
        left_year = right_year = year
    comparison = count.compare(
        partnership, by=group, left=left, right=right, left_label=labels[0], right_label=labels[1]
    )
    context = _context(
        request,
        partnership,
        comparison=comparison,
        mode=mode,
        group=group,
        years=years or [year],
        year=year,
        left=left,
        right=right,
        phase=phase,
        phases=Phase.choices,
        left_year=left_year,
        right_year=right_year,
    )
    return render(request, "finance/compare.html", context)


def lines(request, slug):
    """The spend lines of a year, by partner; filter by partner and phase."""
    partnership = _partnership(request, slug)
    years, year, _, _ = _selection(request, partnership)
    rows = (
        SpendLine.objects.filter(partnership=partnership, financial_year=year)
        .select_related("organisation", "pool")
        .prefetch_related("shares__outcome")
        .order_by("organisation__name", "phase", "service", "id")
    )
    chosen = {key: request.GET.get(key, "") for key in ("organisation", "phase")}
    if chosen["organisation"].isdigit():
        rows = rows.filter(organisation_id=chosen["organisation"])
    if chosen["phase"] in Phase.values:
        rows = rows.filter(phase=chosen["phase"])
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    editable = set(
        access.spend_organisations(request.user, partnership).values_list("pk", flat=True)
    )
    context = _context(
        request,
        partnership,
        page=page,
        year=year,
        years=years or [year],
        phases=Phase.choices,
        chosen=chosen,
        organisations=partnership.organisations().order_by("name"),
        editable=editable,
    )
    return render(request, "finance/lines.html", context)


def _line_initial(line: SpendLine) -> dict:
    shares = list(line.shares.all())
    initial = {name: getattr(line, name) for name in services.LINE_FIELDS}
    initial["amount"] = f"{line.amount:,}"
    initial["locally_controlled"] = line.locally_controlled
    if len(shares) == 1 and shares[0].outcome_id:
        initial["outcome"] = shares[0].outcome_id
    elif len(shares) == 1:
        initial["theme"] = shares[0].theme
    else:
        initial["split"] = "\n".join(
            f"{share.percent.normalize():f}% {share.outcome.code or share.outcome.title}"
            if share.outcome
            else f"{share.percent.normalize():f}% {share.theme}"
            for share in shares
        )
    return initial


def line_form(request, slug, pk=None):
    """Enter a spend line, or change one (contributors: their own organisation's)."""
    partnership = _partnership(request, slug)
    line = None
    if pk is not None:
        line = get_object_or_404(SpendLine.objects.filter(partnership=partnership), pk=pk)
        access.require_enter_spend(request.user, partnership, line.organisation_id)
    else:
        access.require_enter_spend(request.user, partnership)
    organisations = access.spend_organisations(request.user, partnership)
    version = current_version(line) if line else 0
    initial = (
        _line_initial(line)
        if line
        else {
            "phase": "budget",
            "kind": "other",
            "spending": "revenue",
            "financial_year": request.GET.get("year", ""),
        }
    )
    kwargs = {"partnership": partnership, "organisations": organisations, "initial": initial}
    form = SpendLineForm(request.POST or None, current_version=version, **kwargs)
    back = reverse("finance-lines", args=[slug]) + (
        "?" + urlencode({"year": line.financial_year}) if line else ""
    )
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data.get(name) for name in services.LINE_FIELDS}
            values["service"] = (values["service"] or "").strip()
            values["source"] = values["source"] or ""
            values["note"] = values["note"] or ""
            values["cipfa_category"] = values["cipfa_category"] or ""
            try:
                saved = services.save_line(
                    partnership=partnership,
                    user=request.user,
                    line=line,
                    shares=form.cleaned_data["shares"],
                    expected_version=version if line else None,
                    **values,
                )
            except services.FinanceError as error:
                field = error.field if error.field in form.fields else None
                if error.field == "shares":
                    field = "split"
                form.add_error(field, error.message)
            except EditConflict:
                form.add_error(None, "Someone else saved this line meanwhile: save again.")
            else:
                messages.success(request, f"Saved: {saved}")
                return redirect(
                    reverse("finance-lines", args=[slug])
                    + "?"
                    + urlencode({"year": saved.financial_year})
                )
        elif form.is_stale:
            form = _restamp(SpendLineForm, request.POST, version, form, **kwargs)
    heading = "Change a spend line" if line else "Enter a spend line"
    delete_url = reverse("finance-line-delete", args=[slug, line.pk]) if line else ""
    return _form_page(
        request, partnership, form, heading=heading, back_url=back, delete_url=delete_url
    )


@require_POST
def line_delete(request, slug, pk):
    partnership = _partnership(request, slug)
    line = SpendLine.objects.filter(partnership=partnership, pk=pk).first()
    if line is None:
        removed = SpendLine.history.filter(
            id=pk, partnership_id=partnership.pk, history_type="-"
        ).exists()
        if not removed:
            raise Http404("No such line")
        access.require_enter_spend(request.user, partnership)
        messages.info(request, "That line was already removed.")
        return redirect("finance-lines", slug)
    access.require_enter_spend(request.user, partnership, line.organisation_id)
    year = line.financial_year
    services.delete_line(line=line, user=request.user)
    messages.success(request, "The line is removed; its history keeps what it was.")
    return redirect(reverse("finance-lines", args=[slug]) + "?" + urlencode({"year": year}))


def submissions(request, slug):
    """Who has submitted their lines for the year, and who to chase."""
    partnership = _partnership(request, slug)
    years, year, _, _ = _selection(request, partnership)
    rows = present.submissions(partnership, year)
    editable = set(
        access.spend_organisations(request.user, partnership).values_list("pk", flat=True)
    )
    context = _context(
        request,
        partnership,
        rows=rows,
        year=year,
        years=years or [year],
        editable=editable,
        to_chase=[row for row in rows if row["submission"] is None],
    )
    return render(request, "finance/submissions.html", context)


@require_POST
def submit(request, slug):
    """Mark an organisation's lines for a year as submitted (or withdraw it)."""
    partnership = _partnership(request, slug)
    access.require_enter_spend(request.user, partnership)
    organisation_id = request.POST.get("organisation", "")
    organisation = (
        partnership.organisations().filter(pk=organisation_id).first()
        if organisation_id.isdigit()
        else None
    )
    if organisation is None:
        messages.error(request, "Choose the partner whose submission it is")
        return redirect("finance-submissions", slug)
    access.require_enter_spend(request.user, partnership, organisation.pk)
    try:
        year = services.check_year(request.POST.get("year", ""))
    except services.FinanceError as error:
        messages.error(request, error.message)
        return redirect("finance-submissions", slug)
    if request.POST.get("withdraw"):
        submission = Submission.objects.filter(
            partnership=partnership, organisation=organisation, financial_year=year
        ).first()
        if submission:
            services.withdraw_submission(submission=submission, user=request.user)
        messages.success(request, f"{organisation}'s {year} submission is withdrawn.")
    else:
        services.mark_submitted(
            partnership=partnership,
            organisation=organisation,
            financial_year=year,
            user=request.user,
        )
        messages.success(request, f"{organisation} has submitted its {year} spend.")
    return redirect(reverse("finance-submissions", args=[slug]) + "?" + urlencode({"year": year}))


def population(request, slug):
    """The population of the area per year (managers set it)."""
    partnership = _partnership(request, slug)
    form = None
    if access.can_manage_finance(request.user, partnership):
        form = PopulationForm(request.POST or None)
    elif request.method == "POST":
        access.require_manage_finance(request.user, partnership)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.set_population(partnership=partnership, user=request.user, **form.cleaned_data)
        except services.FinanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The population is saved.")
            return redirect("finance-population", slug)
    context = _context(
        request,
        partnership,
        rows=partnership.populations.order_by("financial_year"),
        form=form,
    )
    status = 400 if form is not None and form.errors else 200
    return render(request, "finance/population.html", context, status=status)


@require_POST
def pool_lines(request, slug, pk):
    """Count a pooled budget's contributions for a year as each contributor's lines."""
    partnership = _partnership(request, slug)
    access.require_manage_finance(request.user, partnership)
    agreement = get_object_or_404(Agreement.objects.filter(partnership=partnership), pk=pk)
    try:
        made = services.lines_from_pool(
            agreement=agreement,
            financial_year=request.POST.get("year", ""),
            phase=request.POST.get("phase")
            if request.POST.get("phase") in Phase.values
            else "budget",
            user=request.user,
        )
    except services.FinanceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{len(made)} line{'s' if len(made) != 1 else ''} added from “{agreement}”."
        )
    return redirect(
        reverse("finance-pot", args=[slug])
        + "?"
        + urlencode({"year": request.POST.get("year", "")})
    )


def download(request, slug, fmt):
    """The count as CSV, Excel, or a Fiscal Data Package (zip); ``?year=`` for one year."""
    partnership = _partnership(request, slug)
    year = request.GET.get("year") or None
    if year:
        try:
            year = services.check_year(year)
        except services.FinanceError as error:
            raise Http404(error.message) from error
    name = f"{partnership.slug}-total-pot" + (f"-{year.replace('/', '-')}" if year else "")
    if fmt == "csv":
        body, kind = exports.to_csv(exports.rows(partnership, year=year)), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = exports.to_xlsx(exports.rows(partnership, year=year))
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "zip":
        body, kind = exports.package(partnership, year=year), "application/zip"
    else:
        raise Http404("No such format")
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
