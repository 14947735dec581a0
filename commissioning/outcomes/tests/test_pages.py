"""The outcomes pages: each renders for a member, changes go through forms, lists keep a
constant number of queries."""

import pytest
from django.urls import reverse

from commissioning.outcomes import services
from commissioning.outcomes.models import ChainLink, Gap, Outcome

SLUG = "brighton-and-hove"


def _url(name, *args):
    return reverse(name, args=[SLUG, *args])


def _drawing(page: str) -> str:
    start = page.index('<div class="app-chain-drawing">') + len('<div class="app-chain-drawing">')
    return page[start : page.index("</svg>", start) + 6]


def _pages(world):
    return [
        _url("outcomes-library"),
        _url("outcomes-library") + "?theme=Healthier&level=population_result&q=live",
        _url("outcomes-outcome", world.a.pk),
        _url("outcomes-chains"),
        _url("outcomes-chain", world.chain.pk),
        _url("outcomes-alignments"),
        _url("outcomes-alignment", world.alignment.pk),
        _url("outcomes-needs-analyses"),
        _url("outcomes-gaps"),
        _url("outcomes-gap", world.gap.pk),
        _url("outcomes-coverage"),
        _url("outcomes-outcome-new"),
        _url("outcomes-outcome-edit", world.a.pk),
        _url("outcomes-chain-new"),
        _url("outcomes-alignment-new"),
        _url("outcomes-needs-analysis-new"),
        _url("outcomes-needs-analysis-edit", world.analysis.pk),
        _url("outcomes-gap-new"),
        _url("outcomes-gap-edit", world.gap.pk),
        _url("outcomes-outcome-archive", world.a.pk),
    ]


def test_every_page_renders_for_a_manager(world, sign_in):
    client = sign_in(world.user)
    for url in _pages(world):
        response = client.get(url)
        assert response.status_code == 200, url


def test_the_chain_page_draws_the_chain_and_lists_it_as_text(world, sign_in):
    page = sign_in(world.user).get(_url("outcomes-chain", world.chain.pk)).content.decode()
    drawing = _drawing(page)
    assert drawing.startswith("<svg") and "<script" not in drawing
    assert _url("outcomes-outcome", world.a.pk) in page  # nodes link to the outcome pages
    assert "so that" in page


def test_adding_a_loop_through_the_form_shows_the_loop(world, sign_in):
    response = sign_in(world.user).post(
        _url("outcomes-chain-add-link", world.chain.pk),
        {"from_outcome": world.a.pk, "to_outcome": world.c.pk, "confidence": "high"},
    )
    assert response.status_code == 400
    assert "This link would close a loop: People live longer → Stop-smoking" in (
        response.content.decode()
    )
    assert ChainLink.objects.filter(chain=world.chain).count() == 2


def test_a_contributory_factor_is_added_under_an_outcome(world, sign_in):
    response = sign_in(world.user).post(
        _url("outcomes-chain-add-factor", world.chain.pk),
        {"under": world.c.pk, "title": "Pharmacies stock aids", "confidence": "low"},
    )
    assert response.status_code == 302
    factor = Outcome.objects.get(title="Pharmacies stock aids")
    assert ChainLink.objects.filter(from_outcome=factor, to_outcome=world.c).exists()


def test_a_hostile_title_is_escaped_in_the_drawing(world, sign_in):
    services.edit_outcome(
        outcome=world.a, user=world.user, title='<script>alert(1)</script> "x" \\N <b>'
    )
    client = sign_in(world.user)
    page = client.get(_url("outcomes-chain", world.chain.pk)).content.decode()
    assert "<script>alert" not in page
    assert "<script" not in _drawing(page) and "&lt;script&gt;" in _drawing(page)
    svg = client.get(_url("outcomes-chain-download", world.chain.pk, "svg")).content.decode()
    assert "<script" not in svg and "&lt;script&gt;" in svg


@pytest.mark.parametrize("fmt", ["svg", "png", "csv", "xlsx"])
def test_downloads(world, sign_in, fmt):
    response = sign_in(world.user).get(_url("outcomes-chain-download", world.chain.pk, fmt))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]


def test_an_unknown_download_format_is_not_found(world, sign_in):
    response = sign_in(world.user).get(_url("outcomes-chain-download", world.chain.pk, "exe"))
    assert response.status_code == 404


def test_the_link_table_lists_every_link(world, sign_in):
    csv = sign_in(world.user).get(_url("outcomes-chain-download", world.chain.pk, "csv"))
    lines = csv.content.decode().strip().splitlines()
    assert lines[0].startswith("From code,From outcome")
    assert len(lines) == 3


def test_alignment_page_gives_the_figure_and_gaps_each_way(world, sign_in):
    page = sign_in(world.user).get(_url("outcomes-alignment", world.alignment.pk)).content.decode()
    # The NHS chain holds H1 of the council's three outcomes: a third reached.
    assert "33%" in page
    assert "Fewer people smoke" in page


def test_a_gap_moves_on_with_a_date(world, sign_in):
    response = sign_in(world.user).post(
        _url("outcomes-gap-move", world.gap.pk),
        {"status": "being_addressed", "on": "1 January 2099"},
    )
    assert response.status_code == 302
    assert Gap.objects.get(pk=world.gap.pk).status == "being_addressed"
    response = sign_in(world.user).post(
        _url("outcomes-gap-move", world.gap.pk), {"status": "closed", "on": "not a date"}
    )
    assert response.status_code == 400
    assert "Enter the date of the move" in response.content.decode()


def test_creating_an_outcome_through_the_form(world, sign_in):
    response = sign_in(world.user).post(
        _url("outcomes-outcome-new"),
        {"code": "H1", "title": "Duplicate", "level": "population_result", "status": "draft"},
    )
    assert response.status_code == 400
    assert "Another outcome already has the code H1" in response.content.decode()
    response = sign_in(world.user).post(
        _url("outcomes-outcome-new"),
        {"code": "H9", "title": "New one", "level": "population_result", "status": "draft"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "name",
    [
        "outcomes-library",
        "outcomes-chains",
        "outcomes-alignments",
        "outcomes-needs-analyses",
        "outcomes-gaps",
        "outcomes-coverage",
    ],
)
def test_list_pages_keep_a_constant_number_of_queries(
    world, sign_in, partnership, name, django_assert_max_num_queries
):
    client = sign_in(world.user)
    client.get(_url(name))
    with django_assert_max_num_queries(16) as before:
        client.get(_url(name))
    # Ten more outcomes, chains, analyses and gaps cost no more queries.
    for n in range(10):
        outcome = services.create_outcome(
            partnership=partnership.home,
            user=world.user,
            code=f"Z{n}",
            title=f"Extra {n}",
            level="intermediate_outcome",
            theme=f"Theme {n}",
        )
        chain = services.create_chain(partnership=partnership.home, user=world.user, title=f"C{n}")
        services.add_link(chain=chain, from_outcome=outcome, to_outcome=world.a, user=world.user)
        services.create_needs_analysis(
            partnership=partnership.home,
            user=world.user,
            title=f"N{n}",
            kind="survey",
            outcomes=[outcome],
        )
        services.create_gap(
            partnership=partnership.home,
            user=world.user,
            outcome=outcome,
            description="d",
            severity="low",
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(_url(name))


def test_a_deliverable_page_shows_the_chains_it_is_about_and_their_alignment(
    world, sign_in, partnership
):
    services.link_programme_item(item=partnership.internal, target=world.partner, user=world.user)
    services.link_programme_item(item=partnership.internal, target=world.analysis, user=world.user)
    page = sign_in(world.user).get(reverse("deliverable", args=[partnership.internal.pk]))
    text = page.content.decode()
    assert "Outcomes and evidence" in text
    assert "NHS chain" in text and "reaches 33% of the council" in text
    assert "Smoking JSNA (2009/10)" in text


def test_a_deliverable_links_to_a_chain_through_the_chain_page(world, sign_in, partnership):
    client = sign_in(world.user)
    response = client.post(
        _url("outcomes-chain-link-item", world.chain.pk), {"deliverable": partnership.internal.pk}
    )
    assert response.status_code == 302
    response = client.post(
        _url("outcomes-chain-link-item", world.chain.pk), {"action": partnership.other_action.pk}
    )
    assert response.status_code == 400  # another partnership's action is not a choice
    page = client.get(reverse("action", args=[partnership.council_action.pk])).content.decode()
    assert "Outcomes and evidence" not in page  # nothing linked: nothing shown


def test_a_link_is_removed_from_the_chain(world, sign_in):
    link = ChainLink.objects.get(chain=world.chain, from_outcome=world.c)
    client = sign_in(world.user)
    response = client.post(_url("outcomes-chain-remove-link", world.chain.pk), {"link": link.pk})
    assert response.status_code == 302
    assert not ChainLink.objects.filter(pk=link.pk).exists()
    assert client.post(_url("outcomes-chain-remove-link", world.chain.pk), {}).status_code == 302


def test_the_text_version_reads_so_that(world, sign_in):
    page = sign_in(world.user).get(_url("outcomes-chain", world.chain.pk)).content.decode()
    assert "H2 Fewer people smoke</a>, <strong>so that</strong> H1 People live longer" in page


def test_the_chain_page_says_who_added_and_removed_links(world, sign_in):
    link = ChainLink.objects.get(chain=world.chain, from_outcome=world.c)
    services.remove_link(link=link, user=world.user)
    page = sign_in(world.user).get(_url("outcomes-chain", world.chain.pk)).content.decode()
    assert "Removed the link “H3 Stop-smoking services reach more people” so that" in page
    assert "Added the link “H2 Fewer people smoke” so that “H1 People live longer”" in page
    assert "outcomes-manager" in page


def test_outcomes_is_in_the_navigation_and_lists_the_partnerships(world, sign_in):
    page = sign_in(world.user).get(reverse("outcomes-start")).content.decode()
    assert 'href="/outcomes/"' in page
    assert "Brighton &amp; Hove City Partnership" in page
    assert "Surrey Partnership" not in page


def test_chains_and_needs_analyses_are_archived_and_restored(world, sign_in):
    client = sign_in(world.user)
    chain_url = _url("outcomes-chain", world.partner.pk)
    client.post(_url("outcomes-chain-archive", world.partner.pk))
    assert chain_url not in client.get(_url("outcomes-chains")).content.decode()
    client.post(_url("outcomes-chain-archive", world.partner.pk))
    assert chain_url in client.get(_url("outcomes-chains")).content.decode()
    versions = world.analysis.history.count()
    client.post(_url("outcomes-needs-analysis-archive", world.analysis.pk))
    client.get(_url("outcomes-library"))  # the message is shown, and gone
    assert "Smoking JSNA" not in client.get(_url("outcomes-coverage")).content.decode()
    assert world.analysis.history.count() == versions + 1
    assert world.analysis.history.first().archived_at is not None


def _serve(world, partnership, number: int) -> None:
    """Another indicator with a value, a spend line shared to the outcome and a commission."""
    from decimal import Decimal

    from commissioning.commissions.services import create_commission
    from commissioning.finance.models import SpendLine, SpendShare
    from commissioning.performance.models import Indicator, IndicatorValue

    indicator = Indicator.objects.create(
        partnership=partnership.home, code=f"L{number}", title=f"Measure {number}"
    )
    indicator.outcomes.add(world.a)
    IndicatorValue.objects.create(indicator=indicator, period="2009/10", actual=Decimal(number))
    for year, phase in (("2009/10", "outturn"), ("2010/11", "budget")):
        line = SpendLine.objects.create(
            partnership=partnership.home,
            organisation=partnership.nhs if number % 2 else partnership.council,
            financial_year=year,
            phase=phase,
            amount=Decimal(1000),
        )
        SpendShare.objects.create(line=line, outcome=world.a, percent=Decimal(50))
    commission = create_commission(
        partnership=partnership.home,
        user=world.user,
        title=f"Commission {number}",
        outcomes=[world.a],
    )
    commission.providers.add(partnership.nhs)


def test_the_outcome_page_joins_its_indicators_money_and_commissions_in_constant_queries(
    world, sign_in, partnership, django_assert_max_num_queries
):
    client = sign_in(world.user)
    address = _url("outcomes-outcome", world.a.pk)
    page = client.get(address).content.decode()
    assert "No indicator measures it yet" in page and "No commission serves it yet" in page
    assert "No spend in the total pot is shared to it yet" in page
    _serve(world, partnership, 1)
    with django_assert_max_num_queries(60) as few:
        page = client.get(address).content.decode()
    assert "L1 Measure 1" in page and "Commission 1" in page
    assert "2010/11" in page and "Budget" in page and "Outturn" in page and "£500" in page
    for number in range(2, 12):
        _serve(world, partnership, number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(address).content.decode()
    assert "L11 Measure 11" in page and "Commission 11" in page
    assert "£3,000" in page and "£2,500" in page  # six NHS, five council lines at 50%


def test_the_chain_page_keeps_a_constant_number_of_queries_as_the_chain_grows(
    world, sign_in, partnership, django_assert_max_num_queries
):
    client = sign_in(world.user)
    address = _url("outcomes-chain", world.chain.pk)
    client.get(address)
    with django_assert_max_num_queries(40) as before:
        client.get(address)
    under = world.a
    for n in range(10):  # a branch ten outcomes deep, each contributing to the one above
        outcome = services.create_outcome(
            partnership=partnership.home,
            user=world.user,
            code=f"Y{n}",
            title=f"Deeper {n}",
            level="contributory_factor",
        )
        services.add_link(
            chain=world.chain, from_outcome=outcome, to_outcome=under, user=world.user
        )
        under = outcome
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(address).content.decode()
    assert "Deeper 9" in page


# --- Change logs --------------------------------------------------------------------------------


def test_the_change_logs_say_who_changed_what_field_for_outcome_chain_and_alignment(
    client, world, partnership, outcomes_manager
):

    client.force_login(outcomes_manager)
    services.edit_outcome(outcome=world.b, user=outcomes_manager, title="Fewer smoke")
    slug = partnership.home.slug

    page = client.get(f"/outcomes/{slug}/{world.b.pk}/history/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Fewer people smoke" in html and "Fewer smoke" in html  # the title, was → now
    assert "outcomes-manager" in html  # who, by their user name (no full name is set)
    assert "East" in html  # its gap's creation is in the outcome's log

    chain = client.get(f"/outcomes/{slug}/chains/{world.chain.pk}/history/").content.decode()
    assert "“So that” link" in chain and "People live longer" in chain
    alignment = client.get(f"/outcomes/{slug}/alignment/{world.alignment.pk}/history/")
    assert alignment.status_code == 200
    assert (
        "Partner chain" in alignment.content.decode() and "NHS chain" in alignment.content.decode()
    )


def test_a_change_log_reads_the_same_number_of_queries_however_long(
    client, world, partnership, outcomes_manager
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(outcomes_manager)
    url = f"/outcomes/{partnership.home.slug}/chains/{world.chain.pk}/history/"
    counts = []
    for extra in (1, 8):
        for n in range(extra):
            factor = services.add_contributory_factor(
                chain=world.chain,
                under=world.a,
                title=f"Factor {extra}-{n}",
                user=outcomes_manager,
            )
            assert factor is not None
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_needs_analysis_and_a_gap_have_their_change_logs(
    client, world, partnership, outcomes_manager
):
    client.force_login(outcomes_manager)
    services.edit_gap(gap=world.gap, user=outcomes_manager, severity="low")
    slug = partnership.home.slug

    gap = client.get(f"/outcomes/{slug}/gaps/{world.gap.pk}/history/").content.decode()
    analysis = client.get(f"/outcomes/{slug}/needs/{world.analysis.pk}/history/")

    assert "Severity" in gap and "High" in gap and "Low" in gap
    assert analysis.status_code == 200 and "Smoking JSNA" in analysis.content.decode()
    listing = client.get(f"/outcomes/{slug}/needs/").content.decode()
    assert f"/outcomes/{slug}/needs/{world.analysis.pk}/history/" in listing
