"""Archiving actions and deliverables (after a confirmation page), and restoring them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from commissioning.access import rules as access
from commissioning.programmes import services
from commissioning.programmes.item_presenters import short_title
from commissioning.programmes.views.items import action_for, deliverable_for


def archive_action(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive(request, action_for(request, pk), "action")


@require_POST
def restore_action(request: HttpRequest, pk: int) -> HttpResponse:
    return _restore(request, action_for(request, pk), "action")


def archive_deliverable(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive(request, deliverable_for(request, pk), "deliverable")


@require_POST
def restore_deliverable(request: HttpRequest, pk: int) -> HttpResponse:
    return _restore(request, deliverable_for(request, pk), "deliverable")


def _archive(request: HttpRequest, item, kind: str) -> HttpResponse:
    """GET asks to confirm; POST archives. An item already archived goes to its page."""
    access.require_manage(request.user, item)
    if item.archived_at is not None:
        return redirect(kind, pk=item.pk)
    if request.method == "POST":
        services.archive_item(item=item, user=request.user)
        messages.success(
            request,
            f"{kind.capitalize()} archived: it is no longer shown in lists, exports or reports",
        )
        return redirect(kind, pk=item.pk)
    context = {
        "kind": kind,
        "title": short_title(str(item)),
        "back_url": reverse(f"{kind}-edit", args=[item.pk]),
    }
    return render(request, "programmes/archive_confirm.html", context)


def _restore(request: HttpRequest, item, kind: str) -> HttpResponse:
    access.require_manage(request.user, item)
    services.restore_item(item=item, user=request.user)
    messages.success(request, f"{kind.capitalize()} restored")
    return redirect(kind, pk=item.pk)
