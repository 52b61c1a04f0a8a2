"""Every refusal a person can meet is a page in the product's layout, with a sentence and a way
back. Django renders 400.html, 403.html, 404.html and 500.html for the errors it handles; a
view that answers a refusal itself gets no page: `require_POST` answers an empty 405 (a page
reached by a button, reloaded), `HttpResponseBadRequest("…")` a bare sentence. This middleware
shows those in the layout, the sentence kept. JSON and other machine answers are left alone."""

import inspect

from django.shortcuts import render
from django.urls import Resolver404, resolve

PAGES = {400: "400.html", 403: "403.html", 404: "404.html", 405: "405.html"}


class RefusalPages:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_bare_refusal(response):
            return refusal_page(request, response)
        return response


def is_bare_refusal(response) -> bool:
    if response.status_code not in PAGES or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    return b"<html" not in response.content[:1000].lower()


def refusal_page(request, refused):
    detail = refused.content.decode(refused.charset or "utf-8", "replace").strip()
    context = {"detail": detail[:300], "back_url": way_back(request.path)}
    page = render(request, PAGES[refused.status_code], context, status=refused.status_code)
    if refused.has_header("Allow"):
        page["Allow"] = refused["Allow"]
    return page


def way_back(path: str) -> str:
    """The nearest page above `path` that opens by GET (/i/…/transfer/start/ → /i/…/transfer/),
    else the home page."""
    parts = path.strip("/").split("/")
    for end in range(len(parts) - 1, 0, -1):
        candidate = "/" + "/".join(parts[:end]) + "/"
        if opens_by_get(candidate):
            return candidate
    return "/"


def opens_by_get(path: str) -> bool:
    try:
        view = resolve(path).func
    except Resolver404:
        return False
    return "GET" in allowed_methods(view)


def allowed_methods(view) -> tuple[str, ...]:
    """The methods a `require_http_methods` decorator lets through; every method otherwise."""
    for function in (view, getattr(view, "__wrapped__", None)):
        if function is None:
            continue
        methods = inspect.getclosurevars(function).nonlocals.get("request_method_list")
        if methods is not None:
            return tuple(methods)
    return ("GET", "POST")
