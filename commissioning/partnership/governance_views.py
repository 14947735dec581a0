"""Governance pages: the structure, bodies and their posts, meetings, agreements, exchange."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from commissioning.partnership import exchange, governance
from commissioning.partnership import governance_presenters as present
from commissioning.partnership.governance_forms import (
    AgreementForm,
    BodyForm,
    ContributionForm,
    DecisionForm,
    FillPostForm,
    ImportForm,
    MeetingForm,
    MemberForm,
    PostForm,
    VacatePostForm,
)
from commissioning.partnership.models import Agreement, Body, Meeting, Post
from commissioning.partnership.structure_chart import structure_chart

# --- Lookups: every page finds its record here, so permission rules slot in later ------------


def bodies_for(request) -> QuerySet[Body]:
    """The bodies the user may see (every signed-in user, for now)."""
    return Body.objects.all()


def body_for(request, pk: int, queryset: QuerySet[Body] | None = None) -> Body:
    return get_object_or_404(queryset if queryset is not None else bodies_for(request), pk=pk)


def post_for(request, pk: int) -> Post:
    return get_object_or_404(Post.objects.select_related("body", "holder"), pk=pk)


def meeting_for(request, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body"), pk=pk)


def agreement_for(request, pk: int, queryset: QuerySet[Agreement] | None = None) -> Agreement:
    return get_object_or_404(queryset if queryset is not None else Agreement.objects.all(), pk=pk)


# --- Structure ----------------------------------------------------------------------------------


def structure(request):
    """Every body with its posts, remits, holders, filled counts and tenure history."""
    rows = present.structure(present.bodies_with_posts())
    flat = present.flatten(rows)
    context = {
        "bodies": flat,
        "filled": sum(row.filled for row in flat),
        "total": sum(row.total for row in flat),
    }
    return render(request, "partnership/governance/structure.html", context)


def chart(request):
    """The structure as a chart, with the same information as a nested list."""
    rows = present.structure(present.bodies_with_posts())
    context = {"chart": mark_safe(structure_chart(rows)), "tree": rows}  # noqa: S308 - escaped
    return render(request, "partnership/governance/chart.html", context)


def chart_svg(request):
    """The structure chart on its own, to download or embed."""
    rows = present.structure(present.bodies_with_posts())
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + structure_chart(rows)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def body_page(request, pk: int):
    """A body: its posts, members, and meetings with their decisions."""
    body = body_for(request, pk, present.body_with_everything())
    context = {
        "body": body,
        "row": present.body_row(body),
        "members": present.member_rows(body),
        "meetings": present.meeting_rows(body),
        "children": body.children.all(),
    }
    return render(request, "partnership/governance/body.html", context)


# --- Changing bodies and posts ------------------------------------------------------------------


def body_form(request, pk: int | None = None):
    """Add a body, or change one."""
    body = body_for(request, pk) if pk is not None else None
    initial = {}
    if body is not None:
        initial = {
            "name": body.name,
            "kind": body.kind,
            "unit_type": body.unit_type,
            "organisation": body.organisation_id,
            "parent": body.parent_id,
            "description": body.description,
        }
    form = BodyForm(_posted(request), initial=initial, body=body)
    if form.is_bound and form.is_valid():
        try:
            body = governance.save_body(body=body, **form.cleaned_data)
        except governance.GovernanceError as error:
            form.add_error("parent", str(error))
        else:
            messages.success(request, "Body saved")
            return redirect("governance-body", pk=body.pk)
    back = reverse("governance-body", args=[body.pk]) if body else reverse("governance-structure")
    heading = f"Change {body.name}" if body else "Add a body"
    return _form_page(request, form, heading, back)


def post_form(request, body_pk: int | None = None, pk: int | None = None):
    """Add a post to a body, or change a post's title and remit."""
    post = post_for(request, pk) if pk is not None else None
    body = post.body if post else body_for(request, body_pk)
    initial = {"title": post.title, "remit": post.remit} if post else {}
    form = PostForm(_posted(request), initial=initial)
    if form.is_bound and form.is_valid():
        governance.save_post(post=post, body=body, **form.cleaned_data)
        messages.success(request, "Post saved")
        return redirect("governance-body", pk=body.pk)
    heading = f"Change the post of {post.title}" if post else "Add a post"
    return _form_page(request, form, heading, reverse("governance-body", args=[body.pk]), body.name)


def fill_post(request, pk: int):
    """Say who holds a post and from when; the previous holder's tenure ends that day."""
    post = post_for(request, pk)
    form = FillPostForm(_posted(request), initial={"person": post.holder_id})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            governance.fill_post(post=post, person=data["person"], on=data["on"])
        except governance.GovernanceError as error:
            form.add_error("on", str(error))
        else:
            messages.success(request, f"{data['person'].name} is now {post.title}")
            return redirect("governance-body", pk=post.body_id)
    back = reverse("governance-body", args=[post.body_id])
    return _form_page(request, form, f"Fill the post of {post.title}", back, post.body.name)


def vacate_post(request, pk: int):
    """Mark a post vacant from a date; its holder's tenure ends that day."""
    post = post_for(request, pk)
    form = VacatePostForm(_posted(request))
    if form.is_bound and form.is_valid():
        try:
            governance.vacate_post(post=post, on=form.cleaned_data["on"])
        except governance.GovernanceError as error:
            form.add_error("on", str(error))
        else:
            messages.success(request, f"The post of {post.title} is vacant")
            return redirect("governance-body", pk=post.body_id)
    back = reverse("governance-body", args=[post.body_id])
    return _form_page(
        request, form, f"Mark the post of {post.title} as vacant", back, post.body.name
    )


def add_member(request, pk: int):
    body = body_for(request, pk)
    form = MemberForm(_posted(request))
    if form.is_bound and form.is_valid():
        governance.add_member(body=body, **form.cleaned_data)
        messages.success(request, "Member added")
        return redirect("governance-body", pk=body.pk)
    back = reverse("governance-body", args=[body.pk])
    return _form_page(request, form, "Add a member", back, body.name)


# --- Meetings and decisions ---------------------------------------------------------------------


def add_meeting(request, pk: int):
    body = body_for(request, pk)
    form = MeetingForm(_posted(request))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        meeting = governance.record_meeting(body=body, on=data["on"], title=data["title"])
        messages.success(request, "Meeting added: now add what it decided")
        return redirect("governance-decision-new", pk=meeting.pk)
    back = reverse("governance-body", args=[body.pk])
    return _form_page(request, form, "Add a meeting", back, body.name)


def add_decision(request, pk: int):
    meeting = meeting_for(request, pk)
    form = DecisionForm(_posted(request))
    if form.is_bound and form.is_valid():
        governance.record_decision(meeting=meeting, **form.cleaned_data)
        messages.success(request, "Decision added")
        return redirect("governance-body", pk=meeting.body_id)
    back = reverse("governance-body", args=[meeting.body_id])
    caption = f"{meeting.body.name}, {meeting.date.day} {meeting.date:%B %Y}"
    return _form_page(request, form, "Add a decision", back, caption)


# --- Agreements ---------------------------------------------------------------------------------


def agreements(request):
    """Every agreement with its kind, parties, host, status and total contributions."""
    rows = [present.agreement_row(a) for a in present.agreements_with_contributions()]
    return render(request, "partnership/governance/agreements.html", {"agreements": rows})


def agreement_page(request, pk: int):
    """An agreement: parties, host, status, and contributions per party per financial year."""
    agreement = agreement_for(request, pk, present.agreements_with_contributions())
    context = {
        "agreement": agreement,
        "row": present.agreement_row(agreement),
        "table": present.contribution_table(agreement),
        "actions": agreement.actions.all(),
    }
    return render(request, "partnership/governance/agreement.html", context)


def agreement_form(request, pk: int | None = None):
    agreement = agreement_for(request, pk) if pk is not None else None
    initial = {}
    if agreement is not None:
        initial = {
            "title": agreement.title,
            "kind": agreement.kind,
            "status": agreement.status,
            "parties": list(agreement.parties.values_list("pk", flat=True)),
            "host": agreement.host_id,
            "start": agreement.start,
            "end": agreement.end,
        }
    form = AgreementForm(_posted(request), initial=initial, agreement=agreement)
    if form.is_bound and form.is_valid():
        agreement = governance.save_agreement(agreement=agreement, **form.cleaned_data)
        messages.success(request, "Agreement saved")
        return redirect("governance-agreement", pk=agreement.pk)
    if agreement:
        back, heading = reverse("governance-agreement", args=[agreement.pk]), "Change agreement"
    else:
        back, heading = reverse("governance-agreements"), "Add an agreement"
    return _form_page(request, form, heading, back, agreement.title if agreement else "")


def set_contribution(request, pk: int):
    """Record one party's contribution to an agreement for one financial year."""
    agreement = agreement_for(request, pk)
    form = ContributionForm(_posted(request))
    if form.is_bound and form.is_valid():
        governance.set_contribution(agreement=agreement, **form.cleaned_data)
        messages.success(request, "Contribution saved")
        return redirect("governance-agreement", pk=agreement.pk)
    back = reverse("governance-agreement", args=[agreement.pk])
    return _form_page(request, form, "Add or change a contribution", back, agreement.title)


# --- Export and import --------------------------------------------------------------------------


def export(request, what: str, format: str):
    """Bodies, posts, agreements or contributions as a CSV or Excel file."""
    if what not in exchange.COLUMNS or format not in {"csv", "xlsx"}:
        raise Http404
    if format == "csv":
        content, kind = exchange.export_csv(what), "text/csv; charset=utf-8"
    else:
        content = exchange.export_xlsx(what)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="partnership-{what}.{format}"'
    return response


def import_page(request):
    """Import bodies, posts, agreements or contributions; every row is checked first."""
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        result = exchange.import_file(
            what=form.cleaned_data["what"], name=upload.name, content=upload.read()
        )
        if result.ok:
            messages.success(
                request,
                f"Imported {form.cleaned_data['what']}: {result.created} added, "
                f"{result.updated} updated",
            )
            return redirect("governance-structure")
    context = {"form": form, "result": result, "columns": exchange.COLUMNS}
    return render(request, "partnership/governance/import.html", context)


# --- Shared -------------------------------------------------------------------------------------


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, heading: str, back_url: str, caption: str = ""):
    context = {"form": form, "heading": heading, "back_url": back_url, "caption": caption}
    return render(request, "partnership/governance/form_page.html", context)
