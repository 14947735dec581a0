"""Two people edit the same item at once: the second save is refused, nothing is lost."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from commissioning.core.audit import CHANGED
from commissioning.partnership.models import ProgrammeRole
from commissioning.programmes import trails

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_manager(partnership):
    """Another council officer managing the same programme."""
    user = get_user_model().objects.create_user(
        "second-manager", "second@example.org", "x-pass-123", first_name="Sam", last_name="Jones"
    )
    ProgrammeRole.objects.create(user=user, programme=partnership.programme, role="manager")
    return user


def form_values(page: str) -> dict:
    """The edit form's fields as the page gives them, as a browser would submit them."""
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    values.update(re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>\s*([^<]*)</textarea>', page))
    found = {
        name: html.unescape(value)
        for name, value in values.items()
        if name != "csrfmiddlewaretoken"
    }
    for name, options in re.findall(
        r'<select[^>]*name="(\w+)"[^>]*multiple[^>]*>(.*?)</select>', page, re.S
    ):
        found[name] = re.findall(r'<option value="([^"]*)"[^>]*selected', options)
    return found


def loaded_form(client, url: str) -> dict:
    return form_values(client.get(url).content.decode())


def test_the_second_save_is_refused_showing_what_changed_and_both_edits_stay(
    sign_in, programme_manager, second_manager, partnership
):
    action = partnership.council_action
    url = reverse("action-edit", args=[action.pk])
    first, second = sign_in(programme_manager), sign_in(second_manager)

    # Given both have the edit form open
    first_form, second_form = loaded_form(first, url), loaded_form(second, url)
    assert first_form["version"] == second_form["version"]

    # When the first saves a new title, then the second saves a different title and section
    saved = first.post(url, {**first_form, "title": "Agree the structure by March"})
    refused = second.post(
        url, {**second_form, "title": "Agree a new structure", "section": "Governance"}
    )

    # Then the first is stored
    assert saved.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.section) == ("Agree the structure by March", "")
    # And the second is refused, told who changed what: their value beside the other's
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "council-manager changed this action while you were editing it (action)" in page
    changed = refused.context["form"].changed_meanwhile
    assert [(c.field, c.yours, c.theirs, c.who) for c in changed] == [
        ("Action", "Agree a new structure", "Agree the structure by March", "council-manager")
    ]
    # And their own values are still in the form, ready to save over the first on purpose
    assert "Agree a new structure</textarea>" in page
    assert 'value="Governance"' in page
    resaved = second.post(url, form_values(page))
    assert resaved.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.section) == ("Agree a new structure", "Governance")
    # And the history keeps both edits, each with its author
    edits = [(e.who, e.changes) for e in trails.action_trail(action) if e.what == CHANGED]
    assert [who for who, _ in edits] == ["Sam Jones", "council-manager"]
