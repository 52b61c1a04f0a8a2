"""What the sync log says of one entry (B1): a sentence for its reason, the records of an
ambiguous outcome by name, the fields written by name. A person never reads a reason code, a
"custom:" key or a Pipedrive field key; nothing here reads ids out of a message."""

from syncengine.field_names import FieldNames
from syncengine.models import App, Outcome, SyncEntry

ORIGINS = {
    "realtime": "Real time",
    "poll": "Polling",
    "transfer": "Transfer",
    "automation": "Automation",
    "retry": "Retry",
}

# {app}: the receiving app, {other}: the other app, {records}: the records involved, by name,
# {remote}: the remote app's own words, {message}: what the engine wrote down.
ECHO = "This was our own change coming back, so it was not sent to {app} again."
STALE = "A newer change had already been applied in {app}; this older one was dropped."
AMBIGUOUS = (
    "Several {app} records have this email ({records}), so none was chosen. "
    "Merge or correct the duplicates, then retry."
)
SEVERAL_SENDERS = (
    "Several {other} records have this email ({records}), so none was sent. "
    "Merge or correct the duplicates, then retry."
)
REASONS = {
    "no_email": "The prospect has no email and “Sync only prospects with email” is on.",
    "excluded_list": "The prospect is in a Snov.io list that does not take part in the sync.",
    "paused": "The integration was paused, so nothing was sent to {app}.",
    "echo": ECHO,
    "own_write": ECHO,
    "stale": STALE,
    "older_than_applied": STALE,
    "ambiguous": AMBIGUOUS,
    "several_persons": AMBIGUOUS,
    "several_prospects": AMBIGUOUS,
    "several_in_receiver": AMBIGUOUS,
    "several_in_sender": SEVERAL_SENDERS,
    "linked_elsewhere": "The matching {app} record is already linked to another contact, "
    "so nothing was written. Check the two records in {app}.",
    "validation": "{app} refused the data: {remote}",
    "auth": "{app} no longer accepts our connection. Reconnect {app}, then retry.",
    "snovio_auth": "Snov.io no longer accepts our connection. Check the API credentials, "
    "then retry.",
    "billing": "{app} refused because the account is not paid up: {remote}",
    "forbidden": "{app} refused: a permission is missing or a plan limit is reached. {remote}",
    "rate_limited": "{app}'s request limit was reached; the record waits and is sent later.",
    "transient": "{app} could not be reached or had a server error; it is tried again later.",
    "retries_exhausted": "{app} kept failing with a server error or timeout, so this record "
    "was given up; retry it later. {remote}",
    "not_found": "The record no longer exists in {app}, so the link was removed.",
    "deleted": "The {other} record was deleted, so the link was closed; deletes are not copied.",
    "merged": "The {other} record was merged into another one; the link follows the survivor.",
    "delete_not_linked": "A record that was never linked was deleted; deletes are not copied.",
    "email_history": "The campaign email was recorded in the person's email history in {app}.",
    "malformed_event": "The event could not be read, so it was not applied. {message}",
    "internal_error": "An error in this service stopped this record ({message}). "
    "Retry it once the service is updated.",
    "worker_lost": "{message} Retry it.",
    "api_error": "{app} refused: {remote}",
}
# When the reason has no sentence of its own, the outcome decides.
OUTCOMES = {
    Outcome.CREATED: "Created in {app}.",
    Outcome.UPDATED: "Updated in {app}.",
    Outcome.UNCHANGED: "Already identical in {app}; nothing needed writing.",
    Outcome.ECHO: ECHO,
    Outcome.STALE: STALE,
    Outcome.AMBIGUOUS: AMBIGUOUS,
    Outcome.UNLINKED: "Unlinked from its {app} record.",
    Outcome.RELINKED: "Re-linked to another {app} record (merged there).",
}


def origin_label(origin: str) -> str:
    return ORIGINS.get(origin, origin.replace("_", " ").capitalize())


def involved(entry: SyncEntry) -> str:
    """The records of an ambiguous outcome, by name (by app and number when unnamed)."""
    shown = []
    for record in entry.candidates or []:
        app = App(record["app"]).label if record.get("app") in App.values else "the app"
        shown.append(record.get("name") or f"{app} record {record.get('id', '?')}")
    return ", ".join(shown) or "not recorded"


def explain(entry: SyncEntry) -> str:
    """The plain-language reason for one entry."""
    if entry.origin == "automation" and entry.message:
        return automation_sentence(entry)
    other = App.SNOVIO if entry.receiver == App.PIPEDRIVE else App.PIPEDRIVE
    remote = entry.remote_error or own_words(entry) or "no details given"
    values = {
        "app": entry.get_receiver_display() or "the app",
        "other": other.label,
        "records": involved(entry),
        "remote": remote,
        "message": own_words(entry) or entry.remote_error or "no details given",
    }
    template = REASONS.get(entry.reason_code) or OUTCOMES.get(entry.outcome)
    if template:
        return template.format(**values).strip()
    words = own_words(entry) or entry.remote_error
    return f"{entry.get_outcome_display()} in {values['app']}" + (f": {words}" if words else ".")


def own_words(entry: SyncEntry) -> str:
    """The entry's message when it is a sentence, not its reason code repeated."""
    message = entry.message.strip()
    code = entry.reason_code
    if code and (message == code or message.startswith(f"{code}:")):
        return ""
    return message


def automation_sentence(entry: SyncEntry) -> str:
    """What an automation did, written when it ran (deal and stage names of that moment)."""
    if entry.outcome == Outcome.FAILED and entry.remote_error:
        return f"{entry.message} {entry.get_receiver_display()} said: {entry.remote_error}"
    return entry.message


def written(entry: SyncEntry, names: FieldNames) -> list[tuple[str, str]]:
    """The fields an entry wrote, by name, with the value written."""
    app = entry.receiver
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return [
        (names.name(app, key), names.value(app, key, value))
        for key, value in changes.items()
        if key not in ("email", "candidates")
    ]
