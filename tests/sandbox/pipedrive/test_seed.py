from django.core.management import call_command

from sandbox.pipedrive.models import Company, Person, PersonField, Pipeline, User
from sandbox.pipedrive.seed import person_email, seed_sandbox


def test_seed_creates_the_demo_company_once(db):
    company = seed_sandbox(persons=150)
    again = seed_sandbox(persons=150)
    assert again.pk == company.pk
    assert Company.objects.count() == 1
    assert Person.objects.count() == 150
    assert User.objects.count() == 2


def test_seed_content(db):
    company = seed_sandbox(persons=150)
    ana = company.users.get(email="ana@demo-company.example")
    assert ana.is_admin and ana.check_password("sandbox") and ana.api_token
    assert list(Pipeline.objects.values_list("name", flat=True)) == ["Sales", "Partners"]
    types = set(PersonField.objects.filter(is_custom=True).values_list("field_type", flat=True))
    assert {"varchar", "text", "double", "monetary", "date", "enum", "set", "phone"} <= types
    assert {"address", "varchar_auto"} <= types
    emails = [p.primary_email for p in Person.objects.all()]
    snovio = [e for e in emails if e.startswith("prospect")]
    assert len(snovio) == 30
    assert emails.count("prospect1@example.com") == 2
    assert emails.count("prospect2@example.com") == 2
    assert 1 <= emails.count("") <= 10


def test_person_email_is_deterministic():
    assert person_email(0, 150, "Ana", "Lopez") == "prospect1@example.com"
    assert person_email(100, 150, "Ana", "Lopez") == person_email(100, 150, "Ana", "Lopez")


def test_management_command_seeds(db, capsys):
    call_command("seed_pipedrive_sandbox", "--persons", "10")
    assert "Demo Company" in capsys.readouterr().out
    assert Person.objects.count() == 10
