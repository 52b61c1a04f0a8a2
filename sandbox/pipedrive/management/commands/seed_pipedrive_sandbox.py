from django.core.management.base import BaseCommand

from sandbox.pipedrive.seed import seed_sandbox


class Command(BaseCommand):
    help = "Create the Pipedrive sandbox's demo company (does nothing if it exists)."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=150)

    def handle(self, *args, persons, **options):
        company = seed_sandbox(persons=persons)
        users = ", ".join(f"{u.email} (API token {u.api_token})" for u in company.users.all())
        self.stdout.write(f"Pipedrive sandbox: {company.name} #{company.id}; users: {users}")
