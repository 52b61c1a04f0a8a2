"""A delivery is stored by one statement that also checks whom it is for (syncengine.intake
record_delivery): what that statement must keep of the guarantees the separate reads gave."""

import datetime as dt
import hashlib
import threading

import psycopg
import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from integrations.models import RealtimeState
from syncengine.models import DrainLease, InboundEvent
from syncengine.webhook_registration import ensure_realtime_state
from tests.factories import make_integration, make_user
from tests.webhooks.capture import load_fixtures
from tests.webhooks.conftest import basic_auth, post_pipedrive

PERSON_CHANGE = load_fixtures("pipedrive")["person_change"]
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="PostgreSQL only: row locks, server connections, prepared statements (CI runs on it)",
)


def delivery(n: int) -> dict:
    return {**PERSON_CHANGE, "meta": {**PERSON_CHANGE["meta"], "id": f"delivery-{n}"}}


def other_connection() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        autocommit=True,
    )


def test_credentials_match_only_their_own_integration(client, state):
    other_state = ensure_realtime_state(make_integration(make_user("other@example.org")))[0]
    auth = basic_auth(other_state.pipedrive_auth_user, other_state.pipedrive_auth_password)
    response = post_pipedrive(client, state, delivery(1), auth=auth)
    assert response.status_code == 401
    assert response.json() == {"error": "wrong_credentials"}
    assert not InboundEvent.objects.exists()


def test_an_integration_whose_credentials_were_cleared_refuses_every_delivery(client, state):
    RealtimeState.objects.filter(pk=state.pk).update(pipedrive_auth_hash="")
    response = post_pipedrive(client, state, delivery(1))
    assert (response.status_code, response.json()) == (401, {"error": "no_secret_configured"})
    assert not InboundEvent.objects.exists()


def test_wrong_credentials_are_told_before_what_is_wrong_with_the_body(client, state):
    response = post_pipedrive(client, state, b"{not json", auth=basic_auth("pd-x", "guess"))
    assert (response.status_code, response.json()) == (401, {"error": "wrong_credentials"})


def test_a_retried_delivery_is_a_duplicate_and_stored_once(client, state):
    assert post_pipedrive(client, state, delivery(1)).json() == {"status": "stored"}
    assert post_pipedrive(client, state, delivery(1)).json() == {"status": "duplicate"}
    assert InboundEvent.objects.count() == 1


def test_the_stored_payload_is_what_was_sent(client, state):
    body = delivery(1)
    body["data"] = {**body["data"], "name": 'Zoë \u00e9 "quoted"', "score": 1.5, "big": 10**20}
    post_pipedrive(client, state, body)
    assert InboundEvent.objects.get().payload == body


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_drain_giving_its_lease_back_waits_for_a_delivery_that_saw_it_held(client, state):
    """The delivery read the lease as held and will not ring; the drain giving it back must
    then see the delivery's event in its last look, so it cannot give it back before that
    event commits."""
    integration_id = state.integration_id
    DrainLease.objects.create(
        integration_id=integration_id, until=timezone.now() + dt.timedelta(seconds=30)
    )
    with other_connection() as drain:
        drain.execute("SET lock_timeout = '200ms'")
        with transaction.atomic():
            assert post_pipedrive(client, state, delivery(1)).json() == {"status": "stored"}
            with pytest.raises(psycopg.errors.LockNotAvailable):
                drain.execute(
                    "UPDATE syncengine_drainlease SET until = now() WHERE integration_id = %s",
                    [integration_id],
                )
        drain.execute(
            "UPDATE syncengine_drainlease SET until = now() WHERE integration_id = %s",
            [integration_id],
        )
        pending = drain.execute(
            "SELECT count(*) FROM syncengine_inboundevent WHERE integration_id = %s"
            " AND state = 'pending'",
            [integration_id],
        ).fetchone()[0]
    assert pending == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_delivery_reads_a_lease_given_back_meanwhile_as_free_and_rings(
    client, state, database_broker
):
    """The lease is given back by a transaction still open when the delivery's statement
    starts: the delivery waits for it and reads the newest row (free), so it rings."""
    from django_q.models import OrmQ

    integration_id = state.integration_id
    DrainLease.objects.create(
        integration_id=integration_id, until=timezone.now() + dt.timedelta(seconds=30)
    )
    with other_connection() as drain:
        drain.autocommit = False
        drain.execute(
            "UPDATE syncengine_drainlease SET until = now() WHERE integration_id = %s",
            [integration_id],
        )
        answers = []

        def send():
            try:
                answers.append(post_pipedrive(client, state, delivery(1)).json())
            finally:
                connection.close()  # this thread's own

        sender = threading.Thread(target=send)
        sender.start()
        sender.join(0.5)
        assert sender.is_alive(), "the delivery did not wait for the lease's row"
        drain.commit()
        sender.join(60)
    assert answers == [{"status": "stored"}]
    assert OrmQ.objects.count() == 1  # rung


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_delivery_on_a_connection_the_server_closed_is_stored(client, state):
    assert post_pipedrive(client, state, delivery(1)).json() == {"status": "stored"}
    pid = connection.connection.info.backend_pid
    with other_connection() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    assert post_pipedrive(client, state, delivery(2)).json() == {"status": "stored"}
    assert InboundEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_the_credentials_of_existing_integrations(client):
    before = [("integrations", "0010_verbose_names")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    owner = old_apps.get_model("auth", "User").objects.create(username="m", email="m@x.org")
    integration = old_apps.get_model("integrations", "Integration").objects.create(owner=owner)
    old_apps.get_model("integrations", "RealtimeState").objects.create(
        integration=integration, pipedrive_auth_user="pd-old", pipedrive_auth_password="secret-1"
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        state = RealtimeState.objects.get(integration_id=integration.pk)
        assert state.pipedrive_auth_hash == hashlib.sha256(b"pd-old:secret-1").hexdigest()
        response = post_pipedrive(client, state, delivery(1))
        assert response.json() == {"status": "stored"}
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@postgresql_only
def test_the_statement_is_prepared_once_per_connection(client, state):
    for n in range(3):
        assert post_pipedrive(client, state, delivery(n)).json() == {"status": "stored"}
    mine = [s for s in prepared_statements() if "INSERT INTO syncengine_inboundevent" in s]
    assert len(mine) == 1


@postgresql_only
def test_with_prepared_statements_off_deliveries_are_stored_unprepared(client, state):
    """DB_PREPARED_STATEMENTS=false (a pooler that cannot keep them): Django's connection
    option `prepare_threshold` is None, and the statement runs like any other."""
    connection.ensure_connection()
    connection.connection.prepare_threshold = None
    try:
        assert post_pipedrive(client, state, delivery(1)).json() == {"status": "stored"}
        assert post_pipedrive(client, state, delivery(1)).json() == {"status": "duplicate"}
        assert prepared_statements() == []
    finally:
        connection.connection.prepare_threshold = 5
