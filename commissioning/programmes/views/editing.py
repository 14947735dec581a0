"""Edit pages for programmes, stages, deliverables and actions.

Each form carries the id of the item's latest history row; a save over a change someone
else made since the form was loaded is refused, showing what they changed beside the
person's own values, which stay in the form. The check and the write are one guarded update
(``programmes.concurrency``), so of two people saving at the same instant exactly one wins.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.access import rules as access
from commissioning.core.audit import person_name
from commissioning.programmes import services, structure
from commissioning.programmes.concurrency import EditConflict, current_version
from commissioning.programmes.forms import (
    ChangedMeanwhile,
    DeliverableForm,
    StageForm,
    shown_value,
    stale_form,
)
from commissioning.programmes.item_presenters import short_title
from commissioning.programmes.models import ActionOwner
from commissioning.programmes.queries import programme_for
from commissioning.programmes.structure_forms import (
    ActionWithOwnersForm,
    OwnerOptions,
    ProgrammeSettingsForm,
    owner_names_for,
    partners_version,
)
from commissioning.programmes.views.items import action_for, deliverable_for, stage_for


def edit_programme(request, slug: str):
    programme = programme_for(request, slug)
    access.require_manage(request.user, programme)
    # Lead and partners come from the programme's partnership only.
    _, _, partnership_organisations = access.owner_directory_for(request.user, programme)
    organisations = list(partnership_organisations.order_by("name", "pk"))

    def settings_form(item, **extra):
        return _form(
            request,
            item,
            ProgrammeSettingsForm,
            _programme_initial,
            programme=programme,
            organisations=organisations,
            current_partners=partners_version(programme),
            **extra,
        )

    form = settings_form(programme)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_programme(
                programme=programme,
                author=request.user,
                name=data["name"],
                description=data["description"],
                lead_organisation=form.lead(),
                partners=form.chosen_partners(),
                warning_days=data["warning_days"],
                rag_scale=data["rag_scale"],
                reporting_period_months=data["reporting_period"],
                expected_version=data["version"],
            )
        except EditConflict:
            form = settings_form(_fresh(programme), refused=True)
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
    options = OwnerOptions(
        action, directory=access.owner_directory_for(request.user, action.programme)
    )

    def action_initial(item) -> dict:
        return {**_action_initial(item), "owners": options.current}

    def owners_form(item, **extra):
        return _form(
            request,
            item,
            ActionWithOwnersForm,
            action_initial,
            owner_options=options,
            current_owners_version=owners_version(action),
            **extra,
        )

    form = owners_form(action)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            structure.change_action(
                action=action,
                author=request.user,
                title=data["title"],
                ref=data["ref"],
                timescale_text=data["timescale"],
                section=data["section"],
                owners=form.chosen_owners(),
                expected_version=data["version"],
            )
        except EditConflict:  # someone saved in the same instant: theirs is shown, not lost
            form = owners_form(_fresh(action), refused=True)
        except structure.StructureRefused as refusal:
            form.add_error("owners", str(refusal))
        else:
            messages.success(request, "Action saved")
            return redirect("action", pk=action.pk)
    url = reverse("action", args=[action.pk])
    return _render(request, form, "action", str(action), url, item=action)


def owners_version(action) -> int:
    """The id of the latest history row of the action's owners: it changes with them."""
    rows = ActionOwner.history.filter(action_id=action.pk).order_by("-history_id")
    return rows.values_list("history_id", flat=True).first() or 0


def _fresh(item):
    """The item as it stands now: after a refused save, with the values that won."""
    item.refresh_from_db()
    return item


def _programme_initial(programme) -> dict:
    return {
        "name": programme.name,
        "description": programme.description,
        "lead_organisation": programme.lead_organisation_id,
        "partners": list(programme.partners.values_list("pk", flat=True)),
        "warning_days": programme.warning_days,
        "rag_scale": programme.rag_scale,
        "reporting_period": programme.reporting_period_months,
    }


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
        if name not in initial or name == "owners":
            continue
        theirs = initial.get(name)
        attribute = form.model_fields.get(name, name)
        if loaded is not None and not hasattr(loaded, attribute):
            continue  # not in the item's own history (partners)
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
    if "partners" in initial and "partners_version" in form.stale_fields():
        changes.append(
            ChangedMeanwhile(
                field="Partners",
                yours=form.partner_names(form.data.getlist("partners")),
                theirs=form.partner_names(initial["partners"]),
                who="Someone else",
            )
        )
    if "owners" in initial and "owners_version" in form.stale_fields():
        later = ActionOwner.history.filter(
            action_id=item.pk, history_id__gt=form.cleaned_data.get("owners_version") or 0
        ).select_related("history_user")
        who = ", ".join(dict.fromkeys(person_name(row.history_user) or "Someone" for row in later))
        changes.append(
            ChangedMeanwhile(
                field="Owners",
                yours=owner_names_for(form.data.getlist("owners"), form.owner_options),
                theirs=owner_names_for(initial["owners"], form.owner_options),
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
