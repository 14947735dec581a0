"""The demo partnership that ``make run`` loads."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from commissioning.programmes.models import Action, Programme, ProgressUpdate, Stage
from commissioning.programmes.services import DEMO_PASSWORD, DEMO_USERNAME, load_demo


@pytest.mark.django_db
def test_demo_holds_both_customer_documents_and_a_login():
    result = load_demo()

    programme = Programme.objects.get()
    assert result.programme == programme
    assert programme.lead_organisation.short_name == "BHCC"
    assert programme.partners.count() == 5
    assert list(programme.stages.values_list("code", flat=True)) == ["T1", "T2", "T3"]
    assert programme.actions.count() == 9
    assert ProgressUpdate.objects.count() == 7
    signing_in = RequestFactory().post("/sign-in/")  # sign-in throttling needs the request
    assert authenticate(signing_in, username=DEMO_USERNAME, password=DEMO_PASSWORD) is not None


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    before = (Stage.history.count(), Action.history.count(), ProgressUpdate.objects.count())

    result = load_demo()

    assert result.changes == {}
    assert (Stage.history.count(), Action.history.count(), ProgressUpdate.objects.count()) == (
        before
    )


@pytest.mark.django_db
def test_load_demo_command_prints_how_to_sign_in():
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert "3 stages, 9 actions" in out.getvalue()
    assert DEMO_USERNAME in out.getvalue() and DEMO_PASSWORD in out.getvalue()
