from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.urls import Resolver404, resolve

from config.db import skip_health_check

# Paths that authenticate on their own terms: incoming webhooks (per-integration secrets).
PUBLIC_PREFIXES = ("/webhooks/", "/static/", "/healthz")
# The emulated outside apps' API and OAuth endpoints stand in for the vendors: their own tokens
# and their own sign-in. The emulators' play pages are ours and need our login (B14).
SANDBOX_PUBLIC_PREFIXES = (
    "/sandbox/pipedrive/oauth/",
    "/sandbox/pipedrive/api/",
    "/sandbox/pipedrive/v1/",
    "/sandbox/snovio/v1/",
    "/sandbox/snovio/v2/",
)


def public_prefixes() -> tuple[str, ...]:
    return PUBLIC_PREFIXES + (SANDBOX_PUBLIC_PREFIXES if settings.SANDBOX else ())


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login unless marked `login_not_required` or under a public prefix."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.public_prefixes = public_prefixes()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.public_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def get_login_url(self, view_func):
        return settings.LOGIN_URL


WEBHOOK_URLCONF = "integrations.webhook_urls"


class WebhookFastPath:
    """Webhook deliveries skip what only people's pages need (sessions, users, CSRF,
    messages, allauth, htmx, the login rule, the refusal pages): they authenticate on their own
    terms and answer JSON. Placed right after the security middleware, it calls the webhook
    view itself; every other path goes down the whole chain (docs/benchmarks.md). The
    receivers reconnect on their own if the server closed the connection, so they skip
    Django's per-request `SELECT 1` too (config.db)."""

    prefix = "/webhooks/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(self.prefix):
            return self.get_response(request)
        try:
            match = resolve(request.path_info, urlconf=WEBHOOK_URLCONF)
        except Resolver404:  # not a receiver's URL: the site's 404, like any other page
            return self.get_response(request)
        skip_health_check()
        return match.func(request, *match.args, **match.kwargs)
