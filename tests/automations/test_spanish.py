"""The automations speak Spanish to a Spanish reader: trigger and action names, the editor's
refusals and the test event's steps come from automations/locale/es."""

import datetime as dt

import pytest
from django.utils import translation

from automations import actions as plans
from automations.forms import ActionForm
from automations.models import AutomationAction
from automations.registry import ActionType, Trigger
from automations.testing import plan_texts
from syncengine.schema import Schema


def test_trigger_and_action_names_are_spanish():
    with translation.override("es"):
        assert str(Trigger.EMAIL_SENT.label) == "Correo electrónico de campaña enviado"
        assert str(Trigger.REPLIED.label) == "El prospecto respondió"
        assert str(ActionType.CREATE_DEAL.label) == "Crear una negociación"
        assert str(ActionType.NEXT_STAGE.label) == "Mover la negociación a la siguiente etapa"
    with translation.override("en"):
        assert str(ActionType.CREATE_DEAL.label) == "Create a deal"


@pytest.mark.django_db
def test_an_editor_refusal_is_spanish():
    with translation.override("es"):
        form = ActionForm({"action_type": "move_to_stage"}, schema=Schema())
        assert not form.is_valid()
        assert form.errors["pipeline_id"] == ["Elige un embudo."]
        assert form.errors["stage_id"] == ["Elige una etapa."]
        assert str(form.fields["subject"].label) == "Asunto de la tarea"


def test_a_test_event_step_is_spanish():
    action = AutomationAction(id=1, action_type="add_activity", subject="Llamar")
    world = plans.World(person_id=7, person_name="Ana", today=dt.date(2026, 12, 1))
    with translation.override("es"):
        steps = plan_texts([action], world)
    assert steps == ["Agregar la tarea «Llamar» para Ana (vencimiento: 2026-12-01)"]
