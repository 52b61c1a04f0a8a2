from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


# The admin signs in through allauth's login form, so one set of rate limits guards every login.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("healthz", healthz),
    path("", include("integrations.urls")),
]

if settings.SANDBOX:
    urlpatterns += [
        path("sandbox/pipedrive/", include("sandbox.pipedrive.urls")),
        path("sandbox/snovio/", include("sandbox.snovio.urls")),
    ]
