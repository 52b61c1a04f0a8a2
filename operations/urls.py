from django.urls import path

from operations import health, metrics, views

urlpatterns = [
    path("healthz", health.healthz, name="operations-healthz"),
    path("readyz", health.readyz, name="operations-readyz"),
    path("metrics", metrics.metrics, name="operations-metrics"),
    path("notifications/", views.preferences, name="operations-preferences"),
    path(
        "notifications/unsubscribe/<str:token>/",
        views.unsubscribe_link,
        name="operations-unsubscribe",
    ),
]
