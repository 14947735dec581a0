"""Saves fired at the same instant, from threads against a live server: exactly one wins.

Runs on PostgreSQL, where requests have connections of their own; the in-memory SQLite test
database is one connection shared by the live server's threads, so the race cannot happen
there (and on a real SQLite file, writers queue behind one lock).
"""

import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from commissioning.programmes.concurrency import current_version
from commissioning.programmes.models import Action
from commissioning.programmes.tests.factories import ActionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs a database where each request has its own connection (PostgreSQL)",
    ),
]
ROUNDS = 8
PEOPLE = 4


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def request(url: str, *, cookie: str, data: bytes | None = None, headers=None, method=None):
    """(status, body, headers); a refusal is an answer, not an exception."""
    sent = urllib.request.Request(
        url, data=data, headers={"Cookie": cookie, **(headers or {})}, method=method
    )
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(sent, timeout=30) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def at_once(count: int, work) -> list:
    """Run ``work(i)`` in ``count`` threads released together; their results in order."""
    start = threading.Barrier(count)
    results = [None] * count

    def run(index):
        start.wait()
        results[index] = work(index)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_edit_form_saves_at_the_same_instant_exactly_one_wins(live_server, manager):
    action = ActionFactory(title="Agree the budget")
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie(manager)}"
    edit_url = f"{live_server.url}/actions/{action.pk}/edit/"
    for round_number in range(ROUNDS):
        status, page, headers = request(edit_url, cookie=cookie)
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        csrf = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
        history_before = action.history.count()

        def save(person, round_number=round_number, token=token, version=version, csrf=csrf):
            form = {
                "csrfmiddlewaretoken": token,
                "version": version,
                "title": f"Round {round_number}: person {person}'s wording",
                "ref": "",
                "timescale": "April 2008",
                "section": "",
            }
            return request(
                edit_url,
                cookie=f"{cookie}; csrftoken={csrf}",
                data=urllib.parse.urlencode(form).encode(),
                headers={"Referer": edit_url},
            )

        results = at_once(PEOPLE, save)

        won = [index for index, (status, _, _) in enumerate(results) if status == 302]
        refused = [body for status, body, _ in results if status == 200]
        assert len(won) == 1, [status for status, _, _ in results]
        assert len(refused) == PEOPLE - 1
        assert all("changed this action" in body or "has changed" in body for body in refused)
        action.refresh_from_db()
        assert action.title == f"Round {round_number}: person {won[0]}'s wording"
        assert action.history.count() == history_before + 1


def test_api_changes_at_the_same_instant_exactly_one_wins(live_server, manager):
    from rest_framework.authtoken.models import Token

    action = ActionFactory(title="Agree the budget")
    token = Token.objects.create(user=manager).key
    url = f"{live_server.url}/api/v1/actions/{action.pk}/"
    for round_number in range(ROUNDS):
        etag = f'"{current_version(action)}"'

        def change(person, round_number=round_number, etag=etag):
            body = json.dumps({"title": f"Round {round_number}: client {person}"}).encode()
            return request(
                url,
                cookie="",
                data=body,
                headers={
                    "Authorization": f"Token {token}",
                    "Content-Type": "application/json",
                    "If-Match": etag,
                },
                method="PATCH",
            )

        results = at_once(PEOPLE, change)

        statuses = sorted(status for status, _, _ in results)
        assert statuses == [200] + [412] * (PEOPLE - 1), statuses
        winner = next(json.loads(body) for status, body, _ in results if status == 200)
        assert Action.objects.get(pk=action.pk).title == winner["title"]
    connection.close()
