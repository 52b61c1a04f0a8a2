"""Plain factories for Pipedrive sandbox accounts, shared by the client and contract tests."""

import itertools

from django.conf import settings

from integrations.clients import pipedrive_oauth
from integrations.clients.pipedrive import ApiTokenAuth, BearerAuth, PipedriveClient
from sandbox.pipedrive import oauth as sandbox_oauth
from sandbox.pipedrive.models import ActivityType, Company, Pipeline, Stage, User
from sandbox.pipedrive.seed import seed_sandbox

_numbers = itertools.count(1)


class Waits(list):
    """Stands in for time.sleep: records every wait, never sleeps."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_company(**fields) -> Company:
    number = next(_numbers)
    return Company.objects.create(
        **{"name": f"Acme {number}", "domain": f"acme-{number}", **fields}
    )


def make_user(company: Company | None = None, *, admin: bool = True, **fields) -> User:
    company = company or make_company()
    number = next(_numbers)
    return User.objects.create(
        company=company,
        **{"name": f"User {number}", "email": f"user{number}@acme.test", "is_admin": admin}
        | fields,
    )


def demo_admin(*, persons: int = 0) -> User:
    """The admin of the sandbox's seeded demo company (system fields, pipelines, persons)."""
    return seed_sandbox(persons=persons).users.filter(is_admin=True).order_by("id").first()


def issue_code(user: User, *, redirect_uri: str | None = None) -> str:
    """The code the consent page would put on the redirect to our callback."""
    code = sandbox_oauth.issue_code(
        user=user,
        company=user.company,
        redirect_uri=redirect_uri or settings.PIPEDRIVE_REDIRECT_URI,
    )
    return code.code


def make_pipeline(company: Company, name: str = "Sales", stages=("Lead in", "Contacted", "Won")):
    pipeline = Pipeline.objects.create(
        company=company, name=name, order_nr=company.pipelines.count() + 1
    )
    for order_nr, stage_name in enumerate(stages, start=1):
        Stage.objects.create(pipeline=pipeline, name=stage_name, order_nr=order_nr)
    return pipeline


def make_activity_types(company: Company, keys=("call", "task", "email")) -> None:
    for order_nr, key in enumerate(keys, start=1):
        ActivityType.objects.create(
            company=company, key_string=key, name=key.title(), order_nr=order_nr
        )


def api_token_client(user: User, **kwargs) -> PipedriveClient:
    auth = ApiTokenAuth(user.api_token)
    return PipedriveClient(api_domain=settings.PIPEDRIVE_API_URL, auth=auth, **kwargs)


class TokenHolder:
    """Holds an OAuth grant the way a stored connection would, refreshing on demand."""

    def __init__(self, tokens: pipedrive_oauth.TokenSet):
        self.tokens = tokens
        self.refreshes = 0

    def refresh(self) -> bool:
        self.refreshes += 1
        self.tokens = pipedrive_oauth.refresh_tokens(self.tokens.refresh_token)
        return True

    def auth(self) -> BearerAuth:
        return BearerAuth(get_token=lambda: self.tokens.access_token, refresh=self.refresh)


def oauth_client(user: User, **kwargs) -> tuple[PipedriveClient, TokenHolder]:
    """A client on a grant obtained through the sandbox's real token endpoint."""
    holder = TokenHolder(pipedrive_oauth.exchange_code(issue_code(user)))
    client = PipedriveClient(api_domain=holder.tokens.api_domain, auth=holder.auth(), **kwargs)
    return client, holder
