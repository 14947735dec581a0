"""Importing an indicator table from the web: upload, preview, confirm (or cancel).

The partnership's managers only. Who may, and whether the request is small enough, is
settled before the body is parsed; the file is read within the import limits, and nothing
is stored until the preview is confirmed, then all of it or nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from commissioning.access import rules as access
from commissioning.domain.plan import PlanError
from commissioning.performance import imports
from commissioning.performance.forms import IndicatorUploadForm
from commissioning.performance.services import PerformanceError
from commissioning.plans.pending import discard_upload
from commissioning.plans.services import oversized_request

SHOWN_VALUES = 12  # periods listed per indicator on the preview; the count says the rest


def _managed(request, slug):
    partnership = access.partnership_for(request.user, slug)
    if not access.can_manage_performance(request.user, partnership):
        raise PermissionDenied("Only the partnership's managers import indicator tables")
    return partnership


@csrf_exempt  # only so that the checks below come before the body is parsed; see _upload
def upload(request, slug):
    """Upload an indicator table; one that reads goes on to the preview."""
    partnership = _managed(request, slug)
    refusal = None
    if request.method == "POST":
        refusal = oversized_request(request.META.get("CONTENT_LENGTH"))
    if refusal:
        form = IndicatorUploadForm.refused(refusal)
        return _upload_page(request, partnership, form, status=400)
    return _upload(request, partnership)


@csrf_protect
def _upload(request, partnership):
    posted = request.method == "POST"
    form = IndicatorUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        document = form.cleaned_data["document"]
        data = document.read()
        try:
            imports.read_indicators(data, document.name, in_request=True)
        except PlanError as error:
            form.add_error("document", str(error))
        else:
            pending = imports.keep_upload(
                data=data, filename=document.name, user=request.user, partnership=partnership
            )
            return redirect("performance-import-preview", partnership.slug, pending.token)
    return _upload_page(request, partnership, form, status=400 if form.errors else 200)


def _upload_page(request, partnership, form, *, status):
    context = {"partnership": partnership, "form": form}
    return render(request, "performance/import_upload.html", context, status=status)


def preview(request, slug, token):
    """What the file would store, or the problems that refuse it; confirm or cancel."""
    partnership = _managed(request, slug)
    pending = imports.kept_upload(token, user=request.user, partnership=partnership)
    if pending is None:
        context = {"partnership": partnership}
        return render(request, "performance/import_not_found.html", context, status=404)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        discard_upload(pending)
        messages.info(request, f"Import of {pending.filename} cancelled: nothing was imported.")
        return redirect("performance-scorecard", slug)
    try:
        preview = imports.preview_indicators(
            partnership=partnership, data=pending.read(), filename=pending.filename, in_request=True
        )
    except PlanError as error:
        discard_upload(pending)
        messages.error(request, str(error))
        return redirect("performance-import", slug)
    notice = ""
    if action == "confirm" and not preview.problems:
        if request.POST.get("fingerprint") != preview.fingerprint:
            notice = (
                "The partnership's indicators changed since you saw the preview: nothing was "
                "imported. Check what the file would do now, and confirm again."
            )
        else:
            try:
                stored = imports.import_indicators(
                    partnership=partnership,
                    data=pending.read(),
                    filename=pending.filename,
                    user=request.user,
                    in_request=True,
                )
            except (PlanError, PerformanceError) as error:
                notice = str(error)
            else:
                discard_upload(pending)
                messages.success(
                    request,
                    f"Imported {pending.filename}: {len(stored.indicators_added)} new "
                    f"indicators, {stored.values_added} new values, {len(stored.changes)} "
                    f"values changed.",
                )
                return redirect("performance-scorecard", slug)
    context = {
        "partnership": partnership,
        "pending": pending,
        "preview": preview,
        "notice": notice,
        "shown_values": SHOWN_VALUES,
    }
    status = 400 if notice or preview.problems else 200
    return render(request, "performance/import_preview.html", context, status=status)
