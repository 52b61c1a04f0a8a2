"""Two things for a hot path's statements that Django leaves to every query alike.

Prepared statements: Django binds its queries' parameters on the client and never prepares
them (psycopg's prepared statements are off, for connection poolers). A statement whose
planning costs more than running it (intake's one statement per delivery: a join, an insert
and a locking read) is better planned once per connection: `prepared_cursor` sends it with its
parameters apart and has PostgreSQL keep the plan, when the settings allow it
(DB_PREPARED_STATEMENTS, on by default; off behind a pooler older than PgBouncer 1.21 in
transaction mode). Elsewhere it is an ordinary cursor.

Reconnecting: Django checks a reused connection at each request's first query (a `SELECT 1`,
`conn_health_checks`). A webhook delivery, one statement, skips the check and instead runs
its work once more on a new connection if the server had closed the old one
(`once_more_if_disconnected`)."""

import psycopg
from django.db import InterfaceError, OperationalError, connection
from django.db.backends.utils import CursorDebugWrapper


class PreparedCursor(psycopg.Cursor):
    """Every statement prepared at its first run (psycopg keeps the names per connection;
    `prepare_threshold` None, the setting off, turns preparing off)."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class PreparedDebugWrapper(CursorDebugWrapper):
    """Logs the statement as written, with its parameters apart: a prepared statement has
    no text with the values in (Django's way of reading it back finds none)."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return super(CursorDebugWrapper, self).execute(sql, params)


def prepared_cursor():
    """A cursor of the default connection, with Django's query logging and error wrapping."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    with connection.wrap_database_errors:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        cursor = PreparedCursor(connection.connection)
    if connection.queries_logged:
        return PreparedDebugWrapper(cursor, connection)
    return connection.make_cursor(cursor)


def skip_health_check() -> None:
    """This request's statements run through `once_more_if_disconnected` instead."""
    connection.health_check_done = True  # type: ignore[attr-defined]  # read by _cursor()


def once_more_if_disconnected(work):
    """`work()`; if it failed because the server closed the connection (a restart, an idle
    timeout), once more on a new connection. Outside a transaction only: inside one, what
    ran before is lost with the connection and the caller must know."""
    try:
        return work()
    except (InterfaceError, OperationalError):
        if connection.in_atomic_block or connection.is_usable():
            raise
        connection.close()
    return work()
