"""The outcomes API: scoped by partnership, constant queries, links refused by loop."""

import pytest

from commissioning.outcomes import services

LISTS = ["outcomes", "outcome-chains", "alignments", "needs-analyses", "gaps"]


@pytest.fixture
def world(library, partnership):
    user = library.user
    partner = services.create_chain(
        partnership=partnership.home, user=user, title="NHS", owner_organisation=partnership.nhs
    )
    services.add_link(chain=partner, from_outcome=library.s, to_outcome=library.a, user=user)
    services.create_alignment(partner_chain=partner, council_chain=library.chain, user=user)
    services.create_needs_analysis(
        partnership=partnership.home, user=user, title="JSNA", kind="survey", outcomes=[library.a]
    )
    services.create_gap(
        partnership=partnership.home, user=user, outcome=library.b, description="d", severity="low"
    )
    return library


@pytest.mark.parametrize("resource", LISTS)
def test_members_read_and_outsiders_see_nothing(world, api_as, viewer, outsider, resource):
    rows = api_as(viewer).get(f"/api/v1/{resource}/").json()["results"]
    assert rows and {row["partnership"] for row in rows} == {"brighton-and-hove"}
    seen = api_as(outsider).get(f"/api/v1/{resource}/").json()["results"]
    assert all(row["partnership"] != "brighton-and-hove" for row in seen)
    detail = f"/api/v1/{resource}/{rows[0]['id']}/"
    assert api_as(outsider).get(detail).status_code == 404


@pytest.mark.parametrize("resource", LISTS)
def test_lists_keep_a_constant_number_of_queries(
    world, api_as, partnership, resource, django_assert_max_num_queries
):
    client = api_as(world.user)
    client.get(f"/api/v1/{resource}/")
    with django_assert_max_num_queries(12) as before:
        client.get(f"/api/v1/{resource}/")
    for n in range(5):
        outcome = services.create_outcome(
            partnership=partnership.home, user=world.user, title=f"T{n}", level="population_result"
        )
        chain = services.create_chain(partnership=partnership.home, user=world.user, title=f"C{n}")
        services.add_link(chain=chain, from_outcome=outcome, to_outcome=world.a, user=world.user)
        services.create_alignment(partner_chain=chain, council_chain=world.chain, user=world.user)
        services.create_gap(
            partnership=partnership.home,
            user=world.user,
            outcome=outcome,
            description="d",
            severity="low",
        )
        services.create_needs_analysis(
            partnership=partnership.home,
            user=world.user,
            title=f"N{n}",
            kind="survey",
            outcomes=[outcome],
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(f"/api/v1/{resource}/")


def test_alignment_gives_the_figure_and_gaps(world, api_as):
    (row,) = api_as(world.user).get("/api/v1/alignments/").json()["results"]
    assert row["figure"] == pytest.approx(1 / 3)
    assert set(row["council_missing"]) == {world.b.pk, world.c.pk}
    assert row["partner_missing"] == [world.s.pk]


def test_adding_a_link_that_closes_a_loop_is_refused_with_the_loop(world, api_as, viewer):
    url = f"/api/v1/outcome-chains/{world.chain.pk}/links/"
    body = {"from_outcome": world.a.pk, "to_outcome": world.c.pk}
    response = api_as(world.user).post(url, body, format="json")
    assert response.status_code == 400
    assert "People live longer → Stop-smoking" in response.json()["to_outcome"][0]
    assert api_as(viewer).post(url, body, format="json").status_code == 403
    ok = api_as(world.user).post(
        url, {"from_outcome": world.c.pk, "to_outcome": world.a.pk}, format="json"
    )
    assert ok.status_code == 201


def test_the_partnership_filter(world, api_as):
    client = api_as(world.user)
    assert client.get("/api/v1/outcomes/?partnership=surrey").json()["results"] == []
    assert client.get("/api/v1/outcomes/?partnership=brighton-and-hove").json()["count"] == 4


def test_the_schema_lists_the_outcomes_endpoints(api_as, world):
    schema = api_as(world.user).get("/api/v1/schema/").content.decode()
    for resource in LISTS:
        assert f"/api/v1/{resource}/" in schema
