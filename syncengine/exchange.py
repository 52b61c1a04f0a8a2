"""The data-exchange settings (R2, R3) as one value, with the rules they decide (pure).

`Exchange.of(integration)` is the one place they are read from the integration; validation,
real time, polling and the transfer ask the value, never the integration's fields.

Adding an exchange setting touches: the model field (integrations/models.py, plus its
migration), this class (the field and its rule), the settings form
(integrations/settings_forms.py, ExchangeForm), and the settings file's name for it
(syncengine/settings_io)."""

from dataclasses import dataclass

DIRECTIONS = ("both", "to_pipedrive", "to_snovio")


@dataclass(frozen=True)
class Exchange:
    direction: str = "both"
    target_list_id: str = ""  # the Snov.io list that receives Pipedrive contacts (R3.1)
    owner_user_id: int | None = None  # owner of persons created in Pipedrive (R3.2)
    all_lists: bool = True  # R3.3: every list, including lists created later…
    source_list_ids: tuple[str, ...] = ()  # …or only these
    include_email_history: bool = False  # R3.5
    only_with_email: bool = True  # R3.6

    @classmethod
    def of(cls, integration) -> "Exchange":
        return cls(
            direction=integration.direction,
            target_list_id=str(integration.target_list_id or ""),
            owner_user_id=integration.owner_user_id,
            all_lists=integration.all_lists,
            source_list_ids=tuple(str(i) for i in integration.source_list_ids or ()),
            include_email_history=integration.include_email_history,
            only_with_email=integration.only_with_email,
        )

    @property
    def to_pipedrive(self) -> bool:
        return self.direction in ("both", "to_pipedrive")

    @property
    def to_snovio(self) -> bool:
        return self.direction in ("both", "to_snovio")

    def takes_part(self, list_ids) -> bool:
        """Whether a prospect in these lists may reach Pipedrive (R3.3). `None`: its lists
        are not known, so it is not excluded for them."""
        if self.all_lists or list_ids is None:
            return True
        return bool({str(i) for i in list_ids} & set(self.source_list_ids))

    def chosen_list_ids(self) -> list[int]:
        """The chosen lists' ids, for reading them (empty when all lists take part)."""
        if self.all_lists:
            return []
        return sorted(int(i) for i in self.source_list_ids if i.isdigit())

    def prospect_excluded(self, *, email: str, list_ids) -> str:
        """Why a Snov.io prospect must not reach Pipedrive ("" if it may)."""
        if not self.to_pipedrive:
            return "one_way"  # Pipedrive → Snov.io only: never write into the sender
        if self.only_with_email and not email:
            return "no_email"
        if not self.takes_part(list_ids):
            return "list_not_included"
        return ""

    def person_excluded(self, *, email: str) -> str:
        """Why a Pipedrive person must not reach Snov.io ("" if it may)."""
        if not self.to_snovio:
            return "one_way"
        if not email:
            return "no_email"  # Snov.io matches and adds prospects by email
        if not self.target_list_id:
            return "no_target_list"
        return ""

    def skips_without_email(self, receiver: str) -> bool:
        """A record without an email is left out: by choice (R3.6), or because Snov.io
        matches and adds prospects by email."""
        return self.only_with_email or receiver == "snovio"
