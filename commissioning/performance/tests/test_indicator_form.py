"""Adding and changing an indicator: the service, the page, who may, stale copies, history."""

from __future__ import annotations

from decimal import Decimal

import pytest

from commissioning.outcomes import services as outcomes_services
from commissioning.partnership.models import PartnershipRole, Person
from commissioning.performance import services
from commissioning.performance.models import Indicator, IndicatorValue
from commissioning.programmes.concurrency import EditConflict, current_version
from commissioning.programmes.tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

NEW = "/performance/hovewell/indicators/new/"


@pytest.fixture
def partnership():
    lead = OrganisationFactory(name="Hovewell Council")
    return PartnershipFactory(name="Hovewell Partnership", slug="hovewell", lead_organisation=lead)


def _user(django_user_model, username, partnership, role=None, organisation=None):
    user = django_user_model.objects.create_user(username)
    Person.objects.create(name=username.title(), organisation=organisation, user=user)
    if role:
        PartnershipRole.objects.create(user=user, partnership=partnership, role=role)
    return user


@pytest.fixture
def manager(django_user_model, partnership):
    return _user(django_user_model, "pat", partnership, "manager", partnership.lead_organisation)


def outcome(partnership, user, code, title):
    return outcomes_services.create_outcome(
        partnership=partnership,
        user=user,
        code=code,
        title=title,
        level="population_result",
        theme="Healthier",
    )


def posted(**more) -> dict:
    data = {
        "title": "Adult participation in sport",
        "code": "NI 8",
        "kind": "population",
        "polarity": "higher_is_better",
        "decimals": "1",
        "tolerance": "0.05",
        "unit": "%",
        "version": "0",
    }
    return {**data, **more}


def test_the_service_adds_an_indicator_with_its_baseline_and_target(partnership, manager):
    sport = outcome(partnership, manager, "H1", "People are active")

    made = services.save_indicator(
        partnership=partnership,
        user=manager,
        outcomes=[sport],
        baseline=services.Figure("2007/08", "21.3%"),
        target=services.Figure("2010/11", "TBC"),
        title="Adult participation in sport",
        code="NI 8",
        polarity="higher_is_better",
    )

    assert list(made.outcomes.all()) == [sport]
    values = {v.period: v for v in IndicatorValue.objects.filter(indicator=made)}
    assert values["2007/08"].baseline and values["2007/08"].actual == Decimal("21.3")
    assert values["2010/11"].target is None and values["2010/11"].target_text == "TBC"
    assert made.history.get().history_user == manager


def test_the_service_refuses_a_code_already_used_naming_the_field(partnership, manager):
    services.save_indicator(partnership=partnership, user=manager, title="One", code="NI 8")

    with pytest.raises(services.IndicatorRefused) as refused:
        services.save_indicator(partnership=partnership, user=manager, title="Two", code="ni 8")

    assert refused.value.fields == {
        "code": "The partnership already has an indicator with the code ni 8"
    }
    assert Indicator.objects.count() == 1


def test_the_service_refuses_a_save_from_a_stale_copy(partnership, manager):
    made = services.save_indicator(partnership=partnership, user=manager, title="One")
    copy = current_version(made)
    services.save_indicator(
        partnership=partnership, user=manager, indicator=made, expected_version=copy, title="Two"
    )

    with pytest.raises(EditConflict):
        services.save_indicator(
            partnership=partnership,
            user=manager,
            indicator=Indicator.objects.get(),
            expected_version=copy,
            title="Three",
        )

    assert Indicator.objects.get().title == "Two"


def test_a_manager_adds_an_indicator_from_the_scorecard(client, partnership, manager):
    sport = outcome(partnership, manager, "H1", "People are active")
    client.force_login(manager)
    assert NEW in client.get("/performance/hovewell/").content.decode()

    saved = client.post(
        NEW,
        posted(
            outcomes=[sport.pk],
            owner_organisation=partnership.lead_organisation.pk,
            baseline_period="2007/08",
            baseline="21.3",
            target_period="2010/11",
            target="24",
        ),
    )

    made = Indicator.objects.get()
    assert (
        saved.status_code == 302
        and saved["Location"] == f"/performance/hovewell/indicators/{made.pk}/"
    )
    assert (made.code, made.unit, made.owner_organisation) == (
        "NI 8",
        "%",
        partnership.lead_organisation,
    )
    assert IndicatorValue.objects.get(period="2010/11").target == 24
    page = client.get(saved["Location"]).content.decode()
    assert f"/performance/hovewell/indicators/{made.pk}/edit/" in page
    assert "History of the indicator" in page and "pat</td>" in page


def test_bad_input_is_listed_in_the_error_summary_naming_each_field(client, partnership, manager):
    client.force_login(manager)

    refused = client.post(
        NEW,
        posted(title="", decimals="lots", tolerance="2", baseline_period="2007/08", baseline="TBC",
               target="24"),
    )  # fmt: skip

    assert refused.status_code == 400
    html = refused.content.decode()
    assert "govuk-error-summary" in html
    for message in (
        "Enter the name",
        "Enter the decimal places as a whole number",
        "Tolerance must be 1 or less",
    ):
        assert message in html
    assert Indicator.objects.count() == 0
    baseline = client.post(
        NEW, posted(baseline_period="2007/08", baseline="TBC", target="24")
    ).content.decode()
    assert "Enter the baseline as a number" in baseline
    assert "Enter the period of the target" in baseline
    assert Indicator.objects.count() == 0 and IndicatorValue.objects.count() == 0


def test_a_manager_changes_an_indicator_and_a_stale_copy_is_refused(client, partnership, manager):
    made = services.save_indicator(partnership=partnership, user=manager, title="Old name")
    client.force_login(manager)
    edit = f"/performance/hovewell/indicators/{made.pk}/edit/"
    version = client.get(edit).context["form"].initial["version"]

    first = client.post(edit, posted(title="New name", polarity="lower_is_better", version=version))
    stale = client.post(edit, posted(title="Stale name", version=version))

    assert first.status_code == 302
    assert (
        stale.status_code == 400 and "Someone else changed this indicator" in stale.content.decode()
    )
    made.refresh_from_db()
    assert (made.title, made.polarity) == ("New name", "lower_is_better")
    assert [v.title for v in made.history.order_by("history_id")] == ["Old name", "New name"]
    # The refused page carries the current version: saving again keeps the person's values.
    again = client.post(
        edit, posted(title="Stale name", version=stale.context["form"]["version"].value())
    )
    assert again.status_code == 302 and Indicator.objects.get().title == "Stale name"


def test_only_managers_add_or_change_indicators(client, partnership, manager, django_user_model):
    made = services.save_indicator(partnership=partnership, user=manager, title="One")
    edit = f"/performance/hovewell/indicators/{made.pk}/edit/"
    viewer = _user(django_user_model, "vic", partnership, "viewer")
    stranger = _user(django_user_model, "sam", partnership)

    client.force_login(viewer)
    assert client.get(NEW).status_code == 403
    assert client.post(edit, posted()).status_code == 403
    assert NEW not in client.get("/performance/hovewell/").content.decode()
    client.force_login(stranger)
    assert client.get(NEW).status_code == 404
    assert client.get(edit).status_code == 404
    client.logout()
    assert client.get(NEW).status_code in (302, 404)
    assert Indicator.objects.get().title == "One"


def test_an_indicator_of_another_partnership_is_not_found(client, partnership, manager):
    other = PartnershipFactory(slug="elsewhere")
    theirs = services.save_indicator(partnership=other, user=None, title="Theirs")
    client.force_login(manager)

    assert client.get(f"/performance/hovewell/indicators/{theirs.pk}/edit/").status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_the_form_page_costs_the_same_queries_whatever_the_size(
    client, partnership, manager, django_assert_max_num_queries, size
):
    outcomes = [outcome(partnership, manager, f"H{n}", f"Outcome {n}") for n in range(size)]
    made = services.save_indicator(
        partnership=partnership,
        user=manager,
        title="One",
        outcomes=outcomes,
        baseline=services.Figure("2007/08", "1"),
    )
    for n in range(size):
        services.save_indicator(
            partnership=partnership, user=manager, indicator=made, title=f"Name {n}"
        )
    client.force_login(manager)

    with django_assert_max_num_queries(13):
        assert client.get(f"/performance/hovewell/indicators/{made.pk}/edit/").status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get(NEW).status_code == 200
    with django_assert_max_num_queries(13):
        assert client.get(f"/performance/hovewell/indicators/{made.pk}/").status_code == 200


def test_saving_an_indicator_again_leaves_its_baseline_and_target_values_alone(
    partnership, manager
):
    figures = {
        "baseline": services.Figure("2007/08", "21.3"),
        "target": services.Figure("2010/11", "24"),
    }
    made = services.save_indicator(partnership=partnership, user=manager, title="One", **figures)
    versions = IndicatorValue.history.count()

    services.save_indicator(
        partnership=partnership, user=manager, indicator=made, title="Two", **figures
    )
    assert IndicatorValue.history.count() == versions
    services.save_indicator(
        partnership=partnership,
        user=manager,
        indicator=made,
        title="Two",
        baseline=figures["baseline"],
        target=services.Figure("2010/11", "25"),
    )
    assert IndicatorValue.history.count() == versions + 1
    assert IndicatorValue.objects.get(period="2010/11").target == 25
