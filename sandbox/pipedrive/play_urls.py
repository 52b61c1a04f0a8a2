from django.urls import path

from .views import play_admin as admin
from .views import play_persons as persons

urlpatterns = [
    path("", admin.overview, name="sandbox-pipedrive-play"),
    path("company/", admin.choose_company, name="sandbox-pipedrive-play-company"),
    path("seed/", admin.seed, name="sandbox-pipedrive-play-seed"),
    path("unpaid/", admin.toggle_unpaid, name="sandbox-pipedrive-play-unpaid"),
    path("persons/", persons.person_list, name="sandbox-pipedrive-play-persons"),
    path("persons/new/", persons.person_create, name="sandbox-pipedrive-play-person-new"),
    path("persons/merge/", persons.person_merge, name="sandbox-pipedrive-play-merge"),
    path("persons/<int:person_id>/", persons.person_edit, name="sandbox-pipedrive-play-person"),
    path(
        "persons/<int:person_id>/delete/",
        persons.person_delete,
        name="sandbox-pipedrive-play-person-delete",
    ),
    path("pipelines/", admin.pipelines, name="sandbox-pipedrive-play-pipelines"),
    path("fields/", admin.person_fields, name="sandbox-pipedrive-play-fields"),
    path(
        "fields/<int:field_id>/delete/",
        admin.person_field_delete,
        name="sandbox-pipedrive-play-field-delete",
    ),
    path("users/", admin.users, name="sandbox-pipedrive-play-users"),
    path("users/<int:user_id>/", admin.user_detail, name="sandbox-pipedrive-play-user"),
    path(
        "users/<int:user_id>/uninstall/",
        admin.user_uninstall,
        name="sandbox-pipedrive-play-user-uninstall",
    ),
    path("deals/", admin.deals, name="sandbox-pipedrive-play-deals"),
    path("activities/", admin.activities, name="sandbox-pipedrive-play-activities"),
    path("webhooks/", admin.webhooks, name="sandbox-pipedrive-play-webhooks"),
    path("limits/", admin.limits, name="sandbox-pipedrive-play-limits"),
]
