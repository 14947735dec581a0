"""Importing spend from the web: read the return, preview what it would store, store it.

The same shape as the indicator import: the file is read by the pipeline
``commissioning import_spend`` uses (``commissioning.reading``), within the import limits
and, inside a web request, in a child process (``plans.services.read_upload``); what it
would store is ``store_spend``'s own dry run; the upload is kept between the preview and
the confirmation as a plan import's is (``plans.pending``), bound to the user who sent it,
the partnership and the partner the return is from.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from commissioning.domain.plan import PlanError, PlanWarning, SpendPlan
from commissioning.finance.imports import SpendImport, SpendImportRefused, store_spend
from commissioning.partnership.models import Organisation, Partnership
from commissioning.plans.pending import (
    PendingUpload,
    keep_partnership_upload,
    kept_partnership_upload,
)
from commissioning.plans.services import read_upload
from commissioning.reading.recognisers import recognise

KIND = "finance:spend"  # what a pending upload is for, in place of a programme


@dataclass
class SpendPreview:
    """What a return would store: its rows, warnings, and either what storing would do or
    the problems (each naming its line or cell) that refuse it whole."""

    source: str
    lines: list[SpendPlan]
    warnings: list[PlanWarning]
    result: SpendImport | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """A digest of what storing would do: a confirmation of another preview is refused."""
        payload = asdict(self.result) if self.result else {"problems": self.problems}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


def _source(filename: str, user) -> str:
    return f"Imported from {filename}" + (f" by {user.username}" if user else "")


def read_spend(data: bytes, filename: str, *, in_request: bool = False) -> SpendPreview:
    """The spend table in ``data``; PlanError naming the file when it cannot be read or has
    no spend table."""
    source = PurePath(filename).name or filename
    plan = recognise(read_upload(data, filename, in_request=in_request))
    if not plan.spend:
        raise PlanError("no spend table found", source=source)
    return SpendPreview(source=source, lines=plan.spend, warnings=plan.warnings)


def preview_spend(
    *,
    partnership: Partnership,
    data: bytes,
    filename: str,
    user,
    organisation: Organisation | None = None,
    in_request: bool = False,
) -> SpendPreview:
    """What importing the return would store, as ``user`` may import it; writes nothing."""
    preview = read_spend(data, filename, in_request=in_request)
    try:
        preview.result = store_spend(
            partnership=partnership,
            lines=preview.lines,
            user=user,
            source=_source(preview.source, user),
            organisation=organisation,
            dry_run=True,
        )
    except SpendImportRefused as refused:
        preview.problems = [f"{preview.source}, {error}" for error in refused.errors]
    return preview


def import_spend(
    *,
    partnership: Partnership,
    data: bytes,
    filename: str,
    user,
    organisation: Organisation | None = None,
    in_request: bool = False,
) -> SpendImport:
    """Store the return's lines in the partnership's pot, all or nothing."""
    preview = read_spend(data, filename, in_request=in_request)
    return store_spend(
        partnership=partnership,
        lines=preview.lines,
        user=user,
        source=_source(preview.source, user),
        organisation=organisation,
    )


def keep_upload(
    *, data: bytes, filename: str, user, partnership: Partnership, organisation=None
) -> PendingUpload:
    """Keep the return until the user confirms or cancels the import."""
    kind = f"{KIND}:{organisation.pk if organisation else ''}"
    return keep_partnership_upload(
        kind=kind, data=data, filename=filename, user=user, partnership=partnership
    )


def kept_upload(token: str, *, user, partnership: Partnership):
    """The user's own spend upload for this partnership under ``token`` and the id of the
    partner it was sent for (or None); None when it is not kept."""
    pending = kept_partnership_upload(token, kind=KIND, user=user, partnership=partnership)
    if pending is None:
        return None
    organisation = pending.programme.rpartition(":")[2]
    return pending, int(organisation) if organisation.isdigit() else None
