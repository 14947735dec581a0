"""Importing a document from the web: upload, check the preview, confirm, see the result."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from commissioning.core import access
from commissioning.domain.plan import PlanError
from commissioning.plans.forms import ColumnChoiceForm, OwnerMappingForm, UploadForm
from commissioning.plans.pending import (
    PendingUpload,
    confirm_upload,
    discard_upload,
    pending_upload,
    store_upload,
)
from commissioning.plans.presenters import (
    merge_preview,
    plan_preview,
    run_summary,
    unresolved_owner_names,
)
from commissioning.plans.services import find_programme, import_document, remember_columns
from commissioning.programmes.models import ImportRun


def import_run_for(request, pk: int) -> ImportRun:
    """The import run ``pk`` if the user may see its programme, else 404."""
    runs = access.visible_import_runs(request.user).select_related("programme", "user")
    return get_object_or_404(runs, pk=pk)


def pending_upload_for(request, token: str) -> PendingUpload | None:
    """The user's own pending upload under ``token``, if it is still there."""
    return pending_upload(token, user=request.user)


def upload(request):
    """Upload a document; a file that reads as a plan goes on to the preview.

    Only programme managers (into their programmes) and site administrators import.
    """
    if not access.can_import(request.user):
        raise PermissionDenied("Only programme managers and site administrators import plans")
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        programmes=access.importable_programmes(request.user),
    )
    if posted and form.is_valid():
        document = form.cleaned_data["document"]
        data = document.read()
        programme = form.requested_programme()
        try:
            import_document(
                data=data,
                filename=document.name,
                user=request.user,
                programme=programme,
                dry_run=True,
            )
        except PlanError as error:
            form.add_error("document", str(error))
        except PermissionDenied as refusal:
            form.add_error("programme", str(refusal))
        else:
            pending = store_upload(
                data=data, filename=document.name, programme=programme, user=request.user
            )
            return redirect("import-preview", token=pending.token)
    return render(request, "plans/upload.html", {"form": form})


def preview(request, token: str):
    """What the import would do; confirm (mapping unresolved owners and deciding each
    conflict with a person's edit) or cancel it. Nothing is written before confirming."""
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
            user=request.user,
            programme=pending.programme,
            dry_run=True,
        )
    except (PlanError, PermissionDenied) as error:
        discard_upload(pending)
        messages.error(request, str(error))
        return redirect("import-upload")
    columns_form = ColumnChoiceForm(
        request.POST if request.POST.get("action") == "columns" else None,
        tables=result.plan.tables,
    )
    if request.POST.get("action") == "columns" and columns_form.is_valid():
        for layout, choices in columns_form.choices():
            remember_columns(layout=layout, choices=choices, user=request.user)
        messages.info(request, "Columns read again as you chose; nothing imported yet.")
        return redirect("import-preview", token=pending.token)
    posted = request.method == "POST" and request.POST.get("action") != "columns"
    form = OwnerMappingForm(
        request.POST if posted else None,
        names=unresolved_owner_names(result.plan),
        conflicts=result.conflicts,
    )
    if posted and form.is_valid():
        run = confirm_upload(
            pending=pending,
            mappings=form.mappings(),
            resolutions=form.resolutions(),
            user=request.user,
        )
        return redirect("import-result", pk=run.pk)
    page = plan_preview(
        result.plan,
        programme_name=result.programme_name,
        programme_is_new=find_programme(result.programme_name) is None,
    )
    context = {
        "pending": pending,
        "preview": page,
        "merge": merge_preview(result, form),
        "form": form,
        "columns_form": columns_form,
    }
    return render(request, "plans/preview.html", context)


def result(request, pk: int):
    """What an import recorded."""
    run = import_run_for(request, pk)
    return render(request, "plans/result.html", {"run": run, "summary": run_summary(run)})
