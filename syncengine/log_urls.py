from django.urls import path

from syncengine import log_views

urlpatterns = [
    path("i/<uuid:uuid>/log/", log_views.log, name="syncengine-log"),
    path("i/<uuid:uuid>/log/retry/", log_views.retry_all, name="syncengine-log-retry-all"),
    path(
        "i/<uuid:uuid>/log/<int:entry_id>/retry/",
        log_views.retry_one,
        name="syncengine-log-retry",
    ),
]
