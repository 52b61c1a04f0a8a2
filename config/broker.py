"""The database broker, woken at once on PostgreSQL instead of polling.

django-q's ORM broker looks for queued tasks, and when there are none sleeps `poll` seconds:
every task queued on an idle lane waited up to that long, once per hop (an event's bell, an
emulated webhook delivery). Here, on PostgreSQL, `enqueue` also sends a NOTIFY on the lane's
channel (delivered when the enqueuing transaction commits), and an idle `dequeue` waits for one
(LISTEN) for up to `poll` seconds instead of sleeping. The table stays the queue: a missed
notification (a reconnect, a crash) only means the next look comes `poll` seconds later, as
before. Other databases poll as django-q does."""

import re
import time

from django import db
from django.utils import timezone
from django_q.brokers.orm import ORM
from django_q.conf import Conf


def channel(list_key: str) -> str:
    """The lane's channel name: a plain identifier, whatever the cluster is called."""
    return "django_q_" + re.sub(r"[^a-z0-9_]", "_", (list_key or "").lower())[:50]


def notifications_available() -> bool:
    return db.connections[Conf.ORM].vendor == "postgresql"


class NotifiedORM(ORM):
    def __init__(self, list_key: str = Conf.PREFIX):
        super().__init__(list_key)
        self._listening_on = None  # the raw connection LISTEN was sent on

    def enqueue(self, task):
        pk = super().enqueue(task)
        if notifications_available():
            with db.connections[Conf.ORM].cursor() as cursor:
                cursor.execute("SELECT pg_notify(%s, '')", [channel(self.list_key)])
        return pk

    def dequeue(self):
        """Tasks whose lock has passed, locked for this cluster; else wait for a bell."""
        queued = self.get_connection().filter(key=self.list_key, lock__lt=timezone.now())
        tasks = list(queued[: Conf.BULK])
        if not tasks:
            self.wait()
            return None
        taken = []
        for task in tasks:
            claimed = self.get_connection().filter(id=task.id, lock=task.lock)
            if claimed.update(lock=self.timeout(task)):  # else another cluster was faster
                taken.append((task.pk, task.payload))
        return taken

    def wait(self) -> None:
        """Until a task is queued on this lane, or `poll` seconds."""
        if not notifications_available():
            time.sleep(Conf.POLL)
            return
        raw = self.listen()
        woken = False
        for _ in raw.notifies(timeout=Conf.POLL, stop_after=1):
            woken = True
        if woken:  # the bells rung meanwhile are answered by this one look
            for _ in raw.notifies(timeout=0):
                pass

    def listen(self):
        """LISTEN on the lane's channel (again, on a new connection); the raw connection."""
        connection = db.connections[Conf.ORM]
        connection.ensure_connection()
        raw = connection.connection
        if self._listening_on is not raw:
            raw.execute(f'LISTEN "{channel(self.list_key)}"')
            self._listening_on = raw
        return raw
