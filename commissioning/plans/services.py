"""Importing a document into a programme: the one service the CLI and the web both call."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from commissioning.core import access
from commissioning.domain.plan import Plan
from commissioning.plans.loader import load_plan, owner_directory
from commissioning.plans.matching import merge_plan
from commissioning.plans.merge import Difference, choose
from commissioning.programmes.models import ImportRun, Programme
from commissioning.reading.readers import read_document
from commissioning.reading.recognisers import recognise
from commissioning.reading.recognisers.headers import Meaning


@dataclass
class ImportResult:
    """What an import read, and (unless it was a dry run) what it recorded.

    ``changes`` are the fields of stored stages and actions the document changes (old →
    new); ``conflicts`` the fields both the document and a person changed, each with the
    choice made (on a dry run: the choice an import with the same options would make).
    """

    plan: Plan
    programme_name: str
    run: ImportRun | None
    changes: list[Difference] = field(default_factory=list)
    conflicts: list[Difference] = field(default_factory=list)
    new_stages: int = 0
    new_actions: int = 0


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
    resolutions: dict[str, str] | None = None,
    overwrite: bool = False,
    columns: dict | None = None,
) -> ImportResult:
    """Read ``data`` as a plan; unless ``dry_run``, write it into the programme in one go.

    Raises PlanError (naming the file and place) for input that cannot be read; nothing is
    written in that case. With a ``user``, the access rules apply (only a programme's managers
    import into it, only site administrators start a new one) and a refusal raises
    PermissionDenied; without one the caller is the site operator (the command line).

    A field a person changed since the last import keeps their value; a field the document
    changed too is a conflict, kept unless ``resolutions`` (conflict key → ``keep`` or
    ``document``) or ``overwrite`` take the document's value.

    ``columns`` (header text → meaning, from ``reading.parse_columns``; None: ignore the
    column) is a person's reading of the columns, taken over the importer's own.
    """
    document = read_document(data, filename)  # bad files fail here, before any query
    directory = owner_directory()
    plan = recognise(document, directory=directory, columns=columns)
    if columns is None:
        remembered = remembered_columns([table.layout for table in plan.tables])
        if remembered:  # a person chose these columns for this header layout before
            plan = recognise(document, directory=directory, columns=remembered)
    name = programme_name_for(plan, filename, programme)
    existing = find_programme(name)
    if user is not None:
        access.require_import(user, existing, name)
    if dry_run:
        merge = merge_plan(plan=plan, programme=existing)
        return _result(plan, name, None, merge, resolutions, overwrite)
    with transaction.atomic():
        target = find_programme(name) or _create_programme(name)
        merge = merge_plan(plan=plan, programme=target)
        result = _result(plan, target.name, None, merge, resolutions, overwrite)
        result.run = load_plan(
            plan=plan,
            programme=target,
            user=user,
            file_name=Path(filename).name,
            sha256=hashlib.sha256(data).hexdigest(),
            merge=merge,
            resolutions=resolutions,
            overwrite=overwrite,
        )
    return result


def _result(plan, name, run, merge, resolutions, overwrite) -> ImportResult:
    return ImportResult(
        plan=plan,
        programme_name=name,
        run=run,
        changes=merge.changes,
        conflicts=choose(merge.conflicts, resolutions=resolutions, overwrite=overwrite),
        new_stages=merge.new_stages,
        new_actions=merge.new_actions,
    )


def _create_programme(name: str) -> Programme:
    slug = slugify(name)[:190] or "programme"
    candidate, suffix = slug, 2
    while Programme.objects.filter(slug=candidate).exists():
        candidate, suffix = f"{slug}-{suffix}", suffix + 1
    return Programme.objects.create(name=name[:200], slug=candidate)


# The choices a person has in the preview, in the order shown; "ignore" leaves a column out.
COLUMN_CHOICES = [
    ("title", "Action"),
    ("timescale", "Timescale"),
    ("owners", "Owners"),
    ("progress", "Progress"),
    ("status", "Status"),
    ("rag", "RAG"),
    ("ref", "Reference"),
    ("section", "Section"),
    ("ignore", "Ignore"),
]


def _meaning(value: str) -> Meaning | None:
    return None if value == "ignore" else Meaning(value)


def remembered_columns(layouts: list[str]) -> dict[str, Meaning | None]:
    """The column choices remembered for any of these header layouts (one query)."""
    from commissioning.plans.models import ColumnLayout

    layouts = [layout for layout in layouts if layout]
    if not layouts:
        return {}
    chosen: dict[str, Meaning | None] = {}
    for stored in ColumnLayout.objects.filter(layout__in=layouts):
        chosen.update({header: _meaning(value) for header, value in stored.choices.items()})
    return chosen


@transaction.atomic
def remember_columns(*, layout: str, choices: dict[str, str], user=None):
    """Keep a person's reading of a table's columns (header text → meaning or "ignore")
    for its header layout, so the same tracker is read that way from now on."""
    from commissioning.plans.models import ColumnLayout

    allowed = {value for value, _ in COLUMN_CHOICES}
    unknown = sorted(set(choices.values()) - allowed)
    if not layout or unknown:
        raise ValueError(f"cannot remember columns for {layout!r}: {unknown}")
    stored, _ = ColumnLayout.objects.update_or_create(
        layout=layout[:2000], defaults={"choices": dict(choices), "updated_by": user}
    )
    return stored
