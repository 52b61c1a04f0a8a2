from django.urls import path

from integrations import views

urlpatterns = [
    path("", views.home, name="integrations-home"),
    path("i/<uuid:uuid>/", views.detail, name="integrations-detail"),
    path("i/<uuid:uuid>/snovio/connect/", views.snovio_connect, name="integrations-snovio-connect"),
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
    path("i/<uuid:uuid>/pipedrive/check/", views.pipedrive_check, name="integrations-pipedrive-check"),
    path(
        "integration/pipedrive/callback/",
        views.pipedrive_callback,
        name="integrations-pipedrive-callback",
    ),
]
