from django.urls import include, path

from integrations import settings_io_views as io
from integrations import settings_views as s
from integrations import views
from integrations import webhooks as hooks

urlpatterns = [
    path("", views.home, name="integrations-home"),
    path("i/<uuid:uuid>/", views.detail, name="integrations-detail"),
    path(
        "i/<uuid:uuid>/snovio/connect/", views.snovio_connect, name="integrations-snovio-connect"
    ),
    path(
        "i/<uuid:uuid>/snovio/disconnect/",
        views.snovio_disconnect,
        name="integrations-snovio-disconnect",
    ),
    path(
        "i/<uuid:uuid>/pipedrive/connect/",
        views.pipedrive_connect,
        name="integrations-pipedrive-connect",
    ),
    path(
        "i/<uuid:uuid>/pipedrive/disconnect/",
        views.pipedrive_disconnect,
        name="integrations-pipedrive-disconnect",
    ),
    path(
        "i/<uuid:uuid>/pipedrive/check/",
        views.pipedrive_check,
        name="integrations-pipedrive-check",
    ),
    path(
        "integration/pipedrive/callback/",
        hooks.pipedrive_app_callback,  # also Pipedrive's uninstall notice (DELETE)
        name="integrations-pipedrive-callback",
    ),
    path("i/<uuid:uuid>/settings/", s.settings, name="integrations-settings"),
    path("i/<uuid:uuid>/settings/refresh/", s.refresh, name="integrations-settings-refresh"),
    path(
        "i/<uuid:uuid>/settings/schema/",
        s.schema_progress,
        name="integrations-settings-schema",
    ),
    path("i/<uuid:uuid>/settings/launch/", s.launch, name="integrations-settings-launch"),
    path("i/<uuid:uuid>/settings/pause/", s.pause, name="integrations-settings-pause"),
    path("i/<uuid:uuid>/settings/resume/", s.resume, name="integrations-settings-resume"),
    path("i/<uuid:uuid>/settings/mappings/", s.mapping_add, name="integrations-mapping-add"),
    path(
        "i/<uuid:uuid>/settings/mappings/<int:mapping_id>/delete/",
        s.mapping_delete,
        name="integrations-mapping-delete",
    ),
    path(
        "i/<uuid:uuid>/settings/constants/<str:app>/",
        s.constant_add,
        name="integrations-constant-add",
    ),
    path(
        "i/<uuid:uuid>/settings/constants/<int:constant_id>/delete/",
        s.constant_delete,
        name="integrations-constant-delete",
    ),
    path(
        "i/<uuid:uuid>/settings/transfer-offer/",
        s.transfer_offer,
        name="integrations-transfer-offer",
    ),
    path(
        "i/<uuid:uuid>/settings/export/",
        io.settings_export,
        name="integrations-settings-export",
    ),
    path(
        "i/<uuid:uuid>/settings/import/",
        io.settings_import,
        name="integrations-settings-import",
    ),
    path("", include("integrations.webhook_urls")),
    path("", include("automations.urls")),
    path("", include("syncengine.log_urls")),
    path("", include("syncengine.urls")),
]
