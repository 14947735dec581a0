"""The writes behind building a programme: stages, deliverables, actions and owners."""

from datetime import date

import pytest

from commissioning.partnership.models import Organisation, Team
from commissioning.programmes.models import ActionOwner
from commissioning.programmes.structure import (
    NewDirectoryEntry,
    StructureRefused,
    add_to_directory,
    create_action,
    create_deliverable,
    create_stage,
    move_stage,
    set_action_owners,
)
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    DeliverableFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    StageFactory,
    TeamFactory,
)
from commissioning.reports.asof import build_report

pytestmark = pytest.mark.django_db

MARCH_2008 = date(2008, 3, 31)


def test_a_new_stage_goes_last_in_plan_order(manager):
    programme = ProgrammeFactory()
    StageFactory(programme=programme, order=7)

    stage = create_stage(
        programme=programme, author=manager, code=" T2 ", title=" Go live ", timescale_text=""
    )

    assert (stage.order, stage.code, stage.title, stage.timescale_text) == (8, "T2", "Go live", "")


def test_a_stage_moves_one_place_and_not_past_the_ends(manager):
    programme = ProgrammeFactory()
    first, second = StageFactory(programme=programme), StageFactory(programme=programme)

    assert move_stage(stage=first, author=manager, direction="up") is False
    assert move_stage(stage=second, author=manager, direction="down") is False
    assert move_stage(stage=second, author=manager, direction="up") is True

    assert list(programme.stages.order_by("order").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    with pytest.raises(ValueError):
        move_stage(stage=first, author=manager, direction="sideways")


def test_an_archived_stage_cannot_move(manager):
    stage = StageFactory()
    stage.archived_at = "2010-01-01T00:00Z"
    stage.save()

    with pytest.raises(StructureRefused):
        move_stage(stage=stage, author=manager, direction="up")


def test_a_deliverable_cannot_nest_under_one_of_another_stage(manager):
    parent = DeliverableFactory()

    with pytest.raises(StructureRefused, match="another stage"):
        create_deliverable(
            stage=StageFactory(), author=manager, text="x", scope="internal", parent=parent
        )


def test_nested_deliverables_are_numbered_among_their_siblings(manager):
    parent = DeliverableFactory(scope="external")
    first = create_deliverable(
        stage=parent.stage, author=manager, text="a", scope="external", parent=parent
    )
    second = create_deliverable(
        stage=parent.stage, author=manager, text="b", scope="external", parent=parent
    )

    assert (first.order, second.order) == (0, 1)


def test_changing_owners_keeps_the_reports_of_earlier_dates(manager):
    action = ActionFactory()
    old = ActionOwnerFactory(action=action)
    action.history.update(history_effective=MARCH_2008)
    ActionOwner.history.update(history_effective=MARCH_2008)
    team = TeamFactory(name="Commissioning Teams")

    set_action_owners(action=action, author=manager, owners=[team])

    assert list(action.owners.values_list("name", flat=True)) == ["Commissioning Teams"]
    then = build_report(programme=action.programme, as_of=MARCH_2008).actions[0]
    assert then.owners == (old.name,)


def test_an_owner_listed_twice_is_one_owner(manager):
    person = PersonFactory()
    action = create_action(
        programme=ProgrammeFactory(),
        author=manager,
        title="x",
        ref="",
        timescale_text="April 2008",
        section="",
        owners=[person, person],
    )

    assert action.owners.count() == 1
    assert action.timescale_end == date(2008, 4, 30)


def test_an_owner_of_another_action_cannot_be_kept_on_this_one(manager):
    stranger = ActionOwnerFactory(person=None, name="Head of Service", kind="role")

    with pytest.raises(StructureRefused):
        set_action_owners(action=ActionFactory(), author=manager, owners=[stranger])


def test_new_names_join_the_directory_once(manager):
    nhs = OrganisationFactory(name="NHS Brighton and Hove")
    action = ActionFactory()

    set_action_owners(
        action=action,
        author=manager,
        owners=[
            NewDirectoryEntry(kind="team", name="Public Health", organisation=nhs),
            NewDirectoryEntry(kind="organisation", name="nhs brighton and hove"),
        ],
    )

    assert Team.objects.get(name="Public Health").organisation == nhs
    assert Organisation.objects.filter(name__iexact="nhs brighton and hove").count() == 1
    assert [o.kind for o in action.owners.order_by("order")] == ["team", "organisation"]


def test_a_directory_entry_needs_a_name_and_a_known_kind(manager):
    with pytest.raises(ValueError):
        add_to_directory(kind="person", name="   ", organisation=None, author=manager)
    with pytest.raises(ValueError):
        add_to_directory(kind="robot", name="R2", organisation=None, author=manager)
