"""What the sync engine says from Python (the sync log's sentences, outcomes and origins, the
engine's own notes, the health chart, the transfer page, the admin's names) comes out in
Spanish for a Spanish reader: real sentences, looked up in the compiled catalog of syncengine/."""

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from syncengine.log_health import chart_of
from syncengine.log_sentences import explain, origin_label
from syncengine.mapping import Unmatched, unmatched_note
from syncengine.models import Outcome, SyncEntry, TransferItem, TransferJob
from syncengine.transfer.progress import failed_row, outcome_line, waiting_line
from syncengine.transfer.runner import words_of
from syncengine.wording import Text
from tests.factories import make_integration

pytestmark = pytest.mark.django_db


def entry(**fields) -> SyncEntry:
    integration = make_integration()
    fields = {"receiver": "pipedrive", "origin": "realtime", **fields}
    return SyncEntry.objects.create(integration=integration, **fields)


def test_a_failed_entry_is_explained_in_spanish():
    failed = entry(outcome=Outcome.FAILED, reason_code="auth")
    with translation.override("es"):
        assert explain(failed) == (
            "Pipedrive ya no acepta nuestra conexión. Vuelve a conectar Pipedrive y reinténtalo."
        )
        assert failed.get_outcome_display() == "Fallido"
    assert explain(failed).startswith("Pipedrive no longer accepts our connection.")


def test_outcomes_and_origins_are_singular_labels_of_one_record():
    with translation.override("es"):
        assert str(Outcome.CREATED.label) == "Creado"
        assert str(Outcome.SKIPPED.label) == "Omitido"
        assert origin_label("retry") == "Reintento"
        assert origin_label("poll") == "Sondeo"


def test_an_engine_sentence_kept_with_its_words_is_said_in_spanish():
    words = Text("The Pipedrive event names no person id.")
    malformed = entry(
        outcome=Outcome.FAILED,
        reason_code="malformed_event",
        message=words,
        words=words.as_data(),
    )
    with translation.override("es"):
        assert explain(malformed) == (
            "No se pudo leer el evento, así que no se aplicó. "
            "El evento de Pipedrive no indica ningún ID de contacto."
        )
    note = unmatched_note([Unmatched("Tier", ("Platinum",))])
    with translation.override("es"):
        assert note.translated(translation.gettext) == (
            "“Platinum” no es una opción de «Tier»; ese campo no se escribió."
        )


def test_the_health_chart_and_the_transfer_page_speak_spanish():
    with translation.override("es"):
        chart = chart_of(gettext_lazy("Last 24 hours, per hour"), gettext_lazy("Hour"), [])
        assert str(chart.title) == "Últimas 24 horas, por hora"
        assert [str(label) for _, label, _ in chart.legend] == [
            "Sincronizados",
            "Fallidos",
            "Omitidos",
        ]
        assert outcome_line(state="done", dry_run=False, done={"created": 2, "failed": 1}) == (
            "Terminada: 2 escritos, 1 fallidos"
        )
        until = dt.datetime(2026, 12, 1, 14, 5, tzinfo=dt.UTC)
        assert waiting_line(until=until, limit=None, block=None, zone=dt.UTC).startswith(
            "En espera hasta las 14:05"
        )


def test_a_transfer_error_and_a_failed_item_keep_their_words():
    job = TransferJob(direction="to_pipedrive", source_app="snovio", state="failed")
    message = "The transfer stopped after %(attempts)s attempts: %(reason)s"
    words = words_of(Text(message, attempts=3, reason="KeyError: 'x'"))
    lost = Text("Writing this record stopped %(attempts)s times without finishing.", attempts=2)
    item = TransferItem(email="a@example.com", failure=lost, failure_words=lost.as_data())
    with translation.override("es"):
        said = Text.from_data(words).translated(translation.gettext)
        assert said == "La transferencia se detuvo después de 3 intentos: KeyError: 'x'"
        assert failed_row(item).reason == (
            "La escritura de este registro se detuvo 2 veces sin terminar."
        )
        assert str(job).startswith("Transferencia Snov.io → Pipedrive")


def test_the_admin_names_the_models_and_their_fields_in_spanish():
    with translation.override("es"):
        assert str(SyncEntry._meta.verbose_name_plural) == (
            "entradas del registro de sincronización"
        )
        assert str(TransferJob._meta.get_field("started_at").verbose_name) == "iniciada el"
