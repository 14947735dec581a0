"""An address with a NUL character is refused plainly, on every database."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_in_an_api_query_is_a_400_in_the_api_error_shape(signed_in_client):
    response = signed_in_client.get("/api/v1/outcome-chains/", {"partnership": "a\x00b"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "NUL character" in response.json()["detail"]


def test_a_nul_in_a_page_address_is_a_400_with_a_plain_message(signed_in_client):
    response = signed_in_client.get("/programmes/", {"q": "a\x00b"})

    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_an_ordinary_query_still_reaches_the_page(signed_in_client):
    assert signed_in_client.get("/api/v1/outcome-chains/", {"partnership": "ab"}).status_code == 200
