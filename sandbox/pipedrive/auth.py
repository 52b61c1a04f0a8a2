"""Who is calling: an OAuth access token (Bearer), or a personal API token (header
`x-api-token`, or the legacy `api_token` query parameter)."""

from dataclasses import dataclass

from .models import AccessToken, Company, User


@dataclass(frozen=True)
class Caller:
    user: User
    company: Company
    token: AccessToken | None

    @property
    def is_oauth(self) -> bool:
        return self.token is not None

    @property
    def rate_key(self) -> str:
        return f"oauth:{self.token.grant}" if self.token else f"api:{self.user.api_token}"


def authenticate(request) -> Caller | None:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        token = (
            AccessToken.objects.select_related("user", "company")
            .filter(access_token=header[7:].strip())
            .first()
        )
        if token is None or not token.access_is_valid() or not token.user.active:
            return None
        return Caller(token.user, token.company, token)
    api_token = request.headers.get("x-api-token") or request.GET.get("api_token")
    if not api_token:
        return None
    user = User.objects.select_related("company").filter(api_token=api_token, active=True).first()
    if user is None:
        return None
    return Caller(user, user.company, None)
