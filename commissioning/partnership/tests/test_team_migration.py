"""Existing teams move into partnerships without losing a row: a team whose actions are in two
partnerships becomes one team in each, each partnership's actions pointing at its own; and
remembered column choices go to the partnership they were chosen in."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("partnership", "0006_lock_version_guards_governance_edits"),
    ("plans", "0001_remember_column_layouts"),
    ("programmes", "0009_programme_partnership_required"),
]
AFTER = [
    ("partnership", "0007_team_names_unique_per_partnership"),
    ("plans", "0002_column_layouts_per_partnership"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_a_team_shared_by_two_partnerships_becomes_one_team_in_each(old_apps):
    Organisation = old_apps.get_model("partnership", "Organisation")
    Partnership = old_apps.get_model("partnership", "Partnership")
    Person = old_apps.get_model("partnership", "Person")
    Team = old_apps.get_model("partnership", "Team")
    Programme = old_apps.get_model("programmes", "Programme")
    Action = old_apps.get_model("programmes", "Action")
    ActionOwner = old_apps.get_model("programmes", "ActionOwner")
    ColumnLayout = old_apps.get_model("plans", "ColumnLayout")
    brighton = Organisation.objects.create(name="Brighton & Hove City Council")
    surrey = Organisation.objects.create(name="Surrey County Council")
    home = Partnership.objects.create(name="Home", slug="home", lead_organisation=brighton)
    away = Partnership.objects.create(name="Away", slug="away", lead_organisation=surrey)
    ours = Programme.objects.create(
        name="Ours", slug="ours", lead_organisation=brighton, partnership=home
    )
    theirs = Programme.objects.create(
        name="Theirs", slug="theirs", lead_organisation=surrey, partnership=away
    )
    shared = Team.objects.create(name="Commissioning Team")
    member = Person.objects.create(name="Jane Smith", organisation=brighton)
    shared.members.add(member)
    owners = {}
    for programme in (ours, theirs):
        action = Action.objects.create(programme=programme, title=f"{programme.name}'s action")
        owners[programme.slug] = ActionOwner.objects.create(
            action=action, name="Commissioning Team", kind="team", team=shared
        )
    by_organisation = Team.objects.create(name="Estates", organisation=surrey)
    nowhere = Team.objects.create(name="Nobody's team")
    ColumnLayout.objects.create(layout="Thing | Whose", choices={"Thing": "title"})

    new_apps = migrate(AFTER)

    Team = new_apps.get_model("partnership", "Team")
    ActionOwner = new_apps.get_model("programmes", "ActionOwner")
    ColumnLayout = new_apps.get_model("plans", "ColumnLayout")
    teams = Team.objects.filter(name="Commissioning Team").order_by("pk")
    assert [team.partnership_id for team in teams] == [home.pk, away.pk]
    assert ActionOwner.objects.get(pk=owners["ours"].pk).team_id == shared.pk
    copy = teams[1]
    assert ActionOwner.objects.get(pk=owners["theirs"].pk).team_id == copy.pk
    assert list(copy.members.values_list("name", flat=True)) == ["Jane Smith"]
    assert Team.objects.get(pk=by_organisation.pk).partnership_id == away.pk
    assert Team.objects.get(pk=nowhere.pk).partnership_id is None
    # Two partnerships: a layout whose chooser is unknown applies to neither.
    assert ColumnLayout.objects.get().partnership_id is None
