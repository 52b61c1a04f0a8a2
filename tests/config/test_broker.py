"""The database broker: on PostgreSQL a queued task wakes an idle lane at once (LISTEN /
NOTIFY); elsewhere the lane sleeps `poll` seconds between looks, as django-q does."""

import threading

import pytest
from django.db import connection
from django_q.conf import Conf

from config.broker import NotifiedORM, channel

pytestmark = pytest.mark.django_db(transaction=True)  # a notification leaves on commit


def test_channel_names_are_plain_identifiers():
    assert channel("realtime") == "django_q_realtime"
    assert channel('x"; DROP TABLE y; --') == "django_q_x___drop_table_y____"


def test_a_queued_task_is_found_by_the_next_look():
    NotifiedORM("realtime").enqueue("payload")
    assert [payload for _, payload in NotifiedORM("realtime").dequeue()] == ["payload"]
    assert NotifiedORM("bulk").queue_size() == 0  # another lane's queue


def test_an_idle_lane_waits_for_the_next_task(monkeypatch):
    """PostgreSQL: woken by the task, long before its poll. Others: asleep for the poll."""
    if connection.vendor != "postgresql":
        slept = []
        monkeypatch.setattr("config.broker.time.sleep", slept.append)
        assert NotifiedORM("realtime").dequeue() is None
        assert slept == [Conf.POLL]
        return
    monkeypatch.setattr(Conf, "POLL", 3600)
    listening, woken = threading.Event(), threading.Event()

    def idle_lane():
        broker = NotifiedORM("realtime")
        broker.listen()
        listening.set()
        broker.wait()
        woken.set()
        connection.close()

    lane = threading.Thread(target=idle_lane, daemon=True)
    lane.start()
    assert listening.wait(60)
    NotifiedORM("bulk").enqueue("another lane's task")
    NotifiedORM("realtime").enqueue("payload")
    assert woken.wait(120), "the queued task did not wake the lane"
    assert [payload for _, payload in NotifiedORM("realtime").dequeue()] == ["payload"]
