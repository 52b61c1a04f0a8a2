from django.urls import path

from syncengine import transfer_views as t

urlpatterns = [
    path("i/<uuid:uuid>/transfer/", t.transfer, name="syncengine-transfer"),
    path(
        "i/<uuid:uuid>/transfer/preview/", t.transfer_preview, name="syncengine-transfer-preview"
    ),
    path("i/<uuid:uuid>/transfer/start/", t.transfer_start, name="syncengine-transfer-start"),
    path("i/<uuid:uuid>/transfer/<int:job_id>/", t.transfer_job, name="syncengine-transfer-job"),
    path(
        "i/<uuid:uuid>/transfer/<int:job_id>/cancel/",
        t.transfer_cancel,
        name="syncengine-transfer-cancel",
    ),
    path(
        "i/<uuid:uuid>/transfer/<int:job_id>/retry/",
        t.transfer_retry,
        name="syncengine-transfer-retry",
    ),
]
