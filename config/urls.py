from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

# The admin signs in through allauth's login form, so one set of rate limits guards every login.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("operations.urls")),  # /healthz, /readyz, /metrics, email preferences
    path("", include("integrations.urls")),
]

if settings.SANDBOX:
    urlpatterns += [
        path("sandbox/pipedrive/", include("sandbox.pipedrive.urls")),
        path("sandbox/snovio/", include("sandbox.snovio.urls")),
        path("sandbox/outbox/", include("sandbox.demo.urls")),
    ]
