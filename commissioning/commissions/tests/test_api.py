import pytest

pytestmark = pytest.mark.django_db


def test_commissions_and_prioritised_list(client, cycle):
    client.force_login(cycle.user)
    data = client.get("/api/v1/commissions/").json()
    rows = data["results"] if isinstance(data, dict) else data
    titles = {row["title"] for row in rows}
    assert "Stop smoking service" in titles and "Surrey commission" not in titles
    ranked = client.get(f"/api/v1/scoring-rounds/{cycle.round.pk}/prioritised/").json()
    assert [row["commission"] for row in ranked] == [cycle.smoking.pk, cycle.safety.pk]
    assert ranked[0]["rank"] == 1
    assert client.get(f"/api/v1/commissions/{cycle.other.pk}/").status_code == 404
