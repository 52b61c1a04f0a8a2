from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from integrations import services

DEMO_EMAIL = settings.DEMO_LOGIN["email"]
DEMO_PASSWORD = settings.DEMO_LOGIN["password"]


class Command(BaseCommand):
    help = "Create the demo login and fill both sandboxes with demo data (idempotent)."

    def handle(self, *args, **options):
        user = self.ensure_demo_user()
        services.get_or_create_integration(user=user)
        if settings.SANDBOX:
            from sandbox.pipedrive.seed import seed_sandbox as seed_pipedrive
            from sandbox.snovio.seed import seed_sandbox as seed_snovio

            seed_snovio()
            seed_pipedrive()
        self.stdout.write(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")

    def ensure_demo_user(self):
        User = get_user_model()
        user = User.objects.filter(email=DEMO_EMAIL).first()
        if user is None:
            user = User.objects.create_user(
                username="demo",
                email=DEMO_EMAIL,
                password=DEMO_PASSWORD,
                is_staff=True,
                is_superuser=True,
            )
        EmailAddress.objects.update_or_create(
            user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
        )
        return user
