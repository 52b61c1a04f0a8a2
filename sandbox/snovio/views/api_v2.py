"""Snov.io API v2 webhooks (https://snov.io/api#webhooks): `endpoint_url` in, `end_point`
out, and the list wraps each item in its own `data`."""

from sandbox.snovio import render
from sandbox.snovio.api import api_endpoint
from sandbox.snovio.params import as_text
from sandbox.snovio.services import SandboxValidationError
from sandbox.snovio.webhooks import create_webhook, set_webhook_status


def _invalid(exc: SandboxValidationError):
    return render.failure(exc.errors, 422)


@api_endpoint("GET", "POST")
def webhooks(request, account, params):
    if request.method == "POST":
        return _create(account, params)
    items = list(account.webhooks.all())
    return render.json_response(
        {
            "data": [{"data": render.webhook(item)} for item in items],
            "meta": {"webhooks_count": len(items), "user_id": account.user_id},
        }
    )


def _create(account, params):
    try:
        item = create_webhook(
            account,
            event_object=as_text(params.get("event_object")),
            event_action=as_text(params.get("event_action")),
            endpoint_url=as_text(params.get("endpoint_url")),
        )
    except SandboxValidationError as exc:
        return _invalid(exc)
    body = {"data": render.webhook(item), "meta": {"user_id": account.user_id}}
    return render.json_response(body, 201)


@api_endpoint("PUT", "DELETE")
def webhook(request, account, params, webhook_id: int):
    item = account.webhooks.filter(pk=webhook_id).first()
    if item is None:
        return render.not_found()
    if request.method == "DELETE":
        item.delete()
        return render.json_response({"data": {"success": True}})
    try:
        set_webhook_status(item, as_text(params.get("status")))
    except SandboxValidationError as exc:
        return _invalid(exc)
    return render.json_response(
        {"data": render.webhook(item), "meta": {"user_id": account.user_id}}
    )
