from django.core.management.base import BaseCommand
from django_q.models import Schedule

from config import lanes
from syncengine.scheduler import TICK_SCHEDULE

# The few global schedules of the deployment (never one per integration).
SCHEDULES = [
    {
        "name": TICK_SCHEDULE,
        "func": lanes.TICK.func,
        "cluster": lanes.TICK.lane,
        "schedule_type": Schedule.MINUTES,
        "minutes": 1,
        "repeats": -1,
    },
]


class Command(BaseCommand):
    help = "Create or update the global django-q schedules (safe to run again)."

    def handle(self, *args, **options):
        for spec in SCHEDULES:
            defaults = {k: v for k, v in spec.items() if k != "name"}
            _, created = Schedule.objects.update_or_create(name=spec["name"], defaults=defaults)
            self.stdout.write(f"{'Created' if created else 'Updated'} schedule {spec['name']}")
