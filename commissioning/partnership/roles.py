"""Granting and removing roles on a programme; history keeps who changed a role and when."""

from __future__ import annotations

from django.db import transaction

from commissioning.partnership.models import ProgrammeRole, Role


@transaction.atomic
def grant_role(*, programme, user, role: str, granted_by) -> ProgrammeRole:
    """Give ``user`` the role on ``programme``, replacing the role they had, if any."""
    role = Role(role)
    current = ProgrammeRole.objects.filter(programme=programme, user=user).first()
    if current is None:
        current = ProgrammeRole(programme=programme, user=user, role=role)
    elif current.role == role:
        return current
    current.role = role
    current._history_user = granted_by
    current.save()
    return current


@transaction.atomic
def remove_role(*, programme, user, removed_by) -> bool:
    """Take away ``user``'s own role on ``programme``; returns whether they had one.

    A user of the lead or a partner organisation remains a viewer (see access.rules).
    """
    current = ProgrammeRole.objects.filter(programme=programme, user=user).first()
    if current is None:
        return False
    current._history_user = removed_by
    current.delete()
    return True
