from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from integrations import services
from integrations.clients.errors import ApiError


class Command(BaseCommand):
    help = (
        "Attach a Pipedrive connection made by the old method (a personal API token) to an "
        "account. It is stored encrypted and kept Paused until the user reconnects with OAuth."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="the account's email")
        parser.add_argument("--api-url", default=None, help="Pipedrive base URL")

    def handle(self, *args, email, api_url, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the email {email}.")
        token = self.read_token()
        integration = services.get_or_create_integration(user=user)
        try:
            services.connect_pipedrive_with_api_token(
                integration=integration,
                api_token=token,
                api_url=api_url or settings.PIPEDRIVE_API_URL,
            )
        except ApiError as exc:
            raise CommandError(f"Pipedrive refused the token: {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Imported; the integration is Paused (Reconnect)."))

    def read_token(self) -> str:
        # Read from stdin so the token never lands in shell history or process lists.
        token = input("Pipedrive API token: ").strip()
        if not token:
            raise CommandError("No token given.")
        return token
