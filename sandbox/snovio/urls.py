from django.urls import path, re_path

from sandbox.snovio.api import not_found
from sandbox.snovio.views import api_v1, api_v2, play, play_data

v1 = [
    path("v1/oauth/access_token", api_v1.access_token, name="sandbox-snovio-token"),
    path("v1/get-balance", api_v1.get_balance, name="sandbox-snovio-balance"),
    path("v1/get-user-lists", api_v1.get_user_lists, name="sandbox-snovio-lists"),
    path("v1/lists", api_v1.create_prospect_list, name="sandbox-snovio-list-create"),
    path("v1/prospect-list", api_v1.prospect_list, name="sandbox-snovio-prospect-list"),
    path("v1/add-prospect-to-list", api_v1.add_prospect, name="sandbox-snovio-prospect-add"),
    path("v1/get-prospect-by-id", api_v1.get_prospect_by_id, name="sandbox-snovio-prospect-get"),
    path(
        "v1/get-prospects-by-email",
        api_v1.get_prospects_by_email,
        name="sandbox-snovio-prospect-find",
    ),
    path(
        "v1/prospect-custom-fields",
        api_v1.prospect_custom_fields,
        name="sandbox-snovio-custom-fields",
    ),
    path("v1/get-user-campaigns", api_v1.get_user_campaigns, name="sandbox-snovio-campaigns"),
]
v2 = [
    path("v2/webhooks", api_v2.webhooks, name="sandbox-snovio-webhooks"),
    path("v2/webhooks/<int:webhook_id>", api_v2.webhook, name="sandbox-snovio-webhook"),
]
play_pages = [
    path("play/", play.account, name="sandbox-snovio-play"),
    path("play/rate-limit/", play.rate_limit, name="sandbox-snovio-play-rate-limit"),
    path("play/faults/", play.faults, name="sandbox-snovio-play-faults"),
    path(
        "play/documented-only/",
        play.documented_only,
        name="sandbox-snovio-play-documented-only",
    ),
    path("play/lists/", play_data.lists, name="sandbox-snovio-play-lists"),
    path("play/lists/<int:list_id>/", play_data.list_detail, name="sandbox-snovio-play-list"),
    path(
        "play/prospects/new/", play_data.prospect_create, name="sandbox-snovio-play-prospect-new"
    ),
    path("play/prospects/<int:pk>/", play_data.prospect_edit, name="sandbox-snovio-play-prospect"),
    path(
        "play/prospects/<int:pk>/event/",
        play_data.prospect_event,
        name="sandbox-snovio-play-prospect-event",
    ),
    path("play/custom-fields/", play_data.custom_fields, name="sandbox-snovio-play-fields"),
    path("play/campaigns/", play_data.campaigns, name="sandbox-snovio-play-campaigns"),
    path("play/webhooks/", play.webhooks, name="sandbox-snovio-play-webhooks"),
    path(
        "play/webhooks/deliver/",
        play.deliver_now,
        name="sandbox-snovio-play-webhooks-deliver",
    ),
]

urlpatterns = v1 + v2 + play_pages + [re_path(r"^.*$", not_found)]
