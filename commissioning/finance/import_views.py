"""Importing a spend return from the web: upload, preview, confirm (or cancel).

Partnership contributors import their own organisation's lines, managers everyone's (the
same rules as entering a line, checked again by ``store_spend``). Who may, and whether the
request is small enough, is settled before the body is parsed; nothing is stored until the
preview is confirmed, then all of it or nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from commissioning.access import rules as access
from commissioning.domain.plan import PlanError
from commissioning.finance import uploads
from commissioning.finance.forms import SpendUploadForm
from commissioning.finance.imports import SpendImportRefused
from commissioning.plans.pending import discard_upload
from commissioning.plans.services import oversized_request


def _entering(request, slug):
    partnership = access.partnership_for(request.user, slug)
    access.require_enter_spend(request.user, partnership)
    return partnership


@csrf_exempt  # only so that the checks below come before the body is parsed; see _upload
def upload(request, slug):
    """Upload a spend table; one that reads goes on to the preview."""
    partnership = _entering(request, slug)
    refusal = None
    if request.method == "POST":
        refusal = oversized_request(request.META.get("CONTENT_LENGTH"))
    if refusal:
        return _upload_page(request, partnership, SpendUploadForm.refused(refusal), status=400)
    return _upload(request, partnership)


@csrf_protect
def _upload(request, partnership):
    posted = request.method == "POST"
    form = SpendUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        organisations=access.spend_organisations(request.user, partnership),
    )
    if posted and form.is_valid():
        document = form.cleaned_data["document"]
        data = document.read()
        try:
            uploads.read_spend(data, document.name, in_request=True)
        except PlanError as error:
            form.add_error("document", str(error))
        else:
            pending = uploads.keep_upload(
                data=data,
                filename=document.name,
                user=request.user,
                partnership=partnership,
                organisation=form.cleaned_data["organisation"],
            )
            return redirect("finance-import-preview", partnership.slug, pending.token)
    return _upload_page(request, partnership, form, status=400 if form.errors else 200)


def _upload_page(request, partnership, form, *, status):
    context = {"partnership": partnership, "form": form}
    return render(request, "finance/import_upload.html", context, status=status)


def preview(request, slug, token):
    """What the return would store, or the problems that refuse it; confirm or cancel."""
    partnership = _entering(request, slug)
    kept = uploads.kept_upload(token, user=request.user, partnership=partnership)
    if kept is None:
        context = {"partnership": partnership}
        return render(request, "finance/import_not_found.html", context, status=404)
    pending, organisation_id = kept
    organisation = (
        access.spend_organisations(request.user, partnership).filter(pk=organisation_id).first()
        if organisation_id
        else None
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        discard_upload(pending)
        messages.info(request, f"Import of {pending.filename} cancelled: nothing was imported.")
        return redirect("finance-lines", slug)
    read = {
        "partnership": partnership,
        "data": pending.read(),
        "filename": pending.filename,
        "user": request.user,
        "organisation": organisation,
        "in_request": True,
    }
    try:
        preview = uploads.preview_spend(**read)
    except PlanError as error:
        discard_upload(pending)
        messages.error(request, str(error))
        return redirect("finance-import", slug)
    notice = ""
    if action == "confirm" and not preview.problems:
        if request.POST.get("fingerprint") != preview.fingerprint:
            notice = (
                "The partnership's pot changed since you saw the preview: nothing was "
                "imported. Check what the file would do now, and confirm again."
            )
        else:
            try:
                result = uploads.import_spend(**read)
            except PlanError as error:
                notice = str(error)
            except SpendImportRefused as refused:
                notice = "; ".join(refused.errors)
            else:
                discard_upload(pending)
                replaced = f", replacing {result.replaced}" if result.replaced else ""
                messages.success(
                    request,
                    f"Imported {pending.filename}: {result.lines} spend lines for "
                    f"{', '.join(result.years)}{replaced}.",
                )
                return redirect("finance-lines", slug)
    context = {
        "partnership": partnership,
        "pending": pending,
        "preview": preview,
        "organisation": organisation,
        "notice": notice,
    }
    status = 400 if notice or preview.problems else 200
    return render(request, "finance/import_preview.html", context, status=status)
