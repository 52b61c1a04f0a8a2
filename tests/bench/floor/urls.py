"""One view: parse the JSON body and INSERT it keyed by its delivery id (`meta.id`), one
statement in autocommit (one commit); a delivery id seen before answers "duplicate"."""

import json

from django.db import connection
from django.http import JsonResponse
from django.urls import path

TABLE = "bench_floor_event"
CREATE_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} (delivery_id varchar(255) PRIMARY KEY, "
    "body jsonb NOT NULL, received_at timestamptz NOT NULL DEFAULT now())"
)
INSERT = (
    f"INSERT INTO {TABLE} (delivery_id, body) VALUES (%s, %s) "
    "ON CONFLICT (delivery_id) DO NOTHING RETURNING 1"
)


def receive(request, uuid):
    if request.method != "POST":
        return JsonResponse({"error": "method"}, status=405)
    try:
        body = json.loads(request.body)
        key = str(body["meta"]["id"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "invalid"}, status=400)
    with connection.cursor() as cursor:
        cursor.execute(INSERT, [key, request.body.decode()])
        stored = cursor.fetchone() is not None
    return JsonResponse({"status": "stored" if stored else "duplicate"})


urlpatterns = [path("webhooks/pipedrive/<uuid:uuid>/", receive)]
