from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired

# Paths that authenticate on their own terms: the emulated outside apps (their own tokens
# and logins) and incoming webhooks (per-integration secrets).
PUBLIC_PREFIXES = ("/sandbox/", "/webhooks/", "/static/", "/healthz")


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login unless marked `login_not_required` or under PUBLIC_PREFIXES."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(PUBLIC_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def get_login_url(self, view_func):
        return settings.LOGIN_URL
