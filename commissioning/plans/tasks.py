"""Imports the background worker writes, so a large plan never holds up a web request.

The preview page queues ``import_upload`` when the user confirms; the worker
(``commissioning db_worker``) imports the stored upload exactly as the page used to, with the
same access rules, and the status page shows the import run it recorded, or why not.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django_tasks import task

from commissioning.core.background import enqueue_once
from commissioning.domain.plan import OwnerKind, PlanError
from commissioning.partnership.models import Organisation, Person, Team
from commissioning.plans.pending import (
    PendingUpload,
    confirm_upload,
    discard_upload,
    pending_upload,
)

_TARGETS = {
    OwnerKind.PERSON: Person,
    OwnerKind.TEAM: Team,
    OwnerKind.ORGANISATION: Organisation,
}


def queue_import(*, pending: PendingUpload, mappings: dict, user, resolutions: dict | None = None):
    """Queue the import of ``pending`` with the owners mapped and conflicts decided as asked
    (``resolutions``: conflict key → keep or document); returns the task result
    to follow (the one already queued for this upload, if it was confirmed twice).

    Raises TooManyTasks when the user has too many unfinished (see core.background).
    """
    return enqueue_once(
        import_upload,
        user=user,
        same=("token",),
        token=pending.token,
        filename=pending.filename,
        mappings=mappings_to_json(mappings),
        resolutions=dict(resolutions or {}),
    )


@task()
def import_upload(
    *, user_id: int, token: str, filename: str, mappings: dict, resolutions: dict | None = None
) -> dict:
    """Import the upload under ``token`` for ``user_id``: ``{"run_id": …}`` or ``{"error": …}``."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    pending = pending_upload(token, user=user) if user is not None else None
    if pending is None:
        return {"error": f"The upload of {filename} is no longer available: upload it again"}
    try:
        run = confirm_upload(
            pending=pending,
            mappings=mappings_from_json(mappings, filename),
            resolutions=resolutions,
            user=user,
        )
    except (PlanError, PermissionDenied) as refusal:
        discard_upload(pending)
        return {"error": str(refusal)}
    return {"run_id": run.pk}


def mappings_to_json(mappings: dict) -> dict[str, list]:
    """Owner mappings (name → kind and target, or None for a new one) as JSON for the queue."""
    return {
        name: [str(kind), None if target is None else target.pk]
        for name, (kind, target) in mappings.items()
    }


def mappings_from_json(data: dict[str, list], filename: str) -> dict:
    """The owner mappings back from the queue, each target read again from the database.

    A target deleted since the preview is a PlanError naming it, so nothing is imported.
    """
    mappings = {}
    for name, (kind_name, pk) in data.items():
        kind = OwnerKind(kind_name)
        if pk is None:
            mappings[name] = (kind, None)
            continue
        target = _TARGETS[kind].objects.filter(pk=pk).first()
        if target is None:
            raise PlanError(
                f"the {kind} chosen for ‘{name}’ no longer exists: upload the file again",
                source=filename,
            )
        mappings[name] = (kind, target)
    return mappings
