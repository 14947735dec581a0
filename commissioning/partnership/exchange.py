"""Export the partnership's governance as CSV or Excel, and import it back.

An import reads every row, checks every row, and reports each problem as
``Row 12 remit: …`` (row 1 is the header). Only when every row is right is anything
written, all in one transaction; otherwise nothing is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Q, QuerySet, TextChoices
from openpyxl import Workbook, load_workbook

from commissioning.core.spreadsheets import neutralise_row, restore
from commissioning.partnership import governance
from commissioning.partnership.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Body,
    BodyKind,
    Contribution,
    Organisation,
    Partnership,
    Person,
    Post,
    UnitType,
)

COLUMNS = {
    "bodies": ["name", "kind", "unit_type", "organisation", "parent", "description"],
    "posts": ["body", "title", "remit", "holder", "filled_on"],
    "agreements": ["title", "kind", "status", "host", "parties", "start", "end"],
    "contributions": ["agreement", "organisation", "financial_year", "amount"],
}
PARTY_SEPARATOR = ";"


def people_of_partnership(partnership: Partnership) -> QuerySet[Person]:
    """People of the partnership's organisations, or holding its posts or sitting on its
    bodies: those an import may name."""
    bodies = Body.objects.filter(partnership=partnership)
    return Person.objects.filter(
        Q(organisation__in=partnership.organisations())
        | Q(posts__body__in=bodies)
        | Q(memberships__body__in=bodies)
    ).distinct()


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


# --- Export -------------------------------------------------------------------------------------


def export_rows(
    what: str,
    *,
    bodies: QuerySet[Body] | None = None,
    agreements: QuerySet[Agreement] | None = None,
) -> list[list[str]]:
    """The header and one row per record of ``what`` (bodies, posts, agreements, contributions).

    ``bodies`` and ``agreements`` limit the export to those (and their posts and
    contributions); by default everything is exported.
    """
    rows = [COLUMNS[what]]
    bodies = Body.objects.all() if bodies is None else bodies
    agreements = Agreement.objects.all() if agreements is None else agreements
    if what == "bodies":
        for body in bodies.select_related("organisation", "parent"):
            rows.append(
                [
                    body.name,
                    body.kind,
                    body.unit_type,
                    body.organisation.name if body.organisation else "",
                    body.parent.name if body.parent else "",
                    body.description,
                ]
            )
    elif what == "posts":
        posts = Post.objects.filter(body__in=bodies.values("pk"))
        for post in posts.select_related("body", "holder").order_by(
            "body__order", "body__name", "order", "id"
        ):
            holder = post.holder.name if post.holder else ""
            rows.append([post.body.name, post.title, post.remit, holder, _day(post.filled_on)])
    elif what == "agreements":
        for agreement in agreements.select_related("host").prefetch_related("parties"):
            parties = f"{PARTY_SEPARATOR} ".join(sorted(p.name for p in agreement.parties.all()))
            host = agreement.host.name if agreement.host else ""
            rows.append(
                [
                    agreement.title,
                    agreement.kind,
                    agreement.status,
                    host,
                    parties,
                    _day(agreement.start),
                    _day(agreement.end),
                ]
            )
    else:
        contributions = Contribution.objects.filter(agreement__in=agreements.values("pk"))
        for contribution in contributions.select_related("agreement", "organisation"):
            rows.append(
                [
                    contribution.agreement.title,
                    contribution.organisation.name,
                    contribution.financial_year,
                    str(contribution.amount),
                ]
            )
    return rows


def export_csv(what: str, **scope) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(neutralise_row(row) for row in export_rows(what, **scope))
    return buffer.getvalue().encode("utf-8-sig")  # the mark lets Excel read it as UTF-8


def export_xlsx(what: str, **scope) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = what.capitalize()
    for row in export_rows(what, **scope):
        sheet.append(neutralise_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Reading a file -----------------------------------------------------------------------------


class UnreadableFile(ValueError):
    """The file is not a CSV or Excel file we can read, or lacks columns; shown to the user."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(*, name: str, content: bytes, what: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for each non-blank row; the header is row 1."""
    if name.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise UnreadableFile("The file is not an Excel (.xlsx) file we can read") from error
        table = [
            [restore(_text(cell)) for cell in row]
            for row in workbook.active.iter_rows(values_only=True)
        ]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252", errors="replace")
        table = [[restore(cell.strip()) for cell in row] for row in csv.reader(io.StringIO(text))]
    if not table:
        raise UnreadableFile("The file is empty")
    header = [cell.strip().lower().replace(" ", "_") for cell in table[0]]
    missing = [column for column in COLUMNS[what] if column not in header]
    if missing:
        raise UnreadableFile(
            f"The file must have the columns {', '.join(COLUMNS[what])}; "
            f"it lacks {', '.join(missing)}"
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = dict(zip(header, cells, strict=False))
        row = {column: values.get(column, "") for column in COLUMNS[what]}
        if any(row.values()):
            rows.append((number, row))
    return rows


# --- Checking and writing -----------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import did: how many records it created and changed, or why it wrote nothing."""

    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Checker:
    """Collects ``Row N column: message`` errors while reading values; every name is looked up
    in ``partnership`` only."""

    def __init__(self, partnership: Partnership):
        self.partnership = partnership
        self.bodies = Body.objects.filter(partnership=partnership)
        self.agreements = Agreement.objects.filter(partnership=partnership)
        self.errors: list[str] = []
        self._organisations = None
        self._people = None

    def error(self, number: int, column: str, message: str) -> None:
        self.errors.append(f"Row {number} {column}: {message}")

    def required(self, number: int, row: dict, column: str, message: str) -> str:
        if not row[column]:
            self.error(number, column, message)
        return row[column]

    def choice(
        self, number: int, row: dict, column: str, choices: type[TextChoices], *, blank_ok=False
    ):
        text = row[column].strip().lower()
        if not text and blank_ok:
            return ""
        for value, label in choices.choices:
            if text in {value, label.lower()}:
                return value
        labels = ", ".join(value for value, _ in choices.choices)
        self.error(number, column, f"Enter one of {labels}")
        return None

    def organisation(self, number: int, column: str, text: str) -> Organisation | None:
        if self._organisations is None:
            self._organisations = {}
            for organisation in self.partnership.organisations():
                self._organisations[organisation.name.lower()] = organisation
                if organisation.short_name:
                    self._organisations.setdefault(organisation.short_name.lower(), organisation)
        found = self._organisations.get(text.lower())
        if found is None:
            self.error(
                number,
                column,
                f"No organisation called “{text}” in {self.partnership.name}: "
                f"add it to the partnership first",
            )
        return found

    def person(self, number: int, column: str, text: str) -> Person | None:
        if self._people is None:
            self._people = {}
            for person in people_of_partnership(self.partnership):
                self._people.setdefault(person.name.lower(), []).append(person)
        found = self._people.get(text.lower(), [])
        if len(found) != 1:
            problem = "No person" if not found else "More than one person"
            self.error(number, column, f"{problem} called “{text}” in the directory")
            return None
        return found[0]

    def day(self, number: int, column: str, text: str) -> date | None:
        if not text:
            return None
        day = governance.read_day(text)
        if day is None:
            self.error(number, column, "Enter a date, like 30/03/2010 or 30 March 2010")
        return day


def _unique(checker: _Checker, rows, key: Callable[[dict], tuple], column: str, noun: str) -> None:
    seen: dict[tuple, int] = {}
    for number, row in rows:
        value = key(row)
        if value in seen:
            checker.error(number, column, f"The same {noun} is already on row {seen[value]}")
        else:
            seen[value] = number


def _check_bodies(checker: _Checker, rows) -> list[Callable[[], bool]]:
    existing = {body.name.lower(): body for body in checker.bodies.select_related("parent")}
    in_file = {row["name"].lower() for _, row in rows}
    parents = {name: body.parent.name.lower() for name, body in existing.items() if body.parent}
    _unique(checker, rows, lambda row: (row["name"].lower(),), "name", "body")
    checked = []
    for number, row in rows:
        name = checker.required(number, row, "name", "Enter the body's name")
        kind = checker.choice(number, row, "kind", BodyKind)
        unit_type = checker.choice(number, row, "unit_type", UnitType, blank_ok=True)
        organisation = row["organisation"] and checker.organisation(
            number, "organisation", row["organisation"]
        )
        parent = row["parent"].lower()
        if parent and parent not in existing and parent not in in_file:
            checker.error(number, "parent", f"No body called “{row['parent']}”")
        if name:
            parents[name.lower()] = parent
        checked.append((row, kind, unit_type, organisation or None))
    for number, row in rows:
        if _loops(row["name"].lower(), parents):
            checker.error(
                number, "parent", "A body cannot sit within itself or one of its own units"
            )

    def write_one(row, kind, unit_type, organisation) -> Callable[[], bool]:
        def write() -> bool:
            body = checker.bodies.filter(name__iexact=row["name"]).first()
            governance.save_body(
                body=body,
                partnership=checker.partnership,
                name=row["name"],
                kind=kind,
                unit_type=unit_type,
                organisation=organisation,
                description=row["description"],
            )
            return body is None

        return write

    writes = [write_one(*item) for item in checked]

    def link_parents() -> None:
        for _, row in rows:
            body = checker.bodies.get(name__iexact=row["name"])
            parent = checker.bodies.get(name__iexact=row["parent"]) if row["parent"] else None
            if body.parent_id != (parent.pk if parent else None):
                body.parent = parent
                body.save()

    writes.append(link_parents)
    return writes


def _loops(name: str, parents: dict[str, str]) -> bool:
    seen = {name}
    current = parents.get(name)
    while current:
        if current in seen:
            return current == name
        seen.add(current)
        current = parents.get(current)
    return False


def _check_posts(checker: _Checker, rows) -> list[Callable[[], bool]]:
    bodies = {body.name.lower(): body for body in checker.bodies}
    key = lambda row: (row["body"].lower(), row["title"].lower(), row["remit"].lower())  # noqa: E731
    _unique(checker, rows, key, "title", "post (body, title and remit)")
    writes = []
    for number, row in rows:
        body = bodies.get(row["body"].lower())
        if not row["body"]:
            checker.error(number, "body", "Enter the body the post is in")
        elif body is None:
            checker.error(number, "body", f"No body called “{row['body']}”: import bodies first")
        checker.required(number, row, "title", "Enter the title of the post")
        holder = row["holder"] and checker.person(number, "holder", row["holder"])
        filled_on = checker.day(number, "filled_on", row["filled_on"])
        if row["holder"] and not row["filled_on"]:
            checker.error(
                number, "filled_on", "Enter the date the holder started, like 1 June 2010"
            )
        if row["filled_on"] and not row["holder"]:
            checker.error(number, "holder", "Enter who holds the post, or leave filled_on empty")
        writes.append(_post_writer(body, row, holder or None, filled_on))
    return writes


def _post_writer(body, row, holder, filled_on) -> Callable[[], bool]:
    def write() -> bool:
        post = Post.objects.filter(
            body=body, title__iexact=row["title"], remit__iexact=row["remit"]
        ).first()
        created = post is None
        post = governance.save_post(post=post, body=body, title=row["title"], remit=row["remit"])
        if holder is not None and post.holder_id != holder.pk:
            governance.fill_post(post=post, person=holder, on=filled_on)
        return created

    return write


def _check_agreements(checker: _Checker, rows) -> list[Callable[[], bool]]:
    _unique(checker, rows, lambda row: (row["title"].lower(),), "title", "agreement")
    writes = []
    for number, row in rows:
        checker.required(number, row, "title", "Enter the agreement's title")
        kind = checker.choice(number, row, "kind", AgreementKind)
        status = checker.choice(number, row, "status", AgreementStatus)
        host = row["host"] and checker.organisation(number, "host", row["host"])
        names = [name.strip() for name in row["parties"].split(PARTY_SEPARATOR) if name.strip()]
        if not names:
            checker.error(number, "parties", "Enter at least one party, separated by semicolons")
        parties = [checker.organisation(number, "parties", name) for name in names]
        start = checker.day(number, "start", row["start"])
        end = checker.day(number, "end", row["end"])
        if start and end and end < start:
            checker.error(number, "end", "Enter an end date on or after the start date")
        fields = {
            "title": row["title"],
            "kind": kind,
            "status": status,
            "host": host or None,
            "parties": parties,
            "start": start,
            "end": end,
        }
        writes.append(_agreement_writer(checker, fields))
    return writes


def _agreement_writer(checker: _Checker, fields: dict) -> Callable[[], bool]:
    def write() -> bool:
        agreement = checker.agreements.filter(title__iexact=fields["title"]).first()
        governance.save_agreement(agreement=agreement, partnership=checker.partnership, **fields)
        return agreement is None

    return write


def _check_contributions(checker: _Checker, rows) -> list[Callable[[], bool]]:
    agreements = {agreement.title.lower(): agreement for agreement in checker.agreements}
    writes = []
    keys = {}
    for number, row in rows:
        agreement = agreements.get(row["agreement"].lower())
        if agreement is None:
            checker.error(number, "agreement", f"No agreement called “{row['agreement']}”")
        organisation = checker.organisation(number, "organisation", row["organisation"])
        try:
            year = governance.read_financial_year(row["financial_year"])
        except governance.GovernanceError as error:
            checker.error(number, "financial_year", str(error))
            year = None
        amount = _amount(row["amount"])
        if amount is None:
            checker.error(number, "amount", "Enter the amount in pounds, like 250000")
        key = (row["agreement"].lower(), row["organisation"].lower(), year)
        if year and key in keys:
            checker.error(
                number, "financial_year", f"The same contribution is already on row {keys[key]}"
            )
        keys.setdefault(key, number)
        writes.append(_contribution_writer(agreement, organisation, year, amount))
    return writes


def _amount(text: str) -> Decimal | None:
    try:
        amount = Decimal(text.replace("£", "").replace(",", "").strip())
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 12:
        return None
    return amount.quantize(Decimal("0.01"))


def _contribution_writer(agreement, organisation, year, amount) -> Callable[[], bool]:
    def write() -> bool:
        created = not Contribution.objects.filter(
            Q(agreement=agreement) & Q(organisation=organisation) & Q(financial_year=year)
        ).exists()
        governance.set_contribution(
            agreement=agreement, organisation=organisation, financial_year=year, amount=amount
        )
        return created

    return write


CHECKERS = {
    "bodies": _check_bodies,
    "posts": _check_posts,
    "agreements": _check_agreements,
    "contributions": _check_contributions,
}


def import_file(*, what: str, name: str, content: bytes, partnership: Partnership) -> ImportResult:
    """Check every row of the file against ``partnership`` (its bodies, agreements, people and
    organisations); write them all in one transaction only if all are right."""
    try:
        rows = read_rows(name=name, content=content, what=what)
    except UnreadableFile as error:
        return ImportResult(errors=[str(error)])
    if not rows:
        return ImportResult(errors=["The file has no rows under its header"])
    checker = _Checker(partnership)
    writes = CHECKERS[what](checker, rows)
    if checker.errors:
        return ImportResult(errors=checker.errors)
    result = ImportResult()
    try:
        with transaction.atomic():
            for write in writes:
                created = write()
                if created is True:
                    result.created += 1
                elif created is False:
                    result.updated += 1
    except governance.GovernanceError as error:  # a rule only the write can see, like dates
        return ImportResult(errors=[str(error)])
    return result
