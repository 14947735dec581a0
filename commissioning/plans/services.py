"""Importing a document into a programme: the one service the CLI and the web both call."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.text import slugify

from commissioning.access import rules as access
from commissioning.domain.plan import Plan, PlanError
from commissioning.partnership.models import Partnership
from commissioning.plans.loader import load_plan, owner_directory
from commissioning.plans.matching import merge_plan
from commissioning.plans.merge import Difference, choose
from commissioning.programmes.models import ImportRun, Programme
from commissioning.reading.isolated import read_isolated
from commissioning.reading.limits import ImportLimits, check_upload_size, size_text
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


def read_upload(data: bytes, filename: str, *, in_request: bool = False):
    """Read ``data`` within the import limits; inside a web request also within a hard memory
    and time budget, in a child process, so no upload can take a web worker down."""
    memory = getattr(settings, "IMPORT_WEB_MEMORY_BYTES", 0)
    if in_request and memory:
        return read_isolated(
            data,
            filename,
            limits=import_limits(),
            memory_bytes=memory,
            seconds=getattr(settings, "IMPORT_WEB_SECONDS", 30.0),
        )
    return read_document(data, filename, limits=import_limits())


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
    resolutions: dict[str, str] | None = None,
    overwrite: bool = False,
    partnership: Partnership | str | None = None,
    columns: dict | None = None,
    in_request: bool = False,
) -> ImportResult:
    """Read ``data`` as a plan; unless ``dry_run``, write it into the programme in one go.

    Raises PlanError (naming the file and place) for input that cannot be read; nothing is
    written in that case. With a ``user``, the access rules apply (only a programme's managers
    import into it, only site administrators start a new one) and a refusal raises
    PermissionDenied; without one the caller is the site operator (the command line).

    A field a person changed since the last import keeps their value; a field the document
    changed too is a conflict, kept unless ``resolutions`` (conflict key → ``keep`` or
    ``document``) or ``overwrite`` take the document's value.

    A new programme goes into ``partnership`` (a Partnership, or its slug or name); it may be
    left out when the installation has only one partnership.

    ``columns`` (header text → meaning, from ``reading.parse_columns``; None: ignore the
    column) is a person's reading of the columns, taken over the importer's own.

    ``in_request``: a web request reads the document; it is read in a child process held to
    ``IMPORT_WEB_MEMORY_BYTES`` and ``IMPORT_WEB_SECONDS`` (``reading.isolated``).
    """
    authorise_import(user=user, programme=programme)  # before a byte is read
    document = read_upload(data, filename, in_request=in_request)  # bad files fail here
    # Owner names are read against the importing partnership's directory only, and only its
    # remembered column choices apply: first the one the request names, then, once the
    # document names its programme, that programme's (or the new programme's) partnership.
    guess = importing_partnership(programme, partnership)
    plan = _read_plan(document, guess, columns)
    name = programme_name_for(plan, filename, programme)
    existing = find_programme(name)
    if user is not None:
        access.require_import(user, existing, name)
    home = None
    # A new programme needs its partnership; a dry run checks it too, so that a preview is
    # not confirmed into nowhere (unless no partnership exists yet to choose from).
    if existing is None and (not dry_run or Partnership.objects.exists()):
        home = partnership_for_new_programme(partnership, filename, name)
    importing = existing.partnership if existing is not None else home
    if _pk(importing) != _pk(guess):
        plan = _read_plan(document, importing, columns)
    if dry_run:
        merge = merge_plan(plan=plan, programme=existing)
        return _result(plan, name, None, merge, resolutions, overwrite)
    if plan.outcomes and not plan.actions and not plan.stages:
        raise PlanError(
            "this is an outcomes framework, not a plan: import it into a partnership's "
            "outcome library with `commissioning import_outcomes FILE --partnership SLUG`",
            source=document.source,
        )
    if (plan.indicators or plan.spend) and not plan.actions and not plan.stages:
        what, command = (
            ("indicator values", "import_indicators")
            if plan.indicators
            else ("spend lines", "import_spend")
        )
        raise PlanError(
            f"this is a table of {what}, not a plan: import it into a partnership with "
            f"`commissioning {command} FILE --partnership SLUG`",
            source=document.source,
        )
    with transaction.atomic():
        target = find_programme(name) or _create_programme(name, home)
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


def _pk(partnership) -> int | None:
    return partnership.pk if partnership is not None else None


def importing_partnership(programme: str | None, partnership) -> Partnership | None:
    """The partnership an import goes into, as far as the request says before reading."""
    named = find_programme(programme) if programme else None
    if named is not None:
        return named.partnership
    if isinstance(partnership, Partnership):
        return partnership
    if partnership:
        text = partnership.strip()
        return (
            Partnership.objects.filter(slug=text).first()
            or Partnership.objects.filter(name__iexact=text).first()
        )
    only = list(Partnership.objects.all()[:2])
    return only[0] if len(only) == 1 else None


def _read_plan(document, partnership: Partnership | None, columns):
    """Recognise ``document`` with ``partnership``'s owner directory and, unless a person
    chose the columns now, the column choices remembered in that partnership."""
    directory = owner_directory(partnership)
    try:
        plan = recognise(document, directory=directory, columns=columns)
        if columns is None and partnership is not None:
            layouts = [table.layout for table in plan.tables]
            remembered = remembered_columns(layouts, partnership=partnership)
            if remembered:  # a person chose these columns for this header layout before
                plan = recognise(document, directory=directory, columns=remembered)
    except RecursionError as error:
        raise PlanError("nested too deeply to be read", source=document.source) from error
    return plan


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


def remembered_columns(layouts: list[str], *, partnership) -> dict[str, Meaning | None]:
    """The column choices remembered in ``partnership`` for any of these header layouts (one
    query); another partnership's choices never apply."""
    from commissioning.plans.models import ColumnLayout

    layouts = [layout for layout in layouts if layout]
    if not layouts or partnership is None:
        return {}
    chosen: dict[str, Meaning | None] = {}
    for stored in ColumnLayout.objects.filter(layout__in=layouts, partnership=partnership):
        chosen.update({header: _meaning(value) for header, value in stored.choices.items()})
    return chosen


@transaction.atomic
def remember_columns(*, layout: str, choices: dict[str, str], partnership, user=None):
    """Keep a person's reading of a table's columns (header text → meaning or "ignore")
    for its header layout, so the same tracker is read that way from now on in
    ``partnership`` (only there)."""
    from commissioning.plans.models import ColumnLayout

    allowed = {value for value, _ in COLUMN_CHOICES}
    unknown = sorted(set(choices.values()) - allowed)
    if not layout or unknown:
        raise ValueError(f"cannot remember columns for {layout!r}: {unknown}")
    if partnership is None:
        raise ValueError(f"cannot remember columns for {layout!r} outside a partnership")
    stored, _ = ColumnLayout.objects.update_or_create(
        layout=layout[:2000],
        partnership=partnership,
        defaults={"choices": dict(choices), "updated_by": user},
    )
    return stored
