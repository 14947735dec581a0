"""The service's own error pages, favicon, GOV.UK assets and staff-only footer link."""

import lxml.html
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import RequestFactory, override_settings
from django.urls import reverse

from commissioning.core.error_pages import ServicePagesInDebug

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    return lxml.html.fromstring(response.content.decode()).xpath("string(//h1)").strip()


@pytest.mark.parametrize("debug", [True, False])
def test_an_unknown_address_shows_the_services_page_not_found(signed_in_client, debug):
    with override_settings(DEBUG=debug):
        response = signed_in_client.get("/no-such-page/")

    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert b"Go to your programmes" in response.content


@override_settings(DEBUG=True)
def test_a_programme_not_found_in_debug_shows_the_services_page(signed_in_client):
    response = signed_in_client.get("/programmes/no-such-programme/")

    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert b"technical" not in response.content.lower()


@override_settings(DEBUG=True)
def test_an_address_missing_its_slash_is_still_redirected(signed_in_client):
    response = signed_in_client.get("/api")

    assert response.status_code == 301
    assert response["Location"] == "/api/"


@override_settings(DEBUG=True, DEBUG_ERROR_PAGES=True)
def test_developers_can_ask_for_djangos_pages(signed_in_client):
    response = signed_in_client.get("/no-such-page/")

    assert response.status_code == 404
    assert heading(response) != "Page not found"


@override_settings(DEBUG=True)
def test_an_uncaught_error_in_debug_shows_sorry_and_is_logged(manager, caplog):
    request = RequestFactory().get("/programmes/")
    request.user = manager

    response = ServicePagesInDebug(lambda r: None).process_exception(request, RuntimeError("boom"))

    assert response.status_code == 500
    assert heading(response) == "Sorry, there is a problem with the service"
    assert "boom" not in response.content.decode()
    assert any(record.exc_info and "boom" in str(record.exc_info[1]) for record in caplog.records)


def test_the_500_page_renders_without_a_request():
    from django.template import loader

    html = loader.get_template("500.html").render()

    assert "Sorry, there is a problem with the service" in html


def test_a_forbidden_page_is_the_services_own(sign_in, viewer, partnership):
    url = reverse("programme-edit", args=[partnership.programme.slug])

    with override_settings(DEBUG=True):
        response = sign_in(viewer).get(url)

    assert response.status_code == 403
    assert heading(response) == "You cannot do this"


@pytest.mark.parametrize(
    "path",
    ["/assets/fonts/bold-b542beb274-v2.woff2", "/assets/images/govuk-crest.svg", "/favicon.ico"],
)
def test_assets_the_stylesheet_asks_for_are_found(client, path):
    response = client.get(path)

    assert response.status_code == 301
    static_url = (
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    )
    assert response["Location"].startswith(static_url)
    assert finders.find(response["Location"].removeprefix(static_url))


@pytest.mark.parametrize("path", ["/assets/fonts/none.woff2", "/assets/../../settings.py"])
def test_an_unknown_asset_is_not_found(client, path):
    assert client.get(path).status_code == 404


def footer_links(client) -> list[str]:
    html = lxml.html.fromstring(client.get(reverse("home")).content.decode())
    return [" ".join(a.text_content().split()) for a in html.xpath("//footer//a")]


def test_the_footer_offers_administration_to_staff_only(signed_in_client, sign_in, viewer):
    assert "Administration" in footer_links(signed_in_client)
    assert "Administration" not in footer_links(sign_in(viewer))
    assert "API" in footer_links(sign_in(viewer))


def test_every_page_names_its_favicon(signed_in_client):
    html = lxml.html.fromstring(signed_in_client.get(reverse("home")).content.decode())

    assert html.xpath("//link[@rel='icon']/@href")
