"""Helpers of the play pages: which company is shown, who acts in it."""

from django.http import Http404

from .models import Company, User

SESSION_KEY = "sandbox_pipedrive_play_company"


def current_company(request) -> Company | None:
    company_id = request.session.get(SESSION_KEY)
    company = Company.objects.filter(id=company_id).first() if company_id else None
    return company or Company.objects.order_by("id").first()


def require_company(request) -> Company:
    company = current_company(request)
    if company is None:
        raise Http404("No sandbox company yet")
    return company


def acting_user(company: Company) -> User:
    """Changes made on the play pages are made as the company's first admin."""
    return (
        company.users.filter(is_admin=True, active=True).order_by("id").first()
        or company.users.order_by("id").first()
    )
