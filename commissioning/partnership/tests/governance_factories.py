"""factory_boy factories for governance data in tests."""

from datetime import date

import factory

from commissioning.partnership.models import Agreement, Body, Meeting, Post
from commissioning.programmes.tests.factories import OrganisationFactory, partnership_of


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Body {n}")
    kind = "board"
    organisation = factory.SubFactory(OrganisationFactory)
    # The partnership its organisation leads, else its parent's, else a new one.
    partnership = factory.LazyAttribute(
        lambda body: (
            body.parent.partnership
            if body.parent is not None and body.organisation is None
            else partnership_of(body.organisation)
        )
    )
    parent = None


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    body = factory.SubFactory(BodyFactory)
    title = "Strategic Director"
    remit = factory.Sequence(lambda n: f"Remit {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = date(2010, 3, 30)
    title = factory.Sequence(lambda n: f"Meeting {n}")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    title = factory.Sequence(lambda n: f"Agreement {n}")
    kind = "section_75_pooled_budget"
    status = "draft"
    host = None
    partnership = factory.LazyAttribute(lambda agreement: partnership_of(agreement.host))
