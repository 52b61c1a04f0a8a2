"""Event ids longer than the key column are kept distinct (hashed), never cut into a collision."""

from syncengine.intake import KEY_LENGTH, stored_key
from syncengine.models import InboundEvent
from tests.webhooks.capture import load_fixtures
from tests.webhooks.conftest import post_pipedrive, post_snovio

PERSON_CHANGE = load_fixtures("pipedrive")["person_change"]
EMAIL_SENT = load_fixtures("snovio")["campaign_email_sent"]
PREFIX = "e" * KEY_LENGTH


def with_pipedrive_id(event_id: str) -> dict:
    return {**PERSON_CHANGE, "meta": {**PERSON_CHANGE["meta"], "id": event_id}}


def test_two_pipedrive_events_whose_long_ids_share_the_first_200_characters_are_both_stored(
    client, state
):
    first = post_pipedrive(client, state, with_pipedrive_id(PREFIX + "-first"))
    second = post_pipedrive(client, state, with_pipedrive_id(PREFIX + "-second"))
    assert (first.json(), second.json()) == ({"status": "stored"}, {"status": "stored"})
    assert InboundEvent.objects.count() == 2


def test_a_redelivered_long_pipedrive_id_is_still_one_event(client, state):
    post_pipedrive(client, state, with_pipedrive_id(PREFIX + "-again"))
    again = post_pipedrive(client, state, with_pipedrive_id(PREFIX + "-again"))
    assert again.json() == {"status": "duplicate"}
    assert InboundEvent.objects.count() == 1


def test_two_snovio_events_whose_long_ids_share_a_prefix_are_both_stored(client, state):
    for suffix in ("a", "b"):
        data = {**EMAIL_SENT["data"], "event_id": PREFIX + suffix}
        assert post_snovio(client, state, {**EMAIL_SENT, "data": data}).status_code == 200
    assert InboundEvent.objects.count() == 2


def test_a_key_that_fits_the_column_is_stored_whole():
    assert stored_key(PREFIX) == PREFIX


def test_a_longer_key_is_stored_as_its_sha256_and_fits_the_column():
    key = stored_key(PREFIX + "x")
    assert key.startswith("sha256:") and len(key) == len("sha256:") + 64 <= KEY_LENGTH
    assert key != stored_key(PREFIX + "y")
