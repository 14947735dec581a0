"""Importing a document into a programme: the one service the CLI and the web both call."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from commissioning.core import access
from commissioning.domain.plan import Plan, PlanError
from commissioning.partnership.models import Partnership
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
    partnership: Partnership | str | None = None,
) -> ImportResult:
    """Read ``data`` as a plan; unless ``dry_run``, write it into the programme in one go.

    Raises PlanError (naming the file and place) for input that cannot be read; nothing is
    written in that case. With a ``user``, the access rules apply (only a programme's managers
    import into it, only site administrators start a new one) and a refusal raises
    PermissionDenied; without one the caller is the site operator (the command line).
    A new programme goes into ``partnership`` (a Partnership, or its slug or name); it may be
    left out when the installation has only one partnership.
    """
    document = read_document(data, filename)  # bad files fail here, before any query
    plan = recognise(document, directory=owner_directory())
    name = programme_name_for(plan, filename, programme)
    if user is not None:
        access.require_import(user, find_programme(name), name)
    if dry_run:
        return ImportResult(plan=plan, programme_name=name, run=None)
    if plan.outcomes and not plan.actions and not plan.stages:
        raise PlanError(
            "this is an outcomes framework, not a plan: import it into a partnership's "
            "outcome library with `commissioning import_outcomes FILE --partnership SLUG`",
            source=document.source,
        )
    existing = find_programme(name)
    home = None if existing else partnership_for_new_programme(partnership, filename, name)
    with transaction.atomic():
        target = existing or _create_programme(name, home)
        run = load_plan(
            plan=plan,
            programme=target,
            user=user,
            file_name=Path(filename).name,
            sha256=hashlib.sha256(data).hexdigest(),
        )
    return ImportResult(plan=plan, programme_name=target.name, run=run)


def partnership_for_new_programme(
    partnership: Partnership | str | None, filename: str, name: str
) -> Partnership:
    """The partnership a new programme goes into; PlanError naming the file if none fits."""
    if isinstance(partnership, Partnership):
        return partnership
    if partnership:
        found = Partnership.objects.filter(slug=partnership.strip()).first() or (
            Partnership.objects.filter(name__iexact=partnership.strip()).first()
        )
        if found is None:
            raise PlanError(f"there is no partnership {partnership!r}", source=filename)
        return found
    only = list(Partnership.objects.all()[:2])
    if len(only) == 1:
        return only[0]
    raise PlanError(
        f"name the partnership the new programme {name!r} belongs to"
        + (" (there is none yet: create one first)" if not only else ""),
        source=filename,
    )


def _create_programme(name: str, partnership: Partnership) -> Programme:
    slug = slugify(name)[:190] or "programme"
    candidate, suffix = slug, 2
    while Programme.objects.filter(slug=candidate).exists():
        candidate, suffix = f"{slug}-{suffix}", suffix + 1
    return Programme.objects.create(name=name[:200], slug=candidate, partnership=partnership)
