"""The demo's outbox shows sent emails without a mail server (each user their own, staff all);
JSON log lines carry the integration's uuid and the event id, and never a secret."""

import io
import json
import logging

import pytest
from django.core import mail

from config.logfilters import RedactSecrets
from integrations.models import Status
from operations.logcontext import BindContext, JsonFormatter, log_context
from sandbox.demo.models import OutboxMessage
from syncengine.models import InboundEvent
from syncengine.realtime.process import process_event
from tests.factories import make_integration, make_user


@pytest.fixture
def outbox_backend(settings):
    settings.EMAIL_BACKEND = "sandbox.demo.outbox.OutboxBackend"


def test_sent_emails_are_kept_in_the_outbox_and_shown_to_their_recipient(
    client, db, outbox_backend
):
    ann, bob = make_user("ann@example.org"), make_user("bob@example.org")
    mail.send_mail("For Ann", "Hello Ann, see http://testserver/i/", None, ["Ann@example.org"])
    mail.send_mail("For Bob", "Hello Bob", None, [bob.email])
    assert OutboxMessage.objects.count() == 2

    client.force_login(ann)
    page = client.get("/sandbox/outbox/").content.decode()
    assert "For Ann" in page and "Hello Ann" in page and "For Bob" not in page


def test_staff_see_every_email_and_strangers_must_sign_in(
    client, admin_client, db, outbox_backend
):
    mail.send_mail("For Ann", "Hello Ann", None, ["ann@example.org"])
    assert client.get("/sandbox/outbox/").status_code == 302
    assert "For Ann" in admin_client.get("/sandbox/outbox/").content.decode()


@pytest.fixture
def json_lines():
    """The production handler's chain: redaction, the bound ids, the JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    handler.addFilter(BindContext())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    # setLevel, not `root.level =`: it also clears the loggers' cached "is INFO on?" answers,
    # which an earlier test's lines would otherwise have left at "no".
    level = root.level
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def test_json_lines_carry_the_bound_ids_and_no_secret(json_lines):
    with log_context(integration="6f1c-uuid", event=42):
        logging.getLogger("integrations.webhooks").info(
            "refused POST /webhooks/snovio/s3cr3t-token/ Authorization: Bearer abc.def"
        )
    logging.getLogger("x").info("outside")
    inside, outside = json_lines()
    assert (inside["integration"], inside["event"]) == ("6f1c-uuid", "42")
    assert inside["level"] == "INFO" and inside["logger"] == "integrations.webhooks"
    assert "s3cr3t-token" not in inside["message"] and "abc.def" not in inside["message"]
    assert "integration" not in outside


def test_processing_an_event_logs_with_its_integration_and_event(db, json_lines):
    integration = make_integration(status=Status.ACTIVE)
    event = InboundEvent.objects.create(
        integration=integration, source="pipedrive", kind="person.change",
        idempotency_key="k", payload={"meta": {"action": "change", "entity": "person"}},
    )  # fmt: skip
    process_event(event_id=event.pk)
    lines = [line for line in json_lines() if line["logger"].startswith("syncengine")]
    assert lines, "processing a malformed event logs a warning"
    assert all(line["integration"] == str(integration.uuid) for line in lines)
    assert all(line["event"] == str(event.pk) for line in lines)
