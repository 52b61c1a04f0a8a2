"""manage.py resync <integration> --direction … [--source …] [--dry-run]: a transfer, here."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from syncengine.models import TransferDirection, TransferJob
from syncengine.transfer import runner
from syncengine.transfer.progress import job_progress
from syncengine.transfer.services import TransferRefused, sender_of, start_transfer

from ._lookup import find_integration


class Command(BaseCommand):
    help = "Transfer unsynced data for one integration in this process, with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("integration", help="Integration id or uuid")
        parser.add_argument("--direction", required=True, choices=TransferDirection.values)
        parser.add_argument("--source", choices=["snovio", "pipedrive"], help="Default: sender")
        parser.add_argument("--dry-run", action="store_true", help="Count and sample, no writes")

    def handle(self, *args, **options):
        integration = find_integration(options["integration"])
        direction = options["direction"]
        try:
            job = start_transfer(
                integration=integration,
                direction=direction,
                source=options["source"] or sender_of(direction),
                dry_run=options["dry_run"],
                enqueue=False,
            )
        except TransferRefused as exc:
            raise CommandError(str(exc)) from None
        self.follow(job)
        job.refresh_from_db()
        self.stdout.write(f"{job}: plan {job.counts.get('plan', {})}")
        if not job.dry_run:
            self.stdout.write(f"done {job.counts.get('done', {})}")
        if job.state != "done":
            raise CommandError(job.error or job.get_state_display())

    def follow(self, job: TransferJob) -> None:
        with tqdm(total=100, unit="%", file=self.stderr._out) as bar:
            while True:
                result = runner.run_step(job.pk)
                job.refresh_from_db()
                progress = job_progress(job, timezone.now())
                bar.set_description(progress.label)
                bar.update(progress.percent - bar.n)
                if result == runner.FINISHED or not job.is_active:
                    return
                if result in (runner.WAITING, runner.BUSY):
                    self.pause(job)

    def pause(self, job: TransferJob) -> None:
        until = job.waiting_until or timezone.now()
        seconds = max((until - timezone.now()).total_seconds(), 1.0)
        if job.waiting_until:
            self.stderr.write(f"Waiting for the API budget until {until:%H:%M:%S} UTC…")
        time.sleep(min(seconds, 60.0))
