"""A connected integration whose two sandboxes hold a custom field of every type the settings
page may pair (B16): the fields are created through the vendors' APIs where ours has a call
for it, then Refresh reads them like the page does."""

import itertools

import pytest

from sandbox.snovio.models import Account, CustomField
from sandbox.snovio.seed import DEMO_CLIENT_ID
from syncengine.compatibility import PIPEDRIVE_KINDS, SNOVIO_KINDS, check_pair, constant_allowed
from syncengine.fields import custom_snovio_key
from syncengine.schema_refresh import refresh_schema
from tests.e2e.conftest import live_site, seeded_sandboxes  # noqa: F401 (fixtures)
from tests.realtime.conftest import active  # noqa: F401 (a fixture, used by test_option_fields)

OPTIONS = ("Gold", "Silver", "Bronze")

# Every pair the settings page can offer: a Snov.io type × a Pipedrive field type it accepts.
OFFERED = [
    (snovio_type, pipedrive_type)
    for snovio_type, pipedrive_type in itertools.product(SNOVIO_KINDS, PIPEDRIVE_KINDS)
    if check_pair(snovio_type, pipedrive_type).ok
]
PIPEDRIVE_CONSTANTS = [t for t in PIPEDRIVE_KINDS if constant_allowed("pipedrive", t).ok]
SNOVIO_CONSTANTS = [t for t in SNOVIO_KINDS if constant_allowed("snovio", t).ok]


def field_name(field_type: str) -> str:
    return f"Every {field_type}"


def snovio_key(snovio_type: str) -> str:
    return custom_snovio_key(field_name(snovio_type))


@pytest.fixture
def typed(connected_integration):
    """Custom fields of every offered type on both sides, read by Refresh."""
    from syncengine.writers import load_context

    pipedrive = load_context(connected_integration).pipedrive
    for field_type in {p for _, p in OFFERED} | set(PIPEDRIVE_CONSTANTS):
        options = list(OPTIONS) if field_type in ("enum", "set") else None
        pipedrive.create_person_field(
            name=field_name(field_type), field_type=field_type, options=options
        )
    account = Account.objects.get(client_id=DEMO_CLIENT_ID)
    for snovio_type in {s for s, _ in OFFERED} | set(SNOVIO_CONSTANTS):
        CustomField.objects.create(account=account, name=field_name(snovio_type), type=snovio_type)
    refresh_schema(integration=connected_integration)
    return connected_integration
