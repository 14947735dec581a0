"""The demo's sign-ins show who may do what on the demo programme."""

import pytest
from django.contrib.auth import get_user_model

from commissioning.access import rules as access
from commissioning.partnership.demo_people import DEMO_PEOPLE_PASSWORD
from commissioning.partnership.models import ProgrammeRole, Role
from commissioning.programmes.services import load_demo

pytestmark = pytest.mark.django_db


def user(username: str):
    return get_user_model().objects.get(username=username)


def test_the_demo_has_a_manager_a_partners_contributor_and_a_viewer():
    programme = load_demo().programme

    roles = {
        name: access.role_on(user(name), programme)
        for name in ("council-manager", "nhs-officer", "police-viewer")
    }

    assert roles == {
        "council-manager": Role.MANAGER,
        "nhs-officer": Role.CONTRIBUTOR,
        "police-viewer": Role.VIEWER,
    }
    assert user("nhs-officer").person.organisation.name == "NHS Brighton and Hove"
    assert user("nhs-officer").check_password(DEMO_PEOPLE_PASSWORD)
    assert not user("nhs-officer").is_superuser


def test_the_nhs_officer_reports_on_the_commissioning_teams_actions_only():
    programme = load_demo().programme
    officer = user("nhs-officer")

    allowed = {
        action.title[:30]: access.can_contribute(officer, action)
        for action in programme.actions.prefetch_related("owners")
    }

    assert any(allowed.values()) and not all(allowed.values())
    for action in programme.actions.all():
        owners = {owner.name for owner in action.owners.all()}
        assert access.can_contribute(officer, action) is ("Commissioning Teams" in owners)


def test_loading_the_demo_people_twice_changes_nothing():
    load_demo()
    before = (ProgrammeRole.history.count(), get_user_model().objects.count())

    load_demo()

    assert (ProgrammeRole.history.count(), get_user_model().objects.count()) == before
