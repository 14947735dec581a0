"""Performance pages, each under its partnership: /performance/<partnership>/…

Each view: the partnership by its slug (404 unless the user belongs to it) → the record in
it → permission → form → service → redirect or render. The rules are in access.rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from commissioning.access import rules as access
from commissioning.core.dates import as_of_from
from commissioning.outcomes.models import Outcome
from commissioning.performance import exports, services
from commissioning.performance import presenters as present
from commissioning.performance.chart import curve_svg
from commissioning.performance.forms import BusinessPlanForm, IndicatorForm, TurnTheCurveForm
from commissioning.performance.models import (
    BusinessPlan,
    Indicator,
    IndicatorValue,
    TurnTheCurve,
)
from commissioning.programmes.concurrency import EditConflict, current_version
from commissioning.programmes.models import Action

GRID_PERIODS = 4  # the latest periods shown in the grid, beside one new period


def _partnership(request, slug):
    return access.partnership_for(request.user, slug)


def _plan_of(indicator):
    try:
        return indicator.turn_the_curve
    except TurnTheCurve.DoesNotExist:
        return None


def start(request):
    partnerships = list(access.visible_partnerships(request.user).order_by("name"))
    if not request.user.is_authenticated:
        return redirect(f"{reverse('sign-in')}?next={request.path}")
    return render(request, "performance/start.html", {"partnerships": partnerships})


def scorecard(request, slug, pk=None):
    """Every indicator with its last two actuals, target, variance, RAG, trend and baseline
    change; filtered by theme, outcome and RAG; as of any date (from history)."""
    partnership = _partnership(request, slug)
    outcome = get_object_or_404(Outcome, partnership=partnership, pk=pk) if pk else None
    as_of, date_error = as_of_from(request)
    chosen = {key: request.GET.get(key, "").strip() for key in ("theme", "rag")}
    rows = present.scorecard(
        partnership, outcome=outcome, as_of=as_of, theme=chosen["theme"], rag_filter=chosen["rag"]
    )
    themes = sorted(
        set(Indicator.objects.filter(partnership=partnership).values_list("theme", flat=True))
        - {""}
    )
    context = {
        "partnership": partnership,
        "outcome": outcome,
        "rows": rows,
        "themes": themes,
        "rags": present.RAG_LABELS.items(),
        "chosen": chosen,
        "as_of": as_of,
        "as_of_text": request.GET.get("as_of", ""),
        "date_error": date_error,
        "may_manage": access.can_manage_performance(request.user, partnership),
        # Each row links to its indicator: the prefix reversed once, not once a row.
        "indicators_url": reverse("performance-indicator", args=[slug, 0]).removesuffix("0/"),
    }
    return render(request, "performance/scorecard.html", context, status=400 if date_error else 200)


def indicator_page(request, slug, pk):
    """The curve, the values, their history and the turn-the-curve plan."""
    partnership = _partnership(request, slug)
    indicator = get_object_or_404(
        Indicator.objects.select_related("owner_organisation"), partnership=partnership, pk=pk
    )
    values = list(indicator.values.all())
    row = present.judge(indicator, values)
    plan = (
        getattr(indicator, "turn_the_curve", None) if hasattr(indicator, "turn_the_curve") else None
    )
    context = {
        "partnership": partnership,
        "indicator": indicator,
        "row": row,
        "values": values,
        "svg": mark_safe(  # noqa: S308 - built here with every text escaped (chart.py)
            curve_svg(row.points, title=str(indicator), comparator_name=indicator.comparator_name)
        ),
        "plan": plan,
        "plan_actions": plan.actions.select_related("programme") if plan else [],
        "outcomes": indicator.outcomes.all(),
        "changes": IndicatorValue.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("-history_date")[:30],
        "versions": indicator.history.select_related("history_user").order_by("-history_id")[:20],
        "may_manage": access.can_manage_performance(request.user, partnership),
        "may_enter": access.may_enter_values(request.user, indicator),
        "figure": lambda value: present.figure(value, indicator),
    }
    return render(request, "performance/indicator.html", context)


def turn_the_curve(request, slug, pk):
    partnership = _partnership(request, slug)
    indicator = get_object_or_404(Indicator, partnership=partnership, pk=pk)
    if not access.can_manage_performance(request.user, partnership):
        raise PermissionDenied("Only the partnership's managers write turn-the-curve plans")
    plan = (
        getattr(indicator, "turn_the_curve", None) if hasattr(indicator, "turn_the_curve") else None
    )
    actions = Action.objects.filter(programme__partnership=partnership).select_related("programme")
    form = TurnTheCurveForm(request.POST or None, instance=plan, actions=actions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.save_turn_the_curve(
            indicator=indicator,
            user=request.user,
            actions=data.pop("actions"),
            **{name: data[name] for name in form.TEXTS},
        )
        messages.success(request, "Turn-the-curve plan saved")
        return redirect("performance-indicator", slug, indicator.pk)
    context = {"partnership": partnership, "indicator": indicator, "form": form}
    return render(
        request, "performance/turn_the_curve.html", context, status=400 if form.errors else 200
    )


def _grid_periods(indicators) -> list[str]:
    ends = (
        IndicatorValue.objects.filter(indicator__in=indicators)
        .values("period")
        .annotate(end=Max("period_end"))
        .order_by("-end", "-period")[:GRID_PERIODS]
    )
    return [row["period"] for row in reversed(list(ends))]


def _stamp(indicators) -> str:
    latest = IndicatorValue.objects.filter(indicator__in=indicators).aggregate(
        at=Max("entered_at")
    )["at"]
    return latest.isoformat() if latest else ""


def grid(request, slug):
    """Enter values: a row per indicator the user may enter, a column per period."""
    partnership = _partnership(request, slug)
    scope = access.value_enterers_filter(request.user, partnership)
    if scope is None:
        raise PermissionDenied("You do not enter this partnership's indicator values")
    indicators = list(
        Indicator.objects.filter(scope, partnership=partnership).order_by("theme", "code", "title")
    )
    periods = _grid_periods(indicators)
    errors: list[str] = []
    if request.method == "POST":
        if request.POST.get("stamp", "") != _stamp(indicators):
            errors.append(
                "Someone entered values since you opened this grid: nothing was saved. "
                "The grid below shows their values; enter yours again."
            )
        else:
            new_period = request.POST.get("new_period", "").strip()
            entries = []
            for indicator in indicators:
                for index, period in enumerate([*periods, new_period]):
                    actual = request.POST.get(f"actual-{indicator.pk}-{index}", "")
                    target = request.POST.get(f"target-{indicator.pk}-{index}", "")
                    if not (actual.strip() or target.strip()):
                        continue
                    if not period:
                        errors.append(f"{indicator}: enter the new period's name above its column")
                        continue
                    entries.append(
                        services.Entry(indicator, period, actual, target, f"{indicator}, {period}")
                    )
            if not errors:
                try:
                    written = services.enter_values(entries=entries, user=request.user)
                except services.PerformanceError as error:
                    errors = error.problems
                else:
                    messages.success(request, f"{written} value{'s' if written != 1 else ''} saved")
                    return redirect("performance-grid", slug)
    values = {
        (v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(indicator__in=indicators, period__in=periods)
    }
    rows = [
        (indicator, [values.get((indicator.pk, period)) for period in periods])
        for indicator in indicators
    ]
    context = {
        "partnership": partnership,
        "rows": rows,
        "periods": periods,
        "new_index": len(periods),
        "stamp": _stamp(indicators),
        "errors": errors,
        "posted": request.POST if errors else {},
    }
    return render(request, "performance/grid.html", context, status=400 if errors else 200)


def download(request, slug, fmt):
    partnership = _partnership(request, slug)
    if fmt not in exports.FORMATS:
        raise Http404("No such format")
    as_of, _ = as_of_from(request)
    rows = present.scorecard(partnership, as_of=as_of)
    content, content_type = exports.scorecard(rows, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{partnership.slug}-scorecard.{fmt}"'
    return response


def _indicator_initial(indicator: Indicator | None) -> dict:
    if indicator is None:
        return {"kind": "population", "polarity": "higher_is_better", "decimals": 1,
                "tolerance": "0.05"}  # fmt: skip
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_FIELDS}
    initial["outcomes"] = list(indicator.outcomes.values_list("pk", flat=True))
    values = list(indicator.values.all())
    baseline = next((v for v in values if v.baseline), None)
    if baseline is not None:
        initial["baseline_period"] = baseline.period
        initial["baseline"] = "" if baseline.actual is None else f"{baseline.actual.normalize():f}"
    target = next((v for v in reversed(values) if v.target is not None or v.target_text), None)
    if target is not None:
        initial["target_period"] = target.period
        initial["target"] = (
            target.target_text if target.target is None else f"{target.target.normalize():f}"
        )
    return initial


def _stale_again(form_class, data, version, stale_form, **kwargs):
    """The person's values again with the current version, and the stale message kept."""
    data = data.copy()
    data["version"] = version
    form = form_class(data, current_version=version, **kwargs)
    form.is_valid()
    for error in stale_form.non_field_errors():
        form.add_error(None, error)
    return form


def indicator_form(request, slug, pk=None):
    """Add an indicator to the partnership, or change one: its managers only."""
    partnership = _partnership(request, slug)
    indicator = None
    if pk is not None:
        indicator = get_object_or_404(Indicator, partnership=partnership, pk=pk)
    if not access.can_manage_performance(request.user, partnership):
        raise PermissionDenied("Only the partnership's managers add and change indicators")
    version = current_version(indicator) if indicator else 0
    kwargs = {"partnership": partnership, "initial": _indicator_initial(indicator)}
    form = IndicatorForm(request.POST or None, current_version=version, **kwargs)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.save_indicator(
                    partnership=partnership,
                    user=request.user,
                    indicator=indicator,
                    expected_version=version if indicator else None,
                    outcomes=data["outcomes"],
                    baseline=services.Figure(data["baseline_period"], data["baseline"]),
                    target=services.Figure(data["target_period"], data["target"]),
                    **{name: data[name] for name in services.INDICATOR_FIELDS},
                )
            except services.IndicatorRefused as refused:
                for field, message in refused.fields.items():
                    form.add_error(field if field in form.fields else None, message)
            except EditConflict:
                form.add_error(None, "Someone else saved this indicator meanwhile: save again.")
            else:
                messages.success(request, f"Saved: {saved}")
                return redirect("performance-indicator", slug, saved.pk)
        elif form.is_stale:
            form = _stale_again(IndicatorForm, request.POST, version, form, **kwargs)
    context = {
        "partnership": partnership,
        "indicator": indicator,
        "form": form,
        "heading": f"Change {indicator}" if indicator else "Add an indicator",
        "back_url": reverse("performance-indicator", args=[slug, indicator.pk])
        if indicator
        else reverse("performance-scorecard", args=[slug]),
    }
    return render(
        request, "performance/indicator_form.html", context, status=400 if form.errors else 200
    )


# --- Business plans -------------------------------------------------------------------------


def business_plans(request, slug):
    """The partnership's business plans, a unit's plan per financial year, newest year first."""
    partnership = _partnership(request, slug)
    context = {
        "partnership": partnership,
        "plans": present.business_plans(partnership),
        "may_manage": access.can_manage_performance(request.user, partnership),
    }
    return render(request, "performance/business_plans.html", context)


def _business_plan(partnership, pk) -> BusinessPlan:
    return get_object_or_404(
        BusinessPlan.objects.select_related("organisation"), partnership=partnership, pk=pk
    )


def business_plan_page(request, slug, pk):
    """A unit's plan as it stood on a date: its outcomes, indicators and actions."""
    partnership = _partnership(request, slug)
    plan = _business_plan(partnership, pk)
    as_of, date_error = as_of_from(request)
    context = {
        "partnership": partnership,
        "status": present.business_plan(plan, as_of=as_of),
        "as_of": as_of,
        "as_of_text": request.GET.get("as_of", ""),
        "date_error": date_error,
        "may_manage": access.can_manage_performance(request.user, partnership),
        "versions": plan.history.select_related("history_user").order_by("-history_id")[:20],
    }
    return render(
        request, "performance/business_plan.html", context, status=400 if date_error else 200
    )


def business_plan_download(request, slug, pk):
    """The unit's plan document as Word, as it stood on ``?as_of`` (today if not given)."""
    partnership = _partnership(request, slug)
    plan = _business_plan(partnership, pk)
    as_of, date_error = as_of_from(request)
    if date_error:
        return HttpResponse(date_error, status=400, content_type="text/plain; charset=utf-8")
    status = present.business_plan(plan, as_of=as_of)
    response = HttpResponse(exports.business_plan_docx(status), content_type=exports.DOCX)
    name = f"{slugify(plan.unit) or 'unit'}-{plan.financial_year.replace('/', '-')}"
    response["Content-Disposition"] = f'attachment; filename="{name}-business-plan.docx"'
    return response


def _business_plan_initial(plan: BusinessPlan | None) -> dict:
    if plan is None:
        return {}
    initial = {name: getattr(plan, name) for name in services.BUSINESS_PLAN_FIELDS}
    for name in ("outcomes", "indicators", "actions"):
        initial[name] = list(getattr(plan, name).values_list("pk", flat=True))
    return initial


def business_plan_form(request, slug, pk=None):
    """Add a unit's business plan for a year, or change one: the partnership's managers."""
    partnership = _partnership(request, slug)
    plan = _business_plan(partnership, pk) if pk is not None else None
    if not access.can_manage_performance(request.user, partnership):
        raise PermissionDenied("Only the partnership's managers write business plans")
    version = current_version(plan) if plan else 0
    kwargs = {"partnership": partnership, "initial": _business_plan_initial(plan)}
    form = BusinessPlanForm(request.POST or None, current_version=version, **kwargs)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.save_business_plan(
                    partnership=partnership,
                    user=request.user,
                    plan=plan,
                    expected_version=version if plan else None,
                    outcomes=data["outcomes"],
                    indicators=data["indicators"],
                    actions=data["actions"],
                    **{name: data[name] for name in services.BUSINESS_PLAN_FIELDS},
                )
            except services.IndicatorRefused as refused:
                for name, message in refused.fields.items():
                    form.add_error(name if name in form.fields else None, message)
            except EditConflict:
                form.add_error(None, "Someone else saved this business plan meanwhile: save again.")
            else:
                messages.success(request, f"Saved: {saved}")
                return redirect("performance-business-plan", slug, saved.pk)
        elif form.is_stale:
            form = _stale_again(BusinessPlanForm, request.POST, version, form, **kwargs)
    heading = f"Change the {plan}" if plan else "Add a business plan"
    context = {
        "partnership": partnership,
        "form": form,
        "heading": heading,
        "back_url": reverse("performance-business-plan", args=[slug, plan.pk])
        if plan
        else reverse("performance-business-plans", args=[slug]),
    }
    return render(
        request, "performance/business_plan_form.html", context, status=400 if form.errors else 200
    )
