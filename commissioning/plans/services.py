"""Importing a document into a programme: the one service the CLI and the web both call."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from commissioning.core import access
from commissioning.domain.plan import Plan
from commissioning.plans.loader import load_plan, owner_directory
from commissioning.programmes.models import ImportRun, Programme
from commissioning.reading.readers import read_document
from commissioning.reading.recognisers import recognise


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
    document = read_document(data, filename)  # bad files fail here, before any query
    plan = recognise(document, directory=owner_directory())
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
