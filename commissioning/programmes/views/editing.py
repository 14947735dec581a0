"""Edit pages for programmes, stages, deliverables and actions.

Each form carries the id of the item's latest history row; a save over a change someone
else made since the form was loaded is refused, showing what they changed beside the
person's own values, which stay in the form. The check and the write are one guarded update
(``programmes.concurrency``), so of two people saving at the same instant exactly one wins.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.core import access
from commissioning.core.audit import person_name
from commissioning.programmes import services
from commissioning.programmes.concurrency import EditConflict, current_version
from commissioning.programmes.forms import (
    ActionForm,
    ChangedMeanwhile,
    DeliverableForm,
    ProgrammeForm,
    StageForm,
    shown_value,
    stale_form,
)
from commissioning.programmes.item_presenters import short_title
from commissioning.programmes.queries import programme_for
from commissioning.programmes.views.items import action_for, deliverable_for, stage_for


def edit_programme(request, slug: str):
    programme = programme_for(request, slug)
    access.require_manage(request.user, programme)
    form = _form(request, programme, ProgrammeForm, _programme_initial, programme=programme)
    if form.is_bound and form.is_valid():
        try:
            services.update_programme(
                programme=programme,
                author=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            form = _form(
                request,
                _fresh(programme),
                ProgrammeForm,
                _programme_initial,
                programme=programme,
                refused=True,
            )
        else:
            messages.success(request, "Programme saved")
            return redirect("programme", slug=programme.slug)
    url = reverse("programme", args=[programme.slug])
    return _render(request, form, "programme", programme.name, url)


def edit_stage(request, pk: int):
    stage = stage_for(request, pk)
    access.require_manage(request.user, stage)
    form = _form(request, stage, StageForm, _stage_initial)
    url = reverse("programme", args=[stage.programme.slug])
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_stage(
                stage=stage,
                author=request.user,
                code=data["code"],
                title=data["title"],
                timescale_text=data["timescale"],
                expected_version=data["version"],
            )
        except EditConflict:
            form = _form(request, _fresh(stage), StageForm, _stage_initial, refused=True)
        else:
            messages.success(request, "Stage saved")
            return redirect(url)
    return _render(request, form, "stage", str(stage), url)


def edit_deliverable(request, pk: int):
    deliverable = deliverable_for(request, pk)
    access.require_manage(request.user, deliverable)
    form = _form(request, deliverable, DeliverableForm, _deliverable_initial)
    if form.is_bound and form.is_valid():
        try:
            services.update_deliverable(
                deliverable=deliverable,
                author=request.user,
                text=form.cleaned_data["text"],
                scope=form.cleaned_data["scope"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict:
            form = _form(
                request, _fresh(deliverable), DeliverableForm, _deliverable_initial, refused=True
            )
        else:
            messages.success(request, "Deliverable saved")
            return redirect("deliverable", pk=deliverable.pk)
    url = reverse("deliverable", args=[deliverable.pk])
    return _render(request, form, "deliverable", str(deliverable), url, item=deliverable)


def edit_action(request, pk: int):
    action = action_for(request, pk)
    access.require_manage(request.user, action)
    form = _form(request, action, ActionForm, _action_initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_action(
                action=action,
                author=request.user,
                title=data["title"],
                ref=data["ref"],
                timescale_text=data["timescale"],
                section=data["section"],
                expected_version=data["version"],
            )
        except EditConflict:  # someone saved in the same instant: theirs is shown, not lost
            form = _form(request, _fresh(action), ActionForm, _action_initial, refused=True)
        else:
            messages.success(request, "Action saved")
            return redirect("action", pk=action.pk)
    url = reverse("action", args=[action.pk])
    return _render(request, form, "action", str(action), url, item=action)


def _fresh(item):
    """The item as it stands now: after a refused save, with the values that won."""
    item.refresh_from_db()
    return item


def _programme_initial(programme) -> dict:
    return {"name": programme.name, "description": programme.description}


def _stage_initial(stage) -> dict:
    return {"code": stage.code, "title": stage.title, "timescale": stage.timescale_text}


def _deliverable_initial(deliverable) -> dict:
    return {"text": deliverable.text, "scope": deliverable.scope}


def _action_initial(action) -> dict:
    return {
        "title": action.title,
        "ref": action.ref,
        "timescale": action.timescale_text,
        "section": action.section,
    }


def changed_meanwhile(item, form, initial: dict) -> list[ChangedMeanwhile]:
    """The fields someone else saved since ``form`` was loaded: theirs beside the person's own.

    Compares the version the form was loaded from with the current values; if that version
    cannot be found, every field where the two people differ is shown.
    """
    loaded_version = form.cleaned_data.get("version") or 0
    loaded = item.history.filter(history_id=loaded_version).first()
    later = item.history.filter(history_id__gt=loaded_version).select_related("history_user")
    who = ", ".join(dict.fromkeys(person_name(row.history_user) or "Someone" for row in later))
    changes = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        theirs = initial.get(name)
        attribute = form.model_fields.get(name, name)
        before = getattr(loaded, attribute) if loaded else form.data.get(name, "")
        if before != theirs:
            changes.append(
                ChangedMeanwhile(
                    field=str(field.label),
                    yours=shown_value(field, form.data.get(name, "")),
                    theirs=shown_value(field, theirs),
                    who=who or "Someone else",
                )
            )
    return changes


def _form(request, item, form_class, initial_of, *, refused: bool = False, **kwargs):
    """The posted (or a fresh) form; a stale post is refused, showing what changed meanwhile.

    The person's own values stay in the form, now carrying the current version: saving again
    keeps theirs over the other person's.
    """
    initial = initial_of(item)
    kwargs["current_version"] = current_version(item)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, initial=initial, **kwargs)
    if form.is_bound and not form.is_valid() and form.is_stale:
        changes = changed_meanwhile(item, form, initial)
        form = stale_form(form_class, data=data, changes=changes, **kwargs)
    elif refused:  # lost the row to saves that changed nothing shown: still say so
        form = stale_form(form_class, data=data, changes=[], **kwargs)
    return form


def _render(request, form, noun: str, title: str, back_url: str, item=None):
    """The edit page; actions and deliverables also offer to archive (or say they are)."""
    context = {"form": form, "noun": noun, "title": short_title(title), "back_url": back_url}
    if item is not None:
        context["archived"] = item.archived_at is not None
        if not context["archived"]:
            context["archive_url"] = reverse(f"{noun}-archive", args=[item.pk])
    return render(request, "programmes/edit_page.html", context)
