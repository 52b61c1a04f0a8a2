from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import language

# The admin signs in through allauth's login form, so one set of rate limits guards every login.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    # The language switcher of every page, the login page's included (config/language.py).
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("", include("operations.urls")),  # /healthz, /readyz, /metrics, email preferences
    path("", include("integrations.urls")),
]

if settings.SANDBOX:
    urlpatterns += [
        path("sandbox/pipedrive/", include("sandbox.pipedrive.urls")),
        path("sandbox/snovio/", include("sandbox.snovio.urls")),
        path("sandbox/outbox/", include("sandbox.demo.urls")),
    ]
