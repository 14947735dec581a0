from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.domain.plan import SpendPlan
from commissioning.domain.timescales import parse_timescale
from commissioning.finance import exports
from commissioning.finance import pot as count
from commissioning.finance.imports import SpendImportRefused, store_spend
from commissioning.finance.models import SpendLine, SpendShare


def plan(line, organisation, amount, *, year="2011/12", theme=None, outcome=None, **more):
    return SpendPlan(
        organisation=organisation,
        year=parse_timescale(year),
        amount=Decimal(amount),
        phase=more.pop("phase", "budget"),
        theme=theme,
        outcome=outcome,
        service=more.pop("service", "Services"),
        line=line,
        **more,
    )


def test_a_return_is_stored_with_split_rows_as_one_line(pot, partnership, people):
    lines = [
        plan(3, "NHS Brighton and Hove", "600", theme="Healthier", service="Weight"),
        plan(3, "NHS Brighton and Hove", "400", outcome="H2", service="Weight"),
        plan(4, "nhs brighton and hove", "250", theme="Safer", kind="prevention", location="C4"),
    ]
    result = store_spend(
        partnership=pot.home, lines=lines, user=people.contributor, source="NHS return"
    )
    assert result.lines == 2
    stored = SpendLine.objects.get(financial_year="2011/12", service="Weight")
    assert stored.amount == Decimal(1000) and stored.source == "NHS return"
    assert sorted(s.percent for s in stored.shares.all()) == [Decimal(40), Decimal(60)]
    assert stored.history.latest().history_user == people.contributor
    m = count.matrix(pot.home, year="2011/12", phase="budget")
    assert m.total == Decimal("1250.00")


def test_every_error_is_named_and_nothing_is_written(pot, partnership, people):
    before = SpendLine.objects.count()
    lines = [
        plan(2, "Nobody Trust", "1", theme="Safer", location="Sheet1!C2"),
        plan(3, "NHS Brighton and Hove", "1", year="March 2011", theme="Safer"),
        plan(4, "NHS Brighton and Hove", "1", outcome="Z9"),
        plan(5, "NHS Brighton and Hove", "1", phase="guess"),
        plan(6, "NHS Brighton and Hove", "5", theme="Safer"),
        plan(6, "NHS Brighton and Hove", "-5", theme="Healthier"),
        plan(7, "NHS Brighton and Hove", "1", theme="Safer"),
    ]
    with pytest.raises(SpendImportRefused) as refused:
        store_spend(partnership=pot.home, lines=lines, user=None, source="x")
    errors = refused.value.errors
    assert errors[0].startswith("line 2 (Sheet1!C2): 'Nobody Trust' is not a partner")
    assert any(e.startswith("line 3:") and "financial year" in e for e in errors)
    assert any(e.startswith("line 4:") and "Z9" in e for e in errors)
    assert any(e.startswith("line 5:") and "guess" in e for e in errors)
    assert any(e.startswith("line 6") for e in errors)
    assert len(errors) == 5
    assert SpendLine.objects.count() == before


def test_shares_given_in_a_file_must_add_up(pot):
    rows = [
        exports.ExportedSpend(
            **vars(plan(1, "NHS Brighton and Hove", "60", theme="Safer")),
            percent=Decimal(60),
            line_amount=Decimal(100),
        ),
        exports.ExportedSpend(
            **vars(plan(1, "NHS Brighton and Hove", "30", theme="Healthier")),
            percent=Decimal(30),
            line_amount=Decimal(100),
        ),
    ]
    with pytest.raises(SpendImportRefused, match="line 1: The shares add up to 90 %"):
        store_spend(partnership=pot.home, lines=rows, user=None, source="x")


def test_a_contributor_imports_only_their_own_organisations_lines(pot, partnership, people):
    with pytest.raises(SpendImportRefused, match="only your own organisation"):
        store_spend(
            partnership=pot.home,
            lines=[plan(1, partnership.council.name, "5", theme="Safer")],
            user=people.contributor,
            source="x",
        )
    with pytest.raises(SpendImportRefused, match="only your own organisation"):
        store_spend(
            partnership=pot.home,
            lines=[plan(1, partnership.nhs.name, "5", theme="Safer")],
            user=people.viewer,
            source="x",
        )


def test_a_new_return_replaces_the_partners_earlier_one(pot, partnership):
    lines = [plan(1, partnership.nhs.name, "5", year="2010/11", theme="Safer")]
    result = store_spend(partnership=pot.home, lines=lines, user=None, source="again")
    assert result.replaced == 1
    assert (
        SpendLine.objects.filter(organisation=partnership.nhs, financial_year="2010/11").count()
        == 1
    )
    assert SpendLine.objects.filter(organisation=partnership.council).count() == 3


def test_dry_run_writes_nothing(pot, partnership):
    before = SpendLine.objects.count()
    result = store_spend(
        partnership=pot.home,
        lines=[plan(1, partnership.nhs.name, "5", theme="Safer")],
        user=None,
        source="x",
        dry_run=True,
    )
    assert result.lines == 1 and SpendLine.objects.count() == before


def _snapshot(partnership):
    return sorted(
        (
            s.line.organisation_id,
            s.line.financial_year,
            s.line.phase,
            s.line.service,
            s.line.kind,
            s.line.amount,
            s.line.source,
            s.line.note,
            s.line.spending,
            s.line.cipfa_category,
            s.line.locally_controlled,
            s.line.pool_id,
            s.outcome_id or 0,
            s.theme,
            s.percent,
        )
        for s in SpendShare.objects.filter(line__partnership=partnership).select_related("line")
    )


def test_the_fiscal_data_package_imports_back_unchanged(pot, partnership, people):
    line = pot.lines.council_split
    line.cipfa_category, line.locally_controlled, line.note = "public_health", True, "=risky note"
    line.save()
    before = _snapshot(pot.home)
    data = exports.package(pot.home)
    import io
    import json
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        meta = json.loads(archive.read("datapackage.json"))
    assert meta["model"]["measures"]["amount"]["currency"] == "GBP"
    assert "phase" in meta["model"]["dimensions"]
    rows = exports.read_package(data)
    result = store_spend(partnership=pot.home, lines=rows, user=people.manager, source="round trip")
    assert result.replaced == 5 and result.lines == 5
    assert _snapshot(pot.home) == before


def test_the_csv_and_excel_downloads_open_again(pot, tmp_path):
    from openpyxl import load_workbook

    table = exports.rows(pot.home, year="2010/11")
    path = tmp_path / "pot.xlsx"
    path.write_bytes(exports.to_xlsx(table))
    sheet = load_workbook(path).active
    assert [c.value for c in next(sheet.iter_rows())] == exports.COLUMNS
    assert len(list(sheet.iter_rows())) == len(table)
    assert len(exports.read_csv(exports.to_csv(table))) == len(table) - 1


def test_the_command_refuses_a_file_without_spend(pot, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Action,Timescale,Responsibility\nDo it,April 2010,BHCC\n")
    with pytest.raises(CommandError, match="no spend table|no partnership"):
        call_command("import_spend", str(path), "--partnership", pot.home.slug)
    with pytest.raises(CommandError, match="no partnership"):
        call_command("import_spend", str(path), "--partnership", "nowhere")


def test_the_command_as_a_user_sees_only_their_partnerships(pot, people, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Action,Timescale,Responsibility\nDo it,April 2010,BHCC\n")
    with pytest.raises(CommandError, match="no partnership"):
        call_command(
            "import_spend", str(path), "--partnership", pot.home.slug, "--user", "surrey-officer"
        )
    with pytest.raises(CommandError, match="no user"):
        call_command("import_spend", str(path), "--partnership", pot.home.slug, "--user", "nobody")


@pytest.mark.django_db
def test_a_total_pot_file_is_read_and_stored_end_to_end(samples_dir, capsys):
    """The spend recogniser's lines go straight into the count, bad cells listed, not stored."""
    from commissioning.programmes.tests.factories import OrganisationFactory, PartnershipFactory

    council = OrganisationFactory(name="Hovewell Council")
    partnership = PartnershipFactory(slug="hovewell-pot", lead_organisation=council)
    for name in ("NHS Hovewell", "Hovewell Police", "Hovewell Fire"):
        partnership.partners.add(OrganisationFactory(name=name))

    call_command(
        "import_spend", str(samples_dir / "figures" / "total-pot-long.csv"),
        "--partnership", "hovewell-pot",
    )  # fmt: skip

    lines = SpendLine.objects.filter(partnership=partnership).order_by("amount")
    assert [(line.organisation.name, line.amount) for line in lines] == [
        ("Hovewell Police", -45000),
        ("Hovewell Council", 1234000),
        ("NHS Hovewell", 2300000),
    ]
    said = capsys.readouterr().out
    assert "'2009' is not a financial year" in said and "'lots' is not an amount" in said
