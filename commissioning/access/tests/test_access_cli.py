"""``commissioning import`` and ``commissioning report`` with ``--user``: the same rules as on
the web; without it the command acts as the site operator."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commissioning.programmes.models import ImportRun

PLAN = b"Action,Timescale,Responsibility\nAgree the budget,April 2008,TBC\n"


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(PLAN)
    return str(path)


def run(command: str, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- import ------------------------------------------------------------------------------------


def test_the_programme_manager_imports_into_their_programme(partnership, programme_manager, plan):
    output = run(
        "import", plan, "--programme", "Intelligent Commissioning", "--user", "council-manager"
    )

    assert "Imported into Intelligent Commissioning" in output
    assert ImportRun.objects.get().user == programme_manager


@pytest.mark.parametrize("persona", ["viewer", "partner_contributor"])
def test_a_member_who_does_not_manage_is_refused_with_status_3(request, partnership, plan, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(CommandError) as refused:
        run("import", plan, "--programme", "intelligent-commissioning", "--user", user.username)

    assert refused.value.returncode == 3
    assert "not allowed: Only programme managers of Intelligent Commissioning" in str(refused.value)
    assert not ImportRun.objects.exists()


def test_a_dry_run_is_refused_too(partnership, viewer, plan):
    with pytest.raises(CommandError) as refused:
        run(
            "import",
            plan,
            "--programme",
            "intelligent-commissioning",
            "--dry-run",
            "--user",
            viewer.username,
        )

    assert refused.value.returncode == 3


def test_an_outsider_is_refused_without_learning_the_programme_exists(partnership, outsider, plan):
    messages = []
    for name in ("Intelligent Commissioning", "No such programme"):
        with pytest.raises(CommandError) as refused:
            run("import", plan, "--programme", name, "--user", outsider.username)
        messages.append(str(refused.value).replace(name, "?"))

    assert messages[0] == messages[1]
    assert not ImportRun.objects.exists()


def test_without_user_the_site_operator_imports_anything(partnership, plan):
    run("import", plan, "--programme", "A brand new programme", "--partnership", "surrey")

    programme = ImportRun.objects.get().programme
    assert (programme.name, programme.partnership) == ("A brand new programme", partnership.away)


def test_a_new_programme_needs_its_partnership_named_when_there_are_several(partnership, plan):
    with pytest.raises(CommandError) as refused:
        run("import", plan, "--programme", "A brand new programme")

    assert "name the partnership the new programme 'A brand new programme' belongs to" in str(
        refused.value
    )
    assert refused.value.returncode == 2
    assert not ImportRun.objects.exists()


# --- report ------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["viewer", "partner_contributor", "programme_manager"])
def test_every_member_produces_the_report(request, partnership, persona):
    user = request.getfixturevalue(persona)

    output = run("report", "intelligent-commissioning", "--format", "json", "--user", user.username)

    assert json.loads(output)["programme"] == "Intelligent Commissioning"


def test_an_outsider_finds_no_such_programme(partnership, outsider):
    with pytest.raises(CommandError) as refused:
        run("report", "Intelligent Commissioning", "--format", "json", "--user", outsider.username)

    assert refused.value.returncode == 2
    assert "no programme named 'Intelligent Commissioning'" in str(refused.value)


def test_an_unknown_user_is_an_error(partnership):
    with pytest.raises(CommandError) as refused:
        run("report", "intelligent-commissioning", "--user", "nobody")

    assert refused.value.returncode == 2
    assert "no active user named 'nobody'" in str(refused.value)


def test_without_user_the_site_operator_reports_on_any_programme(partnership):
    output = run("report", "surrey-together", "--format", "json")

    assert json.loads(output)["programme"] == "Surrey Together"
