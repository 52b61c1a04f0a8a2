"""What the sync log says of one entry (B1): a sentence for its reason, the records of an
ambiguous outcome by name, the fields written by name. A person never reads a reason code, a
"custom:" key or a Pipedrive field key; nothing here reads ids out of a message.

Every sentence is said in the reader's language when the page is shown: reasons by their code,
and what the engine wrote as a Text (SyncEntry.words) from its words."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_stubs_ext import StrOrPromise

from syncengine.field_names import FieldNames
from syncengine.models import App, Outcome, SyncEntry
from syncengine.wording import Text

ORIGINS = {
    "realtime": gettext_lazy("Real time"),
    "poll": gettext_lazy("Polling"),
    "transfer": gettext_lazy("Transfer"),
    "automation": gettext_lazy("Automation"),
    "retry": pgettext_lazy("origin of a sync log entry", "Retry"),
}

# %(app)s: the receiving app, %(other)s: the other app, %(records)s: the records involved, by
# name, %(remote)s: the remote app's own words, %(message)s: what the engine wrote down.
ECHO = gettext_lazy("This was our own change coming back, so it was not sent to %(app)s again.")
STALE = gettext_lazy(
    "A newer change had already been applied in %(app)s; this older one was dropped."
)
AMBIGUOUS = gettext_lazy(
    "Several %(app)s records have this email (%(records)s), so none was chosen. "
    "Merge or correct the duplicates, then retry."
)
SEVERAL_SENDERS = gettext_lazy(
    "Several %(other)s records have this email (%(records)s), so none was sent. "
    "Merge or correct the duplicates, then retry."
)
REASONS = {
    "no_email": gettext_lazy(
        "The prospect has no email and “Sync only prospects with email” is on."
    ),
    "excluded_list": gettext_lazy(
        "The prospect is in a Snov.io list that does not take part in the sync."
    ),
    "paused": gettext_lazy("The integration was paused, so nothing was sent to %(app)s."),
    "not_active": gettext_lazy("The integration was not active, so nothing was sent to %(app)s."),
    "echo": ECHO,
    "own_write": ECHO,
    "stale": STALE,
    "older_than_applied": STALE,
    "ambiguous": AMBIGUOUS,
    "several_persons": AMBIGUOUS,
    "several_prospects": AMBIGUOUS,
    "several_in_receiver": AMBIGUOUS,
    "several_in_sender": SEVERAL_SENDERS,
    "linked_elsewhere": gettext_lazy(
        "The matching %(app)s record is already linked to another contact, so nothing was "
        "written. Check the two records in %(app)s."
    ),
    "validation": gettext_lazy("%(app)s refused the data: %(remote)s"),
    "auth": gettext_lazy(
        "%(app)s no longer accepts our connection. Reconnect %(app)s, then retry."
    ),
    "snovio_auth": gettext_lazy(
        "Snov.io no longer accepts our connection. Check the API credentials, then retry."
    ),
    "billing": gettext_lazy("%(app)s refused because the account is not paid up: %(remote)s"),
    "forbidden": gettext_lazy(
        "%(app)s refused: a permission is missing or a plan limit is reached. %(remote)s"
    ),
    "rate_limited": gettext_lazy(
        "%(app)s's request limit was reached; the record waits and is sent later."
    ),
    "transient": gettext_lazy(
        "%(app)s could not be reached or had a server error; it is tried again later."
    ),
    "retries_exhausted": gettext_lazy(
        "%(app)s kept failing with a server error or timeout, so this record was given up; "
        "retry it later. %(remote)s"
    ),
    "not_found": gettext_lazy("The record no longer exists in %(app)s, so the link was removed."),
    "deleted": gettext_lazy(
        "The %(other)s record was deleted, so the link was closed; deletes are not copied."
    ),
    "merged": gettext_lazy(
        "The %(other)s record was merged into another one; the link follows the survivor."
    ),
    "delete_not_linked": gettext_lazy(
        "A record that was never linked was deleted; deletes are not copied."
    ),
    "email_history": gettext_lazy(
        "The campaign email was recorded in the person's email history in %(app)s."
    ),
    "malformed_event": gettext_lazy(
        "The event could not be read, so it was not applied. %(message)s"
    ),
    "internal_error": gettext_lazy(
        "An error in this service stopped this record (%(message)s). "
        "Retry it once the service is updated."
    ),
    "worker_lost": gettext_lazy("%(message)s Retry it."),
    "api_error": gettext_lazy("%(app)s refused: %(remote)s"),
}
# When the reason has no sentence of its own, the outcome decides.
OUTCOMES: dict[str, StrOrPromise] = {
    Outcome.CREATED: gettext_lazy("Created in %(app)s."),
    Outcome.UPDATED: gettext_lazy("Updated in %(app)s."),
    Outcome.UNCHANGED: gettext_lazy("Already identical in %(app)s; nothing needed writing."),
    Outcome.ECHO: ECHO,
    Outcome.STALE: STALE,
    Outcome.AMBIGUOUS: AMBIGUOUS,
    Outcome.UNLINKED: gettext_lazy("Unlinked from its %(app)s record."),
    Outcome.RELINKED: gettext_lazy("Re-linked to another %(app)s record (merged there)."),
}


def origin_label(origin: str) -> str:
    return str(ORIGINS.get(origin, origin.replace("_", " ").capitalize()))


def involved(entry: SyncEntry) -> str:
    """The records of an ambiguous outcome, by name (by app and number when unnamed)."""
    shown = []
    for record in entry.candidates or []:
        known = record.get("app") in App.values
        app = App(record["app"]).label if known else _("the app")
        unnamed = _("%(app)s record %(id)s") % {"app": app, "id": record.get("id", "?")}
        shown.append(record.get("name") or unnamed)
    return ", ".join(shown) or _("not recorded")


def explain(entry: SyncEntry) -> str:
    """The plain-language reason for one entry, in the active language."""
    if entry.origin == "automation" and entry.message:
        return automation_sentence(entry)
    other = App.SNOVIO if entry.receiver == App.PIPEDRIVE else App.PIPEDRIVE
    words = own_words(entry)
    values = {
        "app": entry.get_receiver_display() or _("the app"),
        "other": other.label,
        "records": involved(entry),
        "remote": entry.remote_error or words or _("no details given"),
        "message": words or entry.remote_error or _("no details given"),
    }
    template = REASONS.get(entry.reason_code) or OUTCOMES.get(entry.outcome)
    if template:
        return (str(template) % values).strip()
    words = words or entry.remote_error
    outcome = {"outcome": entry.get_outcome_display(), "app": values["app"]}
    if words:
        return _("%(outcome)s in %(app)s: %(words)s") % {**outcome, "words": words}
    return _("%(outcome)s in %(app)s.") % outcome


def said(entry: SyncEntry) -> str:
    """The entry's message in the active language when the engine kept its words."""
    if entry.words:
        return Text.from_data(entry.words).translated(_).strip()
    return entry.message.strip()


def own_words(entry: SyncEntry) -> str:
    """The entry's message when it is a sentence, not its reason code repeated."""
    message = entry.message.strip()
    code = entry.reason_code
    if code and (message == code or message.startswith(f"{code}:")):
        return ""
    return said(entry)


def automation_sentence(entry: SyncEntry) -> str:
    """What an automation did, written when it ran (deal and stage names of that moment)."""
    if entry.outcome == Outcome.FAILED and entry.remote_error:
        values = {
            "message": said(entry),
            "app": entry.get_receiver_display(),
            "remote": entry.remote_error,
        }
        return _("%(message)s %(app)s said: %(remote)s") % values
    return said(entry)


def written(entry: SyncEntry, names: FieldNames) -> list[tuple[str, str]]:
    """The fields an entry wrote, by name, with the value written."""
    app = entry.receiver
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    return [
        (names.name(app, key), names.value(app, key, value))
        for key, value in changes.items()
        if key not in ("email", "candidates")
    ]
