"""factory_boy factories for programme data in tests."""

from datetime import date

import factory

from commissioning.partnership.models import Organisation, Partnership, Person, Team
from commissioning.programmes.models import (
    Action,
    ActionOwner,
    Deliverable,
    Programme,
    ProgressUpdate,
    Stage,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner Organisation {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)


def partnership_of(organisation: Organisation | None) -> Partnership:
    """Where a test's row of ``organisation`` goes: the partnership it leads, else one it is a
    partner of (directly or through a programme), else a new one it leads."""
    if organisation is None:
        return PartnershipFactory()
    partnerships = Partnership.objects.order_by("pk")
    for found in (
        partnerships.filter(lead_organisation=organisation),
        partnerships.filter(partners=organisation),
        partnerships.filter(programmes__lead_organisation=organisation),
        partnerships.filter(programmes__partners=organisation),
    ):
        partnership = found.first()
        if partnership is not None:
            return partnership
    return PartnershipFactory(lead_organisation=organisation)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    partnership = factory.LazyAttribute(
        lambda programme: partnership_of(programme.lead_organisation)
    )


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"T{n}")
    title = factory.Sequence(lambda n: f"Stage {n}")
    order = factory.Sequence(lambda n: n)
    timescale_text = "01 June 2010"
    timescale_start = date(2010, 6, 1)
    timescale_end = date(2010, 6, 1)
    timescale_precision = "day"


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    stage = factory.SubFactory(StageFactory)
    scope = "internal"
    text = factory.Sequence(lambda n: f"Deliverable {n}")
    order = factory.Sequence(lambda n: n)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    order = factory.Sequence(lambda n: n)
    timescale_text = "April 2008"
    timescale_start = date(2008, 4, 1)
    timescale_end = date(2008, 4, 30)
    timescale_precision = "month"


class ActionOwnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionOwner

    action = factory.SubFactory(ActionFactory)
    person = factory.SubFactory(PersonFactory)
    name = factory.LazyAttribute(lambda owner: owner.person.name)
    kind = "person"


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    action = factory.SubFactory(ActionFactory)
    as_of_text = "March 2008"
    as_of_start = date(2008, 3, 1)
    as_of_end = date(2008, 3, 31)
    text = "Discussions under way"
    status = "in_progress"
