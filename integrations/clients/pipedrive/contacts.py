"""Pipedrive persons and organizations (API v2)."""

from collections.abc import Iterator

from integrations.clients.pipedrive import models as m
from integrations.clients.pipedrive.bodies import person_body, query
from integrations.clients.pipedrive.transport import PAGE_LIMIT, V2, PipedriveTransport, all_pages


class ContactsApi(PipedriveTransport):
    # -- persons (v2) ------------------------------------------------------------------------

    def list_persons(
        self, *, cursor=None, limit=PAGE_LIMIT, updated_since=None, ids=None
    ) -> m.Page[m.Person]:
        """One page of persons, optionally only those changed since a moment or with given ids."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#getPersons
        params = {"cursor": cursor, "limit": limit, "ids": ids}
        if updated_since is not None:
            params["updated_since"] = m.format_time(updated_since)
        return self._page(f"{V2}/persons", m.parse_person, cost=10, params=params)

    def iter_persons(self, **filters) -> Iterator[m.Person]:
        """Every person matching the `list_persons` filters, page after page."""
        return all_pages(self.list_persons, **filters)

    def get_person(self, person_id: int) -> m.Person:
        """One person by id."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#getPerson
        return self._data("GET", f"{V2}/persons/{person_id}", m.parse_person, cost=1)

    def create_person(self, **fields) -> m.Person:
        """Create a person from plain values (emails/phones as lists of strings, primary first)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#addPerson
        body = person_body(fields, creating=True)
        return self._data("POST", f"{V2}/persons", m.parse_person, cost=5, json=body)

    def update_person(self, person_id: int, **fields) -> m.Person:
        """Change the given fields; emails/phones given replace the whole list."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#updatePerson
        body = person_body(fields)
        path = f"{V2}/persons/{person_id}"
        return self._data("PATCH", path, m.parse_person, cost=5, json=body)

    def search_persons(self, term: str, *, fields="email", exact_match=True) -> list[int]:
        """Ids of the persons whose `fields` match `term` (by default: exactly this email)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Persons#searchPersons
        found = self._follow(
            f"{V2}/persons/search",
            m.search_item,
            cost=20,
            term=term,
            fields=fields,
            exact_match=exact_match,
        )
        return [item["id"] for item in found]

    # -- organizations (v2) ------------------------------------------------------------------

    def list_organizations(self, *, cursor=None, limit=PAGE_LIMIT) -> m.Page[m.Organization]:
        """One page of organizations (a transfer reads them all to know each person's name)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Organizations#getOrganizations
        params = {"cursor": cursor, "limit": limit}
        return self._page(f"{V2}/organizations", m.parse_organization, cost=10, params=params)

    def get_organization(self, org_id: int) -> m.Organization:
        """One organization by id."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Organizations#getOrganization
        return self._data("GET", f"{V2}/organizations/{org_id}", m.parse_organization, cost=1)

    def iter_organizations(self) -> Iterator[m.Organization]:
        """Every organization, page after page."""
        return all_pages(self.list_organizations)

    def search_organizations(self, term: str, *, exact_match=True) -> list[m.Organization]:
        """Organizations whose name matches `term`."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Organizations#searchOrganization
        found = self._follow(
            f"{V2}/organizations/search",
            m.search_item,
            cost=20,
            term=term,
            fields="name",
            exact_match=exact_match,
        )
        return [m.parse_organization(item) for item in found]

    def create_organization(self, *, name: str, owner_id: int | None = None) -> m.Organization:
        """Create an organization."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Organizations#addOrganization
        body = query(name=name, owner_id=owner_id)
        return self._data("POST", f"{V2}/organizations", m.parse_organization, cost=5, json=body)
