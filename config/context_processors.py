from django.conf import settings


def site(request):
    return {
        "SANDBOX": settings.SANDBOX,
        # Shown on the login page while the demo's sandboxes are on (never in production).
        "DEMO_LOGIN": settings.DEMO_LOGIN if settings.SANDBOX else None,
        # The emulators' pages stand in for the vendors' apps and stay English (base.html).
        "ENGLISH_ONLY": request.path.startswith("/sandbox/"),
    }
