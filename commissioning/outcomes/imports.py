"""Import an outcomes framework (CSV, XLSX, Word, text) into a partnership's library.

The file is read by the same pipeline as plans (``commissioning.reading``), within the
import limits and, inside a web request, in a child process (``plans.services.read_upload``).
What it would do is worked out first, in memory and in a fixed number of queries: the
outcomes it adds, those the library already has (the same code and title, or the same title
when the row has no code), the "so that" links it draws where a row names the outcome it
contributes to, those the chain already has, and every problem, named by file and line.
The command line's dry run, the web preview and the import itself share that plan, so they
cannot disagree. All or nothing: any problem, and nothing is written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import transaction

from commissioning.domain.chains import describe_loop, loop_closed_by
from commissioning.domain.plan import OutcomePlan, PlanError, PlanWarning
from commissioning.outcomes import services
from commissioning.outcomes.models import ChainLink, Level, Outcome, OutcomeChain
from commissioning.partnership.models import Partnership
from commissioning.plans.pending import (
    PendingUpload,
    keep_partnership_upload,
    kept_partnership_upload,
)
from commissioning.plans.services import read_upload
from commissioning.reading.recognisers import recognise
from commissioning.reading.recognisers.outcome_lists import read_outcome_list

KIND = "outcomes:framework"  # what a pending upload is for, in place of a programme


class ImportRefused(PlanError):
    """A framework that cannot be imported as it is; ``problems`` each name file and line."""

    def __init__(self, problems: list[str], *, source: str):
        Exception.__init__(self, "\n".join(problems))
        self.problems = problems
        self.source = source
        self.location = None


class ImportStale(PlanError):
    """The library changed since the preview the person confirmed: nothing was imported."""


@dataclass(frozen=True)
class PlannedLink:
    """A "so that" link the file draws, by the line that names it."""

    line: int
    from_label: str
    to_label: str


@dataclass
class OutcomesImport:
    """What a file lists and what importing it would do (or, after an import, did)."""

    source: str
    outcomes: list[OutcomePlan]
    warnings: list[PlanWarning]
    chain_title: str = ""
    added: list[OutcomePlan] = field(default_factory=list)
    present: list[tuple[OutcomePlan, Outcome]] = field(default_factory=list)
    new_links: list[PlannedLink] = field(default_factory=list)
    present_links: list[PlannedLink] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    chain: OutcomeChain | None = None  # the chain the links go in, when it exists already
    library: list[tuple] = field(default_factory=list, repr=False)
    _nodes: list = field(default_factory=list, repr=False)  # each row's outcome or ("new", i)
    _links: list = field(default_factory=list, repr=False)  # (from node, to node, line)

    @property
    def created(self) -> int:
        return len(self.added)

    @property
    def links(self) -> int:
        return len(self.new_links)

    @property
    def added_rows(self) -> list[tuple[OutcomePlan, str]]:
        """Each outcome to add, with the level it will have, by name."""
        return [(row, Level(_level(row)).label) for row in self.added]

    @property
    def fingerprint(self) -> str:
        """A digest of the library as read and of what importing would do: a confirmation
        of a preview made before the partnership's outcomes changed is refused."""
        payload = {
            "library": self.library,
            "chain": self.chain.pk if self.chain else None,
            "added": [(row.line, row.code, row.title) for row in self.added],
            "present": [(row.line, outcome.pk) for row, outcome in self.present],
            "links": [(link.line, link.from_label, link.to_label) for link in self.new_links],
            "problems": self.problems,
        }
        digest = json.dumps(payload, sort_keys=True, default=str).encode()
        return hashlib.sha256(digest).hexdigest()[:32]


def _level(row: OutcomePlan) -> str:
    if row.level:
        return row.level
    return Level.INTERMEDIATE_OUTCOME if row.parent else Level.POPULATION_RESULT


def _label(code: str | None, title: str) -> str:
    return f"{code} {title}" if code else title


def read_outcomes_file(*, data: bytes, filename: str, in_request: bool = False) -> OutcomesImport:
    """The outcomes a file lists (as a table, else as nested headings and bullets), with
    warnings; ``PlanError`` naming the file when it cannot be read (a type we do not read, a
    broken or oversized file) or lists no outcomes."""
    source = PurePath(filename).name or filename
    document = read_upload(data, filename, in_request=in_request)
    try:
        plan = recognise(document)
    except PlanError:  # no table of any kind: it may still be an outline
        plan = None
    if plan is not None and plan.outcomes:
        return OutcomesImport(source=source, outcomes=plan.outcomes, warnings=plan.warnings)
    outline = read_outcome_list(document)  # a framework published as nested lists
    if not outline:
        raise PlanError(
            "no outcomes framework found: expected a table of outcomes, or themes, outcomes "
            "and sub-outcomes as nested headings or bullets",
            source=source,
        )
    return OutcomesImport(source=source, outcomes=outline, warnings=[])


def _limits_problem(row: OutcomePlan) -> str | None:
    for name, value in (("title", row.title), ("code", row.code), ("theme", row.theme)):
        limit = Outcome._meta.get_field(name).max_length
        if value and len(value) > limit:
            return f"the {name} is {len(value)} characters long; at most {limit} fit"
    if _level(row) not in Level.values:
        return f"unknown level {row.level!r}"
    return None


def plan_outcomes(
    *, partnership: Partnership, result: OutcomesImport, chain_title: str = ""
) -> OutcomesImport:
    """Work out what importing ``result``'s outcomes into the partnership would do; writes
    nothing. Three queries whatever the sizes: the library, the chain, its links."""
    where = result.source
    result.chain_title = chain_title or f"Imported from {where}"
    existing = list(
        Outcome.objects.filter(partnership=partnership)
        .order_by("pk")
        .only("pk", "code", "title", "level", "theme", "archived_at")
    )
    result.library = [(o.pk, o.code, o.title, o.level, o.theme, o.archived_at) for o in existing]
    by_code = {o.code: o for o in existing if o.code}
    by_title: dict[str, Outcome] = {}
    for outcome in existing:
        by_title.setdefault(outcome.title, outcome)
    result.chain = (
        OutcomeChain.objects.filter(partnership=partnership, title=result.chain_title)
        .not_archived()
        .order_by("pk")
        .first()
        if any(row.parent for row in result.outcomes)
        else None
    )
    graph: set[tuple] = set()
    if result.chain:
        pairs = ChainLink.objects.filter(chain=result.chain)
        graph = {(("o", a), ("o", b)) for a, b in pairs.values_list("from_outcome", "to_outcome")}

    def problem(row: OutcomePlan, message: str) -> None:
        result.problems.append(f"{where}, line {row.line}: {message}")

    keys: dict[str, tuple] = {}  # the file's codes and titles → the row's node
    names: dict[tuple, str] = {("o", o.pk): str(o) for o in existing}
    lines_of_codes: dict[str, int] = {}
    for index, row in enumerate(result.outcomes):
        node: tuple = ("new", index)
        if row.code and row.code in lines_of_codes:
            problem(row, f"the code {row.code} is also on line {lines_of_codes[row.code]}")
        elif row.code and row.code in by_code:
            outcome = by_code[row.code]
            if outcome.title != row.title:
                problem(
                    row,
                    f"the library already has an outcome with the code {row.code} "
                    f"({outcome.title!r})",
                )
            else:
                result.present.append((row, outcome))
                node = ("o", outcome.pk)
        elif not row.code and row.title in by_title:
            outcome = by_title[row.title]
            result.present.append((row, outcome))
            node = ("o", outcome.pk)
        elif reason := _limits_problem(row):
            problem(row, reason)
        else:
            result.added.append(row)
            names[node] = _label(row.code, row.title)
        if row.code:
            lines_of_codes[row.code] = row.line
            keys[row.code] = node
        keys.setdefault(row.title, node)
        result._nodes.append(node)
    lookup = {
        **{title: ("o", o.pk) for title, o in by_title.items()},
        **{code: ("o", o.pk) for code, o in by_code.items()},
        **keys,
    }
    for index, row in enumerate(result.outcomes):
        if not row.parent:
            continue
        parent = lookup.get(row.parent)
        if parent is None:
            problem(
                row, f"contributes to {row.parent!r}, which is neither in the file nor the library"
            )
            continue
        child = result._nodes[index]
        link = PlannedLink(row.line, names.get(child, row.title), names.get(parent, row.parent))
        pair = (child, parent)
        if pair in graph:
            result.present_links.append(link)
            continue
        loop = loop_closed_by(graph, pair)
        if loop:
            problem(
                row,
                f"this link would close a loop: {describe_loop(loop, names)}. "
                f"A chain cannot lead back to where it starts",
            )
            continue
        graph.add(pair)
        result.new_links.append(link)
        result._links.append((child, parent, row.line))
    return result


def preview_outcomes(
    *,
    partnership: Partnership,
    data: bytes,
    filename: str,
    chain_title: str = "",
    in_request: bool = False,
) -> OutcomesImport:
    """What importing the file into the partnership would do; writes nothing."""
    result = read_outcomes_file(data=data, filename=filename, in_request=in_request)
    return plan_outcomes(partnership=partnership, result=result, chain_title=chain_title)


@transaction.atomic
def import_outcomes(
    *,
    partnership,
    user,
    data: bytes,
    filename: str,
    chain_title: str = "",
    dry_run: bool = False,
    in_request: bool = False,
    fingerprint: str | None = None,
) -> OutcomesImport:
    """Create the file's new outcomes (and "contributes to" links) in the partnership's
    library, all or nothing: ``ImportRefused`` listing every problem by line, ``ImportStale``
    when ``fingerprint`` is not the one of what the import would do now, ``PlanError`` for
    a file that cannot be read."""
    result = preview_outcomes(
        partnership=partnership,
        data=data,
        filename=filename,
        chain_title=chain_title,
        in_request=in_request,
    )
    if result.problems:
        raise ImportRefused(result.problems, source=result.source)
    if fingerprint is not None and fingerprint != result.fingerprint:
        raise ImportStale(
            "the partnership's outcomes changed since the preview; nothing was imported",
            source=result.source,
        )
    if dry_run:
        return result
    made: dict[tuple, Outcome] = {}
    for index, row in enumerate(result.outcomes):
        node = result._nodes[index]
        if node[0] != "new":
            continue
        try:
            made[node] = services.create_outcome(
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
                error.message, source=result.source, location=f"line {row.line}"
            ) from error
    if result._links and result.chain is None:
        result.chain = services.create_chain(
            partnership=partnership, user=user, title=result.chain_title
        )
    existing = {("o", o.pk): o for _, o in result.present}
    needed = {key for link in result._links for key in link[:2] if key[0] == "o"} - set(existing)
    existing |= {("o", o.pk): o for o in Outcome.objects.filter(pk__in=[k[1] for k in needed])}
    for child, parent, line in result._links:
        try:
            services.add_link(
                chain=result.chain,
                from_outcome=made.get(child) or existing[child],
                to_outcome=made.get(parent) or existing[parent],
                user=user,
            )
        except services.OutcomesError as error:
            raise PlanError(error.message, source=result.source, location=f"line {line}") from error
    return result


def keep_upload(*, data: bytes, filename: str, user, partnership: Partnership) -> PendingUpload:
    """Keep the file until the user confirms or cancels the import."""
    return keep_partnership_upload(
        kind=KIND, data=data, filename=filename, user=user, partnership=partnership
    )


def kept_upload(token: str, *, user, partnership: Partnership) -> PendingUpload | None:
    """The user's own framework upload for this partnership under ``token``, if still kept."""
    return kept_partnership_upload(token, kind=KIND, user=user, partnership=partnership)
