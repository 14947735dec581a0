"""The rules of who may do what (commissioning.access.rules), without pages or the API."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from commissioning.access import rules as access
from commissioning.partnership.models import Body, Person, ProgrammeRole, Role
from commissioning.partnership.tests.governance_factories import AgreementFactory, BodyFactory
from commissioning.programmes.tests.factories import (
    ActionFactory,
    ActionOwnerFactory,
    OrganisationFactory,
    PersonFactory,
    TeamFactory,
)

# --- Membership and roles ---------------------------------------------------------------------


def test_each_persona_has_the_role_the_rules_give(
    partnership, manager, programme_manager, partner_contributor, viewer, outsider
):
    programme = partnership.programme

    assert access.role_on(manager, programme) == Role.MANAGER
    assert access.role_on(programme_manager, programme) == Role.MANAGER
    assert access.role_on(partner_contributor, programme) == Role.CONTRIBUTOR
    assert access.role_on(viewer, programme) == Role.VIEWER
    assert access.role_on(outsider, programme) is None
    assert access.role_on(AnonymousUser(), programme) is None


def test_a_user_of_a_partner_without_a_role_is_a_viewer(partnership, django_user_model):
    user = django_user_model.objects.create_user("nhs-reader")
    Person.objects.create(name="Reader", organisation=partnership.nhs, user=user)

    assert access.role_on(user, partnership.programme) == Role.VIEWER
    assert not access.can_contribute(user, partnership.nhs_action)


def test_a_role_makes_a_member_whatever_the_organisation(partnership, django_user_model):
    consultant = django_user_model.objects.create_user("consultant")
    ProgrammeRole.objects.create(user=consultant, programme=partnership.programme, role="viewer")

    assert access.can_view(consultant, partnership.programme)
    assert list(access.visible_programmes(consultant)) == [partnership.programme]


def test_a_user_with_no_organisation_and_no_role_sees_nothing(partnership, django_user_model):
    nobody = django_user_model.objects.create_user("nobody")

    assert not access.visible_programmes(nobody).exists()
    assert not access.can_view(nobody, partnership.programme)


def test_an_inactive_user_sees_nothing(partnership, programme_manager):
    programme_manager.is_active = False

    assert access.role_on(programme_manager, partnership.programme) is None
    assert not access.visible_programmes(programme_manager).exists()


@pytest.mark.parametrize(
    "persona, visible",
    [
        ("manager", {"intelligent-commissioning", "surrey-together"}),
        ("programme_manager", {"intelligent-commissioning"}),
        ("partner_contributor", {"intelligent-commissioning"}),
        ("viewer", {"intelligent-commissioning"}),
        ("outsider", {"surrey-together"}),
    ],
)
def test_each_persona_sees_only_their_programmes(request, partnership, persona, visible):
    user = request.getfixturevalue(persona)

    assert set(access.visible_programmes(user).values_list("slug", flat=True)) == visible


def test_visible_items_follow_the_programmes(partnership, outsider):
    assert list(access.visible_actions(outsider)) == [partnership.other_action]
    assert list(access.visible_stages(outsider)) == [partnership.other_stage]
    assert not access.visible_deliverables(outsider).exists()


def test_one_role_per_user_and_programme(partnership, viewer):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ProgrammeRole.objects.create(user=viewer, programme=partnership.programme, role="manager")


# --- Contributing -----------------------------------------------------------------------------


def contributor_at(partnership, django_user_model, organisation=None, username="officer"):
    user = django_user_model.objects.create_user(username)
    person = Person.objects.create(name=username, organisation=organisation, user=user)
    ProgrammeRole.objects.create(user=user, programme=partnership.programme, role="contributor")
    return user, person


def test_a_contributor_adds_to_their_organisations_action_only(partnership, partner_contributor):
    assert access.can_contribute(partner_contributor, partnership.nhs_action)
    assert not access.can_contribute(partner_contributor, partnership.council_action)


@pytest.mark.parametrize(
    "owner",
    ["themselves", "their team", "their organisation", "a colleague", "a team of theirs"],
)
def test_a_contributor_answers_for_what_they_their_team_or_organisation_own(
    partnership, django_user_model, owner
):
    user, person = contributor_at(partnership, django_user_model, partnership.nhs)
    action = ActionFactory(programme=partnership.programme)
    if owner == "themselves":
        ActionOwnerFactory(action=action, person=person)
    elif owner == "their team":
        team = TeamFactory()  # a team of no organisation: membership is what counts
        team.members.add(person)
        ActionOwnerFactory(action=action, person=None, team=team, kind="team", name=team.name)
    elif owner == "their organisation":
        ActionOwnerFactory(
            action=action,
            person=None,
            organisation=partnership.nhs,
            kind="organisation",
            name="NHS",
        )
    elif owner == "a colleague":
        ActionOwnerFactory(action=action, person=PersonFactory(organisation=partnership.nhs))
    else:
        team = TeamFactory(organisation=partnership.nhs)
        ActionOwnerFactory(action=action, person=None, team=team, kind="team", name=team.name)

    assert access.can_contribute(user, action)


def test_a_contributor_does_not_answer_for_an_unowned_or_unknown_owner_action(
    partnership, django_user_model
):
    user, _ = contributor_at(partnership, django_user_model, partnership.nhs)
    unowned = ActionFactory(programme=partnership.programme)
    unknown = ActionFactory(programme=partnership.programme)
    ActionOwnerFactory(action=unknown, person=None, kind="unknown", name="The PCT")

    assert not access.can_contribute(user, unowned)
    assert not access.can_contribute(user, unknown)


def test_a_contributor_with_no_organisation_answers_only_for_their_own(
    partnership, django_user_model
):
    user, person = contributor_at(partnership, django_user_model, organisation=None)
    mine = ActionFactory(programme=partnership.programme)
    ActionOwnerFactory(action=mine, person=person)
    orphan = ActionFactory(programme=partnership.programme)
    ActionOwnerFactory(action=orphan, person=PersonFactory(organisation=None))

    assert access.can_contribute(user, mine)
    assert not access.can_contribute(user, orphan)


@pytest.mark.parametrize(
    "organisation, internal, external",
    [("council", True, True), ("nhs", False, True), ("outside", False, False)],
)
def test_deliverables_internal_for_the_lead_external_for_lead_and_partners(
    partnership, django_user_model, organisation, internal, external
):
    user, _ = contributor_at(
        partnership, django_user_model, getattr(partnership, organisation), "deliverer"
    )

    assert access.can_contribute(user, partnership.internal) is internal
    assert access.can_contribute(user, partnership.external) is external


def test_viewers_never_contribute_and_managers_always_do(partnership, viewer, programme_manager):
    for item in (partnership.nhs_action, partnership.council_action, partnership.internal):
        assert not access.can_contribute(viewer, item)
        assert access.can_contribute(programme_manager, item)


def test_a_contributor_cannot_contribute_in_a_programme_they_cannot_see(
    partnership, partner_contributor
):
    ActionOwnerFactory(
        action=partnership.other_action,
        person=None,
        organisation=partnership.nhs,
        kind="organisation",
        name="NHS",
    )

    assert not access.can_contribute(partner_contributor, partnership.other_action)
    with pytest.raises(Http404):
        access.require_contribute(partner_contributor, partnership.other_action)


def test_changing_an_actions_status_alone_is_a_contribution(partnership, partner_contributor):
    action = partnership.nhs_action

    assert access.can_change_action(partner_contributor, action, {"status"})
    assert not access.can_change_action(partner_contributor, action, {"status", "title"})
    assert not access.can_change_action(partner_contributor, partnership.council_action, {"status"})


# --- Managing, importing, reporting -----------------------------------------------------------


def test_only_managers_manage(partnership, programme_manager, partner_contributor, viewer):
    assert access.can_manage(programme_manager, partnership.programme)
    assert access.can_manage(programme_manager, partnership.internal)  # through its stage
    for user in (partner_contributor, viewer):
        assert not access.can_manage(user, partnership.programme)
        with pytest.raises(PermissionDenied):
            access.require_manage(user, partnership.stage)


def test_an_outsider_is_told_nothing_exists(partnership, outsider):
    with pytest.raises(Http404):
        access.require_manage(outsider, partnership.programme)
    with pytest.raises(Http404):
        access.programme_for(outsider, partnership.programme.slug)
    with pytest.raises(Http404):
        access.action_for(outsider, partnership.nhs_action.pk)


def test_every_member_reports_and_nobody_else(
    partnership, programme_manager, partner_contributor, viewer, outsider
):
    for user in (programme_manager, partner_contributor, viewer):
        assert access.can_report(user, partnership.programme)
    assert not access.can_report(outsider, partnership.programme)


def test_managers_import_into_their_programmes_and_administrators_start_new_ones(
    partnership, manager, programme_manager, viewer, outsider
):
    programme = partnership.programme

    access.require_import(programme_manager, programme, programme.name)
    access.require_import(manager, None, "A new programme")
    with pytest.raises(PermissionDenied, match="Only programme managers"):
        access.require_import(viewer, programme, programme.name)
    with pytest.raises(PermissionDenied, match="only site administrators"):
        access.require_import(programme_manager, None, "A new programme")
    assert access.can_import(programme_manager) and not access.can_import(viewer)


def test_an_import_refusal_does_not_reveal_another_partnerships_programme(partnership, outsider):
    with pytest.raises(PermissionDenied) as refused:
        access.require_import(outsider, partnership.programme, partnership.programme.name)
    with pytest.raises(PermissionDenied) as absent:
        access.require_import(outsider, None, partnership.programme.name)

    assert str(refused.value) == str(absent.value)


def test_roles_are_granted_to_people_of_the_lead_and_partners(
    partnership, programme_manager, partner_contributor, outsider, django_user_model
):
    django_user_model.objects.create_user("no-person")

    grantable = set(access.grantable_users(partnership.programme))

    assert grantable == {programme_manager, partner_contributor}


# --- Governance -------------------------------------------------------------------------------


def agreement(title, parties, partnership):
    made = AgreementFactory(title=title, partnership=partnership)
    made.parties.set(parties)
    return made


@pytest.fixture
def governance(partnership):
    home, away = partnership.home, partnership.away
    return {
        "council_body": BodyFactory(name="Cabinet", organisation=partnership.council),
        "nhs_body": BodyFactory(name="NHS Board", organisation=partnership.nhs, partnership=home),
        "whole_body": BodyFactory(name="Public Service Board", organisation=None, partnership=home),
        "outside_body": BodyFactory(name="Surrey Cabinet", organisation=partnership.outside),
        "outside_whole_body": BodyFactory(
            name="Surrey Public Service Board", organisation=None, partnership=away
        ),
        "joint": agreement("Section 75", [partnership.council, partnership.nhs], home),
        "outside_agreement": agreement("Surrey deal", [partnership.outside], away),
    }


def names(queryset, field="name"):
    return set(queryset.values_list(field, flat=True))


def test_members_see_their_partnerships_bodies(
    governance, partner_contributor, viewer, outsider, manager
):
    ours = {"Cabinet", "NHS Board", "Public Service Board"}
    assert names(access.visible_bodies(partner_contributor)) == ours
    assert names(access.visible_bodies(viewer)) == ours
    # Each partnership has a board of the whole partnership: neither is shared.
    theirs = {"Surrey Cabinet", "Surrey Public Service Board"}
    assert names(access.visible_bodies(outsider)) == theirs
    assert len(names(access.visible_bodies(manager))) == 5


def test_someone_in_no_partnership_sees_no_governance(governance, django_user_model):
    loner = django_user_model.objects.create_user("loner")
    Person.objects.create(name="Loner", organisation=OrganisationFactory(), user=loner)

    assert not access.visible_bodies(loner).exists()
    assert not access.visible_agreements(loner).exists()


def test_agreements_are_seen_by_their_parties_and_the_lead(
    partnership, governance, partner_contributor, viewer, outsider, django_user_model
):
    police = OrganisationFactory(name="Sussex Police")
    partnership.programme.partners.add(police)
    agreement("Police and NHS", [police, partnership.nhs], partnership.home)
    officer = django_user_model.objects.create_user("police")
    Person.objects.create(name="Officer", organisation=police, user=officer)

    assert names(access.visible_agreements(partner_contributor), "title") == {
        "Section 75",
        "Police and NHS",
    }
    assert names(access.visible_agreements(viewer), "title") == {"Section 75", "Police and NHS"}
    assert names(access.visible_agreements(officer), "title") == {"Police and NHS"}
    assert names(access.visible_agreements(outsider), "title") == {"Surrey deal"}


def test_managers_of_a_programme_their_organisation_leads_govern_its_partnership(
    partnership, governance, programme_manager, partner_contributor, viewer, outsider, manager
):
    assert access.can_govern(programme_manager)
    assert access.can_change_body(programme_manager, governance["nhs_body"])
    assert access.can_change_body(programme_manager, governance["whole_body"])
    assert not access.can_change_body(programme_manager, governance["outside_body"])
    assert access.can_change_agreement(programme_manager, governance["joint"])
    assert not access.can_change_agreement(programme_manager, governance["outside_agreement"])
    for user in (partner_contributor, viewer):
        assert not access.can_govern(user)
        assert not access.can_change_body(user, governance["council_body"])
        assert not access.can_change_agreement(user, governance["joint"])
    assert access.can_change_body(manager, governance["outside_body"])


def test_another_partnerships_manager_changes_nothing_of_ours(governance, outsider):
    assert access.can_govern(outsider)
    for ours in ("council_body", "nhs_body", "whole_body"):
        assert not access.can_change_body(outsider, governance[ours])
        assert not access.can_record_meetings(outsider, governance[ours])
    assert not access.can_change_agreement(outsider, governance["joint"])
    assert access.can_change_body(outsider, governance["outside_whole_body"])
    assert list(access.managed_partnerships(outsider).values_list("slug", flat=True)) == ["surrey"]


def test_partnership_roles_give_governance_to_a_user_of_no_programme(
    partnership, governance, django_user_model
):
    from commissioning.partnership.models import PartnershipRole

    clerk = django_user_model.objects.create_user("clerk")
    Person.objects.create(name="Clerk", organisation=partnership.nhs, user=clerk)
    assert access.partnership_role(clerk, partnership.home) == "viewer"
    assert not access.can_record_meetings(clerk, governance["whole_body"])

    PartnershipRole.objects.create(user=clerk, partnership=partnership.home, role="contributor")

    assert access.partnership_role(clerk, partnership.home) == "contributor"
    assert access.can_record_meetings(clerk, governance["whole_body"])
    assert not access.can_change_body(clerk, governance["whole_body"])
    assert access.partnership_role(clerk, partnership.away) is None

    PartnershipRole.objects.filter(user=clerk).update(role="manager")

    assert access.can_change_body(clerk, governance["whole_body"])
    assert not access.can_change_body(clerk, governance["outside_whole_body"])
    assert names(access.visible_agreements(clerk), "title") == {"Section 75"}


def test_the_directory_shows_only_the_users_partnerships(partnership, viewer, outsider):
    from commissioning.programmes.tests.factories import PersonFactory, TeamFactory

    nhs_nurse = PersonFactory(name="NHS Nurse", organisation=partnership.nhs)
    surrey_officer = PersonFactory(name="Surrey Officer", organisation=partnership.outside)
    TeamFactory(name="Surrey Team", organisation=partnership.outside)

    assert partnership.outside not in access.visible_organisations(viewer)
    assert {partnership.council, partnership.nhs} <= set(access.visible_organisations(viewer))
    assert nhs_nurse in access.visible_people(viewer)
    assert surrey_officer not in access.visible_people(viewer)
    assert not access.visible_teams(viewer).filter(name="Surrey Team").exists()
    assert set(access.visible_organisations(outsider)) == {partnership.outside}
    assert nhs_nurse not in access.visible_people(outsider)


def test_a_partners_manager_does_not_govern_the_partnership(partnership, partner_contributor):
    ProgrammeRole.objects.filter(user=partner_contributor).update(role="manager")

    assert access.can_manage(partner_contributor, partnership.programme)
    assert not access.can_govern(partner_contributor)


def test_only_site_administrators_import_governance(programme_manager, manager):
    assert access.can_import_governance(manager)
    assert not access.can_import_governance(programme_manager)


def test_nobody_creates_a_body_or_agreement_another_partnership_sees(
    partnership, governance, outsider, sign_in
):
    client = sign_in(outsider)
    home = partnership.home
    new = reverse("governance-body-new")

    into_ours = client.post(new, {"partnership": home.pk, "name": "Ours", "kind": "board"})
    with_our_parent = client.post(
        new, {"name": "Under ours", "kind": "unit", "parent": governance["whole_body"].pk}
    )
    with_our_council = client.post(
        new, {"name": "Of ours", "kind": "board", "organisation": partnership.council.pk}
    )
    agreement = client.post(
        reverse("governance-agreement-new"),
        {
            "partnership": home.pk,
            "title": "Ours too",
            "kind": "other",
            "status": "draft",
            "parties": [partnership.nhs.pk],
        },
    )

    for response in (into_ours, with_our_parent, with_our_council, agreement):
        assert response.status_code == 200  # the form again, with its error
        assert "govuk-error-summary" in response.content.decode()
    assert (
        not Body.objects.filter(partnership=home)
        .exclude(pk__in=[governance[k].pk for k in ("council_body", "nhs_body", "whole_body")])
        .exists()
    )
    assert not home.agreements.filter(title="Ours too").exists()
    made = client.post(new, {"name": "Surrey Unit", "kind": "unit"})
    assert made.status_code == 302
    assert Body.objects.get(name="Surrey Unit").partnership == partnership.away


def test_a_body_cannot_take_a_parent_or_organisation_of_another_partnership(
    partnership, governance
):
    from commissioning.partnership import governance as services

    with pytest.raises(services.GovernanceError, match="Choose a body of Surrey Partnership"):
        services.save_body(
            partnership=partnership.away, name="X", kind="unit", parent=governance["whole_body"]
        )
    with pytest.raises(services.GovernanceError, match="Choose an organisation of Surrey"):
        services.save_body(
            partnership=partnership.away, name="X", kind="unit", organisation=partnership.nhs
        )
    with pytest.raises(services.GovernanceError, match="is not an organisation of Surrey"):
        services.save_agreement(
            partnership=partnership.away,
            title="X",
            kind="other",
            status="draft",
            parties=[partnership.council],
        )
