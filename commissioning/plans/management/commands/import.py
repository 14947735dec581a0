"""``commissioning import FILE``: read an action plan or milestone table into a programme.

Without ``--user`` the command acts as the site operator, who may import anything; with it the
access rules apply as on the web (only a programme's managers import into it, only site
administrators start a new one), and a refusal exits with status 3.

A field a person changed since the last import keeps their value. A field the document
changed as well is a conflict: reported, and kept as the person left it unless
``--overwrite`` takes the document's value.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from commissioning.domain.plan import Plan, PlanError, dumps
from commissioning.plans.services import authorise_import, check_upload, import_document
from commissioning.reading import parse_columns

REFUSED = 3  # the exit status when the access rules refuse the user


class Command(BaseCommand):
    help = (
        "Import an action plan or milestone table (.txt, .md, .csv, .xlsx, .docx) into a "
        "programme. With --dry-run nothing is written and the plan read is printed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the document to import")
        parser.add_argument(
            "--programme", help="programme name or slug (default: the document's title)"
        )
        parser.add_argument(
            "--partnership",
            help="slug or name of the partnership a new programme belongs to "
            "(needed when there is more than one partnership)",
        )
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="where a person changed a field the document changed too, take the "
            "document's value (default: keep the person's)",
        )
        parser.add_argument(
            "--columns",
            help="what the columns hold, where the importer reads them wrongly: "
            '"title=Project name,owners=Dept,rag=DCA status" (meanings: title, timescale, '
            "owners, progress, status, rag, ref, section, ignore)",
        )
        parser.add_argument(
            "--user",
            help="import as this user, with their rights, and record them as the importer "
            "(default: the site operator, who may import anything)",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        user = self._user(options["user"])
        try:
            # Who may import, and whether the file is small enough, before reading a byte.
            authorise_import(user=user, programme=options["programme"])
            check_upload(size=path.stat().st_size, filename=str(path))
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"{path}: cannot read the file ({error.strerror})", returncode=2
            ) from error
        except PlanError as error:
            raise CommandError(str(error), returncode=2) from error
        except PermissionDenied as refusal:
            raise CommandError(
                f"--user {options['user']}: not allowed: {refusal}", returncode=REFUSED
            ) from refusal
        try:
            columns = parse_columns(options["columns"]) if options["columns"] else None
            result = import_document(
                data=data,
                filename=str(path),
                user=user,
                programme=options["programme"],
                dry_run=options["dry_run"],
                overwrite=options["overwrite"],
                partnership=options["partnership"],
                columns=columns,
            )
        except PlanError as error:
            raise CommandError(str(error), returncode=2) from error
        except PermissionDenied as refusal:
            raise CommandError(
                f"--user {options['user']}: not allowed: {refusal}", returncode=REFUSED
            ) from refusal
        except DatabaseError as error:
            raise CommandError(
                f"the database is not ready ({error}); run `commissioning migrate` first"
            ) from error
        counts = result.run.counts if result.run else None
        if options["format"] == "json":
            payload = {
                **result.plan.to_json(),
                "programme": result.programme_name,
                "dry_run": options["dry_run"],
                "counts": counts,
                "changes": [change.to_json() for change in result.changes],
                "conflicts": [conflict.to_json() for conflict in result.conflicts],
            }
            self.stdout.write(dumps(payload))
            return
        self.stdout.write(describe_plan(result.plan))
        merged = describe_merge(result, dry_run=options["dry_run"])
        if merged:
            self.stdout.write(merged)
        if result.run is None:
            self.stdout.write(f"Dry run: nothing written (programme: {result.programme_name}).")
        else:
            summary = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items())
            self.stdout.write(
                f"Imported into {result.programme_name}: {summary or 'nothing changed'}."
            )

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"--user: no user named {username!r}", returncode=2) from None


def describe_plan(plan: Plan) -> str:
    """The plan as a person reads it in a terminal."""
    lines = [f"Title: {plan.title or '(none)'}"]
    if plan.as_of:
        lines.append(f"As of: {plan.as_of.text} (to {plan.as_of.end})")
    for table in plan.tables:
        header = f"header at line {table.header_row}" if table.header_row else "no header row"
        unsure = " — unsure: check the columns, or give --columns" if table.unsure else ""
        lines.append(f"Table at {table.location} ({header}){unsure}")
        for column in table.columns:
            name = column.header or f"column {column.index + 1}"
            sure = round(column.confidence * 100)
            lines.append(f"  {name}: {column.meaning or 'ignored'} ({sure} %: {column.why})")
    for stage in plan.stages:
        due = f"{stage.due.text} (due {stage.due.end})" if stage.due else "no date"
        lines.append(f"Stage {stage.code or '-'}: {stage.title} — {due}  [line {stage.line}]")
        lines.extend(_deliverable_lines(stage.deliverables, depth=1))
    if plan.actions:
        lines.append(f"Actions: {len(plan.actions)}")
    for action in plan.actions:
        when = action.timescale.text if action.timescale else "no timescale"
        owners = ", ".join(f"{o.name} ({o.kind})" for o in action.owners) or "no owner"
        suggested = " (suggested)" if action.status_suggested else ""
        lines.append(f"  [line {action.line}] {action.title[:70]}")
        lines.append(f"      {when} | {owners} | {action.status}{suggested}")
    for warning in plan.warnings:
        lines.append(f"Warning, line {warning.line}: {warning.message}")
    return "\n".join(lines)


def _shown(value) -> str:
    if value is None:
        return "(not recorded)"
    if isinstance(value, list):
        return "; ".join(value) or "(none)"
    return value or "(blank)"


def describe_merge(result, *, dry_run: bool) -> str:
    """What a re-import changes in stored stages and actions, and each conflict."""
    lines = []
    verb = "would change" if dry_run else "changed"
    for change in result.changes:
        lines.append(
            f"Change, line {change.line}: {change.item}: {change.field_label} {verb} from "
            f"'{_shown(change.current)}' to '{_shown(change.document)}'"
        )
    for conflict in result.conflicts:
        head = (
            f"Conflict, line {conflict.line}: {conflict.item}: {conflict.field_label} "
            f"last imported as '{_shown(conflict.base)}', changed here to "
            f"'{_shown(conflict.current)}', the document says '{_shown(conflict.document)}'"
        )
        took = conflict.resolution == "document"
        value = _shown(conflict.document if took else conflict.current)
        if dry_run:
            outcome = f"would {'take' if took else 'keep'} '{value}'"
        else:
            outcome = f"{'took' if took else 'kept'} '{value}'"
        if not took:
            outcome += " (--overwrite takes the document's value)"
        lines.append(f"{head}: {outcome}")
    return "\n".join(lines)


def _deliverable_lines(deliverables, depth: int) -> list[str]:
    lines = []
    for deliverable in deliverables:
        lines.append(f"{'  ' * depth}- ({deliverable.scope}) {deliverable.text}")
        lines.extend(_deliverable_lines(deliverable.children, depth + 1))
    return lines
