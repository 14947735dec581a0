"""Importing a document from the web: upload, check the preview, confirm, see the result."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django_htmx.http import HttpResponseClientRedirect

from commissioning.access import rules as access
from commissioning.core.background import State, TooManyTasks, progress_of
from commissioning.domain.plan import PlanError
from commissioning.plans.forms import ColumnChoiceForm, OwnerMappingForm, UploadForm
from commissioning.plans.pending import (
    PendingUpload,
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
from commissioning.plans.services import (
    authorise_import,
    check_upload,
    find_programme,
    import_document,
    importing_partnership,
    oversized_request,
    remember_columns,
)
from commissioning.plans.tasks import import_upload, queue_import
from commissioning.programmes.models import ImportRun


def import_run_for(request, pk: int) -> ImportRun:
    """The import run ``pk`` if the user may see its programme, else 404."""
    runs = access.visible_import_runs(request.user).select_related("programme", "user")
    return get_object_or_404(runs, pk=pk)


def pending_upload_for(request, token: str) -> PendingUpload | None:
    """The user's own pending upload under ``token``, if it is still there."""
    return pending_upload(token, user=request.user)


@csrf_exempt  # only so that the checks below come before the body is parsed; see _upload
def upload(request):
    """Upload a document; a file that reads as a plan goes on to the preview.

    Only programme managers (into their programmes) and site administrators import. Who may,
    and whether the request is small enough, is settled before the body is parsed (Django's
    CSRF check parses it, so that check is made next, by ``_upload``); a file over the size
    limit is never read.
    """
    if not access.can_import(request.user):
        raise PermissionDenied("Only programme managers and site administrators import plans")
    posted = request.method == "POST"
    programmes = access.importable_programmes(request.user)
    refusal = oversized_request(request.META.get("CONTENT_LENGTH")) if posted else None
    if refusal:
        form = UploadForm.refused(refusal, programmes=programmes)
        return render(request, "plans/upload.html", {"form": form}, status=400)
    return _upload(request, programmes=programmes)


@csrf_protect
def _upload(request, *, programmes):
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        programmes=programmes,
        partnerships=access.managed_partnerships(request.user)
        if access.is_site_administrator(request.user)
        else None,
    )
    if posted and form.is_valid():
        document = form.cleaned_data["document"]
        programme = form.requested_programme()
        partnership = form.requested_partnership()
        try:
            authorise_import(user=request.user, programme=programme)
            check_upload(size=document.size, filename=document.name)
            data = document.read()
            import_document(
                data=data,
                filename=document.name,
                user=request.user,
                programme=programme,
                dry_run=True,
                partnership=partnership,
                in_request=True,
            )
        except PlanError as error:
            form.add_error("document", str(error))
        except PermissionDenied as refusal:
            form.add_error("programme", str(refusal))
        else:
            pending = store_upload(
                data=data,
                filename=document.name,
                programme=programme,
                user=request.user,
                partnership=partnership,
            )
            return redirect("import-preview", token=pending.token)
    status = 400 if posted and "document" in form.errors else 200  # a refused document
    return render(request, "plans/upload.html", {"form": form}, status=status)


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
            partnership=pending.partnership,
            in_request=True,
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
            remember_columns(
                layout=layout,
                choices=choices,
                user=request.user,
                partnership=importing_partnership(result.programme_name, pending.partnership),
            )
        messages.info(request, "Columns read again as you chose; nothing imported yet.")
        return redirect("import-preview", token=pending.token)
    posted = request.method == "POST" and request.POST.get("action") != "columns"
    form = OwnerMappingForm(
        request.POST if posted else None,
        names=unresolved_owner_names(result.plan),
        conflicts=result.conflicts,
        directory=access.owner_directory_for(
            request.user,
            find_programme(result.programme_name),
            partnership=importing_partnership(result.programme_name, pending.partnership),
        ),
    )
    if posted and form.is_valid():
        try:
            queued = queue_import(
                pending=pending,
                mappings=form.mappings(),
                resolutions=form.resolutions(),
                user=request.user,
            )
        except TooManyTasks as refusal:
            messages.error(request, str(refusal))
            return redirect("import-preview", token=pending.token)
        return redirect("import-status", task_id=queued.id)
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


def status(request, task_id):
    """How far the worker has got with a confirmed import; its result once written."""
    queued = access.task_result_for(request.user, import_upload, task_id)
    progress = progress_of(queued)
    if progress.state == State.DONE:
        result_url = reverse("import-result", args=[progress.value["run_id"]])
        if request.htmx:  # the page polling for it: move the whole page on to the result
            return HttpResponseClientRedirect(result_url)
        return redirect(result_url)
    context = {"progress": progress, "filename": queued.kwargs["filename"]}
    return render(request, "plans/import_status.html", context)
