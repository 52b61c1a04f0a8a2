import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from config.lanes import LANES
from sandbox.demo.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD


class Stop(Exception):
    """SIGTERM or SIGHUP: stop the children as Ctrl-C does."""


def raise_stop(signum, frame):
    raise Stop(signum)


class Command(BaseCommand):
    help = (
        "Start the web server and one django-q2 cluster per lane of work; Ctrl-C or SIGTERM "
        "stops them all."
    )

    def add_arguments(self, parser):
        parser.add_argument("--addr", default=os.environ.get("ADDR", "127.0.0.1:8000"))

    def handle(self, *args, addr, **options):
        env = {**os.environ, "SITE_URL": os.environ.get("SITE_URL", f"http://{addr}")}
        children = []
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, raise_stop)
        try:
            children.append(start(["runserver", addr, "--noreload"], env))
            children += [start(["qcluster"], {**env, "Q_CLUSTER_NAME": lane}) for lane in LANES]
            self.banner(addr)
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except (KeyboardInterrupt, Stop):
            pass
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            self.stop(children)

    def banner(self, addr):
        lines = [
            "",
            f"  Snov.io ⇄ Pipedrive sync is running at http://{addr}/",
            f"  Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}",
            f"  Workers: one cluster per lane ({', '.join(LANES)})",
        ]
        if settings.SANDBOX:
            lines += [
                f"  Pipedrive sandbox: http://{addr}/sandbox/pipedrive/play/",
                f"  Snov.io sandbox:   http://{addr}/sandbox/snovio/play/",
                f"  Emails sent:       http://{addr}/sandbox/outbox/",
            ]
        lines += ["  Press Ctrl-C to stop.", ""]
        self.stdout.write("\n".join(lines))

    def stop(self, children):
        # The web server (first) takes SIGTERM; a cluster stops cleanly on SIGINT to its main
        # process only (signalling its whole group hangs it).
        for proc in children:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM if proc is children[0] else signal.SIGINT)
        for proc in children:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.stdout.write("Stopped.")


def start(command: list[str], env: dict) -> subprocess.Popen:
    # Own sessions: a terminal's Ctrl-C reaches only this process, which stops each child
    # the right way.
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *command], env=env, start_new_session=True
    )
