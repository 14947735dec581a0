"""Security settings: password rules, secure cookies and HSTS, and no open redirects."""

import subprocess
import sys

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from commissioning.core.tests.test_deploy_settings import REPOSITORY, production_environment

PASSWORD = "a-long-enough-pass-123"
UNSAFE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "http://evil.example/directory/",
    "https:evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
]


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("officer", "officer@example.org", PASSWORD)


# --- Passwords ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["short1", "password123", "12345678901234", "officer-officer"],
    ids=["too short", "common", "all numbers", "like the username"],
)
def test_weak_passwords_are_refused(django_user_model, password):
    user = django_user_model(username="officer-officer", email="officer@example.org")

    with pytest.raises(ValidationError):
        validate_password(password, user=user)


def test_a_long_uncommon_password_is_accepted(django_user_model):
    user = django_user_model(username="officer", email="officer@example.org")

    assert validate_password("wobbly-lantern-harbour-17", user=user) is None


# --- Production cookies and HSTS ------------------------------------------------------------


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS)"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPOSITORY,
        env=production_environment(tmp_path) | {"PYTHONPATH": str(REPOSITORY)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 4 + ["31536000", "True", "True", "DENY"]


# --- Redirects ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_signing_in_never_redirects_to_another_site(client, officer, target):
    response = client.post(
        reverse("sign-in"), {"username": "officer", "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert SESSION_KEY in client.session


@pytest.mark.django_db
def test_signing_in_goes_on_to_a_page_of_this_site(client, officer):
    response = client.post(
        reverse("sign-in"), {"username": "officer", "password": PASSWORD, "next": "/directory/"}
    )

    assert response.url == "/directory/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_the_sign_in_page_does_not_carry_another_sites_address(client, target):
    response = client.get(reverse("sign-in"), {"next": target})

    assert response.status_code == 200
    assert "evil.example" not in response.content.decode()
    assert "javascript:" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_a_signed_in_user_is_not_sent_to_another_site(client, officer, target):
    client.force_login(officer)

    response = client.get(reverse("sign-in"), {"next": target})

    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.django_db
@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_signing_out_never_redirects_to_another_site(client, officer, target):
    client.force_login(officer)

    response = client.post(reverse("sign-out"), {"next": target})

    assert response.status_code == 302
    assert response.url == reverse("sign-in")


@pytest.mark.django_db
@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_the_admin_sign_in_never_redirects_to_another_site(client, django_user_model, target):
    django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)

    response = client.post(
        reverse("admin:login"), {"username": "root", "password": PASSWORD, "next": target}
    )

    assert response.status_code == 302
    assert "evil.example" not in response.url
