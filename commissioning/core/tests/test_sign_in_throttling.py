"""Signing in is refused for a while after repeated wrong passwords (django-axes)."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import RequestFactory
from django.urls import reverse

from commissioning.core.tests.test_deploy_settings import REPOSITORY, production_environment
from commissioning.core.throttling import client_ip_address

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-pass-123"
LOCKED_OUT = "You cannot sign in at the moment"


@pytest.fixture
def officer(django_user_model):
    return django_user_model.objects.create_user("officer", "officer@example.org", PASSWORD)


def sign_in(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        reverse("sign-in"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def fail(client, times: int, username: str = "officer", address: str = "127.0.0.1") -> None:
    for _ in range(times):
        response = sign_in(client, username, "wrong password", address)
        assert response.status_code in {200, 429}


def is_signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_the_right_password_after_five_wrong_ones_is_refused(client, officer, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail(client, 5)

    response = sign_in(client, "officer", PASSWORD)

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()
    assert "locked for 15 minutes" in response.content.decode()
    assert not is_signed_in(client)


def test_the_fifth_wrong_password_shows_the_lockout_page(client, officer):
    fail(client, 4)

    response = sign_in(client, "officer", "wrong password")

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()


def test_four_wrong_passwords_still_let_the_right_one_in(client, officer):
    fail(client, 4)

    response = sign_in(client, "officer", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_signing_in_resets_the_count_of_failures(client, officer):
    fail(client, 4)
    assert sign_in(client, "officer", PASSWORD).status_code == 302
    client.logout()
    fail(client, 4)

    response = sign_in(client, "officer", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_a_lockout_is_for_that_username_from_that_address(client, officer, django_user_model):
    django_user_model.objects.create_user("colleague", "colleague@example.org", PASSWORD)
    fail(client, 5)

    assert sign_in(client, "colleague", PASSWORD).status_code == 302
    client.logout()
    assert sign_in(client, "officer", PASSWORD, address="192.0.2.8").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, officer):
    fail(client, 5)
    attempt = AccessAttempt.objects.get()
    attempt.attempt_time -= timedelta(minutes=16)
    attempt.save()

    response = sign_in(client, "officer", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_admin_sign_in_is_throttled_too(client, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "root", "password": "wrong"})

    response = client.post(reverse("admin:login"), {"username": "root", "password": PASSWORD})

    assert response.status_code == 429
    assert LOCKED_OUT in response.content.decode()


def test_an_api_token_still_works_while_the_username_is_locked_out(client, officer):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=officer)
    fail(client, 5)

    response = client.get(reverse("api-programme-list"), HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "127.0.0.1"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "203.0.113.9, 198.51.100.1", "198.51.100.1"),
        (2, "203.0.113.9, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (1, "", "127.0.0.1"),
        (2, "198.51.100.1", "127.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip_address(request) == expected


def test_the_limit_and_cool_off_come_from_the_environment(tmp_path):
    environment = production_environment(
        tmp_path, AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="60", TRUSTED_PROXY_COUNT="1"
    )
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.TRUSTED_PROXY_COUNT)"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPOSITORY,
        env=environment | {"PYTHONPATH": os.fspath(REPOSITORY)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["3", "1:00:00", "1"]


def test_an_address_trying_many_usernames_is_refused_even_with_a_right_password(
    client, officer, settings
):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for number in range(8):  # two tries each at four usernames: none reaches its own limit
        fail(client, 1, username=f"guess-{number % 4}", address="198.51.100.7")

    refused = sign_in(client, "officer", PASSWORD, address="198.51.100.7")

    assert refused.status_code == 429
    assert LOCKED_OUT in refused.content.decode()
    assert not is_signed_in(client)
    assert sign_in(client, "officer", PASSWORD, address="192.0.2.9").status_code == 302


def test_an_address_below_its_limit_still_signs_in(client, officer, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 8
    for number in range(7):
        fail(client, 1, username=f"guess-{number}", address="198.51.100.7")

    assert sign_in(client, "officer", PASSWORD, address="198.51.100.7").status_code == 302


def test_the_address_limit_comes_from_the_environment_and_is_higher(settings):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT
