"""Importing an indicator table from the web: read it, preview what it would store, store it.

The file is read by the same pipeline as ``commissioning import_indicators`` (the readers
and recognisers of ``commissioning.reading``), held to the import limits and, inside a web
request, read in a child process (``plans.services.read_upload``). What it would store is
worked out by ``store_indicators`` itself, as a dry run, so the preview and the import
cannot disagree. The upload is kept between the preview and the confirmation as a plan
import's is (``plans.pending``), bound to the user who sent it and to the partnership.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import PurePath

from commissioning.domain.plan import IndicatorPlan, PlanError, PlanWarning
from commissioning.partnership.models import Partnership
from commissioning.performance.services import PerformanceError, Stored, store_indicators
from commissioning.plans.pending import (
    PendingUpload,
    keep_partnership_upload,
    kept_partnership_upload,
)
from commissioning.plans.services import read_upload
from commissioning.reading.recognisers import recognise

KIND = "performance:indicators"  # what a pending upload is for, in place of a programme


@dataclass
class IndicatorPreview:
    """What a file would store: its indicators, warnings, and either what storing it would
    do or the problems (each naming its line or cell) that refuse it whole."""

    source: str
    indicators: list[IndicatorPlan]
    warnings: list[PlanWarning]
    stored: Stored | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def values(self) -> int:
        return sum(len(indicator.values) for indicator in self.indicators)

    @property
    def fingerprint(self) -> str:
        """A digest of what storing would do: a confirmation of another preview is refused."""
        payload = self.stored.to_json() if self.stored else {"problems": self.problems}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32]


def read_indicators(data: bytes, filename: str, *, in_request: bool = False) -> IndicatorPreview:
    """The indicator table in ``data``; PlanError naming the file when it cannot be read
    (a type we do not read, a broken or oversized file) or holds no indicator table."""
    source = PurePath(filename).name or filename
    plan = recognise(read_upload(data, filename, in_request=in_request))
    if not plan.indicators:
        raise PlanError("no indicator table found", source=source)
    return IndicatorPreview(source=source, indicators=plan.indicators, warnings=plan.warnings)


def preview_indicators(
    *, partnership: Partnership, data: bytes, filename: str, in_request: bool = False
) -> IndicatorPreview:
    """What importing the file into the partnership would store; writes nothing."""
    preview = read_indicators(data, filename, in_request=in_request)
    try:
        preview.stored = store_indicators(
            partnership=partnership,
            indicators=preview.indicators,
            source=preview.source,
            dry_run=True,
        )
    except PerformanceError as refused:
        preview.problems = refused.problems
    return preview


def import_indicators(
    *, partnership: Partnership, data: bytes, filename: str, user, in_request: bool = False
) -> Stored:
    """Store the file's indicators and values in the partnership, all or nothing
    (PerformanceError naming each line or cell, PlanError for a file that cannot be read)."""
    preview = read_indicators(data, filename, in_request=in_request)
    return store_indicators(
        partnership=partnership, indicators=preview.indicators, source=preview.source, user=user
    )


def keep_upload(*, data: bytes, filename: str, user, partnership: Partnership) -> PendingUpload:
    """Keep the file until the user confirms or cancels the import."""
    return keep_partnership_upload(
        kind=KIND, data=data, filename=filename, user=user, partnership=partnership
    )


def kept_upload(token: str, *, user, partnership: Partnership) -> PendingUpload | None:
    """The user's own indicator upload for this partnership under ``token``, if still kept."""
    return kept_partnership_upload(token, kind=KIND, user=user, partnership=partnership)
