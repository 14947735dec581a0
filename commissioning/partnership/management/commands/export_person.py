"""``commissioning export_person PERSON_ID -o FILE``: everything held about a person, as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commissioning.partnership.models import Person
from commissioning.partnership.people import export_person


class Command(BaseCommand):
    help = (
        "Write everything the system holds about a person (a subject access request) as JSON: "
        "their record and its history, teams, posts, memberships, actions, and their sign-in's "
        "progress updates, imports and changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int)
        parser.add_argument("-o", "--output", help="file to write; '-' or none: the screen")

    def handle(self, *args, **options):
        person = Person.objects.filter(pk=options["person_id"]).first()
        if person is None:
            raise CommandError(f"No person with id {options['person_id']}")
        text = json.dumps(export_person(person=person), indent=2, ensure_ascii=False) + "\n"
        if options["output"] in (None, "-"):
            self.stdout.write(text, ending="")
            return
        Path(options["output"]).write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote what is held about person {person.pk} to {options['output']}")
