from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from commissioning.commissions.services import create_commission
from commissioning.finance import services
from commissioning.finance.models import DeepDive, SpendLine, Submission
from commissioning.performance.models import Indicator, IndicatorValue


def url(name, pot, *args, query=""):
    return reverse(name, args=[pot.home.slug, *args]) + query


def test_the_pot_page_shows_the_matrix_charts_and_split(client, pot, people, partnership):
    client.force_login(people.viewer)
    response = client.get(url("finance-pot", pot, query="?year=2010/11&phase=budget"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "£3,500,000" in text and "£14.00" in text
    assert "+£500,000" in text  # NHS against 2009/10
    assert text.count("<svg") == 2
    assert "Prevention and treatment" in text
    assert "Enter a spend line" not in text  # a viewer enters nothing


def test_the_pot_page_costs_the_same_queries_however_many_lines(
    client, pot, people, partnership, django_assert_max_num_queries
):
    client.force_login(people.viewer)
    address = url("finance-pot", pot, query="?year=2010/11&phase=budget&by=outcome")
    client.get(address)
    with django_assert_max_num_queries(30) as few:
        client.get(address)
    for number in range(40):
        services.save_line(
            partnership=pot.home,
            user=people.manager,
            shares=services.whole(f"Theme {number % 7}"),
            organisation=partnership.nhs if number % 2 else partnership.council,
            financial_year="2010/11",
            amount=Decimal(1000 + number),
            phase="budget",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(address)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name,query",
    [
        ("finance-deep-dive", "?theme=Safer&year=2010/11"),
        ("finance-compare", "?mode=years&from=2009/10&to=2010/11&phase=budget"),
        ("finance-compare", "?mode=phases&year=2010/11&group=partner"),
        ("finance-lines", "?year=2010/11"),
        ("finance-submissions", "?year=2010/11"),
        ("finance-population", ""),
    ],
)
def test_every_page_opens_in_few_queries(
    client, pot, people, name, query, django_assert_max_num_queries
):
    client.force_login(people.viewer)
    with django_assert_max_num_queries(30):
        response = client.get(url(name, pot, query=query))
    assert response.status_code == 200


def test_the_deep_dive_of_an_outcome_lists_its_lines_its_indicators_and_commissions(
    client, pot, people
):
    client.force_login(people.manager)
    address = url(
        "finance-deep-dive", pot, query=f"?outcome={pot.smoking.pk}&year=2010/11&phase=budget"
    )
    text = client.get(address).content.decode()
    assert "Stop smoking" in text and "£2,300,000" in text
    assert "No indicator measures it yet" in text and "No commission serves it yet" in text
    assert "Write the findings and proposals" in text
    adults = Indicator.objects.create(partnership=pot.home, code="NI 123", title="Adults smoking")
    adults.outcomes.add(pot.smoking)
    IndicatorValue.objects.create(
        indicator=adults, period="2010/11", actual=Decimal(30), target=Decimal(20)
    )
    commission = create_commission(
        partnership=pot.home, user=people.manager, title="Quit service", outcomes=[pot.smoking]
    )
    commission.providers.add(pot.home.lead_organisation)
    text = client.get(address).content.decode()
    assert "NI 123 Adults smoking" in text and ">Green<" in text  # 30 beats 20, higher better
    assert "Quit service" in text and escape(pot.home.lead_organisation.name) in text
    themed = client.get(url("finance-deep-dive", pot, query="?theme=Healthier&year=2010/11"))
    assert "Quit service" in themed.content.decode()  # its outcome is of the theme


def test_deep_dive_notes_are_saved_and_a_stale_form_is_refused(client, pot, people):
    client.force_login(people.manager)
    address = url("finance-deep-dive-theme-notes", pot, "Safer")
    response = client.post(
        address, {"findings": "Mostly police", "proposals": "Pool it", "version": 0}
    )
    assert response.status_code == 302
    dive = DeepDive.objects.get(theme="Safer")
    assert dive.findings == "Mostly police"
    response = client.post(address, {"findings": "Old copy", "proposals": "", "version": 0})
    assert response.status_code == 400
    assert "Someone else changed these notes" in response.content.decode()
    dive.refresh_from_db()
    assert dive.findings == "Mostly police"
    client.force_login(people.contributor)
    assert client.post(address, {"findings": "x", "version": 0}).status_code == 403


def line_data(partnership, **more):
    return {
        "organisation": partnership.nhs.pk,
        "financial_year": "2011-12",
        "amount": "£1.2m",
        "phase": "budget",
        "kind": "prevention",
        "spending": "revenue",
        "theme": "Healthier",
        "locally_controlled": "unknown",
        "version": 0,
        **more,
    }


def test_a_contributor_enters_and_edits_only_their_own_lines(client, pot, people, partnership):
    client.force_login(people.contributor)
    response = client.post(url("finance-line-new", pot), line_data(partnership))
    assert response.status_code == 302
    line = SpendLine.objects.get(financial_year="2011/12")
    assert line.amount == Decimal("1200000") and line.organisation == partnership.nhs
    refused = client.post(
        url("finance-line-new", pot), line_data(partnership, organisation=partnership.council.pk)
    )
    assert refused.status_code == 400  # the council is not offered to them
    council_line = pot.lines.council_safer
    assert client.get(url("finance-line-edit", pot, council_line.pk)).status_code == 403
    assert client.post(url("finance-line-delete", pot, council_line.pk)).status_code == 403
    client.force_login(people.viewer)
    assert client.get(url("finance-line-new", pot)).status_code == 403
    client.force_login(people.outsider)
    assert client.get(url("finance-pot", pot)).status_code == 404


def test_a_bad_split_and_a_stale_edit_are_refused_with_the_persons_values_kept(
    client, pot, people, partnership
):
    client.force_login(people.manager)
    response = client.post(
        url("finance-line-new", pot), line_data(partnership, split="60% H2\n30% Safer")
    )
    assert response.status_code == 400
    assert "90 %, not 100 %" in response.content.decode()
    line = pot.lines.nhs_health
    edit = url("finance-line-edit", pot, line.pk)
    version = line.history.latest().history_id
    response = client.post(
        edit, line_data(partnership, financial_year="2010/11", amount="3m", version=version - 1)
    )
    assert response.status_code == 400
    assert "Someone else changed this line" in response.content.decode()
    line.refresh_from_db()
    assert line.amount == Decimal("2000000")
    response = client.post(
        edit,
        line_data(
            partnership,
            financial_year="2010/11",
            amount="3m",
            split="50% H2\n50% Safer",
            version=version,
        ),
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("3000000") and line.shares.count() == 2


def test_partners_mark_their_submission_and_managers_see_who_to_chase(
    client, pot, people, partnership
):
    client.force_login(people.contributor)
    response = client.post(
        url("finance-submit", pot), {"organisation": partnership.nhs.pk, "year": "2010/11"}
    )
    assert response.status_code == 302
    assert Submission.objects.filter(organisation=partnership.nhs).exists()
    assert (
        client.post(
            url("finance-submit", pot), {"organisation": partnership.council.pk, "year": "2010/11"}
        ).status_code
        == 403
    )
    client.force_login(people.manager)
    text = client.get(url("finance-submissions", pot, query="?year=2010/11")).content.decode()
    assert "To chase for 2010/11: Brighton &amp; Hove City Council." in text


def test_population_is_set_by_managers_only(client, pot, people):
    client.force_login(people.contributor)
    assert (
        client.post(
            url("finance-population", pot), {"financial_year": "2009/10", "people": 1}
        ).status_code
        == 403
    )
    client.force_login(people.manager)
    assert (
        client.post(
            url("finance-population", pot), {"financial_year": "2009/10", "people": 240000}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url("finance-population", pot), {"financial_year": "2009", "people": 1}
        ).status_code
        == 400
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "zip"])
def test_downloads(client, pot, people, fmt):
    client.force_login(people.viewer)
    response = client.get(url("finance-download", pot, fmt, query="?year=2010/11"))
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    assert client.get(url("finance-download", pot, "pdf")).status_code == 404


def test_a_pools_contributions_are_counted_from_the_pot_page(client, pot, people, partnership):
    from commissioning.partnership import governance

    agreement = governance.save_agreement(
        partnership=pot.home,
        title="Pooled",
        kind="section_75_pooled_budget",
        status="draft",
        parties=[partnership.council, partnership.nhs],
        host=partnership.council,
    )
    governance.set_contribution(
        agreement=agreement,
        organisation=partnership.nhs,
        financial_year="2010/11",
        amount=Decimal("50000"),
    )
    client.force_login(people.manager)
    text = client.get(url("finance-pot", pot, query="?year=2010/11&phase=budget")).content.decode()
    assert "Not counted yet" in text
    client.post(
        url("finance-pool-lines", pot, agreement.pk), {"year": "2010/11", "phase": "budget"}
    )
    assert SpendLine.objects.filter(pool=agreement, organisation=partnership.nhs).count() == 1
