"""Importing a document from the web: upload, check the preview, confirm, see the result."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from commissioning.plans.forms import OwnerMappingForm, UploadForm
from commissioning.plans.pending import (
    PendingUpload,
    confirm_upload,
    discard_upload,
    pending_upload,
    store_upload,
)
from commissioning.plans.plan import PlanError
from commissioning.plans.presenters import plan_preview, run_summary, unresolved_owner_names
from commissioning.plans.services import find_programme, import_document
from commissioning.programmes.models import ImportRun


def import_run_for(request, pk: int) -> ImportRun:
    """The import run ``pk`` if the user may see it (every signed-in user, for now)."""
    return get_object_or_404(ImportRun.objects.select_related("programme", "user"), pk=pk)


def pending_upload_for(request, token: str) -> PendingUpload | None:
    """The user's own pending upload under ``token``, if it is still there."""
    return pending_upload(token, user=request.user)


def upload(request):
    """Upload a document; a file that reads as a plan goes on to the preview."""
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        document = form.cleaned_data["document"]
        data = document.read()
        programme = form.requested_programme()
        try:
            import_document(data=data, filename=document.name, programme=programme, dry_run=True)
        except PlanError as error:
            form.add_error("document", str(error))
        else:
            pending = store_upload(
                data=data, filename=document.name, programme=programme, user=request.user
            )
            return redirect("import-preview", token=pending.token)
    return render(request, "plans/upload.html", {"form": form})


def preview(request, token: str):
    """What the import would do; confirm (mapping unresolved owners) or cancel it."""
    pending = pending_upload_for(request, token)
    if pending is None:
        return render(request, "plans/upload_not_found.html", status=404)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        discard_upload(pending)
        messages.info(request, f"Import of {pending.filename} cancelled: nothing was imported.")
        return redirect("import-upload")
    try:
        result = import_document(
            data=pending.read(),
            filename=pending.filename,
            programme=pending.programme,
            dry_run=True,
        )
    except PlanError as error:
        discard_upload(pending)
        messages.error(request, str(error))
        return redirect("import-upload")
    posted = request.method == "POST"
    form = OwnerMappingForm(
        request.POST if posted else None, names=unresolved_owner_names(result.plan)
    )
    if posted and form.is_valid():
        run = confirm_upload(pending=pending, mappings=form.mappings(), user=request.user)
        return redirect("import-result", pk=run.pk)
    page = plan_preview(
        result.plan,
        programme_name=result.programme_name,
        programme_is_new=find_programme(result.programme_name) is None,
    )
    context = {"pending": pending, "preview": page, "form": form}
    return render(request, "plans/preview.html", context)


def result(request, pk: int):
    """What an import recorded."""
    run = import_run_for(request, pk)
    return render(request, "plans/result.html", {"run": run, "summary": run_summary(run)})
