"""Who may do what with outcomes: partnership managers change, members read, anybody else
finds nothing (404), and an anonymous visitor is sent to sign in."""

import pytest
from django.urls import reverse

from commissioning.outcomes import services
from commissioning.outcomes.models import Outcome
from commissioning.partnership.models import PartnershipRole

SLUG = "brighton-and-hove"


def reading_pages(world):
    return [
        reverse("outcomes-library", args=[SLUG]),
        reverse("outcomes-outcome", args=[SLUG, world.a.pk]),
        reverse("outcomes-chains", args=[SLUG]),
        reverse("outcomes-chain", args=[SLUG, world.chain.pk]),
        reverse("outcomes-chain-download", args=[SLUG, world.chain.pk, "csv"]),
        reverse("outcomes-alignments", args=[SLUG]),
        reverse("outcomes-alignment", args=[SLUG, world.alignment.pk]),
        reverse("outcomes-needs-analyses", args=[SLUG]),
        reverse("outcomes-gaps", args=[SLUG]),
        reverse("outcomes-gap", args=[SLUG, world.gap.pk]),
        reverse("outcomes-coverage", args=[SLUG]),
    ]


def changing_pages(world):
    return [
        reverse("outcomes-outcome-new", args=[SLUG]),
        reverse("outcomes-outcome-edit", args=[SLUG, world.a.pk]),
        reverse("outcomes-outcome-archive", args=[SLUG, world.a.pk]),
        reverse("outcomes-chain-new", args=[SLUG]),
        reverse("outcomes-chain-edit", args=[SLUG, world.chain.pk]),
        reverse("outcomes-alignment-new", args=[SLUG]),
        reverse("outcomes-needs-analysis-new", args=[SLUG]),
        reverse("outcomes-needs-analysis-edit", args=[SLUG, world.analysis.pk]),
        reverse("outcomes-gap-new", args=[SLUG]),
        reverse("outcomes-gap-edit", args=[SLUG, world.gap.pk]),
    ]


def posted_changes(world):
    return [
        reverse("outcomes-chain-add-link", args=[SLUG, world.chain.pk]),
        reverse("outcomes-chain-add-factor", args=[SLUG, world.chain.pk]),
        reverse("outcomes-alignment-mark", args=[SLUG, world.alignment.pk]),
        reverse("outcomes-gap-move", args=[SLUG, world.gap.pk]),
        reverse("outcomes-outcome-link", args=[SLUG, world.a.pk]),
        reverse("outcomes-chain-link-item", args=[SLUG, world.chain.pk]),
        reverse("outcomes-chain-archive", args=[SLUG, world.chain.pk]),
        reverse("outcomes-chain-remove-link", args=[SLUG, world.chain.pk]),
        reverse("outcomes-needs-analysis-archive", args=[SLUG, world.analysis.pk]),
        reverse("outcomes-alignment-unmark", args=[SLUG, world.alignment.pk, 1]),
    ]


def test_a_manager_of_a_programme_the_council_leads_manages_its_outcomes(
    world, sign_in, programme_manager, partnership
):
    """As for governance: managing a programme your own organisation leads makes you one of the
    partnership's managers (``access.managed_partnerships``)."""
    client = sign_in(programme_manager)
    for url in changing_pages(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["viewer", "partner_contributor"])
def test_members_read_every_page_but_change_nothing(request, world, sign_in, persona):
    client = sign_in(request.getfixturevalue(persona))
    for url in reading_pages(world):
        assert client.get(url).status_code == 200, url
    for url in changing_pages(world):
        assert client.get(url).status_code == 403, url
    for url in posted_changes(world):
        assert client.post(url, {}).status_code == 403, url
    page = client.get(reverse("outcomes-chain", args=[SLUG, world.chain.pk])).content.decode()
    assert "Add a link" not in page


def test_a_viewer_cannot_change_an_outcome_by_posting(world, sign_in, viewer):
    response = sign_in(viewer).post(
        reverse("outcomes-outcome-edit", args=[SLUG, world.a.pk]),
        {"title": "Hijacked", "level": "population_result", "status": "draft"},
    )
    assert response.status_code == 403
    assert Outcome.objects.get(pk=world.a.pk).title == "People live longer"


def test_outsiders_find_nothing(world, sign_in, outsider):
    client = sign_in(outsider)
    for url in reading_pages(world) + changing_pages(world):
        assert client.get(url).status_code == 404, url
    for url in posted_changes(world):
        assert client.post(url, {}).status_code == 404, url


def test_another_partnerships_manager_cannot_reach_ours_through_their_slug(
    world, sign_in, outsider, partnership
):
    """An outsider managing their own partnership asks for our rows under their slug: 404."""
    PartnershipRole.objects.create(user=outsider, partnership=partnership.away, role="manager")
    client = sign_in(outsider)
    assert client.get(reverse("outcomes-library", args=["surrey"])).status_code == 200
    for url in (
        reverse("outcomes-outcome", args=["surrey", world.a.pk]),
        reverse("outcomes-outcome-edit", args=["surrey", world.a.pk]),
        reverse("outcomes-chain", args=["surrey", world.chain.pk]),
        reverse("outcomes-gap", args=["surrey", world.gap.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # And an outcome of ours cannot be linked into their chain.
    theirs = services.create_chain(partnership=partnership.away, user=outsider, title="Surrey")
    response = client.post(
        reverse("outcomes-chain-add-link", args=["surrey", theirs.pk]),
        {"from_outcome": world.a.pk, "to_outcome": world.away.pk, "confidence": "low"},
    )
    assert response.status_code == 400
    assert not theirs.links.exists()


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for url in reading_pages(world)[:3]:
        response = client.get(url)
        assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_manager_sees_the_forms(world, sign_in):
    page = sign_in(world.user).get(reverse("outcomes-chain", args=[SLUG, world.chain.pk]))
    assert "Add a contributory factor under an outcome" in page.content.decode()
