"""The API never loses an update: records carry an ETag, and a change must say (If-Match)
which version it was made to."""

import pytest

from commissioning.programmes import services
from commissioning.programmes.concurrency import current_version

pytestmark = pytest.mark.django_db


def url(action) -> str:
    return f"/api/v1/actions/{action.pk}/"


def test_a_record_answers_with_its_version_as_etag(partnership, programme_manager, api_as):
    api = api_as(programme_manager)
    action = partnership.nhs_action

    for record_url in [
        url(action),
        f"/api/v1/programmes/{partnership.programme.slug}/",
        f"/api/v1/stages/{partnership.stage.pk}/",
        f"/api/v1/deliverables/{partnership.internal.pk}/",
    ]:
        response = api.get(record_url)
        assert response.status_code == 200
        assert response["ETag"].strip('"').isdigit(), record_url
    assert api.get(url(action))["ETag"] == f'"{current_version(action)}"'


def test_a_change_without_if_match_is_refused_with_428(partnership, programme_manager, api_as):
    action = partnership.nhs_action

    response = api_as(programme_manager).patch(url(action), {"title": "Mine"}, format="json")

    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    action.refresh_from_db()
    assert action.title == "Pool the budgets"


def test_a_change_to_an_old_version_is_refused_with_412_saying_what_changed(
    partnership, programme_manager, manager, api_as
):
    action = partnership.nhs_action
    api = api_as(programme_manager)
    old = api.get(url(action))["ETag"]
    services.update_action(
        action=action,
        author=manager,
        title="Pool the budgets by April",
        ref=action.ref,
        timescale_text=action.timescale_text,
        section=action.section,
    )

    response = api.patch(url(action), {"title": "Mine"}, format="json", HTTP_IF_MATCH=old)

    assert response.status_code == 412
    body = response.json()
    assert body["changed"] == [
        {"field": "title", "was": "Pool the budgets", "now": "Pool the budgets by April"}
    ]
    assert "title" in body["detail"] and body["changed_by"] == "manager"
    assert body["etag"] == f'"{current_version(action)}"'
    action.refresh_from_db()
    assert action.title == "Pool the budgets by April"


@pytest.mark.parametrize("header", ['"nonsense"', "*", '"99999999999999999999999"'])
def test_an_unreadable_if_match_is_a_412(partnership, programme_manager, api_as, header):
    action = partnership.nhs_action

    response = api_as(programme_manager).patch(
        url(action), {"title": "Mine"}, format="json", HTTP_IF_MATCH=header
    )

    assert response.status_code == 412
    action.refresh_from_db()
    assert action.title == "Pool the budgets"


def test_a_change_to_the_current_version_is_saved_with_a_new_etag(
    partnership, programme_manager, api_as
):
    action = partnership.nhs_action
    api = api_as(programme_manager)
    etag = api.get(url(action))["ETag"]

    response = api.patch(
        url(action), {"title": "Mine", "status": "blocked"}, format="json", HTTP_IF_MATCH=etag
    )

    assert response.status_code == 200, response.json()
    assert response["ETag"] != etag
    assert response["ETag"] == api.get(url(action))["ETag"]
    again = api.patch(url(action), {"title": "Again"}, format="json", HTTP_IF_MATCH=etag)
    assert again.status_code == 412  # the ETag read before the first change is now old
    action.refresh_from_db()
    assert (action.title, action.status) == ("Mine", "blocked")


def test_a_viewer_archiving_is_told_it_is_not_allowed(partnership, viewer, api_as):
    response = api_as(viewer).post(f"/api/v1/actions/{partnership.nhs_action.pk}/archive/")

    assert response.status_code == 403
    detail = response.json()["detail"]
    assert "not allowed to archive this action" in detail
    assert "status" not in detail
