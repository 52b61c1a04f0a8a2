from django.urls import include, path, re_path

from .api import not_found, route
from .views import api_v1, api_v2, api_v2_sales, oauth

oauth_patterns = [
    path("oauth/authorize", oauth.authorize, name="sandbox-pipedrive-authorize"),
    path("oauth/token", oauth.token, name="sandbox-pipedrive-token"),
    path("oauth/token/", oauth.token),
    path("oauth/revoke", oauth.revoke, name="sandbox-pipedrive-revoke"),
]

v2 = api_v2
sales = api_v2_sales
v2_patterns = [
    path("persons", route(GET=(v2.list_persons, 10), POST=(v2.create_person, 5))),
    path("persons/search", route(search=True, GET=(v2.search_persons, 20))),
    path(
        "persons/<int:person_id>",
        route(GET=(v2.get_person, 1), PATCH=(v2.patch_person, 5), DELETE=(v2.delete_person, 3)),
    ),
    path(
        "organizations",
        route(GET=(v2.list_organizations, 10), POST=(v2.create_organization, 5)),
    ),
    path("organizations/search", route(search=True, GET=(v2.search_organizations, 20))),
    path("organizations/<int:org_id>", route(GET=(v2.get_organization, 1))),
    path("deals", route(GET=(sales.list_deals, 10), POST=(sales.create_deal, 5))),
    path("deals/<int:deal_id>", route(GET=(sales.get_deal, 1), PATCH=(sales.patch_deal, 5))),
    path(
        "activities",
        route(GET=(sales.list_activities, 10), POST=(sales.create_activity, 5)),
    ),
    path(
        "activities/<int:activity_id>",
        route(GET=(sales.get_activity, 1), PATCH=(sales.patch_activity, 5)),
    ),
    path("pipelines", route(GET=(sales.list_pipelines, 5))),
    path("stages", route(GET=(sales.list_stages, 5))),
    path(
        "personFields",
        route(GET=(sales.list_person_fields, 10), POST=(sales.create_person_field, 5)),
    ),
]

v1_patterns = [
    path("users", route(GET=(api_v1.list_users, 20))),
    path("users/me", route(GET=(api_v1.get_me, 2))),
    path("activityTypes", route(GET=(api_v1.list_activity_types, 20))),
    path(
        "personFields",
        route(GET=(api_v1.list_person_fields, 20), POST=(api_v1.create_person_field, 10)),
    ),
    path("notes", route(GET=(api_v1.list_notes, 20), POST=(api_v1.create_note, 10))),
    path("webhooks", route(GET=(api_v1.list_webhooks, 10), POST=(api_v1.create_webhook, 10))),
    path("webhooks/<int:webhook_id>", route(DELETE=(api_v1.delete_webhook, 6))),
]

urlpatterns = [
    *oauth_patterns,
    path("api/v2/", include(v2_patterns)),
    path("api/v1/", include(v1_patterns)),
    path("v1/", include(v1_patterns)),
    path("play/", include("sandbox.pipedrive.play_urls")),
    # Unknown API paths answer JSON as Pipedrive does (play pages keep the site's own 404).
    re_path(r"^(?:api/v[12]|v1|oauth)/", not_found),
]
