"""Edit pages for programmes, stages, deliverables and actions.

Each form carries the id of the item's latest history row; a save over a change someone
else made since the form was loaded is refused and the current values are shown.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.programmes import services
from commissioning.programmes.forms import (
    ActionForm,
    DeliverableForm,
    ProgrammeForm,
    StageForm,
    stale_form,
)
from commissioning.programmes.item_presenters import short_title
from commissioning.programmes.queries import programme_for
from commissioning.programmes.views.items import action_for, deliverable_for, stage_for


def edit_programme(request, slug: str):
    programme = programme_for(request, slug)
    initial = {"name": programme.name, "description": programme.description}
    form = _form(request, programme, ProgrammeForm, initial, programme=programme)
    if form.is_bound and form.is_valid():
        services.update_programme(
            programme=programme,
            author=request.user,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, "Programme saved")
        return redirect("programme", slug=programme.slug)
    url = reverse("programme", args=[programme.slug])
    return _render(request, form, "programme", programme.name, url)


def edit_stage(request, pk: int):
    stage = stage_for(request, pk)
    initial = {"code": stage.code, "title": stage.title, "timescale": stage.timescale_text}
    form = _form(request, stage, StageForm, initial)
    url = reverse("programme", args=[stage.programme.slug])
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        services.update_stage(
            stage=stage,
            author=request.user,
            code=data["code"],
            title=data["title"],
            timescale_text=data["timescale"],
        )
        messages.success(request, "Stage saved")
        return redirect(url)
    return _render(request, form, "stage", str(stage), url)


def edit_deliverable(request, pk: int):
    deliverable = deliverable_for(request, pk)
    initial = {"text": deliverable.text, "scope": deliverable.scope}
    form = _form(request, deliverable, DeliverableForm, initial)
    if form.is_bound and form.is_valid():
        services.update_deliverable(
            deliverable=deliverable,
            author=request.user,
            text=form.cleaned_data["text"],
            scope=form.cleaned_data["scope"],
        )
        messages.success(request, "Deliverable saved")
        return redirect("deliverable", pk=deliverable.pk)
    url = reverse("deliverable", args=[deliverable.pk])
    return _render(request, form, "deliverable", str(deliverable), url)


def edit_action(request, pk: int):
    action = action_for(request, pk)
    initial = {
        "title": action.title,
        "ref": action.ref,
        "timescale": action.timescale_text,
        "section": action.section,
    }
    form = _form(request, action, ActionForm, initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        services.update_action(
            action=action,
            author=request.user,
            title=data["title"],
            ref=data["ref"],
            timescale_text=data["timescale"],
            section=data["section"],
        )
        messages.success(request, "Action saved")
        return redirect("action", pk=action.pk)
    url = reverse("action", args=[action.pk])
    return _render(request, form, "action", str(action), url)


def current_version(item) -> int:
    """The id of the item's latest history row: it changes whenever the item is saved."""
    latest = item.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return latest or 0


def _form(request, item, form_class, initial: dict, **kwargs):
    """The posted (or a fresh) form; a stale post is swapped for the current values."""
    kwargs["current_version"] = current_version(item)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, initial=initial, **kwargs)
    if form.is_bound and not form.is_valid() and form.is_stale:
        form = stale_form(form_class, initial=initial, **kwargs)
    return form


def _render(request, form, noun: str, title: str, back_url: str):
    context = {"form": form, "noun": noun, "title": short_title(title), "back_url": back_url}
    return render(request, "programmes/edit_page.html", context)
