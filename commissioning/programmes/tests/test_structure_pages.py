"""Building a programme in the pages: stages, deliverables, actions and their owners."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.partnership.models import Organisation, Person
from commissioning.programmes.models import Action, ActionOwner, Deliverable, Stage
from commissioning.programmes.structure_forms import partners_version
from commissioning.programmes.tests.factories import (
    ActionOwnerFactory,
    DeliverableFactory,
    OrganisationFactory,
    PersonFactory,
    StageFactory,
    TeamFactory,
)
from commissioning.programmes.views.editing import current_version, owners_version

pytestmark = pytest.mark.django_db


def pages(partnership) -> dict[str, str]:
    """Every new page of the partnership's programme, by name."""
    programme, stage = partnership.programme, partnership.stage
    return {
        "stages": reverse("programme-stages", args=[programme.slug]),
        "add stage": reverse("programme-add-stage", args=[programme.slug]),
        "add action": reverse("programme-add-action", args=[programme.slug]),
        "add deliverable": reverse("stage-add-deliverable", args=[stage.pk]),
        "archive stage": reverse("stage-archive", args=[stage.pk]),
    }


POSTS = {
    "move stage": ("stage-move", {"direction": "up"}),
    "restore stage": ("stage-restore", {}),
}


# --- Who may -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["stages", "add stage", "add action", "add deliverable", "archive stage"]
)
def test_anonymous_people_are_sent_to_sign_in(client, partnership, name):
    response = client.get(pages(partnership)[name])

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


@pytest.mark.parametrize("name", POSTS)
def test_anonymous_posts_are_sent_to_sign_in(client, partnership, name):
    url_name, data = POSTS[name]
    response = client.post(reverse(url_name, args=[partnership.stage.pk]), data)

    assert response.status_code == 302
    assert response.url.startswith(reverse("sign-in"))


@pytest.mark.parametrize(
    "name", ["stages", "add stage", "add action", "add deliverable", "archive stage"]
)
@pytest.mark.parametrize("persona", ["partner_contributor", "viewer"])
def test_only_programme_managers_may_build_the_programme(
    request, sign_in, partnership, name, persona
):
    client = sign_in(request.getfixturevalue(persona))

    assert client.get(pages(partnership)[name]).status_code == 403
    assert client.post(pages(partnership)[name], {"title": "x"}).status_code == 403


@pytest.mark.parametrize("name", POSTS)
def test_a_contributor_cannot_move_or_restore_a_stage(
    sign_in, partner_contributor, partnership, name
):
    url_name, data = POSTS[name]
    client = sign_in(partner_contributor)

    response = client.post(reverse(url_name, args=[partnership.stage.pk]), data)

    assert response.status_code == 403


@pytest.mark.parametrize(
    "name", ["stages", "add stage", "add action", "add deliverable", "archive stage"]
)
def test_another_organisations_programme_does_not_exist_for_them(
    sign_in, outsider, partnership, name
):
    client = sign_in(outsider)

    assert client.get(pages(partnership)[name]).status_code == 404
    assert client.post(pages(partnership)[name], {"title": "x"}).status_code == 404


@pytest.mark.parametrize("name", POSTS)
def test_another_organisation_cannot_move_or_restore_a_stage(sign_in, outsider, partnership, name):
    url_name, data = POSTS[name]
    response = sign_in(outsider).post(reverse(url_name, args=[partnership.stage.pk]), data)

    assert response.status_code == 404


def test_the_programme_page_offers_managers_the_new_pages(
    sign_in, programme_manager, viewer, partnership
):
    programme_url = reverse("programme", args=[partnership.programme.slug])
    manager_page = sign_in(programme_manager).get(programme_url).content.decode()
    viewer_page = sign_in(viewer).get(programme_url).content.decode()

    for url in (
        pages(partnership)["stages"],
        pages(partnership)["add action"],
        pages(partnership)["add deliverable"],
    ):
        assert f'href="{url}"' in manager_page
        assert f'href="{url}"' not in viewer_page


# --- Stages ------------------------------------------------------------------------------


def test_adding_a_stage_puts_it_last_with_its_timescale_read(
    sign_in, programme_manager, partnership
):
    client = sign_in(programme_manager)

    response = client.post(
        pages(partnership)["add stage"],
        {"code": "T4", "title": "Full commissioning", "timescale": "End November 2010"},
    )

    assert response.status_code == 302
    stage = Stage.objects.get(code="T4")
    assert stage.order > partnership.stage.order
    assert (stage.timescale_text, stage.timescale_end) == ("End November 2010", date(2010, 11, 30))
    assert stage.history.get().history_user == programme_manager
    assert "Stage T4 Full commissioning added" in client.get(response.url).content.decode()


def test_a_stage_without_a_title_or_with_an_unreadable_date_is_refused(
    sign_in, programme_manager, partnership
):
    response = sign_in(programme_manager).post(
        pages(partnership)["add stage"], {"code": "T4", "title": "", "timescale": "xyz"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the stage&#x27;s title" in page
    assert "We could not read &#x27;xyz&#x27; as a timescale" in page
    assert 'class="govuk-error-summary' in page
    assert not Stage.objects.filter(code="T4").exists()


def test_moving_stages_up_and_down_renumbers_the_plan_order(
    sign_in, programme_manager, partnership
):
    programme = partnership.programme
    second = StageFactory(programme=programme, code="T2")
    third = StageFactory(programme=programme, code="T3")
    Stage.objects.filter(programme=programme).update(order=0)  # as an import may leave them
    client = sign_in(programme_manager)

    response = client.post(reverse("stage-move", args=[third.pk]), {"direction": "up"})

    assert response.status_code == 302
    assert response.url.endswith(f"#stage-{third.pk}")
    codes = list(programme.stages.order_by("order", "pk").values_list("code", flat=True))
    assert codes == [partnership.stage.code, "T3", "T2"]
    client.post(reverse("stage-move", args=[partnership.stage.pk]), {"direction": "down"})
    codes = list(programme.stages.order_by("order", "pk").values_list("code", flat=True))
    assert codes == ["T3", partnership.stage.code, "T2"]
    assert second.history.latest().history_user == programme_manager


def test_the_first_stage_cannot_move_up(sign_in, programme_manager, partnership):
    client = sign_in(programme_manager)

    response = client.post(
        reverse("stage-move", args=[partnership.stage.pk]), {"direction": "up"}, follow=True
    )

    assert "is already first" in response.content.decode()


def test_a_move_without_a_direction_says_so(sign_in, programme_manager, partnership):
    client = sign_in(programme_manager)

    response = client.post(reverse("stage-move", args=[partnership.stage.pk]), {}, follow=True)

    assert "Choose to move the stage up or down" in response.content.decode()


def test_moving_needs_a_post(sign_in, programme_manager, partnership):
    response = sign_in(programme_manager).get(reverse("stage-move", args=[partnership.stage.pk]))

    assert response.status_code == 405


def test_the_stages_page_lists_them_in_plan_order_with_move_buttons(
    sign_in, programme_manager, partnership
):
    StageFactory(programme=partnership.programme, code="T9", title="Last one")

    page = sign_in(programme_manager).get(pages(partnership)["stages"]).content.decode()

    assert page.index(partnership.stage.title) < page.index("T9 Last one")
    assert page.count('name="direction" value="up"') == 1  # not on the first
    assert page.count('name="direction" value="down"') == 1  # not on the last


def test_archiving_a_stage_asks_first_then_hides_it_and_can_restore(
    sign_in, programme_manager, partnership
):
    client = sign_in(programme_manager)
    url = pages(partnership)["archive stage"]

    assert "Are you sure you want to archive this stage?" in client.get(url).content.decode()
    response = client.post(url)

    stage = Stage.objects.get(pk=partnership.stage.pk)
    assert response.status_code == 302 and stage.archived_at is not None
    programme_page = client.get(reverse("programme", args=[partnership.programme.slug]))
    assert f'id="stage-{stage.pk}-heading"' not in programme_page.content.decode()
    stages_page = client.get(pages(partnership)["stages"]).content.decode()
    assert "Archived stages" in stages_page
    client.post(reverse("stage-restore", args=[stage.pk]))
    stage.refresh_from_db()
    assert stage.archived_at is None


def test_the_stages_page_costs_the_same_queries_for_many_stages(
    sign_in, programme_manager, partnership, django_assert_max_num_queries
):
    client = sign_in(programme_manager)
    url = pages(partnership)["stages"]
    StageFactory.create_batch(2, programme=partnership.programme)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    StageFactory.create_batch(40, programme=partnership.programme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- Deliverables ------------------------------------------------------------------------


def test_adding_a_deliverable_to_a_stage(sign_in, programme_manager, partnership):
    client = sign_in(programme_manager)

    response = client.post(
        pages(partnership)["add deliverable"],
        {"text": "Commissioning framework agreed", "scope": "external", "parent": ""},
    )

    deliverable = Deliverable.objects.get(text="Commissioning framework agreed")
    assert response.status_code == 302 and response.url == reverse(
        "deliverable", args=[deliverable.pk]
    )
    assert (deliverable.stage, deliverable.scope, deliverable.parent) == (
        partnership.stage,
        "external",
        None,
    )
    assert deliverable.history.get().history_user == programme_manager


def test_a_deliverable_under_another_is_nested_and_shown_under_it(
    sign_in, programme_manager, partnership
):
    client = sign_in(programme_manager)
    parent = partnership.internal

    client.post(
        pages(partnership)["add deliverable"],
        {"text": "Terms of reference", "scope": "internal", "parent": str(parent.pk)},
    )

    child = Deliverable.objects.get(text="Terms of reference")
    assert child.parent == parent
    page = client.get(reverse("deliverable", args=[parent.pk])).content.decode()
    assert "Terms of reference" in page


def test_a_nested_deliverable_must_share_its_parents_scope(sign_in, programme_manager, partnership):
    response = sign_in(programme_manager).post(
        pages(partnership)["add deliverable"],
        {"text": "Terms of reference", "scope": "external", "parent": str(partnership.internal.pk)},
    )

    assert response.status_code == 200
    assert "Select internal: a smaller deliverable has the scope" in response.content.decode()
    assert not Deliverable.objects.filter(text="Terms of reference").exists()


def test_a_parent_from_another_stage_is_not_offered_or_accepted(
    sign_in, programme_manager, partnership
):
    elsewhere = DeliverableFactory(stage=StageFactory(programme=partnership.programme))

    response = sign_in(programme_manager).post(
        pages(partnership)["add deliverable"],
        {"text": "Sneaky", "scope": "internal", "parent": str(elsewhere.pk)},
    )

    assert response.status_code == 200
    assert "Choose a deliverable of this stage, or none" in response.content.decode()
    assert not Deliverable.objects.filter(text="Sneaky").exists()


def test_a_parent_archived_since_the_form_was_loaded_is_refused(
    sign_in, programme_manager, partnership
):
    client = sign_in(programme_manager)
    parent = partnership.internal
    url = pages(partnership)["add deliverable"]
    assert f'value="{parent.pk}"' in client.get(url).content.decode()
    Deliverable.objects.filter(pk=parent.pk).update(archived_at="2010-01-01T00:00Z")

    response = client.post(url, {"text": "Too late", "scope": "internal", "parent": str(parent.pk)})

    assert response.status_code == 200
    assert "Choose a deliverable of this stage, or none" in response.content.decode()
    assert not Deliverable.objects.filter(text="Too late").exists()


def test_an_archived_stage_takes_no_new_deliverables(sign_in, programme_manager, partnership):
    Stage.objects.filter(pk=partnership.stage.pk).update(archived_at="2010-01-01T00:00Z")

    response = sign_in(programme_manager).post(
        pages(partnership)["add deliverable"], {"text": "x", "scope": "internal"}, follow=True
    )

    assert "is archived: restore it to add deliverables" in response.content.decode()
    assert not Deliverable.objects.filter(text="x").exists()


# --- Actions and owners --------------------------------------------------------------------


def test_adding_an_action_with_a_person_and_an_organisation(
    sign_in, programme_manager, partnership
):
    person = PersonFactory(name="Sue Lightup", organisation=partnership.council)
    client = sign_in(programme_manager)

    response = client.post(
        pages(partnership)["add action"],
        {
            "title": "Agree outcome measures",
            "ref": "3.1",
            "timescale": "Q3 2010/11",
            "section": "Performance",
            "owners": [f"person-{person.pk}", f"organisation-{partnership.nhs.pk}"],
        },
    )

    action = Action.objects.get(title="Agree outcome measures")
    assert response.status_code == 302 and response.url == reverse("action", args=[action.pk])
    owners = list(
        action.owners.order_by("order").values_list("name", "kind", "person", "organisation")
    )
    assert owners == [
        ("Sue Lightup", "person", person.pk, None),
        (partnership.nhs.name, "organisation", None, partnership.nhs.pk),
    ]
    assert action.timescale_end == date(2010, 12, 31)
    assert action.order > partnership.council_action.order
    page = client.get(response.url).content.decode()
    assert "Sue Lightup" in page and partnership.nhs.name in page


def test_a_new_name_is_added_to_the_directory_from_the_action_form(
    sign_in, programme_manager, partnership
):
    team = TeamFactory(name="Commissioning Teams", organisation=partnership.council)
    client = sign_in(programme_manager)

    client.post(
        pages(partnership)["add action"],
        {
            "title": "Map the spend",
            "owners": [f"team-{team.pk}"],
            "new_owner_name": "  Dwayne   Johnson ",
            "new_owner_kind": "person",
            "new_owner_organisation": str(partnership.nhs.pk),
        },
    )

    person = Person.objects.get(name="Dwayne Johnson")
    assert person.organisation == partnership.nhs
    action = Action.objects.get(title="Map the spend")
    assert [(o.kind, o.name) for o in action.owners.order_by("order")] == [
        ("team", "Commissioning Teams"),
        ("person", "Dwayne Johnson"),
    ]


def test_a_new_name_already_in_the_directory_is_not_added_twice(
    sign_in, programme_manager, partnership
):
    sign_in(programme_manager).post(
        pages(partnership)["add action"],
        {
            "title": "x",
            "new_owner_name": partnership.nhs.name.upper(),
            "new_owner_kind": "organisation",
        },
    )

    assert Organisation.objects.filter(name__iexact=partnership.nhs.name).count() == 1
    assert Action.objects.get(title="x").owners.get().organisation == partnership.nhs


def test_a_new_name_needs_to_say_what_it_is(sign_in, programme_manager, partnership):
    response = sign_in(programme_manager).post(
        pages(partnership)["add action"], {"title": "x", "new_owner_name": "Jo Bloggs"}
    )

    assert response.status_code == 200
    assert (
        "Select whether Jo Bloggs is a person, a team or an organisation"
        in response.content.decode()
    )
    assert not Action.objects.filter(title="x").exists()
    assert not Person.objects.filter(name="Jo Bloggs").exists()


def test_an_owner_not_in_the_directory_is_refused(sign_in, programme_manager, partnership):
    response = sign_in(programme_manager).post(
        pages(partnership)["add action"], {"title": "x", "owners": ["person-99999"]}
    )

    assert response.status_code == 200
    assert "Choose owners from the list" in response.content.decode()
    assert not Action.objects.filter(title="x").exists()


def test_the_owner_picker_is_a_plain_multiple_select_enhanced_by_a_static_script(
    sign_in, programme_manager, partnership
):
    page = sign_in(programme_manager).get(pages(partnership)["add action"]).content.decode()

    assert '<select name="owners"' in page and "multiple" in page
    assert 'data-module="app-owner-picker"' in page
    assert '<optgroup label="People">' in page and '<optgroup label="Organisations">' in page
    assert "programmes/owner-picker.js" in page
    assert "accessible-autocomplete/accessible-autocomplete.min.js" in page


def test_the_add_action_page_costs_the_same_queries_however_big_the_directory(
    sign_in, programme_manager, partnership, django_assert_max_num_queries
):
    client = sign_in(programme_manager)
    url = pages(partnership)["add action"]
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    PersonFactory.create_batch(30)
    TeamFactory.create_batch(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def edit_post(client, action) -> dict:
    """The edit form as loaded, with its owners selected, as a browser would post it."""
    form = client.get(reverse("action-edit", args=[action.pk])).context["form"]
    return {
        "title": action.title,
        "ref": action.ref,
        "timescale": action.timescale_text,
        "section": action.section,
        "owners": form.initial["owners"],
        "version": current_version(action),
        "owners_version": owners_version(action),
    }


def test_changing_an_actions_owners_keeps_those_kept_and_records_who(
    sign_in, programme_manager, partnership
):
    action = partnership.council_action
    kept = action.owners.get()
    written = ActionOwnerFactory(action=action, person=None, name="Head of Service", kind="role")
    team = TeamFactory(name="Commissioning Teams", organisation=partnership.council)
    client = sign_in(programme_manager)
    data = edit_post(client, action)
    assert data["owners"] == [f"person-{kept.person_id}", f"owner-{written.pk}"]

    response = client.post(
        reverse("action-edit", args=[action.pk]),
        {**data, "owners": [f"team-{team.pk}", f"person-{kept.person_id}"]},
    )

    assert response.status_code == 302
    owners = list(action.owners.order_by("order"))
    assert [(o.kind, o.name) for o in owners] == [
        ("team", "Commissioning Teams"),
        ("person", kept.name),
    ]
    assert owners[1].pk == kept.pk  # kept as it was, only moved
    removed = ActionOwner.history.get(id=written.pk, history_type="-")
    assert removed.history_user == programme_manager


def test_an_owner_kept_as_written_in_the_plan_stays_when_saved_unchanged(
    sign_in, programme_manager, partnership
):
    action = partnership.council_action
    written = ActionOwnerFactory(action=action, person=None, name="Head of Service", kind="role")
    client = sign_in(programme_manager)

    client.post(reverse("action-edit", args=[action.pk]), edit_post(client, action))

    assert ActionOwner.objects.filter(pk=written.pk).exists()
    assert (
        "Head of Service (as written in the plan)"
        in client.get(reverse("action-edit", args=[action.pk])).content.decode()
    )


def test_owners_changed_meanwhile_make_the_form_stale_keeping_yours(
    sign_in, programme_manager, partnership
):
    action = partnership.council_action
    client = sign_in(programme_manager)
    data = edit_post(client, action)
    other = TeamFactory(name="Someone Else's Team")
    ActionOwnerFactory(action=action, person=None, team=other, name=other.name, kind="team")

    response = client.post(reverse("action-edit", args=[action.pk]), {**data, "owners": []})

    page = response.content.decode()
    assert response.status_code == 200
    assert "changed this action while you were editing it (owners)" in page
    assert action.owners.count() == 2  # nothing saved over the other change
    form = response.context["form"]
    assert [c.field for c in form.changed_meanwhile] == ["Owners"]
    assert form["owners_version"].value() == owners_version(action)


# --- Edit programme ----------------------------------------------------------------------


def programme_post(programme, **changes) -> dict:
    data = {
        "name": programme.name,
        "description": programme.description,
        "lead_organisation": str(programme.lead_organisation_id or ""),
        "partners": [str(pk) for pk in programme.partners.values_list("pk", flat=True)],
        "warning_days": str(programme.warning_days),
        "rag_scale": programme.rag_scale,
        "reporting_period": str(programme.reporting_period_months),
        "version": current_version(programme),
        "partners_version": partners_version(programme),
    }
    return {**data, **changes}


def test_edit_programme_changes_lead_partners_rag_rules_and_period(
    sign_in, programme_manager, partnership
):
    programme = partnership.programme
    fire = OrganisationFactory(name="East Sussex Fire and Rescue Service")
    programme.partnership.partners.add(fire)  # only the partnership's organisations are offered

    response = sign_in(programme_manager).post(
        reverse("programme-edit", args=[programme.slug]),
        programme_post(
            programme,
            partners=[str(partnership.nhs.pk), str(fire.pk)],
            warning_days="14",
            rag_scale="five",
            reporting_period="3",
        ),
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert set(programme.partners.all()) == {partnership.nhs, fire}
    assert (programme.warning_days, programme.rag_scale, programme.reporting_period_months) == (
        14,
        "five",
        3,
    )
    assert programme.history.latest().history_user == programme_manager


def test_the_lead_cannot_also_be_a_partner(sign_in, programme_manager, partnership):
    programme = partnership.programme

    response = sign_in(programme_manager).post(
        reverse("programme-edit", args=[programme.slug]),
        programme_post(programme, partners=[str(partnership.council.pk)]),
    )

    assert response.status_code == 200
    assert "leads the programme: it cannot also be a partner" in response.content.decode()
    assert list(programme.partners.all()) == [partnership.nhs]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the warning window in days, like 30"),
        ("ten", "whole number of days"),
        ("-1", "0 days or more"),
    ],
)
def test_a_bad_warning_window_is_refused(sign_in, programme_manager, partnership, value, message):
    programme = partnership.programme

    response = sign_in(programme_manager).post(
        reverse("programme-edit", args=[programme.slug]),
        programme_post(programme, warning_days=value),
    )

    assert response.status_code == 200 and message in response.content.decode()
    programme.refresh_from_db()
    assert programme.warning_days == 30


def test_a_programme_changed_meanwhile_is_refused_keeping_yours(
    sign_in, programme_manager, partnership
):
    programme = partnership.programme
    data = programme_post(programme, warning_days="10")
    programme.warning_days = 45
    programme.save()

    response = sign_in(programme_manager).post(
        reverse("programme-edit", args=[programme.slug]), data
    )

    assert response.status_code == 200
    changed = response.context["form"].changed_meanwhile
    assert [(c.field, c.yours, c.theirs) for c in changed] == [
        ("RAG warning window, in days", "10", "45")
    ]
    programme.refresh_from_db()
    assert programme.warning_days == 45


def test_edit_programme_is_for_managers_only(sign_in, viewer, outsider, partnership):
    url = reverse("programme-edit", args=[partnership.programme.slug])

    assert sign_in(viewer).get(url).status_code == 403
    assert sign_in(outsider).get(url).status_code == 404


def test_partners_changed_meanwhile_make_the_form_stale(sign_in, programme_manager, partnership):
    programme = partnership.programme
    data = programme_post(programme, partners=[])
    fire = OrganisationFactory(name="East Sussex Fire and Rescue Service")
    programme.partners.add(fire)  # someone else adds a partner meanwhile

    response = sign_in(programme_manager).post(
        reverse("programme-edit", args=[programme.slug]), data
    )

    assert response.status_code == 200
    changed = response.context["form"].changed_meanwhile
    assert [(c.field, c.yours, c.theirs) for c in changed] == [
        ("Partners", "", f"{fire.name}; {partnership.nhs.name}")
    ]
    assert set(programme.partners.all()) == {partnership.nhs, fire}


def test_the_add_deliverable_page_costs_the_same_queries_for_many_deliverables(
    sign_in, programme_manager, partnership, django_assert_max_num_queries
):
    client = sign_in(programme_manager)
    url = pages(partnership)["add deliverable"]
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    DeliverableFactory.create_batch(30, stage=partnership.stage)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_edit_action_page_costs_the_same_queries_for_many_owners(
    sign_in, programme_manager, partnership, django_assert_max_num_queries
):
    client = sign_in(programme_manager)
    action = partnership.council_action
    url = reverse("action-edit", args=[action.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(10):
        ActionOwnerFactory(action=action)
        ActionOwnerFactory(action=action, person=None, name="Head of Service", kind="role")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_actions_owners_come_first_in_their_order_so_saving_keeps_it(
    sign_in, programme_manager, partnership
):
    action = partnership.council_action
    first = action.owners.get()
    zed = PersonFactory(name="Aaron Zed")  # first in the directory's order
    ActionOwnerFactory(action=action, person=zed, order=5)
    client = sign_in(programme_manager)

    form = client.get(reverse("action-edit", args=[action.pk])).context["form"]

    heading, options = form.fields["owners"].choices[0]
    assert heading == "Owners now"
    assert [value for value, _ in options] == [f"person-{first.person_id}", f"person-{zed.pk}"]
    people = dict(form.fields["owners"].choices)["People"]
    assert f"person-{zed.pk}" not in [value for value, _ in people]
