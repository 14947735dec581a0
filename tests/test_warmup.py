"""Workers start warm: every module imports, every template compiles, no query is made."""

import pytest
from django.urls import reverse

from commissioning.warmup import project_modules, template_names, warm_up


def test_warm_up_loads_every_module_and_template_without_touching_the_database():
    # No django_db mark: any query here would fail the test.
    loaded = warm_up()

    assert loaded["modules"] > 100
    assert loaded["templates"] > 100


def test_the_warm_up_leaves_out_tests_and_migrations_but_keeps_the_views():
    modules = project_modules()

    assert "commissioning.programmes.views.programme" in modules
    assert "commissioning.reports.renderers.sections" in modules
    assert not [name for name in modules if ".tests" in name or ".migrations" in name]


def test_every_template_the_apps_ship_is_found():
    names = template_names()

    assert "base.html" in names or any(name.endswith("/base.html") for name in names)
    assert len(names) == len(set(names)), "two apps ship a template under the same name"


@pytest.mark.django_db
def test_a_page_still_answers_after_the_warm_up(client):
    warm_up()

    assert client.get(reverse("sign-in")).status_code == 200
