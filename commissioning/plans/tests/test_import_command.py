"""``commissioning import``: dry runs, real imports, re-imports and bad input."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.partnership.models import Person, Team
from commissioning.plans import loader
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    ImportRun,
    Programme,
    ProgressUpdate,
    Stage,
)

MILESTONES = "milestones-and-deliverables.txt"
ACTION_PLAN = "commissioning-action-plan.txt"


@pytest.fixture(autouse=True)
def home(db):
    """The one partnership new programmes go into."""
    from commissioning.programmes.tests.factories import PartnershipFactory

    return PartnershipFactory()


def run_import(*args: str) -> str:
    out = io.StringIO()
    call_command("import", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every row the importer could touch, history included, to show nothing changed."""
    models = [Programme, Stage, Deliverable, Action, ActionOwner, ProgressUpdate, Person, Team]
    counts = {model.__name__: model.objects.count() for model in models}
    for model in [Stage, Deliverable, Action, ActionOwner]:
        counts[f"history:{model.__name__}"] = model.history.count()
    counts["updates"] = sorted(ProgressUpdate.objects.values_list("text", "as_of_text"))
    return counts


@pytest.mark.django_db
def test_dry_run_prints_the_plan_as_json_and_writes_nothing(seeds_dir):
    payload = json.loads(run_import(str(seeds_dir / ACTION_PLAN), "--dry-run", "--format", "json"))

    assert payload["as_of"] == {
        "text": "March 2008",
        "start": "2008-03-01",
        "end": "2008-03-31",
        "precision": "month",
    }
    assert len(payload["actions"]) == 9
    first = payload["actions"][0]
    assert set(first) >= {
        "ref",
        "title",
        "timescale",
        "owners",
        "progress",
        "status",
        "status_suggested",
        "rag",
        "line",
    }
    assert first["timescale"]["end"] == "2008-04-30"
    assert [o["name"] for o in first["owners"]] == ["John Bennett", "Sue Lightup", "Dwayne Johnson"]
    assert set(payload) >= {"title", "as_of", "stages", "actions", "warnings"}
    assert Programme.objects.count() == 0
    assert ImportRun.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_of_the_milestone_plan_shows_stages_and_deliverables(seeds_dir):
    payload = json.loads(run_import(str(seeds_dir / MILESTONES), "--dry-run", "--format", "json"))

    assert payload["title"] == "Milestones and Deliverables"
    assert [s["code"] for s in payload["stages"]] == ["T1", "T2", "T3"]
    t1 = payload["stages"][0]
    assert t1["due"]["end"] == "2010-06-01"
    assert t1["deliverables"][1]["text"] == "Determined the structure of the:"
    assert len(t1["deliverables"][1]["children"]) == 3
    assert {w["line"] for w in payload["warnings"]} >= {8, 9}
    assert Stage.objects.count() == 0


@pytest.mark.django_db
def test_text_output_names_stages_actions_and_warnings(seeds_dir):
    text = run_import(str(seeds_dir / MILESTONES), "--dry-run")

    assert "Stage T1: Plans and proposed structures ready" in text
    assert "Warning, line 8" in text
    assert "Dry run: nothing written" in text


@pytest.mark.django_db
def test_import_writes_the_action_plan_with_owners_progress_and_a_run(seeds_dir, manager):
    run_import(str(seeds_dir / ACTION_PLAN), "--programme", "Demo", "--user", "manager")

    programme = Programme.objects.get(name="Demo")
    actions = list(programme.actions.order_by("order"))
    assert len(actions) == 9
    assert [o.person.name for o in actions[0].owners.order_by("order")] == [
        "John Bennett",
        "Sue Lightup",
        "Dwayne Johnson",
    ]
    assert actions[2].owners.get().team.name == "Commissioning Teams"
    assert [a.status for a in actions] == [
        "complete",
        "in_progress",
        "in_progress",
        "complete",
        "in_progress",
        "in_progress",
        "in_progress",
        "not_started",
        "not_started",
    ]
    assert all(a.status_suggested for a in actions)
    update = actions[0].updates.get()
    assert (update.text, update.as_of_text, str(update.as_of_end)) == (
        "Completed",
        "March 2008",
        "2008-03-31",
    )
    assert update.status_suggested and update.author == manager
    run = ImportRun.objects.get()
    assert run.user == manager and run.file_name == ACTION_PLAN and len(run.sha256) == 64
    assert run.counts["actions_created"] == 9
    assert run.counts["progress_updates_created"] == 7
    assert actions[0].history.get().history_user == manager


@pytest.mark.django_db
def test_import_writes_stages_and_nested_deliverables(seeds_dir):
    run_import(str(seeds_dir / MILESTONES), "--programme", "Demo")

    t1, t2, t3 = Stage.objects.order_by("order")
    assert (t1.code, t1.title, str(t1.timescale_end)) == (
        "T1",
        "Plans and proposed structures ready",
        "2010-06-01",
    )
    assert t1.deliverables.filter(scope="internal", parent=None).count() == 11
    assert t1.deliverables.filter(scope="external").count() == 3
    parent = t1.deliverables.get(text="Determined the structure of the:")
    assert parent.children.count() == 3
    assert (t2.deliverables.filter(scope="internal").count(), str(t2.timescale_end)) == (
        10,
        "2010-11-30",
    )
    assert (str(t3.timescale_start), str(t3.timescale_end)) == ("2011-06-01", "2011-06-30")
    assert not t3.deliverables.filter(text__in=["ed", "the"]).exists()
    warnings = ImportRun.objects.get().warnings
    assert {w["line"] for w in warnings} >= {8, 9}


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing(seeds_dir):
    for name in (MILESTONES, ACTION_PLAN):
        run_import(str(seeds_dir / name), "--programme", "Demo")
    before = snapshot()

    for name in (MILESTONES, ACTION_PLAN):
        run_import(str(seeds_dir / name), "--programme", "Demo")

    assert snapshot() == before
    assert all(not run.counts for run in ImportRun.objects.all()[:2])


@pytest.mark.django_db
def test_a_later_version_adds_progress_as_of_the_new_month_and_keeps_the_old(seeds_dir, tmp_path):
    original = (seeds_dir / ACTION_PLAN).read_text(encoding="utf-8")
    run_import(str(seeds_dir / ACTION_PLAN), "--programme", "Demo")
    later = original.replace("March 2008", "May 2008").replace(
        "Workshop being organised", "Workshop held"
    )
    path = tmp_path / "action-plan-may.txt"
    path.write_text(later, encoding="utf-8")

    run_import(str(path), "--programme", "Demo")

    action = Action.objects.get(title__startswith="Shared bi-monthly learning")
    history = list(action.updates.values_list("as_of_text", "text", "status"))
    assert history == [
        ("May 2008", "Workshop held", "complete"),
        ("March 2008", "Workshop being organised", "in_progress"),
    ]
    assert action.status == "complete"
    assert Action.objects.count() == 9
    assert ProgressUpdate.objects.count() == 14


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": ("plan.txt", b""),
        "binary": ("plan.txt", bytes(range(256)) * 4),
        "corrupt xlsx": ("plan.xlsx", b"PK\x03\x04 this is not a workbook"),
        "junk docx": ("plan.docx", _zip_of_junk()),
        "no table": ("notes.txt", b"Just some notes\n\nNothing that looks like a plan.\n"),
    }
    paths = {}
    for label, (name, data) in files.items():
        path = tmp_path / label.replace(" ", "-") / name
        path.parent.mkdir()
        path.write_bytes(data)
        paths[label] = path
    return paths


def _zip_of_junk() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("junk.bin", b"\x00\x01 nothing here")
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["empty", "binary", "corrupt xlsx", "junk docx", "no table"])
def test_bad_input_exits_2_naming_the_file_and_leaves_the_database_untouched(
    label, seeds_dir, tmp_path
):
    run_import(str(seeds_dir / ACTION_PLAN), "--programme", "Demo")
    before = snapshot()
    path = _bad_files(tmp_path)[label]

    with pytest.raises(CommandError) as raised:
        run_import(str(path), "--programme", "Demo")

    assert raised.value.returncode == 2
    assert path.name in str(raised.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_failure_part_way_through_writes_nothing(seeds_dir, monkeypatch):
    insert_rows = loader.insert_rows

    def fail(model, *args, **kwargs):
        if model is ProgressUpdate:  # after the actions and owners are written
            raise RuntimeError("disk full")
        return insert_rows(model, *args, **kwargs)

    monkeypatch.setattr(loader, "insert_rows", fail)

    with pytest.raises(RuntimeError):
        run_import(str(seeds_dir / ACTION_PLAN), "--programme", "Demo")

    assert (Programme.objects.count(), Action.objects.count(), ImportRun.objects.count()) == (
        0,
        0,
        0,
    )


def test_the_console_script_exits_2_with_a_message_naming_the_file(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    script = Path(sys.executable).with_name("commissioning")
    env = {**os.environ, "COMMISSIONING_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # a dry run reads the file only: no database is needed

    result = subprocess.run(
        [str(script), "import", str(empty), "--dry-run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert result.returncode == 2
    assert "empty.csv" in result.stderr


@pytest.mark.django_db
def test_dry_run_json_lists_the_outcomes_of_a_framework_table(tmp_path):
    framework = tmp_path / "outcomes-framework.csv"
    framework.write_text(
        "Theme,Outcome,Sub-outcome,Code,Level\n"
        "Healthy lives,People live longer in good health,,HL1,Population result\n"
        ",,Fewer people smoke,HL1.1,Intermediate outcome\n"
    )

    payload = json.loads(run_import(str(framework), "--dry-run", "--format", "json"))

    assert payload["outcomes"] == [
        {"code": "HL1", "title": "People live longer in good health",
         "level": "population_result", "theme": "Healthy lives", "parent": None, "line": 2},
        {"code": "HL1.1", "title": "Fewer people smoke", "level": "intermediate_outcome",
         "theme": "Healthy lives", "parent": "HL1", "line": 3},
    ]  # fmt: skip
    assert payload["actions"] == [] and payload["dry_run"] is True
    assert Programme.objects.count() == 0


@pytest.mark.django_db
def test_a_real_import_of_an_outcomes_framework_is_refused_and_writes_nothing(tmp_path):
    framework = tmp_path / "outcomes-framework.csv"
    framework.write_text("Theme,Outcome\nHealthy lives,People live longer\n")

    with pytest.raises(CommandError) as refused:
        run_import(str(framework))

    assert "outcomes-framework.csv: this is an outcomes framework, not a plan" in str(refused.value)
    assert Programme.objects.count() == 0


@pytest.mark.django_db
def test_a_dry_run_of_indicator_and_spend_tables_prints_them(tmp_path, samples_dir):
    wide = samples_dir / "figures" / "council-plan-wide.csv"
    spend = samples_dir / "figures" / "total-pot-long.csv"

    indicators = json.loads(run_import(str(wide), "--dry-run", "--format", "json"))
    lines = json.loads(run_import(str(spend), "--dry-run", "--format", "json"))

    assert [i["code"] for i in indicators["indicators"]] == ["NI 8", "NI 39", "NI 16"]
    assert indicators["indicators"][1]["values"][-1]["target_text"] == "TBC"
    assert [line["amount"] for line in lines["spend"]] == ["1234000", "2300000", "-45000"]
    assert Programme.objects.count() == 0


@pytest.mark.django_db
def test_a_real_import_of_a_table_of_figures_points_to_its_own_command(samples_dir):
    with pytest.raises(CommandError) as refused:
        run_import(str(samples_dir / "figures" / "phof-long.csv"))

    assert "phof-long.csv: this is a table of indicator values, not a plan" in str(refused.value)
    assert "import_indicators" in str(refused.value)
    assert Programme.objects.count() == 0
