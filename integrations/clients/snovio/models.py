"""What the Snov.io client returns: small records parsed at the boundary."""

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Protocol


@dataclasses.dataclass(frozen=True)
class Balance:
    balance: Decimal
    teamwork: bool = False
    unique_recipients_used: int = 0
    limit_resets_in: int | None = None
    expires_in: int | None = None


@dataclasses.dataclass(frozen=True)
class ProspectList:
    id: int
    name: str
    contacts: int = 0
    is_deleted: bool = False
    created_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Prospect:
    id: str
    email: str = ""
    first_name: str = ""
    last_name: str = ""
    name: str = ""
    position: str = ""
    company_name: str = ""
    phones: list[str] = dataclasses.field(default_factory=list)
    custom_fields: dict[str, str] = dataclasses.field(default_factory=dict)
    list_ids: list[int] = dataclasses.field(default_factory=list)
    email_status: str = ""  # valid | not_valid | unknown | unverified | "" (not reported)
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    country: str = ""
    locality: str = ""
    social_links: dict[str, str] = dataclasses.field(default_factory=dict)
    # The attributes above that the answer actually carried (Snov.io documents only part of a
    # prospect, and different parts per method): an attribute not carried is unknown, not empty.
    carried: tuple[str, ...] = ()

    def carries(self, attribute: str) -> bool:
        return attribute in self.carried

    def completed_with(self, other: "Prospect") -> "Prospect":
        """This prospect with what `other` (the same prospect, read another way) carries and
        this one does not."""
        missing = [name for name in other.carried if name not in self.carried]
        values = {name: getattr(other, name) for name in missing}
        return dataclasses.replace(self, **values, carried=(*self.carried, *missing))


@dataclasses.dataclass(frozen=True)
class CustomField:
    key: str  # e.g. "customFields['Industry']"
    label: str  # the field's name, used as the key of Prospect.custom_fields
    type: str  # string | number | date
    required: bool = False


@dataclasses.dataclass(frozen=True)
class Campaign:
    id: int
    name: str
    list_id: int | None
    status: str
    created_at: dt.datetime | None = None
    started_at: dt.datetime | None = None


@dataclasses.dataclass(frozen=True)
class Webhook:
    id: int
    end_point: str
    event_object: str
    event_action: str
    status: str
    created_at: dt.datetime | None = None


class TokenStore(Protocol):
    def load(self) -> tuple[str, dt.datetime] | None: ...

    def save(self, token: str, expires_at: dt.datetime) -> None: ...


class InMemoryTokenStore:
    def __init__(self):
        self._token: tuple[str, dt.datetime] | None = None

    def load(self) -> tuple[str, dt.datetime] | None:
        return self._token

    def save(self, token: str, expires_at: dt.datetime) -> None:
        self._token = (token, expires_at)
