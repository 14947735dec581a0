"""Pages that build a programme: its stages (add, reorder, archive, restore), deliverables
and actions with their owners. Programme managers only."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commissioning.access import rules as access
from commissioning.programmes import services, structure
from commissioning.programmes.item_presenters import short_title, stage_rows
from commissioning.programmes.models import Deliverable
from commissioning.programmes.queries import programme_for
from commissioning.programmes.structure_forms import (
    AddActionForm,
    AddDeliverableForm,
    AddStageForm,
    OwnerOptions,
)
from commissioning.programmes.views.items import stage_for


def programme_stages(request: HttpRequest, slug: str) -> HttpResponse:
    """The stages in plan order, each to move up or down, edit, archive or add to."""
    programme = programme_for(request, slug)
    access.require_manage(request.user, programme)
    stages = programme.stages.order_by("order", "pk")
    current = [stage for stage in stages if stage.archived_at is None]
    context = {
        "programme": programme,
        "stages": stage_rows(current),
        "archived": [stage for stage in stages if stage.archived_at is not None],
        "crumbs": _crumbs(programme, "Stages"),
    }
    return render(request, "programmes/stages.html", context)


def add_stage(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_for(request, slug)
    access.require_manage(request.user, programme)
    form = AddStageForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        stage = structure.create_stage(
            programme=programme,
            author=request.user,
            code=data["code"],
            title=data["title"],
            timescale_text=data["timescale"],
        )
        messages.success(request, f"Stage {stage} added")
        return redirect("programme-stages", slug=programme.slug)
    return _render_add(request, form, "stage", programme.name, _stages_url(programme))


@require_POST
def move_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a stage up or down (``direction`` in the post); back to the stages page."""
    stage = stage_for(request, pk)
    access.require_manage(request.user, stage)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        messages.error(request, "Choose to move the stage up or down")
    else:
        try:
            moved = structure.move_stage(stage=stage, author=request.user, direction=direction)
        except structure.StructureRefused as refusal:
            messages.error(request, str(refusal))
        else:
            if moved:
                messages.success(request, f"Stage {stage} moved {direction}")
            else:
                place = "first" if direction == "up" else "last"
                messages.error(request, f"Stage {stage} is already {place}")
    return redirect(f"{_stages_url(stage.programme)}#stage-{stage.pk}")


def archive_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST archives the stage, and with it its deliverables."""
    stage = stage_for(request, pk)
    access.require_manage(request.user, stage)
    back = _stages_url(stage.programme)
    if stage.archived_at is not None:
        return redirect(back)
    if request.method == "POST":
        services.archive_item(item=stage, user=request.user)
        messages.success(
            request,
            f"Stage {stage} archived: it and its deliverables are no longer shown in lists, "
            f"exports or reports",
        )
        return redirect(back)
    context = {"kind": "stage", "title": short_title(str(stage)), "back_url": back}
    return render(request, "programmes/archive_confirm.html", context)


@require_POST
def restore_stage(request: HttpRequest, pk: int) -> HttpResponse:
    stage = stage_for(request, pk)
    access.require_manage(request.user, stage)
    services.restore_item(item=stage, user=request.user)
    messages.success(request, f"Stage {stage} restored")
    return redirect("programme-stages", slug=stage.programme.slug)


def add_deliverable(request: HttpRequest, pk: int) -> HttpResponse:
    """A deliverable of the stage, internal or external, optionally under another one."""
    stage = stage_for(request, pk)
    access.require_manage(request.user, stage)
    back = reverse("programme", args=[stage.programme.slug])
    if stage.archived_at is not None:
        messages.error(request, f"Stage {stage} is archived: restore it to add deliverables")
        return redirect("programme-stages", slug=stage.programme.slug)
    parents = list(
        Deliverable.objects.filter(stage=stage, archived_at__isnull=True).order_by(
            "scope", "order", "pk"
        )
    )
    form = AddDeliverableForm(request.POST if request.method == "POST" else None, parents=parents)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            deliverable = structure.create_deliverable(
                stage=stage,
                author=request.user,
                text=data["text"],
                scope=data["scope"],
                parent=data["parent"],
            )
        except structure.StructureRefused as refusal:
            form.add_error("parent", str(refusal))
        else:
            messages.success(request, "Deliverable added")
            return redirect("deliverable", pk=deliverable.pk)
    return _render_add(request, form, "deliverable", str(stage), back)


def add_action(request: HttpRequest, slug: str) -> HttpResponse:
    """An action at the end of the action plan, with owners from the directory or new."""
    programme = programme_for(request, slug)
    access.require_manage(request.user, programme)
    form = AddActionForm(
        request.POST if request.method == "POST" else None,
        owner_options=OwnerOptions(directory=access.owner_directory_for(request.user, programme)),
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        action = structure.create_action(
            programme=programme,
            author=request.user,
            title=data["title"],
            ref=data["ref"],
            timescale_text=data["timescale"],
            section=data["section"],
            owners=form.chosen_owners(),
        )
        messages.success(request, "Action added")
        return redirect("action", pk=action.pk)
    back = reverse("programme", args=[programme.slug]) + "#action-plan"
    return _render_add(request, form, "action", programme.name, back)


def _stages_url(programme) -> str:
    return reverse("programme-stages", args=[programme.slug])


def _crumbs(programme, last: str) -> list[tuple[str, str]]:
    return [
        ("Programmes", reverse("home")),
        (programme.name, reverse("programme", args=[programme.slug])),
        (last, ""),
    ]


def _render_add(request, form, noun: str, caption: str, back_url: str) -> HttpResponse:
    context = {"form": form, "noun": noun, "title": short_title(caption), "back_url": back_url}
    return render(request, "programmes/add_page.html", context)
