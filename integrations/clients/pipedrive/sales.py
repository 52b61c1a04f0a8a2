"""Pipedrive deals, pipelines, stages and activities (API v2)."""

from collections.abc import Iterator

from integrations.clients.pipedrive import models as m
from integrations.clients.pipedrive.bodies import activity_body, deal_body, query
from integrations.clients.pipedrive.transport import PAGE_LIMIT, V2, PipedriveTransport, all_pages


class SalesApi(PipedriveTransport):
    # -- deals (v2) --------------------------------------------------------------------------

    def list_deals(self, *, person_id=None, status=None, cursor=None) -> m.Page[m.Deal]:
        """One page of deals, optionally of one person and/or in one status (open, won, lost)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Deals#getDeals
        params = {"person_id": person_id, "status": status, "cursor": cursor, "limit": PAGE_LIMIT}
        return self._page(f"{V2}/deals", m.parse_deal, cost=10, params=params)

    def iter_deals(self, **filters) -> Iterator[m.Deal]:
        """Every deal matching the `list_deals` filters, page after page."""
        return all_pages(self.list_deals, **filters)

    def get_deal(self, deal_id: int) -> m.Deal:
        """One deal by id."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Deals#getDeal
        return self._data("GET", f"{V2}/deals/{deal_id}", m.parse_deal, cost=1)

    def create_deal(
        self, *, title: str, person_id: int, pipeline_id=None, stage_id=None, owner_id=None
    ) -> m.Deal:
        """Create a deal; with only a pipeline it lands in that pipeline's first stage."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Deals#addDeal
        body = query(
            title=title,
            person_id=person_id,
            pipeline_id=pipeline_id,
            stage_id=stage_id,
            owner_id=owner_id,
        )
        return self._data("POST", f"{V2}/deals", m.parse_deal, cost=5, json=deal_body(body))

    def update_deal(self, deal_id: int, **fields) -> m.Deal:
        """Change the given fields (e.g. `stage_id` to move the deal)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Deals#updateDeal
        path = f"{V2}/deals/{deal_id}"
        return self._data("PATCH", path, m.parse_deal, cost=5, json=deal_body(fields))

    # -- pipelines and stages (v2) -----------------------------------------------------------

    def list_pipelines(self) -> list[m.Pipeline]:
        """All pipelines."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Pipelines#getPipelines
        return list(self._follow(f"{V2}/pipelines", m.parse_pipeline, cost=5, limit=PAGE_LIMIT))

    def list_stages(self, pipeline_id: int | None = None) -> list[m.Stage]:
        """All stages, or those of one pipeline."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Stages#getStages
        stages = self._follow(
            f"{V2}/stages", m.parse_stage, cost=5, pipeline_id=pipeline_id, limit=PAGE_LIMIT
        )
        return list(stages)

    # -- activities (v2) ---------------------------------------------------------------------

    def create_activity(
        self,
        *,
        subject: str,
        type: str,
        person_id=None,
        deal_id=None,
        due_date=None,
        due_time=None,
        done=False,
        note=None,
        owner_id=None,
    ) -> m.Activity:
        """Create an activity; the person is linked as the primary participant."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Activities#addActivity
        fields = query(
            subject=subject,
            type=type,
            person_id=person_id,
            deal_id=deal_id,
            due_date=due_date,
            due_time=due_time,
            note=note,
            owner_id=owner_id,
        )
        body = activity_body({**fields, "done": bool(done)})
        return self._data("POST", f"{V2}/activities", m.parse_activity, cost=5, json=body)

    def update_activity(self, activity_id: int, **fields) -> m.Activity:
        """Change the given fields (e.g. `done=True`, a new `note`)."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Activities#updateActivity
        path = f"{V2}/activities/{activity_id}"
        body = activity_body(fields)
        return self._data("PATCH", path, m.parse_activity, cost=5, json=body)

    def list_activities(self, *, person_id=None, deal_id=None) -> list[m.Activity]:
        """All activities of a person (as primary participant) and/or a deal."""
        # Reference: https://developers.pipedrive.com/docs/api/v1/Activities#getActivities
        activities = self._follow(
            f"{V2}/activities",
            m.parse_activity,
            cost=10,
            person_id=person_id,
            deal_id=deal_id,
            limit=PAGE_LIMIT,
        )
        return list(activities)
