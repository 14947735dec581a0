"""Governance edit forms refuse a copy someone saved over since it was shown: nothing changes,
the person is told who changed what, and their own values stay in the form."""

from datetime import date

import pytest
from django.urls import reverse

from commissioning.partnership import governance
from commissioning.partnership.models import Agreement, Body, Post
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    PostFactory,
)
from commissioning.programmes.concurrency import EditConflict, current_version
from commissioning.programmes.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_body_form_shown_before_another_save_is_refused_and_changes_nothing(
    signed_in_client, manager
):
    body = BodyFactory(name="Public Service Board")
    loaded = current_version(body)
    governance.save_body(body=body, description="Changed by someone else")

    response = signed_in_client.post(
        reverse("governance-body-edit", args=[body.pk]),
        {"name": "My new name", "kind": "board", "version": loaded},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "changed this body while you were editing it (description)" in page
    assert "Nothing was saved" in page
    assert 'id="changed-meanwhile"' in page and "Changed by someone else" in page
    assert 'value="My new name"' in page  # the person's own values stay in the form
    assert Body.objects.get(pk=body.pk).name == "Public Service Board"
    # The refused form now carries the current version: saving it again keeps theirs.
    assert f'name="version" value="{current_version(body)}"' in page


def test_a_body_form_from_the_current_version_saves(signed_in_client):
    body = BodyFactory(name="Public Service Board")

    response = signed_in_client.post(
        reverse("governance-body-edit", args=[body.pk]),
        {"name": "Renamed board", "kind": "board", "version": current_version(body)},
    )

    assert response.status_code == 302
    assert Body.objects.get(pk=body.pk).name == "Renamed board"


def test_a_stale_post_form_is_refused(signed_in_client):
    post = PostFactory(title="Commissioner")
    loaded = current_version(post)
    governance.save_post(post=post, body=post.body, title="Strategic Director", remit=post.remit)

    response = signed_in_client.post(
        reverse("governance-post-edit", args=[post.pk]),
        {"title": "Head of Service", "version": loaded},
    )

    assert response.status_code == 200
    assert "changed this post while you were editing it (title)" in response.content.decode()
    assert Post.objects.get(pk=post.pk).title == "Strategic Director"


def test_filling_a_post_from_a_stale_form_is_refused_and_keeps_the_holder(signed_in_client):
    post = PostFactory()
    first = PersonFactory(organisation=post.body.organisation)
    second = PersonFactory(organisation=post.body.organisation)
    loaded = current_version(post)
    governance.fill_post(post=post, person=first, on=date(2010, 6, 1))

    response = signed_in_client.post(
        reverse("governance-post-fill", args=[post.pk]),
        {"person": second.pk, "on": "1 July 2010", "version": loaded},
    )

    assert response.status_code == 200
    assert "changed this post while you were editing it" in response.content.decode()
    post.refresh_from_db()
    assert post.holder == first
    assert post.tenures.count() == 1


def test_vacating_a_post_from_a_stale_form_is_refused(signed_in_client):
    post = PostFactory()
    person = PersonFactory(organisation=post.body.organisation)
    loaded = current_version(post)
    governance.fill_post(post=post, person=person, on=date(2010, 6, 1))

    response = signed_in_client.post(
        reverse("governance-post-vacate", args=[post.pk]), {"on": "1 July 2010", "version": loaded}
    )

    assert response.status_code == 200
    post.refresh_from_db()
    assert post.holder == person


def test_a_stale_agreement_form_is_refused(signed_in_client):
    agreement = AgreementFactory(title="Pooled budget")
    loaded = current_version(agreement)
    party = agreement.partnership.lead_organisation
    governance.save_agreement(
        agreement=agreement,
        title="Pooled budget",
        kind=agreement.kind,
        status="signed",
        parties=[party],
    )

    response = signed_in_client.post(
        reverse("governance-agreement-edit", args=[agreement.pk]),
        {
            "title": "Another title",
            "kind": agreement.kind,
            "status": "draft",
            "parties": [party.pk],
            "version": loaded,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "changed this agreement while you were editing it (status)" in page
    assert "Signed" in page and ">signed<" not in page  # the choice as people read it
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert (agreement.title, agreement.status) == ("Pooled budget", "signed")


def test_two_saves_from_the_same_copy_cannot_both_win():
    body = BodyFactory(name="Board")
    loaded = current_version(body)
    governance.save_body(body=body, expected_version=loaded, name="First")

    with pytest.raises(EditConflict):
        governance.save_body(
            body=Body.objects.get(pk=body.pk), expected_version=loaded, name="Second"
        )

    assert Body.objects.get(pk=body.pk).name == "First"
