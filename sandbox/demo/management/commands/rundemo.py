import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from sandbox.demo.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Start the web server and a django-q2 cluster together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("ADDR", "127.0.0.1:8000"))

    def handle(self, *args, addr, **options):
        manage = [sys.executable, "manage.py"]
        env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL", f"http://{addr}")}
        # Own sessions: Ctrl-C reaches only this process, which stops each child the right way.
        web = subprocess.Popen(  # noqa: S603
            [*manage, "runserver", addr, "--noreload"], env=env, start_new_session=True
        )
        worker = subprocess.Popen(  # noqa: S603
            [*manage, "qcluster"], env=env, start_new_session=True
        )
        self.banner(addr)
        try:
            while web.poll() is None and worker.poll() is None:
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop(web, worker)

    def banner(self, addr):
        lines = [
            "",
            f"  Snov.io ⇄ Pipedrive sync is running at http://{addr}/",
            f"  Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}",
        ]
        if settings.SANDBOX:
            lines += [
                f"  Pipedrive sandbox: http://{addr}/sandbox/pipedrive/play/",
                f"  Snov.io sandbox:   http://{addr}/sandbox/snovio/play/",
            ]
        lines += ["  Press Ctrl-C to stop.", ""]
        self.stdout.write("\n".join(lines))

    def stop(self, web, worker):
        # SIGINT to the cluster's main process only: signalling its whole group hangs it.
        for proc, sig in ((worker, signal.SIGINT), (web, signal.SIGTERM)):
            if proc.poll() is None:
                proc.send_signal(sig)
        for proc in (worker, web):
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.stdout.write("Stopped.")
