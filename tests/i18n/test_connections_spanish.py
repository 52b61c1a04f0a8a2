"""What the connections and operations say from Python (statuses, the sentence beside a status,
the admin's actions and columns, the notification emails) comes out in Spanish for a Spanish
reader: real sentences, looked up in the compiled catalogs of integrations/ and operations/."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from integrations.admin_support import SupportActions, resume_text
from integrations.models import Integration, RateBudget, Status, StatusCause
from operations.admin import NotificationAdmin
from operations.emails import build_email
from operations.integration_health import held_back
from operations.models import (
    Notification,
    NotificationKind,
    NotificationPreference,
    NotificationState,
)
from operations.notify import NO_ADDRESS
from tests.factories import make_integration


def test_status_names_are_the_articles():
    with translation.override("es"):
        names = [str(status.label) for status in Status]
    assert names == ["No conectado", "Pausado", "Activo", "Sincronización", "Conexión fallida"]


def test_the_sentence_beside_a_status_is_spanish_and_keeps_what_the_app_said():
    integration = Integration(
        status=Status.FAILED, status_cause=StatusCause.PIPEDRIVE_FORBIDDEN, status_detail="Nope."
    )
    lost = Integration(status=Status.FAILED, status_cause=StatusCause.SNOVIO_ACCESS_LOST)
    with translation.override("es"):
        assert integration.status_message == "Pipedrive denegó el acceso: Nope."
        assert lost.status_message == (
            "Snov.io denegó el acceso (sin detalles). Comprueba las credenciales de la API."
        )
    assert integration.status_message == "Pipedrive refused access: Nope."


def test_the_admins_actions_and_their_messages_are_spanish():
    with translation.override("es"):
        assert str(SupportActions.pause.short_description) == (
            "Pausar las integraciones seleccionadas"
        )
        assert str(SupportActions.retry_failed_records.short_description) == (
            "Reintentar los registros fallidos"
        )
        assert resume_text("Integración 7", 2) == "Integración 7: 2 problemas en los ajustes."


@pytest.mark.django_db
def test_why_an_email_was_not_sent_is_stored_in_english_and_shown_in_spanish():
    row = Notification(state=NotificationState.SKIPPED, last_error=NO_ADDRESS)
    with translation.override("es"):
        shown = NotificationAdmin.why_not_sent(None, row)
        state = row.get_state_display()
    assert row.last_error == "The recipient has no email address."
    assert shown == "El destinatario no tiene dirección de correo electrónico."
    assert state == "No enviada"


@pytest.mark.django_db
def test_a_rate_limit_is_said_in_spanish():
    now = timezone.now()
    budget = RateBudget(key="k", burst_blocked_until=now + dt.timedelta(minutes=1))
    with translation.override("es"):
        said = held_back(budget, now=now)
    assert said.startswith("límite de ráfaga hasta las ") and said.endswith(" UTC")


@pytest.mark.django_db
def test_the_connection_failed_email_is_written_in_the_recipients_language():
    integration = make_integration(status=Status.FAILED)
    NotificationPreference.objects.create(user=integration.owner, language="es")
    notification = Notification.objects.create(
        kind=NotificationKind.CONNECTION_FAILED,
        key="1",
        integration=integration,
        recipient=integration.owner,
        context={"cause": StatusCause.PIPEDRIVE_UNPAID, "detail": ""},
    )
    email = build_email(notification)
    assert email.subject == "La sincronización se detuvo: conexión fallida"
    assert (
        "Pipedrive denegó el acceso: la cuenta de la empresa tiene pagos pendientes "
        "(sin detalles)." in email.body
    )
    assert f"Reconectar Pipedrive: http://testserver/i/{integration.uuid}/" in email.body
    assert email.extra_headers["Content-Language"] == "es"
