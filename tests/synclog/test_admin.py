"""The same data in the admin: read-only, searchable, for staff only (B1)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from syncengine.models import EventState, InboundEvent, RecordLink
from tests.factories import make_user
from tests.synclog.entries import make_entry

pytestmark = pytest.mark.django_db
ENTRIES = reverse("admin:syncengine_syncentry_changelist")
LINKS = reverse("admin:syncengine_recordlink_changelist")
EVENTS = reverse("admin:syncengine_inboundevent_changelist")


@pytest.fixture
def staff_client(db):
    staff = make_user("staff@example.org")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_syncentry", "view_recordlink", "view_inboundevent"]
        )
    )
    client = Client()
    client.force_login(staff)
    return client


def listed(response):
    return list(response.context["cl"].result_list)


def test_staff_find_sync_entries_by_email_in_any_case(staff_client, integration):
    ana = make_entry(integration, email="ana@example.org")
    make_entry(integration, email="bob@example.org")
    response = staff_client.get(ENTRIES, {"q": "ANA@example"})
    assert listed(response) == [ana]


def test_staff_find_sync_entries_by_record_id(staff_client, integration):
    wanted = make_entry(integration, pipedrive_id=4242, snovio_id="sn-1")
    make_entry(integration, pipedrive_id=42, snovio_id="sn-2")
    assert listed(staff_client.get(ENTRIES, {"q": "4242"})) == [wanted]
    assert listed(staff_client.get(ENTRIES, {"q": "sn-1"})) == [wanted]


def test_staff_filter_sync_entries_by_outcome(staff_client, integration):
    failed = make_entry(integration, outcome="failed")
    make_entry(integration, outcome="created")
    assert listed(staff_client.get(ENTRIES, {"outcome__exact": "failed"})) == [failed]


def test_staff_find_record_links_and_events(staff_client, integration):
    link = RecordLink.objects.create(integration=integration, email="ana@example.org")
    RecordLink.objects.create(integration=integration, email="bob@example.org")
    event = InboundEvent.objects.create(
        integration=integration,
        source="pipedrive",
        kind="person.change",
        idempotency_key="delivery-9",
        payload={},
        state=EventState.FAILED,
    )
    assert listed(staff_client.get(LINKS, {"q": "ana@"})) == [link]
    found = staff_client.get(EVENTS, {"q": "delivery-9", "state__exact": "failed"})
    assert listed(found) == [event]


def test_the_log_admin_is_read_only(staff_client, integration):
    entry = make_entry(integration)
    change = reverse("admin:syncengine_syncentry_change", args=[entry.pk])
    assert staff_client.get(reverse("admin:syncengine_syncentry_add")).status_code == 403
    assert staff_client.post(change, {"email": "x@example.org"}).status_code == 403
    entry.refresh_from_db()
    assert entry.email == "ana@example.org"


def test_the_log_admin_refuses_non_staff(owner_client, integration):
    make_entry(integration)
    response = owner_client.get(ENTRIES, {"q": "ana@example.org"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
