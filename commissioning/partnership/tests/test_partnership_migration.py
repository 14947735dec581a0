"""Existing data moves into partnerships: the demo's bodies (the Public Service Board too) go
to the demo partnership, and the outside council's rows to its own."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("partnership", "0003_people_and_programme_roles"), ("programmes", "0003_archive")]
AFTER = [
    ("partnership", "0005_partnership_required"),
    ("programmes", "0006_programme_partnership_required"),
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


def test_existing_rows_go_to_the_partnership_of_their_organisations(old_apps):
    Organisation = old_apps.get_model("partnership", "Organisation")
    Programme = old_apps.get_model("programmes", "Programme")
    Body = old_apps.get_model("partnership", "Body")
    HistoricalBody = old_apps.get_model("partnership", "HistoricalBody")
    Person = old_apps.get_model("partnership", "Person")
    Membership = old_apps.get_model("partnership", "Membership")
    Meeting = old_apps.get_model("partnership", "Meeting")
    Agreement = old_apps.get_model("partnership", "Agreement")
    council = Organisation.objects.create(name="Brighton & Hove City Council")
    nhs = Organisation.objects.create(name="NHS Brighton and Hove")
    police = Organisation.objects.create(name="Sussex Police")
    surrey = Organisation.objects.create(name="Surrey County Council")
    programme = Programme.objects.create(
        name="Intelligent Commissioning Programme", slug="ic", lead_organisation=council
    )
    programme.partners.add(nhs)
    Programme.objects.create(name="Surrey Together", slug="surrey", lead_organisation=surrey)
    cabinet = Body.objects.create(name="Cabinet", kind="cabinet", organisation=council)
    unit = Body.objects.create(name="Support units", kind="unit", parent=cabinet)
    board = Body.objects.create(name="Public Service Board", kind="partnership_board")
    HistoricalBody.objects.create(
        id=board.pk,
        name=board.name,
        kind=board.kind,
        order=0,
        description="",
        unit_type="",
        history_date="2010-03-01T00:00:00Z",
        history_type="+",
    )
    for organisation in (council, nhs, police):
        person = Person.objects.create(
            name=f"{organisation.name} member", organisation=organisation
        )
        Membership.objects.create(body=board, person=person, role_in_body="member")
    Meeting.objects.create(body=board, date=date(2010, 3, 30))
    surrey_board = Body.objects.create(name="Surrey Board", kind="board", organisation=surrey)
    section_75 = Agreement.objects.create(title="Section 75", kind="other", host=council)
    section_75.parties.add(council, police)
    heads = Agreement.objects.create(title="Heads of agreement", kind="other")
    heads.parties.add(surrey)

    new_apps = migrate(AFTER)

    Partnership = new_apps.get_model("partnership", "Partnership")
    Body = new_apps.get_model("partnership", "Body")
    Agreement = new_apps.get_model("partnership", "Agreement")
    Programme = new_apps.get_model("programmes", "Programme")
    home = Partnership.objects.get(lead_organisation=council.pk)
    away = Partnership.objects.get(lead_organisation=surrey.pk)
    assert Partnership.objects.count() == 2
    assert home.name == "Brighton & Hove City Council partnership"
    assert Programme.objects.get(slug="ic").partnership_id == home.pk
    assert Programme.objects.get(slug="surrey").partnership_id == away.pk
    for name in ("Cabinet", "Support units", "Public Service Board"):
        assert Body.objects.get(name=name).partnership_id == home.pk, name
    assert Body.objects.get(pk=surrey_board.pk).partnership_id == away.pk
    history = new_apps.get_model("partnership", "HistoricalBody").objects.get(id=board.pk)
    assert history.partnership_id == home.pk
    assert Agreement.objects.get(title="Section 75").partnership_id == home.pk
    assert Agreement.objects.get(title="Heads of agreement").partnership_id == away.pk
    assert set(home.partners.values_list("name", flat=True)) == {nhs.name, police.name}
    assert unit.parent_id == cabinet.pk


def test_a_database_with_bodies_but_no_programme_gets_one_partnership(old_apps):
    Organisation = old_apps.get_model("partnership", "Organisation")
    Body = old_apps.get_model("partnership", "Body")
    Organisation.objects.create(name="Brighton & Hove City Council")
    Body.objects.create(name="Public Service Board", kind="partnership_board")

    new_apps = migrate(AFTER)

    Partnership = new_apps.get_model("partnership", "Partnership")
    board = new_apps.get_model("partnership", "Body").objects.get()
    assert board.partnership_id == Partnership.objects.get().pk
