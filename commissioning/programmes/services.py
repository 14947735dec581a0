"""Writes to programmes that touch several rows: the demo, progress, edits and archiving."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from commissioning.commissions.demo import load_commissions_demo
from commissioning.core.models import timescale_values
from commissioning.domain.plan import Scope
from commissioning.domain.timescales import Timescale, parse_timescale
from commissioning.finance.demo import load_finance_demo
from commissioning.outcomes.demo import load_outcomes_demo
from commissioning.partnership.demo import demo_partnership, load_governance_demo
from commissioning.partnership.demo_people import load_demo_people
from commissioning.partnership.models import Organisation, OrganisationKind
from commissioning.performance.demo import load_performance_demo
from commissioning.plans.services import import_document
from commissioning.programmes import concurrency
from commissioning.programmes.models import (
    Action,
    Deliverable,
    Programme,
    ProgressUpdate,
    RagScale,
    ReportingPeriod,
    Stage,
    StatusChoices,
)
from commissioning.programmes.queries import PROGRESS_ORDER
from commissioning.reading.statuses import suggest_status

DEMO_DOCUMENTS = Path(__file__).resolve().parent / "demo"
DEMO_PROGRAMME = "Intelligent Commissioning Programme"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-commissioning-2010"  # noqa: S105 - printed on purpose for the demo
DEMO_ORGANISATIONS = [
    ("Brighton & Hove City Council", "BHCC", OrganisationKind.COUNCIL),
    ("NHS Brighton and Hove", "NHS B&H", OrganisationKind.NHS),
    ("Sussex Police", "", OrganisationKind.POLICE),
    ("East Sussex Fire and Rescue Service", "ESFRS", OrganisationKind.FIRE),
    ("Jobcentre Plus", "JCP", OrganisationKind.JOBCENTRE),
    ("Community and Voluntary Sector Forum", "CVSF", OrganisationKind.VCS),
]


@dataclass
class DemoResult:
    programme: Programme
    username: str
    password: str
    changes: dict


@transaction.atomic
def load_demo(*, documents: Path = DEMO_DOCUMENTS) -> DemoResult:
    """Create the demo partnership and login, and import the customer's two documents.

    Safe to run again: the partnership and login are reused and re-importing the same
    documents changes nothing.
    """
    organisations = []
    for name, short_name, kind in DEMO_ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            name=name, defaults={"short_name": short_name, "kind": kind}
        )
        organisations.append(organisation)
    partnership = demo_partnership(lead=organisations[0], partners=organisations[1:])
    programme, _ = Programme.objects.get_or_create(
        name=DEMO_PROGRAMME,
        defaults={
            "partnership": partnership,
            "slug": "intelligent-commissioning",
            "lead_organisation": organisations[0],
            "description": "Moving the council and its partners to strategic commissioning.",
        },
    )
    programme.partners.add(*organisations[1:])
    load_governance_demo(partnership=partnership)
    user = _demo_user()
    changes: dict = {}
    for path in sorted(documents.glob("*.txt")):
        result = import_document(
            data=path.read_bytes(), filename=path.name, user=user, programme=programme.name
        )
        for key, value in result.run.counts.items():
            changes[key] = changes.get(key, 0) + value
    load_demo_people(programme=programme, granted_by=user)
    load_outcomes_demo(partnership=partnership, programme=programme, user=user)
    load_finance_demo(partnership=partnership, user=user)
    load_performance_demo(partnership=partnership, user=user)
    load_commissions_demo(partnership=partnership, user=user)
    return DemoResult(programme, DEMO_USERNAME, DEMO_PASSWORD, changes)


def _demo_user():
    users = get_user_model()
    user = users.objects.filter(username=DEMO_USERNAME).first()
    if user is None:
        user = users.objects.create_superuser(DEMO_USERNAME, "demo@example.org", DEMO_PASSWORD)
    return user


# --- Progress, statuses and edits -----------------------------------------------------------

ProgressItem = Action | Deliverable


@transaction.atomic
def record_progress(
    *, item: ProgressItem, author, as_of: Timescale, text: str, status: str | None
) -> ProgressUpdate:
    """Append a progress update; it sets the item's status only if it is the latest one.

    Without a status, one is suggested from the text and shown as suggested until a person
    confirms it. An update back-dated before the latest one is kept in the history but
    does not change where the item stands now.
    """
    suggested = not status
    if suggested:
        status = str(suggest_status(text))
    _check_status(status)
    update = ProgressUpdate.objects.create(
        **{_item_field(item): item},
        as_of_text=as_of.text,
        as_of_start=as_of.start,
        as_of_end=as_of.end,
        text=text.strip(),
        status=status,
        status_suggested=suggested,
        author=author,
    )
    if latest_update_id(item) == update.pk:
        _set_status(item, author=author, status=status, suggested=suggested)
    return update


def latest_update_id(item: ProgressItem) -> int | None:
    """The id of the update that says where the item stands now: the latest as of."""
    return item.updates.order_by(*PROGRESS_ORDER).values_list("pk", flat=True).first()


@transaction.atomic
def confirm_status(
    *, item: ProgressItem, author, status: str, expected_version: int | None = None
) -> ProgressItem:
    """A person confirms the suggested status, or changes it; the item's history says who.

    A confirmation is not a new update: it confirms the latest update when its status was
    suggested (what it says stays as written; the suggestion, who confirmed and when are
    kept on it), so the board pack for that update's date shows it confirmed. The change
    to the item is kept in its history with the person and the time.
    """
    _check_status(status)
    _guard(item, expected_version)
    _confirm_latest_update(item, author=author, status=status)
    _set_status(item, author=author, status=status, suggested=False)
    return item


def _confirm_latest_update(item: ProgressItem, *, author, status: str) -> None:
    """Confirm the update the suggestion came from, so reports as of its date show it
    confirmed; the suggested status is kept beside who confirmed it and when."""
    latest = item.updates.select_for_update().order_by(*PROGRESS_ORDER).first()
    if latest is None or not latest.status_suggested:
        return
    latest.suggested_status = latest.status
    latest.status = status
    latest.status_suggested = False
    latest.confirmed_by = author
    latest.confirmed_at = timezone.now()
    fields = ["suggested_status", "status", "status_suggested", "confirmed_by", "confirmed_at"]
    latest.save(update_fields=fields)


@transaction.atomic
def confirm_statuses(*, author, choices: list[tuple[ProgressItem, str]]) -> int:
    """Confirm several statuses at once, all or none; returns how many were confirmed."""
    for item, status in choices:
        confirm_status(item=item, author=author, status=status)
    return len(choices)


_UNCHANGED = object()

# Each edit takes ``expected_version``, the version of the person's copy (see
# ``concurrency``): given, the save is refused with EditConflict if anyone saved since.


@transaction.atomic
def update_programme(
    *,
    programme: Programme,
    author,
    name: str,
    description: str,
    lead_organisation=_UNCHANGED,
    partners=_UNCHANGED,
    warning_days=_UNCHANGED,
    rag_scale=_UNCHANGED,
    reporting_period_months=_UNCHANGED,
    expected_version=None,
) -> Programme:
    """Change a programme, keeping history only if something changed.

    Arguments left out stay as they are. ``partners`` replaces the partner organisations
    (the lead is never its own partner).
    """
    _guard(programme, expected_version)
    values = {"name": name.strip(), "description": description}
    for field, value in (
        ("lead_organisation", lead_organisation),
        ("warning_days", warning_days),
        ("rag_scale", rag_scale),
        ("reporting_period_months", reporting_period_months),
    ):
        if value is not _UNCHANGED:
            values[field] = value
    if values.get("rag_scale", programme.rag_scale) not in RagScale.values:
        raise ValueError(f"Unknown RAG scale {values['rag_scale']!r}")
    period = values.get("reporting_period_months", programme.reporting_period_months)
    if period not in ReportingPeriod.values:
        raise ValueError(f"Unknown reporting period {period!r}")
    _save_changes(programme, author=author, values=values)
    if partners is not _UNCHANGED:
        lead = programme.lead_organisation_id
        programme.partners.set([partner for partner in partners if partner.pk != lead])
    return programme


@transaction.atomic
def update_stage(
    *, stage: Stage, author, code: str, title: str, timescale_text: str, expected_version=None
) -> Stage:
    """Change a stage; the timescale is kept as typed with the window it was read as."""
    _guard(stage, expected_version)
    values = {"code": code.strip(), "title": title.strip(), **_timescale(timescale_text)}
    return _save_changes(stage, author=author, values=values)


@transaction.atomic
def update_deliverable(
    *, deliverable: Deliverable, author, text: str, scope: str, expected_version=None
) -> Deliverable:
    """Change what a deliverable says and whether it is internal or external."""
    if scope not in {str(value) for value in Scope}:
        raise ValueError(f"Unknown scope {scope!r}")
    _guard(deliverable, expected_version)
    return _save_changes(deliverable, author=author, values={"text": text.strip(), "scope": scope})


@transaction.atomic
def update_action(
    *,
    action: Action,
    author,
    title: str,
    ref: str,
    timescale_text: str,
    section: str,
    expected_version: int | None = None,
) -> Action:
    """Change an action; the timescale is kept as typed with the window it was read as.

    Text that cannot be read is kept and flagged (precision unparsed), never guessed; the
    web form refuses it so that people fix it there and then.
    """
    _guard(action, expected_version)
    values = {
        "title": title.strip(),
        "ref": ref.strip(),
        "section": section.strip(),
        **_timescale(timescale_text),
    }
    return _save_changes(action, author=author, values=values)


def _guard(item, expected_version: int | None) -> None:
    if expected_version is not None:
        concurrency.claim(item, expected_version=expected_version)


def _timescale(text: str) -> dict:
    text = text.strip()
    return timescale_values(parse_timescale(text) if text else None)


def _save_changes(item, *, author, values: dict):
    """Save only the fields whose value changed, so history gets a row only for a change."""
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if changed:
        for name in changed:
            setattr(item, name, values[name])
        item._history_user = author
        item.save(update_fields=changed)
    return item


def _set_status(item: ProgressItem, *, author, status: str, suggested: bool) -> None:
    _save_changes(item, author=author, values={"status": status, "status_suggested": suggested})


def _check_status(status: str) -> None:
    if status not in StatusChoices.values:
        raise ValueError(f"Unknown status {status!r}")


def _item_field(item: ProgressItem) -> str:
    if isinstance(item, Action):
        return "action"
    if isinstance(item, Deliverable):
        return "deliverable"
    raise TypeError(f"Progress is recorded for actions and deliverables, not {item!r}")


# --- Archiving, restoring and purging ---------------------------------------------------------

ArchivableItem = Programme | Stage | Deliverable | Action
PurgeableItem = Action | Deliverable


class PurgeRefused(ValueError):
    """A purge that may not happen: the message says why, for the person who asked."""


@transaction.atomic
def archive_item(*, item: ArchivableItem, user) -> ArchivableItem:
    """Archive the item: it leaves every list, export and report; its history says who.

    Archiving an archived item changes nothing.
    """
    locked = _locked(item)
    if locked.archived_at is None:
        _save_changes(
            locked, author=user, values={"archived_at": timezone.now(), "archived_by": user}
        )
    return _refreshed(item, locked)


@transaction.atomic
def restore_item(*, item: ArchivableItem, user) -> ArchivableItem:
    """Bring an archived item back into lists, exports and reports; its history says who."""
    locked = _locked(item)
    if locked.archived_at is not None:
        _save_changes(locked, author=user, values={"archived_at": None, "archived_by": None})
    return _refreshed(item, locked)


@transaction.atomic
def purge_item(*, item: PurgeableItem, user) -> None:
    """Delete an archived action or deliverable for good; only a site administrator may.

    Each row deleted (the item, an action's owners, a deliverable's smaller deliverables)
    leaves a deletion record in its history with the administrator's name. Progress updates
    go with their item.
    """
    if not (user and user.is_active and user.is_superuser):
        raise PurgeRefused("Only a site administrator can purge items")
    item = _locked(item)
    noun = type(item)._meta.verbose_name
    if item.archived_at is None:
        raise PurgeRefused(f"The {noun} “{item}” is not archived: archive it before purging it")
    rows: list = []
    if isinstance(item, Deliverable):
        rows = _smaller_deliverables(item)
        not_archived = [row for row in rows if row.archived_at is None]
        if not_archived:
            raise PurgeRefused(
                f"The deliverable “{item}” includes {len(not_archived)} smaller "
                f"deliverable(s) that are not archived: archive them first"
            )
    elif isinstance(item, Action):
        rows = list(item.owners.all())
    for row in [*reversed(rows), item]:
        row._history_user = user
        row.delete()


def _smaller_deliverables(deliverable: Deliverable) -> list[Deliverable]:
    """Every deliverable inside this one, level by level (one query a level)."""
    found: list[Deliverable] = []
    level = [deliverable.pk]
    while level:
        children = list(Deliverable.objects.filter(parent_id__in=level))
        found += children
        level = [child.pk for child in children]
    return found


def _locked(item):
    """The item read again and locked, so two people archiving at once make one change."""
    return type(item).objects.select_for_update().get(pk=item.pk)


def _refreshed(item, locked):
    item.archived_at, item.archived_by = locked.archived_at, locked.archived_by
    return item
