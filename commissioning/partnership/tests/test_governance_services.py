"""Governance services: filling and vacating posts, decisions, agreements and contributions."""

from datetime import date
from decimal import Decimal

import pytest

from commissioning.partnership import governance
from commissioning.partnership.models import PostTenure
from commissioning.partnership.tests.governance_factories import (
    AgreementFactory,
    BodyFactory,
    MeetingFactory,
    PostFactory,
)
from commissioning.programmes.tests.factories import (
    ActionFactory,
    DeliverableFactory,
    PartnerFactory,
    PersonFactory,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2010/11", "2010/11"),
        ("2010-11", "2010/11"),
        ("2010/2011", "2010/11"),
        (" 2099/00 ", "2099/00"),
        ("FY 2011/12", "2011/12"),
    ],
)
def test_financial_years_are_read_as_people_write_them(text, expected):
    assert governance.read_financial_year(text) == expected


@pytest.mark.parametrize("text", ["", "2010", "April 2010", "Q3 2010/11", "2010/13", "soon"])
def test_anything_but_a_financial_year_is_refused(text):
    with pytest.raises(governance.GovernanceError, match="Enter a financial year, like 2010/11"):
        governance.read_financial_year(text)


in_database = pytest.mark.django_db


def first_partnership():
    from commissioning.partnership.models import Partnership

    return Partnership.objects.order_by("pk").first()


@in_database
def test_filling_a_post_opens_a_tenure_and_sets_the_holder():
    post = PostFactory()
    person = PersonFactory(name="Priya Shah")

    tenure = governance.fill_post(post=post, person=person, on=date(2010, 9, 1))

    post.refresh_from_db()
    assert post.holder == person
    assert post.filled_on == date(2010, 9, 1)
    assert (tenure.person, tenure.start, tenure.end) == (person, date(2010, 9, 1), None)


@in_database
def test_a_new_holder_ends_the_previous_tenure_and_history_is_kept():
    post = PostFactory()
    first, second = PersonFactory(name="First"), PersonFactory(name="Second")
    governance.fill_post(post=post, person=first, on=date(2010, 9, 1))

    governance.fill_post(post=post, person=second, on=date(2011, 1, 10))

    tenures = list(PostTenure.objects.filter(post=post).values_list("person__name", "start", "end"))
    assert tenures == [
        ("First", date(2010, 9, 1), date(2011, 1, 10)),
        ("Second", date(2011, 1, 10), None),
    ]
    post.refresh_from_db()
    assert (post.holder, post.filled_on) == (second, date(2011, 1, 10))


@in_database
def test_filling_a_post_with_its_holder_changes_nothing():
    post = PostFactory()
    person = PersonFactory()
    first = governance.fill_post(post=post, person=person, on=date(2010, 9, 1))

    again = governance.fill_post(post=post, person=person, on=date(2010, 12, 1))

    assert again == first
    assert post.tenures.count() == 1


@in_database
def test_vacating_a_post_ends_the_tenure_and_keeps_it():
    post = PostFactory()
    person = PersonFactory()
    governance.fill_post(post=post, person=person, on=date(2010, 9, 1))

    ended = governance.vacate_post(post=post, on=date(2011, 3, 31))

    post.refresh_from_db()
    assert post.holder is None and post.filled_on is None
    assert ended.end == date(2011, 3, 31)
    assert post.tenures.count() == 1


@in_database
def test_a_post_cannot_change_hands_before_its_holder_started():
    post = PostFactory()
    governance.fill_post(post=post, person=PersonFactory(name="Tom"), on=date(2010, 9, 1))

    with pytest.raises(governance.GovernanceError, match="on or after 1 September 2010"):
        governance.fill_post(post=post, person=PersonFactory(), on=date(2010, 8, 1))
    with pytest.raises(governance.GovernanceError, match="on or after 1 September 2010"):
        governance.vacate_post(post=post, on=date(2010, 8, 1))


@in_database
def test_filling_a_post_is_recorded_in_its_history():
    post = PostFactory()

    governance.fill_post(post=post, person=PersonFactory(), on=date(2010, 9, 1))

    assert post.history.count() == 2


@in_database
def test_a_body_cannot_sit_within_its_own_unit():
    board = BodyFactory()
    unit = BodyFactory(parent=board)

    with pytest.raises(governance.GovernanceError):
        governance.save_body(body=board, parent=unit)


@in_database
def test_a_decision_links_the_actions_and_deliverables_it_affects():
    meeting = MeetingFactory()
    action, deliverable = ActionFactory(), DeliverableFactory()

    decision = governance.record_decision(
        meeting=meeting, text="Agreed", actions=[action], deliverables=[deliverable]
    )

    assert list(decision.actions.all()) == [action]
    assert list(deliverable.decisions.all()) == [decision]


@in_database
def test_the_host_of_an_agreement_is_one_of_its_parties():
    council, nhs = PartnerFactory(), PartnerFactory()

    agreement = governance.save_agreement(
        partnership=first_partnership(),
        title="Section 75",
        kind="section_75_pooled_budget",
        status="draft",
        parties=[nhs],
        host=council,
    )

    assert set(agreement.parties.all()) == {council, nhs}


@in_database
def test_a_contribution_is_kept_per_party_per_financial_year_and_replaced_when_set_again():
    agreement = AgreementFactory()
    council = PartnerFactory()

    governance.set_contribution(
        agreement=agreement, organisation=council, financial_year="2010-11", amount=Decimal(100)
    )
    contribution = governance.set_contribution(
        agreement=agreement, organisation=council, financial_year="2010/11", amount=Decimal(250)
    )

    assert contribution.financial_year == "2010/11"
    assert list(agreement.contributions.values_list("amount", flat=True)) == [Decimal(250)]
    assert council in agreement.parties.all()


@in_database
def test_a_contribution_needs_a_financial_year():
    with pytest.raises(governance.GovernanceError, match="financial year"):
        governance.set_contribution(
            agreement=AgreementFactory(),
            organisation=PartnerFactory(),
            financial_year="March 2010",
            amount=Decimal(1),
        )
