"""The admin for mappings, constants and exchange settings validates exactly like the page."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from integrations.models import Integration
from syncengine.admin import REFRESH_FIRST
from syncengine.models import Constant, FieldMapping
from syncengine.schema_refresh import load_schema
from tests.factories import make_integration, make_user

MAPPING_ADD = reverse("admin:syncengine_fieldmapping_add")
CONSTANT_ADD = reverse("admin:syncengine_constant_add")


@pytest.fixture
def ready(connected_integration):
    return connected_integration


@pytest.fixture
def staff_client(db):
    staff = make_user("staff@example.org")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["syncengine", "integrations"],
            content_type__model__in=[
                "fieldmapping",
                "constant",
                "integration",
                "snovioconnection",
                "pipedriveconnection",
            ],
        )
    )
    client = Client()
    client.force_login(staff)
    return client


def custom_pd_field(integration, field_type):
    fields = load_schema(integration).pipedrive_fields
    return next(f for f in fields if f.is_custom and f.field_type == field_type)


def custom_snovio_field(integration, type_):
    fields = load_schema(integration).snovio_fields
    return next(f for f in fields if not f.builtin and f.type == type_)


def add_mapping_in_admin(client, integration, left, right):
    return client.post(
        f"{MAPPING_ADD}?integration={integration.pk}",
        {"snovio_field": left.key, "pipedrive_field": right.key},
    )


@pytest.mark.django_db
def test_choosing_the_integration_first_opens_the_page_form_with_its_fields(staff_client, ready):
    chosen = staff_client.post(MAPPING_ADD, {"integration": ready.pk})
    assert chosen.status_code == 302
    assert chosen["Location"] == f"{MAPPING_ADD}?integration={ready.pk}"
    page = staff_client.get(chosen["Location"]).content.decode()
    assert custom_pd_field(ready, "varchar").name in page
    assert not FieldMapping.objects.exists()


@pytest.mark.django_db
def test_staff_can_add_a_valid_mapping(staff_client, ready):
    left, right = custom_snovio_field(ready, "string"), custom_pd_field(ready, "varchar")
    response = add_mapping_in_admin(staff_client, ready, left, right)
    assert response.status_code == 302
    mapping = FieldMapping.objects.get()
    assert (mapping.integration, mapping.snovio_field, mapping.pipedrive_field) == (
        ready,
        left.key,
        right.key,
    )


@pytest.mark.django_db
def test_an_incompatible_pair_is_refused_with_the_same_message_as_the_page(
    staff_client, owner_client, ready
):
    left, right = custom_snovio_field(ready, "string"), custom_pd_field(ready, "double")
    in_admin = add_mapping_in_admin(staff_client, ready, left, right)
    on_page = owner_client.post(
        reverse("integrations-mapping-add", args=[ready.uuid]),
        {"snovio_field": left.key, "pipedrive_field": right.key},
    )
    admin_errors = in_admin.context["adminform"].form.errors["pipedrive_field"]
    assert in_admin.status_code == 200
    assert admin_errors == on_page.context["mapping_form"].errors["pipedrive_field"]
    assert "same kind of data" in admin_errors[0]
    assert not FieldMapping.objects.exists()


@pytest.mark.django_db
def test_a_system_field_cannot_be_mapped_again_in_the_admin(staff_client, ready):
    response = staff_client.post(
        f"{MAPPING_ADD}?integration={ready.pk}",
        {"snovio_field": "email", "pipedrive_field": custom_pd_field(ready, "varchar").key},
    )
    assert "snovio_field" in response.context["adminform"].form.errors
    assert not FieldMapping.objects.exists()


@pytest.mark.django_db
def test_without_a_loaded_schema_the_admin_refuses_to_add(staff_client, integration):
    page = staff_client.get(f"{MAPPING_ADD}?integration={integration.pk}")
    response = staff_client.post(
        f"{MAPPING_ADD}?integration={integration.pk}",
        {"snovio_field": "custom:Industry", "pipedrive_field": "abc"},
    )
    assert str(REFRESH_FIRST) in page.content.decode()
    assert response.context["adminform"].form.non_field_errors() == [str(REFRESH_FIRST)]
    assert not FieldMapping.objects.exists()


@pytest.mark.django_db
def test_staff_can_add_a_constant_only_for_a_text_field_like_the_page(
    staff_client, owner_client, ready
):
    url = f"{CONSTANT_ADD}?integration={ready.pk}&app=pipedrive"
    number_field, text_field = custom_pd_field(ready, "double"), custom_pd_field(ready, "varchar")

    def data(field):
        return {
            "constant-pipedrive-app": "pipedrive",
            "constant-pipedrive-field": field.key,
            "constant-pipedrive-value": "from Snov.io",
        }

    refused = staff_client.post(url, data(number_field))
    on_page = owner_client.post(
        reverse("integrations-constant-add", args=[ready.uuid, "pipedrive"]), data(number_field)
    )
    added = staff_client.post(url, data(text_field))
    assert (
        refused.context["adminform"].form.errors["field"]
        == (on_page.context["constant_form_pipedrive"].errors["field"])
    )
    assert added.status_code == 302
    assert list(Constant.objects.values_list("app", "field", "value")) == [
        ("pipedrive", text_field.key, "from Snov.io")
    ]


def integration_admin_data(response, **changes) -> dict:
    """The Integration change form as the browser would post it, with some fields changed."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value is not None and value is not False:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        for sub in (inline.formset.management_form, *inline.formset.forms):
            values = {sub.add_prefix(n): sub[n].value() for n in sub.fields}
            data |= {key: value for key, value in values.items() if value is not None}
    return {**data, **changes}


@pytest.mark.django_db
def test_exchange_settings_in_the_integration_admin_are_checked_like_the_page(staff_client, ready):
    url = reverse("admin:integrations_integration_change", args=[ready.pk])
    schema = load_schema(ready)
    form_page = staff_client.get(url)
    refused = staff_client.post(url, integration_admin_data(form_page, target_list_id="99999"))
    saved = staff_client.post(
        url,
        integration_admin_data(
            form_page, target_list_id=schema.snovio_lists[0].id, direction="to_snovio"
        ),
    )
    ready.refresh_from_db()
    assert "target_list_id" in refused.context["adminform"].form.errors
    assert saved.status_code == 302
    assert (ready.target_list_id, ready.direction) == (schema.snovio_lists[0].id, "to_snovio")
    assert len(form_page.context["inline_admin_formsets"]) == 2
    assert ready.snovio.client_secret not in form_page.content.decode()  # still masked


@pytest.mark.django_db
def test_the_integration_admin_refuses_exchange_changes_without_a_schema(staff_client):
    integration = make_integration()
    url = reverse("admin:integrations_integration_change", args=[integration.pk])
    form_page = staff_client.get(url)
    refused = staff_client.post(url, integration_admin_data(form_page, direction="to_snovio"))
    unrelated = staff_client.post(url, integration_admin_data(form_page, transfer_offer="skipped"))
    integration.refresh_from_db()
    assert refused.context["adminform"].form.non_field_errors() == [REFRESH_FIRST]
    assert unrelated.status_code == 302
    assert (integration.direction, integration.transfer_offer) == ("both", "skipped")


@pytest.mark.django_db
def test_mappings_and_constants_are_listed_searchable_by_owner_email_and_filtered_by_app(
    staff_client, integration
):
    other = make_integration(make_user("someone@example.org"))
    FieldMapping.objects.create(
        integration=integration, snovio_field="custom:A", pipedrive_field="x"
    )
    FieldMapping.objects.create(integration=other, snovio_field="custom:B", pipedrive_field="y")
    Constant.objects.create(integration=integration, app="snovio", field="custom:C", value="v1")
    Constant.objects.create(integration=integration, app="pipedrive", field="z", value="v2")
    mappings = staff_client.get(
        reverse("admin:syncengine_fieldmapping_changelist"), {"q": "owner@example.org"}
    )
    constants = staff_client.get(
        reverse("admin:syncengine_constant_changelist"), {"app": "snovio"}
    )
    assert [m.snovio_field for m in mappings.context["cl"].result_list] == ["custom:A"]
    assert [c.value for c in constants.context["cl"].result_list] == ["v1"]


@pytest.mark.django_db
def test_a_non_staff_user_cannot_reach_the_settings_admin(owner_client, integration):
    for url in (
        reverse("admin:syncengine_fieldmapping_changelist"),
        f"{MAPPING_ADD}?integration={integration.pk}",
        reverse("admin:integrations_integration_change", args=[integration.pk]),
    ):
        response = owner_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    owner_client.post(
        f"{MAPPING_ADD}?integration={integration.pk}",
        {"snovio_field": "custom:A", "pipedrive_field": "x"},
    )
    assert not FieldMapping.objects.exists()
    assert Integration.objects.get().direction == "both"
