"""The count: every total the pot pages, the API, the exports and the board section show.

All the adding up is done by the database: each figure comes from one ``GROUP BY`` over the
lines' shares (``SUM(amount × percent / 100)``), so a matrix costs the same few queries
whether the pot has ten lines or two hundred thousand. Python only arranges the grouped
totals (one per partner × theme) into rows and columns.

``as_of`` rebuilds the pot from history: each line and share as its latest version recorded
on or before that day stood (deleted ones left out).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from commissioning.domain import financial_years
from commissioning.finance.models import Kind, Phase, Population, SpendLine, SpendShare
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import Organisation, Partnership

PENCE = Decimal("0.01")
HUNDRED = Decimal(100)
NOT_ASSIGNED = "Not assigned"
MONEY = DecimalField(max_digits=24, decimal_places=4)
# Names a grouping may use, and the annotated column each stands for.
DIMENSIONS = {
    "partner": "organisation",
    "theme": "theme_key",
    "outcome": "outcome_id",
    "kind": "kind",
    "year": "year",
    "phase": "phase",
    "service": "service",
    "spending": "spending",
    "pool": "pool",
}


def pounds(value) -> Decimal:
    return Decimal(value or 0).quantize(PENCE, rounding=ROUND_HALF_UP)


def share_rows(partnership: Partnership, as_of: dt.date | None = None) -> QuerySet:
    """Every share of the partnership's lines, with its line's figures beside it."""
    if as_of is None:
        rows = SpendShare.objects.filter(line__partnership=partnership).annotate(
            organisation=F("line__organisation_id"),
            year=F("line__financial_year"),
            phase=F("line__phase"),
            kind=F("line__kind"),
            service=F("line__service"),
            spending=F("line__spending"),
            pool=F("line__pool_id"),
            amount=F("line__amount"),
        )
    else:
        lines = _latest(SpendLine.history.model, as_of).filter(partnership_id=partnership.pk)
        line = lines.filter(id=OuterRef("line_id"))
        rows = (
            _latest(SpendShare.history.model, as_of)
            .annotate(
                in_partnership=Subquery(line.values("partnership_id")),
                organisation=Subquery(line.values("organisation_id")),
                year=Subquery(line.values("financial_year")),
                phase=Subquery(line.values("phase")),
                kind=Subquery(line.values("kind")),
                service=Subquery(line.values("service")),
                spending=Subquery(line.values("spending")),
                pool=Subquery(line.values("pool_id")),
                amount=Subquery(line.values("amount")),
            )
            .filter(in_partnership=partnership.pk)
        )
    return rows.annotate(
        theme_key=Coalesce(
            NullIf(F("theme"), Value("")),
            NullIf(F("outcome__theme"), Value("")),
            Value(""),
            output_field=CharField(),
        ),
        part=ExpressionWrapper(F("amount") * F("percent") / HUNDRED, output_field=MONEY),
    )


def _latest(history_model, as_of: dt.date) -> QuerySet:
    """The latest version of each row recorded by the end of ``as_of``, unless deleted."""
    end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
    newest = (
        history_model.objects.filter(history_date__lt=end)
        .values("id")
        .annotate(newest=Max("history_id"))
        .values("newest")
    )
    return history_model.objects.filter(history_id__in=newest).exclude(history_type="-")


def grouped(
    partnership: Partnership, *, by: tuple[str, ...], as_of: dt.date | None = None, **filters
) -> list[dict]:
    """Totals grouped by the named dimensions: [{"partner": id, "theme": "…", "total": £}]."""
    columns = [DIMENSIONS[name] for name in by]
    rows = (
        share_rows(partnership, as_of)
        .filter(**filters)
        .values(*columns)
        .annotate(total=Sum("part", output_field=MONEY))
        .order_by(*columns)
    )
    return [
        {**{name: row[DIMENSIONS[name]] for name in by}, "total": pounds(row["total"])}
        for row in rows
    ]


def years(partnership: Partnership) -> list[str]:
    """The financial years the pot has lines for, oldest first."""
    found = SpendLine.objects.filter(partnership=partnership).values_list(
        "financial_year", flat=True
    )
    return sorted(set(found.distinct().order_by()))


def phases_of(partnership: Partnership, year: str) -> list[str]:
    found = set(
        SpendLine.objects.filter(partnership=partnership, financial_year=year)
        .values_list("phase", flat=True)
        .distinct()
        .order_by()
    )
    return [phase for phase in Phase.values if phase in found]


def best_phase(available: list[str]) -> str:
    """The most final phase a year has: outturn, else forecast, else budget."""
    for phase in (Phase.OUTTURN, Phase.FORECAST, Phase.BUDGET):
        if phase in available:
            return phase
    return Phase.BUDGET


# --- The matrix ------------------------------------------------------------------------------


@dataclass
class Column:
    key: object
    label: str
    total: Decimal = Decimal(0)
    share: Decimal | None = None  # of the whole pot, per cent
    per_head: Decimal | None = None
    previous: Decimal | None = None
    url_key: str = ""

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.total - self.previous


@dataclass
class Row:
    key: int
    label: str
    cells: list[Decimal]
    total: Decimal
    share: Decimal | None
    per_head: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.total - self.previous


@dataclass
class Matrix:
    year: str
    phase: str
    by: str
    rows: list[Row]
    columns: list[Column]
    total: Decimal
    population: int | None
    previous_year: str
    previous_total: Decimal | None
    split: list[dict] = field(default_factory=list)

    @property
    def per_head(self) -> Decimal | None:
        return per_head(self.total, self.population)

    @property
    def change(self) -> Decimal | None:
        return None if self.previous_total is None else self.total - self.previous_total

    @property
    def empty(self) -> bool:
        return not self.rows


def per_head(total: Decimal, population: int | None) -> Decimal | None:
    return pounds(total / population) if population else None


def percent_of(part: Decimal, whole_: Decimal) -> Decimal | None:
    return (part * HUNDRED / whole_).quantize(Decimal("0.1")) if whole_ else None


def column_labels(by: str, keys) -> dict:
    """What each column key of a grouping is called."""
    if by == "outcome":
        outcomes = Outcome.objects.filter(pk__in=[k for k in keys if k]).only("code", "title")
        labels = {outcome.pk: str(outcome) for outcome in outcomes}
        return {key: labels.get(key, NOT_ASSIGNED) for key in keys}
    return {key: key or NOT_ASSIGNED for key in keys}


def populations(partnership: Partnership) -> dict[str, int]:
    return dict(
        Population.objects.filter(partnership=partnership).values_list("financial_year", "people")
    )


def matrix(
    partnership: Partnership,
    *,
    year: str,
    phase: str,
    by: str = "theme",
    as_of: dt.date | None = None,
) -> Matrix:
    """Partners × themes (or outcomes) for one year and phase, with totals both ways, per
    head, share of the whole and the change from the previous year (same phase)."""
    dimension = "outcome" if by == "outcome" else "theme"
    # One GROUP BY gives the cells and the kind split: partner × column × kind.
    detailed = grouped(
        partnership, by=("partner", dimension, "kind"), as_of=as_of, year=year, phase=phase
    )
    merged: dict[tuple, Decimal] = {}
    for row in detailed:
        key = (row["partner"], row[dimension])
        merged[key] = merged.get(key, Decimal(0)) + row["total"]
    cells = [
        {"partner": partner, dimension: column, "total": total}
        for (partner, column), total in merged.items()
    ]
    previous_year = financial_years.previous(year)
    before = grouped(
        partnership, by=("partner", dimension), as_of=as_of, year=previous_year, phase=phase
    )
    people = populations(partnership)
    population = people.get(year)
    # Partners and columns of either year, so every change adds up to the total's change.
    keys = sorted(
        {c[dimension] for c in cells} | {c[dimension] for c in before},
        key=lambda k: (k in ("", None), str(k)),
    )
    labels = column_labels(dimension, keys)
    partner_ids = sorted({c["partner"] for c in cells} | {c["partner"] for c in before})
    names = dict(Organisation.objects.filter(pk__in=partner_ids).values_list("pk", "name"))
    table = {(c["partner"], c[dimension]): c["total"] for c in cells}
    total = sum((c["total"] for c in cells), Decimal(0))
    previous_by_partner: dict[int, Decimal] = {}
    previous_by_column: dict[object, Decimal] = {}
    for c in before:
        previous_by_partner[c["partner"]] = previous_by_partner.get(c["partner"], 0) + c["total"]
        previous_by_column[c[dimension]] = previous_by_column.get(c[dimension], 0) + c["total"]
    had_previous = bool(before)
    columns = []
    for key in keys:
        column_total = sum((table.get((p, key), Decimal(0)) for p in partner_ids), Decimal(0))
        columns.append(
            Column(
                key=key,
                label=labels[key],
                total=column_total,
                share=percent_of(column_total, total),
                per_head=per_head(column_total, population),
                previous=previous_by_column.get(key, Decimal(0)) if had_previous else None,
                url_key=str(key or ""),
            )
        )
    rows = []
    for partner in sorted(partner_ids, key=lambda p: names.get(p, "").lower()):
        row_cells = [table.get((partner, key), Decimal(0)) for key in keys]
        row_total = sum(row_cells, Decimal(0))
        rows.append(
            Row(
                key=partner,
                label=names.get(partner, ""),
                cells=row_cells,
                total=row_total,
                share=percent_of(row_total, total),
                per_head=per_head(row_total, population),
                previous=previous_by_partner.get(partner, Decimal(0)) if had_previous else None,
            )
        )
    result = Matrix(
        year=year,
        phase=phase,
        by=dimension,
        rows=rows,
        columns=columns,
        total=total,
        population=population,
        previous_year=previous_year,
        previous_total=sum((c["total"] for c in before), Decimal(0)) if had_previous else None,
    )
    result.split = _split(detailed, dimension)
    for entry in result.split:
        entry["label"] = labels.get(entry["key"], entry["key"] or NOT_ASSIGNED)
    return result


def kind_split(
    partnership: Partnership, *, year: str, phase: str, by: str = "theme", as_of=None
) -> list[dict]:
    """Per theme (or outcome): how much is prevention, treatment, benefits and other."""
    return _split(grouped(partnership, by=(by, "kind"), as_of=as_of, year=year, phase=phase), by)


def _split(rows: list[dict], by: str) -> list[dict]:
    """Grouped totals with a ``kind`` (and perhaps other keys) summed per ``by`` and kind."""
    split: dict[object, dict] = {}
    for row in rows:
        entry = split.setdefault(row[by], {"key": row[by], "total": Decimal(0), "kinds": {}})
        entry["kinds"][row["kind"]] = entry["kinds"].get(row["kind"], Decimal(0)) + row["total"]
        entry["total"] += row["total"]
    out = []
    for entry in split.values():
        entry["cells"] = [
            {
                "kind": kind,
                "label": label,
                "amount": entry["kinds"].get(kind, Decimal(0)),
                "share": percent_of(entry["kinds"].get(kind, Decimal(0)), entry["total"]),
            }
            for kind, label in Kind.choices
        ]
        out.append(entry)
    return sorted(out, key=lambda e: (e["key"] in ("", None), str(e["key"])))


# --- Comparisons -----------------------------------------------------------------------------


@dataclass
class Comparison:
    left: str
    right: str
    rows: list[dict]
    left_total: Decimal
    right_total: Decimal

    @property
    def variance(self) -> Decimal:
        return self.right_total - self.left_total

    @property
    def variance_percent(self) -> Decimal | None:
        return percent_of(self.variance, self.left_total)


def compare(
    partnership: Partnership,
    *,
    by: str,
    left: dict,
    right: dict,
    left_label: str,
    right_label: str,
) -> Comparison:
    """Totals by ``by`` (partner, theme or outcome) for two selections (year and phase),
    with the variance of the right from the left."""
    a = {row[by]: row["total"] for row in grouped(partnership, by=(by,), **left)}
    b = {row[by]: row["total"] for row in grouped(partnership, by=(by,), **right)}
    keys = set(a) | set(b)
    if by == "partner":
        names = dict(Organisation.objects.filter(pk__in=keys).values_list("pk", "name"))
    else:
        names = column_labels(by, keys)
    rows = []
    for key in sorted(keys, key=lambda k: (k in ("", None), str(names.get(k, k)).lower())):
        left_value, right_value = a.get(key, Decimal(0)), b.get(key, Decimal(0))
        rows.append(
            {
                "key": key,
                "label": names.get(key) or NOT_ASSIGNED,
                "left": left_value,
                "right": right_value,
                "variance": right_value - left_value,
                "variance_percent": percent_of(right_value - left_value, left_value),
            }
        )
    return Comparison(
        left=left_label,
        right=right_label,
        rows=rows,
        left_total=sum(a.values(), Decimal(0)),
        right_total=sum(b.values(), Decimal(0)),
    )
