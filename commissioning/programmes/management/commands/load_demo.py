"""``commissioning load_demo``: the demo partnership built from the customer's documents."""

from django.core.management.base import BaseCommand

from commissioning.programmes.services import load_demo

DEMO_ROLES = [
    "council-manager (programme manager)",
    "nhs-officer (NHS contributor)",
    "police-viewer (viewer)",
]


class Command(BaseCommand):
    help = "Create the demo partnership and login and import the two customer documents."

    def handle(self, *args, **options):
        result = load_demo()
        programme = result.programme
        summary = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result.changes.items())
        self.stdout.write(
            f"Demo programme: {programme.name} — {programme.stages.count()} stages, "
            f"{programme.actions.count()} actions ({summary or 'already loaded'})."
        )
        self.stdout.write(
            f"Sign in at http://127.0.0.1:8000/ as {result.username!r} "
            f"with password {result.password!r} (site administrator)."
        )
        self.stdout.write(
            f"Also, with the same password: {', '.join(DEMO_ROLES)} — to see what each role may do."
        )
