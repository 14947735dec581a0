"""A programme's people: who holds which role, and a form for its managers to change that."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from commissioning.access import rules as access
from commissioning.partnership import roles
from commissioning.partnership.models import ProgrammeRole
from commissioning.partnership.role_forms import NO_ROLE, RoleForm


def programme_people(request, slug: str):
    """The roles on a programme; its managers (and site administrators) grant and remove them."""
    programme = access.programme_for(request.user, slug)
    access.require_manage(request.user, programme)
    form = RoleForm(
        request.POST if request.method == "POST" else None,
        users=access.grantable_users(programme),
    )
    if form.is_bound and form.is_valid():
        user, role = form.cleaned_data["user"], form.cleaned_data["role"]
        if role == NO_ROLE:
            roles.remove_role(programme=programme, user=user, removed_by=request.user)
            messages.success(request, f"{user.username} no longer has a role of their own")
        else:
            given = roles.grant_role(
                programme=programme, user=user, role=role, granted_by=request.user
            )
            label = given.get_role_display().lower()
            messages.success(request, f"{user.username} is now {label} of this programme")
        return redirect("programme-people", slug=programme.slug)
    held = (
        ProgrammeRole.objects.filter(programme=programme)
        .select_related("user__person__organisation")
        .order_by("role", "user__username")
    )
    context = {
        "programme": programme,
        "roles": held,
        "form": form,
        "back_url": reverse("programme", args=[programme.slug]),
    }
    return render(request, "partnership/programme_people.html", context)
