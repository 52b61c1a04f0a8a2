"""Plain helpers for transfer tests: sandbox data in, sandbox state out."""

from sandbox.pipedrive.models import Company, PersonField
from sandbox.pipedrive.models import Person as SandboxPerson
from sandbox.snovio.models import Prospect as SandboxProspect


def add_persons(rows: list[dict]) -> list[SandboxPerson]:
    """Pipedrive sandbox persons (name, email, job_title…) added to the demo company."""
    company = Company.objects.get()
    people = [
        SandboxPerson(
            company=company,
            name=row.get("name", "Someone"),
            first_name=row.get("first_name", ""),
            last_name=row.get("last_name", ""),
            job_title=row.get("job_title", ""),
            emails=[{"value": row["email"], "primary": True, "label": "work"}]
            if row.get("email")
            else [],
        )
        for row in rows
    ]
    return SandboxPerson.objects.bulk_create(people)


def persons_by_email() -> dict[str, list[SandboxPerson]]:
    found: dict[str, list[SandboxPerson]] = {}
    for person in SandboxPerson.objects.filter(is_deleted=False).select_related("org"):
        found.setdefault(person.primary_email.lower(), []).append(person)
    return found


def prospects_by_email() -> dict[str, list[SandboxProspect]]:
    found: dict[str, list[SandboxProspect]] = {}
    for prospect in SandboxProspect.objects.all():
        found.setdefault(prospect.email.lower(), []).append(prospect)
    return found


def lead_source_key() -> str:
    return PersonField.objects.get(name="Lead source").key
