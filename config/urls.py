from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path


@login_not_required
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


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
