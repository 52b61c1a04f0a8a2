"""The remote schema the settings are checked against: what Refresh read from both apps.

Pipelines and stages are the client's own records (one type for each, everywhere)."""

from dataclasses import asdict, dataclass, field

from integrations.clients.pipedrive.models import Pipeline, Stage


@dataclass(frozen=True)
class SnovioField:
    key: str
    label: str
    type: str
    builtin: bool = False


@dataclass(frozen=True)
class FieldOption:
    id: int
    label: str


@dataclass(frozen=True)
class PipedriveField:
    key: str
    name: str
    field_type: str
    is_custom: bool = False
    options: tuple[FieldOption, ...] = ()  # enum and set fields (B16)

    @classmethod
    def from_json(cls, data: dict) -> "PipedriveField":
        options = tuple(FieldOption(**o) for o in data.get("options") or ())
        return cls(**{**data, "options": options})


@dataclass(frozen=True)
class SnovioCarriage:
    """Which prospect attributes (clients.snovio.Prospect) a Snov.io list page and a read by
    id carried at the last Refresh; empty when nothing could be sampled. Snov.io documents
    only part of a prospect: syncengine.prospect_reads decides what is read by id."""

    page: tuple[str, ...] = ()
    detail: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: dict | None) -> "SnovioCarriage":
        data = data or {}
        return cls(page=tuple(data.get("page", ())), detail=tuple(data.get("detail", ())))


@dataclass(frozen=True)
class ListRef:
    id: str
    name: str


@dataclass(frozen=True)
class UserRef:
    id: int
    name: str
    email: str = ""
    active: bool = True


@dataclass(frozen=True)
class Schema:
    snovio_lists: tuple[ListRef, ...] = ()
    snovio_fields: tuple[SnovioField, ...] = ()
    pipedrive_users: tuple[UserRef, ...] = ()
    pipedrive_fields: tuple[PipedriveField, ...] = ()
    pipelines: tuple[Pipeline, ...] = ()
    activity_types: tuple[str, ...] = field(default=())
    snovio_carriage: SnovioCarriage = field(default_factory=SnovioCarriage)
    # The connected user's default currency: monetary values are written in it.
    pipedrive_currency: str = ""
    # False until Refresh has run once: there is nothing to choose from yet.
    loaded: bool = field(default=False, compare=False)

    def to_json(self) -> dict:
        data = asdict(self)
        del data["loaded"]
        return data

    @classmethod
    def from_json(cls, data: dict, *, loaded: bool = True) -> "Schema":
        if not data:
            return cls(loaded=loaded)
        return cls(
            loaded=loaded,
            snovio_lists=tuple(ListRef(**x) for x in data.get("snovio_lists", [])),
            snovio_fields=tuple(SnovioField(**x) for x in data.get("snovio_fields", [])),
            pipedrive_users=tuple(UserRef(**x) for x in data.get("pipedrive_users", [])),
            pipedrive_fields=tuple(
                PipedriveField.from_json(x) for x in data.get("pipedrive_fields", [])
            ),
            pipelines=tuple(
                Pipeline(
                    id=p["id"],
                    name=p["name"],
                    order_nr=p.get("order_nr", 0),
                    stages=tuple(Stage(**s) for s in p["stages"]),
                )
                for p in data.get("pipelines", [])
            ),
            activity_types=tuple(data.get("activity_types", [])),
            snovio_carriage=SnovioCarriage.from_json(data.get("snovio_carriage")),
            pipedrive_currency=data.get("pipedrive_currency", ""),
        )

    def snovio_field(self, key: str) -> SnovioField | None:
        return next((f for f in self.snovio_fields if f.key == key), None)

    def pipedrive_field(self, key: str) -> PipedriveField | None:
        return next((f for f in self.pipedrive_fields if f.key == key), None)

    def snovio_list(self, list_id: str) -> ListRef | None:
        return next((x for x in self.snovio_lists if x.id == str(list_id)), None)

    def user(self, user_id: int | None) -> UserRef | None:
        return next((u for u in self.pipedrive_users if u.id == user_id), None)

    def pipeline(self, pipeline_id: int | None) -> Pipeline | None:
        return next((p for p in self.pipelines if p.id == pipeline_id), None)

    def stage(self, stage_id: int | None) -> Stage | None:
        stages = (s for p in self.pipelines for s in p.stages)
        return next((s for s in stages if s.id == stage_id), None)
