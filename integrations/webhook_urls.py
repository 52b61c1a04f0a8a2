"""The two webhook receivers' URLs: included in the site's URLs (integrations/urls.py) and
resolved on their own by config.middleware.WebhookFastPath, so a delivery is not matched
against every page's pattern first."""

from django.urls import path

from integrations import webhooks as hooks

urlpatterns = [
    path(
        "webhooks/pipedrive/<uuid:uuid>/",
        hooks.pipedrive_webhook,
        name="integrations-pipedrive-webhook",
    ),
    path("webhooks/snovio/<str:token>/", hooks.snovio_webhook, name="integrations-snovio-webhook"),
]
