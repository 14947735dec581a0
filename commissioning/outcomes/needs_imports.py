"""Import needs analyses or gaps (CSV, Excel, Word, text) into a partnership.

The file is read by the same pipeline as plans, within the import limits (and, inside a web
request, in a child process: ``plans.services.read_upload``); its table is found by its
header (``reading.recognisers.needs``). What importing would do is worked out first, in a
fixed number of queries: each row is added, or updates the record it names (a needs
analysis by its title, a gap by its outcome and description), or is a problem named by
file, line and cell. The command line's dry run, the web preview and the import share that
plan. All or nothing: any problem, and nothing is written; every write goes through the
outcomes services, so history and the gaps' dated status moves are kept as for the forms.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from commissioning.domain.plan import PlanError
from commissioning.domain.timescales import date_as_written
from commissioning.outcomes import services
from commissioning.outcomes.imports import ImportRefused, ImportStale
from commissioning.outcomes.models import (
    Gap,
    GapStatus,
    NeedsAnalysis,
    NeedsAnalysisKind,
    Outcome,
    Severity,
)
from commissioning.partnership.models import Partnership
from commissioning.plans.pending import (
    PendingUpload,
    keep_partnership_upload,
    kept_partnership_upload,
)
from commissioning.plans.services import read_upload
from commissioning.reading.recognisers.needs import (
    GapField,
    NeedsField,
    Record,
    read_gaps,
    read_needs_analyses,
    split_list,
)

NEEDS_ANALYSES, GAPS = "needs-analyses", "gaps"
TABLES = {NEEDS_ANALYSES: "needs analyses", GAPS: "gaps"}
KIND = "outcomes:needs"  # what a pending upload is for: "outcomes:needs:gaps" and so on


@dataclass
class Planned:
    """One row and what importing it does: ``record`` is None for a new one."""

    row: Record
    label: str
    values: dict
    record: object | None = None
    changes: list[str] = field(default_factory=list)  # what an update changes, in words


@dataclass
class NeedsImport:
    """What a file lists and what importing it would do (or, after an import, did)."""

    source: str
    table: str  # NEEDS_ANALYSES or GAPS
    planned: list[Planned] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def added(self) -> list[Planned]:
        return [item for item in self.planned if item.record is None]

    @property
    def updated(self) -> list[Planned]:
        return [item for item in self.planned if item.record is not None and item.changes]

    @property
    def unchanged(self) -> list[Planned]:
        return [item for item in self.planned if item.record is not None and not item.changes]

    @property
    def fingerprint(self) -> str:
        """A digest of what importing would do: a confirmation of a preview made before the
        partnership's records changed is refused."""
        payload = [
            (item.row.line, getattr(item.record, "pk", None), item.changes) for item in self.planned
        ]
        digest = json.dumps([self.table, payload, self.problems], default=str).encode()
        return hashlib.sha256(digest).hexdigest()[:32]


def read_table(*, table: str, data: bytes, filename: str, in_request: bool = False):
    """The rows of the file's needs analyses or gaps table; PlanError naming the file when it
    cannot be read or has no such table."""
    source = PurePath(filename).name or filename
    document = read_upload(data, filename, in_request=in_request)
    rows = read_gaps(document) if table == GAPS else read_needs_analyses(document)
    if not rows:
        what = (
            "a gaps table (with Outcome, Gap or Description, and Severity columns)"
            if table == GAPS
            else "a needs analyses table (with a Title or Needs analysis column)"
        )
        raise PlanError(f"no rows found: expected {what}", source=source)
    return source, rows


def preview_needs(
    *, partnership: Partnership, table: str, data: bytes, filename: str, in_request: bool = False
) -> NeedsImport:
    """What importing the file into the partnership would do; writes nothing."""
    source, rows = read_table(table=table, data=data, filename=filename, in_request=in_request)
    result = NeedsImport(source=source, table=table)
    planner = _plan_gap if table == GAPS else _plan_needs_analysis
    context = _Context(partnership)
    for row in rows:
        try:
            result.planned.append(planner(row, context))
        except _RowProblem as problem:
            result.problems.append(f"{source}, {problem.place}: {problem.message}")
    for label, lines in context.repeated().items():
        result.problems.append(f"{source}: {label!r} is given more than once (lines {lines})")
    return result


@transaction.atomic
def import_needs(
    *,
    partnership: Partnership,
    user,
    table: str,
    data: bytes,
    filename: str,
    dry_run: bool = False,
    in_request: bool = False,
    fingerprint: str | None = None,
) -> NeedsImport:
    """Add and update the file's needs analyses or gaps, all or nothing: ``ImportRefused``
    listing every problem by line and cell, ``ImportStale`` when ``fingerprint`` is not the
    one of what the import would do now, ``PlanError`` for a file that cannot be read."""
    result = preview_needs(
        partnership=partnership, table=table, data=data, filename=filename, in_request=in_request
    )
    if result.problems:
        raise ImportRefused(result.problems, source=result.source)
    if fingerprint is not None and fingerprint != result.fingerprint:
        raise ImportStale(
            f"the partnership's {TABLES[table]} changed since the preview; nothing was imported",
            source=result.source,
        )
    if dry_run:
        return result
    write = _write_gap if table == GAPS else _write_needs_analysis
    for item in result.planned:
        try:
            write(item, partnership=partnership, user=user)
        except services.OutcomesError as error:
            raise PlanError(
                error.message, source=result.source, location=item.row.location
            ) from error
        except ValidationError as error:
            raise PlanError(
                " ".join(error.messages), source=result.source, location=item.row.location
            ) from error
    return result


def keep_upload(*, table: str, data: bytes, filename: str, user, partnership) -> PendingUpload:
    """Keep the file until the user confirms or cancels the import."""
    return keep_partnership_upload(
        kind=f"{KIND}:{table}", data=data, filename=filename, user=user, partnership=partnership
    )


def kept_upload(token: str, *, table: str, user, partnership) -> PendingUpload | None:
    """The user's own upload of this table for this partnership under ``token``, if kept."""
    pending = kept_partnership_upload(token, kind=KIND, user=user, partnership=partnership)
    if pending is None or pending.programme != f"{KIND}:{table}":
        return None
    return pending


# --- Planning: every lookup read once, every row checked --------------------------------------


class _RowProblem(Exception):
    def __init__(self, place: str, message: str):
        super().__init__(message)
        self.place, self.message = place, message


class _Context:
    """The partnership's outcomes, organisations, needs analyses and gaps, read once."""

    def __init__(self, partnership: Partnership):
        self.partnership = partnership
        outcomes = list(Outcome.objects.filter(partnership=partnership).not_archived())
        self.outcome_by_code = {o.code.casefold(): o for o in outcomes if o.code}
        self.outcome_by_title = {}
        for outcome in outcomes:
            self.outcome_by_title.setdefault(outcome.title.casefold(), outcome)
        self.organisations = {}
        for organisation in partnership.organisations():
            self.organisations[organisation.name.casefold()] = organisation
            if organisation.short_name:
                self.organisations.setdefault(organisation.short_name.casefold(), organisation)
        analyses = NeedsAnalysis.objects.filter(partnership=partnership).prefetch_related(
            "outcomes"
        )
        self.analyses = {a.title.casefold(): a for a in analyses}
        gaps = Gap.objects.filter(partnership=partnership).select_related("needs_analysis")
        self.gaps = {(g.outcome_id, g.description.strip().casefold()): g for g in gaps}
        self.seen: dict[str, tuple[str, list[int]]] = {}  # key → (label, lines naming it)

    def once(self, key: str, label: str, line: int) -> None:
        """Note that ``line`` names the record ``key``; ``repeated`` lists those named twice."""
        self.seen.setdefault(key, (label, []))[1].append(line)

    def repeated(self) -> dict[str, str]:
        return {
            label: ", ".join(str(n) for n in lines)
            for label, lines in self.seen.values()
            if len(lines) > 1
        }

    def outcome(self, text: str) -> Outcome | None:
        key = text.strip().casefold()
        return self.outcome_by_code.get(key) or self.outcome_by_title.get(key)


def _choice(row: Record, name: str, choices, words: dict[str, str], default=None) -> str:
    """The stored value of a choice written as its value, its label or a known word."""
    text = row.text(name)
    if not text:
        if default is not None:
            return default
        raise _RowProblem(row.place(name), f"say the {name.replace('_', ' ')}: {_labels(choices)}")
    key = " ".join(text.replace("_", " ").casefold().split())
    known = {c.value.replace("_", " "): c.value for c in choices}
    known |= {c.label.casefold(): c.value for c in choices} | words
    if key not in known:
        raise _RowProblem(row.place(name), f"{text!r} is not one of {_labels(choices)}")
    return known[key]


def _labels(choices) -> str:
    labels = [c.label for c in choices]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def _limited(row: Record, name: str, model, attribute: str | None = None) -> str:
    text = row.text(name)
    limit = model._meta.get_field(attribute or name).max_length
    if limit and len(text) > limit:
        raise _RowProblem(row.place(name), f"{len(text)} characters long; at most {limit} fit")
    return text


KIND_WORDS = {"jsna": NeedsAnalysisKind.JSNA_CHAPTER, "deep-dive": NeedsAnalysisKind.DEEP_DIVE}
SEVERITY_WORDS = {"h": Severity.HIGH, "m": Severity.MEDIUM, "l": Severity.LOW}
STATUS_WORDS = {
    "open": GapStatus.IDENTIFIED,
    "new": GapStatus.IDENTIFIED,
    "in progress": GapStatus.BEING_ADDRESSED,
    "addressed": GapStatus.BEING_ADDRESSED,
    "done": GapStatus.CLOSED,
    "resolved": GapStatus.CLOSED,
}


def _plan_needs_analysis(row: Record, context: _Context) -> Planned:
    title = _limited(row, NeedsField.TITLE, NeedsAnalysis, "title")
    if not title:
        raise _RowProblem(row.location, "the needs analysis has no title")
    context.once(title.casefold(), title, row.line)
    values = {
        "title": title,
        "kind": _choice(row, NeedsField.KIND, NeedsAnalysisKind, KIND_WORDS),
        "period": _limited(row, NeedsField.PERIOD, NeedsAnalysis, "timescale_text"),
        "population": _limited(row, NeedsField.POPULATION, NeedsAnalysis, "population"),
        "findings": row.text(NeedsField.FINDINGS),
        "document_url": _url(row),
        "author_organisation": _organisation(row, context),
        "outcomes": _outcomes(row, context),
    }
    existing = context.analyses.get(title.casefold())
    planned = Planned(row=row, label=title, values=values, record=existing)
    if existing is not None:
        planned.changes = _analysis_changes(existing, values)
    return planned


def _url(row: Record) -> str:
    text = _limited(row, NeedsField.DOCUMENT, NeedsAnalysis, "document_url")
    if not text:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise _RowProblem(
            row.place(NeedsField.DOCUMENT), f"{text!r} is not a web address (https://…)"
        ) from None
    return text


def _organisation(row: Record, context: _Context):
    text = row.text(NeedsField.AUTHOR)
    if not text:
        return None
    found = context.organisations.get(text.casefold())
    if found is None:
        raise _RowProblem(
            row.place(NeedsField.AUTHOR), f"{text!r} is not an organisation of the partnership"
        )
    return found


def _outcomes(row: Record, context: _Context) -> list[Outcome]:
    found = []
    for item in split_list(row.text(NeedsField.OUTCOMES)):
        outcome = context.outcome(item)
        if outcome is None:
            raise _RowProblem(
                row.place(NeedsField.OUTCOMES), f"no outcome {item!r} in the partnership's library"
            )
        if outcome not in found:
            found.append(outcome)
    return found


def _analysis_changes(existing: NeedsAnalysis, values: dict) -> list[str]:
    changes = []
    for name, label in (
        ("kind", "kind"),
        ("population", "population"),
        ("findings", "findings"),
        ("document_url", "document"),
    ):
        if getattr(existing, name) != values[name]:
            changes.append(label)
    if (existing.timescale_text or "") != values["period"]:
        changes.append("period")
    if existing.author_organisation_id != getattr(values["author_organisation"], "pk", None):
        changes.append("author")
    if {o.pk for o in existing.outcomes.all()} != {o.pk for o in values["outcomes"]}:
        changes.append("outcomes covered")
    if existing.archived_at is not None:
        changes.append("restored from the archive")
    return changes


def _plan_gap(row: Record, context: _Context) -> Planned:
    code, title = row.text(GapField.OUTCOME_CODE), row.text(GapField.OUTCOME)
    outcome = context.outcome(code) if code else None
    if outcome is None and title:
        outcome = context.outcome(title)
    if outcome is None:
        written = code or title
        place = row.place(GapField.OUTCOME_CODE if code else GapField.OUTCOME)
        if not written:
            raise _RowProblem(row.location, "the gap names no outcome")
        raise _RowProblem(place, f"no outcome {written!r} in the partnership's library")
    description = row.text(GapField.DESCRIPTION)
    if not description:
        raise _RowProblem(row.location, "the gap has no description")
    context.once(f"{outcome.pk}:{description.casefold()}", description[:60], row.line)
    analysis = None
    if row.text(GapField.NEEDS_ANALYSIS):
        analysis = context.analyses.get(row.text(GapField.NEEDS_ANALYSIS).casefold())
        if analysis is None:
            raise _RowProblem(
                row.place(GapField.NEEDS_ANALYSIS),
                f"no needs analysis {row.text(GapField.NEEDS_ANALYSIS)!r} in the partnership: "
                "import the needs analyses first",
            )
    status = _choice(row, GapField.STATUS, GapStatus, STATUS_WORDS, default=GapStatus.IDENTIFIED)
    on = _date(row)
    values = {
        "outcome": outcome,
        "description": description,
        "severity": _choice(row, GapField.SEVERITY, Severity, SEVERITY_WORDS),
        "needs_analysis": analysis,
        "status": status,
        "on": on,
    }
    existing = context.gaps.get((outcome.pk, description.strip().casefold()))
    planned = Planned(row=row, label=f"{outcome}: {description[:80]}", values=values)
    if existing is not None:
        planned.record = existing
        planned.changes = _gap_changes(existing, values, row)
    return planned


def _date(row: Record) -> dt.date | None:
    text = row.text(GapField.STATUS_DATE)
    try:
        return date_as_written(text)
    except ValueError as error:
        raise _RowProblem(row.place(GapField.STATUS_DATE), f"{text!r}: {error}") from None


def _gap_changes(existing: Gap, values: dict, row: Record) -> list[str]:
    changes = []
    if existing.severity != values["severity"]:
        changes.append("severity")
    if existing.needs_analysis_id != getattr(values["needs_analysis"], "pk", None):
        changes.append("needs analysis")
    if existing.status != values["status"]:
        on = values["on"] or timezone.localdate()
        if on < existing.status_date:
            raise _RowProblem(
                row.place(GapField.STATUS_DATE),
                f"the gap last moved on {existing.status_date:%-d %B %Y}; a new status cannot "
                "be dated before that",
            )
        changes.append(f"status to {GapStatus(values['status']).label.lower()}")
    return changes


# --- Writing, through the services (history, dated moves) -------------------------------------


def _write_needs_analysis(item: Planned, *, partnership, user) -> None:
    values = dict(item.values)
    if item.record is None:
        services.create_needs_analysis(partnership=partnership, user=user, **values)
        return
    if not item.changes:
        return
    values.pop("title")
    if item.record.archived_at is not None:
        services.restore_needs_analysis(analysis=item.record, user=user)
    services.edit_needs_analysis(analysis=item.record, user=user, **values)


def _write_gap(item: Planned, *, partnership, user) -> None:
    values = item.values
    on = values["on"] or timezone.localdate()
    gap = item.record
    if gap is None:
        gap = services.create_gap(
            partnership=partnership,
            user=user,
            outcome=values["outcome"],
            description=values["description"],
            severity=values["severity"],
            needs_analysis=values["needs_analysis"],
            identified_on=on,
        )
    elif item.changes:
        services.edit_gap(
            gap=gap,
            user=user,
            severity=values["severity"],
            needs_analysis=values["needs_analysis"],
        )
    if values["status"] != gap.status:
        services.move_gap(gap=gap, user=user, status=values["status"], on=on)
