"""Settings export and import (B11): the file, the pure matching plan, and applying it."""

import json
from dataclasses import replace

import pytest

from automations.models import Automation, AutomationAction
from integrations.models import Integration
from syncengine.compatibility import check_pair
from syncengine.fields import SNOVIO_BUILTIN_FIELDS
from syncengine.models import Constant, FieldMapping
from syncengine.schema import (
    ListRef,
    PipedriveField,
    Pipeline,
    Schema,
    SnovioField,
    Stage,
    UserRef,
)
from syncengine.settings_io import (
    MAX_FILE_BYTES,
    SettingsFileError,
    export_settings,
    import_settings,
    plan_import,
    read_settings_file,
)
from tests.factories import make_integration

SCHEMA = Schema(
    snovio_lists=(ListRef("1", "Leads"), ListRef("2", "Signups")),
    snovio_fields=(
        *SNOVIO_BUILTIN_FIELDS,
        SnovioField("custom:Industry", "Industry", "string"),
        SnovioField("custom:Employees", "Employees", "number"),
        SnovioField("custom:Note", "Note", "string"),
    ),
    pipedrive_users=(
        UserRef(7, "Ana", "ana@example.org"),
        UserRef(8, "Gone", "gone@example.org", active=False),
    ),
    pipedrive_fields=(
        PipedriveField("name", "Name", "varchar"),
        PipedriveField("abc", "Sector", "varchar", is_custom=True),
        PipedriveField("num", "Headcount", "double", is_custom=True),
        PipedriveField("opt", "Tier", "enum", is_custom=True),
        PipedriveField("src", "Source", "varchar", is_custom=True),
    ),
    pipelines=(
        Pipeline(1, "Sales", stages=(Stage(11, "Lead In", 1, 1), Stage(12, "Contacted", 1, 2))),
        Pipeline(2, "Partners", stages=(Stage(21, "Prospect", 2, 1),)),
    ),
)


def document(**overrides) -> dict:
    base = {
        "format": "snovio-pipedrive-settings",
        "version": 1,
        "exported_at": "2024-05-01T10:00:00+00:00",
        "direction": "both",
        "exchange": {
            "target_list": "Leads",
            "owner": {"email": "ana@example.org", "name": "Ana"},
            "all_lists": False,
            "source_lists": ["Signups"],
            "include_email_history": True,
            "only_with_email": False,
        },
        "mappings": [{"snovio_field": "Industry", "pipedrive_field": "Sector"}],
        "constants": [{"app": "pipedrive", "field": "Source", "value": "from Snov.io"}],
        "automations": [
            {
                "trigger": "email_sent",
                "enabled": True,
                "actions": [
                    {"action": "create_deal", "pipeline": "Sales", "stage": None, "subject": ""},
                    {"action": "move_to_stage", "pipeline": "Sales", "stage": "Contacted"},
                    {"action": "add_activity", "subject": "Call back"},
                ],
            }
        ],
    }
    return {**base, **overrides}


def exchange(**overrides) -> dict:
    return {**document()["exchange"], **overrides}


def misses(doc, schema=SCHEMA) -> list[tuple[str, str]]:
    return [(m.item, m.reason) for m in plan_import(doc, schema).unmatched]


def reasons(doc, schema=SCHEMA) -> list[str]:
    return [reason for _, reason in misses(doc, schema)]


# --- The plan -------------------------------------------------------------------------------


def test_a_complete_document_matches_every_setting_by_name():
    plan = plan_import(document(), SCHEMA)
    assert plan.unmatched == []
    assert plan.exchange == {
        "direction": "both",
        "target_list_id": "1",
        "owner_user_id": 7,
        "all_lists": False,
        "source_list_ids": ["2"],
        "include_email_history": True,
        "only_with_email": False,
    }
    assert plan.mappings == [("custom:Industry", "abc")]
    assert plan.constants == [("pipedrive", "src", "from Snov.io")]
    [automation] = plan.automations
    assert [(a.action_type, a.pipeline_id, a.stage_id, a.subject) for a in automation.actions] == [
        ("create_deal", 1, None, ""),
        ("move_to_stage", 1, 12, ""),
        ("add_activity", None, None, "Call back"),
    ]


def test_an_unknown_pipedrive_field_is_reported_by_name():
    doc = document(mappings=[{"snovio_field": "Industry", "pipedrive_field": "Sectors"}])
    assert misses(doc) == [("Mapping Industry ⇄ Sectors", "Pipedrive field “Sectors” not found")]
    assert plan_import(doc, SCHEMA).mappings == []


def test_an_unknown_snovio_field_is_reported_by_label():
    doc = document(mappings=[{"snovio_field": "Revenue", "pipedrive_field": "Sector"}])
    assert reasons(doc) == ["Snov.io field “Revenue” not found"]


def test_a_built_in_pipedrive_field_cannot_be_mapped():
    doc = document(mappings=[{"snovio_field": "Industry", "pipedrive_field": "Name"}])
    assert reasons(doc) == ["Pipedrive field “Name” is built in; only custom fields can be used"]


def test_an_incompatible_pair_is_reported_with_the_compatibility_reason():
    doc = document(mappings=[{"snovio_field": "Industry", "pipedrive_field": "Headcount"}])
    assert reasons(doc) == [check_pair("string", "double").reason]


def test_a_system_mapped_field_or_a_field_mapped_twice_is_reported():
    doc = document(
        mappings=[
            {"snovio_field": "Email", "pipedrive_field": "Source"},
            {"snovio_field": "Industry", "pipedrive_field": "Sector"},
            {"snovio_field": "Note", "pipedrive_field": "Sector"},
            {"snovio_field": "Industry", "pipedrive_field": "Source"},
        ]
    )
    assert reasons(doc) == [
        "Snov.io field “Email” is already mapped",
        "Pipedrive field “Sector” is already mapped",
        "Snov.io field “Industry” is already mapped",
    ]
    assert plan_import(doc, SCHEMA).mappings == [("custom:Industry", "abc")]


def test_an_unknown_target_list_is_reported_and_not_set():
    plan = plan_import(document(exchange=exchange(target_list="Old leads")), SCHEMA)
    assert [(m.item, m.reason) for m in plan.unmatched] == [
        ("Snov.io list that receives Pipedrive contacts", "Snov.io list “Old leads” not found")
    ]
    assert "target_list_id" not in plan.exchange


def test_source_lists_are_matched_one_by_one():
    plan = plan_import(document(exchange=exchange(source_lists=["Signups", "Gone"])), SCHEMA)
    assert plan.exchange["source_list_ids"] == ["2"]
    assert [m.reason for m in plan.unmatched] == ["Snov.io list “Gone” not found"]


def test_the_owner_is_matched_by_email_before_name():
    owner = {"email": "ANA@example.org", "name": "Someone else"}
    plan = plan_import(document(exchange=exchange(owner=owner)), SCHEMA)
    assert plan.exchange["owner_user_id"] == 7


def test_the_owner_is_matched_by_name_when_the_email_differs():
    owner = {"email": "ana@other-company.org", "name": "Ana"}
    plan = plan_import(document(exchange=exchange(owner=owner)), SCHEMA)
    assert plan.exchange["owner_user_id"] == 7


def test_an_unknown_or_inactive_owner_is_reported_and_not_set():
    unknown = plan_import(
        document(exchange=exchange(owner={"email": "bob@example.org", "name": "Bob"})), SCHEMA
    )
    inactive = plan_import(
        document(exchange=exchange(owner={"email": "gone@example.org", "name": "Gone"})), SCHEMA
    )
    assert [m.reason for m in unknown.unmatched] == ["Pipedrive user “bob@example.org” not found"]
    assert [m.reason for m in inactive.unmatched] == [
        "Pipedrive user “gone@example.org” is inactive"
    ]
    assert "owner_user_id" not in unknown.exchange and "owner_user_id" not in inactive.exchange


def test_a_constant_for_an_app_that_receives_nothing_is_skipped():
    doc = document(direction="to_snovio")
    assert misses(doc) == [
        ("Constant for Pipedrive: Source", "Pipedrive does not receive data in this direction")
    ]


def test_a_constant_needs_an_existing_text_field_a_text_and_one_per_field():
    doc = document(
        constants=[
            {"app": "pipedrive", "field": "Headcount", "value": "x"},
            {"app": "pipedrive", "field": "Region", "value": "x"},
            {"app": "pipedrive", "field": "Source", "value": "  "},
            {"app": "pipedrive", "field": "Source", "value": "a"},
            {"app": "pipedrive", "field": "Source", "value": "b"},
            {"app": "snovio", "field": "Email", "value": "x"},
            {"app": "hubspot", "field": "X", "value": "x"},
        ]
    )
    assert reasons(doc) == [
        "A constant is a fixed text; this field holds a number.",
        "Pipedrive field “Region” not found",
        "The text must have 1 to 255 characters",
        "This field already has a constant",
        "Snov.io field “Email” not found",
        "Unknown app “hubspot”",
    ]
    assert plan_import(doc, SCHEMA).constants == [("pipedrive", "src", "a")]


def test_a_stage_is_looked_up_only_in_its_own_pipeline():
    doc = document(
        automations=[
            {
                "trigger": "replied",
                "enabled": True,
                "actions": [{"action": "move_to_stage", "pipeline": "Sales", "stage": "Prospect"}],
            }
        ]
    )
    assert misses(doc) == [
        (
            "Automation “Prospect replied”: Move the deal to a stage",
            "Stage “Prospect” not in pipeline “Sales”",
        )
    ]


def test_an_unknown_pipeline_or_a_missing_subject_skips_only_that_action():
    doc = document(
        automations=[
            {
                "trigger": "email_opened",
                "enabled": False,
                "actions": [
                    {"action": "create_deal", "pipeline": "Enterprise"},
                    {"action": "next_stage"},
                    {"action": "add_activity", "subject": " "},
                ],
            }
        ]
    )
    plan = plan_import(doc, SCHEMA)
    assert [m.reason for m in plan.unmatched] == [
        "Pipeline “Enterprise” not found",
        "The activity subject must have 1 to 255 characters",
    ]
    [automation] = plan.automations
    assert (automation.enabled, [a.action_type for a in automation.actions]) == (
        False,
        ["next_stage"],
    )


def test_unknown_or_repeated_triggers_and_actions_are_reported():
    doc = document(
        automations=[
            {"trigger": "email_sent", "enabled": True, "actions": []},
            {"trigger": "email_sent", "enabled": True, "actions": []},
            {"trigger": "meeting_booked", "enabled": True, "actions": []},
            {
                "trigger": "bounced",
                "enabled": True,
                "actions": [{"action": "next_stage"}, {"action": "next_stage"}, {"action": "x"}],
            },
        ]
    )
    assert reasons(doc) == [
        "This trigger appears twice in the file",
        "Unknown trigger",
        "This action appears twice in this automation",
        "Unknown action",
    ]
    assert [a.trigger for a in plan_import(doc, SCHEMA).automations] == ["email_sent", "bounced"]


def test_an_ambiguous_name_is_never_guessed():
    twin_lists = replace(SCHEMA, snovio_lists=(*SCHEMA.snovio_lists, ListRef("3", "Leads")))
    assert reasons(document(), twin_lists) == [
        "Snov.io list “Leads” is ambiguous: 2 have this name"
    ]


def test_names_match_regardless_of_case_and_spacing():
    doc = document(mappings=[{"snovio_field": "industry", "pipedrive_field": " SECTOR "}])
    assert plan_import(doc, SCHEMA).mappings == [("custom:Industry", "abc")]


# --- Reading a file -------------------------------------------------------------------------


def test_a_valid_file_is_read():
    assert read_settings_file(json.dumps(document()).encode()) == document()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[]", "not a settings file"),
        (json.dumps(document(format="other")).encode(), "not a settings file"),
        (json.dumps(document(version=2)).encode(), "version 2 is not supported"),
        (json.dumps(document(version="1")).encode(), "version '1' is not supported"),
        (json.dumps(document(version=True)).encode(), "version True is not supported"),
        (json.dumps(document(direction="sideways")).encode(), "“direction” must be"),
        (json.dumps(document(mappings={})).encode(), "“mappings” is missing"),
        (json.dumps(document(mappings=[{"snovio_field": 1}])).encode(), "mappings[0].snovio"),
        (json.dumps(document(exchange=exchange(all_lists="yes"))).encode(), "exchange.all"),
        (json.dumps(document(exchange=exchange(source_lists=[1]))).encode(), "source_lists[0]"),
        (json.dumps(document(constants=[{"app": "x", "field": "y"}])).encode(), "value"),
        (
            json.dumps(document(automations=[{"trigger": "x", "enabled": 1, "actions": []}])),
            "automations[0].enabled",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message(data, message):
    data = data if isinstance(data, bytes) else data.encode()
    with pytest.raises(SettingsFileError, match=message.replace("[", r"\[").replace("]", r"\]")):
        read_settings_file(data)


def test_a_file_over_one_megabyte_is_refused_before_parsing():
    with pytest.raises(SettingsFileError, match="larger than 1 MB"):
        read_settings_file(b" " * (MAX_FILE_BYTES + 1))


# --- Export and import against the database -------------------------------------------------


def settings_of(integration: Integration) -> dict:
    integration.refresh_from_db()
    return {
        "exchange": [
            getattr(integration, name)
            for name in (
                "direction",
                "target_list_id",
                "owner_user_id",
                "all_lists",
                "source_list_ids",
                "include_email_history",
                "only_with_email",
            )
        ],
        "mappings": list(
            FieldMapping.objects.filter(integration=integration).values_list(
                "snovio_field", "pipedrive_field"
            )
        ),
        "constants": list(
            Constant.objects.filter(integration=integration).values_list("app", "field", "value")
        ),
        "automations": [
            (
                a.trigger,
                a.enabled,
                [(x.action_type, x.pipeline_id, x.stage_id, x.subject) for x in a.actions.all()],
            )
            for a in Automation.objects.filter(integration=integration)
        ],
    }


def configured_integration() -> Integration:
    integration = make_integration(
        direction="both",
        target_list_id="1",
        owner_user_id=7,
        all_lists=False,
        source_list_ids=["1", "2"],
        include_email_history=True,
        only_with_email=False,
    )
    FieldMapping.objects.create(
        integration=integration, snovio_field="custom:Industry", pipedrive_field="abc"
    )
    FieldMapping.objects.create(
        integration=integration, snovio_field="locality", pipedrive_field="src"
    )
    Constant.objects.create(integration=integration, app="snovio", field="custom:Note", value="PD")
    Constant.objects.create(integration=integration, app="pipedrive", field="src", value="Snov")
    sent = Automation.objects.create(integration=integration, trigger="email_sent")
    AutomationAction.objects.create(
        automation=sent, action_type="create_deal", position=1, pipeline_id=2
    )
    AutomationAction.objects.create(
        automation=sent, action_type="move_to_stage", position=2, pipeline_id=1, stage_id=12
    )
    AutomationAction.objects.create(
        automation=sent, action_type="add_activity", position=3, subject="Call back"
    )
    Automation.objects.create(integration=integration, trigger="bounced", enabled=False)
    return integration


@pytest.mark.django_db
def test_export_then_import_with_the_same_schema_gives_identical_settings():
    source = configured_integration()
    exported = json.loads(json.dumps(export_settings(source, SCHEMA)))
    target = make_integration()
    report = import_settings(integration=target, document=exported, schema=SCHEMA)
    assert report.unmatched == ()
    assert settings_of(target) == settings_of(source)


@pytest.mark.django_db
def test_the_export_names_remote_things_instead_of_ids():
    exported = export_settings(configured_integration(), SCHEMA)
    assert exported["exchange"]["target_list"] == "Leads"
    assert exported["exchange"]["owner"] == {"email": "ana@example.org", "name": "Ana"}
    assert exported["mappings"][0] == {"snovio_field": "Industry", "pipedrive_field": "Sector"}
    assert exported["automations"][0]["actions"][1]["stage"] == "Contacted"


@pytest.mark.django_db
def test_import_into_an_account_with_other_names_reports_each_miss_and_keeps_the_rest():
    exported = export_settings(configured_integration(), SCHEMA)
    other = replace(
        SCHEMA,
        snovio_lists=(ListRef("10", "Leads"),),
        pipedrive_fields=tuple(f for f in SCHEMA.pipedrive_fields if f.name != "Sector"),
        pipelines=(Pipeline(5, "Sales", stages=(Stage(51, "Lead In", 5, 1),)),),
    )
    target = make_integration()
    report = import_settings(integration=target, document=exported, schema=other)
    assert [m.reason for m in report.unmatched] == [
        "Snov.io list “Signups” not found",
        "Pipedrive field “Sector” not found",
        "Pipeline “Partners” not found",
        "Stage “Contacted” not in pipeline “Sales”",
    ]
    settings = settings_of(target)
    assert settings["exchange"][1:5] == ["10", 7, False, ["10"]]
    assert settings["mappings"] == [("locality", "src")]
    assert settings["automations"][0][2] == [("add_activity", None, None, "Call back")]


@pytest.mark.django_db
def test_import_replaces_mappings_constants_and_automations():
    target = configured_integration()
    doc = document(mappings=[], constants=[], automations=[])
    import_settings(integration=target, document=doc, schema=SCHEMA)
    settings = settings_of(target)
    assert (settings["mappings"], settings["constants"], settings["automations"]) == ([], [], [])


@pytest.mark.django_db
def test_a_malformed_document_changes_nothing():
    target = configured_integration()
    before = settings_of(target)
    with pytest.raises(SettingsFileError):
        import_settings(integration=target, document=document(version=9), schema=SCHEMA)
    assert settings_of(target) == before


@pytest.mark.django_db
def test_importing_into_a_launched_integration_records_a_settings_change():
    from django.utils import timezone

    target = make_integration(launched_at=timezone.now(), settings_version=3)
    import_settings(integration=target, document=document(), schema=SCHEMA)
    target.refresh_from_db()
    assert target.settings_version == 4
