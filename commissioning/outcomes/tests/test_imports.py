"""Importing an outcomes framework into a partnership's library: all or nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commissioning.outcomes.models import ChainLink, Outcome

FRAMEWORK = (
    "Theme,Outcome,Sub-outcome,Code,Level\n"
    "Healthy lives,Residents live well,,R1,Population result\n"
    ",,Fewer people drink too much,R1.1,\n"
    ",,More people walk,R1.2,Contributory factor\n"
)


def run(path, *args):
    out = io.StringIO()
    call_command("import_outcomes", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_the_command_creates_outcomes_and_contributes_to_links(tmp_path, partnership):
    path = tmp_path / "framework.csv"
    path.write_text(FRAMEWORK)

    out = run(path, "--partnership", partnership.home.slug, "--chain", "Framework")

    assert "Imported 3 outcomes and 2 links." in out
    made = Outcome.objects.filter(partnership=partnership.home, code__startswith="R1")
    assert dict(made.values_list("code", "level")) == {
        "R1": "population_result",
        "R1.1": "intermediate_outcome",
        "R1.2": "contributory_factor",
    }
    links = ChainLink.objects.filter(chain__title="Framework")
    assert sorted(links.values_list("from_outcome__code", "to_outcome__code")) == [
        ("R1.1", "R1"),
        ("R1.2", "R1"),
    ]


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path, partnership):
    path = tmp_path / "framework.csv"
    path.write_text(FRAMEWORK)
    before = Outcome.objects.count()

    out = run(path, "--partnership", partnership.home.slug, "--dry-run")

    assert "Would import 3 outcomes and 2 links." in out
    assert Outcome.objects.count() == before


@pytest.mark.django_db
def test_an_unknown_parent_is_named_by_file_and_line_and_nothing_is_written(tmp_path, partnership):
    path = tmp_path / "library.csv"
    path.write_text("Code,Outcome,Contributes to\nZ1,One,\nZ2,Two,NOPE\n")
    before = Outcome.objects.count()

    with pytest.raises(CommandError) as refused:
        run(path, "--partnership", partnership.home.slug)

    assert str(refused.value) == (
        "library.csv, line 3: contributes to 'NOPE', which is neither in the file nor the library"
    )
    assert Outcome.objects.count() == before


@pytest.mark.django_db
def test_importing_the_same_file_again_adds_nothing_and_a_clash_is_named(tmp_path, partnership):
    path = tmp_path / "framework.csv"
    path.write_text(FRAMEWORK)
    slug = partnership.home.slug
    run(path, "--partnership", slug, "--chain", "Framework")

    again = run(path, "--partnership", slug, "--chain", "Framework")

    assert "Imported 0 outcomes and 0 links." in again
    assert ChainLink.objects.filter(chain__title="Framework").count() == 2
    path.write_text(FRAMEWORK.replace("More people walk", "More people cycle"))
    with pytest.raises(CommandError) as refused:
        run(path, "--partnership", slug, "--chain", "Framework")
    assert str(refused.value) == (
        "framework.csv, line 4: the library already has an outcome with the code R1.2 "
        "('More people walk')"
    )


def test_a_framework_published_as_nested_bullets_imports_with_its_links(partnership):
    from commissioning.outcomes.imports import import_outcomes
    from commissioning.outcomes.models import ChainLink, Outcome

    text = (
        b"# Our outcomes\n\n"
        b"- Healthier\n"
        b"  - H1 People live longer\n"
        b"    - H1.1 Fewer people smoke\n"
        b"- Safer\n"
        b"  - S1 People feel safe\n"
    )

    result = import_outcomes(
        partnership=partnership.home, user=None, data=text, filename="framework.md"
    )

    assert (result.created, result.links) == (3, 1)
    smoke = Outcome.objects.get(partnership=partnership.home, code="H1.1")
    assert (smoke.theme, smoke.level) == ("Healthier", "intermediate_outcome")
    link = ChainLink.objects.get(from_outcome=smoke)
    assert link.to_outcome.code == "H1"
