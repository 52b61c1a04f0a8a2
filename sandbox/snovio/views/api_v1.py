"""Snov.io API v1 methods (https://snov.io/api): RPC-style, camelCase, bare arrays."""

from django.db.models import Count

from sandbox.snovio import auth, render
from sandbox.snovio.api import api_endpoint
from sandbox.snovio.models import AccessToken, Prospect
from sandbox.snovio.params import as_bool, as_int, as_text
from sandbox.snovio.services import (
    SandboxValidationError,
    add_prospect_to_list,
    create_list,
    prospect_data_from_params,
)

MAX_PER_PAGE = 5000
DEFAULT_PER_PAGE = 100


def _token_error(code: str, description: str, status: int):
    return render.json_response({"error": code, "error_description": description}, status)


@api_endpoint("POST", authenticated=False)
def access_token(request, params):
    if as_text(params.get("grant_type")) != "client_credentials":
        return _token_error(
            "unsupported_grant_type", "The grant_type must be client_credentials", 400
        )
    client_id = as_text(params.get("client_id"))
    client_secret = as_text(params.get("client_secret"))
    if not client_id or not client_secret:
        return _token_error("invalid_request", "client_id and client_secret are required", 400)
    account = auth.account_for_credentials(client_id, client_secret)
    if account is None:
        return _token_error(
            "invalid_client", "Client authentication failed: wrong API User ID or API Secret", 401
        )
    token = auth.issue_token(account)
    return render.json_response(
        {
            "access_token": token.token,
            "token_type": "Bearer",
            "expires_in": AccessToken.LIFETIME_SECONDS,
        }
    )


@api_endpoint("GET")
def get_balance(request, account, params):
    data = {
        "balance": f"{account.balance:.2f}",
        "teamwork": account.teamwork,
        "unique_recipients_used": 0,
        "limit_resets_in": 29,
        "expires_in": 359,
    }
    return render.json_response({"success": True, "data": data})


@api_endpoint("GET")
def get_user_lists(request, account, params):
    lists = account.lists.annotate(contacts=Count("memberships")).order_by("pk")
    return render.json_response([render.prospect_list_summary(lst, lst.contacts) for lst in lists])


@api_endpoint("POST")
def create_prospect_list(request, account, params):
    try:
        created = create_list(account, as_text(params.get("name")))
    except SandboxValidationError as exc:
        return render.failure(exc.errors)
    return render.json_response([{"success": True, "data": {"id": created.pk}}])


def _live_list(account, params):
    list_id = as_int(params.get("listId"))
    if list_id is None:
        return None
    return account.lists.filter(pk=list_id, is_deleted=False).first()


@api_endpoint("POST")
def prospect_list(request, account, params):
    if as_int(params.get("listId")) is None:
        return render.failure({"listId": "listId is required"})
    found = _live_list(account, params)
    if found is None:
        return render.not_found()
    page = max(as_int(params.get("page"), 1), 1)
    per_page = min(max(as_int(params.get("perPage"), DEFAULT_PER_PAGE), 1), MAX_PER_PAGE)
    memberships = found.memberships.order_by("pk")
    start = (page - 1) * per_page
    ids = list(memberships.values_list("prospect_id", flat=True)[start : start + per_page])
    by_id = Prospect.objects.prefetch_related("lists").in_bulk(ids)
    summary = render.prospect_list_summary(found, memberships.count())
    body = {
        "success": True,
        "list": {
            "name": summary["name"],
            "contacts": summary["contacts"],
            "creationDate": summary["creationDate"],
            "emailsCount": [],
        },
        "prospects": [
            render.prospect_in_list(by_id[pk], documented=account.documented_only) for pk in ids
        ],
    }
    return render.json_response(body)


@api_endpoint("POST")
def add_prospect(request, account, params):
    if as_int(params.get("listId")) is None:
        return render.failure({"listId": "listId is required"})
    target = _live_list(account, params)
    if target is None:
        return render.not_found()
    try:
        result = add_prospect_to_list(
            account=account,
            prospect_list=target,
            data=prospect_data_from_params(params),
            update_contact=as_bool(params.get("updateContact", False)),
            create_duplicates=as_bool(params.get("createDuplicates", False)),
        )
    except SandboxValidationError as exc:
        # Snov.io reports a refused add in the body of a normal answer.
        return render.json_response({"success": False, "errors": exc.errors})
    body = {
        "success": True,
        "id": result.prospect.uid,
        "added": result.added,
        "updated": result.updated,
    }
    return render.json_response(body)


@api_endpoint("POST")
def get_prospect_by_id(request, account, params):
    uid = as_text(params.get("id"))
    if not uid:
        return render.failure({"id": "id is required"})
    prospect = account.prospects.filter(uid=uid).first()
    if prospect is None:
        return render.not_found()
    detail = render.prospect_detail(prospect, documented=account.documented_only)
    return render.json_response({"success": True, "data": detail})


@api_endpoint("POST")
def get_prospects_by_email(request, account, params):
    email = as_text(params.get("email"))
    if not email:
        return render.failure({"email": "email is required"})
    found = account.prospects.filter(email__iexact=email).prefetch_related("lists")
    data = [render.prospect_detail(p, documented=account.documented_only) for p in found]
    return render.json_response({"success": True, "data": data})


@api_endpoint("GET")
def prospect_custom_fields(request, account, params):
    return render.json_response([render.custom_field(f) for f in account.custom_fields.all()])


@api_endpoint("GET")
def get_user_campaigns(request, account, params):
    return render.json_response([render.campaign(c) for c in account.campaigns.all()])
