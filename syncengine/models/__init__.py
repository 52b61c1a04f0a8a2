"""The engine's tables, by what they hold: settings.py (mappings, constants), records.py
(links, the sync log, inbound events, what polling saw), transfers.py (manual transfers)."""

from .records import (
    DrainLease,
    EventState,
    InboundEvent,
    Outcome,
    RecordLink,
    SeenProspect,
    SyncEntry,
)
from .settings import App, Constant, FieldMapping
from .transfers import (
    ACTIVE_TRANSFER_STATES,
    ItemSide,
    ItemState,
    TransferDirection,
    TransferItem,
    TransferJob,
    TransferPhase,
    TransferState,
)

__all__ = [
    "ACTIVE_TRANSFER_STATES",
    "App",
    "Constant",
    "DrainLease",
    "EventState",
    "FieldMapping",
    "InboundEvent",
    "ItemSide",
    "ItemState",
    "Outcome",
    "RecordLink",
    "SeenProspect",
    "SyncEntry",
    "TransferDirection",
    "TransferItem",
    "TransferJob",
    "TransferPhase",
    "TransferState",
]
