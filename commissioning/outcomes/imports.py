"""Import an outcomes framework (CSV, XLSX, Word, text) into a partnership's library.

The file is read by the same pipeline as plans (``commissioning.reading``); every outcome
it lists is created, and where a row names the outcome it contributes to, a "so that" link
is drawn in one chain. All or nothing: any error, named by file and line, and nothing is
written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from commissioning.domain.plan import OutcomePlan, PlanError, PlanWarning
from commissioning.outcomes import services
from commissioning.outcomes.models import Level, Outcome, OutcomeChain
from commissioning.reading.readers import read_document
from commissioning.reading.recognisers import recognise


@dataclass
class OutcomesImport:
    """What an import read and (unless a dry run) wrote."""

    outcomes: list[OutcomePlan]
    warnings: list[PlanWarning]
    created: int = 0
    links: int = 0
    chain: OutcomeChain | None = None
    errors: list[str] = field(default_factory=list)


def _level(row: OutcomePlan) -> str:
    if row.level:
        return row.level
    return Level.INTERMEDIATE_OUTCOME if row.parent else Level.POPULATION_RESULT


def read_outcomes_file(*, data: bytes, filename: str) -> OutcomesImport:
    """The outcomes a file lists, with warnings; ``PlanError`` if it has none."""
    plan = recognise(read_document(data, filename))
    if not plan.outcomes:
        raise PlanError("no outcomes framework table found", source=filename)
    return OutcomesImport(outcomes=plan.outcomes, warnings=plan.warnings)


@transaction.atomic
def import_outcomes(
    *, partnership, user, data: bytes, filename: str, chain_title: str = "", dry_run: bool = False
) -> OutcomesImport:
    """Create the file's outcomes (and "contributes to" links) in the partnership's library."""
    result = read_outcomes_file(data=data, filename=filename)
    existing = Outcome.objects.filter(partnership=partnership)
    codes = {o.code: o for o in existing if o.code}
    for row in result.outcomes:
        if row.code and row.code in codes:
            raise PlanError(
                f"the library already has an outcome with the code {row.code}",
                source=filename,
                location=f"line {row.line}",
            )
    created: dict[str, Outcome] = {}
    sid = transaction.savepoint()
    try:
        for row in result.outcomes:
            try:
                outcome = services.create_outcome(
                    partnership=partnership,
                    user=user,
                    title=row.title,
                    level=_level(row),
                    code=row.code or "",
                    theme=row.theme or "",
                    description=row.description or "",
                )
            except services.OutcomesError as error:
                raise PlanError(
                    error.message, source=filename, location=f"line {row.line}"
                ) from error
            if row.code:
                created[row.code] = outcome
            created.setdefault(row.title, outcome)
        result.created = len(result.outcomes)
        by_key = {**{o.title: o for o in existing}, **codes, **created}
        linked = [row for row in result.outcomes if row.parent]
        if linked:
            result.chain = services.create_chain(
                partnership=partnership, user=user, title=chain_title or f"Imported from {filename}"
            )
        for row in linked:
            parent = by_key.get(row.parent)
            if parent is None:
                raise PlanError(
                    f"contributes to {row.parent!r}, which is neither in the file nor the library",
                    source=filename,
                    location=f"line {row.line}",
                )
            child = created[row.code] if row.code else created[row.title]
            try:
                services.add_link(
                    chain=result.chain, from_outcome=child, to_outcome=parent, user=user
                )
            except services.OutcomesError as error:
                raise PlanError(
                    error.message, source=filename, location=f"line {row.line}"
                ) from error
            result.links += 1
    except Exception:
        transaction.savepoint_rollback(sid)
        raise
    if dry_run:
        transaction.savepoint_rollback(sid)
        result.chain = None
    else:
        transaction.savepoint_commit(sid)
    return result
