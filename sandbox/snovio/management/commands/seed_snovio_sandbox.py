from django.core.management.base import BaseCommand

from sandbox.snovio.seed import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, seed_sandbox


class Command(BaseCommand):
    help = "Fill the Snov.io sandbox with demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--prospects", type=int, default=300)

    def handle(self, *args, prospects, **options):
        account = seed_sandbox(prospects=prospects)
        self.stdout.write(
            f"Snov.io sandbox ready: {account.prospects.count()} prospects. "
            f"API User ID {DEMO_CLIENT_ID}, API Secret {DEMO_CLIENT_SECRET}"
        )
