from django.core.management.base import BaseCommand
from django.db import transaction

from integrations.crypto import EncryptedTextField
from integrations.models import PipedriveConnection, RealtimeState, SnovioConnection


class Command(BaseCommand):
    help = "Re-encrypt every stored secret with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        total = 0
        for model in (SnovioConnection, PipedriveConnection, RealtimeState):
            names = [f.name for f in model._meta.fields if isinstance(f, EncryptedTextField)]
            with transaction.atomic():
                for pk, *values in model.objects.values_list("pk", *names).iterator():
                    # values_list goes through from_db_value, so these are plaintexts; saving
                    # re-encrypts them under the primary key.
                    model.objects.filter(pk=pk).update(**dict(zip(names, values, strict=True)))
                    total += 1
        self.stdout.write(f"Re-encrypted {total} rows.")
