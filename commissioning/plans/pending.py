"""Uploaded documents kept between the preview and the confirmed import.

An upload is stored on disk as ``<token>.bin`` with a ``<token>.json`` sidecar saying the
file's name, the programme asked for, who uploaded it and when. Only the uploader can use
the token, and it expires after a day. No database rows, so nothing to migrate or clean up
in the database when someone walks away from a preview.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from commissioning.plans.owner_mapping import map_owners
from commissioning.plans.services import import_document
from commissioning.programmes.models import ImportRun

LIFETIME = timedelta(days=1)
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass(frozen=True)
class PendingUpload:
    """A document uploaded for import and not yet confirmed or cancelled."""

    token: str
    filename: str
    programme: str | None
    user_id: int
    created_at: datetime
    partnership: str | None = None  # the slug of a new programme's partnership

    def read(self) -> bytes:
        """The uploaded file's bytes."""
        return _data_path(self.token).read_bytes()


def uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


def _data_path(token: str) -> Path:
    return uploads_dir() / f"{token}.bin"


def _sidecar_path(token: str) -> Path:
    return uploads_dir() / f"{token}.json"


def store_upload(
    *, data: bytes, filename: str, programme: str | None, user, partnership: str | None = None
) -> PendingUpload:
    """Keep ``data`` until the user confirms or cancels; returns the pending upload."""
    discard_expired()
    uploads_dir().mkdir(parents=True, exist_ok=True)
    pending = PendingUpload(
        token=secrets.token_urlsafe(32),
        filename=filename,
        programme=programme,
        user_id=user.pk,
        created_at=timezone.now(),
        partnership=partnership,
    )
    _data_path(pending.token).write_bytes(data)
    sidecar = {
        "filename": pending.filename,
        "programme": pending.programme,
        "user_id": pending.user_id,
        "created_at": pending.created_at.isoformat(),
        "partnership": pending.partnership,
    }
    _sidecar_path(pending.token).write_text(json.dumps(sidecar), encoding="utf-8")
    return pending


def pending_upload(token: str, *, user, now: datetime | None = None) -> PendingUpload | None:
    """The upload under ``token`` if it exists, has not expired and belongs to ``user``."""
    if not TOKEN.match(token):
        return None
    try:
        sidecar = json.loads(_sidecar_path(token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pending = PendingUpload(
        token=token,
        filename=sidecar["filename"],
        programme=sidecar["programme"],
        user_id=sidecar["user_id"],
        created_at=datetime.fromisoformat(sidecar["created_at"]),
        partnership=sidecar.get("partnership"),
    )
    if pending.user_id != user.pk or not _data_path(token).exists():
        return None
    if pending.created_at + LIFETIME < (now or timezone.now()):
        discard_upload(pending)
        return None
    return pending


def keep_partnership_upload(
    *, kind: str, data: bytes, filename: str, user, partnership
) -> PendingUpload:
    """Keep a table for a partnership's own import (indicators, spend, a framework) until the
    user confirms or cancels it. ``kind`` says which import, in the place a plan upload keeps
    its programme; it may carry a detail after a colon (``finance:spend:<partner id>``)."""
    return store_upload(
        data=data, filename=filename, programme=kind, user=user, partnership=partnership.slug
    )


def kept_partnership_upload(token: str, *, kind: str, user, partnership) -> PendingUpload | None:
    """The user's own upload of ``kind`` for this partnership under ``token``, if still kept."""
    pending = pending_upload(token, user=user)
    if pending is None or pending.partnership != partnership.slug:
        return None
    if pending.programme != kind and not (pending.programme or "").startswith(kind + ":"):
        return None
    return pending


def discard_upload(pending: PendingUpload) -> None:
    """Delete the stored file and its sidecar."""
    for path in (_data_path(pending.token), _sidecar_path(pending.token)):
        path.unlink(missing_ok=True)


def discard_expired(now: datetime | None = None) -> int:
    """Delete uploads older than a day; returns how many were deleted."""
    directory = uploads_dir()
    if not directory.is_dir():
        return 0
    cutoff = (now or timezone.now()) - LIFETIME
    deleted = 0
    for sidecar in directory.glob("*.json"):
        modified = datetime.fromtimestamp(
            sidecar.stat().st_mtime, tz=timezone.get_current_timezone()
        )
        if modified < cutoff:
            for path in (sidecar, sidecar.with_suffix(".bin")):
                path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def confirm_upload(
    *, pending: PendingUpload, mappings: dict, user, resolutions: dict[str, str] | None = None
) -> ImportRun:
    """Import the stored file for real, deciding conflicts and mapping owners as asked, then
    delete the file."""
    with transaction.atomic():
        result = import_document(
            data=pending.read(),
            filename=pending.filename,
            user=user,
            programme=pending.programme,
            resolutions=resolutions,
            partnership=pending.partnership,
        )
        if mappings:
            map_owners(programme=result.run.programme, mappings=mappings, author=user)
    discard_upload(pending)
    return result.run
