"""Export and import of the settings as a file (B11), through the pages, against the sandboxes."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from integrations.models import RemoteSchema
from syncengine.models import Constant, FieldMapping
from syncengine.schema_refresh import load_schema
from syncengine.settings_io import MAX_FILE_BYTES
from tests.factories import make_integration, make_user


@pytest.fixture
def ready(connected_integration):
    return connected_integration


@pytest.fixture
def configured(ready):
    """One mapping and one constant on top of the chosen list and owner."""
    schema = load_schema(ready)
    left = next(f for f in schema.snovio_fields if not f.builtin and f.type == "string")
    right = next(f for f in schema.pipedrive_fields if f.is_custom and f.field_type == "varchar")
    FieldMapping.objects.create(
        integration=ready, snovio_field=left.key, pipedrive_field=right.key
    )
    Constant.objects.create(integration=ready, app="pipedrive", field=right.key, value="Snov.io")
    return ready


def url(name, integration):
    return reverse(name, args=[integration.uuid])


def upload(client, integration, data: bytes, name="settings.json"):
    file = SimpleUploadedFile(name, data, content_type="application/json")
    return client.post(url("integrations-settings-import", integration), {"file": file})


def settings_of(integration):
    integration.refresh_from_db()
    return (
        integration.direction,
        integration.target_list_id,
        integration.owner_user_id,
        list(integration.mappings.values_list("snovio_field", "pipedrive_field")),
        list(integration.constants.values_list("app", "field", "value")),
    )


@pytest.mark.django_db
def test_export_downloads_a_dated_json_attachment_that_names_things(owner_client, configured):
    response = owner_client.get(url("integrations-settings-export", configured))
    schema = load_schema(configured)
    document = json.loads(response.content)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == (
        f'attachment; filename="settings-{timezone.localdate():%Y-%m-%d}.json"'
    )
    assert (document["format"], document["version"]) == ("snovio-pipedrive-settings", 1)
    assert document["exchange"]["target_list"] == schema.snovio_lists[0].name
    mapped = schema.pipedrive_field(configured.mappings.get().pipedrive_field)
    assert document["mappings"][0]["pipedrive_field"] == mapped.name


@pytest.mark.django_db
def test_export_without_a_loaded_schema_sends_back_to_press_refresh(owner_client, integration):
    response = owner_client.get(url("integrations-settings-export", integration), follow=True)
    assert response.redirect_chain[-1][0] == url("integrations-settings", integration)
    assert "Press Refresh first" in response.content.decode()


@pytest.mark.django_db
def test_uploading_an_exported_file_restores_the_settings_and_shows_the_report(
    owner_client, configured
):
    exported = owner_client.get(url("integrations-settings-export", configured)).content
    before = settings_of(configured)
    configured.mappings.all().delete()
    configured.constants.all().delete()
    configured.target_list_id = ""
    configured.save()
    response = upload(owner_client, configured, exported)
    page = response.content.decode()
    assert response.status_code == 200
    assert settings_of(configured) == before
    assert 'data-testid="import-imported"' in page
    assert 'data-testid="import-unmatched"' not in page
    assert f'href="{url("integrations-settings", configured)}"' in page


@pytest.mark.django_db
def test_the_report_lists_what_could_not_be_matched(owner_client, configured):
    exported = owner_client.get(url("integrations-settings-export", configured))
    document = json.loads(exported.content)
    document["mappings"][0]["pipedrive_field"] = "Sector that does not exist"
    response = upload(owner_client, configured, json.dumps(document).encode())
    assert response.status_code == 200
    assert "Pipedrive field “Sector that does not exist” not found" in response.content.decode()
    assert not configured.mappings.exists()


def exported_with(**changes) -> bytes:
    base = {
        "format": "snovio-pipedrive-settings",
        "version": 1,
        "exported_at": "2024-05-01T10:00:00+00:00",
        "direction": "both",
        "exchange": {
            "target_list": None,
            "owner": None,
            "all_lists": True,
            "source_lists": [],
            "include_email_history": False,
            "only_with_email": True,
        },
        "mappings": [],
        "constants": [],
        "automations": [],
    }
    return json.dumps({**base, **changes}).encode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not json", "The file is not valid JSON."),
        (exported_with(format="something-else"), "This is not a settings file"),
        (exported_with(version=2), "version 2 is not supported"),
        (exported_with(mappings="all of them"), "“mappings” is missing or has the wrong type."),
        (b" " * (MAX_FILE_BYTES + 1), "larger than 1 MB"),
    ],
    ids=["not-json", "wrong-format", "wrong-version", "wrong-types", "too-large"],
)
def test_a_malformed_file_is_refused_and_changes_nothing(owner_client, configured, data, message):
    before = settings_of(configured)
    response = upload(owner_client, configured, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert settings_of(configured) == before


@pytest.mark.django_db
def test_a_valid_empty_file_is_accepted(owner_client, configured):
    response = upload(owner_client, configured, exported_with())
    assert response.status_code == 200
    assert not configured.mappings.exists()


@pytest.mark.django_db
def test_posting_without_a_file_is_refused(owner_client, configured):
    response = owner_client.post(url("integrations-settings-import", configured))
    assert response.status_code == 400
    assert configured.mappings.exists()


@pytest.mark.django_db
def test_import_without_a_loaded_schema_is_refused_and_changes_nothing(owner_client, integration):
    FieldMapping.objects.create(integration=integration, snovio_field="a", pipedrive_field="b")
    RemoteSchema.objects.filter(integration=integration).delete()
    response = upload(owner_client, integration, exported_with(direction="to_snovio"))
    integration.refresh_from_db()
    assert response.status_code == 400
    assert "Press Refresh first" in response.content.decode()
    assert integration.direction == "both"
    assert integration.mappings.exists()


@pytest.mark.django_db
def test_another_accounts_settings_cannot_be_exported_or_imported(owner_client, configured):
    foreign = make_integration(make_user("stranger@example.org"))
    RemoteSchema.objects.create(integration=foreign, data={}, refreshed_at=timezone.now())
    assert owner_client.get(url("integrations-settings-export", foreign)).status_code == 404
    assert upload(owner_client, foreign, exported_with(direction="to_snovio")).status_code == 404
    foreign.refresh_from_db()
    assert foreign.direction == "both"


@pytest.mark.django_db
def test_the_settings_page_offers_export_and_a_labelled_upload_before_launch(
    owner_client, configured
):
    page = owner_client.get(url("integrations-settings", configured)).content.decode()
    assert url("integrations-settings-export", configured) in page
    assert '<label for="settings-file-input">' in page
    assert 'enctype="multipart/form-data"' in page
    assert page.index('id="settings-file"') < page.index('id="launch"')
