"""Governance pages: the structure, bodies and their posts, meetings, agreements, exchange."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from commissioning.access import rules as access
from commissioning.partnership import exchange, governance, governance_trails
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
from commissioning.partnership.models import Agreement, Body, Meeting, Partnership, Post
from commissioning.partnership.structure_chart import structure_chart
from commissioning.programmes import concurrency
from commissioning.programmes.presenters import pagination

# --- Lookups: every page finds its record here; what the user cannot see is 404 ---------------


def bodies_for(request) -> QuerySet[Body]:
    """The bodies the user may see (the rules are in commissioning.access.rules)."""
    return access.visible_bodies(request.user)


def body_for(request, pk: int, queryset: QuerySet[Body] | None = None) -> Body:
    queryset = Body.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.filter(pk__in=bodies_for(request).values("pk")), pk=pk)


def post_for(request, pk: int) -> Post:
    posts = access.visible_posts(request.user).select_related("body", "holder")
    return get_object_or_404(posts, pk=pk)


def meeting_for(request, pk: int) -> Meeting:
    return get_object_or_404(access.visible_meetings(request.user).select_related("body"), pk=pk)


def agreement_for(request, pk: int, queryset: QuerySet[Agreement] | None = None) -> Agreement:
    queryset = Agreement.objects.all() if queryset is None else queryset
    visible = access.visible_agreements(request.user).values("pk")
    return get_object_or_404(queryset.filter(pk__in=visible), pk=pk)


def visible_structure(request) -> QuerySet[Body]:
    """The bodies the user may see, with their posts, for the structure pages."""
    return present.bodies_with_posts().filter(pk__in=bodies_for(request).values("pk"))


def _of(partnership_id: int) -> QuerySet[Partnership]:
    return Partnership.objects.filter(pk=partnership_id)


def _choose_from(field, queryset: QuerySet) -> None:
    """Narrow a choice field to what the user may pick (keeping the field's own order)."""
    field.queryset = field.queryset.filter(pk__in=queryset.values("pk"))


# --- Structure ----------------------------------------------------------------------------------


def structure(request):
    """Every body with its posts, remits, holders, filled counts and tenure history."""
    rows = present.structure(visible_structure(request))
    flat = present.flatten(rows)
    context = {
        "bodies": flat,
        "filled": sum(row.filled for row in flat),
        "total": sum(row.total for row in flat),
    }
    return render(request, "partnership/governance/structure.html", context)


def chart(request):
    """The structure as a chart, with the same information as a nested list."""
    rows = present.structure(visible_structure(request))
    context = {"chart": mark_safe(structure_chart(rows)), "tree": rows}  # noqa: S308 - escaped
    return render(request, "partnership/governance/chart.html", context)


def chart_svg(request):
    """The structure chart on its own, to download or embed."""
    rows = present.structure(visible_structure(request))
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + structure_chart(rows)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


def body_page(request, pk: int):
    """A body: its posts, members, and meetings with their decisions."""
    affected = {
        "actions": access.visible_actions(request.user),
        "deliverables": access.visible_deliverables(request.user),
    }
    body = body_for(request, pk, present.body_with_everything(**affected))
    context = {
        "body": body,
        "row": present.body_row(body),
        "members": present.member_rows(body),
        "meetings": present.meeting_rows(body),
        "children": body.children.filter(pk__in=bodies_for(request).values("pk")),
        "may_change": access.can_change_body(request.user, body),
        "may_record": access.can_record_meetings(request.user, body),
    }
    return render(request, "partnership/governance/body.html", context)


MEETINGS_PER_PAGE = 25


def meetings(request):
    """Every meeting of the partnership's bodies the user may see, newest first, with its
    decisions and the actions and deliverables each affects."""
    found = present.meetings_with_decisions(
        access.visible_meetings(request.user),
        actions=access.visible_actions(request.user),
        deliverables=access.visible_deliverables(request.user),
    )
    page = Paginator(found, MEETINGS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "meetings": present.meeting_list_rows(page),
        "page": page,
        "pagination": pagination(page, request.GET),
    }
    return render(request, "partnership/governance/meetings.html", context)


# --- Changing bodies and posts ------------------------------------------------------------------


def body_form(request, pk: int | None = None):
    """Add a body, or change one."""
    body = body_for(request, pk) if pk is not None else None
    access.require_change_body(request.user, body)
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
    partnerships = access.managed_partnerships(request.user)
    form = BodyForm(
        _posted(request),
        initial=initial,
        body=body,
        partnerships=partnerships,
        current_version=_version(body),
    )
    _choose_from(form.fields["organisation"], access.governed_organisations(request.user))
    _choose_from(form.fields["parent"], access.changeable_bodies(request.user))
    saved, body = _saved(
        form,
        body,
        BODY_FIELDS,
        lambda data, version: governance.save_body(body=body, expected_version=version, **data),
        error_field="parent",
    )
    if saved:
        messages.success(request, "Body saved")
        return redirect("governance-body", pk=body.pk)
    back = reverse("governance-body", args=[body.pk]) if body else reverse("governance-structure")
    heading = f"Change {body.name}" if body else "Add a body"
    return _form_page(request, form, heading, back)


def post_form(request, body_pk: int | None = None, pk: int | None = None):
    """Add a post to a body, or change a post's title and remit."""
    post = post_for(request, pk) if pk is not None else None
    body = post.body if post else body_for(request, body_pk)
    access.require_change_body(request.user, body)
    initial = {"title": post.title, "remit": post.remit} if post else {}
    form = PostForm(_posted(request), initial=initial, current_version=_version(post))
    saved, _ = _saved(
        form,
        post,
        POST_FIELDS,
        lambda data, version: governance.save_post(
            post=post, body=body, expected_version=version, **data
        ),
        error_field="title",
    )
    if saved:
        messages.success(request, "Post saved")
        return redirect("governance-body", pk=body.pk)
    heading = f"Change the post of {post.title}" if post else "Add a post"
    return _form_page(request, form, heading, reverse("governance-body", args=[body.pk]), body.name)


def fill_post(request, pk: int):
    """Say who holds a post and from when; the previous holder's tenure ends that day."""
    post = post_for(request, pk)
    access.require_change_body(request.user, post.body)
    form = FillPostForm(
        _posted(request), initial={"person": post.holder_id}, current_version=_version(post)
    )
    _choose_from(form.fields["person"], access.people_of(_of(post.body.partnership_id)))
    saved, tenure = _saved(
        form,
        post,
        POST_FIELDS,
        lambda data, version: governance.fill_post(
            post=post, person=data["person"], on=data["on"], expected_version=version
        ),
        error_field="on",
    )
    if saved:
        messages.success(request, f"{tenure.person.name} is now {post.title}")
        return redirect("governance-body", pk=post.body_id)
    back = reverse("governance-body", args=[post.body_id])
    return _form_page(request, form, f"Fill the post of {post.title}", back, post.body.name)


def vacate_post(request, pk: int):
    """Mark a post vacant from a date; its holder's tenure ends that day."""
    post = post_for(request, pk)
    access.require_change_body(request.user, post.body)
    form = VacatePostForm(_posted(request), current_version=_version(post))
    saved, _ = _saved(
        form,
        post,
        POST_FIELDS,
        lambda data, version: governance.vacate_post(
            post=post, on=data["on"], expected_version=version
        ),
        error_field="on",
    )
    if saved:
        messages.success(request, f"The post of {post.title} is vacant")
        return redirect("governance-body", pk=post.body_id)
    back = reverse("governance-body", args=[post.body_id])
    return _form_page(
        request, form, f"Mark the post of {post.title} as vacant", back, post.body.name
    )


def add_member(request, pk: int):
    body = body_for(request, pk)
    access.require_record_meetings(request.user, body)
    form = MemberForm(_posted(request))
    _choose_from(form.fields["person"], access.people_of(_of(body.partnership_id)))
    if form.is_bound and form.is_valid():
        governance.add_member(body=body, **form.cleaned_data)
        messages.success(request, "Member added")
        return redirect("governance-body", pk=body.pk)
    back = reverse("governance-body", args=[body.pk])
    return _form_page(request, form, "Add a member", back, body.name)


# --- Meetings and decisions ---------------------------------------------------------------------


def add_meeting(request, pk: int):
    body = body_for(request, pk)
    access.require_record_meetings(request.user, body)
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
    access.require_record_meetings(request.user, meeting.body)
    form = DecisionForm(_posted(request))
    partnership = meeting.body.partnership_id
    actions = access.visible_actions(request.user).filter(programme__partnership=partnership)
    deliverables = access.visible_deliverables(request.user).filter(
        stage__programme__partnership=partnership
    )
    _choose_from(form.fields["actions"], actions)
    _choose_from(form.fields["deliverables"], deliverables)
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
    visible = access.visible_agreements(request.user).values("pk")
    agreements = present.agreements_with_contributions().filter(pk__in=visible)
    rows = [present.agreement_row(agreement) for agreement in agreements]
    return render(request, "partnership/governance/agreements.html", {"agreements": rows})


def agreement_page(request, pk: int):
    """An agreement: parties, host, status, and contributions per party per financial year."""
    agreement = agreement_for(request, pk, present.agreements_with_contributions())
    context = {
        "agreement": agreement,
        "row": present.agreement_row(agreement),
        "table": present.contribution_table(agreement),
        "actions": agreement.actions.filter(pk__in=access.visible_actions(request.user)),
        "may_change": access.can_change_agreement(request.user, agreement),
    }
    return render(request, "partnership/governance/agreement.html", context)


def agreement_form(request, pk: int | None = None):
    agreement = agreement_for(request, pk) if pk is not None else None
    access.require_change_agreement(request.user, agreement)
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
    partnerships = access.managed_partnerships(request.user)
    form = AgreementForm(
        _posted(request),
        initial=initial,
        agreement=agreement,
        partnerships=partnerships,
        current_version=_version(agreement),
    )
    governed = (
        access.organisations_of(_of(agreement.partnership_id))
        if agreement
        else access.governed_organisations(request.user)
    )
    _choose_from(form.fields["parties"], governed)
    _choose_from(form.fields["host"], governed)
    saved, agreement = _saved(
        form,
        agreement,
        AGREEMENT_FIELDS,
        lambda data, version: governance.save_agreement(
            agreement=agreement, expected_version=version, **data
        ),
        error_field="parties",
    )
    if saved:
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
    access.require_change_agreement(request.user, agreement)
    form = ContributionForm(_posted(request))
    _choose_from(
        form.fields["organisation"], access.organisations_of(_of(agreement.partnership_id))
    )
    if form.is_bound and form.is_valid():
        try:
            governance.set_contribution(agreement=agreement, **form.cleaned_data)
        except governance.GovernanceError as error:
            form.add_error(error.field or "amount", str(error))
        else:
            messages.success(request, "Contribution saved")
            return redirect("governance-agreement", pk=agreement.pk)
    back = reverse("governance-agreement", args=[agreement.pk])
    return _form_page(request, form, "Add or change a contribution", back, agreement.title)


# --- Export and import --------------------------------------------------------------------------


def export(request, what: str, format: str):
    """Bodies, posts, agreements or contributions as a CSV or Excel file."""
    if what not in exchange.COLUMNS or format not in {"csv", "xlsx"}:
        raise Http404
    scope = {
        "bodies": bodies_for(request),
        "agreements": access.visible_agreements(request.user),
    }
    if format == "csv":
        content, kind = exchange.export_csv(what, **scope), "text/csv; charset=utf-8"
    else:
        content = exchange.export_xlsx(what, **scope)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="partnership-{what}.{format}"'
    return response


def import_page(request):
    """Import bodies, posts, agreements or contributions; every row is checked first."""
    access.require_import_governance(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        result = exchange.import_file(
            what=form.cleaned_data["what"],
            name=upload.name,
            content=upload.read(),
            partnership=form.cleaned_data["partnership"],
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

# What a refused form lists as saved meanwhile: the record's attribute and its label.
BODY_FIELDS = {
    "name": "Name",
    "kind": "Kind of body",
    "unit_type": "Type of unit",
    "organisation": "Organisation",
    "parent": "Sits within",
    "description": "Description",
}
POST_FIELDS = {"title": "Title", "remit": "Remit", "holder": "Holder", "filled_on": "In post from"}
AGREEMENT_FIELDS = {
    "title": "Title",
    "kind": "Kind of agreement",
    "status": "Status",
    "host": "Host",
    "start": "Start date",
    "end": "End date",
}


def _saved(form, record, fields: dict[str, str], save, *, error_field: str):
    """Save a posted versioned form with ``save(data, version)`` when it may be saved.

    A copy someone saved over since is refused, saying who changed what; a rule the service
    refuses is shown on its field (``error_field`` when it names none). Returns whether it was
    saved and what ``save`` returned (else the record as it was), and nothing is changed
    unless it was.
    """
    if not _valid(form, record, fields):
        return False, record
    data, version = _without_version(form)
    try:
        return True, save(data, version)
    except concurrency.EditConflict:
        _refuse(form, _fresh(record), fields)
    except governance.GovernanceError as error:
        form.add_error(error.field or error_field, str(error))
    return False, record


def _version(record) -> int | None:
    """The version a form for ``record`` carries (None for a new record)."""
    return concurrency.current_version(record) if record is not None else None


def _valid(form, record, fields: dict[str, str]) -> bool:
    """Whether a posted form may be saved; a copy someone saved over since is refused,
    saying who changed what, and nothing is changed."""
    if not form.is_bound:
        return False
    valid = form.is_valid()
    if form.is_stale_copy:
        _refuse(form, record, fields)
        return False
    return valid


def _refuse(form, record, fields: dict[str, str]) -> None:
    who, changes = concurrency.changes_since(record, form._posted_version(), fields)
    changes = [_readable(record, fields, change) for change in changes]
    form.refuse_stale(who=who, changes=changes, current_version=concurrency.current_version(record))


def _readable(record, fields: dict[str, str], change):
    """A change with a choice's label ("Board") in place of its stored value ("board")."""
    attribute = next(name for name, label in fields.items() if label == change.field)
    choices = dict(type(record)._meta.get_field(attribute).choices or [])
    if not choices:
        return change
    return concurrency.FieldChange(
        change.field,
        str(choices.get(change.was, change.was)),
        str(choices.get(change.now, change.now)),
    )


def _without_version(form) -> tuple[dict, int | None]:
    data = dict(form.cleaned_data)
    version = data.pop("version", None)
    return data, (version if form.current_version is not None else None)


def _fresh(record):
    record.refresh_from_db()
    return record


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, heading: str, back_url: str, caption: str = ""):
    context = {
        "form": form,
        "heading": heading,
        "back_url": back_url,
        "caption": caption,
        "changed_meanwhile": getattr(form, "changed_meanwhile", []),
    }
    return render(request, "partnership/governance/form_page.html", context)


# --- History ------------------------------------------------------------------------------------


def body_history(request, pk: int):
    """Who changed the body, its posts, members, meetings and decisions, when, and what."""
    body = body_for(request, pk)
    url = reverse("governance-body", args=[body.pk])
    return _history_page(request, body.name, url, "body", governance_trails.body_trail(body))


def agreement_history(request, pk: int):
    """Who changed the agreement and its contributions, when, and what."""
    agreement = agreement_for(request, pk)
    url = reverse("governance-agreement", args=[agreement.pk])
    trail = governance_trails.agreement_trail(agreement)
    return _history_page(request, agreement.title, url, "agreement", trail)


def _history_page(request, title: str, back_url: str, kind: str, entries):
    context = {"title": title, "back_url": back_url, "kind": kind, "entries": entries}
    return render(request, "partnership/governance/history.html", context)
