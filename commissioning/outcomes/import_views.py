"""Importing an outcomes framework from the web: upload, preview, confirm (or cancel).

The partnership's managers only. Who may, and whether the request is small enough, is
settled before the body is parsed; the file is read within the import limits, and nothing
is stored until the preview is confirmed, then all of it or nothing, by the same import as
``commissioning import_outcomes``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from commissioning.access import rules as access
from commissioning.domain.plan import PlanError
from commissioning.outcomes import imports, needs_imports
from commissioning.outcomes.forms import FrameworkUploadForm, TableUploadForm
from commissioning.plans.pending import discard_upload
from commissioning.plans.services import oversized_request

STALE = (
    "The partnership's outcomes changed since you saw the preview: nothing was imported. "
    "Check what the file would do now, and confirm again."
)


def _managed(request, slug):
    partnership = access.partnership_for(request.user, slug)
    if not access.can_change_outcomes(request.user, partnership):
        raise PermissionDenied("Only the partnership's managers import outcomes frameworks")
    return partnership


@csrf_exempt  # only so that the checks below come before the body is parsed; see _upload
def upload(request, slug):
    """Upload an outcomes framework; one that reads goes on to the preview."""
    partnership = _managed(request, slug)
    refusal = None
    if request.method == "POST":
        refusal = oversized_request(request.META.get("CONTENT_LENGTH"))
    if refusal:
        form = FrameworkUploadForm.refused(refusal)
        return _upload_page(request, partnership, form, status=400)
    return _upload(request, partnership)


@csrf_protect
def _upload(request, partnership):
    posted = request.method == "POST"
    form = FrameworkUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        document = form.cleaned_data["document"]
        data = document.read()
        try:
            imports.read_outcomes_file(data=data, filename=document.name, in_request=True)
        except PlanError as error:
            form.add_error("document", str(error))
        else:
            pending = imports.keep_upload(
                data=data, filename=document.name, user=request.user, partnership=partnership
            )
            address = reverse("outcomes-import-preview", args=[partnership.slug, pending.token])
            chain = form.cleaned_data["chain"].strip()
            return redirect(address + (f"?{urlencode({'chain': chain})}" if chain else ""))
    return _upload_page(request, partnership, form, status=400 if form.errors else 200)


def _upload_page(request, partnership, form, *, status):
    context = {"partnership": partnership, "form": form}
    return render(request, "outcomes/import_upload.html", context, status=status)


def preview(request, slug, token):
    """What the file would add, what is already there, or the problems that refuse it."""
    partnership = _managed(request, slug)
    pending = imports.kept_upload(token, user=request.user, partnership=partnership)
    if pending is None:
        context = {"partnership": partnership}
        return render(request, "outcomes/import_not_found.html", context, status=404)
    action = request.POST.get("action") if request.method == "POST" else None
    chain_title = _chain_title(request)
    if action == "cancel":
        discard_upload(pending)
        messages.info(request, f"Import of {pending.filename} cancelled: nothing was imported.")
        return redirect("outcomes-library", slug)
    try:
        preview = imports.preview_outcomes(
            partnership=partnership,
            data=pending.read(),
            filename=pending.filename,
            chain_title=chain_title,
            in_request=True,
        )
    except PlanError as error:
        discard_upload(pending)
        messages.error(request, str(error))
        return redirect("outcomes-import", slug)
    notice = ""
    if action == "confirm" and not preview.problems:
        try:
            stored = imports.import_outcomes(
                partnership=partnership,
                user=request.user,
                data=pending.read(),
                filename=pending.filename,
                chain_title=chain_title,
                in_request=True,
                fingerprint=request.POST.get("fingerprint", ""),
            )
        except imports.ImportStale:
            notice = STALE
        except PlanError as error:
            notice = str(error)
        else:
            discard_upload(pending)
            messages.success(
                request,
                f"Imported {pending.filename}: {stored.created} new outcomes and "
                f"{stored.links} new links; {len(stored.present)} outcomes were already here.",
            )
            return redirect("outcomes-library", slug)
    context = {
        "partnership": partnership,
        "pending": pending,
        "preview": preview,
        "notice": notice,
        "chain_title": chain_title,
    }
    status = 400 if notice or preview.problems else 200
    return render(request, "outcomes/import_preview.html", context, status=status)


# --- Needs analyses and gaps: the same three steps for a table of either ----------------------


def _table(table: str) -> str:
    if table not in needs_imports.TABLES:
        raise Http404("No such table")
    return needs_imports.TABLES[table]


@csrf_exempt  # only so that the checks below come before the body is parsed; see _table_upload
def table_upload(request, slug, table):
    """Upload a table of needs analyses or gaps; one that reads goes on to the preview."""
    what = _table(table)
    partnership = _managed(request, slug)
    if request.method == "POST":
        refusal = oversized_request(request.META.get("CONTENT_LENGTH"))
        if refusal:
            form = TableUploadForm.refused(refusal)
            return _table_page(request, partnership, table, form, status=400)
    return _table_upload(request, partnership, table, what)


@csrf_protect
def _table_upload(request, partnership, table, what):
    posted = request.method == "POST"
    form = TableUploadForm(
        request.POST if posted else None, request.FILES if posted else None, what=what
    )
    if posted and form.is_valid():
        document = form.cleaned_data["document"]
        data = document.read()
        try:
            needs_imports.read_table(
                table=table, data=data, filename=document.name, in_request=True
            )
        except PlanError as error:
            form.add_error("document", str(error))
        else:
            pending = needs_imports.keep_upload(
                table=table,
                data=data,
                filename=document.name,
                user=request.user,
                partnership=partnership,
            )
            return redirect("outcomes-table-import-preview", partnership.slug, table, pending.token)
    return _table_page(request, partnership, table, form, status=400 if form.errors else 200)


def _table_page(request, partnership, table, form, *, status):
    context = {"partnership": partnership, "form": form, "table": table, "what": _table(table)}
    return render(request, "outcomes/table_import_upload.html", context, status=status)


def table_preview(request, slug, table, token):
    """What the file would add and update, or the problems that refuse it; confirm or cancel."""
    what = _table(table)
    partnership = _managed(request, slug)
    back = "outcomes-gaps" if table == needs_imports.GAPS else "outcomes-needs-analyses"
    pending = needs_imports.kept_upload(
        token, table=table, user=request.user, partnership=partnership
    )
    if pending is None:
        context = {"partnership": partnership}
        return render(request, "outcomes/import_not_found.html", context, status=404)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "cancel":
        discard_upload(pending)
        messages.info(request, f"Import of {pending.filename} cancelled: nothing was imported.")
        return redirect(back, slug)
    arguments = {"partnership": partnership, "table": table, "filename": pending.filename}
    try:
        preview = needs_imports.preview_needs(data=pending.read(), in_request=True, **arguments)
    except PlanError as error:
        discard_upload(pending)
        messages.error(request, str(error))
        return redirect("outcomes-table-import", slug, table)
    notice = ""
    if action == "confirm" and not preview.problems:
        try:
            stored = needs_imports.import_needs(
                user=request.user,
                data=pending.read(),
                in_request=True,
                fingerprint=request.POST.get("fingerprint", ""),
                **arguments,
            )
        except imports.ImportStale:
            notice = STALE.replace("outcomes", what)
        except PlanError as error:
            notice = str(error)
        else:
            discard_upload(pending)
            messages.success(
                request,
                f"Imported {pending.filename}: {len(stored.added)} {what} added, "
                f"{len(stored.updated)} updated, {len(stored.unchanged)} already as the file "
                f"has them.",
            )
            return redirect(back, slug)
    context = {
        "partnership": partnership,
        "pending": pending,
        "preview": preview,
        "notice": notice,
        "what": what,
        "table": table,
    }
    status = 400 if notice or preview.problems else 200
    return render(request, "outcomes/table_import_preview.html", context, status=status)


def _chain_title(request) -> str:
    """The chain the upload named (kept in the preview's address, then in its form)."""
    asked = request.POST.get("chain") if request.method == "POST" else request.GET.get("chain")
    return " ".join((asked or "").split())[:300]
