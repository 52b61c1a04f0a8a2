import pytest
from django.core.management import call_command

from sandbox.snovio.models import (
    Account,
    Campaign,
    CampaignMessage,
    CustomField,
    ListMembership,
    Prospect,
    ProspectList,
)
from sandbox.snovio.seed import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    prospect_values,
    seed_sandbox,
)

pytestmark = pytest.mark.django_db


def counts():
    models = (Account, ProspectList, Prospect, ListMembership, CustomField, Campaign)
    return [m.objects.count() for m in (*models, CampaignMessage)]


def test_seed_creates_the_demo_account_with_its_credentials():
    account = seed_sandbox(prospects=20)
    assert (account.client_id, account.client_secret) == (DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)


def test_seed_is_idempotent():
    seed_sandbox(prospects=40)
    before = counts()
    seed_sandbox(prospects=40)
    assert counts() == before


def test_seed_can_grow_the_number_of_prospects():
    seed_sandbox(prospects=10)
    seed_sandbox(prospects=30)
    assert Prospect.objects.exclude(email="").count() == 30


def test_seed_has_the_named_lists_and_one_empty_list():
    account = seed_sandbox(prospects=30)
    lists = {lst.name: lst.memberships.count() for lst in account.lists.all()}
    assert set(lists) == {"Conference leads", "Website signups", "Cold outreach Q4", "Empty list"}
    assert lists["Empty list"] == 0
    assert all(lists[name] for name in ("Conference leads", "Website signups"))


def test_seed_emails_overlap_with_the_pipedrive_sandbox_numbering():
    seed_sandbox(prospects=300)
    emails = set(Prospect.objects.values_list("email", flat=True))
    assert {f"prospect{n}@example.com" for n in range(300)} <= emails


def test_seed_has_a_handful_without_email_and_some_in_two_lists():
    seed_sandbox(prospects=300)
    assert 1 <= Prospect.objects.filter(email="").count() <= 10
    memberships = ListMembership.objects.values_list("prospect_id", flat=True)
    assert len(memberships) > len(set(memberships))


def test_seed_has_typed_custom_fields_with_values():
    seed_sandbox(prospects=10)
    types = dict(CustomField.objects.values_list("name", "type"))
    assert types == {"Industry": "string", "Employees": "number", "Last event": "date"}
    prospect = Prospect.objects.get(email="prospect0@example.com")
    assert set(prospect.custom_fields) == {"Industry", "Employees", "Last event"}


def test_seed_has_two_campaigns_with_sent_emails():
    seed_sandbox(prospects=30)
    assert Campaign.objects.count() == 2
    assert CampaignMessage.objects.filter(opened_at__isnull=False).exists()
    assert all(c.messages.exists() for c in Campaign.objects.all())


def test_seed_data_is_deterministic():
    assert prospect_values(7) == prospect_values(7)
    assert prospect_values(7)["uid"] != prospect_values(8)["uid"]


def test_the_management_command_seeds(capsys):
    call_command("seed_snovio_sandbox", "--prospects", "12")
    assert Prospect.objects.exclude(email="").count() == 12
    assert DEMO_CLIENT_ID in capsys.readouterr().out
