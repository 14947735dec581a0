"""``commissioning anonymise_person PERSON_ID --yes``: anonymise a person who has left.

Without ``--user`` the command acts as the site operator and history records no user; with
it, the user must be a site administrator and is recorded as having done it.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from commissioning.partnership.models import Person
from commissioning.partnership.people import anonymise_person, placeholder_name


class Command(BaseCommand):
    help = (
        "Replace a person's name and contact details with a placeholder everywhere, history "
        "included, and deactivate their sign-in. It cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int)
        parser.add_argument("--yes", action="store_true", help="confirm: it cannot be undone")
        parser.add_argument("--user", help="the site administrator doing it, for the history")

    def handle(self, *args, **options):
        person = Person.objects.filter(pk=options["person_id"]).first()
        if person is None:
            raise CommandError(f"No person with id {options['person_id']}")
        by = None
        if options["user"]:
            by = get_user_model().objects.filter(username=options["user"]).first()
            if by is None:
                raise CommandError(f"No user {options['user']!r}")
        if not options["yes"]:
            raise CommandError(
                f"This replaces {person.name!r} with {placeholder_name(person)!r} everywhere "
                "and cannot be undone: add --yes to do it"
            )
        try:
            result = anonymise_person(person=person, by=by)
        except PermissionDenied as refusal:
            raise CommandError(f"--user {options['user']}: {refusal}") from refusal
        self.stdout.write(result.summary)
