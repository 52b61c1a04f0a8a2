"""Launch, pause, resume and settings changes (R6, R8)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from automations.models import Automation
from integrations.models import Integration, Status, StatusCause, TransferOffer
from integrations.status import set_status
from syncengine.exchange import Exchange
from syncengine.models import Constant, FieldMapping
from syncengine.schema_refresh import load_schema
from syncengine.validation import (
    ActionData,
    AutomationData,
    ConstantData,
    MappingData,
    Problem,
    SettingsData,
    validate_settings,
)
from syncengine.webhook_registration import enqueue_webhook_sync
from syncengine.wording import Text, _


def settings_snapshot(integration: Integration, *, schema_loaded: bool) -> SettingsData:
    automations = Automation.objects.filter(integration=integration).prefetch_related("actions")
    return SettingsData(
        exchange=Exchange.of(integration),
        mappings=tuple(
            MappingData(m.id, m.snovio_field, m.pipedrive_field, m.snovio_label, m.pipedrive_label)
            for m in FieldMapping.objects.filter(integration=integration)
        ),
        constants=tuple(
            ConstantData(c.id, c.app, c.field, c.value)
            for c in Constant.objects.filter(integration=integration)
        ),
        automations=tuple(
            AutomationData(
                a.trigger,
                a.enabled,
                tuple(
                    ActionData(x.id, x.action_type, x.pipeline_id, x.stage_id, x.subject)
                    for x in a.actions.all()
                ),
            )
            for a in automations
        ),
        connection_problems=tuple(connection_problems(integration)),
        schema_loaded=schema_loaded,
    )


def connection_problems(integration: Integration) -> list[Text]:
    problems: list[Text] = []
    if integration.snovio is None:
        problems.append(Text(_("Connect Snov.io.")))
    pd = integration.pipedrive
    if pd is None:
        problems.append(Text(_("Connect Pipedrive.")))
    elif pd.is_broken or pd.auth_method != "oauth":
        problems.append(Text(_("Reconnect Pipedrive.")))
    return problems


def current_problems(integration: Integration) -> list[Problem]:
    schema = load_schema(integration)
    snapshot = settings_snapshot(integration, schema_loaded=schema.loaded)
    return validate_settings(snapshot, schema)


@transaction.atomic
def launch_integration(*, integration: Integration) -> list[Problem]:
    """Validate everything; on success the integration is Active (R6.1)."""
    problems = current_problems(integration)
    if problems:
        return problems
    first_launch = integration.launched_at is None
    fields: dict[str, object] = {"settings_version": F("settings_version") + 1}
    if first_launch:
        fields |= {"launched_at": timezone.now(), "transfer_offer": TransferOffer.PENDING}
    Integration.objects.filter(pk=integration.pk).update(**fields)
    set_status(integration, Status.ACTIVE)
    integration.refresh_from_db()
    enqueue_webhook_sync(integration)
    return []


def pause_integration(*, integration: Integration) -> None:
    if integration.status in (Status.ACTIVE, Status.FAILED):
        set_status(integration, Status.PAUSED)
        enqueue_webhook_sync(integration)


def resume_integration(*, integration: Integration) -> list[Problem]:
    """Paused/failed → Active, or Connection failed with the problems in red (R8). An old
    API-token connection stays Paused for its own reason (R1.5): Reconnect is what it needs."""
    problems = current_problems(integration)
    enqueue_webhook_sync(integration)  # registered when Active, removed when failed
    if problems and integration.status_cause == StatusCause.LEGACY_TOKEN:
        return problems
    if problems:
        set_status(integration, Status.FAILED, cause=StatusCause.SETTINGS_PROBLEM)
        return problems
    set_status(integration, Status.ACTIVE)
    return []


def record_settings_change(*, integration: Integration) -> None:
    """Saved settings restart real-time sync from a new version (R6.3).

    An Active integration whose settings became invalid fails at once, so records are never
    failed one by one for a setting problem (B9)."""
    if integration.launched_at is None:
        return
    Integration.objects.filter(pk=integration.pk).update(
        settings_version=F("settings_version") + 1
    )
    integration.refresh_from_db(fields=["settings_version"])
    enqueue_webhook_sync(integration)  # direction, email history or automations may differ
    if integration.status == Status.ACTIVE and current_problems(integration):
        set_status(integration, Status.FAILED, cause=StatusCause.SETTINGS_PROBLEM)


def record_transfer_choice(*, integration: Integration, accepted: bool) -> None:
    choice = TransferOffer.ACCEPTED if accepted else TransferOffer.SKIPPED
    Integration.objects.filter(pk=integration.pk).update(transfer_offer=choice)
    integration.transfer_offer = choice
