"""The count as CSV, Excel and a Fiscal Data Package, and the package read back.

One row per share of a line: the line's number in the file, its partner, year, phase,
service, kind…, the theme or outcome of the share, the share's per cent, its part of the
amount and the whole line's amount. Reading a file back (``read_package`` or ``read_csv``)
gives ``ExportedSpend`` rows that ``imports.store_spend`` stores as the same lines: the
export imports back unchanged.

A Fiscal Data Package (https://specs.frictionlessdata.io/fiscal-data-package/) is the CSV
with a ``datapackage.json`` beside it saying which column is the money (a measure in GBP,
expenditure) and which are its dimensions (partner, financial year, phase, theme, outcome,
service, kind), so open-spending tools can open it. Both go in one zip.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from commissioning.core.spreadsheets import neutralise, restore
from commissioning.domain.plan import SpendPlan
from commissioning.domain.timescales import parse_timescale
from commissioning.finance.models import SpendShare
from commissioning.partnership.models import Partnership

COLUMNS = [
    "line",
    "partner",
    "financial_year",
    "phase",
    "service",
    "cipfa_category",
    "kind",
    "spending",
    "locally_controlled",
    "pool",
    "theme",
    "outcome",
    "share_percent",
    "amount",
    "line_amount",
    "source",
    "note",
]
CSV_NAME = "spend.csv"


class PackageError(ValueError):
    """A file that is not one of our spend exports; the message says where."""


@dataclass
class ExportedSpend(SpendPlan):
    """A row of our own export: a spend plan with what the recognisers do not read."""

    percent: Decimal | None = None
    line_amount: Decimal | None = None
    cipfa_category: str = ""
    locally_controlled: bool | None = None
    pool: str | None = None
    source: str | None = None


def rows(partnership: Partnership, *, year: str | None = None) -> list[list]:
    """The header and one row per share of the partnership's lines (of ``year`` if given)."""
    shares = (
        SpendShare.objects.filter(line__partnership=partnership)
        .select_related("line__organisation", "line__pool", "outcome")
        .order_by("line__financial_year", "line__organisation__name", "line_id", "id")
    )
    if year:
        shares = shares.filter(line__financial_year=year)
    out = [COLUMNS]
    numbers: dict[int, int] = {}
    for share in shares:
        line = share.line
        number = numbers.setdefault(line.pk, len(numbers) + 1)
        part = (line.amount * share.percent / 100).quantize(Decimal("0.01"))
        out.append(
            [
                number,
                line.organisation.name,
                line.financial_year,
                line.phase,
                line.service,
                line.cipfa_category,
                line.kind,
                line.spending,
                ""
                if line.locally_controlled is None
                else ("yes" if line.locally_controlled else "no"),
                line.pool.title if line.pool else "",
                share.theme,
                (share.outcome.code or share.outcome.title) if share.outcome else "",
                _plain(share.percent),
                _plain(part),
                _plain(line.amount),
                line.source,
                line.note,
            ]
        )
    return out


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def to_csv(table: list[list]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [[neutralise(cell) for cell in row] for row in table]
    )
    return out.getvalue()


def to_xlsx(table: list[list], title: str = "Total pot") -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    numeric = {COLUMNS.index(name) for name in ("share_percent", "amount", "line_amount")}
    for index, row in enumerate(table):
        cells = [
            Decimal(cell) if index and column in numeric else neutralise(cell)
            for column, cell in enumerate(row)
        ]
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def descriptor(partnership: Partnership, *, year: str | None = None) -> dict:
    """The ``datapackage.json`` of the count: measures, dimensions, currency GBP and phase."""
    string = {"type": "string"}
    fields = [
        {"name": "line", "type": "integer", "description": "The spend line's number in the file"},
        {"name": "partner", **string, "description": "The organisation whose money it is"},
        {"name": "financial_year", **string, "description": "UK financial year, e.g. 2010/11"},
        {
            "name": "phase",
            **string,
            "constraints": {"enum": ["budget", "forecast", "outturn"]},
            "description": "budget (approved), forecast (adjusted) or outturn (executed)",
        },
        {"name": "service", **string},
        {"name": "cipfa_category", **string},
        {
            "name": "kind",
            **string,
            "constraints": {"enum": ["prevention", "treatment", "benefits", "other"]},
        },
        {"name": "spending", **string, "constraints": {"enum": ["revenue", "capital"]}},
        {"name": "locally_controlled", **string},
        {"name": "pool", **string, "description": "The pooled budget it is paid into"},
        {"name": "theme", **string},
        {"name": "outcome", **string, "description": "The outcome's code, else its title"},
        {"name": "share_percent", "type": "number", "description": "Per cent of the line"},
        {"name": "amount", "type": "number", "description": "This share's part, in pounds"},
        {"name": "line_amount", "type": "number", "description": "The whole line, in pounds"},
        {"name": "source", **string},
        {"name": "note", **string},
    ]

    def attribute(source):
        return {"attributes": {source: {"source": source}}, "primaryKey": source}

    return {
        "name": f"{partnership.slug}-total-pot" + (f"-{year.replace('/', '-')}" if year else ""),
        "title": f"{partnership.name}: the total pot" + (f", {year}" if year else ""),
        "profile": "fiscal-data-package",
        "countryCode": "GB",
        "resources": [
            {
                "name": "spend",
                "path": CSV_NAME,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {"fields": fields},
            }
        ],
        "model": {
            "measures": {
                "amount": {
                    "source": "amount",
                    "currency": "GBP",
                    "factor": 1,
                    "direction": "expenditure",
                }
            },
            "dimensions": {
                "partner": {"dimensionType": "entity", **attribute("partner")},
                "financial_year": {"dimensionType": "datetime", **attribute("financial_year")},
                "phase": {"dimensionType": "other", **attribute("phase")},
                "theme": {"dimensionType": "classification", **attribute("theme")},
                "outcome": {"dimensionType": "classification", **attribute("outcome")},
                "service": {"dimensionType": "activity", **attribute("service")},
                "kind": {"dimensionType": "classification", **attribute("kind")},
                "spending": {"dimensionType": "classification", **attribute("spending")},
                "pool": {"dimensionType": "other", **attribute("pool")},
            },
        },
    }


def package(partnership: Partnership, *, year: str | None = None) -> bytes:
    """A zip of ``datapackage.json`` and the CSV it describes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "datapackage.json", json.dumps(descriptor(partnership, year=year), indent=2)
        )
        archive.writestr(CSV_NAME, to_csv(rows(partnership, year=year)))
    return out.getvalue()


def read_package(data: bytes, filename: str = "package.zip") -> list[ExportedSpend]:
    """The rows of a Fiscal Data Package zip made by ``package``; PackageError otherwise."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            meta = json.loads(archive.read("datapackage.json"))
            resource = meta["resources"][0]
            measure = meta["model"]["measures"]["amount"]
            if measure.get("currency") != "GBP":
                raise PackageError(f"{filename}: the amounts are not in GBP")
            text = archive.read(resource["path"]).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, IndexError, json.JSONDecodeError) as error:
        raise PackageError(f"{filename}: not a spend data package ({error})") from error
    return read_csv(text, filename=resource["path"])


def read_csv(text: str, *, filename: str = CSV_NAME) -> list[ExportedSpend]:
    """The rows of a spend CSV made by ``to_csv``; PackageError naming the row otherwise."""
    reader = csv.DictReader(io.StringIO(text))
    missing = set(COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise PackageError(f"{filename}: no column {', '.join(sorted(missing))}")
    out = []
    for number, row in enumerate(reader, start=2):
        row = {key: restore(value or "") for key, value in row.items()}
        where = f"{filename}, row {number}"
        try:
            amount = Decimal(row["amount"])
            percent = Decimal(row["share_percent"])
            line_amount = Decimal(row["line_amount"])
            line = int(row["line"])
        except (InvalidOperation, ValueError) as error:
            raise PackageError(f"{where}: a number cannot be read") from error
        local = {"yes": True, "no": False}.get(row["locally_controlled"].strip().lower())
        out.append(
            ExportedSpend(
                organisation=row["partner"] or None,
                year=parse_timescale(row["financial_year"]),
                amount=amount,
                phase=row["phase"] or None,
                theme=row["theme"] or None,
                outcome=row["outcome"] or None,
                service=row["service"] or None,
                line=line,
                kind=row["kind"] or None,
                capital=row["spending"] == "capital",
                note=row["note"] or None,
                location=f"row {number}",
                percent=percent,
                line_amount=line_amount,
                cipfa_category=row["cipfa_category"],
                locally_controlled=local,
                pool=row["pool"] or None,
                source=row["source"],
            )
        )
    return out
