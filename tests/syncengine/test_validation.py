from dataclasses import replace

import pytest

from syncengine.exchange import Exchange
from syncengine.fields import SNOVIO_BUILTIN_FIELDS
from syncengine.schema import (
    ListRef,
    PipedriveField,
    Pipeline,
    Schema,
    SnovioField,
    Stage,
    UserRef,
)
from syncengine.validation import (
    ActionData,
    AutomationData,
    ConstantData,
    MappingData,
    SettingsData,
    validate_settings,
)

SCHEMA = Schema(
    snovio_lists=(ListRef("1", "Leads"), ListRef("2", "Signups")),
    snovio_fields=(
        *SNOVIO_BUILTIN_FIELDS,
        SnovioField("custom:Industry", "Industry", "string"),
        SnovioField("custom:Employees", "Employees", "number"),
    ),
    pipedrive_users=(UserRef(7, "Ana"), UserRef(8, "Gone", active=False)),
    pipedrive_fields=(
        PipedriveField("name", "Name", "varchar"),
        PipedriveField("abc", "Sector", "varchar", is_custom=True),
        PipedriveField("num", "Headcount", "double", is_custom=True),
        PipedriveField("opt", "Tier", "enum", is_custom=True),
    ),
    pipelines=(
        Pipeline(1, "Sales", stages=(Stage(11, "Lead In", 1, 1), Stage(12, "Contacted", 1, 2))),
        Pipeline(2, "Partners", stages=(Stage(21, "Prospect", 2, 1),)),
    ),
)
EXCHANGE = Exchange(direction="both", target_list_id="1", owner_user_id=7)
VALID = SettingsData(exchange=EXCHANGE)


def with_exchange(**changes) -> SettingsData:
    return replace(VALID, exchange=replace(EXCHANGE, **changes))


def targets(settings, schema=SCHEMA):
    return [p.target for p in validate_settings(settings, schema)]


def test_complete_two_way_settings_have_no_problems():
    assert validate_settings(VALID, SCHEMA) == []


def test_target_list_is_required_whenever_data_flows_into_snovio():
    assert targets(with_exchange(target_list_id="")) == ["target_list"]
    assert targets(with_exchange(direction="to_snovio", target_list_id="")) == ["target_list"]


def test_target_list_is_not_required_only_to_pipedrive():
    assert targets(with_exchange(direction="to_pipedrive", target_list_id="")) == []


def test_a_deleted_target_list_is_a_problem():
    assert targets(with_exchange(target_list_id="99")) == ["target_list"]


def test_owner_is_required_when_data_flows_into_pipedrive_and_must_be_active():
    assert targets(with_exchange(owner_user_id=None)) == ["owner"]
    assert targets(with_exchange(owner_user_id=8)) == ["owner"]
    assert targets(with_exchange(direction="to_snovio", owner_user_id=None)) == []


def test_a_chosen_subset_of_lists_needs_at_least_one_existing_list():
    assert targets(with_exchange(all_lists=False)) == ["source_lists"]
    assert targets(with_exchange(all_lists=False, source_list_ids=("2",))) == []
    assert targets(with_exchange(all_lists=False, source_list_ids=("2", "404"))) == [
        "source_lists"
    ]


def test_mapping_with_a_vanished_or_retyped_field_is_invalid():
    ok = MappingData(1, "custom:Industry", "abc")
    vanished = MappingData(2, "custom:Industry", "deleted-key")
    retyped = MappingData(3, "custom:Employees", "abc")
    assert targets(replace(VALID, mappings=(ok, vanished, retyped))) == ["mapping-2", "mapping-3"]


def test_mapping_problem_explains_the_type_mismatch():
    problems = validate_settings(
        replace(VALID, mappings=(MappingData(3, "custom:Employees", "abc"),)), SCHEMA
    )
    assert "same kind of data" in problems[0].message


def test_constants_only_for_the_receiving_app_in_one_way():
    to_snovio_const = ConstantData(1, "snovio", "custom:Industry", "from Pipedrive")
    to_pd_const = ConstantData(2, "pipedrive", "abc", "from Snov.io")
    both = replace(VALID, constants=(to_snovio_const, to_pd_const))
    assert targets(both) == []
    assert targets(replace(both, exchange=replace(EXCHANGE, direction="to_pipedrive"))) == [
        "constant-1"
    ]
    to_snovio = replace(EXCHANGE, direction="to_snovio", owner_user_id=None)
    assert targets(replace(both, exchange=to_snovio)) == ["constant-2"]


def test_constants_need_a_value_and_a_text_field():
    empty = ConstantData(1, "pipedrive", "abc", "  ")
    number = ConstantData(2, "pipedrive", "num", "x")
    gone = ConstantData(3, "pipedrive", "nope", "x")
    assert targets(replace(VALID, constants=(empty, number, gone))) == [
        "constant-1",
        "constant-2",
        "constant-3",
    ]


def example_automation(**overrides):
    actions = (
        ActionData(1, "create_deal", pipeline_id=1),
        ActionData(2, "move_to_stage", pipeline_id=1, stage_id=12),
        ActionData(3, "add_activity", subject="Call back"),
    )
    return AutomationData(
        **{"trigger": "email_sent", "enabled": True, "actions": actions, **overrides}
    )


def test_the_example_automation_is_valid():
    assert targets(replace(VALID, automations=(example_automation(),))) == []


def test_an_enabled_trigger_without_actions_is_a_problem_but_a_disabled_one_is_not():
    assert targets(replace(VALID, automations=(example_automation(actions=()),))) == [
        "automation-email_sent"
    ]
    assert (
        targets(replace(VALID, automations=(example_automation(actions=(), enabled=False),))) == []
    )


@pytest.mark.parametrize(
    "action",
    [
        ActionData(5, "create_deal", pipeline_id=None),
        ActionData(5, "create_deal", pipeline_id=404),
        ActionData(5, "move_to_stage", pipeline_id=1, stage_id=21),
        ActionData(5, "move_to_stage", pipeline_id=1, stage_id=None),
        ActionData(5, "add_activity", subject=" "),
        ActionData(5, "fly_to_the_moon"),
    ],
)
def test_each_action_parameter_rule(action):
    assert targets(replace(VALID, automations=(example_automation(actions=(action,)),))) == [
        "action-5"
    ]


def test_next_stage_needs_no_parameters():
    action = ActionData(5, "next_stage")
    assert targets(replace(VALID, automations=(example_automation(actions=(action,)),))) == []


def test_automations_are_not_checked_when_nothing_flows_into_pipedrive():
    broken = example_automation(actions=(ActionData(5, "create_deal"),))
    assert (
        targets(
            replace(
                with_exchange(direction="to_snovio", owner_user_id=None), automations=(broken,)
            )
        )
        == []
    )


def test_missing_schema_asks_for_refresh_and_connection_problems_come_first():
    settings = replace(VALID, schema_loaded=False, connection_problems=("Connect Pipedrive.",))
    assert targets(settings, Schema()) == ["connections", "schema"]


def test_schema_round_trips_through_json():
    assert Schema.from_json(SCHEMA.to_json()) == SCHEMA


def test_a_vanished_field_is_named_as_it_was_when_mapped():
    gone = MappingData(2, "custom:Industry", "deleted-key", "Industry", "Lead source")
    problems = validate_settings(replace(VALID, mappings=(gone,)), SCHEMA)
    assert problems[0].message == "The Pipedrive field “Lead source” no longer exists."
