"""manage.py refresh_schema [<integration>…]: what the settings page's Refresh does (R6.4)."""

from django.core.management.base import BaseCommand, CommandError

from integrations.clients.errors import ApiError
from integrations.models import Integration
from syncengine.schema_refresh import refresh_schema

from ._lookup import find_integration


class Command(BaseCommand):
    help = "Reload fields, lists, pipelines, stages and users from both apps."

    def add_arguments(self, parser):
        parser.add_argument(
            "integrations", nargs="*", help="Ids or uuids (default: all connected)"
        )

    def handle(self, *args, **options):
        if options["integrations"]:
            targets = [find_integration(value) for value in options["integrations"]]
        else:
            targets = Integration.objects.filter(
                snovio_connection__isnull=False, pipedrive_connection__isnull=False
            )
        failed = 0
        for integration in targets:
            try:
                refresh_schema(integration=integration)
            except ApiError as exc:
                failed += 1
                self.stderr.write(f"integration {integration.pk}: {exc}")
            else:
                self.stdout.write(f"integration {integration.pk}: refreshed")
        if failed:
            raise CommandError(f"{failed} integration(s) could not be refreshed.")
