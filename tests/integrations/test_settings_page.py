"""The settings page (R2–R6, R8, B9) against the sandboxes."""

import re

import pytest
from django.urls import reverse

from automations.models import Automation, AutomationAction
from integrations.models import SnovioConnection, Status, TransferOffer
from sandbox.pipedrive.models import PersonField
from syncengine.models import Constant, FieldMapping
from syncengine.schema_refresh import load_schema


@pytest.fixture
def ready(connected_only):
    return connected_only


def url(name, integration, *args):
    return reverse(name, args=[integration.uuid, *args])


def schema_of(integration):
    return load_schema(integration)


def choose_basics(client, integration, **overrides):
    schema = schema_of(integration)
    data = {
        "direction": "both",
        "target_list_id": schema.snovio_lists[0].id,
        "owner_user_id": schema.pipedrive_users[0].id,
        "all_lists": "on",
        "only_with_email": "on",
        **overrides,
    }
    return client.post(url("integrations-settings", integration), data)


def custom_pd_field(integration, field_type):
    return next(
        f
        for f in schema_of(integration).pipedrive_fields
        if f.is_custom and f.field_type == field_type
    )


def custom_snovio_field(integration, type_):
    return next(
        f for f in schema_of(integration).snovio_fields if not f.builtin and f.type == type_
    )


@pytest.mark.django_db
def test_connecting_both_apps_loads_the_remote_schema(ready):
    schema = schema_of(ready)
    assert schema is not None
    assert {x.name for x in schema.snovio_lists} >= {"Conference leads", "Website signups"}
    assert {p.name for p in schema.pipelines} == {"Sales", "Partners"}
    assert any(f.is_custom for f in schema.pipedrive_fields)


@pytest.mark.django_db
def test_the_page_shows_system_mappings_greyed_and_the_sections_in_order(owner_client, ready):
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    order = [
        page.index(f'id="{s}"')
        for s in ("direction", "exchange", "mapping", "constants", "automations", "launch")
    ]
    assert order == sorted(order)
    assert page.count('class="system"') == 7
    assert re.search(r'<input[^>]*value="both"[^>]*checked', page)


@pytest.mark.django_db
def test_saving_exchange_settings_stores_them(owner_client, ready):
    response = choose_basics(owner_client, ready, include_email_history="on")
    ready.refresh_from_db()
    assert response.status_code == 302
    assert ready.target_list_id and ready.owner_user_id
    assert ready.include_email_history is True


@pytest.mark.django_db
def test_an_unknown_list_or_user_is_refused_beside_the_field(owner_client, ready):
    response = choose_basics(owner_client, ready, target_list_id="99999", owner_user_id="424242")
    assert response.status_code == 400
    errors = response.context["exchange_form"].errors
    assert set(errors) == {"target_list_id", "owner_user_id"}


@pytest.mark.django_db
def test_adding_a_compatible_custom_mapping(owner_client, ready):
    left = custom_snovio_field(ready, "string")
    right = custom_pd_field(ready, "varchar")
    response = owner_client.post(
        url("integrations-mapping-add", ready),
        {"snovio_field": left.key, "pipedrive_field": right.key},
    )
    assert response.status_code == 302
    assert FieldMapping.objects.filter(integration=ready, pipedrive_field=right.key).exists()


@pytest.mark.django_db
def test_an_incompatible_pair_is_refused_with_the_reason(owner_client, ready):
    left = custom_snovio_field(ready, "string")
    right = custom_pd_field(ready, "double")
    response = owner_client.post(
        url("integrations-mapping-add", ready),
        {"snovio_field": left.key, "pipedrive_field": right.key},
    )
    assert response.status_code == 400
    assert "same kind of data" in response.context["mapping_form"].errors["pipedrive_field"][0]
    assert not FieldMapping.objects.exists()


@pytest.mark.django_db
def test_system_fields_cannot_be_mapped_again(owner_client, ready):
    response = owner_client.post(
        url("integrations-mapping-add", ready),
        {"snovio_field": "email", "pipedrive_field": "email"},
    )
    assert response.status_code == 400
    assert not FieldMapping.objects.exists()


@pytest.mark.django_db
def test_removing_a_mapping_leaves_the_field_in_pipedrive(owner_client, ready):
    right = custom_pd_field(ready, "varchar")
    mapping = FieldMapping.objects.create(
        integration=ready,
        snovio_field=custom_snovio_field(ready, "string").key,
        pipedrive_field=right.key,
    )
    owner_client.post(url("integrations-mapping-delete", ready, mapping.id))
    assert not FieldMapping.objects.exists()
    assert PersonField.objects.filter(key=right.key).exists()


@pytest.mark.django_db
def test_constants_are_offered_only_for_the_receiving_app(owner_client, ready):
    choose_basics(owner_client, ready, direction="to_pipedrive")
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    assert "Written into Pipedrive" in page
    assert "Written into Snov.io" not in page


@pytest.mark.django_db
def test_a_constant_needs_a_text_field_and_a_value(owner_client, ready):
    text_field = custom_pd_field(ready, "varchar")
    number_field = custom_pd_field(ready, "double")
    bad = owner_client.post(
        url("integrations-constant-add", ready, "pipedrive"),
        {
            "constant-pipedrive-app": "pipedrive",
            "constant-pipedrive-field": number_field.key,
            "constant-pipedrive-value": "x",
        },
    )
    empty = owner_client.post(
        url("integrations-constant-add", ready, "pipedrive"),
        {
            "constant-pipedrive-app": "pipedrive",
            "constant-pipedrive-field": text_field.key,
            "constant-pipedrive-value": " ",
        },
    )
    good = owner_client.post(
        url("integrations-constant-add", ready, "pipedrive"),
        {
            "constant-pipedrive-app": "pipedrive",
            "constant-pipedrive-field": text_field.key,
            "constant-pipedrive-value": "from Snov.io",
        },
    )
    assert (bad.status_code, empty.status_code, good.status_code) == (400, 400, 302)
    assert list(Constant.objects.values_list("value", flat=True)) == ["from Snov.io"]


@pytest.mark.django_db
def test_launch_with_missing_settings_lists_each_problem_and_stays_paused(owner_client, ready):
    response = owner_client.post(url("integrations-settings-launch", ready))
    ready.refresh_from_db()
    targets = [p.target for p in response.context["problems"]]
    assert response.status_code == 400
    assert targets == ["target_list", "owner"]
    assert ready.status == Status.PAUSED


@pytest.mark.django_db
def test_launch_with_complete_settings_is_active_and_offers_a_transfer(owner_client, ready):
    choose_basics(owner_client, ready)
    owner_client.post(url("integrations-settings-launch", ready))
    ready.refresh_from_db()
    assert ready.status == Status.ACTIVE
    assert ready.transfer_offer == TransferOffer.PENDING
    page = owner_client.get(url("integrations-settings", ready)).content.decode()
    assert 'data-testid="transfer-offer"' in page


@pytest.mark.django_db
def test_not_now_records_the_choice(owner_client, ready):
    choose_basics(owner_client, ready)
    owner_client.post(url("integrations-settings-launch", ready))
    owner_client.post(url("integrations-transfer-offer", ready), {"choice": "skip"})
    ready.refresh_from_db()
    assert ready.transfer_offer == TransferOffer.SKIPPED


@pytest.mark.django_db
def test_pause_then_resume(owner_client, ready):
    choose_basics(owner_client, ready)
    owner_client.post(url("integrations-settings-launch", ready))
    owner_client.post(url("integrations-settings-pause", ready))
    ready.refresh_from_db()
    assert ready.status == Status.PAUSED
    owner_client.post(url("integrations-settings-resume", ready))
    ready.refresh_from_db()
    assert ready.status == Status.ACTIVE


@pytest.mark.django_db
def test_saving_after_launch_records_a_new_settings_version(owner_client, ready):
    choose_basics(owner_client, ready)
    owner_client.post(url("integrations-settings-launch", ready))
    ready.refresh_from_db()
    version = ready.settings_version
    choose_basics(owner_client, ready, include_email_history="on")
    ready.refresh_from_db()
    assert ready.settings_version == version + 1


@pytest.mark.django_db
def test_a_mapped_field_deleted_in_pipedrive_fails_the_resume_with_the_row_in_red(
    owner_client, ready, django_capture_on_commit_callbacks
):
    choose_basics(owner_client, ready)
    right = custom_pd_field(ready, "varchar")
    mapping = FieldMapping.objects.create(
        integration=ready,
        snovio_field=custom_snovio_field(ready, "string").key,
        pipedrive_field=right.key,
    )
    owner_client.post(url("integrations-settings-launch", ready))
    owner_client.post(url("integrations-settings-pause", ready))
    PersonField.objects.filter(key=right.key).delete()
    with django_capture_on_commit_callbacks(execute=True):  # the refresh runs in the background
        owner_client.post(url("integrations-settings-refresh", ready))
    response = owner_client.post(url("integrations-settings-resume", ready))
    ready.refresh_from_db()
    assert ready.status == Status.FAILED
    assert [p.target for p in response.context["problems"]] == [f"mapping-{mapping.id}"]
    assert f'id="mapping-{mapping.id}" class="invalid-row"' in response.content.decode()


@pytest.mark.django_db
def test_refresh_that_breaks_an_active_integration_fails_it_at_once(
    owner_client, ready, django_capture_on_commit_callbacks
):
    choose_basics(owner_client, ready)
    right = custom_pd_field(ready, "varchar")
    FieldMapping.objects.create(
        integration=ready,
        snovio_field=custom_snovio_field(ready, "string").key,
        pipedrive_field=right.key,
    )
    owner_client.post(url("integrations-settings-launch", ready))
    PersonField.objects.filter(key=right.key).update(field_type="double")
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url("integrations-settings-refresh", ready))
    ready.refresh_from_db()
    assert ready.status == Status.FAILED


@pytest.mark.django_db
def test_the_settings_of_another_account_are_not_found(owner_client, ready):
    from tests.factories import make_integration, make_user

    foreign = make_integration(make_user("stranger@example.org"))
    mapping = FieldMapping.objects.create(
        integration=foreign, snovio_field="a", pipedrive_field="b"
    )
    constant = Constant.objects.create(integration=foreign, app="pipedrive", field="f", value="v")
    assert owner_client.get(url("integrations-settings", foreign)).status_code == 404
    assert (
        owner_client.post(url("integrations-mapping-delete", ready, mapping.id)).status_code == 404
    )
    assert (
        owner_client.post(url("integrations-constant-delete", ready, constant.id)).status_code
        == 404
    )
    assert FieldMapping.objects.filter(pk=mapping.pk).exists()
    assert Constant.objects.filter(pk=constant.pk).exists()


@pytest.mark.django_db
def test_an_enabled_trigger_without_actions_blocks_launch(owner_client, ready):
    choose_basics(owner_client, ready)
    Automation.objects.create(integration=ready, trigger="email_sent", enabled=True)
    response = owner_client.post(url("integrations-settings-launch", ready))
    assert [p.target for p in response.context["problems"]] == ["automation-email_sent"]
    assert AutomationAction.objects.count() == 0
    assert SnovioConnection.objects.filter(integration=ready).exists()


def screen(integration, **overrides):
    """The exchange form as the page shows it, with the user's picks."""
    schema = schema_of(integration)
    return {
        "direction": "both",
        "target_list_id": schema.snovio_lists[0].id,
        "owner_user_id": schema.pipedrive_users[0].id,
        "all_lists": "on",
        "only_with_email": "on",
        **overrides,
    }


@pytest.mark.django_db
def test_launch_saves_and_judges_the_picks_on_the_screen(owner_client, ready):
    response = owner_client.post(url("integrations-settings-launch", ready), screen(ready))
    ready.refresh_from_db()
    assert response["Location"].endswith("#launch")
    assert ready.status == Status.ACTIVE
    assert ready.target_list_id == schema_of(ready).snovio_lists[0].id


@pytest.mark.django_db
def test_launch_with_an_unknown_pick_on_the_screen_shows_it_beside_the_field(owner_client, ready):
    response = owner_client.post(
        url("integrations-settings-launch", ready), screen(ready, owner_user_id="424242")
    )
    ready.refresh_from_db()
    assert response.status_code == 400
    assert set(response.context["exchange_form"].errors) == {"owner_user_id"}
    assert (ready.status, ready.owner_user_id) == (Status.PAUSED, None)


@pytest.mark.django_db
def test_a_choice_saved_as_it_is_made_answers_with_the_saved_note(owner_client, ready):
    response = owner_client.post(
        url("integrations-settings", ready), screen(ready), headers={"HX-Request": "true"}
    )
    ready.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200
    assert ready.target_list_id == schema_of(ready).snovio_lists[0].id
    saved = page[page.index('id="exchange-saved"') :]
    assert "Settings saved." in saved[: saved.index("</div></div>")]
    assert "hx-swap-oob" not in page


@pytest.mark.django_db
def test_a_new_direction_saved_as_it_is_made_swaps_in_what_it_turned_on_or_off(
    owner_client, ready
):
    response = owner_client.post(
        url("integrations-settings", ready),
        screen(ready, direction="to_snovio"),
        headers={"HX-Request": "true"},
    )
    swapped = re.findall(r'<div id="([^"]+)" hx-swap-oob="true">', response.content.decode())
    assert sorted(swapped) == ["automations-slot", "constants-pipedrive-slot"]


@pytest.mark.django_db
def test_a_refused_choice_saved_as_it_is_made_replaces_the_form_with_its_errors(
    owner_client, ready
):
    response = owner_client.post(
        url("integrations-settings", ready),
        screen(ready, target_list_id="99999"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert response["HX-Retarget"] == response["HX-Reselect"] == "#exchange-form"
    assert set(response.context["exchange_form"].errors) == {"target_list_id"}


@pytest.mark.django_db
def test_the_pipedrive_user_who_connected_is_offered_as_owner_until_one_is_chosen(
    owner_client, ready
):
    def owner_chosen():
        page = owner_client.get(url("integrations-settings", ready)).content.decode()
        select = re.search(r'<select name="owner_user_id".*?</select>', page, re.S).group(0)
        return re.findall(r'<option value="(\d+)" selected>', select)

    ana = ready.pipedrive.user_id
    assert owner_chosen() == [str(ana)]
    assert ready.owner_user_id is None  # offered on the screen, saved with the form
    other = next(u for u in schema_of(ready).pipedrive_users if u.id != ana and u.active)
    choose_basics(owner_client, ready, owner_user_id=other.id)
    assert owner_chosen() == [str(other.id)]


@pytest.mark.django_db
def test_each_result_is_shown_beside_the_action_that_caused_it(owner_client, ready):
    left = custom_snovio_field(ready, "string")
    right = custom_pd_field(ready, "varchar")
    added = owner_client.post(
        url("integrations-mapping-add", ready),
        {"snovio_field": left.key, "pipedrive_field": right.key},
        follow=True,
    )
    page = added.content.decode()
    notes = page[page.index('id="notes-mapping"') :]
    assert added.redirect_chain[-1][0].endswith("#mapping")
    assert "Field mapping added." in notes[: notes.index("</div>")]
    assert "Field mapping added." not in page[: page.index('id="notes-mapping"')]

    choose_basics(owner_client, ready)
    owner_client.post(url("integrations-settings-launch", ready))
    paused = owner_client.post(url("integrations-settings-pause", ready), follow=True)
    page = paused.content.decode()
    bar = page[page.index('id="status-bar"') : page.index('id="status-title"')]
    assert "Paused: nothing moves in real time until you resume." in bar


@pytest.mark.django_db
def test_the_steps_follow_the_article_and_count_what_needs_attention(owner_client, ready):
    response = owner_client.post(url("integrations-settings-launch", ready))
    steps = [(s.id, s.title, s.problems) for s in response.context["steps"]]
    assert steps == [
        ("direction", "Direction", 0),
        ("exchange", "Data exchange", 2),
        ("mapping", "Field mapping", 0),
        ("constants", "Constant fields", 0),
        ("automations-slot", "Automations", 0),
        ("launch", "Launch", 0),
    ]
    assert '2. Data exchange <span class="step-count">(2 to fix)</span>' in (
        response.content.decode()
    )
