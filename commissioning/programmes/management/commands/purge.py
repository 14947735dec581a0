"""``commissioning purge action|deliverable ID… --user ADMIN --yes``: delete archived items
for good.

Only archived items can be purged, and only by a site administrator, who is recorded in each
deleted row's history. Without ``--yes`` the command lists what it would purge and changes
nothing. A refusal exits with status 3.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from commissioning.programmes.models import Action, Deliverable
from commissioning.programmes.services import PurgeRefused, purge_item

REFUSED = 3  # the exit status when the purge is refused
KINDS = {"action": Action, "deliverable": Deliverable}


class Command(BaseCommand):
    help = "Delete archived actions or deliverables for good (site administrators only)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("ids", nargs="+", type=int, metavar="ID")
        parser.add_argument(
            "--user", required=True, help="the site administrator purging, named in the history"
        )
        parser.add_argument("--yes", action="store_true", help="purge: without it, only list")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}")
        model = KINDS[options["kind"]]
        items = list(model.objects.filter(pk__in=options["ids"]).order_by("pk"))
        missing = sorted(set(options["ids"]) - {item.pk for item in items})
        if missing:
            raise CommandError(f"No {options['kind']} with id {', '.join(map(str, missing))}")
        if not options["yes"]:
            for item in items:
                state = "archived" if item.archived_at else "NOT archived: would be refused"
                self.stdout.write(f"Would purge {_label(item)} ({state})")
            self.stdout.write("Nothing purged: add --yes to purge for good.")
            return
        labels = [_label(item) for item in items]  # a deleted item has no id
        try:
            with transaction.atomic():  # all or nothing
                for item in items:
                    purge_item(item=item, user=user)
        except PurgeRefused as refusal:
            raise CommandError(f"{refusal}. Nothing was purged.", returncode=REFUSED) from refusal
        for label in labels:
            self.stdout.write(f"Purged {label}")


def _label(item) -> str:
    return f"{item._meta.verbose_name} {item.pk} “{item}”"
