"""manage.py replay_events [<integration>] [--state failed|waiting]: run stored events again."""

from django.core.management.base import BaseCommand

from syncengine.models import EventState
from syncengine.transfer.support import replay_events

from ._lookup import find_integration


class Command(BaseCommand):
    help = "Re-run failed or parked (waiting) inbound events through syncengine.tasks."

    def add_arguments(self, parser):
        parser.add_argument("integration", nargs="?", help="Id or uuid (default: every one)")
        parser.add_argument(
            "--state",
            action="append",
            choices=[EventState.FAILED, EventState.WAITING],
            help="Which events (default: failed and waiting)",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count them")

    def handle(self, *args, **options):
        integration = find_integration(options["integration"]) if options["integration"] else None
        states = options["state"] or [EventState.FAILED, EventState.WAITING]
        count = replay_events(integration=integration, states=states, dry_run=options["dry_run"])
        verb = "would be replayed" if options["dry_run"] else "replayed"
        self.stdout.write(f"{count} events {verb}.")
