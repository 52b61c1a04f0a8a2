"""How a Pipedrive request proves who it is: a personal API token or an OAuth bearer token."""

from collections.abc import Callable


class ApiTokenAuth:
    """A personal API token (the old connection method); it cannot be refreshed."""

    def __init__(self, token: str):
        self._token = token

    def __repr__(self) -> str:
        return "ApiTokenAuth(token=***)"

    def headers(self) -> dict[str, str]:
        return {"x-api-token": self._token}

    def refresh(self) -> bool:
        return False


class BearerAuth:
    """An OAuth access token. `refresh()` gets a new one after a 401; True means try again."""

    def __init__(self, get_token: Callable[[], str], refresh: Callable[[], bool]):
        self._get_token = get_token
        self._refresh = refresh

    def __repr__(self) -> str:
        return "BearerAuth(token=***)"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._get_token()}"}

    def refresh(self) -> bool:
        return bool(self._refresh())
