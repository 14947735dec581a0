"""The action and deliverable pages: progress updates and confirming suggested statuses."""

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commissioning.access import rules as access
from commissioning.programmes import item_presenters as present
from commissioning.programmes import trails
from commissioning.programmes.forms import ProgressForm, ReviewStatusesForm, StatusForm
from commissioning.programmes.models import (
    Action,
    Deliverable,
    ProgressUpdate,
    Stage,
    StatusChoices,
)
from commissioning.programmes.queries import programme_for
from commissioning.programmes.services import (
    PROGRESS_ORDER,
    confirm_status,
    confirm_statuses,
    record_progress,
)

# --- Lookups: each item is found among the programmes the user may see (else 404). -------------


def stage_for(request, pk: int) -> Stage:
    return access.stage_for(request.user, pk)


def action_for(request, pk: int) -> Action:
    return access.action_for(request.user, pk)


def deliverable_for(request, pk: int) -> Deliverable:
    return access.deliverable_for(request.user, pk)


# --- Actions ---------------------------------------------------------------------------------


def action_page(request, pk: int):
    return _render_action(request, action_for(request, pk), ProgressForm())


@require_POST
def add_action_progress(request, pk: int):
    action = action_for(request, pk)
    access.require_contribute(request.user, action)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _render_action(request, action, form)
    _record(request, action, form)
    return redirect("action", pk=action.pk)


@require_POST
def confirm_action_status(request, pk: int):
    action = action_for(request, pk)
    access.require_contribute(request.user, action)
    _confirm(request, action, StatusForm(request.POST))
    return redirect("action", pk=action.pk)


def _render_action(request, action: Action, form: ProgressForm):
    programme = action.programme
    page = present.item_page(
        item=action,
        parents=[(programme.name, reverse("programme", args=[programme.slug]))],
        kind="action",
        updates=_updates(action),
        trail=trails.action_trail(action),
    )
    owners = action.owners.select_related("person", "team", "organisation")
    context = {
        "action": action,
        "page": page,
        "form": form,
        "timescale": present.timescale_view(action.timescale),
        "owners": [present.owner_view(owner) for owner in owners],
        "may": access.permissions(request.user, action),
    }
    return render(request, "programmes/item_action.html", context)


# --- Deliverables ----------------------------------------------------------------------------


def deliverable_page(request, pk: int):
    return _render_deliverable(request, deliverable_for(request, pk), ProgressForm())


@require_POST
def add_deliverable_progress(request, pk: int):
    deliverable = deliverable_for(request, pk)
    access.require_contribute(request.user, deliverable)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _render_deliverable(request, deliverable, form)
    _record(request, deliverable, form)
    return redirect("deliverable", pk=deliverable.pk)


@require_POST
def confirm_deliverable_status(request, pk: int):
    deliverable = deliverable_for(request, pk)
    access.require_contribute(request.user, deliverable)
    _confirm(request, deliverable, StatusForm(request.POST))
    return redirect("deliverable", pk=deliverable.pk)


def _render_deliverable(request, deliverable: Deliverable, form: ProgressForm):
    stage = deliverable.stage
    programme = stage.programme
    page = present.item_page(
        item=deliverable,
        parents=[(programme.name, reverse("programme", args=[programme.slug]))],
        kind="deliverable",
        updates=_updates(deliverable),
        trail=trails.deliverable_trail(deliverable),
    )
    context = {
        "deliverable": deliverable,
        "stage": stage,
        "stage_due": present.timescale_view(stage.timescale),
        "parent": deliverable.parent and present.deliverable_link(deliverable.parent),
        "children": [present.deliverable_link(child) for child in deliverable.children.all()],
        "page": page,
        "form": form,
        "may": access.permissions(request.user, deliverable),
    }
    return render(request, "programmes/item_deliverable.html", context)


# --- Reviewing suggested statuses ------------------------------------------------------------


def review_statuses(request, slug: str):
    programme = programme_for(request, slug)
    access.require_manage(request.user, programme)
    actions = list(_with_latest_progress(programme.actions.not_archived(), "action"))
    deliverables = list(
        _with_latest_progress(
            Deliverable.objects.filter(stage__programme=programme).not_archived(), "deliverable"
        ).order_by("stage__order", "stage_id", "scope", "order", "id")
    )
    items = {f"action-{item.pk}": item for item in actions} | {
        f"deliverable-{item.pk}": item for item in deliverables
    }
    form = ReviewStatusesForm(
        request.POST if request.method == "POST" else None,
        items={name: str(item) for name, item in items.items()},
    )
    if form.is_bound and form.is_valid():
        choices = [(items[name], status) for name, status in form.cleaned_data.items() if status]
        count = confirm_statuses(author=request.user, choices=choices)
        messages.success(request, f"{count} status{'' if count == 1 else 'es'} confirmed")
        return redirect("programme", slug=programme.slug)
    context = {
        "programme": programme,
        "form": form,
        "rows": present.review_rows(actions, deliverables, form.data),
        "crumbs": [
            ("Programmes", reverse("home")),
            (programme.name, reverse("programme", args=[programme.slug])),
            ("Review suggested statuses", ""),
        ],
    }
    return render(request, "programmes/review_statuses.html", context)


def _with_latest_progress(items, kind: str):
    """Items whose status is only suggested, each with the text of its latest update."""
    latest = ProgressUpdate.objects.filter(**{kind: OuterRef("pk")}).order_by(*PROGRESS_ORDER)
    return items.filter(status_suggested=True).annotate(
        latest_progress=Subquery(latest.values("text")[:1])
    )


# --- Shared ----------------------------------------------------------------------------------


def _updates(item):
    return item.updates.select_related("author", "confirmed_by").order_by(*PROGRESS_ORDER)


def _record(request, item, form: ProgressForm) -> None:
    update = record_progress(
        item=item,
        author=request.user,
        as_of=form.cleaned_data["as_of"],
        text=form.cleaned_data["text"],
        status=form.cleaned_data["status"],
    )
    messages.success(request, f"Progress update as of {update.as_of_text} added")


def _confirm(request, item, form: StatusForm) -> None:
    if not form.is_valid():
        messages.error(request, "Select a status from the list")
        return
    status = form.cleaned_data["status"]
    confirm_status(item=item, author=request.user, status=status)
    messages.success(request, f"Status confirmed as {StatusChoices(status).label}")
