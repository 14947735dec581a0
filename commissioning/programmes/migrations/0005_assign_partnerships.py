"""Put every existing programme, body and agreement (and their history) into a partnership.

- A programme goes to the partnership its lead organisation leads (one is made for each lead,
  named after it); its partners become the partnership's partners.
- A body goes to the partnership of its organisation (the one it leads, else the first it is a
  partner of); a body of no organisation goes with its parent, else with the partnership most
  of its members' organisations belong to, else the first partnership. So the demo's Public
  Service Board joins the demo partnership, and no body is shared any more.
- An agreement goes to the partnership of its host, else of its first party; its parties
  become partners of that partnership.

Where nothing says which partnership, the first one (made if there is none) takes the row.
"""

from collections import Counter

from django.db import migrations
from django.utils.text import slugify

FALLBACK_LEAD = "Lead organisation (to be named)"


class Assigner:
    """Finds or makes the partnership each row belongs to, remembering what it made."""

    def __init__(self, apps):
        self.Organisation = apps.get_model("partnership", "Organisation")
        self.Partnership = apps.get_model("partnership", "Partnership")
        self.led: dict[int, object] = {}

    def led_by(self, organisation_id: int):
        if organisation_id not in self.led:
            partnership = self.Partnership.objects.filter(
                lead_organisation_id=organisation_id
            ).first()
            if partnership is None:
                organisation = self.Organisation.objects.get(pk=organisation_id)
                partnership = self._create(f"{organisation.name} partnership", organisation)
            self.led[organisation_id] = partnership
        return self.led[organisation_id]

    def of_organisation(self, organisation_id: int):
        """The partnership the organisation leads, else the first it is a partner of."""
        if self.Partnership.objects.filter(lead_organisation_id=organisation_id).exists():
            return self.led_by(organisation_id)
        partner_of = (
            self.Partnership.objects.filter(partners__pk=organisation_id).order_by("pk").first()
        )
        return partner_of or self.led_by(organisation_id)

    def first(self):
        partnership = self.Partnership.objects.order_by("pk").first()
        if partnership is None:
            lead = self.Organisation.objects.order_by("pk").first()
            if lead is None:
                lead = self.Organisation.objects.create(name=FALLBACK_LEAD)
            partnership = self.led_by(lead.pk)
        return partnership

    def _create(self, name: str, lead):
        base_name, base_slug = name[:190], slugify(name)[:190] or "partnership"
        candidate_name, candidate_slug, suffix = base_name, base_slug, 2
        while self.Partnership.objects.filter(name=candidate_name).exists() or (
            self.Partnership.objects.filter(slug=candidate_slug).exists()
        ):
            candidate_name = f"{base_name} {suffix}"
            candidate_slug = f"{base_slug}-{suffix}"
            suffix += 1
        return self.Partnership.objects.create(
            name=candidate_name, slug=candidate_slug, lead_organisation=lead
        )


def assign_partnerships(apps, schema_editor):
    assigner = Assigner(apps)
    _programmes(apps, assigner)
    _bodies(apps, assigner)
    _agreements(apps, assigner)


def _programmes(apps, assigner):
    Programme = apps.get_model("programmes", "Programme")
    History = apps.get_model("programmes", "HistoricalProgramme")
    for programme in Programme.objects.filter(partnership__isnull=True).order_by("pk"):
        if programme.lead_organisation_id:
            partnership = assigner.led_by(programme.lead_organisation_id)
        else:
            partnership = assigner.first()
        programme.partnership = partnership
        programme.save(update_fields=["partnership"])
        History.objects.filter(id=programme.pk).update(partnership=partnership)
        partners = programme.partners.exclude(pk=partnership.lead_organisation_id)
        partnership.partners.add(*partners)


def _bodies(apps, assigner):
    Body = apps.get_model("partnership", "Body")
    History = apps.get_model("partnership", "HistoricalBody")
    Membership = apps.get_model("partnership", "Membership")
    Partnership = apps.get_model("partnership", "Partnership")
    bodies = {body.pk: body for body in Body.objects.all()}
    resolved: dict[int, object] = {}

    def partnership_of(body, seen=()):
        if body.pk in resolved:
            return resolved[body.pk]
        if body.organisation_id:
            found = assigner.of_organisation(body.organisation_id)
        elif body.parent_id and body.parent_id not in seen and body.parent_id in bodies:
            found = partnership_of(bodies[body.parent_id], (*seen, body.pk))
        else:
            found = _by_members(body) or assigner.first()
        resolved[body.pk] = found
        return found

    def _by_members(body):
        votes: Counter = Counter()
        organisations = Membership.objects.filter(
            body_id=body.pk, person__organisation__isnull=False
        ).values_list("person__organisation", flat=True)
        for organisation_id in organisations:
            for partnership in Partnership.objects.filter(lead_organisation_id=organisation_id):
                votes[partnership.pk] += 2
            for partnership in Partnership.objects.filter(partners__pk=organisation_id):
                votes[partnership.pk] += 1
        if not votes:
            return None
        best = max(votes.items(), key=lambda item: (item[1], -item[0]))[0]
        return Partnership.objects.get(pk=best)

    for body in sorted(bodies.values(), key=lambda body: body.pk):
        if body.partnership_id:
            continue
        partnership = partnership_of(body)
        Body.objects.filter(pk=body.pk).update(partnership=partnership)
        History.objects.filter(id=body.pk).update(partnership=partnership)


def _agreements(apps, assigner):
    Agreement = apps.get_model("partnership", "Agreement")
    History = apps.get_model("partnership", "HistoricalAgreement")
    for agreement in Agreement.objects.filter(partnership__isnull=True).order_by("pk"):
        organisation_id = agreement.host_id or (
            agreement.parties.order_by("pk").values_list("pk", flat=True).first()
        )
        if organisation_id:
            partnership = assigner.of_organisation(organisation_id)
        else:
            partnership = assigner.first()
        Agreement.objects.filter(pk=agreement.pk).update(partnership=partnership)
        partnership.partners.add(
            *agreement.parties.exclude(pk=partnership.lead_organisation_id)
        )
        History.objects.filter(id=agreement.pk).update(partnership=partnership)


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0004_partnership_tenancy_root"),
        ("programmes", "0004_programme_partnership"),
    ]

    operations = [migrations.RunPython(assign_partnerships, migrations.RunPython.noop)]
