"""Importing a document into a programme: the one service the CLI and the web both call."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from commissioning.core import access
from commissioning.plans.limits import ImportLimits, check_upload_size, size_text
from commissioning.plans.loader import load_plan, owner_directory
from commissioning.plans.plan import Plan, PlanError
from commissioning.plans.readers import read_document
from commissioning.plans.recognisers import recognise
from commissioning.programmes.models import ImportRun, Programme


@dataclass
class ImportResult:
    """What an import read, and (unless it was a dry run) what it recorded."""

    plan: Plan
    programme_name: str
    run: ImportRun | None


def find_programme(name: str) -> Programme | None:
    """The programme with this name or slug, if there is one."""
    return (
        Programme.objects.filter(name__iexact=name.strip()).first()
        or Programme.objects.filter(slug=slugify(name)).first()
    )


def programme_name_for(plan: Plan, filename: str, requested: str | None) -> str:
    """The programme an import goes into: as asked, else the document's title, else its name."""
    return (requested or plan.title or Path(filename).stem).strip()


def import_limits() -> ImportLimits:
    """The limits on what one import may read, from the ``IMPORT_LIMITS`` setting."""
    return ImportLimits.from_setting(getattr(settings, "IMPORT_LIMITS", None))


def authorise_import(*, user, programme: str | None) -> None:
    """PermissionDenied unless ``user`` may import at all, and into ``programme`` if named.

    Called before a byte of the file is read. Without a user the caller is the site operator.
    When no programme is named the document's title names it, so that last check waits
    for the title (``import_document`` makes it).
    """
    if user is None:
        return
    if programme:
        access.require_import(user, find_programme(programme), programme)
    elif not access.can_import(user):
        raise PermissionDenied("Only programme managers and site administrators import plans")


def check_upload(*, size: int, filename: str) -> None:
    """PlanError naming the file when it is larger than an import may be; read nothing yet."""
    source = PurePath(filename).name or filename
    check_upload_size(size, source=source, limits=import_limits())


UPLOAD_OVERHEAD = 64 * 1024  # room for a form's other fields and the multipart framing


def oversized_request(content_length: str | None) -> str | None:
    """Why a request whose body is ``content_length`` bytes is refused unread, or None.

    A request larger than the upload limit (and the form around it) cannot carry an
    acceptable file, so neither the page nor the API parse it.
    """
    try:
        length = int(content_length or 0)
    except ValueError:
        return None
    limit = import_limits().upload_bytes
    if length <= limit + UPLOAD_OVERHEAD:
        return None
    return (
        f"The upload is {size_text(length)}; files to import must be {size_text(limit)} or smaller"
    )


def import_document(
    *,
    data: bytes,
    filename: str,
    user=None,
    programme: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read ``data`` as a plan; unless ``dry_run``, write it into the programme in one go.

    Raises PlanError (naming the file and place) for input that cannot be read; nothing is
    written in that case. With a ``user``, the access rules apply (only a programme's managers
    import into it, only site administrators start a new one) and a refusal raises
    PermissionDenied; without one the caller is the site operator (the command line).
    """
    authorise_import(user=user, programme=programme)  # before a byte is read
    document = read_document(data, filename, limits=import_limits())  # bad files fail here
    try:
        plan = recognise(document, directory=owner_directory())
    except RecursionError as error:
        raise PlanError("nested too deeply to be read", source=document.source) from error
    name = programme_name_for(plan, filename, programme)
    if user is not None:
        access.require_import(user, find_programme(name), name)
    if dry_run:
        return ImportResult(plan=plan, programme_name=name, run=None)
    with transaction.atomic():
        target = find_programme(name) or _create_programme(name)
        run = load_plan(
            plan=plan,
            programme=target,
            user=user,
            file_name=Path(filename).name,
            sha256=hashlib.sha256(data).hexdigest(),
        )
    return ImportResult(plan=plan, programme_name=target.name, run=run)


def _create_programme(name: str) -> Programme:
    slug = slugify(name)[:190] or "programme"
    candidate, suffix = slug, 2
    while Programme.objects.filter(slug=candidate).exists():
        candidate, suffix = f"{slug}-{suffix}", suffix + 1
    return Programme.objects.create(name=name[:200], slug=candidate)
